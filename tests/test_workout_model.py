"""The workout model: validation, totals, expansion and the warm-up/cool-down rule."""

from __future__ import annotations

import pytest

from speedplay.errors import InvalidValueError
from speedplay.workout import (
    DistanceDuration,
    Intent,
    OpenDuration,
    PaceTarget,
    RecoveryStyle,
    Repeat,
    RepeatPosition,
    RpeTarget,
    Step,
    TimeDuration,
    Workout,
    parse_workout,
)


def test_nested_repeats_multiply_out_in_order():
    workout = parse_workout("2x(3x(1min @rpe9, 1min jog), 4min jog)")
    expanded = list(workout.expanded())
    assert len(expanded) == 2 * (3 * 2 + 1)
    assert expanded[0].reps == (RepeatPosition(1, 2), RepeatPosition(1, 3))
    assert expanded[6].reps == (RepeatPosition(1, 2),)
    assert expanded[6].step.duration == TimeDuration(240)
    assert expanded[-1].reps == (RepeatPosition(2, 2),)
    assert workout.work_seconds == 2 * 3 * 60
    assert workout.total_seconds == 2 * (3 * 120 + 240)


def test_open_or_distance_steps_make_the_total_unknown_but_not_the_work():
    workout = parse_workout("10min wu + 4x(90s uphill @rpe8-9, jog down) + 2km cd")
    assert workout.total_seconds is None
    assert workout.work_seconds == 360
    assert workout.seconds_by_intent() == {Intent.WARMUP: 600, Intent.WORK: 360}
    assert workout.meters_by_intent() == {Intent.COOLDOWN: 2000}


def test_easy_first_and_last_become_warmup_and_cooldown_only_at_the_ends():
    workout = parse_workout("10min easy + 5min easy + 20min @rpe7 + 10min easy")
    intents = [s.step.intent for s in workout.expanded()]
    assert intents == [Intent.WARMUP, Intent.EASY, Intent.WORK, Intent.COOLDOWN]
    assert parse_workout("30min easy").items[0] == Step(Intent.EASY, TimeDuration(1800))


def test_recoveries_default_to_a_jog_and_only_recoveries_have_a_style():
    assert Step(Intent.RECOVERY, OpenDuration()).style is RecoveryStyle.JOG
    with pytest.raises(InvalidValueError, match="only a recovery has a style"):
        Step(Intent.WORK, OpenDuration(), style=RecoveryStyle.WALK)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: TimeDuration(0), "a duration must be a positive number, found 0"),
        (lambda: DistanceDuration(float("nan")), "a distance must be a positive number"),
        (lambda: RpeTarget(10, 11), "RPE runs from 1 to 10, found 11"),
        (lambda: PaceTarget(300, 290), "a pace range goes from the fast pace to the slow one"),
        (lambda: Repeat(2, ()), "a repeat needs at least one step"),
        (lambda: Workout("x", ()), "a workout needs at least one step"),
        (lambda: Workout("two\nlines", (Step(Intent.EASY, OpenDuration()),)),
         "a workout name must be printable text on one line"),
    ],
)  # fmt: skip
def test_invalid_values_are_refused_with_a_reason(make, message):
    with pytest.raises(InvalidValueError, match=message.replace("(", r"\(")):
        make()
