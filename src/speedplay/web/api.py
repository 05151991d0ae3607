"""The JSON API under ``/api/``: the runner's profile and targets, plan, sessions, runs and
progress, for other tools. Authenticated by the account's API token (``Authorization: Bearer
...``; made on ``/account/api``), never by the browser's cookie, so it needs no CSRF token.
Its description is FastAPI's OpenAPI document, ``/openapi.json``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, UploadFile
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from speedplay.coach.log import LogEntry
from speedplay.coach.progress import progress
from speedplay.errors import SpeedplayError
from speedplay.formats.history_json import progress_to_dict, run_to_dict
from speedplay.formats.workout_json import workout_to_dict
from speedplay.services.adapting import readapt
from speedplay.services.importing import import_found
from speedplay.storage.accounts import Account, account_by_secret, has_secret, set_secret
from speedplay.storage.history import progress_efforts, stored_analysis, stored_runs
from speedplay.storage.logs import save_log
from speedplay.storage.reading import reader_of
from speedplay.web.clock import today
from speedplay.web.context import RowId, csrf_checked, new_secret, render, signed_in, state
from speedplay.web.runner import runner_view
from speedplay.web.runs import recordings_of
from speedplay.web.security import token_hash
from speedplay.web.sessions import session_on

API_TOKEN = "api_token_hash"
bearer = HTTPBearer(auto_error=False, description="The account's API token (/account/api).")
router = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter()

Document = dict[str, Any]


def api_account(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Account:
    """The account whose API token the request carries; 401 without a valid one."""
    account = None
    if credentials is not None and len(credentials.credentials) < 100:
        account = account_by_secret(
            state(request).engine, API_TOKEN, token_hash(credentials.credentials)
        )
    if account is None:
        raise HTTPException(401, "Give your API token: Authorization: Bearer TOKEN.")
    return account


Caller = Annotated[Account, Depends(api_account)]


@router.get("/profile")
def profile(request: Request, account: Caller) -> Document:
    """What the coach knows of the runner, and the targets it gives: VDOT and training paces
    [s/km], or null without a race."""
    view = runner_view(state(request).engine, account)
    known, fitness = view.profile, view.profile.fitness()
    return {
        "email": account.email,
        "level": known.level,
        "units": view.units.value,
        "races": [race.text() for race in known.races],
        "lthr": known.lthr,
        "max_hr": known.max_hr,
        "rest_hr": known.rest_hr,
        "weekly_km": known.weekly_km,
        "speed_day": known.speed_day,
        "days_available": list(known.days_available),
        "vdot": fitness.vdot if fitness else None,
        "paces_s_per_km": None
        if fitness is None
        else {
            "easy": list(fitness.paces.easy),
            "marathon": fitness.paces.marathon,
            "threshold": fitness.paces.threshold,
            "interval": fitness.paces.interval,
            "repetition": fitness.paces.repetition,
        },
    }


@router.get("/plan")
def plan(request: Request, account: Caller) -> Document:
    """The newest version of the runner's plan (the document ``speedplay plan --json``
    writes, targets as efforts), its version and why it was made."""
    view = runner_view(state(request).engine, account)
    if view.plan is None:
        raise HTTPException(404, "No plan yet: onboard first.")
    return {"version": view.plan.version, "reason": view.plan.reason, "plan": view.plan.document}


@router.get("/sessions/{day}")
def session(request: Request, day: date, account: Caller) -> Document:
    """The plan's session on ``day``, its targets resolved to the runner's paces and HR."""
    view = runner_view(state(request).engine, account)
    found = session_on(view, day)
    return {
        "date": found.day.isoformat(),
        "family": found.family,
        "why": found.why,
        "workout": workout_to_dict(found.workout, view.resolver()),
    }


MAX_OFFSET = 10_000_000
"""More runs than any archive holds: the bound of a page's ``offset``."""


@router.get("/runs")
def runs(
    request: Request,
    account: Caller,
    limit: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> list[Document]:
    """The analysed runs, oldest first (as ``speedplay history --json``, with each run's id):
    every one, or with ``limit`` the newest ``limit`` after the ``offset`` newest, so that a
    client pages through an archive of thousands of runs newest first."""
    with reader_of(state(request).engine) as reader:
        if limit is None and offset == 0:
            stored = stored_runs(reader, account.runner_id)
        else:
            stored = stored_runs(reader, account.runner_id, limit or MAX_OFFSET, offset)
    return [{"id": run.analysis_id, **run_to_dict(run)} for run in stored]


@router.get("/runs/{analysis_id}")
def run(request: Request, analysis_id: RowId, account: Caller) -> Document:
    """One run's analysis (the ``speedplay analyze --json`` document)."""
    with reader_of(state(request).engine) as reader:
        found = stored_analysis(reader, account.runner_id, analysis_id)
    if found is None:
        raise HTTPException(404, "No such run.")
    return {"id": analysis_id, "date": found.run_on.isoformat(), "source": found.source,
            "rpe": found.rpe, "note": found.note, "analysis": found.document}  # fmt: skip


@router.post("/runs")
async def upload(request: Request, account: Caller, files: list[UploadFile]) -> Document:
    """Recordings (FIT, TCX, GPX, .gz, .zip) into the history; what became of each, and why
    the plan changed."""
    found = await recordings_of(files)
    outcomes, changes = import_found(state(request).engine, found, account.runner_id, today())
    return {
        "files": [{"source": o.source, "status": o.status, "message": o.message} for o in outcomes],
        "plan_changes": list(changes),
    }


class Felt(BaseModel):
    """How a session felt: the session RPE (1-10) and a note."""

    rpe: float | None = Field(default=None, ge=1, le=10)
    note: str | None = Field(default=None, max_length=2000)


@router.post("/runs/{analysis_id}/log")
def log(request: Request, analysis_id: RowId, felt: Felt, account: Caller) -> Document:
    """The runner's word on a run's day; the plan re-derived from it."""
    engine = state(request).engine
    with reader_of(engine) as reader:
        found = stored_analysis(reader, account.runner_id, analysis_id)
    if found is None:
        raise HTTPException(404, "No such run.")
    try:
        entry = LogEntry(found.run_on, felt.rpe, felt.note, None)
    except SpeedplayError as error:
        raise HTTPException(422, str(error).removeprefix("--note: ")) from error
    save_log(engine, entry, account.runner_id)
    changed = readapt(engine, today(), account.runner_id)
    return {
        "date": found.run_on.isoformat(),
        "plan_changes": list(changed.reasons) if changed else [],
    }


@router.get("/progress")
def progress_report(request: Request, account: Caller) -> Document:
    """Fitness, fatigue and form, weeks, best efforts, rep pace, VDOT by month (as
    ``speedplay progress --json``)."""
    engine, on = state(request).engine, today()
    with reader_of(engine) as reader:
        report = progress(
            stored_runs(reader, account.runner_id),
            progress_efforts(reader, on, account.runner_id),
            on,
        )
    return progress_to_dict(report, weeks=12)


@pages.get("/account/api", include_in_schema=True)
def token_page(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    on = has_secret(state(request).engine, account.id, API_TOKEN)
    return render(request, "api.html", {"account": account, "token_on": on, "token": None})


@pages.post("/account/api", dependencies=[Depends(csrf_checked)])
def make_token(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    """A new API token, shown once; any earlier one stops working."""
    token = new_secret(request, account, API_TOKEN)
    return render(request, "api.html", {"account": account, "token_on": True, "token": token})


@pages.post("/account/api/off", dependencies=[Depends(csrf_checked)])
def token_off(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    set_secret(state(request).engine, account.id, API_TOKEN, None)
    return render(request, "api.html", {"account": account, "token_on": False, "token": None})
