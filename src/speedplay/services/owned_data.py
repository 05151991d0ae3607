"""Everything the coach knows about one runner, as files anyone can open: the runner owns
their data.

Unlike a backup (the whole database, to restore), this is one runner's, written for people
and other programs: JSON documents and a CSV of the runs, named by date. The web app offers
the same files as the command line.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from speedplay.formats.history_json import run_to_dict
from speedplay.storage.history import stored_analysis, stored_best_efforts, stored_runs
from speedplay.storage.logs import read_logs
from speedplay.storage.plans import read_plan_versions
from speedplay.storage.profiles import RUNNER_ID, load_profile
from speedplay.storage.reading import Reader

README = """\
Everything speedplay knows about you, exported {exported}.

profile.json          your races, heart rates, units, level and running days
runs.csv, runs.json   every analysed run: date, distance, moving time, reps, score, load
runs/DATE-N.json      each run's analysis: its reps against the plan, laps, pauses, load
best-efforts.json     the fastest stretches found inside your runs
log.json              the days you logged: session RPE, notes, skips and why
plans/PLAN-vN.json    every version of every plan, with the reason it was made

Distances are in metres, times in seconds, speeds in metres a second, dates ISO 8601.
"""

RUN_COLUMNS = ("date", "start_time", "file", "session", "distance_m", "moving_s", "reps",
               "hard_s", "compliance", "trimp", "rtss", "rpe")  # fmt: skip
"""The columns of runs.csv: the fields of runs.json (``speedplay history --json``)."""


def runner_files(reader: Reader, exported: str, runner_id: int = RUNNER_ID) -> dict[str, bytes]:
    """The runner's data as files: name in the archive -> content. ``exported``: when (shown
    in the README; the core knows no clock)."""
    runs = stored_runs(reader, runner_id)
    files = {
        "README.txt": README.format(exported=exported).encode(),
        "profile.json": _json(asdict(load_profile(reader, runner_id))),
        "runs.json": _json([run_to_dict(run) for run in runs]),
        "runs.csv": _runs_csv([run_to_dict(run) for run in runs]),
        "best-efforts.json": _json(
            [
                {"date": e.run_on, "label": e.label, "metres": e.metres, "seconds": e.seconds}
                for e in stored_best_efforts(reader, runner_id)
            ]
        ),
        "log.json": _json(
            [
                {"date": e.day, "rpe": e.rpe, "note": e.note, "skipped": e.skipped}
                for e in read_logs(reader, runner_id)
            ]
        ),
    }
    for number, run in enumerate(runs, 1):
        found = None
        if run.analysis_id is not None:
            found = stored_analysis(reader, runner_id, run.analysis_id)
        if found is not None:
            files[f"runs/{run.run_on.isoformat()}-{number}.json"] = _json(found.document)
    for stored in read_plan_versions(reader, runner_id):
        files[f"plans/{stored.plan_id}-v{stored.version}.json"] = _json(
            {"reason": stored.reason, "plan": json.loads(stored.document_text)}
        )
    return files


def _json(document: Any) -> bytes:
    return json.dumps(document, indent=2, ensure_ascii=False, default=str).encode()


def _runs_csv(runs: list[dict[str, Any]]) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, RUN_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(runs)
    return text.getvalue().encode()
