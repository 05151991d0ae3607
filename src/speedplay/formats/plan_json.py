"""Plans as JSON documents: the stable schema of ``speedplay plan --json`` (docs/json.md).

Read back by the commands that take ``--plan PLAN.json``: the sessions' dates, families and
workouts; everything derived (totals, resolved targets) is ignored on reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from speedplay.errors import FormatError
from speedplay.formats.workout_json import JsonDict, Resolver, workout_from_dict, workout_to_dict
from speedplay.planning.plan import Plan
from speedplay.planning.request import WEEKDAYS, Goal, HeldBack, PlanRequest
from speedplay.units import UnitSystem
from speedplay.workout.families import Level
from speedplay.workout.model import Workout


@dataclass(frozen=True)
class PlannedSession:
    """A session as read back from a plan document."""

    day: date
    family: str
    workout: Workout
    why: str


def plan_to_dict(plan: Plan, resolve: Resolver | None = None) -> JsonDict:
    """The plan document: the request's essentials, then weeks of sessions."""
    request = plan.request
    goal = request.goal
    return {
        "start": request.start.isoformat(),
        "level": request.level.value,
        "goal": None
        if goal is None
        else {"race": goal.label, "meters": goal.metres, "date": goal.day.isoformat()},
        "sessions_per_week": request.sessions_per_week,
        "weekly_km": request.weekly_km,
        "vdot": request.vdot,
        "lthr": request.lthr,
        "speed_day": WEEKDAYS[request.speed_day],
        "units": request.units.value,
        "held_back": [
            {"slot": h.slot, "week": h.week, "weeks": h.weeks, "reason": h.reason}
            for h in request.held_back
        ],
        **({"vdot_raise": request.vdot_raise} if request.vdot_raise else {}),
        "weeks": [
            {
                "week": week.week,
                "kind": week.kind.value,
                "sessions": [
                    {
                        "date": session.day.isoformat(),
                        "family": session.family,
                        "kind": session.kind.value,
                        "block": session.block,
                        "slot": session.slot,
                        "workout": workout_to_dict(session.workout, resolve),
                        "why": session.why,
                    }
                    for session in week.sessions
                ],
            }
            for week in plan.weeks
        ],
    }


def request_from_dict(document: JsonDict) -> PlanRequest:
    """The request a plan document was built from (for re-deriving it); :class:`FormatError`
    when the document predates the keys this needs."""
    try:
        goal = document.get("goal")
        return PlanRequest(
            level=Level(document["level"]),
            start=date.fromisoformat(document["start"]),
            weeks=len(document["weeks"]),
            speed_day=WEEKDAYS.index(document["speed_day"]),
            sessions_per_week=int(document["sessions_per_week"]),
            goal=None
            if goal is None
            else Goal(goal["race"], float(goal["meters"]), date.fromisoformat(goal["date"])),
            weekly_km=document.get("weekly_km"),
            vdot=document.get("vdot"),
            lthr=document.get("lthr"),
            units=UnitSystem(document.get("units", "km")),
            held_back=tuple(
                HeldBack(int(h["slot"]), int(h["week"]), int(h["weeks"]), str(h["reason"]))
                for h in document.get("held_back", [])
            ),
            vdot_raise=float(document.get("vdot_raise") or 0.0),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise FormatError(f"the plan document cannot be re-derived: {error}") from error


def sessions_from_dict(document: object) -> list[PlannedSession]:
    """The sessions of a plan document, in order; :class:`FormatError` says where it is wrong."""
    if not isinstance(document, dict) or not isinstance(document.get("weeks"), list):
        raise FormatError('not a speedplay plan: expected an object with a "weeks" list')
    sessions = []
    for w, week in enumerate(document["weeks"]):
        where = f"weeks[{w}]"
        if not isinstance(week, dict) or not isinstance(week.get("sessions"), list):
            raise FormatError(f'{where}: expected an object with a "sessions" list')
        for s, session in enumerate(week["sessions"]):
            sessions.append(_session(session, f"{where}.sessions[{s}]"))
    return sessions


def session_on_day(document: object, day: date) -> PlannedSession | None:
    """The plan's session on ``day`` (the first, should there be two), or None: only that
    session's workout is read, not the whole plan's."""
    if not isinstance(document, dict) or not isinstance(document.get("weeks"), list):
        raise FormatError('not a speedplay plan: expected an object with a "weeks" list')
    wanted = day.isoformat()
    for w, week in enumerate(document["weeks"]):
        sessions = week.get("sessions") if isinstance(week, dict) else None
        for s, session in enumerate(sessions if isinstance(sessions, list) else []):
            if isinstance(session, dict) and session.get("date") == wanted:
                return _session(session, f"weeks[{w}].sessions[{s}]")
    return None


def _session(value: Any, where: str) -> PlannedSession:
    if not isinstance(value, dict):
        raise FormatError(f"{where}: expected an object")
    try:
        day = date.fromisoformat(str(value.get("date")))
    except ValueError:
        raise FormatError(
            f"{where}.date: expected YYYY-MM-DD, found {value.get('date')!r}"
        ) from None
    try:
        workout = workout_from_dict(value.get("workout"))
    except FormatError as error:
        raise FormatError(f"{where}.workout: {error}") from error
    return PlannedSession(day, str(value.get("family", "")), workout, str(value.get("why", "")))
