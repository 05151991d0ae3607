"""Basic intervals: equal work and rest, one more cycle each week.

Brief, family 1: start with 30 s on / 30 s off for 3-5 cycles and add one cycle a week, work at
RPE 8-9, recover with a slow jog. The ``60-60`` form is the same session with minute-long bouts
for a runner who has done a block of 30/30 (Billat's 30-30 is the classic of the short form:
Billat et al. 2000, Eur J Appl Physiol 81:188).
"""

from __future__ import annotations

from speedplay.workout.families.common import (
    HARD,
    Family,
    FamilyOptions,
    Level,
    check_week,
    choose_form,
    seconds,
    session,
    title,
)
from speedplay.workout.model import Intent, Repeat, Step, Workout

FORMS = ("30-30", "60-60")

START_CYCLES = {Level.BEGINNER: 3, Level.INTERMEDIATE: 4, Level.ADVANCED: 5}
"""Cycles in week 1: the brief's 3-5, by level."""

BOUT_SECONDS = {"30-30": 30, "60-60": 60}


def build(level: Level, week: int, options: FamilyOptions) -> Workout:
    """``week`` of a basic-intervals block: START_CYCLES + (week - 1) cycles of equal on/off."""
    check_week(week)
    form = choose_form(Family.INTERVALS, FORMS, options)
    bout = BOUT_SECONDS[form]
    cycles = START_CYCLES[level] + week - 1
    work = Step(Intent.WORK, seconds(bout), HARD, cue="hard but controlled, tall and relaxed")
    recovery = Step(Intent.RECOVERY, seconds(bout), cue="slow jog, keep moving")
    name = title(f"Intervals {cycles}x{bout}/{bout}", level, week)
    return session(name, level, [Repeat(cycles, (work, recovery))])
