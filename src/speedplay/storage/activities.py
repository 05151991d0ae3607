"""Imported activities: which files are known, and adding one, each in its own commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from speedplay.storage.models import ActivityRow, RunnerRow
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


def known_hashes(engine: Engine, runner_id: int = RUNNER_ID) -> set[str]:
    with Session(engine) as session:
        rows = session.scalars(
            select(ActivityRow.content_hash).where(ActivityRow.runner_id == runner_id)
        )
        return set(rows)


def add_activity(engine: Engine, found: ImportedFile, runner_id: int = RUNNER_ID) -> None:
    """Store one file in its own transaction: a crash loses at most the file in hand."""
    with Session(engine) as session, session.begin():
        if session.get(RunnerRow, runner_id) is None:
            session.add(RunnerRow(id=runner_id))
            session.flush()
        session.add(ActivityRow(runner_id=runner_id, **found.__dict__))


SAME_START_S = 60.0
SAME_LENGTH = 0.02
"""The same run from two services: starts within a minute, elapsed times within 2 %."""


def same_run(
    engine: Engine, start: datetime, elapsed_s: float, runner_id: int = RUNNER_ID
) -> tuple[int, str] | None:
    """The stored run (id, source) that a recording starting at ``start`` and lasting
    ``elapsed_s`` is another copy of, if there is one."""
    window = timedelta(seconds=SAME_START_S)
    with Session(engine) as session:
        rows = session.execute(
            select(ActivityRow.id, ActivityRow.source, ActivityRow.elapsed_s).where(
                ActivityRow.runner_id == runner_id,
                ActivityRow.status == "run",
                ActivityRow.start_time.between(start - window, start + window),
            )
        ).all()
    for row_id, source, stored_elapsed in rows:
        if stored_elapsed and abs(stored_elapsed - elapsed_s) <= SAME_LENGTH * max(
            stored_elapsed, elapsed_s
        ):
            return row_id, source
    return None


def mark_duplicate(engine: Engine, row_id: int, of_source: str) -> None:
    """Mark a stored run as a copy of another file's (kept, never analysed twice)."""
    with Session(engine) as session, session.begin():
        row = session.get(ActivityRow, row_id)
        if row is not None:
            row.status = "duplicate"
            row.message = f"the same run as {of_source}"


def activity_count(engine: Engine, runner_id: int = RUNNER_ID) -> dict[str, int]:
    """How many stored files are runs, skipped, failed and duplicates."""
    with Session(engine) as session:
        statuses = session.scalars(
            select(ActivityRow.status).where(ActivityRow.runner_id == runner_id)
        ).all()
    return {status: statuses.count(status) for status in ("run", "skipped", "failed", "duplicate")}
