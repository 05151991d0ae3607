"""What the history stores, as plain values: an imported file, a run's analysis, the current
plan. Kept apart from the database code, so that the worker processes that read and analyse
recordings build them without loading SQLAlchemy (a fifth of a second per process).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from speedplay.coach.matching import Fit, fit_of
from speedplay.formats.plan_json import PlannedSession


@dataclass(frozen=True)
class ImportedFile:
    """What one file held, as stored."""

    content_hash: str
    source: str
    status: str
    message: str | None = None
    start_time: datetime | None = None
    sport: str | None = None
    device: str | None = None
    elapsed_s: float | None = None
    distance_m: float | None = None
    richness: int | None = None


@dataclass(frozen=True)
class ScoredRun:
    """A run's analysis as stored: against a planned session (``plan_id`` and ``planned_on``)
    or alone, with the figures the history lists and the whole ``analyze --json`` document."""

    run_on: date
    reps: int
    moving_s: float
    distance_m: float
    document: dict[str, Any]
    plan_id: int | None = None
    planned_on: date | None = None
    compliance: float | None = None
    trimp: float | None = None
    rtss: float | None = None
    work_s: float = 0.0
    work_m: float = 0.0
    family: str | None = None
    best_efforts: tuple[tuple[str, float, float], ...] = ()
    """(label, metres, seconds) of each best effort inside the run."""
    series: str | None = None
    """The run every few seconds, as JSON, for its chart (``formats.chart_json``)."""

    def fit(self) -> Fit:
        return fit_of(self.compliance, self.run_on, self.planned_on)


@dataclass(frozen=True)
class CurrentPlan:
    """The runner's current plan: its id and the sessions of its newest version."""

    plan_id: int
    sessions: list[PlannedSession]
    vdot_raise: float = 0.0
    """VDOT points the coach has added to the runner's races (reps beat their targets)."""
