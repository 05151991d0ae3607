"""Workouts in plain words for people: step lines with targets in the runner's units.

Shared by the terminal tables, calendars and Markdown exports, so a step reads the same in each.
"""

from __future__ import annotations

from collections.abc import Callable

from speedplay.physiology.targets import Resolved
from speedplay.units import UnitSystem, format_clock, format_distance, format_pace_range
from speedplay.workout.model import (
    DistanceDuration,
    Duration,
    HeartRateTarget,
    IntensityTarget,
    Intent,
    Item,
    PaceTarget,
    RacePaceTarget,
    Repeat,
    RpeTarget,
    Step,
    Target,
    TimeDuration,
    Workout,
)

Resolver = Callable[[Step], Resolved]

INTENT_LABEL = {
    Intent.WARMUP: "warm-up",
    Intent.WORK: "work",
    Intent.RECOVERY: "rec",
    Intent.REST: "rest",
    Intent.COOLDOWN: "cool-down",
    Intent.EASY: "easy",
}


def describe_duration(duration: Duration, units: UnitSystem) -> str:
    """``10:00``, ``400 m``, ``1.00 mi`` or ``lap`` (until the lap button)."""
    if isinstance(duration, TimeDuration):
        return format_clock(duration.seconds)
    if isinstance(duration, DistanceDuration):
        return format_distance(duration.meters, units)
    return "lap"


def describe_target(target: Target, units: UnitSystem) -> str:
    """A target as a runner reads it: ``RPE 8-9``, ``4:50-5:00/km``, ``threshold``, ``5k pace``."""
    if isinstance(target, RpeTarget):
        effort = str(target.low) if target.low == target.high else f"{target.low}-{target.high}"
        return f"RPE {effort}"
    if isinstance(target, PaceTarget):
        return format_pace_range(target.fast, target.slow, units)
    if isinstance(target, HeartRateTarget):
        bpm = str(target.low) if target.low == target.high else f"{target.low}-{target.high}"
        return f"{bpm} bpm"
    if isinstance(target, IntensityTarget):
        return target.intensity.value
    if isinstance(target, RacePaceTarget):
        return f"{target.race.key} pace"
    return ""


def describe_intent(step: Step) -> str:
    """``warm-up``, ``work``, ``jog``, ``walk``, ``float``, ``rest``, ``cool-down``, ``easy``."""
    return INTENT_LABEL[step.intent] if step.style is None else step.style.value


def describe_resolved(resolved: Resolved, units: UnitSystem) -> tuple[str, str]:
    """The pace range and heart-rate range of a resolved step, empty where unknown."""
    pace = format_pace_range(*resolved.pace, units) if resolved.pace else ""
    heart = f"{resolved.heart_rate[0]}-{resolved.heart_rate[1]}" if resolved.heart_rate else ""
    return pace, heart


def describe_goal(step: Step, units: UnitSystem, resolve: Resolver | None = None) -> str:
    """A step's target with what it means for the runner: ``RPE 8-9 (4:07-4:22/km, 168-178
    bpm)``; empty for a step without one."""
    target = describe_target(step.target, units)
    details = []
    if resolve is not None:
        pace, heart = describe_resolved(resolve(step), units)
        details = [part for part in (pace, f"{heart} bpm" if heart else "") if part]
    text = target
    if details:
        text += f" ({', '.join(details)})" if target else ", ".join(details)
    return text


def describe_step(step: Step, units: UnitSystem, resolve: Resolver | None = None) -> str:
    """One line: ``0:30 work, RPE 8-9 (4:07-4:22/km, 168-178 bpm), uphill: drive the knees``."""
    text = f"{describe_duration(step.duration, units)} {describe_intent(step)}"
    goal = describe_goal(step, units, resolve)
    if describe_target(step.target, units):
        text += f", {goal}"
    elif goal:
        text += f" ({goal})"
    if step.terrain is not None:
        text += f", {step.terrain}"
    if step.cue:
        text += f": {step.cue}"
    return text


def file_ranges(
    step: Step, resolve: Resolver | None
) -> tuple[tuple[float, float] | None, tuple[int, int] | None]:
    """The pace range [s/km] and heart-rate range [bpm] a workout file should carry for a
    step: its own when it names one, else the runner's resolution of its effort."""
    if isinstance(step.target, PaceTarget):
        return (step.target.fast, step.target.slow), None
    if isinstance(step.target, HeartRateTarget):
        return None, (step.target.low, step.target.high)
    if resolve is None:
        return None, None
    resolved = resolve(step)
    return resolved.pace, resolved.heart_rate


def describe_lines(
    workout: Workout, units: UnitSystem, resolve: Resolver | None = None
) -> list[str]:
    """The workout as indented lines, a repeat as ``5 times:`` over its steps."""
    return _lines(workout.items, units, resolve, "")


def _lines(
    items: tuple[Item, ...], units: UnitSystem, resolve: Resolver | None, indent: str
) -> list[str]:
    lines: list[str] = []
    for item in items:
        if isinstance(item, Repeat):
            lines.append(f"{indent}{item.count} times:")
            lines += _lines(item.items, units, resolve, indent + "  ")
        else:
            lines.append(f"{indent}- {describe_step(item, units, resolve)}")
    return lines
