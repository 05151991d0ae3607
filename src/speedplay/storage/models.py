"""The database's tables, as SQLAlchemy 2 declarative classes.

Every schema change is an Alembic migration in ``migrations/versions``; these classes describe
the newest schema and are what the code queries through.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """The tables of speedplay."""


class RunnerRow(Base):
    """A runner and what the coach knows of them (one runner for the command line)."""

    __tablename__ = "runners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    lthr: Mapped[float | None] = mapped_column(Float)
    max_hr: Mapped[float | None] = mapped_column(Float)
    rest_hr: Mapped[float | None] = mapped_column(Float)
    units: Mapped[str | None] = mapped_column(String(8))
    level: Mapped[str | None] = mapped_column(String(20))
    weekly_km: Mapped[float | None] = mapped_column(Float)
    speed_day: Mapped[str | None] = mapped_column(String(3))
    days_available: Mapped[str | None] = mapped_column(String(40))
    """Comma-separated weekday keys, ``tue,thu,sat``."""
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    races: Mapped[list[RaceRow]] = relationship(
        back_populates="runner", cascade="all, delete-orphan", order_by="RaceRow.id"
    )


class RaceRow(Base):
    """A race or time trial of a runner's."""

    __tablename__ = "races"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(40))
    metres: Mapped[float] = mapped_column(Float)
    seconds: Mapped[float] = mapped_column(Float)
    run_on: Mapped[date | None] = mapped_column(Date)

    runner: Mapped[RunnerRow] = relationship(back_populates="races")


class PlanRow(Base):
    """A plan of a runner's; the current one is what ``today`` and ``next`` read."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    current: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    versions: Mapped[list[PlanVersionRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanVersionRow.version"
    )


class PlanVersionRow(Base):
    """One version of a plan: the whole plan document, and why this version was made."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    document: Mapped[str] = mapped_column(Text)
    """The plan as ``speedplay plan --json`` writes it, targets unresolved."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    plan: Mapped[PlanRow] = relationship(back_populates="versions")
    sessions: Mapped[list[PlannedSessionRow]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="PlannedSessionRow.day"
    )


class PlannedSessionRow(Base):
    """A session of a plan version, on its day."""

    __tablename__ = "planned_sessions"
    __table_args__ = (Index("ix_planned_sessions_version_day", "plan_version_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    family: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    workout: Mapped[str] = mapped_column(Text)
    """The workout as JSON (``formats.workout_json``), targets unresolved."""
    why: Mapped[str] = mapped_column(Text)

    version: Mapped[PlanVersionRow] = relationship(back_populates="sessions")


class ActivityRow(Base):
    """An imported file: what it held, or why it was skipped or refused."""

    __tablename__ = "activities"
    __table_args__ = (UniqueConstraint("runner_id", "content_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"))
    content_hash: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the decompressed file: the same run loose, gzipped or zipped is one row."""
    source: Mapped[str] = mapped_column(Text)
    """Where the file was read: a path, ``archive.zip!activities/123.fit.gz``."""
    status: Mapped[str] = mapped_column(String(10))
    """``run``, ``skipped`` (not a run), ``failed`` (unreadable; ``message`` says why) or
    ``duplicate`` (the same run as a richer file's; ``message`` names it)."""
    message: Mapped[str | None] = mapped_column(Text)
    start_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    sport: Mapped[str | None] = mapped_column(String(40))
    device: Mapped[str | None] = mapped_column(String(100))
    elapsed_s: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    richness: Mapped[int | None] = mapped_column(Integer)
    """How much the file carries: channels and laps first, then the format (see import)."""
    imported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class AnalysisRow(Base):
    """A run's analysis: against the planned session it was scored with (``plan_id`` and
    ``planned_on``; a plan has at most one session a day, so the day names it across the
    plan's versions), or alone. ``matched`` marks the run that counts as that session when
    several were scored against it."""

    __tablename__ = "analyses"
    __table_args__ = (Index("ix_analyses_runner_run_on", "runner_id", "run_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), unique=True
    )
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"))
    run_on: Mapped[date] = mapped_column(Date)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    planned_on: Mapped[date | None] = mapped_column(Date)
    matched: Mapped[bool] = mapped_column(Boolean)
    compliance: Mapped[float | None] = mapped_column(Float)
    reps: Mapped[int] = mapped_column(Integer)
    moving_s: Mapped[float] = mapped_column(Float)
    distance_m: Mapped[float] = mapped_column(Float)
    trimp: Mapped[float | None] = mapped_column(Float)
    rtss: Mapped[float | None] = mapped_column(Float)
    document: Mapped[str] = mapped_column(Text)
    """The analysis as ``speedplay analyze --json`` writes it."""
    work_s: Mapped[float | None] = mapped_column(Float)
    """Seconds of hard running (the reps' moving time)."""
    work_m: Mapped[float | None] = mapped_column(Float)
    """Metres of hard running (the reps' distance)."""
    family: Mapped[str | None] = mapped_column(String(20))
    """The family of the planned session it was scored against."""

    best: Mapped[list[BestEffortRow]] = relationship(cascade="all, delete-orphan")


class SessionLogRow(Base):
    """What the runner said of a day's session: how hard it felt (session RPE, 1-10), a
    note, or why it was skipped (``ill``, ``injured``, ``no-time``)."""

    __tablename__ = "session_logs"
    __table_args__ = (UniqueConstraint("runner_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    rpe: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    skipped: Mapped[str | None] = mapped_column(String(20))
    logged_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class BestEffortRow(Base):
    """The fastest stretch of a run for a distance (``1k``, ``mile``, ``3k``, ``5k``) or a
    duration (``20min``, ``30min``)."""

    __tablename__ = "best_efforts"
    __table_args__ = (Index("ix_best_efforts_runner_label", "runner_id", "label"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"))
    run_on: Mapped[date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(10))
    metres: Mapped[float] = mapped_column(Float)
    seconds: Mapped[float] = mapped_column(Float)
