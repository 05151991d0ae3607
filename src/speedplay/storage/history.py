"""Reading the history back: runs with their figures, and the best efforts inside them.

These queries read only the columns the history and the progress show (never the analysis
documents), so that thousands of runs list in a fraction of a second.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, extract, func, select

from speedplay.coach.progress import EffortRecord, RunRecord
from speedplay.storage.models import ActivityRow, AnalysisRow, BestEffortRow
from speedplay.storage.profiles import RUNNER_ID


def stored_runs(
    engine: Engine, runner_id: int = RUNNER_ID, latest: int | None = None
) -> list[RunRecord]:
    """Every analysed run (or the ``latest`` ones), oldest first."""
    query = (
        select(
            AnalysisRow.run_on,
            ActivityRow.start_time,
            ActivityRow.source,
            AnalysisRow.distance_m,
            AnalysisRow.moving_s,
            AnalysisRow.reps,
            AnalysisRow.work_s,
            AnalysisRow.work_m,
            AnalysisRow.family,
            AnalysisRow.compliance,
            AnalysisRow.matched,
            AnalysisRow.trimp,
            AnalysisRow.rtss,
        )
        .join(ActivityRow, ActivityRow.id == AnalysisRow.activity_id)
        .where(AnalysisRow.runner_id == runner_id, ActivityRow.status == "run")
        .order_by(ActivityRow.start_time.desc(), AnalysisRow.id.desc())
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
        )
        for r in rows
    ]


def stored_best_efforts(
    engine: Engine, runner_id: int = RUNNER_ID, since: date | None = None
) -> list[EffortRecord]:
    """Every stored best effort (or those on and after ``since``), oldest first."""
    query = (
        select(
            BestEffortRow.run_on, BestEffortRow.label, BestEffortRow.metres, BestEffortRow.seconds
        )
        .join(AnalysisRow, AnalysisRow.id == BestEffortRow.analysis_id)
        .join(ActivityRow, ActivityRow.id == AnalysisRow.activity_id)
        .where(BestEffortRow.runner_id == runner_id, ActivityRow.status == "run")
        .order_by(BestEffortRow.run_on)
    )
    if since is not None:
        query = query.where(BestEffortRow.run_on >= since)
    with engine.connect() as connection:
        return [EffortRecord(*row) for row in connection.execute(query).all()]


def monthly_fastest_efforts(engine: Engine, runner_id: int = RUNNER_ID) -> list[EffortRecord]:
    """Of each kind of best effort (1 km, 20 min, ...), the fastest of each month, oldest
    first. Ten years of runs hold tens of thousands of efforts; these few hundred carry every
    all-time best and, since within one kind the fastest effort has the highest VDOT, the VDOT
    of every month. The database picks them, so they are all that is read."""
    speed = BestEffortRow.metres / BestEffortRow.seconds
    month = extract("year", BestEffortRow.run_on) * 100 + extract("month", BestEffortRow.run_on)
    rank = func.row_number().over(
        partition_by=(BestEffortRow.label, month), order_by=(speed.desc(), BestEffortRow.run_on)
    )
    ranked = (
        select(
            BestEffortRow.run_on,
            BestEffortRow.label,
            BestEffortRow.metres,
            BestEffortRow.seconds,
            rank.label("rank"),
        )
        .join(AnalysisRow, AnalysisRow.id == BestEffortRow.analysis_id)
        .join(ActivityRow, ActivityRow.id == AnalysisRow.activity_id)
        .where(
            BestEffortRow.runner_id == runner_id,
            ActivityRow.status == "run",
            BestEffortRow.seconds > 0,
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
