"""Workout files in every format speedplay speaks: recognised by content, read and written.

| format | read | write |
|---|---|---|
| FIT workout (``.fit``) | yes | yes |
| TCX workout (``.tcx``) | yes | yes |
| Zwift run workout (``.zwo``) | yes | yes (needs the runner's paces) |
| intervals.icu text (``.txt``) | yes | yes |
| speedplay JSON (``.json``) | yes | yes |
| the workout language | yes | yes (``speedplay workout``) |
"""

from __future__ import annotations

import json
from enum import StrEnum

from speedplay.errors import DAMAGE, FormatError, SpeedplayError, WorkoutSyntaxError
from speedplay.formats.icu_text import read_icu_text
from speedplay.formats.read_workout import ReadWorkout
from speedplay.formats.tcx_workout import read_tcx_workout
from speedplay.formats.workout_json import workout_from_dict
from speedplay.formats.zwo import ReferencePace, read_zwo
from speedplay.workout.parser import parse_workout

FIT_SIGNATURE = b".FIT"
"""Bytes 8-11 of every FIT file's header."""


class WorkoutFormat(StrEnum):
    """What a workout file is."""

    FIT = "fit"
    TCX = "tcx"
    ZWO = "zwo"
    ICU = "icu"
    JSON = "json"
    TEXT = "text"


def sniff(data: bytes) -> WorkoutFormat:
    """The format of a file, from its content rather than its name."""
    if len(data) >= 12 and data[8:12] == FIT_SIGNATURE:
        return WorkoutFormat.FIT
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        if b"TrainingCenterDatabase" in head:
            return WorkoutFormat.TCX
        if b"workout_file" in head:
            return WorkoutFormat.ZWO
        raise FormatError("an XML file that is neither a TCX nor a Zwift workout")
    if head.startswith(b"BEGIN:VCALENDAR"):
        raise FormatError("an iCalendar file: calendars hold plans, read with --plan PLAN.json")
    if head.startswith(b"{"):
        return WorkoutFormat.JSON
    if any(line.lstrip().startswith(b"-") for line in head.splitlines()):
        return WorkoutFormat.ICU
    return WorkoutFormat.TEXT


def read_workout_file(
    data: bytes, source: str, reference_pace: ReferencePace | None = None
) -> ReadWorkout:
    """The workout in a file of any supported format, or a one-line :class:`FormatError`."""
    try:
        return _read_workout_file(data, source, reference_pace)
    except SpeedplayError:
        raise
    except DAMAGE as error:
        raise FormatError(f"{source} is damaged: {type(error).__name__}: {error}") from error


def _read_workout_file(
    data: bytes, source: str, reference_pace: ReferencePace | None
) -> ReadWorkout:
    if not data.strip():
        raise FormatError(f"{source} is empty")
    try:
        kind = sniff(data)
    except FormatError as error:
        raise FormatError(f"{source} is {error}") from error
    if kind is WorkoutFormat.FIT:
        from speedplay.formats.fit_workout import read_fit_workout  # loads the FIT libraries

        return read_fit_workout(data, source)
    if kind is WorkoutFormat.TCX:
        return read_tcx_workout(data, source)
    if kind is WorkoutFormat.ZWO:
        return read_zwo(data, source, reference_pace)
    text = _text(data, source)
    if kind is WorkoutFormat.JSON:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise FormatError(
                f"{source} is not valid JSON: line {error.lineno}: {error.msg}"
            ) from error
        if isinstance(document, dict) and "weeks" in document:
            raise FormatError(f"{source} is a plan; use --plan with --date to pick a session")
        return ReadWorkout(workout_from_dict(document))
    if kind is WorkoutFormat.ICU:
        return read_icu_text(text, source)
    try:
        return ReadWorkout(parse_workout(text.strip()))
    except WorkoutSyntaxError as error:
        raise FormatError(
            f"{source} is not a workout file this reads (FIT, TCX, ZWO, "
            f"intervals.icu text, JSON or workout text): {error}"
        ) from error


def _text(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(
            f"{source} is not a workout file: binary data at byte {error.start}"
        ) from error
