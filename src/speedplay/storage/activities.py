"""Imported activities: which files are known, and adding them, inside a transaction the caller
holds (an import commits a batch of files at a time)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from speedplay.coach.matching import Fit, displaces, fit_of
from speedplay.storage.models import ActivityRow, AnalysisRow, BestEffortRow, RunnerRow
from speedplay.storage.profiles import RUNNER_ID


@dataclass(frozen=True)
class ImportedFile:
    """What one file held, as stored."""

    content_hash: str
    source: str
    status: str
    message: str | None = None
    start_time: datetime | None = None
    sport: str | None = None
    device: str | None = None
    elapsed_s: float | None = None
    distance_m: float | None = None
    richness: int | None = None


@dataclass(frozen=True)
class ScoredRun:
    """A run's analysis as stored: against a planned session (``plan_id`` and ``planned_on``)
    or alone, with the figures the history lists and the whole ``analyze --json`` document."""

    run_on: date
    reps: int
    moving_s: float
    distance_m: float
    document: dict[str, Any]
    plan_id: int | None = None
    planned_on: date | None = None
    compliance: float | None = None
    trimp: float | None = None
    rtss: float | None = None
    work_s: float = 0.0
    work_m: float = 0.0
    family: str | None = None
    best_efforts: tuple[tuple[str, float, float], ...] = ()
    """(label, metres, seconds) of each best effort inside the run."""

    def fit(self) -> Fit:
        return fit_of(self.compliance, self.run_on, self.planned_on)


def known_hashes(engine: Engine, runner_id: int = RUNNER_ID) -> set[str]:
    with Session(engine) as session:
        rows = session.scalars(
            select(ActivityRow.content_hash).where(ActivityRow.runner_id == runner_id)
        )
        return set(rows)


def add_activity(
    session: Session,
    found: ImportedFile,
    scored: ScoredRun | None = None,
    replaces: int | None = None,
    runner_id: int = RUNNER_ID,
) -> bool:
    """Store one file, its analysis, and what it changes, in the transaction of ``session``.
    ``replaces`` is a stored run this file is a richer copy of: it becomes a duplicate and its
    analysis goes. A run scored against a planned session takes the session from the run that
    holds it only when it fits closer (:func:`coach.matching.displaces`). Whether the file now
    counts as its planned session."""
    if session.get(RunnerRow, runner_id) is None:
        session.add(RunnerRow(id=runner_id))
        session.flush()
    if replaces is not None:
        _mark_duplicate(session, replaces, found.source)
    row = ActivityRow(runner_id=runner_id, **found.__dict__)
    session.add(row)
    session.flush()
    if scored is None:
        return False
    analysis = _analysis_row(session, row.id, scored, runner_id)
    session.add(analysis)
    return analysis.matched


def _mark_duplicate(session: Session, row_id: int, of_source: str) -> None:
    row = session.get(ActivityRow, row_id)
    if row is not None:
        row.status = "duplicate"
        row.message = f"the same run as {of_source}"
        session.execute(delete(AnalysisRow).where(AnalysisRow.activity_id == row_id))
        session.flush()


def _analysis_row(
    session: Session, activity_id: int, scored: ScoredRun, runner_id: int
) -> AnalysisRow:
    matched = False
    if scored.plan_id is not None and scored.planned_on is not None:
        holder = session.scalars(
            select(AnalysisRow).where(
                AnalysisRow.runner_id == runner_id,
                AnalysisRow.plan_id == scored.plan_id,
                AnalysisRow.planned_on == scored.planned_on,
                AnalysisRow.matched,
            )
        ).first()
        matched = holder is None or displaces(scored.fit(), _fit(holder))
        if holder is not None and matched:
            holder.matched = False
    return AnalysisRow(
        activity_id=activity_id,
        runner_id=runner_id,
        run_on=scored.run_on,
        plan_id=scored.plan_id,
        planned_on=scored.planned_on,
        matched=matched,
        compliance=scored.compliance,
        reps=scored.reps,
        moving_s=scored.moving_s,
        distance_m=scored.distance_m,
        trimp=scored.trimp,
        rtss=scored.rtss,
        document=json.dumps(scored.document),
        work_s=scored.work_s,
        work_m=scored.work_m,
        family=scored.family,
        best=[
            BestEffortRow(
                runner_id=runner_id, run_on=scored.run_on, label=label, metres=m, seconds=t
            )
            for label, m, t in scored.best_efforts
        ],
    )


def _fit(row: AnalysisRow) -> Fit:
    return fit_of(row.compliance, row.run_on, row.planned_on)


SAME_START_S = 60.0
SAME_LENGTH = 0.02
"""The same run from two services: starts within a minute, elapsed times within 2 %."""


@dataclass(frozen=True)
class StoredCopy:
    """A stored run another file may be a copy of."""

    row_id: int
    source: str
    richness: int | None


def same_run(
    session: Session, start: datetime, elapsed_s: float, runner_id: int = RUNNER_ID
) -> StoredCopy | None:
    """The stored run (this transaction's included) that a recording starting at ``start``
    and lasting ``elapsed_s`` is another copy of, if there is one."""
    window = timedelta(seconds=SAME_START_S)
    rows = session.execute(
        select(
            ActivityRow.id, ActivityRow.source, ActivityRow.elapsed_s, ActivityRow.richness
        ).where(
            ActivityRow.runner_id == runner_id,
            ActivityRow.status == "run",
            ActivityRow.start_time.between(start - window, start + window),
        )
    ).all()
    for row_id, source, stored_elapsed, richness in rows:
        if stored_elapsed and abs(stored_elapsed - elapsed_s) <= SAME_LENGTH * max(
            stored_elapsed, elapsed_s
        ):
            return StoredCopy(row_id, source, richness)
    return None


def activity_count(engine: Engine, runner_id: int = RUNNER_ID) -> dict[str, int]:
    """How many stored files are runs, skipped, failed and duplicates."""
    with Session(engine) as session:
        statuses = session.scalars(
            select(ActivityRow.status).where(ActivityRow.runner_id == runner_id)
        ).all()
    return {status: statuses.count(status) for status in ("run", "skipped", "failed", "duplicate")}


@dataclass(frozen=True)
class RunOfDay:
    """A stored run's analysis, as the log and the history show it."""

    run_on: date
    moving_s: float
    reps: int
    matched: bool
    planned_on: date | None
    compliance: float | None


def runs_on(engine: Engine, day: date, runner_id: int = RUNNER_ID) -> list[RunOfDay]:
    """The analysed runs of a day, the one that counts as a planned session first."""
    with Session(engine) as session:
        rows = session.scalars(
            select(AnalysisRow).where(AnalysisRow.runner_id == runner_id, AnalysisRow.run_on == day)
        ).all()
        runs = [
            RunOfDay(r.run_on, r.moving_s, r.reps, r.matched, r.planned_on, r.compliance)
            for r in rows
        ]
    return sorted(runs, key=lambda r: (not r.matched, -r.moving_s))


@dataclass(frozen=True)
class MatchedRun:
    """The run that counts as a planned session: its day, score and analysis document."""

    run_on: date
    planned_on: date
    compliance: float | None
    document: dict[str, Any]


def matched_runs(engine: Engine, plan_id: int, runner_id: int = RUNNER_ID) -> list[MatchedRun]:
    """The runs that count as the sessions of a plan."""
    with Session(engine) as session:
        rows = session.scalars(
            select(AnalysisRow).where(
                AnalysisRow.runner_id == runner_id,
                AnalysisRow.plan_id == plan_id,
                AnalysisRow.matched,
            )
        ).all()
        return [
            MatchedRun(r.run_on, r.planned_on, r.compliance, json.loads(r.document))
            for r in rows
            if r.planned_on is not None
        ]
