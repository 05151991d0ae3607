"""Imported activities: which files are known, and adding one, each in its own commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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


def activity_count(engine: Engine, runner_id: int = RUNNER_ID) -> dict[str, int]:
    """How many stored files are runs, skipped and failed."""
    with Session(engine) as session:
        statuses = session.scalars(
            select(ActivityRow.status).where(ActivityRow.runner_id == runner_id)
        ).all()
    return {status: statuses.count(status) for status in ("run", "skipped", "failed")}
