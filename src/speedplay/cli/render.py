"""How workouts look in the terminal: step tables and totals in the runner's units."""

from __future__ import annotations

from rich.table import Table

from speedplay.units import UnitSystem, format_clock, format_distance, format_pace_range
from speedplay.workout.model import (
    DistanceDuration,
    Duration,
    ExpandedStep,
    HeartRateTarget,
    IntensityTarget,
    Intent,
    PaceTarget,
    RacePaceTarget,
    RpeTarget,
    Target,
    TimeDuration,
    Workout,
)

INTENT_LABEL = {
    Intent.WARMUP: "warm-up",
    Intent.WORK: "work",
    Intent.RECOVERY: "recovery",
    Intent.REST: "rest",
    Intent.COOLDOWN: "cool-down",
    Intent.EASY: "easy",
}


def describe_duration(duration: Duration, units: UnitSystem) -> str:
    """``10:00``, ``400 m``, ``1.00 mi`` or ``until lap``."""
    if isinstance(duration, TimeDuration):
        return format_clock(duration.seconds)
    if isinstance(duration, DistanceDuration):
        return format_distance(duration.meters, units)
    return "until lap"


def describe_target(target: Target, units: UnitSystem) -> str:
    """A target as a runner reads it: ``RPE 8-9``, ``4:50-5:00/km``, ``T pace``, ``5k pace``."""
    if isinstance(target, RpeTarget):
        return (
            f"RPE {target.low}" if target.low == target.high else f"RPE {target.low}-{target.high}"
        )
    if isinstance(target, PaceTarget):
        return format_pace_range(target.fast, target.slow, units)
    if isinstance(target, HeartRateTarget):
        bpm = str(target.low) if target.low == target.high else f"{target.low}-{target.high}"
        return f"{bpm} bpm"
    if isinstance(target, IntensityTarget):
        return f"{target.intensity} pace"
    if isinstance(target, RacePaceTarget):
        return f"{target.race.label} race pace"
    return ""


def describe_reps(expanded: ExpandedStep) -> str:
    """``rep 3/5``; nested repeats read outermost first: ``set 1/2 rep 3/5``."""
    words = [f"{p.index}/{p.count}" for p in expanded.reps]
    if not words:
        return ""
    return " ".join([*(f"set {w}" for w in words[:-1]), f"rep {words[-1]}"])


def workout_table(workout: Workout, units: UnitSystem) -> Table:
    """One row per step as the runner meets it, repeats expanded."""
    table = Table(title=workout.name or None, title_justify="left")
    for column in ("#", "Rep", "Step", "Duration", "Target", "Notes"):
        table.add_column(column, justify="right" if column == "#" else "left")
    for number, expanded in enumerate(workout.expanded(), start=1):
        step = expanded.step
        step_label = INTENT_LABEL[step.intent]
        if step.style is not None:
            step_label = f"{step_label} ({step.style})"
        notes = ", ".join(part for part in (step.terrain, step.cue) if part)
        table.add_row(
            str(number),
            describe_reps(expanded),
            step_label,
            describe_duration(step.duration, units),
            describe_target(step.target, units),
            notes,
        )
    return table


def totals_line(workout: Workout, units: UnitSystem) -> str:
    """Total and work time, then time and distance per intent."""
    total = workout.total_seconds
    parts = [f"total {format_clock(total)}" if total is not None else "total depends on pace"]
    if workout.work_seconds:
        parts.append(f"work {format_clock(workout.work_seconds)}")
    parts += [
        f"{INTENT_LABEL[intent]} {format_clock(seconds)}"
        for intent, seconds in workout.seconds_by_intent().items()
        if intent is not Intent.WORK
    ]
    parts += [
        f"{INTENT_LABEL[intent]} {format_distance(metres, units)}"
        for intent, metres in workout.meters_by_intent().items()
    ]
    return " · ".join(parts)
