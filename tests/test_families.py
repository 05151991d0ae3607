"""The five families follow the brief's programming rules over every week of a block."""

from __future__ import annotations

import itertools

import pytest

from speedplay.errors import InvalidValueError
from speedplay.workout import (
    DistanceDuration,
    Intent,
    OpenDuration,
    Repeat,
    RpeTarget,
    Step,
    Terrain,
    TimeDuration,
    Workout,
    format_workout,
    parse_workout,
)
from speedplay.workout.families import (
    FAMILIES,
    MAX_WEEK,
    Family,
    FamilyOptions,
    Level,
    build_workout,
    fartlek,
    tempo,
)

ALL_SESSIONS = [
    (family, form, level, week)
    for family, info in FAMILIES.items()
    for form in info.forms
    for level in Level
    for week in range(1, MAX_WEEK + 1)
]
WEEKS_OF_A_BLOCK = range(1, 5)
MAX_WEEKLY_GROWTH = 1.15
"""The issue's 'no big jumps': hard work may rise about 15% a week, or by one rep."""


def session(family: Family, level: Level, week: int, form: str | None = None) -> Workout:
    return build_workout(family, level, week, FamilyOptions(form))


def work_steps(workout: Workout) -> list[Step]:
    return [e.step for e in workout.expanded() if e.step.intent is Intent.WORK]


def hard_volume(workout: Workout) -> float:
    """Work time [s], or work distance [m] for distance sessions, or the rep count if open."""
    steps = work_steps(workout)
    if all(isinstance(s.duration, TimeDuration) for s in steps):
        return workout.work_seconds
    if all(isinstance(s.duration, DistanceDuration) for s in steps):
        return workout.meters_by_intent()[Intent.WORK]
    return len(steps)


@pytest.mark.parametrize(("family", "form", "level", "week"), ALL_SESSIONS)
def test_every_session_has_warmup_active_recovery_and_cooldown(family, form, level, week):
    workout = session(family, level, week, form)
    steps = [e.step for e in workout.expanded()]
    assert steps[0].intent is Intent.WARMUP
    assert steps[-1].intent is Intent.COOLDOWN
    assert Intent.REST not in {s.intent for s in steps}, "recoveries are active, never a stop"
    work = work_steps(workout)
    assert work
    for previous, following in itertools.pairwise(steps[1:-1]):
        if previous.intent is Intent.WORK and following.intent is Intent.WORK:
            pytest.fail("two hard bouts with no recovery between them")
    efforts = {s.target for s in work}
    assert all(isinstance(t, RpeTarget) and t.high <= 9 for t in efforts), "never RPE 10"
    if family is Family.TEMPO:
        assert efforts == {RpeTarget(7, 7)}
    else:
        assert all(isinstance(t, RpeTarget) and t.low >= 8 for t in efforts)
    assert parse_workout(format_workout(workout)) == workout


@pytest.mark.parametrize(
    ("family", "form", "level"),
    [(f, form, lvl) for f, info in FAMILIES.items() for form in info.forms for lvl in Level
     if (f, form) != (Family.FARTLEK, "mona")],
)  # fmt: skip
def test_each_week_of_a_block_is_harder_but_never_a_big_jump(family, form, level):
    volumes = [hard_volume(session(family, level, w, form)) for w in WEEKS_OF_A_BLOCK]
    reps = [len(work_steps(session(family, level, w, form))) for w in WEEKS_OF_A_BLOCK]
    for week in range(1, len(volumes)):
        assert volumes[week] > volumes[week - 1], f"week {week + 1} is not harder"
        one_more_rep = reps[week] == reps[week - 1] + 1
        assert volumes[week] <= volumes[week - 1] * MAX_WEEKLY_GROWTH or one_more_rep


@pytest.mark.parametrize(("level", "cycles"), [
    (Level.BEGINNER, 3), (Level.INTERMEDIATE, 4), (Level.ADVANCED, 5),
])  # fmt: skip
def test_intervals_start_at_3_to_5_cycles_of_30_30_and_add_one_a_week(level, cycles):
    for week in WEEKS_OF_A_BLOCK:
        repeat = session(Family.INTERVALS, level, week).items[1]
        assert isinstance(repeat, Repeat)
        assert repeat.count == cycles + week - 1
        work, recovery = repeat.items
        assert isinstance(work, Step)
        assert isinstance(recovery, Step)
        assert work.duration == recovery.duration == TimeDuration(30), "equal work and rest"
        assert recovery.intent is Intent.RECOVERY


def test_hills_run_up_and_come_back_down_adding_reps_or_length():
    for level in Level:
        previous = (0, 0.0)
        for week in range(1, MAX_WEEK + 1):
            repeat = session(Family.HILLS, level, week).items[1]
            assert isinstance(repeat, Repeat)
            climb, back = repeat.items
            assert isinstance(climb, Step)
            assert isinstance(back, Step)
            assert climb.terrain is Terrain.UPHILL
            assert back.terrain is Terrain.DOWNHILL
            assert back.duration == OpenDuration(), "jog down lasts as long as the way down"
            assert isinstance(climb.duration, TimeDuration)
            current = (repeat.count, climb.duration.seconds)
            assert current[0] > previous[0] or current[1] > previous[1]
            assert current[0] >= previous[0]
            assert climb.cue is not None
            assert "drive the knees" in climb.cue
            previous = current


def test_hill_sprints_are_short_with_a_walk_down_of_two_minutes():
    for level in Level:
        for week in range(1, MAX_WEEK + 1):
            sprint, back = session(Family.HILLS, level, week, "sprints").items[1].items  # type: ignore[union-attr]
            assert isinstance(sprint, Step)
            assert isinstance(back, Step)
            assert isinstance(sprint.duration, TimeDuration)
            assert 8 <= sprint.duration.seconds <= 15
            assert back.duration == TimeDuration(120)


def test_pyramids_raise_the_peak_each_week_with_equal_recovery():
    for level, form in itertools.product(Level, FAMILIES[Family.PYRAMID].forms):
        peaks = []
        for week in range(1, MAX_WEEK + 1):
            body = session(Family.PYRAMID, level, week, form).items[1:-1]
            lengths = [s.duration for s in body[::2] if isinstance(s, Step)]
            assert lengths == lengths[::-1], "the way down mirrors the way up"
            for rep, recovery in zip(body[::2], body[1::2], strict=False):
                assert isinstance(rep, Step)
                assert isinstance(recovery, Step)
                assert recovery.duration == rep.duration
            values = [d.seconds if isinstance(d, TimeDuration) else d.meters for d in lengths]  # type: ignore[union-attr]
            assert values.index(max(values)) == len(values) // 2
            peaks.append(max(values))
        assert peaks == sorted(set(peaks)), "the peak rises every week"


def test_tempo_grows_from_about_20_toward_40_minutes_and_never_past_60():
    for level in Level:
        lengths = [tempo.tempo_minutes(level, week) for week in range(1, MAX_WEEK + 1)]
        assert 15 <= lengths[0] <= 25
        assert lengths == sorted(lengths)
        assert all(length <= tempo.BLOCK_CAP_MINUTES[level] for length in lengths)
        assert all(length <= 40 for length in lengths[:4]), "a four-week block stays in 20-40"
        for week in range(1, MAX_WEEK):
            assert lengths[week] > lengths[week - 1], "every week of a block is longer"
    assert tempo.ABSOLUTE_CAP_MINUTES == 60


def test_cruise_intervals_keep_daniels_one_minute_per_five():
    workout = session(Family.TEMPO, Level.ADVANCED, 4, "cruise")
    repeat = workout.items[1]
    assert isinstance(repeat, Repeat)
    rep, rest = repeat.items
    assert isinstance(rep, Step)
    assert isinstance(rest, Step)
    assert isinstance(rep.duration, TimeDuration)
    assert isinstance(rest.duration, TimeDuration)
    assert rest.duration.seconds == pytest.approx(rep.duration.seconds / 5, abs=15)
    assert workout.work_seconds == pytest.approx(
        tempo.tempo_minutes(Level.ADVANCED, 4) * 60, abs=90
    )


def test_free_fartlek_is_open_surges_with_cues_adding_one_a_week():
    for week in WEEKS_OF_A_BLOCK:
        repeat = session(Family.FARTLEK, Level.BEGINNER, week).items[1]
        assert isinstance(repeat, Repeat)
        assert repeat.count == fartlek.START_SURGES[Level.BEGINNER] + week - 1
        assert all(
            isinstance(s, Step) and s.duration == OpenDuration() and s.cue for s in repeat.items
        )


def test_guided_fartlek_is_seeded_and_each_week_extends_the_last():
    for level in Level:
        weeks = [
            fartlek.guided_pattern(level, fartlek.START_SURGES[level] + w, seed=7)
            for w in range(MAX_WEEK)
        ]
        for shorter, longer in itertools.pairwise(weeks):
            assert longer[: len(shorter)] == shorter
            assert len(longer) == len(shorter) + 1
        assert len(set(weeks[-1])) > 1, "a varied pattern, not one repeated surge"
    same = build_workout(Family.FARTLEK, Level.ADVANCED, 2, FamilyOptions("guided", seed=3))
    again = build_workout(Family.FARTLEK, Level.ADVANCED, 2, FamilyOptions("guided", seed=3))
    other = build_workout(Family.FARTLEK, Level.ADVANCED, 2, FamilyOptions("guided", seed=4))
    assert same == again
    assert same != other


def test_mona_fartlek_is_the_published_twenty_minutes():
    workout = session(Family.FARTLEK, Level.ADVANCED, 1, "mona")
    sets = [(r.count, r.items[0].duration) for r in workout.items if isinstance(r, Repeat)]  # type: ignore[union-attr]
    assert sets == [
        (2, TimeDuration(90)),
        (4, TimeDuration(60)),
        (4, TimeDuration(30)),
        (4, TimeDuration(15)),
    ]
    by_intent = workout.seconds_by_intent()
    assert by_intent[Intent.WORK] == 600
    assert by_intent[Intent.RECOVERY] == 600, "every surge has an equal float"


@pytest.mark.parametrize("week", [0, MAX_WEEK + 1])
def test_weeks_outside_a_block_are_refused(week):
    with pytest.raises(InvalidValueError, match=f"week runs from 1 to {MAX_WEEK} in a block"):
        session(Family.TEMPO, Level.BEGINNER, week)


def test_unknown_forms_are_refused():
    with pytest.raises(InvalidValueError, match="hills comes in the forms repeats, sprints"):
        session(Family.HILLS, Level.BEGINNER, 1, "stairs")
