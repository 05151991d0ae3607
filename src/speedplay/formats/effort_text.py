"""A best effort as a runner reads it: over a distance (best 5k) the time it took, over a
duration (best 20 minutes) the distance covered; the terminal and the web app say it alike."""

from __future__ import annotations

from speedplay.analysis.best_efforts import BEST_DURATIONS
from speedplay.coach.progress import EffortRecord
from speedplay.units import UnitSystem, format_clock, format_distance, format_pace


def effort_result(effort: EffortRecord, units: UnitSystem) -> str:
    """What the effort achieved: ``21:45`` for a 5k, ``4.63 km`` for 20 minutes."""
    if effort.label in BEST_DURATIONS:
        return format_distance(effort.metres, units)
    return format_clock(effort.seconds)


def effort_pace(effort: EffortRecord, units: UnitSystem) -> str:
    """The effort's pace: ``4:21/km``."""
    return format_pace(effort.seconds / effort.metres * 1000, units)
