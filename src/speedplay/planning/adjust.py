"""Lighter versions of a session: fewer reps or shorter ones, at the same effort.

Used for the lighter week that closes a block (Friel's recovery week: volume down 20-40 %,
intensity kept), for the taper (Bosquet et al. 2007, *MSSE* 39:1358: cut volume 41-60 %, keep
intensity and frequency) and to respect Daniels' volume caps. Warm-up and cool-down stay; the
main set keeps its shape: a repeat loses reps, a set of single steps (a pyramid, a tempo run, a
guided fartlek) has each step shortened by the same factor, recoveries that match their rep
shortened alike.
"""

from __future__ import annotations

import math
from dataclasses import replace

from speedplay.workout.model import (
    DistanceDuration,
    Duration,
    Intent,
    Item,
    OpenDuration,
    Repeat,
    Step,
    TimeDuration,
    Workout,
)

TIME_ROUNDING_S = 5.0
DISTANCE_ROUNDING_M = 10.0
"""Steps of a lighter session are rounded to what a runner can follow: 5 s, 10 m."""

COARSE_ROUNDING = (TIME_ROUNDING_S, DISTANCE_ROUNDING_M)

REP_LENGTH_KEEP_MIN = 0.95
"""When dropping whole reps leaves more than 5 % too much work, the reps are shortened too."""
FINE_ROUNDING = (1.0, 1.0)


def lighten(workout: Workout, keep: float) -> Workout:
    """``workout`` with its hard work cut to about ``keep`` (0-1): fewer reps of the same length
    where the main set repeats (each rep keeps its quality), else shorter steps."""
    items = list(workout.items)
    body = slice(1, -1) if _has_ends(items) else slice(0, len(items))
    main = items[body]
    if any(isinstance(item, Repeat) for item in main):
        main = [_fewer(item, keep) if isinstance(item, Repeat) else item for item in main]
    else:
        main = [_shorter(item, keep) for item in main]
    items[body] = main
    return Workout(workout.name, tuple(items))


def shorten(workout: Workout, keep: float) -> Workout:
    """``workout`` with every work and recovery step ``keep`` times as long, the reps kept:
    a block shortened this way keeps its week-to-week progression. Steps round to the whole
    second and metre, fine enough not to blur one week's step from the next."""
    items = list(workout.items)
    body = slice(1, -1) if _has_ends(items) else slice(0, len(items))
    items[body] = [_shorter(item, keep, FINE_ROUNDING) for item in items[body]]
    return Workout(workout.name, tuple(items))


def timed_surges(workout: Workout, seconds: float) -> Workout:
    """``workout`` with its open work steps (surges to a landmark) made ``seconds`` long."""
    return Workout(workout.name, tuple(_timed(item, seconds) for item in workout.items))


def _timed(item: Item, seconds: float) -> Item:
    if isinstance(item, Repeat):
        return Repeat(item.count, tuple(_timed(child, seconds) for child in item.items))
    if item.intent is Intent.WORK and isinstance(item.duration, OpenDuration):
        return replace(item, duration=TimeDuration(seconds))
    return item


def work_count(workout: Workout) -> int:
    """How many work steps the runner meets."""
    return sum(1 for e in workout.expanded() if e.step.intent is Intent.WORK)


def _has_ends(items: list[Item]) -> bool:
    first, last = items[0], items[-1]
    return (
        len(items) > 2
        and isinstance(first, Step)
        and first.intent is Intent.WARMUP
        and isinstance(last, Step)
        and last.intent is Intent.COOLDOWN
    )


def _fewer(repeat: Repeat, keep: float) -> Repeat:
    """Fewer reps; when whole reps cannot hit ``keep`` closely, the reps also get shorter."""
    if not _holds_work(repeat):
        return repeat
    count = max(1, math.floor(repeat.count * keep + 0.5))
    rest = keep * repeat.count / count
    items = repeat.items
    if rest < REP_LENGTH_KEEP_MIN:
        items = tuple(_shorter(item, rest) for item in items)
    return Repeat(count, items)


def _holds_work(item: Item) -> bool:
    if isinstance(item, Step):
        return item.intent is Intent.WORK
    return any(_holds_work(child) for child in item.items)


def _shorter(item: Item, keep: float, rounding: tuple[float, float] = COARSE_ROUNDING) -> Item:
    if isinstance(item, Repeat):
        return Repeat(item.count, tuple(_shorter(child, keep, rounding) for child in item.items))
    if item.intent not in (Intent.WORK, Intent.RECOVERY, Intent.REST):
        return item
    return replace(item, duration=_scaled(item.duration, keep, rounding))


def _scaled(duration: Duration, keep: float, rounding: tuple[float, float]) -> Duration:
    seconds_step, metres_step = rounding
    if isinstance(duration, TimeDuration):
        return TimeDuration(_rounded(duration.seconds * keep, seconds_step))
    if isinstance(duration, DistanceDuration):
        return DistanceDuration(_rounded(duration.meters * keep, metres_step))
    return duration


def _rounded(value: float, step: float) -> float:
    """``value`` to the nearest ``step``, never below one step."""
    return max(step, round(value / step) * step)
