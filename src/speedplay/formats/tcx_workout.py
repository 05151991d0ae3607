"""TCX workouts (Garmin TrainingCenterDatabase v2), written and read with the standard library.

The schema's limits (../shared/FORMATS.md): names of 1-15 characters, at most 20 step ids,
repetitions of 2-99, intensity only Active or Resting, seconds and metres at most 65535.
Durations are Time_t, Distance_t or UserInitiated_t (lap button); targets Speed_t (a custom
pace range, shown as pace), HeartRate_t (a custom range in bpm) or None_t.

TCX cannot say an RPE, a cue or a walk; speedplay keeps the workout's own text in the workout's
``Notes`` so that its files read back exactly, and reads other files from their steps.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from speedplay.errors import FormatError, WorkoutSyntaxError
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
from speedplay.workout.printer import format_workout

NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NAME_LIMIT = 15
MAX_STEP_IDS = 20
MAX_UNSIGNED_SHORT = 65535
RESTING = (Intent.RECOVERY, Intent.REST)


def tcx_workout_bytes(workout: Workout, resolve: Resolver | None = None) -> bytes:
    """A TCX file holding ``workout``; :class:`FormatError` when TCX cannot hold it."""
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(f"{{{NS}}}TrainingCenterDatabase")
    holder = ET.SubElement(ET.SubElement(root, f"{{{NS}}}Workouts"), f"{{{NS}}}Workout")
    holder.set("Sport", "Running")
    _text(holder, "Name", _name(workout.name or UNNAMED))
    counter = iter(range(1, 10_000))
    for item in _unrolled_single_repeats(workout.items):
        _write_item(holder, "Step", item, counter, resolve)
    used = next(counter) - 1
    if used > MAX_STEP_IDS:
        raise FormatError(
            f"TCX allows at most {MAX_STEP_IDS} steps and repeats; this workout needs {used}: "
            "export it as FIT instead"
        )
    _text(holder, "Notes", format_workout(workout))
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _unrolled_single_repeats(items: tuple[Item, ...]) -> list[Item]:
    """TCX repeats run 2-99 times: a repeat of one is its steps."""
    out: list[Item] = []
    for item in items:
        if isinstance(item, Repeat) and item.count == 1:
            out += _unrolled_single_repeats(item.items)
        elif isinstance(item, Repeat):
            out.append(Repeat(item.count, tuple(_unrolled_single_repeats(item.items))))
        else:
            out.append(item)
    return out


def _write_item(
    parent: ET.Element, tag: str, item: Item, counter: Iterator[int], resolve: Resolver | None
) -> None:
    element = ET.SubElement(parent, f"{{{NS}}}{tag}")
    if isinstance(item, Repeat):
        element.set(f"{{{XSI}}}type", "Repeat_t")
        _text(element, "StepId", str(next(counter)))
        _text(element, "Repetitions", str(item.count))
        for child in item.items:
            _write_item(element, "Child", child, counter, resolve)
        return
    element.set(f"{{{XSI}}}type", "Step_t")
    _text(element, "StepId", str(next(counter)))
    label = describe_target(item.target, UnitSystem.KM) or describe_intent(item)
    _text(element, "Name", _name(label))
    _write_duration(element, item.duration)
    _text(element, "Intensity", "Resting" if item.intent in RESTING else "Active")
    _write_target(element, item, resolve)


def _write_duration(step: ET.Element, duration: Duration) -> None:
    element = ET.SubElement(step, f"{{{NS}}}Duration")
    if isinstance(duration, TimeDuration):
        element.set(f"{{{XSI}}}type", "Time_t")
        _text(element, "Seconds", str(_unsigned_short(duration.seconds, "seconds")))
    elif isinstance(duration, DistanceDuration):
        element.set(f"{{{XSI}}}type", "Distance_t")
        _text(element, "Meters", str(_unsigned_short(duration.meters, "metres")))
    else:
        element.set(f"{{{XSI}}}type", "UserInitiated_t")


def _write_target(step: ET.Element, item: Step, resolve: Resolver | None) -> None:
    pace, heart = file_ranges(item, resolve)
    target = ET.SubElement(step, f"{{{NS}}}Target")
    if pace is not None:
        target.set(f"{{{XSI}}}type", "Speed_t")
        zone = ET.SubElement(target, f"{{{NS}}}SpeedZone")
        zone.set(f"{{{XSI}}}type", "CustomSpeedZone_t")
        _text(zone, "ViewAs", "Pace")
        _text(zone, "LowInMetersPerSecond", f"{1000 / pace[1]:.4f}")
        _text(zone, "HighInMetersPerSecond", f"{1000 / pace[0]:.4f}")
    elif heart is not None:
        target.set(f"{{{XSI}}}type", "HeartRate_t")
        zone = ET.SubElement(target, f"{{{NS}}}HeartRateZone")
        zone.set(f"{{{XSI}}}type", "CustomHeartRateZone_t")
        for tag, value in (("Low", heart[0]), ("High", heart[1])):
            bound = ET.SubElement(zone, f"{{{NS}}}{tag}")
            bound.set(f"{{{XSI}}}type", "HeartRateInBeatsPerMinute_t")
            _text(bound, "Value", str(value))
    else:
        target.set(f"{{{XSI}}}type", "None_t")


def _unsigned_short(value: float, what: str) -> int:
    rounded = round(value)
    if rounded > MAX_UNSIGNED_SHORT:
        raise FormatError(f"TCX holds at most {MAX_UNSIGNED_SHORT} {what} in a step")
    return rounded


def _name(text: str) -> str:
    return text[:NAME_LIMIT].strip() or "step"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{NS}}}{tag}").text = text


# --- reading ---------------------------------------------------------------------------------


def read_tcx_workout(data: bytes, source: str) -> ReadWorkout:
    """The first workout in a TCX file."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise FormatError(f"{source} is not readable XML: {error}") from error
    workout = root.find(f".//{{{NS}}}Workouts/{{{NS}}}Workout")
    if workout is None:
        what = "an activity" if root.find(f".//{{{NS}}}Activity") is not None else "no workout"
        raise FormatError(f"{source} is a TCX file with {what}, not a workout")
    name = (workout.findtext(f"{{{NS}}}Name") or "").strip()
    name = "" if name == _name(UNNAMED) else name
    notes = workout.findtext(f"{{{NS}}}Notes") or ""
    written = _speedplay_workout(notes)
    items = [_read_item(step, source) for step in workout.findall(f"{{{NS}}}Step")]
    if not items:
        raise FormatError(f"{source}: the workout has no steps")
    read = Workout(name, tuple(items))
    if written is not None and _same_shape(written, read):
        return ReadWorkout(written)
    return ReadWorkout(read)


def _speedplay_workout(notes: str) -> Workout | None:
    try:
        return parse_workout(notes) if notes.strip() else None
    except WorkoutSyntaxError:
        return None


def _same_shape(written: Workout, read: Workout) -> bool:
    """Whether the notes describe these steps (an edited file keeps its edits)."""
    ours = [(e.step.duration, e.step.intent in RESTING) for e in written.expanded()]
    theirs = [(e.step.duration, e.step.intent in RESTING) for e in read.expanded()]
    return ours == theirs


def _read_item(element: ET.Element, source: str) -> Item:
    kind = element.get(f"{{{XSI}}}type", "Step_t")
    if kind == "Repeat_t":
        count = int(element.findtext(f"{{{NS}}}Repetitions") or 1)
        children = [_read_item(child, source) for child in element.findall(f"{{{NS}}}Child")]
        if not children:
            raise FormatError(f"{source}: a repeat with no steps")
        return Repeat(count, tuple(children))
    intensity = element.findtext(f"{{{NS}}}Intensity") or "Active"
    intent = Intent.RECOVERY if intensity == "Resting" else Intent.WORK
    cue = (element.findtext(f"{{{NS}}}Name") or "").strip() or None
    return Step(intent, _read_duration(element), _read_target(element), cue=cue)


def _read_duration(step: ET.Element) -> Duration:
    duration = step.find(f"{{{NS}}}Duration")
    kind = duration.get(f"{{{XSI}}}type", "") if duration is not None else ""
    if duration is not None and kind == "Time_t":
        return TimeDuration(float(duration.findtext(f"{{{NS}}}Seconds") or 0))
    if duration is not None and kind == "Distance_t":
        return DistanceDuration(float(duration.findtext(f"{{{NS}}}Meters") or 0))
    return OpenDuration()


def _read_target(step: ET.Element) -> Target:
    target = step.find(f"{{{NS}}}Target")
    kind = target.get(f"{{{XSI}}}type", "") if target is not None else ""
    if target is not None and kind == "Speed_t":
        low = target.findtext(f".//{{{NS}}}LowInMetersPerSecond")
        high = target.findtext(f".//{{{NS}}}HighInMetersPerSecond")
        if low and high:
            return PaceTarget(read_pace(1000 / float(high)), read_pace(1000 / float(low)))
    if target is not None and kind == "HeartRate_t":
        low = target.findtext(f".//{{{NS}}}Low/{{{NS}}}Value")
        high = target.findtext(f".//{{{NS}}}High/{{{NS}}}Value")
        if low and high:
            return HeartRateTarget(int(low), int(high))
    return NoTarget()
