"""The classes the storage writes through: SQLAlchemy 2 ORM classes mapped onto the tables of
``tables.py`` (the one description of the schema, with what each table and column holds),
with their relationships.

The annotations type each column for mypy; the columns themselves come from the table.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from speedplay.storage import tables


class Base(DeclarativeBase):
    """The tables of speedplay."""

    metadata = tables.metadata


class RunnerRow(Base):
    """A runner (``tables.runners``)."""

    __table__ = tables.runners

    id: Mapped[int]
    name: Mapped[str | None]
    lthr: Mapped[float | None]
    max_hr: Mapped[float | None]
    rest_hr: Mapped[float | None]
    units: Mapped[str | None]
    level: Mapped[str | None]
    weekly_km: Mapped[float | None]
    speed_day: Mapped[str | None]
    days_available: Mapped[str | None]
    updated_at: Mapped[datetime]

    races: Mapped[list[RaceRow]] = relationship(
        back_populates="runner", cascade="all, delete-orphan", order_by="RaceRow.id"
    )


class RaceRow(Base):
    """A race or time trial (``tables.races``)."""

    __table__ = tables.races

    id: Mapped[int]
    runner_id: Mapped[int]
    label: Mapped[str]
    metres: Mapped[float]
    seconds: Mapped[float]
    run_on: Mapped[date | None]

    runner: Mapped[RunnerRow] = relationship(back_populates="races")


class PlanRow(Base):
    """A plan (``tables.plans``) and its versions."""

    __table__ = tables.plans

    id: Mapped[int]
    runner_id: Mapped[int]
    current: Mapped[bool]
    created_at: Mapped[datetime]

    versions: Mapped[list[PlanVersionRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanVersionRow.version"
    )


class PlanVersionRow(Base):
    """A version of a plan (``tables.plan_versions``) and its sessions."""

    __table__ = tables.plan_versions

    id: Mapped[int]
    plan_id: Mapped[int]
    version: Mapped[int]
    reason: Mapped[str]
    document: Mapped[str]
    created_at: Mapped[datetime]

    plan: Mapped[PlanRow] = relationship(back_populates="versions")
    sessions: Mapped[list[PlannedSessionRow]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="PlannedSessionRow.day"
    )


class PlannedSessionRow(Base):
    """A session of a plan version (``tables.planned_sessions``)."""

    __table__ = tables.planned_sessions

    id: Mapped[int]
    plan_version_id: Mapped[int]
    day: Mapped[date]
    family: Mapped[str]
    kind: Mapped[str]
    workout: Mapped[str]
    why: Mapped[str]

    version: Mapped[PlanVersionRow] = relationship(back_populates="sessions")


class ActivityRow(Base):
    """An imported file (``tables.activities``)."""

    __table__ = tables.activities

    id: Mapped[int]
    runner_id: Mapped[int]
    content_hash: Mapped[str]
    source: Mapped[str]
    status: Mapped[str]
    message: Mapped[str | None]
    start_time: Mapped[datetime | None]
    sport: Mapped[str | None]
    device: Mapped[str | None]
    elapsed_s: Mapped[float | None]
    distance_m: Mapped[float | None]
    richness: Mapped[int | None]
    imported_at: Mapped[datetime]


class AnalysisRow(Base):
    """A run's analysis (``tables.analyses``) and the best efforts found in it."""

    __table__ = tables.analyses

    id: Mapped[int]
    activity_id: Mapped[int]
    runner_id: Mapped[int]
    run_on: Mapped[date]
    plan_id: Mapped[int | None]
    planned_on: Mapped[date | None]
    matched: Mapped[bool]
    compliance: Mapped[float | None]
    reps: Mapped[int]
    moving_s: Mapped[float]
    distance_m: Mapped[float]
    trimp: Mapped[float | None]
    rtss: Mapped[float | None]
    document: Mapped[str]
    work_s: Mapped[float | None]
    work_m: Mapped[float | None]
    family: Mapped[str | None]
    series: Mapped[str | None]

    best: Mapped[list[BestEffortRow]] = relationship(cascade="all, delete-orphan")


class SessionLogRow(Base):
    """What the runner said of a day (``tables.session_logs``)."""

    __table__ = tables.session_logs

    id: Mapped[int]
    runner_id: Mapped[int]
    day: Mapped[date]
    rpe: Mapped[float | None]
    note: Mapped[str | None]
    skipped: Mapped[str | None]
    logged_at: Mapped[datetime]


class BestEffortRow(Base):
    """A best effort inside a run (``tables.best_efforts``)."""

    __table__ = tables.best_efforts

    id: Mapped[int]
    analysis_id: Mapped[int]
    runner_id: Mapped[int]
    run_on: Mapped[date]
    label: Mapped[str]
    metres: Mapped[float]
    seconds: Mapped[float]
