"""Storing the runner's plan, version by version, and reading its sessions back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, update

from speedplay.formats.plan_json import PlannedSession, sessions_from_dict
from speedplay.storage.profiles import RUNNER_ID
from speedplay.storage.reading import Reader
from speedplay.storage.records import CurrentPlan

if TYPE_CHECKING:
    from speedplay.storage.models import PlanVersionRow


def save_plan(
    engine: Engine, document: dict[str, Any], reason: str, runner_id: int = RUNNER_ID
) -> int:
    """Store a plan document (``plan_to_dict`` without resolved targets) as the runner's
    current plan, version 1; the plan it replaces is kept, no longer current. Its id."""
    sessions = sessions_from_dict(document)  # refuses a malformed document before writing
    raw = [s for week in document["weeks"] for s in week["sessions"]]
    from sqlalchemy.orm import Session  # the ORM loads only where a plan is written

    from speedplay.storage.models import PlanRow
    from speedplay.storage.runners import ensure_runner

    with Session(engine) as session, session.begin():
        ensure_runner(session.connection(), runner_id)
        session.execute(update(PlanRow).where(PlanRow.runner_id == runner_id).values(current=False))
        plan = PlanRow(runner_id=runner_id, current=True)
        plan.versions.append(_version(1, reason, document, sessions, raw))
        session.add(plan)
        session.flush()
        return plan.id


@dataclass(frozen=True)
class StoredVersion:
    """The newest version of the current plan, as stored: its document and why it was made,
    with the reasons of every version before it."""

    plan_id: int
    version: int
    document_text: str
    """The plan document as stored (JSON): what a page that has shown this version before
    recognises it by (``web/plans.py``), without decoding it again."""
    reason: str
    earlier_reasons: tuple[str, ...]
    previous_text: str | None = None
    """The version before as stored (JSON), read only where what changed is shown."""

    @cached_property
    def document(self) -> dict[str, Any]:
        """The plan document, decoded when first asked for."""
        loaded: dict[str, Any] = json.loads(self.document_text)
        return loaded

    @property
    def previous(self) -> dict[str, Any] | None:
        """The version before, to show what changed."""
        return json.loads(self.previous_text) if self.previous_text is not None else None


def newest_version(engine: Engine, runner_id: int = RUNNER_ID) -> StoredVersion | None:
    """The newest version of the current plan, or None when no plan was saved."""
    from speedplay.storage.reading import reader_of

    with reader_of(engine) as reader:
        return read_newest_version(reader, runner_id)


def read_newest_version(reader: Reader, runner_id: int = RUNNER_ID) -> StoredVersion | None:
    """:func:`newest_version` through ``reader``. Every page of the web app asks for it, so
    it is read in one statement of plain SQL through the driver (``reading.py``), and only
    the newest two documents are read (a plan the coach has adapted fifty times has fifty),
    the earlier versions give only their reasons."""
    versions = reader.rows(
        "SELECT plan_id, version, reason, CASE WHEN row_number() OVER"
        " (ORDER BY version DESC) <= 2 THEN document END FROM plan_versions"
        " WHERE plan_id = (SELECT id FROM plans WHERE runner_id = ? AND current"
        " ORDER BY id LIMIT 1) ORDER BY version",
        [runner_id],
    )
    if not versions:
        return None
    plan_id, number, reason, document = versions[-1]
    return StoredVersion(
        plan_id,
        number,
        document,
        reason,
        tuple(earlier for _, _, earlier, _ in versions[:-1]),
        versions[-2][3] if len(versions) > 1 else None,
    )


@dataclass(frozen=True)
class PlanVersion:
    """One version of one of the runner's plans, as stored."""

    plan_id: int
    version: int
    reason: str
    document_text: str


EVERY_VERSION = (
    "SELECT p.id, v.version, v.reason, v.document FROM plan_versions AS v"
    " JOIN plans AS p ON p.id = v.plan_id WHERE p.runner_id = ? ORDER BY p.id, v.version"
)


def read_plan_versions(reader: Reader, runner_id: int = RUNNER_ID) -> list[PlanVersion]:
    """Every version of every plan the runner had, current or not, in order."""
    return [PlanVersion(*row) for row in reader.rows(EVERY_VERSION, [runner_id])]


def add_version(engine: Engine, plan_id: int, document: dict[str, Any], reason: str) -> int:
    """Store a re-derived plan as the plan's next version; its number."""
    sessions = sessions_from_dict(document)
    raw = [s for week in document["weeks"] for s in week["sessions"]]
    from sqlalchemy.orm import Session

    from speedplay.storage.models import PlanRow

    with Session(engine) as session, session.begin():
        plan = session.get(PlanRow, plan_id)
        if plan is None:
            raise ValueError(f"no plan {plan_id}")
        number = plan.versions[-1].version + 1 if plan.versions else 1
        plan.versions.append(_version(number, reason, document, sessions, raw))
        return number


def current_plan(engine: Engine, runner_id: int = RUNNER_ID) -> CurrentPlan | None:
    """The current plan, or None when no plan was saved."""
    newest = newest_version(engine, runner_id)
    if newest is None:
        return None
    document = newest.document
    raise_ = float(document.get("vdot_raise") or 0.0)
    return CurrentPlan(newest.plan_id, sessions_from_dict(document), raise_)


def current_sessions(engine: Engine, runner_id: int = RUNNER_ID) -> list[PlannedSession] | None:
    """The sessions of the newest version of the runner's current plan, in order; None when
    no plan was saved."""
    plan = current_plan(engine, runner_id)
    return None if plan is None else plan.sessions


def _version(
    number: int,
    reason: str,
    document: dict[str, Any],
    sessions: list[PlannedSession],
    raw: list[dict[str, Any]],
) -> PlanVersionRow:
    from speedplay.storage.models import PlannedSessionRow, PlanVersionRow

    return PlanVersionRow(
        version=number,
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


def session_from(sessions: list[PlannedSession], on: date) -> PlannedSession | None:
    """The first session on or after ``on``, or None when the plan has ended."""
    return next((s for s in sessions if s.day >= on), None)
