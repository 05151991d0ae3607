"""A workout's main set in a few characters, for names a watch can show: ``6x1min``,
``25min``, ``4x400m``, ``9 steps to 3min30s``."""

from __future__ import annotations

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
from speedplay.workout.printer import format_duration


def main_set_summary(workout: Workout) -> str:
    """The work of the main set: repeats as ``NxLENGTH``, single work steps joined by ``-``."""
    parts: list[str] = []
    singles: list[Duration] = []
    for item in workout.items:
        if isinstance(item, Repeat) and _first_work(item) is not None:
            parts += [_lengths(singles)] if singles else []
            singles = []
            parts.append(f"{item.count}x{_short(_first_work(item))}")
        elif isinstance(item, Step) and item.intent is Intent.WORK:
            singles.append(item.duration)
    parts += [_lengths(singles)] if singles else []
    return " + ".join(part for part in parts if part)


def _first_work(item: Item) -> Duration | None:
    if isinstance(item, Step):
        return item.duration if item.intent is Intent.WORK else None
    for child in item.items:
        found = _first_work(child)
        if found is not None:
            return found
    return None


def _short(duration: Duration | None) -> str:
    if duration is None or isinstance(duration, OpenDuration):
        return "surge"
    return format_duration(duration)


MAX_LISTED_STEPS = 5
"""Longer runs of single steps (a pyramid) are named by their count and peak instead."""


def _lengths(durations: list[Duration]) -> str:
    if len(durations) > MAX_LISTED_STEPS:
        longest = max(durations, key=_size)
        return f"{len(durations)} steps to {_short(longest)}"
    return "-".join(_short(d) for d in durations)


def _size(duration: Duration) -> float:
    if isinstance(duration, TimeDuration):
        return duration.seconds
    if isinstance(duration, DistanceDuration):
        return duration.meters
    return 0.0
