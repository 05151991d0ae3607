"""Garmin FIT workout files: written with ``fit-tool`` (BSD-3), read with ``fitdecode`` (MIT).

Writing (FIT SDK profile; ../shared/FORMATS.md for the traps):

* ``file_id`` (type workout, manufacturer development), ``workout`` (running, name, number of
  valid steps), then one ``workout_step`` per step in order.
* Durations: time [ms in the file], distance [cm in the file], open (the lap button). A repeat
  is a ``repeat_until_steps_cmplt`` step pointing back at the first step of its loop, with the
  count in ``target_value``; repeats nest.
* Targets: a pace range as a custom speed range (low is the slower pace), a heart-rate range as
  a custom heart-rate range (FIT's convention: bpm + 100); anything else is an open target with
  the effort and the cue in the step's name ("RPE 8-9 - drive the knees").
* ``num_valid_steps`` counts the steps that are not repeats, as the FIT SDK's own example
  ``WorkoutRepeatSteps.fit`` does (five step messages, one a repeat: four valid steps).
* Each step's notes carry its speedplay text, so what FIT cannot say (an RPE, terrain, a cue,
  a walk rather than a jog) survives a round trip; FIT's own fields stay authoritative for
  durations and for pace and heart-rate ranges.

fit-tool scales a value by the field type set before it: ``duration_type`` is set before the
duration and ``target_type`` before the custom range, or the value is off by 1000.
"""

from __future__ import annotations

import io
import warnings as python_warnings
from dataclasses import replace
from datetime import datetime
from typing import Any

import fitdecode
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
from fit_tool.profile.profile_type import (
    FileType,
    Intensity,
    Manufacturer,
    Sport,
    WorkoutStepDuration,
    WorkoutStepTarget,
)

from speedplay.errors import FormatError, WorkoutSyntaxError
from speedplay.formats.activity_files import FITDECODE_DAMAGE
from speedplay.formats.describe import Resolver, describe_intent, describe_target, file_ranges
from speedplay.formats.read_workout import UNNAMED, ReadWorkout, read_pace
from speedplay.units import UnitSystem
from speedplay.workout.model import (
    DistanceDuration,
    Duration,
    HeartRateTarget,
    Intent,
    Item,
    NoTarget,
    OpenDuration,
    PaceTarget,
    Repeat,
    Step,
    Target,
    TimeDuration,
    Workout,
)
from speedplay.workout.parser import parse_workout
from speedplay.workout.printer import format_step

HR_OFFSET = 100
"""FIT heart-rate targets above 100 are bpm + 100; 0-100 are % of maximum heart rate."""

NAME_LIMIT = 50
"""Step names are cut to what watch screens show; the notes hold the rest."""

INTENSITY = {
    Intent.WARMUP: Intensity.WARMUP,
    Intent.COOLDOWN: Intensity.COOLDOWN,
    Intent.WORK: Intensity.ACTIVE,
    Intent.EASY: Intensity.ACTIVE,
    Intent.RECOVERY: Intensity.RECOVERY,
    Intent.REST: Intensity.REST,
}
INTENT_OF = {
    "warmup": Intent.WARMUP,
    "cooldown": Intent.COOLDOWN,
    "active": Intent.WORK,
    "interval": Intent.WORK,
    "recovery": Intent.RECOVERY,
    "rest": Intent.REST,
}


# --- writing ---------------------------------------------------------------------------------


def fit_workout_bytes(
    workout: Workout, created: datetime, resolve: Resolver | None = None
) -> bytes:
    """A FIT workout file for ``workout``; ``resolve`` turns efforts into pace or HR ranges."""
    messages = _flatten(workout.items, resolve)
    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 1
    file_id.time_created = round(created.timestamp() * 1000)
    header = WorkoutMessage()
    header.workout_name = workout.name or UNNAMED
    header.sport = Sport.RUNNING
    header.num_valid_steps = _step_messages(workout.items)
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    builder.add(file_id)
    builder.add(header)
    builder.add_all(messages)
    return bytes(builder.build().to_bytes())


def _step_messages(items: tuple[Item, ...]) -> int:
    """How many step messages are not repeats: FIT's ``num_valid_steps``."""
    return sum(1 if isinstance(i, Step) else _step_messages(i.items) for i in items)


def _flatten(items: tuple[Item, ...], resolve: Resolver | None) -> list[WorkoutStepMessage]:
    messages: list[WorkoutStepMessage] = []
    _append(items, resolve, messages)
    for index, message in enumerate(messages):
        message.message_index = index
    return messages


def _append(
    items: tuple[Item, ...], resolve: Resolver | None, messages: list[WorkoutStepMessage]
) -> None:
    for item in items:
        if isinstance(item, Step):
            messages.append(_step_message(item, resolve))
            continue
        first = len(messages)
        _append(item.items, resolve, messages)
        repeat = WorkoutStepMessage()
        repeat.workout_step_name = f"Repeat {item.count}x"
        repeat.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
        repeat.duration_step = first
        repeat.target_type = WorkoutStepTarget.OPEN
        repeat.target_value = item.count
        messages.append(repeat)


def _step_message(step: Step, resolve: Resolver | None) -> WorkoutStepMessage:
    message = WorkoutStepMessage()
    message.workout_step_name = _step_name(step)[:NAME_LIMIT]
    message.notes = format_step(step)
    message.intensity = INTENSITY[step.intent]
    duration = step.duration
    if isinstance(duration, TimeDuration):
        message.duration_type = WorkoutStepDuration.TIME
        message.duration_time = duration.seconds
    elif isinstance(duration, DistanceDuration):
        message.duration_type = WorkoutStepDuration.DISTANCE
        message.duration_distance = duration.meters
    else:
        message.duration_type = WorkoutStepDuration.OPEN
        message.duration_value = 0
    _set_target(message, step, resolve)
    return message


def _step_name(step: Step) -> str:
    """What the watch shows: the effort or target, then the cue."""
    label = describe_target(step.target, UnitSystem.KM) or describe_intent(step).capitalize()
    if step.terrain is not None:
        label = f"{label} {step.terrain}"
    return f"{label} - {step.cue}" if step.cue else label


def _set_target(message: WorkoutStepMessage, step: Step, resolve: Resolver | None) -> None:
    pace, heart = file_ranges(step, resolve)
    if pace is not None:
        message.target_type = WorkoutStepTarget.SPEED
        message.target_value = 0
        message.custom_target_speed_low = 1000 / pace[1]
        message.custom_target_speed_high = 1000 / pace[0]
    elif heart is not None:
        message.target_type = WorkoutStepTarget.HEART_RATE
        message.target_value = 0
        message.custom_target_heart_rate_low = heart[0] + HR_OFFSET
        message.custom_target_heart_rate_high = heart[1] + HR_OFFSET
    else:
        message.target_type = WorkoutStepTarget.OPEN
        message.target_value = 0


# --- reading ---------------------------------------------------------------------------------


def read_fit_workout(data: bytes, source: str) -> ReadWorkout:
    """The workout in a FIT workout file, or a :class:`FormatError` naming ``source``."""
    with python_warnings.catch_warnings(record=True) as caught:
        python_warnings.simplefilter("always")
        file_type, name, steps = _decode(data, source)
    if file_type != "workout":
        kind = f"a FIT {file_type} file" if file_type else "a FIT file without a file type"
        raise FormatError(f"{source} is {kind}, not a workout")
    if not steps:
        raise FormatError(f"{source}: the workout has no steps")
    warnings = [f"{source}: {w.message}; the file may be damaged" for w in caught]
    items = _rebuild(steps, warnings, source)
    try:
        return ReadWorkout(Workout(name, tuple(items)), tuple(warnings))
    except ValueError as error:
        raise FormatError(f"{source}: {error}") from error


def _decode(data: bytes, source: str) -> tuple[str | None, str, list[dict[str, Any]]]:
    file_type: str | None = None
    name = ""
    steps: list[dict[str, Any]] = []
    try:
        with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                fields = {f.name: f.value for f in frame.fields}
                if frame.name == "file_id":
                    file_type = str(fields.get("type")) if fields.get("type") is not None else None
                elif frame.name == "workout":
                    name = str(fields.get("wkt_name") or "")
                    name = "" if name == UNNAMED else name
                elif frame.name == "workout_step":
                    steps.append(fields)
    except (fitdecode.FitError, *FITDECODE_DAMAGE) as error:
        raise FormatError(f"{source} is not a readable FIT file: {error}") from error
    return file_type, name, steps


def _rebuild(steps: list[dict[str, Any]], warnings: list[str], source: str) -> list[Item]:
    """Steps and repeats from FIT's flat list, nesting each repeat over the steps it points at."""
    items: list[tuple[int, Item]] = []  # (index of the item's first FIT step, item)
    for index, fields in enumerate(steps):
        if fields.get("duration_type") == "repeat_until_steps_cmplt":
            first = int(fields.get("duration_step") or 0)
            count = int(fields.get("repeat_steps") or fields.get("target_value") or 1)
            inside = [item for start, item in items if start >= first]
            if not inside:
                raise FormatError(f"{source}: step {index} repeats steps that are not there")
            items = [(start, item) for start, item in items if start < first]
            items.append((first, Repeat(count, tuple(inside))))
        else:
            items.append((index, _read_step(fields, index, warnings)))
    return [item for _, item in items]


def _read_step(fields: dict[str, Any], index: int, warnings: list[str]) -> Step:
    duration, duration_cue = _read_duration(fields, index, warnings)
    target, target_cue = _read_target(fields, index, warnings)
    intent = INTENT_OF.get(str(fields.get("intensity") or "active"), Intent.WORK)
    cue = "; ".join(part for part in (duration_cue, target_cue) if part) or None
    step = Step(intent, duration, target, cue=cue)
    written = _speedplay_step(fields.get("notes"))
    if written is None:
        return step
    return replace(written, duration=duration, target=_reconciled(written.target, target))


def _reconciled(written: Target, in_file: Target) -> Target:
    """The notes' target where FIT cannot say it (an RPE, T pace) or says the same to within
    its precision (1 s/km); otherwise the file's own pace or heart-rate range."""
    if not isinstance(written, PaceTarget | HeartRateTarget):
        return written  # an effort, an intensity, or none: the file's range only resolved it
    if isinstance(written, PaceTarget) and isinstance(in_file, PaceTarget):
        close = abs(written.fast - in_file.fast) < 1 and abs(written.slow - in_file.slow) < 1
        return written if close else in_file
    return in_file


def _speedplay_step(notes: object) -> Step | None:
    """The step a speedplay file wrote in its notes, if the notes are one."""
    if not isinstance(notes, str) or not notes.strip():
        return None
    try:
        items = parse_workout(notes).items
    except WorkoutSyntaxError:
        return None
    return items[0] if len(items) == 1 and isinstance(items[0], Step) else None


def _read_duration(fields: dict[str, Any], index: int, warnings: list[str]) -> tuple[Duration, str]:
    kind = fields.get("duration_type")
    if kind == "time" and fields.get("duration_time"):
        return TimeDuration(float(fields["duration_time"])), ""
    if kind == "distance" and fields.get("duration_distance"):
        return DistanceDuration(float(fields["duration_distance"])), ""
    if kind in ("hr_less_than", "hr_greater_than") and fields.get("duration_hr"):
        bpm = _bpm(int(fields["duration_hr"]))
        word = "below" if kind == "hr_less_than" else "above"
        warnings.append(f"step {index}: 'until heart rate {word} {bpm}' becomes a lap-button step")
        return OpenDuration(), f"until heart rate {word} {bpm}"
    if kind not in (None, "open"):
        warnings.append(f"step {index}: duration '{kind}' becomes a lap-button step")
    return OpenDuration(), ""


def _read_target(fields: dict[str, Any], index: int, warnings: list[str]) -> tuple[Target, str]:
    kind = fields.get("target_type")
    if kind == "speed" and fields.get("custom_target_speed_low"):
        slow, fast = (
            float(fields["custom_target_speed_low"]),
            float(fields["custom_target_speed_high"]),
        )
        return PaceTarget(read_pace(1000 / max(slow, fast)), read_pace(1000 / min(slow, fast))), ""
    if kind == "heart_rate" and fields.get("custom_target_heart_rate_low"):
        low, high = (
            int(fields["custom_target_heart_rate_low"]),
            int(fields["custom_target_heart_rate_high"]),
        )
        if low > HR_OFFSET and high > HR_OFFSET:
            return HeartRateTarget(low - HR_OFFSET, high - HR_OFFSET), ""
        return NoTarget(), f"{low}-{high}% of maximum heart rate"
    for zone_kind in ("hr", "speed", "power", "cadence"):
        zone = fields.get(f"target_{zone_kind}_zone")
        if zone:
            label = {"hr": "heart-rate", "power": "power"}.get(zone_kind, zone_kind)
            if zone_kind == "power":
                warnings.append(f"step {index}: a power target is not for running; kept as a cue")
            return NoTarget(), f"{label} zone {zone}"
    return NoTarget(), ""


def _bpm(value: int) -> str:
    return f"{value - HR_OFFSET} bpm" if value > HR_OFFSET else f"{value}% of maximum heart rate"
