"""Hill repeats and hill sprints: run up hard, come down easy, keep moving.

Brief, family 3: run up at RPE 8-9, jog slowly back down as the recovery, add reps and/or
length each week; cues: drive the knees, pick up the feet, stay tall.

``repeats`` (the default) are 30-75 s climbs with a jog down (Outside's hill-repeat progression:
reps of 30 s-2 min). ``sprints`` follow Hudson & Fitzgerald, *Run Faster* (2008): 8-12 s on a
steep hill with a full walk-down recovery of at least 2 min, one or two more each week up to
about ten, then a little longer. Hudson asks for maximal sprints; speedplay keeps them at RPE 9
because the brief never prescribes RPE 10.
"""

from __future__ import annotations

from speedplay.workout.families.common import (
    HARD,
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
from speedplay.workout.model import (
    Intent,
    OpenDuration,
    RecoveryStyle,
    Repeat,
    RpeTarget,
    Step,
    Terrain,
    Workout,
)

FORMS = ("repeats", "sprints")

FORM_CUE = "drive the knees, pick up the feet, stay tall"

REPEATS = {  # level: (reps in week 1, most reps, rep length [s])
    Level.BEGINNER: (4, 8, 30),
    Level.INTERMEDIATE: (6, 10, 60),
    Level.ADVANCED: (8, 10, 75),
}
"""Hill repeats add one rep a week until the most reps, then grow the rep instead."""

SPRINTS = {  # level: (reps in week 1, most reps, sprint length [s])
    Level.BEGINNER: (4, 8, 8),
    Level.INTERMEDIATE: (6, 10, 10),
    Level.ADVANCED: (8, 12, 10),
}
"""Hill sprints add one a week (Hudson: one or two) until the most, then lengthen."""

LENGTHEN_FACTOR = 1.10
"""Once the reps are capped, each week's rep is 10% longer: a small step, under the 15% rule."""

SPRINT_EFFORT = RpeTarget(9, 9)
SPRINT_RECOVERY_MINUTES = 2
"""Hudson's full recovery: walk back down, at least 2 minutes, so each sprint is as good."""


def build(level: Level, week: int, options: FamilyOptions) -> Workout:
    """``week`` of a hills block in the chosen form."""
    check_week(week)
    form = choose_form(Family.HILLS, FORMS, options)
    start, most, length = (REPEATS if form == "repeats" else SPRINTS)[level]
    reps, rep_seconds = progression(start, most, length, week)
    if form == "repeats":
        climb = Step(Intent.WORK, seconds(rep_seconds), HARD, Terrain.UPHILL, FORM_CUE)
        back = Step(
            Intent.RECOVERY,
            OpenDuration(),
            terrain=Terrain.DOWNHILL,
            cue="jog slowly back down, keep moving at the top",
        )
        name = title(f"Hill repeats {reps}x{rep_seconds}s", level, week)
    else:
        climb = Step(Intent.WORK, seconds(rep_seconds), SPRINT_EFFORT, Terrain.UPHILL, FORM_CUE)
        back = Step(
            Intent.RECOVERY,
            minutes(SPRINT_RECOVERY_MINUTES),
            terrain=Terrain.DOWNHILL,
            cue="walk back down, fully recovered",
            style=RecoveryStyle.WALK,
        )
        name = title(f"Hill sprints {reps}x{rep_seconds}s", level, week)
    return session(name, level, [Repeat(reps, (climb, back))])


def progression(start: int, most: int, length: int, week: int) -> tuple[int, int]:
    """Reps and rep length [s] in ``week``: one more rep a week, then 10% longer reps."""
    reps = min(start + week - 1, most)
    rep_seconds = length
    for _ in range(start + week - 1 - most):
        rep_seconds = round(rep_seconds * LENGTHEN_FACTOR)
    return reps, rep_seconds
