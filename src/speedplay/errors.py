"""The one exception tree of speedplay.

Every error that bad input can cause is a :class:`SpeedplayError`; the command line turns it into
one line on standard error and exit code 2, never a traceback::

    SpeedplayError              bad input of any kind
    ├── WorkoutSyntaxError      workout text that does not parse; knows the column
    ├── InvalidValueError       a well-formed value outside its range (RPE 11, week 0, ...)
    └── FormatError             a document or file that is not what it claims (bad JSON, ...)

Errors from third-party libraries are wrapped in one of these with ``__cause__`` kept.
"""

from __future__ import annotations

import struct


class SpeedplayError(Exception):
    """Base class of every error speedplay raises because of its input."""


class InvalidValueError(SpeedplayError, ValueError):
    """A value that is well formed but outside what speedplay accepts."""


class WorkoutSyntaxError(SpeedplayError):
    """Workout text that does not parse.

    ``column`` is 1-based, so that the message points where a person counts.
    """

    def __init__(self, message: str, column: int) -> None:
        self.message = message
        self.column = column
        super().__init__(f"column {column}: {message}")


class FormatError(SpeedplayError):
    """A document or file that is not in the format expected, with where it went wrong."""


DAMAGE = (ValueError, TypeError, LookupError, struct.error, OverflowError, ZeroDivisionError)
"""What a file reader meets in a file damaged in a way it does not foresee (a number that is
not one, a broken encoding declaration, a field cut short): found by fuzzing. The readers'
entry points say it in one line as a :class:`FormatError` naming the file."""
