"""Seconds of ``speedplay history`` and ``speedplay progress`` on a database of 3,000 runs,
process start to output, through the installed command.

    python scripts/benchmark_history.py [--runs N] [--postgres ADMIN_URL]

The runs are ten years of history written straight into a fresh SQLite file (one transaction):
a run every other day or so, each with its analysis figures and six best efforts, a third of
them scored against a plan session. The commands then read it as a runner's would be read.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench_database import database_name, fresh_database
from sqlalchemy.orm import Session

from speedplay.storage.database import open_database
from speedplay.storage.models import (
    ActivityRow,
    AnalysisRow,
    BestEffortRow,
    RunnerRow,
)

LIMIT_S = 0.5


def populate(url: str, runs: int) -> None:
    engine = open_database(url)
    rng = random.Random(1)
    first = date(2016, 12, 1)
    with Session(engine) as session, session.begin():
        session.add(RunnerRow(id=1))
        session.flush()
        for n in range(runs):
            day = first + timedelta(days=n * 3650 // runs)
            start = datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
            seconds = rng.uniform(1800, 5400)
            metres = seconds * rng.uniform(2.6, 3.6)
            activity = ActivityRow(runner_id=1, content_hash=f"{n:064x}", source=f"run{n}.fit",
                                   status="run", start_time=start, sport="running",
                                   elapsed_s=seconds, distance_m=metres)  # fmt: skip
            session.add(activity)
            session.flush()
            scored = n % 3 == 0
            session.add(AnalysisRow(
                activity_id=activity.id, runner_id=1, run_on=day, matched=scored,
                compliance=rng.uniform(40, 100) if scored else None, reps=6 if scored else 0,
                moving_s=seconds, distance_m=metres, trimp=None, rtss=rng.uniform(40, 120),
                document="{}", work_s=1200.0 if scored else 0.0,
                family="intervals" if scored else None,
                best=[BestEffortRow(runner_id=1, run_on=day, label=label, metres=m,
                                    seconds=m / rng.uniform(3.2, 4.2))
                      for label, m in (("1k", 1000.0), ("mile", 1609.344), ("3k", 3000.0),
                                       ("5k", 5000.0), ("20min", 4200.0), ("30min", 6000.0))],
            ))  # fmt: skip
    engine.dispose()


def timed(command: list[str], env: dict[str, str]) -> float:
    """The median of seven runs, after one that is not counted (it compiles the bytecode an
    installed package ships with)."""
    subprocess.run(command, env=env, check=True, capture_output=True)
    times = []
    for _ in range(7):
        begin = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument(
        "--postgres", help="a PostgreSQL role URL that may create databases (else SQLite)"
    )
    arguments = parser.parse_args()
    runs = arguments.runs
    speedplay = str(Path(sys.executable).with_name("speedplay"))
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(Path(folder), arguments.postgres) as url,
    ):
        populate(url, runs)
        env = {**os.environ, "SPEEDPLAY_DB": url, "COLUMNS": "100"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, {database_name(url)}")  # fmt: skip
        failed = False
        for name, args in (
            ("--help", ["--help"]),
            ("history", ["history"]),
            ("history --json (all)", ["history", "--json", "--limit", str(runs)]),
            ("progress", ["progress"]),
            ("progress --json", ["progress", "--json"]),
        ):
            seconds = timed([speedplay, *args], env)
            over = name in ("history", "progress") and seconds > LIMIT_S
            failed |= over
            print(f"speedplay {name:<22} {runs} runs: {seconds:.2f} s"
                  f"{'  (over 0.5 s)' if over else ''}")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
