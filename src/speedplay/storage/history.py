"""Reading the history back: runs with their figures, and the best efforts inside them.

These queries read only the columns the history and the progress show (never the analysis
documents), straight through the driver (``reading.py``), so that thousands of runs list in a
fraction of a second. The tables are those of ``tables.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from speedplay.coach.progress import RECENT_DAYS, EffortRecord, RunRecord
from speedplay.storage.profiles import RUNNER_ID
from speedplay.storage.reading import POSTGRESQL, SQLITE, Reader

RUNS = """
    SELECT an.run_on, ac.start_time, ac.source, an.distance_m, an.moving_s, an.reps,
           an.work_s, an.work_m, an.family, an.compliance, an.matched, an.trimp, an.rtss,
           sl.rpe, an.id
    FROM analyses AS an
    JOIN activities AS ac ON ac.id = an.activity_id
    LEFT OUTER JOIN session_logs AS sl ON sl.runner_id = an.runner_id AND sl.day = an.run_on
    WHERE an.runner_id = ? AND ac.status = 'run'
    ORDER BY ac.start_time DESC, an.id DESC
"""

EFFORTS = """
    SELECT be.run_on, be.label, be.metres, be.seconds
    FROM best_efforts AS be
    JOIN analyses AS an ON an.id = be.analysis_id
    JOIN activities AS ac ON ac.id = an.activity_id
    WHERE be.runner_id = ? AND ac.status = 'run' AND be.run_on >= ?
    ORDER BY be.run_on
"""

KIND_AND_MONTH = {
    SQLITE: "be.label, strftime('%Y-%m', be.run_on)",
    POSTGRESQL: "be.label COLLATE \"C\", date_trunc('month', be.run_on)",
}
"""Each kind of effort in each month. PostgreSQL sorts the labels bytewise (they are ASCII),
which takes half the time of sorting them by the locale's rules."""

MONTHLY_FASTEST = """
    SELECT run_on, label, metres, seconds FROM (
        SELECT be.run_on, be.label, be.metres, be.seconds,
               row_number() OVER (
                   PARTITION BY {kind_and_month}
                   ORDER BY be.metres / be.seconds DESC, be.run_on
               ) AS rank
        FROM best_efforts AS be
        JOIN analyses AS an ON an.id = be.analysis_id
        JOIN activities AS ac ON ac.id = an.activity_id
        WHERE be.runner_id = ? AND ac.status = 'run' AND be.seconds > 0
    ) AS ranked
    WHERE rank = 1
    ORDER BY run_on
"""


def stored_runs(
    reader: Reader, runner_id: int = RUNNER_ID, latest: int | None = None, skipped: int = 0
) -> list[RunRecord]:
    """Every analysed run (or the ``latest`` ones, after the ``skipped`` newest: a page of
    the history), oldest first."""
    query, parameters = RUNS, [runner_id]
    if latest is not None:
        query, parameters = query + " LIMIT ? OFFSET ?", [runner_id, latest, skipped]
    day, moment = reader.day, reader.moment
    return [
        RunRecord(
            run_on=day(run_on),  # type: ignore[arg-type]
            start_time=moment(start_time),
            source=source,
            distance_m=distance_m,
            moving_s=moving_s,
            reps=reps,
            work_s=work_s or 0.0,
            work_m=work_m or 0.0,
            family=family if matched else None,
            compliance=compliance if matched else None,
            trimp=trimp,
            rtss=rtss,
            rpe=rpe,
            analysis_id=analysis_id,
        )
        for (run_on, start_time, source, distance_m, moving_s, reps, work_s, work_m, family,
             compliance, matched, trimp, rtss, rpe, analysis_id)
        in reversed(reader.rows(query, parameters))
    ]  # fmt: skip


RUNS_OF_FILES = """
    SELECT ac.source, an.id FROM analyses AS an JOIN activities AS ac ON ac.id = an.activity_id
    WHERE an.runner_id = ? AND ac.status = 'run' AND ac.source IN ({marks})
"""


def analyses_of_files(reader: Reader, runner_id: int, sources: set[str]) -> dict[str, int]:
    """The analysis of each of these files that is a stored run, by file: what an upload
    links to, read without the rest of the history."""
    if not sources:
        return {}
    query = RUNS_OF_FILES.format(marks=", ".join("?" * len(sources)))
    return dict(reader.rows(query, [runner_id, *sorted(sources)]))


def stored_best_efforts(
    reader: Reader, runner_id: int = RUNNER_ID, since: date | None = None
) -> list[EffortRecord]:
    """Every stored best effort (or those on and after ``since``), oldest first."""
    rows = reader.rows(EFFORTS, [runner_id, (since or date.min).isoformat()])
    return _efforts(reader, rows)


def monthly_fastest_efforts(reader: Reader, runner_id: int = RUNNER_ID) -> list[EffortRecord]:
    """Of each kind of best effort (1 km, 20 min, ...), the fastest of each month, oldest
    first. Ten years of runs hold tens of thousands of efforts; these few hundred carry every
    all-time best and, since within one kind the fastest effort has the highest VDOT, the VDOT
    of every month. The database picks them, so they are all that is read."""
    query = MONTHLY_FASTEST.format(kind_and_month=reader.sql(KIND_AND_MONTH))
    return _efforts(reader, reader.rows(query, [runner_id]))


def progress_efforts(reader: Reader, today: date, runner_id: int = RUNNER_ID) -> list[EffortRecord]:
    """The best efforts the progress shows: each month's fastest of each kind, and the recent
    ones (for the recent bests)."""
    recent = stored_best_efforts(reader, runner_id, since=today - timedelta(days=RECENT_DAYS))
    return monthly_fastest_efforts(reader, runner_id) + recent


def _efforts(reader: Reader, rows: list[tuple[object, ...]]) -> list[EffortRecord]:
    day = reader.day
    return [
        EffortRecord(day(run_on), label, metres, seconds)  # type: ignore[arg-type]
        for run_on, label, metres, seconds in rows
    ]


ONE_ANALYSIS = """
    SELECT an.run_on, ac.source, an.document, an.series, an.planned_on, an.matched, an.family,
           sl.rpe, sl.note
    FROM analyses AS an
    JOIN activities AS ac ON ac.id = an.activity_id
    LEFT OUTER JOIN session_logs AS sl ON sl.runner_id = an.runner_id AND sl.day = an.run_on
    WHERE an.id = ? AND an.runner_id = ? AND ac.status = 'run'
"""


@dataclass(frozen=True)
class StoredAnalysis:
    """One stored run's analysis, as its page shows it."""

    run_on: date
    source: str
    document: dict[str, Any]
    series: str | None
    planned_on: date | None
    matched: bool
    family: str | None
    rpe: float | None
    note: str | None


def stored_analysis(reader: Reader, runner_id: int, analysis_id: int) -> StoredAnalysis | None:
    """The analysis ``analysis_id`` when it is one of the runner's runs; None otherwise (another
    runner's analysis is as absent as one that does not exist)."""
    rows = reader.rows(ONE_ANALYSIS, [analysis_id, runner_id])
    if not rows:
        return None
    run_on, source, document, series, planned_on, matched, family, rpe, note = rows[0]
    return StoredAnalysis(
        run_on=reader.day(run_on),  # type: ignore[arg-type]
        source=source,
        document=json.loads(document),
        series=series,
        planned_on=reader.day(planned_on),
        matched=bool(matched),
        family=family,
        rpe=rpe,
        note=note,
    )
