"""Pyramids: build to a peak and back down, each step with an equal recovery.

Brief, family 4: choose the peak and build to it, 1-2-3-4-5 min each with equal rest, then back
down; time or distance; longer steps are run slower (the targets resolve by rep length).

The progression raises the peak by a half step each week (30 s or 100-200 m) over fixed rungs,
so the peak grows while the total hard time rises by only a few percent: adding a whole rung
(1-2-3-2-1 to 1-2-3-4-3-2-1) would nearly double the work in one week.
"""

from __future__ import annotations

from speedplay.units import format_clock
from speedplay.workout.families.common import (
    HARD,
    Family,
    FamilyOptions,
    Level,
    check_week,
    choose_form,
    session,
    title,
)
from speedplay.workout.model import (
    DistanceDuration,
    Duration,
    Intent,
    Item,
    Step,
    TimeDuration,
    Workout,
)

FORMS = ("time", "distance")

TIME_RUNGS = {  # level: (rungs below the peak [s], peak in week 1 [s])
    Level.BEGINNER: ((60, 120), 150),
    Level.INTERMEDIATE: ((60, 120, 180), 210),
    Level.ADVANCED: ((60, 120, 180, 240), 270),
}
TIME_PEAK_STEP = 30
"""The peak grows 30 s a week."""

DISTANCE_RUNGS = {  # level: (rungs below the peak [m], peak in week 1 [m])
    Level.BEGINNER: ((200, 400), 500),
    Level.INTERMEDIATE: ((200, 400, 600), 700),
    Level.ADVANCED: ((400, 800, 1200), 1400),
}
DISTANCE_PEAK_STEP = {Level.BEGINNER: 100, Level.INTERMEDIATE: 100, Level.ADVANCED: 200}
"""The peak grows 100 m a week (200 m for advanced runners)."""


def build(level: Level, week: int, options: FamilyOptions) -> Workout:
    """``week`` of a pyramid block: the level's rungs up, a peak that grows, the rungs down."""
    check_week(week)
    form = choose_form(Family.PYRAMID, FORMS, options)
    durations: list[Duration]
    if form == "time":
        rungs, first_peak = TIME_RUNGS[level]
        peak = first_peak + TIME_PEAK_STEP * (week - 1)
        durations = [TimeDuration(float(s)) for s in (*rungs, peak, *reversed(rungs))]
        shape = "-".join(format_clock(s) for s in (*rungs, peak, *reversed(rungs)))
    else:
        rungs, first_peak = DISTANCE_RUNGS[level]
        peak = first_peak + DISTANCE_PEAK_STEP[level] * (week - 1)
        durations = [DistanceDuration(float(m)) for m in (*rungs, peak, *reversed(rungs))]
        shape = "-".join(f"{m}" for m in (*rungs, peak, *reversed(rungs))) + "m"
    return session(title(f"Pyramid {shape}", level, week), level, _ladder(durations))


def _ladder(durations: list[Duration]) -> list[Item]:
    """Work steps with an equal jog between them (none after the last: the cool-down follows)."""
    items: list[Item] = []
    for index, duration in enumerate(durations):
        if index:
            items.append(Step(Intent.RECOVERY, durations[index - 1]))
        items.append(Step(Intent.WORK, duration, HARD, cue="longer steps run a little slower"))
    return items
