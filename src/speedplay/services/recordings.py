"""Recordings read for an import, many at once: what reading needs and yields, and the
worker processes that do the reading.

Light on purpose: the importing process imports this, not the reading code (numpy, the FIT
decoder, the analysis), which only the workers run; they have it loaded already by their
fork server (``workers.py``), while the importing process opens the database. A handful of
files are read in the importing process, which then loads ``reading.py`` itself.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from speedplay.formats.archive import Found
from speedplay.formats.plan_json import PlannedSession
from speedplay.profile import Profile
from speedplay.services.workers import hold_freed_memory, worker_context
from speedplay.storage.records import CurrentPlan, ImportedFile, ScoredRun


@dataclass(frozen=True)
class Coaching:
    """What scoring a run needs: the runner (targets, heart rates, threshold pace) and the
    current plan, if any."""

    profile: Profile = field(default_factory=Profile)
    plan: CurrentPlan | None = None


@dataclass(frozen=True)
class Recording:
    """One file as read: what to store of it, its analysis, and the session it was scored
    against (None when it matched none)."""

    stored: ImportedFile
    scored: ScoredRun | None = None
    session: PlannedSession | None = None


def digest_of(found: Found) -> str:
    """The identity of a file: SHA-256 of its decompressed bytes (of its name when it could
    not be read, so that the failure is recorded once)."""
    if found.data is None:
        return hashlib.sha256(f"unreadable:{found.source}".encode()).hexdigest()
    return hashlib.sha256(found.data).hexdigest()


FORMAT_RICHNESS = {".fit": 2, ".tcx": 1, ".gpx": 0}
"""Between copies that carry the same, FIT is kept (laps, timer events, device), then TCX
(laps), then GPX."""


def format_rank(source: str) -> int:
    return FORMAT_RICHNESS.get(Path(source.lower().removesuffix(".gz")).suffix, 0)


MIN_PARALLEL = 16
"""Fewer files than this are read in the importing process: starting workers costs more."""

CHUNK = 8
"""Files a worker is handed at once: one round trip between the processes for several files."""

CHUNKS_PER_JOB = 3
"""Chunks in flight per worker: enough to keep them busy, few enough to bound the memory."""


def read_recordings(
    items: Iterable[tuple[Found, str]], coaching: Coaching, jobs: int
) -> Iterator[Recording]:
    """Each ``(file, digest)`` read as :func:`reading.read_recording` does, in order, by
    ``jobs`` worker processes (in this one for a single job or a handful of files). The
    results come back in the order the files went in, so what is stored does not depend on
    which worker finished first; at most ``jobs * CHUNKS_PER_JOB * CHUNK`` files are in
    memory at once."""
    pending = iter(items)
    head = list(itertools.islice(pending, MIN_PARALLEL))
    if jobs <= 1 or len(head) < MIN_PARALLEL:
        from speedplay.services.reading import read_recording

        for found, digest in itertools.chain(head, pending):
            yield read_recording(found, digest, coaching)
        return
    context = worker_context()  # a clean process: no database handle
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(coaching,)
    ) as pool:
        window: deque[Future[list[Recording]]] = deque()
        items = itertools.chain(head, pending)
        while chunk := list(itertools.islice(items, CHUNK)):
            window.append(pool.submit(_read_in_worker, chunk))
            if len(window) >= jobs * CHUNKS_PER_JOB:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


_worker_coaching = Coaching()


def _start_worker(coaching: Coaching) -> None:
    global _worker_coaching
    _worker_coaching = coaching
    hold_freed_memory()
    _leave_with_the_parent()


def _leave_with_the_parent() -> None:
    """End this worker when the importing process ends, even killed (``kill -9`` leaves its
    workers waiting for work that never comes)."""
    import multiprocessing
    import os
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _read_in_worker(chunk: list[tuple[Found, str]]) -> list[Recording]:
    from speedplay.services.reading import read_recording  # loaded by the fork server

    return [read_recording(found, digest, _worker_coaching) for found, digest in chunk]
