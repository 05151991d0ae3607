"""Standard race distances, by the names runners use for them.

Named race distances appear in workouts ("6x(400m @5k, 90s jog)") and as fitness inputs
("--race 5k=22:30"). Distances are the official ones [m]; the half marathon and marathon are
21.0975 km and 42.195 km (World Athletics).
"""

from __future__ import annotations

from enum import Enum

from speedplay.units import METRES_PER_MILE


class Race(Enum):
    """A standard race distance. ``value`` is the canonical name, ``metres`` the distance [m]."""

    M800 = ("800m", 800.0)
    M1500 = ("1500m", 1500.0)
    MILE = ("mile", METRES_PER_MILE)
    K3 = ("3k", 3000.0)
    MI2 = ("2mi", 2 * METRES_PER_MILE)
    K5 = ("5k", 5000.0)
    K8 = ("8k", 8000.0)
    K10 = ("10k", 10000.0)
    K15 = ("15k", 15000.0)
    MI10 = ("10mi", 10 * METRES_PER_MILE)
    HALF = ("half", 21097.5)
    MARATHON = ("marathon", 42195.0)

    def __init__(self, label: str, metres: float) -> None:
        self.label = label
        self.metres = metres

    @classmethod
    def from_name(cls, name: str) -> Race | None:
        """The race a name or common alias denotes (``"5K"``, ``"1mi"``, ``"hm"``), else None."""
        return _ALIASES.get(name.strip().lower())


_ALIASES: dict[str, Race] = {race.label: race for race in Race}
_ALIASES.update(
    {
        "800": Race.M800,
        "1500": Race.M1500,
        "1mi": Race.MILE,
        "1mile": Race.MILE,
        "3000": Race.K3,
        "3000m": Race.K3,
        "3km": Race.K3,
        "2mile": Race.MI2,
        "5km": Race.K5,
        "5000": Race.K5,
        "5000m": Race.K5,
        "8km": Race.K8,
        "10km": Race.K10,
        "10000": Race.K10,
        "10000m": Race.K10,
        "15km": Race.K15,
        "10mile": Race.MI10,
        "hm": Race.HALF,
        "half-marathon": Race.HALF,
        "halfmarathon": Race.HALF,
        "mar": Race.MARATHON,
    }
)
