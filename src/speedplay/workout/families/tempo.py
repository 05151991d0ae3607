"""Tempo runs: 'pushing, not bursting' at RPE 7, growing from about 20 toward 40 minutes.

Brief, family 5: a pace that could be held for about 60 min at most, typically 20-40 min of
tempo. Pfitzinger (*Advanced Marathoning*) prescribes 20-40 min; Daniels caps a session's
threshold running at 60 min. The ``cruise`` form splits the same tempo time into three reps with
a short jog, Daniels' cruise intervals (1 min rest per 5 min of threshold running).
"""

from __future__ import annotations

import math

from speedplay.units import format_clock
from speedplay.workout.families.common import (
    TEMPO_EFFORT,
    Family,
    FamilyOptions,
    Level,
    check_week,
    choose_form,
    minutes,
    seconds,
    session,
    title,
)
from speedplay.workout.model import Intent, Repeat, Step, Workout

FORMS = ("continuous", "cruise")

START_MINUTES = {Level.BEGINNER: 15, Level.INTERMEDIATE: 20, Level.ADVANCED: 25}
"""Tempo minutes in week 1."""

WEEKLY_GROWTH = 0.15
"""Each week adds 15% (at least a minute), rounded down: never a bigger jump."""

BLOCK_CAP_MINUTES = {Level.BEGINNER: 40, Level.INTERMEDIATE: 40, Level.ADVANCED: 50}
"""Where a block's growth stops: the top of the brief's 20-40 min, and 50 min for advanced
runners, whose longer blocks would otherwise stall at 40 (still under Daniels' 60)."""

ABSOLUTE_CAP_MINUTES = 60
"""Daniels' most threshold running in one session, and the brief's limit."""

CRUISE_REPS = 3
"""Three reps share the tempo time exactly (whole minutes / 3 = multiples of 20 s), so cruise
weeks grow exactly as continuous ones do."""
CRUISE_REST_PER_MINUTE = 1 / 5
"""Daniels: one minute of jog per five minutes of threshold running."""


def tempo_minutes(level: Level, week: int) -> int:
    """Minutes at tempo in ``week``: grows 15% a week to the level's cap (never above 60)."""
    total = START_MINUTES[level]
    for _ in range(week - 1):
        total = min(total + max(1, math.floor(total * WEEKLY_GROWTH)), BLOCK_CAP_MINUTES[level])
    return min(total, ABSOLUTE_CAP_MINUTES)


def build(level: Level, week: int, options: FamilyOptions) -> Workout:
    """``week`` of a tempo block, continuous or as cruise intervals."""
    check_week(week)
    form = choose_form(Family.TEMPO, FORMS, options)
    total = tempo_minutes(level, week)
    cue = "comfortably hard: pushing, not bursting"
    if form == "continuous":
        main = Step(Intent.WORK, minutes(total), TEMPO_EFFORT, cue=cue)
        return session(title(f"Tempo {total}min", level, week), level, [main])
    rep_seconds = total * 60 // CRUISE_REPS
    rest_seconds = max(60, round(rep_seconds * CRUISE_REST_PER_MINUTE / 15) * 15)
    rep = Step(Intent.WORK, seconds(rep_seconds), TEMPO_EFFORT, cue=cue)
    rest = Step(Intent.RECOVERY, seconds(rest_seconds), cue="easy jog")
    name = title(f"Cruise intervals {CRUISE_REPS}x{format_clock(rep_seconds)}", level, week)
    return session(name, level, [Repeat(CRUISE_REPS, (rep, rest))])
