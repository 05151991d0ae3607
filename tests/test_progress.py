"""History and progress: best efforts, fitness/fatigue/form, and the commands on real runs."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

import numpy as np
import pytest

from speedplay.analysis.best_efforts import best_efforts, fastest_time, longest_distance
from speedplay.cli.app import main
from speedplay.coach.training_load import (
    FATIGUE_DAYS,
    FITNESS_DAYS,
    fitness_fatigue_form,
    run_load,
)
from tests.conftest import SAMPLES

INTERVALS = SAMPLES / "fit/goldencheetah-ipbike-intervals-4x6min.fit"
EASY = SAMPLES / "fit/activity-small-fenix2-run.fit"


def test_best_efforts_on_an_even_run_with_a_fast_stretch():
    time = np.arange(0, 3601, dtype=float)
    speed = np.full(len(time), 3.0)
    speed[1000:1300] = 5.0  # five minutes at 5 m/s
    distance = np.concatenate([[0.0], np.cumsum(speed[1:])])
    assert fastest_time(time, distance, 1000.0) == pytest.approx(200.0)
    assert fastest_time(time, distance, 3000.0) == pytest.approx(300 + 1500 / 3, abs=1)
    assert longest_distance(time, distance, 1200) == pytest.approx(1500 + 900 * 3.0)
    assert fastest_time(time, distance, 50_000.0) is None, "a run shorter than the effort"
    labels = [b.label for b in best_efforts(time, distance)]
    assert labels == ["1k", "mile", "3k", "5k", "20min", "30min"]


def test_fitness_and_fatigue_follow_their_time_constants():
    start = date(2026, 1, 1)
    loads = {start + timedelta(days=d): 100.0 for d in range(FITNESS_DAYS)}
    days = fitness_fatigue_form(loads, start + timedelta(days=FITNESS_DAYS - 1))
    # after n days of a constant load L, an exponentially weighted average is L(1 - (1 - 1/k)^n)
    assert days[-1].fitness == pytest.approx(100 * (1 - (1 - 1 / FITNESS_DAYS) ** FITNESS_DAYS))
    assert days[FATIGUE_DAYS - 1].fatigue == pytest.approx(
        100 * (1 - (1 - 1 / FATIGUE_DAYS) ** FATIGUE_DAYS)
    )
    assert days[-1].fitness == pytest.approx(100 * (1 - math.exp(-1)), abs=1.0)
    assert days[-1].form == pytest.approx(days[-1].fitness - days[-1].fatigue)
    rested = fitness_fatigue_form(loads, start + timedelta(days=FITNESS_DAYS + 13))
    assert rested[-1].form > 0 > days[-1].form, "two rest weeks turn fatigue into form"


def test_a_runs_load_is_rtss_else_trimp_else_time():
    assert run_load(80.0, 120.0, 3600) == (80.0, "rtss")
    assert run_load(None, 120.0, 3600) == (120.0, "trimp")
    assert run_load(None, None, 3600) == (50.0, "time")


def run(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_history_and_progress_of_imported_runs(capsys, tmp_path):
    run(["profile", "--race", "5k=22:30"], capsys)
    run(["import", str(INTERVALS), str(EASY)], capsys)
    runs = json.loads(run(["history", "--json"], capsys))
    assert [r["date"] for r in runs] == sorted((r["date"] for r in runs), reverse=True)
    intervals = next(r for r in runs if r["file"] == str(INTERVALS))
    assert intervals["reps"] == 4
    assert intervals["hard_s"] == pytest.approx(4 * 360, abs=30)
    assert intervals["rtss"] > 0
    report = json.loads(run(["progress", "--json", "--plot", str(tmp_path / "p.png")], capsys))
    assert (tmp_path / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    labels = {b["label"]: b for b in report["best_efforts"]}
    assert set(labels) >= {"1k", "mile", "3k", "5k", "20min", "30min"}
    one_k = labels["1k"]["best"]
    assert one_k["date"] == "2017-03-02"
    assert 180 < one_k["seconds"] < 260, "a 1 km inside a 6 min rep at about 4:00/km"
    assert report["load_sources"] == {"rtss": 2}
    assert report["days"][0]["date"] <= "2017-03-02"
    assert any(m["month"] == "2017-03" for m in report["vdot_by_month"])
    table = run(["history"], capsys)
    assert "2017-03-02" in table


def test_history_and_progress_without_a_database_say_so_and_create_none(capsys, own_database):
    assert "no runs yet" in run(["history"], capsys)
    assert "no runs yet" in run(["progress"], capsys)
    assert not own_database.exists()


def test_rep_pace_by_family_is_the_reps_time_over_their_distance(capsys):
    from tests.test_scoring import RUN_DAY, WHAT_WAS_RUN, plan_with

    plan_with(capsys, {RUN_DAY: WHAT_WAS_RUN})
    run(["import", str(INTERVALS)], capsys)
    analysis = json.loads(
        run(["analyze", str(INTERVALS), "--planned", WHAT_WAS_RUN, "--json"], capsys)
    )
    reps = analysis["reps"]
    expected = sum(r["moving_s"] for r in reps) / sum(r["distance_m"] for r in reps) * 1000
    report = json.loads(run(["progress", "--json"], capsys))
    (pace,) = report["rep_pace"]
    assert pace["rpe"] is None, "no RPE logged yet"
    run(["log", RUN_DAY.isoformat(), "--rpe", "7"], capsys)
    (logged,) = json.loads(run(["history", "--json"], capsys))
    assert logged["rpe"] == 7
    assert "RPE" in run(["history"], capsys)
    report = json.loads(run(["progress", "--json"], capsys))
    (pace,) = report["rep_pace"]
    assert pace["rpe"] == 7
    assert pace["family"] == "intervals"
    assert pace["monday"] == "2017-02-27"
    assert pace["pace_s_per_km"] == pytest.approx(expected, abs=0.2)


def stored_history(url: str, runs: int, seed: int) -> None:
    """``runs`` runs over three years with random best efforts, written straight to storage."""
    import random
    from datetime import UTC, datetime

    from sqlalchemy.orm import Session

    from speedplay.storage.database import open_database
    from speedplay.storage.models import ActivityRow, AnalysisRow, BestEffortRow, RunnerRow

    engine = open_database(url)
    rng = random.Random(seed)
    with Session(engine) as session, session.begin():
        session.add(RunnerRow(id=1))
        session.flush()
        for n in range(runs):
            day = date(2024, 1, 1) + timedelta(days=rng.randrange(3 * 365))
            start = datetime(day.year, day.month, day.day, 7, n % 60, tzinfo=UTC)
            activity = ActivityRow(runner_id=1, content_hash=f"{n:064x}", source=f"{n}.fit",
                                   status="run" if n % 9 else "other", start_time=start,
                                   sport="running", elapsed_s=3000.0, distance_m=9000.0)  # fmt: skip
            session.add(activity)
            session.flush()
            best = [BestEffortRow(runner_id=1, run_on=day, label=label, metres=metres,
                                  seconds=metres / rng.uniform(2.5, 5.0))
                    for label, metres in (("1k", 1000.0), ("5k", 5000.0), ("20min", 4200.0))]  # fmt: skip
            session.add(AnalysisRow(activity_id=activity.id, runner_id=1, run_on=day,
                                    matched=False, reps=0, moving_s=3000.0, distance_m=9000.0,
                                    document="{}", best=best))  # fmt: skip
    engine.dispose()


@pytest.mark.parametrize("seed", [1, 2])
def test_the_efforts_progress_reads_give_the_report_all_efforts_give(empty_database, seed):
    """progress reads each month's fastest effort of each kind and the recent ones, not every
    effort: the bests and the VDOT by month must come out exactly as from all of them."""
    from speedplay.coach.progress import RECENT_DAYS, progress
    from speedplay.storage.database import open_database
    from speedplay.storage.history import (
        monthly_fastest_efforts,
        stored_best_efforts,
        stored_runs,
    )
    from speedplay.storage.reading import reader_of

    stored_history(empty_database, 150, seed)
    engine = open_database(empty_database)
    try:
        with reader_of(engine) as reader:
            runs, every = stored_runs(reader), stored_best_efforts(reader)
            assert len(runs) < 150, "other sports are left out"
            assert len(every) == 3 * len(runs)
            for today in (date(2025, 6, 15), date(2026, 12, 31), date(2024, 2, 1)):
                recent = stored_best_efforts(reader, since=today - timedelta(days=RECENT_DAYS))
                few = monthly_fastest_efforts(reader) + recent
                if today > every[-1].run_on:
                    assert len(few) < len(every) / 2
                whole, reduced = progress(runs, every, today), progress(runs, few, today)
                assert reduced.bests == whole.bests
                assert reduced.vdot_by_month == whole.vdot_by_month
            assert stored_runs(reader, latest=7) == runs[-7:]
    finally:
        engine.dispose()


def test_history_and_progress_read_without_loading_sqlalchemy(empty_database):
    """Reading goes straight through the driver (SQLAlchemy's import alone would take 0.2 s of
    the half second history and progress have): the same rows, in a process that never loads
    it, on SQLite and PostgreSQL."""
    import os
    import subprocess
    import sys

    stored_history(empty_database, 40, seed=3)
    script = (
        "import contextlib, io, json, sys\n"
        "from speedplay.cli.app import main\n"
        "answers = []\n"
        "for args in (['history', '--json', '--limit', '100'], ['progress', '--json']):\n"
        "    out = io.StringIO()\n"
        "    with contextlib.redirect_stdout(out):\n"
        "        assert main(args) == 0\n"
        "    answers.append(json.loads(out.getvalue()))\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('sqlalchemy'))\n"
        "print(json.dumps({'answers': answers, 'sqlalchemy': loaded}))\n"
    )
    env = {**os.environ, "SPEEDPLAY_DB": empty_database}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout)
    assert found["sqlalchemy"] == []
    history, report = found["answers"]
    assert len(history) == 40 - 40 // 9 - 1, "the other sports are left out"
    assert all(run["start_time"].startswith(run["date"]) for run in history)
    assert report["best_efforts"], "the best efforts were read"
    assert report["vdot_by_month"]
