"""One recording read for the runner's history: decoded, analysed, matched to the plan.

Reading many at once, in worker processes, is ``recordings.py``'s. Nothing here touches the
database (nor loads its library), so that it runs anywhere: in the worker processes of an
import, in a web request. Storing what it reads is ``importing.py``'s.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

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
from speedplay.services.recordings import Coaching, Recording, format_rank
from speedplay.storage.records import ImportedFile, ScoredRun
from speedplay.units import format_clock, speed_from_pace


def analysed(coaching: Coaching, activity: Activity, session: PlannedSession | None) -> Analysis:
    """The run analysed as ``speedplay analyze`` does, against ``session`` if given."""
    profile, plan = coaching.profile, coaching.plan
    runner = profile.runner(plan.vdot_raise if plan else 0.0)
    fitness = profile.fitness()
    return analyze(
        activity,
        session.workout if session else None,
        None if runner is None else partial(resolve_step, runner=runner),
        HeartRates(profile.rest_hr, profile.max_hr),
        speed_from_pace(fitness.paces.threshold) if fitness else None,
    )


def read_recording(found: Found, digest: str, coaching: Coaching) -> Recording:
    """Read one file and, when it is a run, analyse it against the planned session it fits
    best within a day (or alone). Never raises for a bad file: the failure is what is stored."""
    if found.data is None:
        return Recording(ImportedFile(digest, found.source, "failed", found.problem))
    try:
        activities = read_activities(found.data, found.source)
    except SpeedplayError as error:
        return Recording(ImportedFile(digest, found.source, "failed", _one_line(error)))
    recorded = [a for a in activities if is_run(a) and len(a.elapsed_s) >= 2]
    runs = [a for a in recorded if not _accidental_start(a)]
    main = (runs or recorded or activities)[0]
    distance = main.distance_m[np.isfinite(main.distance_m)]
    stored = ImportedFile(
        content_hash=digest,
        source=found.source,
        status="run" if runs else "skipped",
        message="; ".join(_accidents(recorded, runs) + list(main.warnings)) or None,
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


ACCIDENTAL_S, ACCIDENTAL_M = 60.0, 100.0
"""A run recording shorter than a minute that covers less than 100 m is a watch started by
mistake, not a session: stored as skipped, so that it neither stands in the history nor counts
as the day's planned session (scored 0)."""


def _accidental_start(activity: Activity) -> bool:
    return activity.duration_s < ACCIDENTAL_S and _covered_m(activity) < ACCIDENTAL_M


def _accidents(recorded: list[Activity], runs: list[Activity]) -> list[str]:
    """Why a file of runs holds none to store: each was a watch started by mistake."""
    return [_accident(recorded[0])] if recorded and not runs else []


def _accident(activity: Activity) -> str:
    return (
        f"{format_clock(activity.duration_s)} and {_covered_m(activity):.0f} m, too short to "
        "be a run (a watch started by mistake)"
    )


def _covered_m(activity: Activity) -> float:
    distance = activity.distance_m[np.isfinite(activity.distance_m)]
    return float(distance[-1] - distance[0]) if len(distance) else 0.0


def _scored(
    activity: Activity, run_on: date, coaching: Coaching
) -> tuple[ScoredRun, PlannedSession | None]:
    """The run scored against each planned session near its day; the closest fit wins."""
    plan = coaching.plan
    candidates = sessions_near(run_on, plan.sessions) if plan else []
    fits: list[tuple[tuple[PlannedSession, Analysis], Fit]] = []
    for session in candidates:
        analysis = analysed(coaching, activity, session)
        score = analysis.compliance.score if analysis.compliance else None
        fits.append(((session, analysis), fit_of(score, run_on, session.day)))
    best = closest(fits)
    if plan is None or best is None:
        return _stored_analysis(analysed(coaching, activity, None), run_on, None, None), None
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
