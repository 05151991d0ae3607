"""Reading workout and plan files for commands: errors become one line, warnings go to stderr."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from speedplay.errors import FormatError, InvalidValueError
from speedplay.formats.archive import MAX_RECORDING_BYTES
from speedplay.formats.input_files import read_file

if TYPE_CHECKING:  # loaded by the commands that read such files (``analyze`` rarely does)
    from speedplay.formats.plan_json import PlannedSession
    from speedplay.physiology.fitness import Fitness
    from speedplay.workout.model import Workout


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or a one-line error saying why not (a folder, a device or a pipe, a
    file larger than a recording can be)."""
    return read_file(path, MAX_RECORDING_BYTES)


def workout_from_file(path: Path, fitness: Fitness | None) -> Workout:
    """The workout in a file of any format; what the format could not carry is warned about."""
    from speedplay.formats.session_files import reference_pace
    from speedplay.formats.workout_files import read_workout_file

    read = read_workout_file(read_bytes(path), str(path), reference_pace(fitness))
    for warning in read.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return read.workout


def plan_sessions(path: Path) -> list[PlannedSession]:
    """The sessions of a plan written by ``speedplay plan --json``."""
    from speedplay.formats.plan_json import sessions_from_dict

    try:
        document = json.loads(read_bytes(path).decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FormatError(f"{path} is not a speedplay plan (not JSON): {error}") from error
    return sessions_from_dict(document)


def session_on(sessions: list[PlannedSession], day: date, path: Path) -> PlannedSession:
    """The plan's session on ``day``."""
    for session in sessions:
        if session.day == day:
            return session
    days = ", ".join(s.day.isoformat() for s in sessions[:3])
    raise InvalidValueError(f"{path} has no session on {day} (sessions are on {days}, ...)")
