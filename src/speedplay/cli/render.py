"""How workouts look in the terminal: step tables and totals in the runner's units."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

from speedplay.cli.terminal import new_table
from speedplay.formats.describe import (
    INTENT_LABEL,
    describe_duration,
    describe_intent,
    describe_resolved,
    describe_target,
)
from speedplay.physiology.targets import Resolved
from speedplay.units import UnitSystem, format_clock, format_distance
from speedplay.workout.model import ExpandedStep, Intent, Step, Workout

NOTES_MIN_WIDTH = 10
"""Cues wrap within this much room rather than squeezing into a sliver."""

if TYPE_CHECKING:
    from rich.table import Table


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
    table = new_table(title=workout.name or None, title_justify="left")
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
            describe_intent(step),
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


SHOWN_CHANGES = 3
"""A long history (an old archive imported) changes the plan many times: the latest few are
shown, all are stored (``speedplay plan --show``)."""


def print_changes(reasons: list[str]) -> None:
    """The plan's changes, newest last; the latest few when there are many."""
    if len(reasons) > SHOWN_CHANGES:
        typer.echo(f"Your plan changed {len(reasons)} times; the latest:")
    for reason in reasons[-SHOWN_CHANGES:]:
        typer.echo(f"Your plan changed: {reason}")
