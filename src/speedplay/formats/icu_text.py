"""intervals.icu plain-text workouts.

The format (intervals.icu's workout builder): steps are lines starting with ``-``; ``m`` means
minutes, ``mtr``/``km``/``mi`` distances; a repeat is a line ``5x`` (or ``Main Set 5x``) with a
blank line before and after; ``press lap`` ends a step on the lap button; pace targets such as
``4:50-5:00/km Pace``; heart rate as ``95-100% LTHR``; any text before the duration is the cue.

intervals.icu has no nested repeats: an outer repeat is written out in full. speedplay writes
each step's cue as its own words (``uphill @rpe8-9 "drive the knees"``), which intervals.icu
shows as the step's text and speedplay reads back into the step.
"""

from __future__ import annotations

import re
from dataclasses import replace

from speedplay.errors import FormatError, InvalidValueError, WorkoutSyntaxError
from speedplay.formats.describe import Resolver
from speedplay.formats.read_workout import ReadWorkout
from speedplay.units import METRES_PER_KM, METRES_PER_MILE, format_clock
from speedplay.workout.model import (
    DistanceDuration,
    Duration,
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
from speedplay.workout.printer import format_duration, format_step

_REPEAT = re.compile(r"^(?P<label>.*?)\s*(?P<count>\d+)\s*x\s*$", re.IGNORECASE)
_DURATION = re.compile(
    r"(?<![\w:])(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m(?!tr|i))?(?:(?P<s>\d+)s)?(?![\w/])"
)
_DISTANCE = re.compile(r"(?<![\w:])(?P<value>\d+(?:\.\d+)?)(?P<unit>mtr|km|mi)\b")
_PACE = re.compile(r"(?P<a>\d+:\d{2})(?:-(?P<b>\d+:\d{2}))?/(?P<unit>km|mi)\s+pace", re.IGNORECASE)
_SECTION_INTENT = {"warmup": Intent.WARMUP, "warm up": Intent.WARMUP, "cooldown": Intent.COOLDOWN,
                   "cool down": Intent.COOLDOWN}  # fmt: skip


def icu_text(workout: Workout, resolve: Resolver | None = None) -> str:
    """The workout as intervals.icu text (intervals.icu keeps a workout's name apart)."""
    lines: list[str] = []
    for item in workout.items:
        if isinstance(item, Step):
            lines.append(_step_line(item, resolve))
        else:
            lines += _repeat_lines(item, resolve)
    return "\n".join(lines).strip() + "\n"


def _repeat_lines(repeat: Repeat, resolve: Resolver | None) -> list[str]:
    """A repeat of steps as a block; a repeat holding repeats is written out in full."""
    if all(isinstance(child, Step) for child in repeat.items) and repeat.count > 1:
        steps = [_step_line(child, resolve) for child in repeat.items if isinstance(child, Step)]
        return ["", f"{repeat.count}x", *steps, ""]
    lines: list[str] = []
    for _ in range(repeat.count):
        for child in repeat.items:
            lines += (
                [_step_line(child, resolve)]
                if isinstance(child, Step)
                else _repeat_lines(child, resolve)
            )
    return lines


def _step_line(step: Step, resolve: Resolver | None) -> str:
    words = format_step(replace(step, duration=OpenDuration())).removeprefix("open").strip()
    parts = ["-", words] if words else ["-"]
    duration = step.duration
    if isinstance(duration, TimeDuration):
        parts.append(_icu_time(duration.seconds))
    elif isinstance(duration, DistanceDuration):
        parts.append(_icu_distance(duration.meters))
    pace = None
    if isinstance(step.target, PaceTarget):
        pace = (step.target.fast, step.target.slow)
    elif resolve is not None:
        pace = resolve(step).pace
    if pace is not None:
        slow, fast = format_clock(pace[1]), format_clock(pace[0])
        parts.append(f"{slow}/km Pace" if slow == fast else f"{slow}-{fast}/km Pace")
    if isinstance(duration, OpenDuration):
        parts.append("press lap")
    return " ".join(parts)


def _icu_time(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(f"{v}{u}" for v, u in ((hours, "h"), (minutes, "m"), (secs, "s")) if v) or "0s"


def _icu_distance(metres: float) -> str:
    if metres % METRES_PER_KM == 0:
        return f"{metres / METRES_PER_KM:g}km"
    if abs(metres / METRES_PER_MILE - round(metres / METRES_PER_MILE, 3)) < 1e-9:
        return f"{metres / METRES_PER_MILE:g}mi"
    return f"{metres:g}mtr"


# --- reading ---------------------------------------------------------------------------------


def read_icu_text(text: str, source: str) -> ReadWorkout:
    """A workout from intervals.icu text; steps keep what they say, cues keep the rest."""
    name = ""
    section = ""
    items: list[Item] = []
    block: list[Step] | None = None
    count = 0
    warnings: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            if block is not None:
                items.append(_repeat(count, block, source, number))
                block = None
            continue
        if line.startswith("-"):
            where = f"{source} line {number}"
            try:
                step = _read_step(line[1:].strip(), section, warnings, where)
            except InvalidValueError as error:
                raise FormatError(f"{where}: {error}") from error
            (block if block is not None else items).append(step)
            continue
        if block is not None:
            items.append(_repeat(count, block, source, number))
            block = None
        repeat = _REPEAT.match(line)
        if repeat:
            count, block = int(repeat.group("count")), []
            section = repeat.group("label")
        else:
            section = line
    if block is not None:
        items.append(_repeat(count, block, source, len(text.splitlines())))
    if not items:
        raise FormatError(f"{source}: no steps (lines starting with '-') in this text")
    return ReadWorkout(Workout(name, tuple(items)), tuple(warnings))


def _repeat(count: int, steps: list[Step], source: str, line: int) -> Item:
    if not steps:
        raise FormatError(f"{source} line {line}: a repeat with no steps")
    if not 1 <= count <= 99:
        raise FormatError(f"{source} line {line}: a repeat count runs from 1 to 99, found {count}")
    return Repeat(count, tuple(steps))


def _read_step(text: str, section: str, warnings: list[str], where: str) -> Step:
    duration, rest = _take_duration(text)
    pace, rest = _take_pace(rest)
    lap = "press lap" in _masked(rest).lower()
    if lap:
        cut = _masked(rest).lower().rindex("press lap")
        rest = (rest[:cut] + rest[cut + len("press lap") :]).strip()
    written = _speedplay_words(rest, duration)
    if written is not None:
        target: Target = written.target
        if pace is not None and isinstance(written.target, PaceTarget | NoTarget):
            target = pace if isinstance(written.target, NoTarget) else written.target
        return replace(written, target=target)
    intent = _SECTION_INTENT.get(section.lower(), Intent.WORK)
    if re.search(r"\b(recover\w*|jog|easy|rest)\b", rest, re.IGNORECASE):
        intent = Intent.RECOVERY
    if rest and not lap and duration is None:
        warnings.append(f"{where}: no duration; the step lasts until lap")
    return Step(intent, duration or OpenDuration(), pace or NoTarget(), cue=rest or None)


def _masked(text: str) -> str:
    """``text`` with quoted cues and ``@targets`` blanked, so that a number inside them (a cue's
    "5m", the race pace ``@800m``) is never read as the step's length."""
    return re.sub(r'"(?:[^"\\]|\\.)*"|@\S+', lambda m: "_" * len(m.group()), text)


def _take_duration(text: str) -> tuple[Duration | None, str]:
    masked = _masked(text)
    distance = _DISTANCE.search(masked)
    if distance:
        value = float(distance.group("value"))
        size = {"mtr": 1.0, "km": METRES_PER_KM, "mi": METRES_PER_MILE}[distance.group("unit")]
        return DistanceDuration(value * size), _cut(text, distance)
    for match in _DURATION.finditer(masked):
        if any(match.group(g) for g in ("h", "m", "s")):
            seconds = sum(
                int(match.group(g) or 0) * f for g, f in (("h", 3600), ("m", 60), ("s", 1))
            )
            return TimeDuration(float(seconds)), _cut(text, match)
    return None, text


def _take_pace(text: str) -> tuple[PaceTarget | None, str]:
    match = _PACE.search(_masked(text))
    if match is None:
        return None, text
    size = METRES_PER_KM if match.group("unit").lower() == "km" else METRES_PER_MILE
    paces = [_clock(match.group(g)) * METRES_PER_KM / size for g in ("a", "b") if match.group(g)]
    return PaceTarget(min(paces), max(paces)), _cut(text, match)


def _speedplay_words(words: str, duration: Duration | None) -> Step | None:
    """The step speedplay wrote, read back from its words and the duration."""
    if not words:
        return None
    text = f"{format_duration(duration)} {words}" if duration else words
    try:
        items = parse_workout(text).items
    except WorkoutSyntaxError:
        return None
    return items[0] if len(items) == 1 and isinstance(items[0], Step) else None


def _cut(text: str, match: re.Match[str]) -> str:
    return (text[: match.start()] + " " + text[match.end() :]).strip()


def _clock(text: str) -> float:
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)
