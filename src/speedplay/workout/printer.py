"""Print a :class:`~speedplay.workout.model.Workout` in the workout language, canonically.

Canonical means one spelling per meaning, so equal workouts print equal text, and
``parse_workout(format_workout(w)) == w`` for every workout. Numbers are written in the unit a
runner would use (``8min``, ``2km``, ``1mi``, ``4:50/km``) whenever that unit gives the value back
exactly; otherwise in plain seconds or metres, which always do.
"""

from __future__ import annotations

from dataclasses import dataclass

from speedplay.units import METRES_PER_KM, METRES_PER_MILE
from speedplay.workout import vocabulary as vocab
from speedplay.workout.model import (
    DistanceDuration,
    Duration,
    HeartRateTarget,
    IntensityTarget,
    Intent,
    Item,
    NoTarget,
    OpenDuration,
    PaceTarget,
    RacePaceTarget,
    RpeTarget,
    Step,
    Target,
    Terrain,
    TimeDuration,
    Workout,
    halved,
)

MIN_PYRAMID_REPS = 3
"""Fewer work steps than this read better written out than as a pyramid."""


def format_workout(workout: Workout) -> str:
    """The canonical text of a workout."""
    body = _format_sequence(workout.items, " + ")
    if not workout.name:
        return body
    match = vocab.PLAIN_NAME.fullmatch(workout.name + ":")
    if match and match.group(1) == workout.name:
        return f"{workout.name}: {body}"
    return f"{_quote(workout.name)}: {body}"


def format_step(step: Step) -> str:
    """One step in the workout language: ``60s uphill @rpe8-9 "drive the knees"``."""
    words: list[str] = []
    down_recovery = step.style is not None and step.terrain is Terrain.DOWNHILL
    if not (isinstance(step.duration, OpenDuration) and down_recovery):
        words.append(format_duration(step.duration))
    intent_word = _intent_word(step)
    if down_recovery:
        words += [intent_word, "down"]
    elif step.terrain is not None:
        words.append(step.terrain.value)
    if intent_word and not down_recovery:
        words.append(intent_word)
    return " ".join(words + _attribute_words(step, terrain=False))


def _attribute_words(step: Step, *, terrain: bool = True) -> list[str]:
    """The words after the intent: terrain (when asked), target and cue."""
    words: list[str] = []
    if terrain and step.terrain is not None:
        words.append(step.terrain.value)
    if not isinstance(step.target, NoTarget):
        words.append("@" + format_target(step.target))
    if step.cue is not None:
        words.append(_quote(step.cue))
    return words


def format_duration(duration: Duration) -> str:
    """``90s``, ``8min``, ``400m``, ``2km``, ``1mi`` or ``open``."""
    if isinstance(duration, TimeDuration):
        seconds = duration.seconds
        if seconds == int(seconds):
            minutes, rest = divmod(int(seconds), 60)
            if rest == 0:
                return f"{minutes}min"
            if minutes >= 2:
                return f"{minutes}min{rest}s"
        return f"{vocab.format_number(seconds)}s"
    if isinstance(duration, DistanceDuration):
        return _format_metres([duration.meters])
    return "open"


def format_target(target: Target) -> str:
    """A target without its ``@``: ``rpe8-9``, ``hr160-170``, ``4:50-5:00/km``, ``T``, ``5k``."""
    if isinstance(target, RpeTarget):
        return "rpe" + _whole_range(target.low, target.high)
    if isinstance(target, HeartRateTarget):
        return "hr" + _whole_range(target.low, target.high)
    if isinstance(target, PaceTarget):
        return _format_pace(target.fast, target.slow)
    if isinstance(target, IntensityTarget):
        return vocab.CANONICAL_INTENSITY_WORD[target.intensity]
    if isinstance(target, RacePaceTarget):
        return target.race.label
    return ""


def _format_sequence(items: tuple[Item, ...], separator: str) -> str:
    parts: list[str] = []
    index = 0
    while index < len(items):
        pyramid = _pyramid_at(items, index)
        if pyramid is not None:
            parts.append(pyramid.text)
            index = pyramid.end
            continue
        parts.append(_format_item(items[index]))
        index += 1
    return separator.join(parts)


def _format_item(item: Item) -> str:
    if isinstance(item, Step):
        return format_step(item)
    return f"{item.count}x({_format_sequence(item.items, ', ')})"


def _intent_word(step: Step) -> str:
    if step.style is not None:
        return step.style.value
    if step.intent is Intent.WORK and not isinstance(step.target, NoTarget):
        return ""
    return vocab.CANONICAL_INTENT_WORD[step.intent]


def _whole_range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _format_metres(values: list[float]) -> str:
    """Distances sharing one unit: whole kilometres, exact miles, else metres."""
    for unit, size in (("km", METRES_PER_KM), ("mi", METRES_PER_MILE)):
        numbers = [value / size for value in values]
        if all(
            round(n, 3) == n and float(vocab.format_number(n)) * size == v
            for n, v in zip(numbers, values, strict=True)
        ) and (unit != "km" or all(n == int(n) for n in numbers)):
            return "-".join(vocab.format_number(n) for n in numbers) + unit
    return "-".join(vocab.format_number(v) for v in values) + "m"


def _format_pace(fast: float, slow: float) -> str:
    """A pace range in m:ss per km or per mile when exact to 0.1 s, else in seconds per km."""
    for unit, size in (("km", METRES_PER_KM), ("mi", METRES_PER_MILE)):
        texts = [_clock_for(pace, size) for pace in (fast, slow)]
        if texts[0] is not None and texts[1] is not None:
            return f"{_range_text(texts[0], texts[1])}/{unit}"
    return f"{_range_text(*(vocab.format_number(p) + 's' for p in (fast, slow)))}/km"


def _range_text(low: str, high: str) -> str:
    return low if low == high else f"{low}-{high}"


def _clock_for(pace_s_per_km: float, per_metres: float) -> str | None:
    """``m:ss`` or ``m:ss.s`` over ``per_metres`` that reads back as exactly this pace."""
    written = pace_s_per_km * per_metres / METRES_PER_KM
    for decimals in (0, 1):
        seconds = round(written, decimals)
        minutes, rest = divmod(seconds, 60)
        rest_text = vocab.format_number(round(rest, decimals))
        text = f"{int(minutes)}:{'0' if rest < 10 else ''}{rest_text}"
        read_back = int(minutes) * 60 + float(rest_text)
        if vocab.pace_per_km(read_back, per_metres) == pace_s_per_km:
            return text
    return None


# --- pyramids ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pyramid:
    text: str
    end: int


def _pyramid_at(items: tuple[Item, ...], start: int) -> _Pyramid | None:
    """The longest run from ``start`` that ``pyramid ...`` parses back into, if there is one.

    A pyramid is work steps alike but for their length, each but the last followed by the same
    kind of recovery, whose length is equal to the rep, half of it, or fixed.
    """
    first = items[start]
    if not (_is_pyramid_rep(first) and start + 1 < len(items)):
        return None
    assert isinstance(first, Step)
    best: tuple[int, str] | None = None
    for rule in _rules_for(items[start + 1], first):
        end = _pyramid_end(items, start, rule)
        if best is None or end > best[0]:
            best = (end, rule)
    if best is None:
        return None
    end, rule = best
    reps = [item for item in items[start:end:2] if isinstance(item, Step)]
    recovery = items[start + 1]
    assert isinstance(recovery, Step)
    if len(reps) < MIN_PYRAMID_REPS or len({rep.duration for rep in reps}) == 1:
        return None
    words = [
        "pyramid",
        _pyramid_values([rep.duration for rep in reps]),
        *_attribute_words(first),
        _intent_word(recovery),
        rule,
    ]
    return _Pyramid(" ".join(words), end)


def _pyramid_end(items: tuple[Item, ...], start: int, rule: str) -> int:
    """Index after the last rep that follows ``rule`` from ``start``."""
    first, model = items[start], items[start + 1]
    assert isinstance(first, Step)
    assert isinstance(model, Step)
    end = start + 1
    index = start
    while index + 2 < len(items):
        rep, recovery, following = items[index], items[index + 1], items[index + 2]
        assert isinstance(rep, Step)
        if not (
            _is_pyramid_rep(following)
            and isinstance(following, Step)
            and _same_but_length(following, first)
            and isinstance(recovery, Step)
            and (recovery.intent, recovery.style) == (model.intent, model.style)
            and rule in _rules_for(recovery, rep)
        ):
            break
        index += 2
        end = index + 1
    return end


def _rules_for(item: Item, rep: Step) -> list[str]:
    """The pyramid recovery rules ('equal', 'half', a duration) that make ``item`` after ``rep``."""
    if not (
        isinstance(item, Step)
        and item.intent in (Intent.RECOVERY, Intent.REST)
        and isinstance(item.target, NoTarget)
        and item.terrain is None
        and item.cue is None
        and not isinstance(item.duration, OpenDuration)
    ):
        return []
    rules = [format_duration(item.duration)]
    if item.duration == rep.duration:
        rules.append(vocab.PYRAMID_EQUAL)
    if not isinstance(rep.duration, OpenDuration) and item.duration == halved(rep.duration):
        rules.append(vocab.PYRAMID_HALF)
    return rules


def _is_pyramid_rep(item: Item) -> bool:
    return (
        isinstance(item, Step)
        and item.intent is Intent.WORK
        and isinstance(item.duration, TimeDuration | DistanceDuration)
    )


def _same_but_length(a: Step, b: Step) -> bool:
    return (
        type(a.duration) is type(b.duration)
        and a.target == b.target
        and a.terrain == b.terrain
        and a.cue == b.cue
    )


def _pyramid_values(durations: list[Duration]) -> str:
    if all(isinstance(d, DistanceDuration) for d in durations):
        return _format_metres([d.meters for d in durations if isinstance(d, DistanceDuration)])
    seconds = [d.seconds for d in durations if isinstance(d, TimeDuration)]
    minutes = [s / 60 for s in seconds]
    if all(m == int(m) and int(m) * 60.0 == s for m, s in zip(minutes, seconds, strict=True)):
        return "-".join(str(int(m)) for m in minutes) + "min"
    return "-".join(vocab.format_number(s) for s in seconds) + "s"
