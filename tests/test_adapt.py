"""The adaptive loop: the history of sessions re-derives the plan by its rules, and the plan's
rules hold whatever the history (hypothesis over random histories)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from speedplay.coach.adapt import (
    MAX_VDOT_RAISE,
    PlannedRef,
    SessionResult,
    Verdict,
    adapt,
)
from speedplay.coach.log import LogEntry, SkipReason
from speedplay.formats.archive import Found
from speedplay.formats.plan_json import plan_to_dict, request_from_dict
from speedplay.formats.workout_json import workout_from_dict
from speedplay.physiology.fitness import assess_fitness
from speedplay.physiology.targets import Runner, resolve_step
from speedplay.planning.plan import Plan, SessionKind, build_plan
from speedplay.planning.request import PlanRequest
from speedplay.races import parse_race_result
from speedplay.services.adapting import readapt
from speedplay.services.importing import Batches
from speedplay.services.reading import read_recording
from speedplay.services.recordings import Coaching, digest_of
from speedplay.storage.logs import save_log
from speedplay.storage.plans import current_plan, newest_version, save_plan
from speedplay.units import format_pace_range
from speedplay.workout.families import Level
from speedplay.workout.model import Intent, RpeTarget, Workout
from tests.conftest import SAMPLES
from tests.test_plan import grows_without_big_jumps, keeps_the_rules, requests, within_caps

START = date(2027, 1, 4)
INTERMEDIATE = PlanRequest(Level.INTERMEDIATE, START, 8, 1, vdot=45.0)


def refs_of(plan: Plan) -> list[PlannedRef]:
    return [
        PlannedRef(s.day, s.slot, week.week, s.block, s.kind is SessionKind.BUILD)
        for week in plan.weeks
        for s in week.sessions
    ]


ON_TARGET = SessionResult(run=True, compliance=90, rpe=8)
FADED = SessionResult(run=True, compliance=75, faded=True, rpe=9)
FAST = SessionResult(run=True, compliance=80, fast=True, rpe=8)


def adapted(results: dict[int, SessionResult], today_index: int | None = None):
    """The adaptation of the intermediate plan with results for its sessions by index."""
    refs = refs_of(build_plan(INTERMEDIATE))
    by_day = {refs[i].day: r for i, r in results.items()}
    last = max(results) if results else 0
    today = refs[today_index if today_index is not None else last].day + timedelta(days=2)
    return refs, adapt(refs, by_day, today)


def held_weeks(adaptation) -> dict[int, int]:
    return {h.week: h.weeks for h in adaptation.held_back}


def test_sessions_on_target_progress_as_planned():
    _, adaptation = adapted({0: ON_TARGET, 1: ON_TARGET})
    assert adaptation.held_back == ()
    assert [c.verdict for c in adaptation.changes] == [Verdict.PROGRESS] * 2
    assert adaptation.changes[0].reason.endswith("on target (90/100): progress as planned.")
    assert adaptation.vdot_raise == 0


def test_faded_reps_repeat_the_load_for_the_rest_of_the_block():
    _, adaptation = adapted({0: ON_TARGET, 1: FADED})
    assert held_weeks(adaptation) == {3: 1}, "week 3 repeats week 2; the lighter week follows"
    _, change = adaptation.changes
    assert change.verdict is Verdict.REPEAT
    assert "faded" in change.reason


def test_rpe_10_or_a_low_score_is_a_failure_and_two_in_a_row_step_back():
    maximal = replace(ON_TARGET, rpe=10)
    low = replace(ON_TARGET, compliance=30)
    _, adaptation = adapted({0: maximal, 1: low})
    assert [c.verdict for c in adaptation.changes] == [Verdict.REPEAT, Verdict.STEP_BACK]
    assert "RPE 10" in adaptation.changes[0].reason
    assert "two sessions in a row" in adaptation.changes[1].reason
    assert held_weeks(adaptation) == {2: 1, 3: 3}


def test_a_missed_session_repeats_and_illness_steps_back():
    _, missed = adapted({}, today_index=0)
    assert "missed" in missed.changes[0].reason
    assert held_weeks(missed) == {2: 1, 3: 1}, "the whole block a week behind"
    _, ill = adapted({0: ON_TARGET, 1: SessionResult(skipped=SkipReason.ILL)})
    assert ill.changes[1].verdict is Verdict.STEP_BACK
    assert "(ill)" in ill.changes[1].reason


def test_a_session_is_not_missed_while_a_run_may_still_count_as_it():
    refs = refs_of(build_plan(INTERMEDIATE))
    assert adapt(refs, {}, refs[0].day + timedelta(days=1)).changes == ()
    assert adapt(refs, {}, refs[0].day + timedelta(days=2)).changes[0].verdict is Verdict.REPEAT


def test_reps_faster_than_planned_twice_raise_the_paces_one_point_at_a_time():
    _, once = adapted({0: FAST})
    assert once.vdot_raise == 0, "once is a good day, not new fitness"
    _, twice = adapted({0: FAST, 1: FAST})
    assert twice.vdot_raise == 1
    _, hard = adapted({0: replace(FAST, rpe=10), 1: replace(FAST, rpe=10)})
    assert hard.vdot_raise == 0, "fast at a maximal effort is not fitness"
    _, unlogged = adapted({0: replace(FAST, rpe=None), 1: replace(FAST, rpe=None)})
    assert unlogged.vdot_raise == 0, "without the runner's RPE, fast may just be too hard"


def test_the_same_history_always_gives_the_same_plan():
    first = adapted({0: FADED, 1: ON_TARGET, 2: FAST})[1]
    assert adapted({0: FADED, 1: ON_TARGET, 2: FAST})[1] == first


OUTCOMES = st.sampled_from(
    [
        None,
        ON_TARGET,
        FADED,
        FAST,
        SessionResult(run=True, compliance=40, rpe=9),
        SessionResult(run=True, compliance=80, cut_short=True, rpe=10),
        SessionResult(skipped=SkipReason.ILL),
        SessionResult(skipped=SkipReason.INJURED),
        SessionResult(skipped=SkipReason.NO_TIME),
    ]
)


@given(requests(), st.lists(OUTCOMES, max_size=120), st.integers(0, 400))
def test_the_plans_rules_hold_after_any_history(request, outcomes, days_in):
    plan = build_plan(request)
    refs = refs_of(plan)
    results = {ref.day: o for ref, o in zip(refs, outcomes, strict=False) if o is not None}
    adaptation = adapt(refs, results, request.start + timedelta(days=days_in))
    assert 0 <= adaptation.vdot_raise <= MAX_VDOT_RAISE
    assert all(h.reason for h in adaptation.held_back)
    adapted_plan = build_plan(replace(request, held_back=adaptation.held_back))
    keeps_the_rules(request, adapted_plan)
    grows_without_big_jumps(adapted_plan, every_week=False)
    if request.weekly_km is not None:
        within_caps(request, adapted_plan)
    before = [(s.day, s.kind, s.family) for s in plan.sessions()]
    after = [(s.day, s.kind, s.family) for s in adapted_plan.sessions()]
    assert after == before, "the calendar, the lighter weeks, the taper and race week stay"
    race = [s for s in plan.sessions() if s.kind is SessionKind.RACE]
    assert race == [s for s in adapted_plan.sessions() if s.kind is SessionKind.RACE]


@given(requests())
def test_a_plan_document_gives_back_its_request(request):
    document = json.loads(json.dumps(plan_to_dict(build_plan(request))))
    assert request_from_dict(document) == request


# Through the storage: import, log, a new version with its reason

INTERVALS = SAMPLES / "fit/goldencheetah-ipbike-intervals-4x6min.fit"
RUN_DAY = date(2017, 3, 2)


def test_a_failed_session_holds_the_next_one_back_in_a_new_version(empty_database, capsys):
    from speedplay.storage.database import open_database

    engine = open_database(empty_database)
    try:
        request = PlanRequest(Level.INTERMEDIATE, date(2017, 2, 27), 8, 3, vdot=45.0)
        save_plan(engine, plan_to_dict(build_plan(request)), "a new plan")
        coaching = Coaching(plan=current_plan(engine))
        found = Found(str(INTERVALS), INTERVALS.read_bytes())
        recording = read_recording(found, digest_of(found), coaching)
        assert recording.session is not None
        assert recording.session.day == RUN_DAY
        with Batches(engine) as batches:
            batches.store(recording)
        assert readapt(engine, RUN_DAY + timedelta(days=1)) is not None
        stored = newest_version(engine)
        assert stored is not None
        assert stored.version == 2
        assert "Repeats the load" in stored.reason
        sessions = [s for w in stored.document["weeks"] for s in w["sessions"]]
        assert sessions[1]["workout"] == sessions[0]["workout"], "week 2 repeats week 1"
        assert "Repeats the load" in sessions[1]["why"]
        assert readapt(engine, RUN_DAY + timedelta(days=1)) is None, "nothing new: no version"
        _show_marks_what_changed(empty_database, sessions[1]["date"], capsys)
        save_log(engine, LogEntry(date(2017, 3, 9), skipped=SkipReason.ILL))
        again = readapt(engine, date(2017, 3, 10))
        assert again is not None
        assert any("(ill)" in r for r in again.reasons)
    finally:
        engine.dispose()


def _show_marks_what_changed(database: str, day: str, capsys) -> None:
    """``plan --show`` names the newest version's reason and marks the sessions it changed."""
    from speedplay.cli.app import main

    capsys.readouterr()
    assert main(["--db", database, "plan", "--show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["version"] == 2
    assert day in shown["changed"]
    assert main(["--db", database, "plan", "--show"]) == 0
    out = capsys.readouterr().out
    assert f"{day}: Repeats the load" in out
    assert "in version 2" in out


def test_reasons_worded_by_an_older_version_are_reworded_quietly(empty_database):
    """A plan saved by an older speedplay, its reasons in older words: re-deriving keeps the
    sessions, stores the reasons in today's words, and tells the runner nothing changed."""
    from speedplay.services.adapting import REWORDED
    from speedplay.storage.database import open_database

    engine = open_database(empty_database)
    try:
        request = PlanRequest(Level.INTERMEDIATE, date(2026, 11, 30), 6, 1, vdot=45.0)
        fresh = plan_to_dict(build_plan(request))
        older = json.loads(json.dumps(fresh))
        for week in older["weeks"]:
            for session in week["sessions"]:
                session["why"] = "In the words of an older version."
        older["vdot_raise"] = 0.0  # older versions always wrote it
        save_plan(engine, older, "a new plan")
        assert readapt(engine, date(2026, 11, 29)) is None, "nothing changed for the runner"
        latest = newest_version(engine)
        assert latest is not None
        assert (latest.version, latest.reason) == (2, REWORDED)
        assert latest.document["weeks"] == fresh["weeks"]
        assert readapt(engine, date(2026, 11, 29)) is None
        again = newest_version(engine)
        assert again is not None
        assert again.version == 2, "reworded once"
    finally:
        engine.dispose()


def test_a_session_run_without_a_recording_counts_by_its_logged_rpe(empty_database):
    from speedplay.storage.database import open_database

    engine = open_database(empty_database)
    try:
        request = PlanRequest(Level.INTERMEDIATE, date(2026, 11, 23), 8, 3, vdot=45.0)
        save_plan(engine, plan_to_dict(build_plan(request)), "a new plan")
        save_log(engine, LogEntry(date(2026, 11, 26), rpe=10, note="legs gone"))
        changed = readapt(engine, date(2026, 11, 27))
        assert changed is not None
        assert changed.reasons == (
            "Repeats the load instead of raising it: Thu 26 Nov felt maximal (RPE 10).",
        )
        save_log(engine, LogEntry(date(2026, 11, 26), rpe=7))
        stored = readapt(engine, date(2026, 11, 27))
        assert stored is not None, "an easier second word re-derives the plan again"
        latest = newest_version(engine)
        assert latest is not None
        assert latest.document["held_back"] == []
    finally:
        engine.dispose()


def test_a_new_race_re_derives_the_plan_with_its_reason(capsys):
    from speedplay.cli.app import main

    assert main(["profile", "--race", "5k=25:00"]) == 0
    assert main(["plan", "--weeks", "6", "--start", "2026-12-07", "--save"]) == 0
    capsys.readouterr()
    assert main(["profile", "--race", "5k=23:00@2026-12-05"]) == 0
    out = capsys.readouterr().out
    before = assess_fitness([parse_race_result("5k=25:00")]).vdot
    now = assess_fitness([parse_race_result(r) for r in ("5k=25:00", "5k=23:00")]).vdot
    assert (
        f"Your plan changed: Your races now give VDOT {now:.1f} (the plan had {before:.1f})" in out
    )
    assert main(["plan", "--show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["version"], shown["changed"]) == (2, []), "new paces, the same sessions"
    assert shown["reason"].startswith(f"Your races now give VDOT {now:.1f}")
    assert [w["week"] for w in shown["plan"]["weeks"]] == list(range(1, 7))
    assert main(["plan", "--show"]) == 0
    assert "Your plan, version 2: Your races now give VDOT" in capsys.readouterr().out


def test_a_best_effort_beyond_the_targets_raises_them_one_point(empty_database):
    from speedplay.storage.database import open_database

    engine = open_database(empty_database)
    try:
        request = PlanRequest(Level.INTERMEDIATE, date(2017, 2, 27), 8, 3, vdot=35.0)
        save_plan(engine, plan_to_dict(build_plan(request)), "a new plan")
        found = Found(str(INTERVALS), INTERVALS.read_bytes())
        coaching = Coaching(plan=current_plan(engine))
        with Batches(engine) as batches:
            batches.store(read_recording(found, digest_of(found), coaching))
        changed = readapt(engine, RUN_DAY + timedelta(days=1))
        assert changed is not None
        (raised,) = [r for r in changed.reasons if r.startswith("Paces up")]
        assert "inside your run of 2017-03-02" in raised
        assert "Paces up 1.0 VDOT point" in raised, "never more than one point at a time"
        plan = current_plan(engine)
        assert plan is not None
        assert plan.vdot_raise == 1.0
        latest = newest_version(engine)
        assert latest is not None
        quoted = _quoted_paces(latest.document, after=RUN_DAY + timedelta(days=1))
        assert quoted, "the sessions to come say what their effort means in pace"
        for why, workout in quoted:
            assert f" is {_work_pace(workout, 36.0)}" in why, "the raised targets' pace"
            assert f" is {_work_pace(workout, 35.0)}" not in why
    finally:
        engine.dispose()


def _quoted_paces(document: dict[str, Any], after: date) -> list[tuple[str, Workout]]:
    """The why and workout of each session after ``after`` whose why quotes a pace."""
    return [
        (session["why"], workout_from_dict(session["workout"]))
        for week in document["weeks"]
        for session in week["sessions"]
        if date.fromisoformat(session["date"]) > after and "for you here" in session["why"]
    ]


def _work_pace(workout: Workout, vdot: float) -> str:
    """The pace range of the workout's first hard step for a runner of ``vdot``."""
    for expanded in workout.expanded():
        step = expanded.step
        if step.intent is Intent.WORK and isinstance(step.target, RpeTarget):
            pace = resolve_step(step, Runner(vdot, None)).pace
            assert pace is not None
            return format_pace_range(*pace)
    raise AssertionError("no hard step")
