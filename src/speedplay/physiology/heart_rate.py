"""Heart-rate zones: Friel's running zones from LTHR, and Karvonen's heart-rate reserve.

* Friel's running zones as a percentage of lactate-threshold heart rate (Friel, "Quick guide to
  setting zones"): Z1 < 85 %, Z2 85-89 %, Z3 90-94 %, Z4 95-99 %, Z5a 100-102 %, Z5b 103-106 %,
  Z5c > 106 %. Friel's whole percentages leave gaps (89 to 90); speedplay closes them by using
  each zone's lower bound as a continuous threshold: a heart rate is in the highest zone whose
  lower bound it reaches. In whole bpm, lower bounds are rounded up.
* Karvonen, Kentala & Mustala (1957, *Ann Med Exp Biol Fenn* 35:307): a training heart rate at
  fraction f of the reserve is ``rest + f (max - rest)``.
* With only maximum and resting heart rate known, LTHR is estimated at 85 % of the reserve,
  ``rest + 0.85 (max - rest)``, Elevate's default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from speedplay.errors import InvalidValueError

FRIEL_RUN_ZONES = (
    ("Z1", 0.0),
    ("Z2", 0.85),
    ("Z3", 0.90),
    ("Z4", 0.95),
    ("Z5a", 1.00),
    ("Z5b", 1.03),
    ("Z5c", 1.06),
)
"""Friel's running zones: name and lower bound as a fraction of LTHR."""

FRIEL_TOP = 1.10
"""The shown top of Z5c; Friel leaves it open."""

KARVONEN_ZONES = (
    ("Z1", 0.50, 0.60),
    ("Z2", 0.60, 0.70),
    ("Z3", 0.70, 0.80),
    ("Z4", 0.80, 0.90),
    ("Z5", 0.90, 1.00),
)
"""Conventional five zones on the heart-rate reserve (fractions of max - rest)."""

LTHR_RESERVE_FRACTION = 0.85
"""LTHR estimated from max and rest when no test is known (Elevate's default)."""


@dataclass(frozen=True)
class Zone:
    """A heart-rate zone [bpm], low bound included, high bound excluded."""

    name: str
    low: int
    high: int


def friel_zones(lthr: float) -> list[Zone]:
    """Friel's seven running zones for a lactate-threshold heart rate [bpm]."""
    check_heart_rate(lthr, "LTHR")
    bounds = [math.ceil(lthr * lower) for _, lower in FRIEL_RUN_ZONES] + [
        math.ceil(lthr * FRIEL_TOP)
    ]
    return [
        Zone(name, bounds[index], bounds[index + 1])
        for index, (name, _) in enumerate(FRIEL_RUN_ZONES)
    ]


def karvonen(rest: float, maximum: float, fraction: float) -> float:
    """Heart rate [bpm] at ``fraction`` of the heart-rate reserve (Karvonen 1957)."""
    check_reserve(rest, maximum)
    return rest + fraction * (maximum - rest)


def karvonen_zones(rest: float, maximum: float) -> list[Zone]:
    """Five zones on the heart-rate reserve."""
    return [
        Zone(name, round(karvonen(rest, maximum, low)), round(karvonen(rest, maximum, high)))
        for name, low, high in KARVONEN_ZONES
    ]


def lthr_from_reserve(rest: float, maximum: float) -> float:
    """An LTHR estimate [bpm] from resting and maximum heart rate."""
    return karvonen(rest, maximum, LTHR_RESERVE_FRACTION)


def check_heart_rate(value: float, what: str) -> None:
    """Refuse heart rates no runner has."""
    if not 30 <= value <= 250:
        raise InvalidValueError(f"{what} must be from 30 to 250 bpm, found {value:g}")


def check_reserve(rest: float, maximum: float) -> None:
    """Resting below maximum, both human."""
    check_heart_rate(rest, "resting heart rate")
    check_heart_rate(maximum, "maximum heart rate")
    if rest >= maximum:
        raise InvalidValueError(
            f"resting heart rate ({rest:g}) must be below maximum heart rate ({maximum:g})"
        )
