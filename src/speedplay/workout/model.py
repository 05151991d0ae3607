"""The workout model: what a session is, independent of how it is written or stored.

A :class:`Workout` is a name and an ordered tuple of items; an item is a :class:`Step` or a
:class:`Repeat` (a count and items, nestable). A step has an intent, a duration (time, distance,
or open: until the runner presses lap), a target, optional terrain and an optional cue.

Everything is frozen: workouts are values, compared with ``==`` and safe to share. Quantities are
SI (``seconds [s]``, ``meters [m]``) except pace, kept as ``[s/km]`` as runners think of it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from speedplay.errors import InvalidValueError
from speedplay.races import Race

MAX_REPEAT = 99
"""Most repetitions one repeat may have: no coach writes more, and TCX caps repetitions at 99."""

MAX_STEP_SECONDS = 6 * 3600
MAX_STEP_METRES = 100_000
"""The longest step: six hours, or 100 km. A speed session's longest part is a warm-up or a
tempo run; a step of ten thousand hours is a typing mistake, not a plan."""

MAX_STEPS = 1_000
"""Most steps a workout may have once its repeats are run (a repeat of repeats multiplies):
every watch format has far fewer slots, and a timer would run for days."""

RPE_MIN, RPE_MAX = 1, 10
"""Borg's CR-10 effort scale as runners use it (Borg 1982)."""

HR_MIN, HR_MAX = 30, 250
"""Heart rates outside this band [bpm] are typing mistakes, not targets."""


class Intent(StrEnum):
    """What a step is for. Watches show it and analysis scores by it."""

    WARMUP = "warmup"
    WORK = "work"
    RECOVERY = "recovery"
    REST = "rest"
    COOLDOWN = "cooldown"
    EASY = "easy"


class Terrain(StrEnum):
    """Where a step is run, when it matters: hill reps go up, recoveries come down."""

    UPHILL = "uphill"
    DOWNHILL = "downhill"


class RecoveryStyle(StrEnum):
    """How a recovery is run. The brief wants recoveries active: a jog, a walk or a float."""

    JOG = "jog"
    WALK = "walk"
    FLOAT = "float"
    """Steady running between surges, as in the Mona fartlek; faster than a jog."""


class Intensity(StrEnum):
    """Daniels' named training intensities (Daniels' Running Formula, ch. 4)."""

    EASY = "easy"
    MARATHON = "marathon"
    THRESHOLD = "threshold"
    INTERVAL = "interval"
    REPETITION = "repetition"


# --- durations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeDuration:
    """A step that lasts a time [s]."""

    seconds: float

    def __post_init__(self) -> None:
        _require_positive(self.seconds, "a duration")
        if self.seconds > MAX_STEP_SECONDS:
            raise InvalidValueError(
                f"a step lasts at most {MAX_STEP_SECONDS // 3600} hours, found "
                f"{self.seconds / 3600:,.6g} hours"
            )


@dataclass(frozen=True)
class DistanceDuration:
    """A step that lasts a distance [m]."""

    meters: float

    def __post_init__(self) -> None:
        _require_positive(self.meters, "a distance")
        if self.meters > MAX_STEP_METRES:
            raise InvalidValueError(
                f"a step is at most {MAX_STEP_METRES // 1000} km, "
                f"found {self.meters / 1000:,.6g} km"
            )


@dataclass(frozen=True)
class OpenDuration:
    """A step that lasts until the runner presses lap: the way back down a hill, a free surge."""


Duration = TimeDuration | DistanceDuration | OpenDuration


def halved(duration: Duration) -> Duration:
    """Half as long (a pyramid's ``half`` recovery); an open step stays open."""
    if isinstance(duration, TimeDuration):
        return TimeDuration(duration.seconds / 2)
    if isinstance(duration, DistanceDuration):
        return DistanceDuration(duration.meters / 2)
    return duration


# --- targets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoTarget:
    """No target: run it by feel or as the intent says."""


@dataclass(frozen=True)
class RpeTarget:
    """An effort range on the 1-10 scale, inclusive: 8-9 for hard bouts, 7 for tempo."""

    low: int
    high: int

    def __post_init__(self) -> None:
        for value in (self.low, self.high):
            if not RPE_MIN <= value <= RPE_MAX:
                raise InvalidValueError(f"RPE runs from {RPE_MIN} to {RPE_MAX}, found {value}")
        _require_ordered(self.low, self.high, "an RPE range")


@dataclass(frozen=True)
class PaceTarget:
    """A pace range [s/km]; ``fast`` is the smaller number."""

    fast: float
    slow: float

    def __post_init__(self) -> None:
        _require_positive(self.fast, "a pace")
        _require_positive(self.slow, "a pace")
        if self.fast > self.slow:
            raise InvalidValueError("a pace range goes from the fast pace to the slow one")


@dataclass(frozen=True)
class HeartRateTarget:
    """A heart-rate range [bpm], inclusive."""

    low: int
    high: int

    def __post_init__(self) -> None:
        for value in (self.low, self.high):
            if not HR_MIN <= value <= HR_MAX:
                raise InvalidValueError(
                    f"heart rate must be from {HR_MIN} to {HR_MAX} bpm, found {value}"
                )
        _require_ordered(self.low, self.high, "a heart-rate range")


@dataclass(frozen=True)
class IntensityTarget:
    """A named Daniels intensity (E, M, T, I, R), resolved to a pace from the runner's fitness."""

    intensity: Intensity


@dataclass(frozen=True)
class RacePaceTarget:
    """The runner's current race pace for a distance: ``@5k`` is 5 km race pace."""

    race: Race


Target = NoTarget | RpeTarget | PaceTarget | HeartRateTarget | IntensityTarget | RacePaceTarget


# --- steps, repeats, workouts ----------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One thing to do, for a time, a distance or until lap.

    ``style`` says how a recovery is run and exists only for recoveries; it defaults to a jog.
    ``cue`` is the words a coach would call out ("drive the knees").
    """

    intent: Intent
    duration: Duration
    target: Target = field(default_factory=NoTarget)
    terrain: Terrain | None = None
    cue: str | None = None
    style: RecoveryStyle | None = None

    def __post_init__(self) -> None:
        if self.intent is Intent.RECOVERY and self.style is None:
            object.__setattr__(self, "style", RecoveryStyle.JOG)
        if self.intent is not Intent.RECOVERY and self.style is not None:
            raise InvalidValueError(f"only a recovery has a style, not a {self.intent} step")
        if self.cue is not None:
            _require_printable(self.cue, "a cue")


@dataclass(frozen=True)
class Repeat:
    """``count`` times the ``items``, in order."""

    count: int
    items: tuple[Item, ...]

    def __post_init__(self) -> None:
        if not 1 <= self.count <= MAX_REPEAT:
            raise InvalidValueError(
                f"a repeat count runs from 1 to {MAX_REPEAT}, found {self.count}"
            )
        if not self.items:
            raise InvalidValueError("a repeat needs at least one step")


Item = Step | Repeat


@dataclass(frozen=True)
class RepeatPosition:
    """Where an expanded step sits in one enclosing repeat: rep ``index`` (1-based) of ``count``."""

    index: int
    count: int


@dataclass(frozen=True)
class ExpandedStep:
    """A step as the runner meets it, with its place in each enclosing repeat, outermost first."""

    step: Step
    reps: tuple[RepeatPosition, ...]


@dataclass(frozen=True)
class Workout:
    """A named session: the ordered items, with totals derived from them.

    An easy step first or last in a workout of several items is its warm-up or cool-down; the
    model makes that so on construction, so every format agrees on it.
    """

    name: str
    items: tuple[Item, ...]

    def __post_init__(self) -> None:
        if not self.items:
            raise InvalidValueError("a workout needs at least one step")
        if self.name:
            _require_printable(self.name, "a workout name")
        steps = steps_once_run(self.items)
        if steps > MAX_STEPS:
            raise InvalidValueError(
                f"a workout has at most {MAX_STEPS} steps once its repeats are run, found {steps:,}"
            )
        object.__setattr__(self, "items", _easy_ends_as_warmup_cooldown(self.items))

    def expanded(self) -> Iterator[ExpandedStep]:
        """Every step in the order it is run, repeats multiplied out."""
        yield from _expand(self.items, ())

    @property
    def total_seconds(self) -> float | None:
        """Duration of the whole session [s], or None when a step's length is not a time."""
        if any(not isinstance(step.duration, TimeDuration) for step in _unique_steps(self.items)):
            return None
        return sum(self.seconds_by_intent().values())

    @property
    def work_seconds(self) -> float:
        """Time of the time-based work steps [s], repeats multiplied out."""
        return self.seconds_by_intent().get(Intent.WORK, 0.0)

    def seconds_by_intent(self) -> dict[Intent, float]:
        """Time per intent [s], counting only steps whose duration is a time."""
        return _totals(self.items, lambda d: d.seconds if isinstance(d, TimeDuration) else None)

    def meters_by_intent(self) -> dict[Intent, float]:
        """Distance per intent [m], counting only steps whose duration is a distance."""
        return _totals(self.items, lambda d: d.meters if isinstance(d, DistanceDuration) else None)


def _totals(
    items: tuple[Item, ...], amount: Callable[[Duration], float | None]
) -> dict[Intent, float]:
    """Sum ``amount`` per intent, multiplying repeats rather than expanding them."""
    totals: dict[Intent, float] = {}
    for item in items:
        if isinstance(item, Step):
            value = amount(item.duration)
            if value is not None:
                totals[item.intent] = totals.get(item.intent, 0.0) + value
            continue
        for intent, value in _totals(item.items, amount).items():
            totals[intent] = totals.get(intent, 0.0) + value * item.count
    return totals


def _unique_steps(items: tuple[Item, ...]) -> Iterator[Step]:
    for item in items:
        if isinstance(item, Step):
            yield item
        else:
            yield from _unique_steps(item.items)


def _expand(items: tuple[Item, ...], reps: tuple[RepeatPosition, ...]) -> Iterator[ExpandedStep]:
    for item in items:
        if isinstance(item, Step):
            yield ExpandedStep(item, reps)
        else:
            for index in range(1, item.count + 1):
                yield from _expand(item.items, (*reps, RepeatPosition(index, item.count)))


def _easy_ends_as_warmup_cooldown(items: tuple[Item, ...]) -> tuple[Item, ...]:
    if len(items) < 2:
        return items
    first, *middle, last = items
    if isinstance(first, Step) and first.intent is Intent.EASY:
        first = _with_intent(first, Intent.WARMUP)
    if isinstance(last, Step) and last.intent is Intent.EASY:
        last = _with_intent(last, Intent.COOLDOWN)
    return (first, *middle, last)


def _with_intent(step: Step, intent: Intent) -> Step:
    return Step(intent, step.duration, step.target, step.terrain, step.cue)


def steps_once_run(items: tuple[Item, ...]) -> int:
    """How many steps ``items`` are once every repeat is run (a repeat of repeats multiplies),
    counted without running them."""
    return sum(
        1 if isinstance(item, Step) else item.count * steps_once_run(item.items) for item in items
    )


def _require_positive(value: float, what: str) -> None:
    if not (math.isfinite(value) and value > 0):
        raise InvalidValueError(f"{what} must be a positive number, found {value:g}")


def _require_ordered(low: float, high: float, what: str) -> None:
    if low > high:
        raise InvalidValueError(f"{what} goes from low to high, found {low:g}-{high:g}")


def _require_printable(text: str, what: str) -> None:
    if not text.strip() or not text.isprintable():
        raise InvalidValueError(f"{what} must be printable text on one line, found {text!r}")
