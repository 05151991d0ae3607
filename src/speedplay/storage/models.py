"""The database's tables, as SQLAlchemy 2 declarative classes.

Every schema change is an Alembic migration in ``migrations/versions``; these classes describe
the newest schema and are what the code queries through.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, func
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
