"""Units: SI inside, the runner's choice outside.

Everything in speedplay's core is SI: ``elapsed [s]``, ``distance [m]``, ``speed [m/s]``; the one
exception is ``pace [s/km]``, the quantity runners think in, kept per kilometre whatever the
display unit. This module converts to and from what people read and type: ``4:50/km``,
``7:46/mi``, ``1:31:35``, ``5.00 km``.
"""

from __future__ import annotations

import math
from enum import StrEnum

from speedplay.errors import InvalidValueError

METRES_PER_KM = 1000.0
METRES_PER_MILE = 1609.344
"""The international mile (1959 agreement), exactly."""


class UnitSystem(StrEnum):
    """What the runner reads: kilometres and min/km, or miles and min/mile."""

    KM = "km"
    MI = "mi"

    @property
    def metres(self) -> float:
        """Length of one display unit [m]."""
        return METRES_PER_KM if self is UnitSystem.KM else METRES_PER_MILE


def speed_from_pace(pace_s_per_km: float) -> float:
    """``speed [m/s]`` from ``pace [s/km]``."""
    return METRES_PER_KM / pace_s_per_km


def pace_from_speed(speed_m_per_s: float) -> float:
    """``pace [s/km]`` from ``speed [m/s]``."""
    return METRES_PER_KM / speed_m_per_s


def format_clock(seconds: float) -> str:
    """``h:mm:ss`` or ``m:ss``, rounded to the whole second: ``1:31:35``, ``19:57``, ``0:45``."""
    total = round(seconds)
    if total < 0:
        return "-" + format_clock(-total)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_pace(pace_s_per_km: float, units: UnitSystem = UnitSystem.KM) -> str:
    """A pace as the runner reads it: ``4:50/km`` or ``7:47/mi``."""
    per_unit = pace_s_per_km * units.metres / METRES_PER_KM
    return f"{format_clock(per_unit)}/{units.value}"


def format_pace_range(fast: float, slow: float, units: UnitSystem = UnitSystem.KM) -> str:
    """A pace range, fast end first: ``4:50-5:00/km``."""
    if format_clock(fast * units.metres / METRES_PER_KM) == format_clock(
        slow * units.metres / METRES_PER_KM
    ):
        return format_pace(fast, units)
    return f"{format_clock(fast * units.metres / METRES_PER_KM)}-{format_pace(slow, units)}"


def format_distance(metres: float, units: UnitSystem = UnitSystem.KM) -> str:
    """A distance in the runner's unit: ``400 m``, ``5.00 km``, ``0.25 mi``.

    Metric distances under a kilometre read better in metres, as track runners say them.
    """
    if units is UnitSystem.KM and metres < METRES_PER_KM:
        return f"{metres:.0f} m"
    return f"{metres / units.metres:.2f} {units.value}"


def in_units(km: float, units: UnitSystem) -> float:
    """A distance given in km, in the runner's unit, to 0.1 (a weekly volume: ``40`` km is
    ``24.9`` mi)."""
    return round(km * METRES_PER_KM / units.metres, 1)


def km_from(value: float, units: UnitSystem) -> float:
    """A distance given in the runner's unit, in km (``25`` mi is ``40.2`` km)."""
    return value * units.metres / METRES_PER_KM


def format_volume(km: float, units: UnitSystem = UnitSystem.KM) -> str:
    """A weekly volume in the runner's unit: ``40 km``, ``24.9 mi``."""
    return f"{in_units(km, units):g} {units.value}"


def parse_clock(text: str) -> float:
    """Seconds from ``h:mm:ss``, ``m:ss`` or ``ss`` (fractions allowed in the last field).

    Raises :class:`InvalidValueError` naming the text when it is not a time.
    """
    parts = text.strip().split(":")
    if not 1 <= len(parts) <= 3 or any(not p for p in parts):
        raise InvalidValueError(f"'{text}' is not a time; write h:mm:ss, m:ss or seconds")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise InvalidValueError(f"'{text}' is not a time; write h:mm:ss, m:ss or seconds") from None
    if any(v < 0 or not math.isfinite(v) for v in values) or any(v >= 60 for v in values[1:]):
        raise InvalidValueError(f"'{text}' is not a time; minutes and seconds run 0-59")
    seconds = 0.0
    for value in values:
        seconds = seconds * 60 + value
    return seconds
