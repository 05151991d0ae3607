"""Fartlek, 'speed play': surges by feel, or a varied pattern the watch calls.

Brief, family 2: unstructured surges on road or trail, speeding up for a song's chorus or to a
landmark and easing off after; the easy entry point for beginners; progress by more, longer or
more frequent surges.

Forms:

* ``free``: open steps (press lap) with landmark cues: surge to a landmark, jog until recovered.
* ``music``: the same, surging through a song's chorus and easing off in the verse.
* ``guided``: a varied, seeded pattern of timed surges and jogs for a watch to prompt; the same
  seed gives the same pattern, and each week is last week's pattern plus one surge.
* ``mona``: Steve Moneghetti's classic, 2x90 s, 4x60 s, 4x30 s, 4x15 s, each followed by an
  equal float (steady running, not a jog): 20 min exactly. It is a benchmark, not a progression:
  the same session every time, scored by the distance covered, so its week does not change it.

Free fartleks add one surge a week (Holmér's Swedish fartlek has no fixed shape; the count is
what a runner can feel growing).
"""

from __future__ import annotations

import random

from speedplay.errors import InvalidValueError
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
from speedplay.workout.model import (
    Intent,
    Item,
    OpenDuration,
    RecoveryStyle,
    Repeat,
    Step,
    Workout,
)

FORMS = ("free", "music", "guided", "mona")

START_SURGES = {Level.BEGINNER: 4, Level.INTERMEDIATE: 6, Level.ADVANCED: 8}
"""Surges in week 1; every form but Mona adds one a week."""

GUIDED_SURGE_SECONDS = {
    Level.BEGINNER: (20, 30, 45),
    Level.INTERMEDIATE: (30, 45, 60, 90),
    Level.ADVANCED: (30, 60, 90, 120),
}
"""The surge lengths a guided pattern draws from [s]."""

GUIDED_RECOVERY_RATIO = {Level.BEGINNER: 2.0, Level.INTERMEDIATE: 1.0, Level.ADVANCED: 1.0}
"""Jog after a surge, as a multiple of the surge: beginners get twice as long."""

MONA = ((2, 90), (4, 60), (4, 30), (4, 15))
"""Mona fartlek sets: (reps, seconds), each surge followed by a float of the same length."""

CUES = {
    "free": ("pick a landmark and run hard to it", "jog easy until you feel recovered"),
    "music": ("surge through the chorus", "ease off through the verse"),
}


def build(level: Level, week: int, options: FamilyOptions) -> Workout:
    """``week`` of a fartlek block in the chosen form."""
    check_week(week)
    form = choose_form(Family.FARTLEK, FORMS, options)
    if form == "mona":
        return session(title("Mona fartlek", level, week), level, _mona())
    surges = START_SURGES[level] + week - 1
    if form == "guided":
        main = _guided(level, surges, options.seed)
        return session(title(f"Guided fartlek, {surges} surges", level, week), level, main)
    surge_cue, jog_cue = CUES[form]
    surge = Step(Intent.WORK, OpenDuration(), HARD, cue=surge_cue)
    jog = Step(Intent.RECOVERY, OpenDuration(), cue=jog_cue)
    name = title(f"Fartlek, {surges} surges by feel", level, week)
    return session(name, level, [Repeat(surges, (surge, jog))])


def guided_pattern(level: Level, surges: int, seed: int) -> list[int]:
    """Surge lengths [s] for a guided fartlek: the first ``surges`` of a seeded sequence.

    Drawing from the same sequence each week means a week's pattern is last week's plus one.
    """
    rng = random.Random(f"{seed}:{level}")
    choices = GUIDED_SURGE_SECONDS[level]
    return [rng.choice(choices) for _ in range(surges)]


def _guided(level: Level, surges: int, seed: int) -> list[Item]:
    items: list[Item] = []
    for length in guided_pattern(level, surges, seed):
        items.append(Step(Intent.WORK, seconds(length), HARD, cue="surge"))
        jog = seconds(length * GUIDED_RECOVERY_RATIO[level])
        items.append(Step(Intent.RECOVERY, jog, cue="jog, keep moving"))
    return items


def _mona() -> list[Item]:
    sets: list[Item] = []
    for reps, length in MONA:
        surge = Step(Intent.WORK, seconds(length), HARD, cue="from 5k pace, faster as reps shorten")
        float_ = Step(Intent.RECOVERY, seconds(length), style=RecoveryStyle.FLOAT)
        sets.append(Repeat(reps, (surge, float_)))
    return sets


SURPRISE_SURGE_S = {
    Level.BEGINNER: (15, 45),
    Level.INTERMEDIATE: (20, 75),
    Level.ADVANCED: (20, 90),
}
SURPRISE_EASY_S = {
    Level.BEGINNER: (60, 150),
    Level.INTERMEDIATE: (45, 120),
    Level.ADVANCED: (40, 100),
}
"""Bounds [s] of a surprise fartlek's surges and of the easy running between them."""


def surprise(level: Level, minutes: int, seed: int) -> Workout:
    """A "surprise me" fartlek: surges called at random within bounds, ``minutes`` of it in all
    between warm-up and cool-down. The seed replays the same session."""
    if not 5 <= minutes <= 60:
        raise InvalidValueError(f"a surprise fartlek lasts 5-60 minutes, found {minutes}")
    rng = random.Random(f"surprise:{seed}:{level}")
    items: list[Item] = []
    left = minutes * 60
    while left > 0:
        easy = min(left, rng.randint(*SURPRISE_EASY_S[level]))
        items.append(Step(Intent.RECOVERY, seconds(easy), cue="easy running, wait for it"))
        left -= easy
        if left <= 0:
            break
        surge = min(left, rng.randint(*SURPRISE_SURGE_S[level]))
        items.append(Step(Intent.WORK, seconds(surge), HARD, cue="surge now"))
        left -= surge
    return session(f"Surprise fartlek {minutes}min (seed {seed})", level, items)
