"""Plans: the coaching rules hold for every runner profile and goal (hypothesis)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from speedplay.errors import InvalidValueError
from speedplay.physiology.targets import Runner
from speedplay.planning.adjust import work_count
from speedplay.planning.caps import caps_for, quality_km
from speedplay.planning.plan import TYPICAL_VDOT, Plan, Session, SessionKind, build_plan
from speedplay.planning.request import (
    Goal,
    PlanRequest,
    check_sessions,
    check_weeks,
    weeks_until,
)
from speedplay.races import Race
from speedplay.workout import Intent, RpeTarget, TimeDuration
from speedplay.workout.families import Level

TODAY = date(2026, 11, 28)
MAX_WEEKLY_GROWTH = 1.15
ROUNDING_S = MAX_WEEKLY_GROWTH * 0.5 + 0.5
"""Steps shortened to fit a cap round to the nearest second, each week on its own: a rep may
be half a second under its true length one week and half a second over the next, so a true
15 % step can show as 15 % of the shown length plus 1.075 s a rep."""
CAP_TOLERANCE_KM = 0.05
"""Steps round to 5 s after shortening; 50 m is the most that rounding can add."""


@st.composite
def requests(draw: st.DrawFn) -> PlanRequest:
    level = draw(st.sampled_from(Level))
    start = TODAY + timedelta(days=draw(st.integers(1, 30)))
    sessions = draw(st.sampled_from([1, 2])) if level is Level.ADVANCED else 1
    goal = None
    if draw(st.booleans()):
        race = draw(st.sampled_from([Race.K5, Race.K10, Race.HALF, Race.MARATHON, Race.MILE]))
        race_day = start + timedelta(days=draw(st.integers(14, 52 * 7 - 1)))
        goal = Goal(race.label, race.metres, race_day)
        weeks = weeks_until(start, race_day, TODAY)
    else:
        weeks = draw(st.integers(1, 52))
    return PlanRequest(
        level=level,
        start=start,
        weeks=weeks,
        speed_day=draw(st.integers(0, 6)),
        sessions_per_week=sessions,
        goal=goal,
        weekly_km=draw(st.none() | st.floats(15, 120)),
        vdot=draw(st.none() | st.floats(28, 75)),
        lthr=draw(st.none() | st.floats(140, 190)),
    )


def blocks_of(plan: Plan) -> list[list[Session]]:
    """Each block's build sessions, in order."""
    grouped: dict[tuple[int, int], list[Session]] = {}
    for session in plan.sessions():
        if session.kind is SessionKind.BUILD:
            grouped.setdefault((session.slot, session.block), []).append(session)
    return list(grouped.values())


def hard_work(session: Session) -> float:
    """Work time [s]; distance counted at about 4 m/s (only ratios matter); open surges by count."""
    workout = session.workout
    distance = workout.meters_by_intent().get(Intent.WORK, 0.0)
    timed = workout.work_seconds + distance / 4.0
    return timed if timed else float(work_count(workout))


@given(requests())
def test_every_plan_keeps_the_rules(request: PlanRequest):
    keeps_the_rules(request, build_plan(request))


def keeps_the_rules(request: PlanRequest, plan: Plan) -> None:
    """Length, dates, reasons, warm-up and cool-down, RPE caps, tempo cap, rest days, race."""
    sessions = list(plan.sessions())
    assert len(plan.weeks) == request.weeks
    end = request.start + timedelta(weeks=request.weeks)
    for session in sessions:
        assert request.start <= session.day < end
        assert session.why
        steps = [e.step for e in session.workout.expanded()]
        assert steps[0].intent is Intent.WARMUP
        assert steps[-1].intent is Intent.COOLDOWN
        for step in steps:
            if isinstance(step.target, RpeTarget):
                assert step.target.high <= 9, "hard bouts are RPE 8-9, never 10"
        tempo = sum(
            s.duration.seconds
            for s in steps
            if s.target == RpeTarget(7, 7) and isinstance(s.duration, TimeDuration)
        )
        assert tempo <= 3600, "tempo never above 60 minutes"
    for earlier, later in itertools.pairwise(sorted(s.day for s in sessions)):
        assert (later - earlier).days >= 2, "never two speed sessions on consecutive days"
    if request.goal is not None:
        assert sessions[-1].kind is SessionKind.RACE
        assert sessions[-1].day == request.goal.day
    else:
        assert all(s.kind not in (SessionKind.RACE, SessionKind.TAPER) for s in sessions)


@given(requests())
@example(  # a capped tempo block: 3:33 then 4:06, a true 15 % step rounded both ways
    PlanRequest(level=Level.INTERMEDIATE, start=date(2026, 11, 29), weeks=20, speed_day=0,
                sessions_per_week=1, goal=None, weekly_km=15.0, vdot=64.1875)
)  # fmt: skip
def test_blocks_grow_each_week_without_big_jumps(request: PlanRequest):
    grows_without_big_jumps(build_plan(request), every_week=True)


def grows_without_big_jumps(plan: Plan, every_week: bool) -> None:
    """No week more than 15 % or one rep harder than the one before; with ``every_week``, each
    a little harder (unless a cap holds it)."""
    for block in blocks_of(plan):
        assert len({s.family for s in block}) == 1
        for before, after in itertools.pairwise(block):
            capped = "cap below stops it growing" in after.why
            if every_week:
                assert hard_work(after) > hard_work(before) or capped, "each week a little harder"
            reps = work_count(after.workout)
            one_more_rep = reps == work_count(before.workout) + 1
            allowed = hard_work(before) * MAX_WEEKLY_GROWTH + reps * ROUNDING_S + 1e-6
            assert hard_work(after) <= allowed or one_more_rep


@given(requests())
def test_lighter_weeks_and_tapers_cut_work_but_keep_intensity(request: PlanRequest):
    plan = build_plan(request)
    last_build: dict[int, Session] = {}
    for session in plan.sessions():
        if session.kind is SessionKind.BUILD:
            last_build[session.slot] = session
        elif session.kind in (SessionKind.LIGHTER, SessionKind.TAPER):
            before = last_build[session.slot]
            limit = 0.8 if session.kind is SessionKind.LIGHTER else 0.6
            assert hard_work(session) <= limit * hard_work(before) + 5
            targets = {
                e.step.target for e in session.workout.expanded() if e.step.intent is Intent.WORK
            }
            built = {
                e.step.target for e in before.workout.expanded() if e.step.intent is Intent.WORK
            }
            assert targets == built, "the same effort"


@given(requests().filter(lambda r: r.weekly_km is not None))
def test_daniels_caps_hold_with_a_weekly_volume(request: PlanRequest):
    within_caps(request, build_plan(request))


def within_caps(request: PlanRequest, plan: Plan) -> None:
    """With a weekly volume, no session passes Daniels' caps on T, I and R work."""
    assert request.weekly_km is not None
    runner = Runner(request.vdot or TYPICAL_VDOT[request.level])
    caps = caps_for(request.weekly_km)
    for session in plan.sessions():
        if session.kind is SessionKind.RACE:
            continue
        done = quality_km(session.workout, runner)
        for zone, cap in caps.items():
            assert done[zone] <= cap.km + CAP_TOLERANCE_KM, (session.workout.name, zone)


def test_two_sessions_a_week_use_different_families_three_days_apart():
    request = PlanRequest(Level.ADVANCED, date(2026, 11, 30), 10, 1, 2, vdot=55.0)
    plan = build_plan(request)
    for week in plan.weeks:
        assert len(week.sessions) == 2
        first, second = week.sessions
        assert (second.day - first.day).days == 3
        assert first.family != second.family


def test_reasons_quote_a_heart_rate_only_where_heart_rate_can_follow():
    """With LTHR known, the 30-30s' reason gives their pace and says why no heart rate; a
    tempo's reason gives both."""
    plan = build_plan(PlanRequest(Level.INTERMEDIATE, date(2026, 11, 30), 22, 1, vdot=45.0,
                                  lthr=170.0))  # fmt: skip
    whys: dict[str, str] = {}
    for session in plan.sessions():
        whys.setdefault(session.family, session.why)
    assert "bpm" not in whys["intervals"]
    assert "(too short a rep for heart rate to follow)" in whys["intervals"]
    assert " bpm for you here." in whys["tempo"]
    assert "too short" not in whys["tempo"]


def test_beginners_start_with_fartlek_and_long_goals_lean_on_tempo():
    beginner = build_plan(PlanRequest(Level.BEGINNER, date(2026, 11, 30), 8, 1))
    assert next(beginner.sessions()).family == "fartlek"
    marathon = Goal("marathon", Race.MARATHON.metres, date(2027, 5, 2))
    plan = build_plan(PlanRequest(Level.INTERMEDIATE, date(2026, 11, 30), 22, 5, goal=marathon))
    families = [s.family for s in plan.sessions() if s.kind is SessionKind.BUILD]
    assert families.count("tempo") > families.count("intervals")
    short = build_plan(PlanRequest(Level.INTERMEDIATE, date(2026, 11, 30), 22, 1))
    families = [s.family for s in short.sessions() if s.kind is SessionKind.BUILD]
    assert families.count("intervals") >= families.count("tempo")


def test_a_race_plan_ends_with_a_taper_a_sharpener_and_the_race():
    goal = Goal("10k", Race.K10.metres, date(2027, 2, 21))
    plan = build_plan(
        PlanRequest(Level.INTERMEDIATE, date(2026, 11, 30), 12, 1, goal=goal, vdot=43.4)
    )
    kinds = [s.kind for s in plan.sessions()]
    assert kinds[-3:] == [SessionKind.TAPER, SessionKind.SHARPENER, SessionKind.RACE]
    sharpener, race = list(plan.sessions())[-2:]
    assert (race.day - sharpener.day).days == 3
    assert "Predicted 46:" in race.why


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: weeks_until(date(2026, 12, 7), date(2026, 11, 1), TODAY), "the race date 2026-11-01 is in the past (today is 2026-11-28)"),
        (lambda: weeks_until(date(2026, 11, 30), date(2026, 12, 9), TODAY), "the race on 2026-12-09 is 9 days after the start: too close to build a plan (at least 3 weeks: build, taper, race week)"),
        (lambda: check_weeks(0), "a plan lasts 1 to 52 weeks, found 0"),
        (lambda: check_weeks(53), "a plan lasts 1 to 52 weeks, found 53"),
        (lambda: check_sessions(2, Level.BEGINNER), "two speed sessions a week are for advanced runners; one is right for beginner runners"),
    ],
)  # fmt: skip
def test_impossible_requests_are_refused(call, message):
    with pytest.raises(InvalidValueError) as caught:
        call()
    assert str(caught.value) == message
