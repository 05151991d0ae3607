"""speedplay: an open-source speed-workout coach for runners.

The public library API: the workout model, the workout language and the session families. The
command line (``speedplay.cli``) and the file formats (``speedplay.formats``) are adapters on top.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from speedplay.errors import (
        FormatError,
        InvalidValueError,
        SpeedplayError,
        WorkoutSyntaxError,
    )
    from speedplay.units import UnitSystem
    from speedplay.workout import Workout, format_workout, parse_workout
    from speedplay.workout.families import Family, FamilyOptions, Level, build_workout

__version__ = "0.1.0"

_HOMES = {
    "FormatError": "speedplay.errors",
    "InvalidValueError": "speedplay.errors",
    "SpeedplayError": "speedplay.errors",
    "WorkoutSyntaxError": "speedplay.errors",
    "UnitSystem": "speedplay.units",
    "Workout": "speedplay.workout",
    "format_workout": "speedplay.workout",
    "parse_workout": "speedplay.workout",
    "Family": "speedplay.workout.families",
    "FamilyOptions": "speedplay.workout.families",
    "Level": "speedplay.workout.families",
    "build_workout": "speedplay.workout.families",
}
"""Where each name of the API lives. They load on first use, so that a command that needs no
workout (``history``, ``progress``) does not pay for the workout language at start-up."""

__all__ = [
    "Family",
    "FamilyOptions",
    "FormatError",
    "InvalidValueError",
    "Level",
    "SpeedplayError",
    "UnitSystem",
    "Workout",
    "WorkoutSyntaxError",
    "build_workout",
    "format_workout",
    "parse_workout",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'speedplay' has no attribute {name!r}")
    return getattr(import_module(home), name)
