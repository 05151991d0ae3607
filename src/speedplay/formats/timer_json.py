"""A workout as the browser's interval timer runs it: every step in order, repeats unrolled,
with what to show and what to say. The timing rules are the terminal timer's
(``timer/engine.py``): a timed step ends by itself after a 3-2-1 countdown, a distance or open
step when the runner presses lap."""

from __future__ import annotations

from typing import Any

from speedplay.formats.describe import (
    Resolver,
    describe_duration,
    describe_goal,
    describe_intent,
)
from speedplay.timer.engine import COUNTDOWN_FROM, announce
from speedplay.units import UnitSystem
from speedplay.workout.model import Intent, TimeDuration, Workout


def timer_document(workout: Workout, units: UnitSystem, resolve: Resolver | None) -> dict[str, Any]:
    """``{"name", "countdown", "steps": [...]}``; each step's ``seconds`` is None when it ends
    on lap, ``say`` is what the timer speaks as it starts."""
    steps = []
    for expanded in workout.expanded():
        step = expanded.step
        position = expanded.reps[-1] if expanded.reps else None
        duration = step.duration
        steps.append(
            {
                "label": describe_intent(step),
                "rep": f"rep {position.index} of {position.count}" if position else "",
                "seconds": duration.seconds if isinstance(duration, TimeDuration) else None,
                "length": describe_duration(duration, units),
                "goal": describe_goal(step, units, resolve),
                "cue": step.cue or "",
                "say": announce(expanded, units),
                "hard": step.intent is Intent.WORK,
            }
        )
    return {"name": workout.name, "countdown": COUNTDOWN_FROM, "steps": steps}
