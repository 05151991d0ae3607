"""The runner's plan as a calendar, and their targets (paces and heart-rate zones)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from speedplay.formats.describe import describe_lines
from speedplay.formats.targets_text import equivalent_rows, pace_rows, zone_rows
from speedplay.formats.workout_json import workout_from_dict
from speedplay.storage.accounts import Account
from speedplay.units import format_clock, format_volume
from speedplay.web.clock import today
from speedplay.web.context import render, signed_in, state
from speedplay.web.runner import RunnerView, runner_view

router = APIRouter()


@dataclass(frozen=True)
class SessionCard:
    """A planned session as the calendar shows it."""

    day: date
    family: str
    kind: str
    name: str
    length: str
    steps: tuple[str, ...]
    why: str
    coach_note: str = ""


@dataclass(frozen=True)
class WeekRow:
    week: int
    kind: str
    sessions: tuple[SessionCard, ...]


@router.get("/plan")
def plan_page(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    view = runner_view(state(request).engine, account)
    if view.plan is None:
        return RedirectResponse("/onboarding", status_code=303)
    context = {
        "account": account,
        "weeks": plan_weeks(view),
        "today": today(),
        "facts": plan_facts(view),
        "reason": view.plan.reason,
        "earlier_reasons": view.plan.earlier_reasons,
        "version": view.plan.version,
    }
    return render(request, "plan.html", context)


@router.get("/paces")
def paces_page(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    view = runner_view(state(request).engine, account)
    fitness, units = view.profile.fitness(), view.units
    zones = view.zones()
    context = {
        "account": account,
        "fitness": fitness,
        "races": [race.text() for race in view.profile.races],
        "equivalents": equivalent_rows(fitness, units) if fitness else [],
        "paces": pace_rows(fitness, units) if fitness else [],
        "zones": zone_rows(zones) if zones else [],
        "zone_basis": _zone_basis(view),
    }
    return render(request, "paces.html", context)


def plan_weeks(view: RunnerView) -> tuple[WeekRow, ...]:
    """The plan's weeks, each session with its steps in the runner's own targets (which
    sessions are past, the page says by the day)."""
    return _weeks(view) if view.plan is not None else ()


@lru_cache(maxsize=128)
def _weeks(view: RunnerView) -> tuple[WeekRow, ...]:
    """:func:`plan_weeks`, remembered. Reading every session's workout and putting each step
    in the runner's paces is most of what a plan page costs, and the answer is the same until
    the plan or the runner changes: the key is the view itself (the runner's profile and the
    plan version's stored text, compared by value), so a page shown again is taken from here
    and a changed plan or profile is worked out anew."""
    resolve, units = view.resolver(), view.units
    document = view.document()
    assert document is not None
    weeks = []
    for week in document["weeks"]:
        cards = []
        for item in week["sessions"]:
            workout = workout_from_dict(item["workout"])
            total = workout.total_seconds
            cards.append(
                SessionCard(
                    day=date.fromisoformat(item["date"]),
                    family=item["family"],
                    kind=item.get("kind", ""),
                    name=workout.name,
                    length=format_clock(total) if total is not None else "",
                    steps=tuple(describe_lines(workout, units, resolve)),
                    why=item["why"],
                    coach_note=item.get("coach_note") or "",
                )
            )
        weeks.append(WeekRow(week["week"], week["kind"], tuple(cards)))
    return tuple(weeks)


@lru_cache(maxsize=128)
def plan_facts(view: RunnerView) -> tuple[str, ...]:
    """Why the plan is the way it is, in the runner's terms (remembered as :func:`_weeks`)."""
    document = view.document()
    assert document is not None
    level = document["level"]
    article = "An" if level[:1] in "aeiou" else "A"
    facts = [f"{article} {level} runner's plan of {len(document['weeks'])} weeks, "
             f"from {date.fromisoformat(document['start']):%A %d %B %Y}."]  # fmt: skip
    goal = document.get("goal")
    if goal:
        facts.append(
            f"It leads to your {goal['race']} on {date.fromisoformat(goal['date']):%A %d %B}: "
            "the last weeks taper so you arrive fresh."
        )
    fitness = view.profile.fitness()
    if fitness is not None:
        facts.append(f"Targets from your races: VDOT {fitness.vdot:.1f}. {fitness.verdict}")
    else:
        facts.append("No race given: targets are efforts (RPE 1-10). Add a recent race for paces.")
    if view.vdot_raise:
        facts.append(f"Your paces were raised by {view.vdot_raise:g} VDOT: your reps beat them.")
    if document.get("weekly_km"):
        facts.append(
            f"At {format_volume(document['weekly_km'], view.units)} a week, no session's hard "
            "running goes past the "
            "share of the week Daniels allows."
        )
    facts.append(
        "About four weeks of one family, then the next; every few weeks a lighter one; "
        "each week asks a little more than the last, never a big jump."
    )
    return tuple(facts)


def _zone_basis(view: RunnerView) -> str:
    profile = view.profile
    if profile.lthr is not None:
        return f"Friel's zones from your LTHR of {profile.lthr:g} bpm."
    if profile.max_hr is not None and profile.rest_hr is not None:
        return (
            f"Karvonen's zones on your heart-rate reserve ({profile.rest_hr:g} to "
            f"{profile.max_hr:g} bpm)."
        )
    return ""
