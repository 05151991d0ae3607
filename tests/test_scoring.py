"""Imported runs matched to the plan and scored; the runner's log of RPE and skips."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from speedplay.cli.app import main
from speedplay.coach.log import LogEntry, SkipReason
from speedplay.coach.matching import Fit, closest, displaces, sessions_near
from speedplay.errors import InvalidValueError
from speedplay.formats.plan_json import PlannedSession
from speedplay.formats.workout_json import workout_to_dict
from speedplay.storage.activities import add_activity
from speedplay.storage.database import open_database
from speedplay.storage.models import AnalysisRow
from speedplay.storage.plans import current_plan, save_plan
from speedplay.storage.records import ImportedFile, ScoredRun
from speedplay.storage.runners import ensure_runner
from speedplay.workout.parser import parse_workout
from tests.conftest import SAMPLES

INTERVALS = "fit/goldencheetah-ipbike-intervals-4x6min.fit"
"""A real 4 x 6 min session, run on 2017-03-02."""
RUN_DAY = date(2017, 3, 2)
WHAT_WAS_RUN = "5min easy, 4x(6min @ 3:55-4:15/km, 3min jog), 5min easy"


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def plan_with(capsys, sessions: dict[date, str], db: str | None = None) -> None:
    """Save a real plan with its speed sessions on the given days (all one weekday), their
    workouts replaced by the given ones."""
    first, last = min(sessions), max(sessions)
    start = first - timedelta(days=first.weekday())
    weeks = (last - start).days // 7 + 2
    weekday = first.strftime("%a").lower()
    code, out, err = run(
        ["plan", "--weeks", str(weeks), "--start", start.isoformat(), "--day", weekday,
         "--level", "intermediate", "--json"],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    document = json.loads(out)
    for week in document["weeks"]:
        for session in week["sessions"]:
            text = sessions.get(date.fromisoformat(session["date"]))
            if text is not None:
                session["workout"] = workout_to_dict(parse_workout(text))
    with engine_for(db) as engine:
        save_plan(engine, document, "a test plan")


@contextmanager
def engine_for(url: str | None) -> Iterator[Engine]:
    """The database at ``url`` (the test's own by default), closed after use."""
    engine = open_database(url or f"sqlite:///{os.environ['SPEEDPLAY_DB']}")
    try:
        yield engine
    finally:
        engine.dispose()


def imported(args: list[str], capsys, db: str | None = None) -> dict[str, Any]:
    code, out, err = run([*(["--db", db] if db else []), "import", *args, "--json"], capsys)
    assert code == 0, err
    return json.loads(out)


def analyses(url: str | None = None) -> list[AnalysisRow]:
    with engine_for(url) as engine, Session(engine, expire_on_commit=False) as session:
        rows = list(session.scalars(select(AnalysisRow).order_by(AnalysisRow.id)))
        session.expunge_all()
        return rows


# The rules, in the core


def session_on(day: date, family: str = "intervals") -> PlannedSession:
    return PlannedSession(day, family, parse_workout("10min easy"), "")


def test_a_run_may_be_the_session_of_its_day_or_a_day_either_side_nearest_first():
    day = date(2026, 12, 8)
    sessions = [session_on(day + timedelta(days=d)) for d in (-3, -1, 0, 1, 2)]
    near = sessions_near(day, sessions)
    assert [(s.day - day).days for s in near] == [0, -1, 1]
    assert sessions_near(day + timedelta(days=10), sessions) == []


def test_the_closest_in_kind_wins_then_the_nearest_day():
    assert closest([("easy run", Fit(20, 0)), ("the reps", Fit(85, 1))]) == (
        "the reps",
        Fit(85, 1),
    )
    assert closest([("late", Fit(80, 1)), ("on the day", Fit(80, 0))]) == ("on the day", Fit(80, 0))
    assert closest([]) is None
    assert displaces(Fit(85, 1), Fit(20, 0))
    assert not displaces(Fit(80, 0), Fit(80, 0)), "a tie keeps the run stored first"


def test_a_log_entry_refuses_what_no_runner_means():
    with pytest.raises(InvalidValueError, match="1 to 10"):
        LogEntry(RUN_DAY, rpe=11)
    with pytest.raises(InvalidValueError, match="skipped"):
        LogEntry(RUN_DAY, rpe=6, skipped=SkipReason.ILL)
    rpe = LogEntry(RUN_DAY, rpe=7, note="windy")
    assert rpe.merged(LogEntry(RUN_DAY, skipped=SkipReason.ILL)) == LogEntry(
        RUN_DAY, None, "windy", SkipReason.ILL
    )
    assert rpe.merged(LogEntry(RUN_DAY, note="legs heavy")).rpe == 7


# Through the commands, on the real session


def test_an_imported_run_is_scored_against_the_session_of_its_day(empty_database, capsys):
    plan_with(capsys, {RUN_DAY: WHAT_WAS_RUN, RUN_DAY + timedelta(days=7): "30min easy"},
              empty_database)  # fmt: skip
    summary = imported([str(SAMPLES / INTERVALS)], capsys, empty_database)
    assert [s["planned"] for s in summary["scored"]] == [RUN_DAY.isoformat()]
    scored = summary["scored"][0]
    assert scored["reps"] == 4
    assert scored["compliance"] >= 70, "the run was the planned 4 x 6 min"
    (row,) = analyses(empty_database)
    assert row.matched
    assert row.planned_on == RUN_DAY
    assert row.reps == 4
    document = json.loads(row.document)
    assert document["compliance"]["score"] == pytest.approx(row.compliance)
    with engine_for(empty_database) as engine:
        plan = current_plan(engine)
    assert plan is not None
    assert row.plan_id == plan.plan_id


def test_the_stored_score_is_what_analyze_planned_gives(capsys):
    plan_with(capsys, {RUN_DAY: WHAT_WAS_RUN})
    summary = imported([str(SAMPLES / INTERVALS)], capsys)
    code, out, err = run(
        ["analyze", str(SAMPLES / INTERVALS), "--planned", WHAT_WAS_RUN, "--json"], capsys
    )
    assert code == 0, err
    assert summary["scored"][0]["compliance"] == pytest.approx(
        json.loads(out)["compliance"]["score"]
    )


def test_a_run_two_days_from_any_session_is_history_but_no_session(capsys):
    plan_with(capsys, {RUN_DAY + timedelta(days=2): WHAT_WAS_RUN})
    summary = imported([str(SAMPLES / INTERVALS)], capsys)
    assert summary["runs"] == 1
    assert summary["scored"] == []
    (row,) = analyses()
    assert not row.matched
    assert row.planned_on is None
    assert row.reps == 4


def test_a_run_with_no_plan_is_analysed_all_the_same(capsys):
    imported([str(SAMPLES / INTERVALS)], capsys)
    (row,) = analyses()
    assert row.plan_id is None
    assert row.reps == 4
    assert row.distance_m > 5000


def test_the_richer_copy_of_a_run_takes_its_session(capsys):
    day = date(2020, 1, 11)
    plan_with(capsys, {day: "45min easy"})
    imported([str(SAMPLES / "gpx/heartandsole-4426508309.gpx")], capsys)
    summary = imported([str(SAMPLES / "fit/heartandsole-4426508309.fit")], capsys)
    assert summary["duplicates"][0]["kept"].endswith(".fit")
    rows = analyses()
    assert len(rows) == 1, "the poorer copy's analysis goes with it"
    assert rows[0].matched


def scored_run(compliance: float, run_on: date, plan_id: int) -> ScoredRun:
    return ScoredRun(run_on, 4, 1800.0, 6000.0, {}, plan_id, RUN_DAY, compliance)


def test_a_second_run_takes_the_session_only_when_it_fits_closer(empty_database, capsys):
    plan_with(capsys, {RUN_DAY: WHAT_WAS_RUN}, empty_database)
    entries = [("easy", 30.0, 0), ("the reps", 85.0, 1), ("another easy", 50.0, 0)]
    held = []
    with engine_for(empty_database) as engine:
        plan = current_plan(engine)
        assert plan is not None
        for name, compliance, days in entries:
            scored = scored_run(compliance, RUN_DAY + timedelta(days), plan.plan_id)
            with engine.begin() as connection:
                ensure_runner(connection)
                added = add_activity(connection, ImportedFile(name, name, "run"), scored)
                held.append(added.matched)
    assert held == [True, True, False]
    assert [r.matched for r in analyses(empty_database)] == [False, True, False]


def test_log_records_rpe_a_note_and_skips(capsys):
    plan_with(capsys, {RUN_DAY: WHAT_WAS_RUN, RUN_DAY + timedelta(days=7): WHAT_WAS_RUN})
    imported([str(SAMPLES / INTERVALS)], capsys)
    code, out, err = run(["log", RUN_DAY.isoformat(), "--rpe", "8", "--note", "windy"], capsys)
    assert code == 0, err
    assert "RPE 8" in out
    assert "session load 368" in out, out  # 8 x 46.0 min moving
    code, out, err = run(["log", "2017-03-10", "--skip", "ill"], capsys)
    assert code == 0, err
    assert "the intervals session of 2017-03-09 skipped (ill)" in out
    code, out, err = run(["log", "2017-03-10", "--note", "flu", "--json"], capsys)
    entry = json.loads(out)
    assert entry["skipped"] == "ill"
    assert entry["note"] == "flu"
    assert entry["rpe"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2017-03-02"], "give --rpe, --note or --skip"),
        (["2017-03-02", "--rpe", "0"], "1 to 10"),
        (["2017-03-02", "--rpe", "7", "--skip", "ill"], "a skipped session has no RPE"),
        (["2017-13-02", "--rpe", "7"], "not a date"),
        (["2017-03-02", "--skip", "bored"], "bored"),
    ],
)
def test_log_refuses_bad_input_in_one_line(args, message, capsys):
    code, _out, err = run(["log", *args], capsys)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1, err


def test_today_says_a_session_is_done_and_next_moves_on(capsys):
    plan_with(capsys, {RUN_DAY: WHAT_WAS_RUN, RUN_DAY + timedelta(days=7): WHAT_WAS_RUN})
    summary = imported([str(SAMPLES / INTERVALS)], capsys)
    code, out, err = run(["today", "--date", RUN_DAY.isoformat(), "--json"], capsys)
    assert code == 0, err
    done = json.loads(out)["done"]
    assert done["date"] == RUN_DAY.isoformat()
    assert done["compliance"] == pytest.approx(summary["scored"][0]["compliance"])
    code, out, err = run(["today", "--date", RUN_DAY.isoformat()], capsys)
    assert f"Done on {RUN_DAY}, compliance" in out
    code, out, err = run(["next", "--date", RUN_DAY.isoformat(), "--json"], capsys)
    following = json.loads(out)
    assert following["date"] == (RUN_DAY + timedelta(days=7)).isoformat()
    assert following["done"] is None
