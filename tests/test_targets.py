"""Workouts resolved for beginner, intermediate and advanced runners."""

from __future__ import annotations

import math

import pytest

from speedplay.physiology.effort import HARD_RPE, HEART_RATE_RESPONSE_S, OPEN_REP_ASSUMED_S
from speedplay.physiology.fitness import assess_fitness
from speedplay.physiology.targets import Runner, resolve_step
from speedplay.physiology.training_paces import training_paces
from speedplay.physiology.vdot import race_time
from speedplay.races import Race, parse_race_result
from speedplay.workout import (
    DistanceDuration,
    Intent,
    OpenDuration,
    RecoveryStyle,
    RpeTarget,
    Step,
    TimeDuration,
    parse_workout,
)
from speedplay.workout.families import FAMILIES, Family, FamilyOptions, Level, build_workout

RUNNERS = {
    Level.BEGINNER: "5k=32:00",
    Level.INTERMEDIATE: "5k=22:30",
    Level.ADVANCED: "5k=16:30",
}


def first_step(text: str) -> Step:
    item = parse_workout(text).items[0]
    assert isinstance(item, Step)
    return item


def runner(level: Level, lthr: float | None = None) -> Runner:
    return Runner(assess_fitness([parse_race_result(RUNNERS[level])]).vdot, lthr)


@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize("family", list(Family))
def test_every_family_resolves_to_sensible_paces(level, family):
    """Sensible: hard work between 800 m race pace and marathon pace, tempo near T, warm-ups
    and cool-downs easy, recoveries slower than easy's slow end; heart rate when LTHR is known."""
    me = runner(level, lthr=170)
    assert me.vdot is not None
    paces = training_paces(me.vdot)
    fastest = race_time(me.vdot, Race.M800.metres) / 0.8
    for form in FAMILIES[family].forms:
        workout = build_workout(family, level, 3, FamilyOptions(form))
        for expanded in workout.expanded():
            step = expanded.step
            resolved = resolve_step(step, me)
            if step.style is RecoveryStyle.WALK:
                assert resolved.pace is None
                continue
            assert resolved.pace is not None, step
            fast, slow = resolved.pace
            assert fast <= slow
            lasts = _seconds(step, resolved.pace)
            assert (resolved.heart_rate is not None) == (lasts >= HEART_RATE_RESPONSE_S), step
            if step.intent is Intent.WORK and step.target == RpeTarget(7, 7):
                assert fast <= paces.threshold <= slow
            elif step.intent is Intent.WORK:
                assert fastest < fast
                assert slow < paces.marathon
            elif step.intent in (Intent.WARMUP, Intent.COOLDOWN):
                assert (fast, slow) == paces.easy
            elif step.style is RecoveryStyle.JOG:
                assert fast >= paces.easy[1]


def test_the_intermediate_30_30s_and_tempo_for_a_22_30_5k():
    me = runner(Level.INTERMEDIATE)
    pace = resolve_step(first_step("30s @rpe8-9"), me).pace
    assert pace is not None
    assert (round(pace[0]), round(pace[1])) == (247, 262)  # 4:07-4:22/km
    tempo = resolve_step(Step(Intent.WORK, TimeDuration(1500), RpeTarget(7, 7)), me).pace
    assert tempo is not None
    assert tempo[0] < 286 < tempo[1]  # T pace 4:46/km


def test_named_intensities_and_race_paces_resolve_from_the_race():
    me = runner(Level.INTERMEDIATE, lthr=168)
    assert me.vdot is not None
    threshold = first_step("20min @T")
    five_k = first_step("1km @5k")
    pace = resolve_step(threshold, me).pace
    assert pace is not None
    assert pace[0] < training_paces(me.vdot).threshold < pace[1]
    race_pace = resolve_step(five_k, me).pace
    assert race_pace is not None
    assert race_pace[0] < 270 < race_pace[1]  # 22:30 for 5 km is 4:30/km
    assert resolve_step(five_k, me).heart_rate == (168, 178)  # a 22-min race is RPE 8-9


def test_explicit_targets_are_kept_and_only_heart_rate_without_a_race():
    hr_only = Runner(None, 170)
    resolved = resolve_step(first_step("5min @rpe8-9"), hr_only)
    assert resolved.pace is None
    assert resolved.heart_rate == (170, 180)
    assert resolve_step(first_step("1km @4:50-5:00/km"), hr_only).pace == (290, 300)


def _seconds(step: Step, pace: tuple[float, float] | None) -> float:
    """How long a family's step lasts: a hard open step the minute its pace is set for (as
    docs/models/effort.md says), any other open step unknown."""
    if isinstance(step.duration, TimeDuration):
        return step.duration.seconds
    if isinstance(step.duration, OpenDuration):
        hard = isinstance(step.target, RpeTarget) and step.target.high >= HARD_RPE
        return OPEN_REP_ASSUMED_S if hard else math.inf
    assert isinstance(step.duration, DistanceDuration), step
    assert pace is not None, step
    return step.duration.meters / 1000 * pace[1]


def test_steps_too_short_for_heart_rate_to_follow_get_no_heart_rate_range():
    """Heart rate lags an effort change by 60-90 s: a 30-s rep or jog shows the step before,
    so neither carries a range; two-minute and longer steps do, as do ranges the runner wrote."""
    me = runner(Level.INTERMEDIATE, lthr=170)
    hr_only = Runner(None, 170)
    for who in (me, hr_only):
        assert resolve_step(first_step("30s @rpe8-9"), who).heart_rate is None
        assert resolve_step(first_step("119s @rpe8-9"), who).heart_rate is None
        assert resolve_step(first_step("2min @rpe8-9"), who).heart_rate == (170, 180)
        assert resolve_step(first_step("20min @T"), who).heart_rate is not None
        assert resolve_step(first_step("30s jog"), who).heart_rate is None
        assert resolve_step(first_step("3min jog"), who).heart_rate is not None
        assert resolve_step(first_step("30s @hr150-160"), who).heart_rate == (150, 160)
    assert resolve_step(first_step("400m @rpe9"), me).heart_rate is None, "about 90 s"
    assert resolve_step(first_step("1km @rpe8-9"), me).heart_rate is not None, "about 4 min"
    assert resolve_step(first_step("open @rpe9"), me).heart_rate is None, "a surge: a minute"
    assert resolve_step(first_step("open easy"), me).heart_rate is not None, "how long: unknown"
    assert resolve_step(first_step("400m @rpe9"), hr_only).heart_rate is not None, (
        "no pace to tell how long 400 m lasts: the range stays"
    )
