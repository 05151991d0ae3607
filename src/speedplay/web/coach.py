"""The coach's view: inviting athletes, their plans, sessions and compliance at a glance, and
rewriting a session in the workout language with a live preview. A coach reaches only the
athletes who accepted their invitation."""

from __future__ import annotations

from datetime import date
from statistics import mean
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from speedplay.errors import SpeedplayError, WorkoutSyntaxError
from speedplay.formats.describe import describe_lines
from speedplay.formats.plan_json import sessions_from_dict
from speedplay.services.coaching import rewrite_session
from speedplay.storage.accounts import Account
from speedplay.storage.coaching import accept, athlete, athletes, invitation_coach, invite
from speedplay.storage.history import stored_runs
from speedplay.storage.plans import session_from
from speedplay.storage.reading import reader_of
from speedplay.web.clock import today
from speedplay.web.context import RowId, csrf_checked, render, signed_in, state
from speedplay.web.plans import plan_weeks
from speedplay.web.runner import RunnerView, runner_view
from speedplay.web.security import new_token, token_hash
from speedplay.web.sessions import session_on
from speedplay.workout.parser import parse_workout
from speedplay.workout.printer import format_workout

router = APIRouter()
SignedIn = Annotated[Account, Depends(signed_in)]
RECENT_RUNS = 4
"""The runs a coach's overview averages compliance over."""


@router.get("/coach")
def coach_page(request: Request, account: SignedIn) -> Response:
    engine, on = state(request).engine, today()
    rows = []
    for member in athletes(engine, account.id):
        view = runner_view(engine, member)
        with reader_of(engine) as reader:
            recent = stored_runs(reader, member.runner_id, latest=20)
        scored = [r.compliance for r in recent if r.compliance is not None][-RECENT_RUNS:]
        document = view.document()
        upcoming = session_from(sessions_from_dict(document), on) if document else None
        rows.append(
            {
                "id": member.id,
                "email": member.email,
                "next": upcoming,
                "last_run": recent[-1].run_on if recent else None,
                "compliance": f"{mean(scored):.0f}" if scored else "",
                "version": view.plan.version if view.plan else None,
            }
        )
    return render(request, "coach.html", {"account": account, "athletes": rows, "invite": None})


@router.post("/coach/invite", dependencies=[Depends(csrf_checked)])
def make_invitation(request: Request, account: SignedIn) -> Response:
    """An invitation address, shown once: the athlete who opens it and accepts is coached."""
    token = new_token()
    invite(state(request).engine, account.id, token_hash(token))
    address = str(request.url_for("invitation", token=token))
    return render(request, "coach.html", {"account": account, "athletes": [], "invite": address})


@router.get("/invite/{token}", name="invitation")
def invitation_page(request: Request, token: str, account: SignedIn) -> Response:
    coach = invitation_coach(state(request).engine, token_hash(token)) if len(token) < 100 else None
    if coach is None:
        raise HTTPException(404, "This invitation is used up or was never made.")
    context = {"account": account, "coach": coach.email, "token": token,
               "own": coach.id == account.id}  # fmt: skip
    return render(request, "invitation.html", context)


@router.post("/invite/{token}", dependencies=[Depends(csrf_checked)])
def accept_invitation(request: Request, token: str, account: SignedIn) -> Response:
    coach = (
        accept(state(request).engine, token_hash(token), account.id) if len(token) < 100 else None
    )
    if coach is None:
        raise HTTPException(404, "This invitation is used up or was never made.")
    return RedirectResponse("/", status_code=303)


def _athlete(request: Request, account: Account, athlete_id: int) -> tuple[Account, RunnerView]:
    member = athlete(state(request).engine, account.id, athlete_id)
    if member is None:
        raise HTTPException(404, "No such athlete of yours.")
    return member, runner_view(state(request).engine, member)


@router.get("/coach/athletes/{athlete_id}")
def athlete_page(request: Request, athlete_id: RowId, account: SignedIn) -> Response:
    member, view = _athlete(request, account, athlete_id)
    with reader_of(state(request).engine) as reader:
        recent = list(reversed(stored_runs(reader, member.runner_id, latest=10)))
    context = {
        "account": account,
        "athlete": member,
        "weeks": plan_weeks(view),
        "today": today(),
        "runs": recent,
    }
    return render(request, "athlete.html", context)


@router.get("/coach/athletes/{athlete_id}/sessions/{day}")
def edit_page(request: Request, athlete_id: RowId, day: date, account: SignedIn) -> Response:
    member, view = _athlete(request, account, athlete_id)
    session = session_on(view, day)
    context = {
        "account": account,
        "athlete": member,
        "session": session,
        "text": format_workout(session.workout),
        "note": "",
        **_preview(view, format_workout(session.workout)),
    }
    return render(request, "edit_session.html", context)


@router.post("/coach/athletes/{athlete_id}/preview", dependencies=[Depends(csrf_checked)])
def preview(
    request: Request,
    athlete_id: RowId,
    account: SignedIn,
    text: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The workout as the athlete will see it, or the mistake at its column (HTMX fragment)."""
    _, view = _athlete(request, account, athlete_id)
    return render(request, "_preview.html", {"account": account, "text": text,
                                             **_preview(view, text)})  # fmt: skip


@router.post("/coach/athletes/{athlete_id}/sessions/{day}", dependencies=[Depends(csrf_checked)])
def save_session(
    request: Request,
    athlete_id: RowId,
    day: date,
    account: SignedIn,
    text: Annotated[str, Form(max_length=2000)],
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    member, view = _athlete(request, account, athlete_id)
    session = session_on(view, day)
    try:
        workout = parse_workout(text)
    except SpeedplayError:
        context = {"account": account, "athlete": member, "session": session, "text": text,
                   "note": note, **_preview(view, text)}  # fmt: skip
        return render(request, "edit_session.html", context, status_code=400)
    rewrite_session(
        state(request).engine, member.runner_id, day, workout, note.strip(), account.email
    )
    return RedirectResponse(f"/coach/athletes/{athlete_id}", status_code=303)


def _preview(view: RunnerView, text: str) -> dict[str, object]:
    """The steps of ``text`` in the athlete's targets, or its mistake and where it is."""
    try:
        workout = parse_workout(text)
    except WorkoutSyntaxError as error:
        pointer = " " * (error.column - 1) + "^"
        return {"steps": [], "error": str(error), "pointer": pointer}
    except SpeedplayError as error:
        return {"steps": [], "error": str(error), "pointer": ""}
    return {"steps": describe_lines(workout, view.units, view.resolver()), "error": None,
            "pointer": ""}  # fmt: skip
