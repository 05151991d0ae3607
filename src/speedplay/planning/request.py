"""What a runner asks a plan for, checked before anything is built.

"Today" is an argument: the core never reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from speedplay.errors import InvalidValueError
from speedplay.units import UnitSystem, in_units
from speedplay.workout.families import Level

MAX_WEEKS = 52
MIN_RACE_WEEKS = 3
"""With a race date, at least a build week, a taper week and race week."""

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Goal:
    """A goal race: its name (``5k``, ``half``, ``7.5km``), distance [m] and date."""

    label: str
    metres: float
    day: date


@dataclass(frozen=True)
class HeldBack:
    """A build session held behind its planned progression by ``weeks`` (the coach's answer to
    how the sessions before it went), and why. ``slot`` and ``week`` name the session: which
    of the week's speed sessions, in which plan week."""

    slot: int
    week: int
    weeks: int
    reason: str


@dataclass(frozen=True)
class PlanRequest:
    """Everything the planner needs.

    ``vdot`` and ``lthr`` come from the runner's races and heart rate (None when unknown: the
    targets then stay efforts); ``weekly_km`` turns on Daniels' volume caps; ``units`` is how
    the reasons quote paces; ``held_back`` is what the coach changed after the sessions run so
    far and ``vdot_raise`` the VDOT points it added to the targets (reps beat them, a best
    effort showed more), so that a reason quotes the paces the runner is given (nothing and
    0 for a new plan).
    """

    level: Level
    start: date
    weeks: int
    speed_day: int
    sessions_per_week: int = 1
    goal: Goal | None = None
    weekly_km: float | None = None
    vdot: float | None = None
    lthr: float | None = None
    units: UnitSystem = UnitSystem.KM
    held_back: tuple[HeldBack, ...] = ()
    vdot_raise: float = 0.0


def next_monday(today: date) -> date:
    """The default start: the Monday after today (today itself is never the start)."""
    return today + timedelta(days=7 - today.weekday())


def weekday_number(name: str) -> int:
    """0 for ``mon`` to 6 for ``sun``; full names work too."""
    key = name.strip().lower()
    full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    key = WEEKDAYS[full.index(key)] if key in full else key
    if key not in WEEKDAYS:
        raise InvalidValueError(f"unknown day '{name}'; use mon, tue, wed, thu, fri, sat or sun")
    return WEEKDAYS.index(key)


def weeks_until(start: date, race_day: date, today: date) -> int:
    """Weeks from ``start`` to the week holding ``race_day``, refusing a date too close."""
    if race_day < today:
        raise InvalidValueError(f"the race date {race_day} is in the past (today is {today})")
    if race_day < start:
        raise InvalidValueError(f"the race date {race_day} is before the plan starts ({start})")
    weeks = (race_day - start).days // 7 + 1
    if weeks < MIN_RACE_WEEKS:
        raise InvalidValueError(
            f"the race on {race_day} is {(race_day - start).days} days after the start: too close "
            f"to build a plan (at least {MIN_RACE_WEEKS} weeks: build, taper, race week)"
        )
    return check_weeks(weeks)


def check_weeks(weeks: int) -> int:
    """A plan lasts 1 to 52 weeks."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidValueError(f"a plan lasts 1 to {MAX_WEEKS} weeks, found {weeks}")
    return weeks


def check_sessions(sessions: int, level: Level) -> int:
    """One speed session a week; advanced runners may do two (the brief)."""
    if sessions not in (1, 2):
        raise InvalidValueError(f"one or two speed sessions a week, found {sessions}")
    if sessions == 2 and level is not Level.ADVANCED:
        raise InvalidValueError(
            f"two speed sessions a week are for advanced runners; one is right for {level} runners"
        )
    return sessions


MIN_WEEKLY_KM, MAX_WEEKLY_KM = 5.0, 300.0
"""A weekly volume a runner could run: from a couple of short runs to an ultra runner's week."""


def check_weekly_km(
    weekly_km: float | None, units: UnitSystem = UnitSystem.KM, option: str = "--weekly-km"
) -> float | None:
    """A weekly volume [km] a runner could run; the error speaks the unit it was given in."""
    if weekly_km is not None and not MIN_WEEKLY_KM <= weekly_km <= MAX_WEEKLY_KM:
        low, high = in_units(MIN_WEEKLY_KM, units), in_units(MAX_WEEKLY_KM, units)
        raise InvalidValueError(
            f"{option}: a week's volume is {low:g}-{high:g} {units.value}, "
            f"found {in_units(weekly_km, units):g}"
        )
    return weekly_km
