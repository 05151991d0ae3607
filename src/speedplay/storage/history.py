"""Reading the history back: runs with their figures, and the best efforts inside them.

These queries read only the columns the history and the progress show (never the analysis
documents), so that thousands of runs list in a fraction of a second.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, extract, func, select

from speedplay.coach.progress import EffortRecord, RunRecord
from speedplay.storage.profiles import RUNNER_ID
from speedplay.storage.tables import activities, analyses, best_efforts, session_logs


def stored_runs(
    engine: Engine, runner_id: int = RUNNER_ID, latest: int | None = None
) -> list[RunRecord]:
    """Every analysed run (or the ``latest`` ones), oldest first."""
    query = (
        select(
            analyses.c.run_on,
            activities.c.start_time,
            activities.c.source,
            analyses.c.distance_m,
            analyses.c.moving_s,
            analyses.c.reps,
            analyses.c.work_s,
            analyses.c.work_m,
            analyses.c.family,
            analyses.c.compliance,
            analyses.c.matched,
            analyses.c.trimp,
            analyses.c.rtss,
            session_logs.c.rpe,
        )
        .join(activities, activities.c.id == analyses.c.activity_id)
        .outerjoin(
            session_logs,
            (session_logs.c.runner_id == analyses.c.runner_id)
            & (session_logs.c.day == analyses.c.run_on),
        )
        .where(analyses.c.runner_id == runner_id, activities.c.status == "run")
        .order_by(activities.c.start_time.desc(), analyses.c.id.desc())
        .limit(latest)
    )
    with engine.connect() as connection:  # plain rows: no ORM objects to build
        rows = connection.execute(query).all()[::-1]
    return [
        RunRecord(
            run_on=r.run_on,
            start_time=r.start_time,
            source=r.source,
            distance_m=r.distance_m,
            moving_s=r.moving_s,
            reps=r.reps,
            work_s=r.work_s or 0.0,
            work_m=r.work_m or 0.0,
            family=r.family if r.matched else None,
            compliance=r.compliance if r.matched else None,
            trimp=r.trimp,
            rtss=r.rtss,
            rpe=r.rpe,
        )
        for r in rows
    ]


def stored_best_efforts(
    engine: Engine, runner_id: int = RUNNER_ID, since: date | None = None
) -> list[EffortRecord]:
    """Every stored best effort (or those on and after ``since``), oldest first."""
    query = (
        select(
            best_efforts.c.run_on,
            best_efforts.c.label,
            best_efforts.c.metres,
            best_efforts.c.seconds,
        )
        .join(analyses, analyses.c.id == best_efforts.c.analysis_id)
        .join(activities, activities.c.id == analyses.c.activity_id)
        .where(best_efforts.c.runner_id == runner_id, activities.c.status == "run")
        .order_by(best_efforts.c.run_on)
    )
    if since is not None:
        query = query.where(best_efforts.c.run_on >= since)
    with engine.connect() as connection:
        return [EffortRecord(*row) for row in connection.execute(query).all()]


def monthly_fastest_efforts(engine: Engine, runner_id: int = RUNNER_ID) -> list[EffortRecord]:
    """Of each kind of best effort (1 km, 20 min, ...), the fastest of each month, oldest
    first. Ten years of runs hold tens of thousands of efforts; these few hundred carry every
    all-time best and, since within one kind the fastest effort has the highest VDOT, the VDOT
    of every month. The database picks them, so they are all that is read."""
    speed = best_efforts.c.metres / best_efforts.c.seconds
    month = extract("year", best_efforts.c.run_on) * 100 + extract("month", best_efforts.c.run_on)
    rank = func.row_number().over(
        partition_by=(best_efforts.c.label, month), order_by=(speed.desc(), best_efforts.c.run_on)
    )
    ranked = (
        select(
            best_efforts.c.run_on,
            best_efforts.c.label,
            best_efforts.c.metres,
            best_efforts.c.seconds,
            rank.label("rank"),
        )
        .join(analyses, analyses.c.id == best_efforts.c.analysis_id)
        .join(activities, activities.c.id == analyses.c.activity_id)
        .where(
            best_efforts.c.runner_id == runner_id,
            activities.c.status == "run",
            best_efforts.c.seconds > 0,
        )
        .subquery()
    )
    query = (
        select(ranked.c.run_on, ranked.c.label, ranked.c.metres, ranked.c.seconds)
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.run_on)
    )
    with engine.connect() as connection:
        return [EffortRecord(*row) for row in connection.execute(query).all()]
