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

from speedplay.coach.adapt import MAX_VDOT_RAISE, VDOT_STEP, PlannedRef, SessionResult, adapt
from speedplay.coach.log import LogEntry
from speedplay.coach.matching import sessions_near
from speedplay.coach.progress import VDOT_EFFORTS, EffortRecord
from speedplay.formats.plan_json import plan_to_dict, request_from_dict
from speedplay.formats.workout_json import workout_from_dict
from speedplay.physiology.vdot import vdot_from_race
from speedplay.planning.plan import build_plan
from speedplay.storage.activities import MatchedRun, matched_runs
from speedplay.storage.history import stored_best_efforts
from speedplay.storage.logs import load_logs
from speedplay.storage.plans import add_version, newest_version
from speedplay.storage.profiles import RUNNER_ID, load_profile
from speedplay.storage.reading import reader_of
from speedplay.units import format_clock, format_distance
from speedplay.workout.model import Intent, RpeTarget, Workout

VDOT_SAME = 0.05
"""Races giving a VDOT this close to the plan's change nothing."""

BEST_EFFORT_MARGIN = 0.5
"""A best effort raises the targets only when it shows at least half a VDOT point more: a
stretch inside a training run is a floor on fitness, and GPS adds noise."""

FAST_SHARE = 2 / 3
"""Reps beat their targets when at least two thirds of them were faster than the band."""

DEFAULT_PLANNED_RPE = 9.0
"""Hard bouts are RPE 8-9 in every family."""


@dataclass(frozen=True)
class Readaptation:
    """A new version of the plan: its number and why it was made."""

    version: int
    reasons: tuple[str, ...]


def readapt(engine: Engine, today: date, runner_id: int = RUNNER_ID) -> Readaptation | None:
    """Re-derive the current plan from the history and the runner's races; the new version, or
    None when nothing changes (or there is no plan)."""
    stored = newest_version(engine, runner_id)
    if stored is None:
        return None
    document = stored.document
    request = request_from_dict(document)
    with reader_of(engine) as reader:
        fitness = load_profile(reader, runner_id).fitness()
        efforts = stored_best_efforts(reader, runner_id, since=request.start)
    race_reason = _races_moved(request.vdot, fitness.vdot if fitness else None)
    if race_reason:
        request = replace(request, vdot=fitness.vdot if fitness else None)
    raw = [s for week in document["weeks"] for s in week["sessions"]]
    refs = [_ref(s, week["week"]) for week in document["weeks"] for s in week["sessions"]]
    matched = matched_runs(engine, stored.plan_id, runner_id)
    results = _results(matched, load_logs(engine, runner_id), refs)
    adaptation = adapt(refs, results, today)
    best_raise, best_reason = _raise_from_best_efforts(efforts, request.vdot, adaptation.vdot_raise)
    adapted = replace(
        request,
        held_back=adaptation.held_back,
        vdot_raise=adaptation.vdot_raise + best_raise,
    )
    rebuilt = plan_to_dict(build_plan(adapted))
    _keep_the_past(rebuilt, raw, today)
    if _same_plan(rebuilt, document):
        return None
    if _without_whys(rebuilt) == _without_whys(document):
        add_version(engine, stored.plan_id, rebuilt, REWORDED)  # kept current, said to no one
        return None
    said = {stored.reason, *stored.earlier_reasons}
    found = [race_reason, *(c.reason for c in adaptation.changes), best_reason]
    reasons = tuple(r for r in found if r and not any(r in earlier for earlier in said))
    reason = " ".join(reasons) or "Re-derived from the sessions run so far."
    return Readaptation(add_version(engine, stored.plan_id, rebuilt, reason), reasons)


def _races_moved(planned: float | None, now: float | None) -> str | None:
    """Why the plan follows new races, when the runner's races give another VDOT."""
    if now is None or (planned is not None and abs(now - planned) < VDOT_SAME):
        return None
    was = f"the plan had {planned:.1f}" if planned is not None else "the plan had none"
    return f"Your races now give VDOT {now:.1f} ({was}): every target follows them."


def _raise_from_best_efforts(
    efforts: list[EffortRecord], vdot: float | None, raised: float
) -> tuple[float, str | None]:
    """A best effort inside a run since the plan began that shows more fitness than the
    targets (by at least half a point) raises them, by at most one VDOT point."""
    if vdot is None:
        return 0.0, None
    shown = [(vdot_from_race(e.metres, e.seconds), e) for e in efforts if e.label in VDOT_EFFORTS]
    if not shown:
        return 0.0, None
    best, effort = max(shown, key=lambda pair: pair[0])
    targets = vdot + raised
    room = MAX_VDOT_RAISE - raised
    if best < targets + BEST_EFFORT_MARGIN or room <= 0:
        return 0.0, None
    step = min(VDOT_STEP, best - targets, room)
    what = (
        f"{format_distance(effort.metres)} in {effort.label}"
        if effort.label.endswith("min")
        else f"a {effort.label} in {format_clock(effort.seconds)}"
    )
    return step, (
        f"Paces up {step:.1f} VDOT point: {what} inside your run of {effort.run_on} shows "
        f"VDOT {best:.1f}, above your targets' {targets:.1f}."
    )


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
    """Sessions before today stay as they were planned: they are history. So do the sessions a
    coach wrote (they carry a ``coach_note``): the rules do not overrule the runner's coach."""
    kept = {
        s["date"]: s
        for s in planned
        if date.fromisoformat(s["date"]) < today or s.get("coach_note")
    }
    for week in rebuilt["weeks"]:
        week["sessions"] = [kept.get(s["date"], s) for s in week["sessions"]]


REWORDED = "The same sessions, their reasons reworded by a newer speedplay."


def _without_whys(document: dict[str, Any]) -> dict[str, Any]:
    """The plan without its sessions' reasons: what the runner is asked to run, and why the
    plan is as it is (its races, what the coach held back or raised)."""
    weeks = [
        {**week, "sessions": [{k: v for k, v in s.items() if k != "why"} for s in week["sessions"]]}
        for week in document["weeks"]
    ]
    return {**document, "vdot_raise": float(document.get("vdot_raise") or 0.0), "weeks": weeks}


def _same_plan(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        a["weeks"] == b["weeks"]
        and a.get("held_back", []) == b.get("held_back", [])
        and float(a.get("vdot_raise") or 0) == float(b.get("vdot_raise") or 0)
    )
