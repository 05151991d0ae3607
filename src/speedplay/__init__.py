"""speedplay: an open-source speed-workout coach for runners.

The public library API: the workout model, the workout language and the session families. The
command line (``speedplay.cli``) and the file formats (``speedplay.formats``) are adapters on top.
"""

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
