"""Reading the history back: runs with their figures, and the best efforts inside them.

These queries read only the columns the history and the progress show (never the analysis
documents), so that thousands of runs list in a fraction of a second.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from speedplay.coach.progress import EffortRecord, RunRecord
from speedplay.storage.models import ActivityRow, AnalysisRow, BestEffortRow
from speedplay.storage.profiles import RUNNER_ID


def stored_runs(engine: Engine, runner_id: int = RUNNER_ID) -> list[RunRecord]:
    """Every analysed run, oldest first."""
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
        .order_by(ActivityRow.start_time, AnalysisRow.id)
    )
    with Session(engine) as session:
        rows = session.execute(query).all()
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


def stored_best_efforts(engine: Engine, runner_id: int = RUNNER_ID) -> list[EffortRecord]:
    """Every stored best effort, oldest first."""
    query = (
        select(
            BestEffortRow.run_on, BestEffortRow.label, BestEffortRow.metres, BestEffortRow.seconds
        )
        .join(AnalysisRow, AnalysisRow.id == BestEffortRow.analysis_id)
        .join(ActivityRow, ActivityRow.id == AnalysisRow.activity_id)
        .where(BestEffortRow.runner_id == runner_id, ActivityRow.status == "run")
        .order_by(BestEffortRow.run_on)
    )
    with Session(engine) as session:
        return [EffortRecord(*row) for row in session.execute(query).all()]
