"""The runner's private calendar feed: an address with a secret in it that Google, Apple or
any calendar app can subscribe to, showing every session of the plan as it stands (adapted
sessions move in the calendar by themselves). The secret is shown once, stored only as its
hash, and replaced or turned off at will."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from speedplay.formats.calendar import calendar_bytes
from speedplay.formats.plan_json import sessions_from_dict
from speedplay.storage.accounts import Account, account_by_secret, has_secret, set_secret
from speedplay.web.clock import now
from speedplay.web.context import csrf_checked, new_secret, render, signed_in, state
from speedplay.web.runner import runner_view
from speedplay.web.security import token_hash

router = APIRouter()
FEED = "feed_token_hash"


@router.get("/calendar")
def calendar_page(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    on = has_secret(state(request).engine, account.id, FEED)
    return render(request, "calendar.html", {"account": account, "feed_on": on, "address": None})


@router.post("/calendar/feed", dependencies=[Depends(csrf_checked)])
def new_feed(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    """A new secret address; any earlier one stops working."""
    token = new_secret(request, account, FEED)
    address = str(request.url_for("feed", token=token))
    context = {"account": account, "feed_on": True, "address": address}
    return render(request, "calendar.html", context)


@router.post("/calendar/feed/off", dependencies=[Depends(csrf_checked)])
def feed_off(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    set_secret(state(request).engine, account.id, FEED, None)
    return render(request, "calendar.html", {"account": account, "feed_on": False, "address": None})


@router.get("/feed/{token}.ics", name="feed")
def feed(request: Request, token: str) -> Response:
    """The plan as a calendar, for whoever holds the secret (a calendar app cannot sign in)."""
    engine = state(request).engine
    account = account_by_secret(engine, FEED, token_hash(token)) if len(token) < 100 else None
    if account is None:
        raise HTTPException(404, "There is no such calendar.")
    view = runner_view(engine, account)
    document = view.document()
    sessions = sessions_from_dict(document) if document else []
    rows = [(s.day, s.workout, s.why) for s in sessions]
    data = calendar_bytes(rows, now(), view.units, view.resolver())
    headers = {"Cache-Control": "private, max-age=900", "Referrer-Policy": "no-referrer"}
    return Response(data, media_type="text/calendar; charset=utf-8", headers=headers)
