"""The runner's log of sessions: RPE, notes and skips, one entry a day."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from speedplay.coach.log import LogEntry, SkipReason
from speedplay.storage.profiles import RUNNER_ID
from speedplay.storage.reading import Reader


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
    from speedplay.storage.reading import reader_of

    with reader_of(engine) as reader:
        return {entry.day: entry for entry in read_logs(reader, runner_id)}


LOGS = "SELECT day, rpe, note, skipped FROM session_logs WHERE runner_id = ? ORDER BY day"


def read_logs(reader: Reader, runner_id: int = RUNNER_ID) -> list[LogEntry]:
    """Every logged day, oldest first, through ``reader`` (plain SQL, ``reading.py``)."""
    return [
        LogEntry(reader.day(day), rpe, note, SkipReason(skipped) if skipped else None)  # type: ignore[arg-type]
        for day, rpe, note, skipped in reader.rows(LOGS, [runner_id])
    ]


def _entry(row: Any) -> LogEntry:
    """A log entry from its stored row (a mapped row or a plain one: the same names)."""
    skipped = SkipReason(row.skipped) if row.skipped else None
    return LogEntry(row.day, row.rpe, row.note, skipped)
