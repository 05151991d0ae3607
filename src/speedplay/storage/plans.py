"""Storing the runner's plan, version by version, and reading its sessions back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from speedplay.formats.plan_json import PlannedSession, sessions_from_dict
from speedplay.storage.models import PlannedSessionRow, PlanRow, PlanVersionRow, RunnerRow
from speedplay.storage.profiles import RUNNER_ID


def save_plan(
    engine: Engine, document: dict[str, Any], reason: str, runner_id: int = RUNNER_ID
) -> int:
    """Store a plan document (``plan_to_dict`` without resolved targets) as the runner's
    current plan, version 1; the plan it replaces is kept, no longer current. Its id."""
    sessions = sessions_from_dict(document)  # refuses a malformed document before writing
    raw = [s for week in document["weeks"] for s in week["sessions"]]
    with Session(engine) as session, session.begin():
        if session.get(RunnerRow, runner_id) is None:
            session.add(RunnerRow(id=runner_id))
            session.flush()
        session.execute(update(PlanRow).where(PlanRow.runner_id == runner_id).values(current=False))
        plan = PlanRow(runner_id=runner_id, current=True)
        version = PlanVersionRow(
            version=1,
            reason=reason,
            document=json.dumps(document),
            sessions=[
                PlannedSessionRow(
                    day=read.day,
                    family=read.family,
                    kind=str(item.get("kind", "")),
                    workout=json.dumps(item["workout"]),
                    why=read.why,
                )
                for read, item in zip(sessions, raw, strict=True)
            ],
        )
        plan.versions.append(version)
        session.add(plan)
        session.flush()
        return plan.id


@dataclass(frozen=True)
class CurrentPlan:
    """The runner's current plan: its id and the sessions of its newest version."""

    plan_id: int
    sessions: list[PlannedSession]


def current_plan(engine: Engine, runner_id: int = RUNNER_ID) -> CurrentPlan | None:
    """The current plan, or None when no plan was saved."""
    with Session(engine) as session:
        plan = session.scalars(
            select(PlanRow).where(PlanRow.runner_id == runner_id, PlanRow.current)
        ).first()
        if plan is None or not plan.versions:
            return None
        newest = plan.versions[-1]
        return CurrentPlan(plan.id, sessions_from_dict(json.loads(newest.document)))


def current_sessions(engine: Engine, runner_id: int = RUNNER_ID) -> list[PlannedSession] | None:
    """The sessions of the newest version of the runner's current plan, in order; None when
    no plan was saved."""
    plan = current_plan(engine, runner_id)
    return None if plan is None else plan.sessions


def session_from(sessions: list[PlannedSession], on: date) -> PlannedSession | None:
    """The first session on or after ``on``, or None when the plan has ended."""
    return next((s for s in sessions if s.day >= on), None)
