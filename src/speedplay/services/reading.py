"""Recordings read for the runner's history: decoded, analysed, matched to the plan.

Nothing here touches the database (nor loads its library), so that it runs anywhere: in the
worker processes of an import, in a web request. Storing what it reads is ``importing.py``'s.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

import numpy as np

from speedplay.analysis.activity import Activity
from speedplay.analysis.analyze import Analysis, HeartRates, analyze
from speedplay.analysis.best_efforts import best_efforts
from speedplay.analysis.segmentation import Kind
from speedplay.coach.matching import Fit, closest, fit_of, sessions_near
from speedplay.errors import SpeedplayError
from speedplay.formats.activity_files import is_run, read_activities
from speedplay.formats.analysis_json import analysis_to_dict
from speedplay.formats.archive import Found
from speedplay.formats.chart_json import series_json
from speedplay.formats.plan_json import PlannedSession
from speedplay.physiology.targets import resolve_step
from speedplay.profile import Profile
from speedplay.services.workers import worker_context
from speedplay.storage.records import CurrentPlan, ImportedFile, ScoredRun
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

CHUNK = 8
"""Files a worker is handed at once: one round trip between the processes for several files."""

CHUNKS_PER_JOB = 3
"""Chunks in flight per worker: enough to keep them busy, few enough to bound the memory."""


def read_recordings(
    items: Iterable[tuple[Found, str]], coaching: Coaching, jobs: int
) -> Iterator[Recording]:
    """Each ``(file, digest)`` read as :func:`read_recording` does, in order, by ``jobs``
    worker processes (in this one for a single job or a handful of files). The results come
    back in the order the files went in, so what is stored does not depend on which worker
    finished first; at most ``jobs * CHUNKS_PER_JOB * CHUNK`` files are in memory at once."""
    pending = iter(items)
    head = list(itertools.islice(pending, MIN_PARALLEL))
    if jobs <= 1 or len(head) < MIN_PARALLEL:
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
    return [read_recording(found, digest, _worker_coaching) for found, digest in chunk]


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
        series=series_json(grid),
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
    return 10 * present + format_rank(source)


def format_rank(source: str) -> int:
    return FORMAT_RICHNESS.get(Path(source.lower().removesuffix(".gz")).suffix, 0)
