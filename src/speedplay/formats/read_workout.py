"""What every workout-file reader gives back, and the conventions the formats share.

Kept apart from the FIT module so that reading a TCX, ZWO or text workout (and starting the
command line) does not load the FIT libraries."""

from __future__ import annotations

from dataclasses import dataclass

from speedplay.workout.model import Workout

UNNAMED = "speedplay workout"
"""The name written for a workout without one (watches want a name); read back as none."""

PACE_DECIMALS = 1
"""Paces read from speeds are rounded to 0.1 s/km: files store speed in mm/s, so 4:50/km comes
back as 290.02; the rounding gives back what was written, well inside 1 s/km."""


@dataclass(frozen=True)
class ReadWorkout:
    """A workout read from a file, and what could not be carried over, in words."""

    workout: Workout
    warnings: tuple[str, ...] = ()


def read_pace(pace: float) -> float:
    """A pace [s/km] computed from a stored speed, rounded to what was meant."""
    return round(pace, PACE_DECIMALS)
