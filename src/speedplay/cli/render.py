"""How workouts look in the terminal: step tables and totals in the runner's units."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table

from speedplay.physiology.targets import Resolved
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
    Step,
    Target,
    TimeDuration,
    Workout,
)

NOTES_MIN_WIDTH = 10
"""Cues wrap within this much room rather than squeezing into a sliver."""

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
        return target.intensity.value
    if isinstance(target, RacePaceTarget):
        return f"{target.race.key} pace"
    return ""


def describe_reps(expanded: ExpandedStep) -> str:
    """``rep 3/5``; nested repeats read outermost first: ``set 1/2 rep 3/5``."""
    words = [f"{p.index}/{p.count}" for p in expanded.reps]
    if not words:
        return ""
    return " ".join([*(f"set {w}" for w in words[:-1]), f"rep {words[-1]}"])


def workout_table(
    workout: Workout, units: UnitSystem, resolve: Callable[[Step], Resolved] | None = None
) -> Table:
    """One row per step as the runner meets it, repeats expanded; with ``resolve``, the
    runner's pace range (and heart-rate range, when known) too."""
    expanded_steps = list(workout.expanded())
    resolved = [resolve(e.step) for e in expanded_steps] if resolve is not None else []
    show_heart = any(r.heart_rate for r in resolved)
    table = Table(title=workout.name or None, title_justify="left")
    for column in ("Rep", "Step", "Length", "Target"):
        table.add_column(column)
    if resolve is not None:
        table.add_column("Pace", no_wrap=True)
    if show_heart:
        table.add_column("HR bpm", no_wrap=True)
    table.add_column("Notes", min_width=NOTES_MIN_WIDTH, ratio=1)
    for index, expanded in enumerate(expanded_steps):
        step = expanded.step
        cells = [
            describe_reps(expanded),
            INTENT_LABEL[step.intent] if step.style is None else step.style.value,
            describe_duration(step.duration, units),
            describe_target(step.target, units),
        ]
        if resolve is not None:
            pace, heart = describe_resolved(resolved[index], units)
            cells += [pace, heart] if show_heart else [pace]
        first_time = all(position.index == 1 for position in expanded.reps)
        notes = ", ".join(part for part in (step.terrain, step.cue) if part)
        table.add_row(*cells, notes if first_time else "")
    return table


def describe_resolved(resolved: Resolved, units: UnitSystem) -> list[str]:
    """The pace range and heart-rate range cells of a resolved step."""
    pace = format_pace_range(*resolved.pace, units) if resolved.pace else ""
    heart = f"{resolved.heart_rate[0]}-{resolved.heart_rate[1]}" if resolved.heart_rate else ""
    return [pace, heart]


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
