"""Recordings into the runner's history: stored, a batch of files at a time.

Reading and analysing a file is ``reading.py``'s (no database there); storing it
(:func:`store_recording`) happens in a transaction the caller holds, and :class:`Batches`
commits an import a batch of files at a time. The command line and the web app both import
through here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from sqlalchemy import Connection, Engine

from speedplay.services.reading import Recording, format_rank
from speedplay.storage.activities import (
    Added,
    KnownRuns,
    Waiting,
    add_activity,
    ensure_runner,
    same_run,
)
from speedplay.storage.records import ImportedFile


@dataclass(frozen=True)
class Stored:
    """What storing a recording did: ``kept`` and ``duplicate`` name the two files when it was
    another copy of a stored run; ``matched`` says whether it now counts as its session."""

    status: str
    kept: str | None = None
    duplicate: str | None = None
    matched: bool = False


def store_recording(
    connection: Connection,
    recording: Recording,
    known: KnownRuns | None = None,
    waiting: Waiting | None = None,
) -> Stored:
    """Store a recording in the transaction of ``connection``. A run already stored from another
    service stays one run: the richer file is kept as the run, the other stored as its
    duplicate. ``known``: the runner's stored runs, when the caller holds them in memory (and
    keeps them up to date through this function); else they are asked of the database.
    ``waiting``: where the analysis waits to be written with others (the caller writes them
    before it commits); else it is written at once."""
    stored, scored = recording.stored, recording.scored
    start, elapsed = stored.start_time, stored.elapsed_s
    copy = None
    if stored.status == "run" and start is not None and elapsed is not None:
        copy = (
            known.same_run(start, elapsed)
            if known is not None
            else same_run(connection, start, elapsed)
        )
    if copy is None:
        added = add_activity(connection, stored, scored, waiting=waiting)
        _now_a_run(known, added, stored)
        return Stored(stored.status, matched=added.matched)
    held = copy.richness if copy.richness is not None else format_rank(copy.source)
    if (stored.richness or 0) > held:
        added = add_activity(connection, stored, scored, replaces=copy.row, waiting=waiting)
        if known is not None:
            known.remove(copy.row)
        _now_a_run(known, added, stored)
        return Stored(stored.status, stored.source, copy.source, added.matched)
    duplicate = replace(stored, status="duplicate", message=f"the same run as {copy.source}")
    add_activity(connection, duplicate, waiting=waiting)
    return Stored("duplicate", copy.source, stored.source)


def _now_a_run(known: KnownRuns | None, added: Added, stored: ImportedFile) -> None:
    if known is not None and stored.status == "run" and stored.start_time is not None:
        known.add(added.row, stored.source, stored.start_time, stored.elapsed_s,
                  stored.richness)  # fmt: skip


BATCH_SECONDS = 0.5
BATCH_FILES = 200
"""An import commits at least every half second and every 200 files: a crash loses at most
that much (importing again finishes the job), and a commit's cost (a flush to disk) is shared
by many files."""


class Batches:
    """Recordings stored a batch at a time, each batch one transaction that commits whole or not
    at all. Use as a context manager: leaving it commits the last batch (or, on an error, rolls
    it back)."""

    def __init__(self, engine: Engine, seconds: float = BATCH_SECONDS, files: int = BATCH_FILES):
        self.engine = engine
        self.seconds = seconds
        self.files = files
        self._connection: Connection | None = None
        self._known: KnownRuns | None = None
        self._waiting = Waiting()
        self._count = 0
        self._began = 0.0

    def store(self, recording: Recording) -> Stored:
        """Store ``recording`` in the open batch; commit the batch when it is full or old."""
        if self._connection is None:
            self._connection = self.engine.connect()
            self._connection.begin()
            ensure_runner(self._connection)
            if self._known is None:
                self._known = KnownRuns(self._connection)
            self._count, self._began = 0, time.monotonic()
        outcome = store_recording(self._connection, recording, self._known, self._waiting)
        self._count += 1
        if self._count >= self.files or time.monotonic() - self._began >= self.seconds:
            self.commit()
        return outcome

    def commit(self) -> None:
        """Commit the open batch, if any."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            with connection:
                self._waiting.write(connection)
                connection.commit()

    def __enter__(self) -> Batches:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if error is None:
            self.commit()
        elif self._connection is not None:
            connection, self._connection = self._connection, None
            self._waiting = Waiting()
            connection.close()  # rolls the batch back
