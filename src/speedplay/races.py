"""Standard race distances, by the names runners use for them.

Named race distances appear in workouts ("6x(400m @5k, 90s jog)") and as fitness inputs
("--race 5k=22:30"). Distances are the official ones [m]; the half marathon and marathon are
21.0975 km and 42.195 km (World Athletics).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from speedplay.errors import InvalidValueError
from speedplay.units import METRES_PER_KM, METRES_PER_MILE, format_clock, parse_clock


class Race(Enum):
    """A standard race distance: ``label`` in workout text (``@1500m``), ``key`` in JSON and on
    the command line (``1500``), ``metres`` the distance [m]."""

    M800 = ("800m", "800", 800.0)
    M1500 = ("1500m", "1500", 1500.0)
    MILE = ("mile", "mile", METRES_PER_MILE)
    K3 = ("3k", "3k", 3000.0)
    MI2 = ("2mi", "2mi", 2 * METRES_PER_MILE)
    K5 = ("5k", "5k", 5000.0)
    K8 = ("8k", "8k", 8000.0)
    K10 = ("10k", "10k", 10000.0)
    K15 = ("15k", "15k", 15000.0)
    MI10 = ("10mi", "10mi", 10 * METRES_PER_MILE)
    HALF = ("half", "half", 21097.5)
    MARATHON = ("marathon", "marathon", 42195.0)

    def __init__(self, label: str, key: str, metres: float) -> None:
        self.label = label
        self.key = key
        self.metres = metres

    @classmethod
    def from_name(cls, name: str) -> Race | None:
        """The race a name or common alias denotes (``"5K"``, ``"1mi"``, ``"hm"``), else None."""
        return _ALIASES.get(name.strip().lower())


_ALIASES: dict[str, Race] = {race.label: race for race in Race}
_ALIASES.update({race.key: race for race in Race})
_ALIASES.update(
    {
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


_DISTANCE = re.compile(r"(\d+(?:\.\d+)?)\s*(m|km|k|mi|mile|miles)", re.IGNORECASE)
_UNIT_METRES = {"m": 1.0, "km": METRES_PER_KM, "k": METRES_PER_KM, "mi": METRES_PER_MILE,
                "mile": METRES_PER_MILE, "miles": METRES_PER_MILE}  # fmt: skip
DISTANCE_HINT = (
    "800, 1500, mile, 3k, 2mi, 5k, 8k, 10k, 15k, 10mi, half, marathon, "
    "or a distance such as 7.5km or 4mi"
)


@dataclass(frozen=True)
class RaceResult:
    """A race or time trial: how far [m], how long [s], and what the runner called it."""

    label: str
    metres: float
    seconds: float

    def describe(self) -> str:
        """``5k in 22:30``."""
        return f"{self.label} in {format_clock(self.seconds)}"


def parse_distance(text: str) -> tuple[str, float]:
    """A race distance by name (``5k``, ``half``) or as a length (``7.5km``, ``4mi``)."""
    race = Race.from_name(text)
    if race is not None:
        return race.key, race.metres
    match = _DISTANCE.fullmatch(text.strip())
    if match is None:
        raise InvalidValueError(f"unknown distance '{text}'; use {DISTANCE_HINT}")
    metres = float(match.group(1)) * _UNIT_METRES[match.group(2).lower()]
    if metres <= 0:
        raise InvalidValueError(f"a race distance must be positive, found '{text}'")
    return text.strip(), metres


def parse_race_result(text: str) -> RaceResult:
    """``DIST=TIME``, e.g. ``5k=22:30`` or ``half=1:45:00``."""
    distance, separator, time = text.partition("=")
    if not separator:
        raise InvalidValueError(f"'{text}' is not a race result; write DIST=TIME, e.g. 5k=22:30")
    label, metres = parse_distance(distance)
    seconds = parse_clock(time)
    if seconds <= 0:
        raise InvalidValueError(f"'{text}': a race time must be more than zero")
    return RaceResult(label, metres, seconds)
