"""A planned session: its steps in the runner's targets, its files, and the interval timer."""

from __future__ import annotations

import secrets
from datetime import date
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from speedplay.errors import SpeedplayError
from speedplay.formats.describe import describe_lines
from speedplay.formats.plan_json import PlannedSession, session_on_day
from speedplay.formats.session_files import (
    EXTENSION,
    MEDIA_TYPE,
    ExportFormat,
    SessionWriter,
    reference_pace,
)
from speedplay.formats.timer_json import timer_document
from speedplay.storage.accounts import Account
from speedplay.units import format_clock
from speedplay.web.clock import now
from speedplay.web.context import render, script_json, signed_in, state
from speedplay.web.runner import RunnerView, runner_view
from speedplay.workout.families import Level
from speedplay.workout.families.fartlek import surprise
from speedplay.workout.model import Workout

router = APIRouter()

DOWNLOADS = (
    (ExportFormat.FIT, "FIT (Garmin, Coros, Suunto, Wahoo)"),
    (ExportFormat.TCX, "TCX (Garmin Connect, older watches)"),
    (ExportFormat.ZWO, "ZWO (Zwift, treadmill)"),
    (ExportFormat.ICS, "Calendar event (ICS)"),
    (ExportFormat.ICU, "intervals.icu text"),
)

SURPRISE_MINUTES = {Level.BEGINNER: 12, Level.INTERMEDIATE: 20, Level.ADVANCED: 30}
"""The main set of a surprise fartlek for each level."""


@router.get("/session/{day}")
def session_page(
    request: Request, day: date, account: Annotated[Account, Depends(signed_in)]
) -> Response:
    view = runner_view(state(request).engine, account)
    context = {"account": account, **_session_parts(view, day), "hide_next": False}
    return render(request, "session.html", context)


@lru_cache(maxsize=256)
def _session_parts(view: RunnerView, day: date) -> dict[str, object]:
    """What a session page shows of the session on ``day``, remembered as the plan page's
    weeks are (``plans._weeks``): the same until the plan or the runner changes, and the
    view the key. Not found is not remembered."""
    session = session_on(view, day)
    downloads = [
        (fmt.value, label)
        for fmt, label in DOWNLOADS
        if fmt is not ExportFormat.ZWO or view.profile.fitness() is not None
    ]
    return {
        "session": session,
        **_workout_context(view, session.workout),
        "downloads": downloads,
    }


@router.get("/session/{day}/download/{to}")
def download(
    request: Request,
    day: date,
    to: ExportFormat,
    account: Annotated[Account, Depends(signed_in)],
) -> Response:
    """The session as a file, its targets in the runner's own paces and heart rates."""
    view = runner_view(state(request).engine, account)
    session = session_on(view, day)
    fitness = view.profile.fitness()
    writer = SessionWriter(to, view.resolver(), reference_pace(fitness), view.units)
    try:
        data = writer.one(session.workout, session.day, session.why, now())
    except SpeedplayError as error:
        raise HTTPException(400, str(error)) from error
    name = f"{session.day.isoformat()}-{session.family}.{EXTENSION[to]}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=MEDIA_TYPE[to], headers=headers)


@router.get("/timer/surprise")
def surprise_timer(
    request: Request,
    account: Annotated[Account, Depends(signed_in)],
    seed: int | None = None,
) -> Response:
    """A surprise fartlek for the runner's level: surges called at random, the next step kept
    hidden. The seed in the address replays the same session."""
    view = runner_view(state(request).engine, account)
    level = Level(view.profile.level) if view.profile.level else Level.BEGINNER
    chosen = seed if seed is not None and 0 <= seed < 2**31 else secrets.randbelow(2**31)
    workout = surprise(level, SURPRISE_MINUTES[level], chosen)
    context = {
        "account": account,
        "session": None,
        "seed": chosen,
        **_workout_context(view, workout),
        "downloads": [],
        "hide_next": True,
    }
    return render(request, "session.html", context)


def session_on(view: RunnerView, day: date) -> PlannedSession:
    document = view.document()
    found = session_on_day(document, day) if document else None
    if found is None:
        raise HTTPException(404, f"Your plan has no session on {day:%A %d %B %Y}.")
    return found


def _workout_context(view: RunnerView, workout: Workout) -> dict[str, object]:
    resolve = view.resolver()
    total = workout.total_seconds
    return {
        "name": workout.name,
        "length": format_clock(total) if total is not None else "",
        "steps": describe_lines(workout, view.units, resolve),
        "timer": script_json(timer_document(workout, view.units, resolve)),
    }
