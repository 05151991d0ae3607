"""The runner's log of sessions: RPE, notes and skips, one entry a day."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from speedplay.coach.log import LogEntry, SkipReason
from speedplay.storage.profiles import RUNNER_ID
from speedplay.storage.tables import session_logs


def save_log(engine: Engine, entry: LogEntry, runner_id: int = RUNNER_ID) -> LogEntry:
    """Record ``entry``, merged into what was logged that day already; the entry as stored."""
    from sqlalchemy.orm import Session  # the ORM loads only where a log is written

    from speedplay.storage.models import SessionLogRow
    from speedplay.storage.runners import ensure_runner

    with Session(engine) as session, session.begin():
        ensure_runner(session.connection(), runner_id)
        row = session.scalars(
            select(SessionLogRow).where(
                SessionLogRow.runner_id == runner_id, SessionLogRow.day == entry.day
            )
        ).first()
        merged = _entry(row).merged(entry) if row is not None else entry
        row = row or SessionLogRow(runner_id=runner_id, day=entry.day)
        row.rpe, row.note = merged.rpe, merged.note
        row.skipped = None if merged.skipped is None else merged.skipped.value
        session.add(row)
        return merged


def load_logs(engine: Engine, runner_id: int = RUNNER_ID) -> dict[date, LogEntry]:
    """Every logged day."""
    with engine.connect() as connection:
        rows = connection.execute(select(session_logs).where(session_logs.c.runner_id == runner_id))
        return {row.day: _entry(row) for row in rows}


def _entry(row: Any) -> LogEntry:
    """A log entry from its stored row (a mapped row or a plain one: the same names)."""
    skipped = SkipReason(row.skipped) if row.skipped else None
    return LogEntry(row.day, row.rpe, row.note, skipped)
