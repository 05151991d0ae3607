"""Recordings into the runner's history: stored, a batch of files at a time.

Reading and analysing a file is ``reading.py``'s (no database there); storing it
(:func:`store_recording`) happens in a transaction the caller holds, and :class:`Batches`
commits an import a batch of files at a time. The command line and the web app both import
through here.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Connection, Engine

from speedplay.formats.archive import Found
from speedplay.services.recordings import Recording, format_rank
from speedplay.storage.activities import (
    Added,
    KnownRuns,
    Waiting,
    add_activity,
    same_run,
)
from speedplay.storage.profiles import RUNNER_ID
from speedplay.storage.records import ImportedFile
from speedplay.storage.runners import ensure_runner


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
    runner_id: int = RUNNER_ID,
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
            else same_run(connection, start, elapsed, runner_id)
        )
    if copy is None:
        added = add_activity(connection, stored, scored, runner_id=runner_id, waiting=waiting)
        _now_a_run(known, added, stored)
        return Stored(stored.status, matched=added.matched)
    held = copy.richness if copy.richness is not None else format_rank(copy.source)
    if (stored.richness or 0) > held:
        added = add_activity(
            connection, stored, scored, copy.row, runner_id=runner_id, waiting=waiting
        )
        if known is not None:
            known.remove(copy.row)
        _now_a_run(known, added, stored)
        return Stored(stored.status, stored.source, copy.source, added.matched)
    duplicate = replace(stored, status="duplicate", message=f"the same run as {copy.source}")
    add_activity(connection, duplicate, runner_id=runner_id, waiting=waiting)
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

    def __init__(
        self,
        engine: Engine,
        seconds: float = BATCH_SECONDS,
        files: int = BATCH_FILES,
        runner_id: int = RUNNER_ID,
    ):
        self.engine = engine
        self.runner_id = runner_id
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
            ensure_runner(self._connection, self.runner_id)
            if self._known is None:
                self._known = KnownRuns(self._connection, self.runner_id)
            self._count, self._began = 0, time.monotonic()
        outcome = store_recording(
            self._connection, recording, self._known, self._waiting, self.runner_id
        )
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


@dataclass(frozen=True)
class Imported:
    """One file of an import as the runner is told of it: ``status`` is ``run``, ``skipped``
    (another sport), ``failed`` (``message`` says why), ``duplicate`` (the same run as a
    richer file) or ``already`` (imported before)."""

    source: str
    status: str
    message: str | None
    content_hash: str
    run_on: date | None = None


def import_found(
    engine: Engine, items: Iterable[Found], runner_id: int, today: date
) -> tuple[list[Imported], tuple[str, ...]]:
    """Import recordings for one runner, in this process: each read, analysed and scored
    against the runner's plan, stored in batches; then the plan re-derived. What became of
    each file, and why the plan changed (empty when it did not)."""
    from speedplay.services.adapting import readapt
    from speedplay.services.reading import read_recording
    from speedplay.services.recordings import Coaching, digest_of
    from speedplay.storage.activities import known_hashes
    from speedplay.storage.plans import current_plan
    from speedplay.storage.profiles import load_profile
    from speedplay.storage.reading import reader_of

    known = known_hashes(engine, runner_id)
    with reader_of(engine) as reader:
        coaching = Coaching(load_profile(reader, runner_id), current_plan(engine, runner_id))
    outcomes: list[Imported] = []
    with Batches(engine, runner_id=runner_id) as batches:
        for found in items:
            digest = digest_of(found)
            if digest in known:
                outcomes.append(Imported(found.source, "already", None, digest))
                continue
            known.add(digest)
            recording = read_recording(found, digest, coaching)
            stored = batches.store(recording)
            message = recording.stored.message
            if stored.status == "duplicate":
                message = f"the same run as {stored.kept}"
            elif stored.duplicate is not None:
                message = f"kept instead of {stored.duplicate}, the same run with less in it"
            run_on = recording.scored.run_on if recording.scored else None
            outcomes.append(Imported(found.source, stored.status, message, digest, run_on))
    changed = readapt(engine, today, runner_id)  # even with nothing new: see cli/importing.py
    return outcomes, changed.reasons if changed else ()
