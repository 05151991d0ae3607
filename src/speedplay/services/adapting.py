"""After every scored session or log entry: the rest of the plan re-derived from the history.

The stored history (the runs that count as sessions, the runner's log) becomes the core's
:class:`SessionResult` per planned session; :func:`coach.adapt.adapt` turns those into the
sessions held back and the paces' rise; the plan is built again from its request with them.
Sessions already past keep what was planned for them. When anything changed, the plan gets a
new version whose reason says why.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Engine

from speedplay.coach.adapt import PlannedRef, SessionResult, adapt
from speedplay.coach.log import LogEntry
from speedplay.coach.matching import sessions_near
from speedplay.formats.plan_json import plan_to_dict, request_from_dict
from speedplay.formats.workout_json import workout_from_dict
from speedplay.planning.plan import build_plan
from speedplay.storage.activities import MatchedRun, matched_runs
from speedplay.storage.logs import load_logs
from speedplay.storage.plans import add_version, newest_version
from speedplay.workout.model import Intent, RpeTarget, Workout

FAST_SHARE = 2 / 3
"""Reps beat their targets when at least two thirds of them were faster than the band."""

DEFAULT_PLANNED_RPE = 9.0
"""Hard bouts are RPE 8-9 in every family."""


@dataclass(frozen=True)
class Readaptation:
    """A new version of the plan: its number and why it was made."""

    version: int
    reasons: tuple[str, ...]


def readapt(engine: Engine, today: date) -> Readaptation | None:
    """Re-derive the current plan from the history; the new version, or None when the history
    changes nothing (or there is no plan)."""
    stored = newest_version(engine)
    if stored is None:
        return None
    document = stored.document
    request = request_from_dict(document)
    raw = [s for week in document["weeks"] for s in week["sessions"]]
    refs = [_ref(s, week["week"]) for week in document["weeks"] for s in week["sessions"]]
    results = _results(matched_runs(engine, stored.plan_id), load_logs(engine), refs)
    adaptation = adapt(refs, results, today)
    rebuilt = plan_to_dict(build_plan(replace(request, held_back=adaptation.held_back)))
    rebuilt["vdot_raise"] = adaptation.vdot_raise
    _keep_the_past(rebuilt, raw, today)
    if _same_plan(rebuilt, document):
        return None
    said = {stored.reason, *stored.earlier_reasons}
    reasons = tuple(c.reason for c in adaptation.changes if not any(c.reason in r for r in said))
    reason = " ".join(reasons) or "Re-derived from the sessions run so far."
    return Readaptation(add_version(engine, stored.plan_id, rebuilt, reason), reasons)


def _ref(session: dict[str, Any], week: int) -> PlannedRef:
    workout = workout_from_dict(session["workout"])
    return PlannedRef(
        day=date.fromisoformat(session["date"]),
        slot=int(session.get("slot", 0)),
        week=int(week),
        block=int(session.get("block", 0)),
        build=session.get("kind") == "build",
        planned_rpe=_planned_rpe(workout),
    )


def _planned_rpe(workout: Workout) -> float:
    highs = [
        e.step.target.high
        for e in workout.expanded()
        if e.step.intent is Intent.WORK and isinstance(e.step.target, RpeTarget)
    ]
    return max(highs, default=DEFAULT_PLANNED_RPE)


def _results(
    runs: list[MatchedRun], logs: dict[date, LogEntry], refs: list[PlannedRef]
) -> dict[date, SessionResult]:
    """Each planned day's result: the run that counts as it, with the RPE logged on the day it
    was run; else what was logged within a day of it: a skip, or an RPE for a session run
    without a recording."""
    results: dict[date, SessionResult] = {}
    for run in runs:
        logged = logs.get(run.run_on)
        results[run.planned_on] = _from_run(run, logged.rpe if logged else None)
    for entry in logs.values():
        near = sessions_near(entry.day, refs)
        if not near or near[0].day in results:
            continue
        if entry.skipped is not None:
            results[near[0].day] = SessionResult(skipped=entry.skipped)
        elif entry.rpe is not None:  # run without a recording: the runner's word for it
            results[near[0].day] = SessionResult(run=True, rpe=entry.rpe)
    return results


def _from_run(run: MatchedRun, rpe: float | None) -> SessionResult:
    compliance = run.document.get("compliance") or {}
    flags = [str(f) for f in compliance.get("flags", [])]
    work = [
        r for r in compliance.get("rows", []) if r.get("planned") and r.get("score") is not None
    ]
    fast = [r for r in work if "too fast" in r.get("notes", [])]
    return SessionResult(
        run=True,
        compliance=run.compliance,
        faded=any(f.startswith(("faded", "started too fast")) for f in flags),
        cut_short="missed reps" in flags,
        fast=bool(work) and len(fast) >= FAST_SHARE * len(work),
        rpe=rpe,
    )


def _keep_the_past(rebuilt: dict[str, Any], planned: list[dict[str, Any]], today: date) -> None:
    """Sessions before today stay as they were planned: they are history."""
    before = {s["date"]: s for s in planned if date.fromisoformat(s["date"]) < today}
    for week in rebuilt["weeks"]:
        week["sessions"] = [before.get(s["date"], s) for s in week["sessions"]]


def _same_plan(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        a["weeks"] == b["weeks"]
        and a.get("held_back", []) == b.get("held_back", [])
        and float(a.get("vdot_raise") or 0) == float(b.get("vdot_raise") or 0)
    )
