"""Recordings into the runner's history: read, analyse, match to the plan, store.

Reading and analysing a file (:func:`read_recording`) touches no database, so that it can run
anywhere (a worker process, a web request); storing it (:func:`store_recording`) happens in a
transaction the caller holds, and :class:`Batches` commits an import a batch of files at a
time. The command line and the web app both import through here.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

import numpy as np
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from speedplay.analysis.activity import Activity
from speedplay.analysis.analyze import Analysis, HeartRates, analyze
from speedplay.analysis.best_efforts import best_efforts
from speedplay.analysis.segmentation import Kind
from speedplay.coach.matching import Fit, closest, fit_of, sessions_near
from speedplay.errors import SpeedplayError
from speedplay.formats.activity_files import is_run, read_activities
from speedplay.formats.analysis_json import analysis_to_dict
from speedplay.formats.archive import Found
from speedplay.formats.plan_json import PlannedSession
from speedplay.physiology.targets import resolve_step
from speedplay.profile import Profile
from speedplay.storage.activities import ImportedFile, ScoredRun, add_activity, same_run
from speedplay.storage.plans import CurrentPlan
from speedplay.units import speed_from_pace


@dataclass(frozen=True)
class Coaching:
    """What scoring a run needs: the runner (targets, heart rates, threshold pace) and the
    current plan, if any."""

    profile: Profile = field(default_factory=Profile)
    plan: CurrentPlan | None = None

    def analysed(self, activity: Activity, session: PlannedSession | None) -> Analysis:
        """The run analysed as ``speedplay analyze`` does, against ``session`` if given."""
        runner = self.profile.runner(self.plan.vdot_raise if self.plan else 0.0)
        fitness = self.profile.fitness()
        return analyze(
            activity,
            session.workout if session else None,
            None if runner is None else partial(resolve_step, runner=runner),
            HeartRates(self.profile.rest_hr, self.profile.max_hr),
            speed_from_pace(fitness.paces.threshold) if fitness else None,
        )


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


MIN_PARALLEL = 16
"""Fewer files than this are read in the importing process: starting workers costs more."""

WINDOW_PER_JOB = 8
"""Files in flight per worker: enough to keep them busy, few enough to bound the memory."""


def read_recordings(
    items: Iterable[tuple[Found, str]], coaching: Coaching, jobs: int
) -> Iterator[Recording]:
    """Each ``(file, digest)`` read as :func:`read_recording` does, in order, by ``jobs``
    worker processes (in this one for a single job or a handful of files). The results come
    back in the order the files went in, so what is stored does not depend on which worker
    finished first; at most ``jobs * WINDOW_PER_JOB`` files are in memory at once."""
    pending = iter(items)
    head = list(itertools.islice(pending, MIN_PARALLEL))
    if jobs <= 1 or len(head) < MIN_PARALLEL:
        for found, digest in itertools.chain(head, pending):
            yield read_recording(found, digest, coaching)
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # a clean process: no database handle
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(coaching,)
    ) as pool:
        window: deque[Future[Recording]] = deque()
        for item in itertools.chain(head, pending):
            window.append(pool.submit(_read_in_worker, item))
            if len(window) >= jobs * WINDOW_PER_JOB:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


_worker_coaching = Coaching()


def _start_worker(coaching: Coaching) -> None:
    global _worker_coaching
    _worker_coaching = coaching
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


def _read_in_worker(item: tuple[Found, str]) -> Recording:
    found, digest = item
    return read_recording(found, digest, _worker_coaching)


def read_recording(found: Found, digest: str, coaching: Coaching) -> Recording:
    """Read one file and, when it is a run, analyse it against the planned session it fits
    best within a day (or alone). Never raises for a bad file: the failure is what is stored."""
    if found.data is None:
        return Recording(ImportedFile(digest, found.source, "failed", found.problem))
    try:
        activities = read_activities(found.data, found.source)
    except SpeedplayError as error:
        return Recording(ImportedFile(digest, found.source, "failed", _one_line(error)))
    runs = [a for a in activities if is_run(a) and len(a.elapsed_s) >= 2]
    main = runs[0] if runs else activities[0]
    distance = main.distance_m[np.isfinite(main.distance_m)]
    stored = ImportedFile(
        content_hash=digest,
        source=found.source,
        status="run" if runs else "skipped",
        message="; ".join(main.warnings) or None,
        start_time=main.start_time,
        sport=main.sport,
        device=main.device,
        elapsed_s=main.duration_s,
        distance_m=float(distance[-1]) if len(distance) else None,
        richness=richness(main, found.source),
    )
    if not runs or main.start_time is None:
        return Recording(stored)
    try:
        scored, session = _scored(main, main.start_time.astimezone().date(), coaching)
    except SpeedplayError as error:
        return Recording(replace(stored, message=f"not analysed: {_one_line(error)}"))
    return Recording(stored, scored, session)


def _scored(
    activity: Activity, run_on: date, coaching: Coaching
) -> tuple[ScoredRun, PlannedSession | None]:
    """The run scored against each planned session near its day; the closest fit wins."""
    plan = coaching.plan
    candidates = sessions_near(run_on, plan.sessions) if plan else []
    fits: list[tuple[tuple[PlannedSession, Analysis], Fit]] = []
    for session in candidates:
        analysis = coaching.analysed(activity, session)
        score = analysis.compliance.score if analysis.compliance else None
        fits.append(((session, analysis), fit_of(score, run_on, session.day)))
    best = closest(fits)
    if plan is None or best is None:
        return _stored_analysis(coaching.analysed(activity, None), run_on, None, None), None
    (session, analysis), _ = best
    return _stored_analysis(analysis, run_on, plan.plan_id, session), session


def _stored_analysis(
    analysis: Analysis, run_on: date, plan_id: int | None, session: PlannedSession | None
) -> ScoredRun:
    work = [f for f in analysis.facts if f.segment.kind is Kind.WORK]
    grid = analysis.grid
    distance = grid.distance
    return ScoredRun(
        run_on=run_on,
        reps=len(work),
        moving_s=analysis.moving_s,
        distance_m=max(0.0, float(distance[-1] - distance[0])) if len(distance) else 0.0,
        document=analysis_to_dict(analysis),
        plan_id=plan_id,
        planned_on=session.day if session else None,
        compliance=analysis.compliance.score if analysis.compliance else None,
        trimp=analysis.load.trimp,
        rtss=analysis.load.rtss,
        work_s=sum(f.moving_s for f in work),
        work_m=sum(f.distance_m for f in work),
        family=session.family if session else None,
        best_efforts=tuple(
            (b.label, b.metres, b.seconds) for b in best_efforts(grid.time, grid.distance)
        ),
    )


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


FORMAT_RICHNESS = {".fit": 2, ".tcx": 1, ".gpx": 0}
"""Between copies that carry the same, FIT is kept (laps, timer events, device), then TCX
(laps), then GPX."""


def richness(activity: Activity, source: str) -> int:
    """How much a recording carries: each channel (heart rate, cadence, altitude, position,
    distance or speed) and laps count ten, the format breaks ties. A GPX with heart rate beats a
    FIT without."""
    channels = (
        activity.heart_rate,
        activity.cadence,
        activity.altitude_m,
        activity.latitude,
        np.concatenate([activity.distance_m, activity.speed_m_s]),
    )
    present = sum(1 for values in channels if np.isfinite(values).any())
    present += 1 if activity.laps else 0
    return 10 * present + _format_rank(source)


@dataclass(frozen=True)
class Stored:
    """What storing a recording did: ``kept`` and ``duplicate`` name the two files when it was
    another copy of a stored run; ``matched`` says whether it now counts as its session."""

    status: str
    kept: str | None = None
    duplicate: str | None = None
    matched: bool = False


def store_recording(session: Session, recording: Recording) -> Stored:
    """Store a recording in the transaction of ``session``. A run already stored from another
    service stays one run: the richer file is kept as the run, the other stored as its
    duplicate."""
    stored, scored = recording.stored, recording.scored
    copy = None
    if stored.status == "run" and stored.start_time is not None and stored.elapsed_s is not None:
        copy = same_run(session, stored.start_time, stored.elapsed_s)
    if copy is None:
        matched = add_activity(session, stored, scored)
        return Stored(stored.status, matched=matched)
    held = copy.richness if copy.richness is not None else _format_rank(copy.source)
    if (stored.richness or 0) > held:
        matched = add_activity(session, stored, scored, replaces=copy.row_id)
        return Stored(stored.status, stored.source, copy.source, matched)
    duplicate = replace(stored, status="duplicate", message=f"the same run as {copy.source}")
    add_activity(session, duplicate)
    return Stored("duplicate", copy.source, stored.source)


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
        self._session: Session | None = None
        self._count = 0
        self._began = 0.0

    def store(self, recording: Recording) -> Stored:
        """Store ``recording`` in the open batch; commit the batch when it is full or old."""
        if self._session is None:
            self._session = Session(self.engine)
            self._session.begin()
            self._count, self._began = 0, time.monotonic()
        outcome = store_recording(self._session, recording)
        self._count += 1
        if self._count >= self.files or time.monotonic() - self._began >= self.seconds:
            self.commit()
        return outcome

    def commit(self) -> None:
        """Commit the open batch, if any."""
        if self._session is not None:
            session, self._session = self._session, None
            with session:
                session.commit()

    def __enter__(self) -> Batches:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if error is None:
            self.commit()
        elif self._session is not None:
            session, self._session = self._session, None
            session.close()  # rolls the batch back


def _format_rank(source: str) -> int:
    return FORMAT_RICHNESS.get(Path(source.lower().removesuffix(".gz")).suffix, 0)
