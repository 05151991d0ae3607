"""What every page shares: the app's state, who is signed in, the CSRF check, rendering."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Path as PathPart
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from starlette.exceptions import HTTPException

from speedplay.storage.accounts import Account, session_account, set_secret
from speedplay.web.clock import now
from speedplay.web.security import SignInLimit, csrf_token, csrf_valid, new_token, token_hash

SESSION_COOKIE = "speedplay_session"
CSRF_COOKIE = "speedplay_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"

RowId = Annotated[int, PathPart(ge=1, le=2_147_483_647)]
"""A stored row's number in an address: what both databases' integer keys hold (a larger one
would fail in the driver, not be "not found")."""

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.auto_reload = False  # installed templates do not change: no stat() a page


@dataclass
class WebState:
    """The app's database, the key its CSRF tokens are signed with, its sign-in limit."""

    engine: Engine
    csrf_key: str
    sign_in_limit: SignInLimit


class SignInFirstError(Exception):
    """A page for signed-in runners was asked for without a session: off to sign in."""


def state(request: Request) -> WebState:
    web: WebState = request.app.state.web
    return web


def current_account(request: Request) -> Account | None:
    """The signed-in account, or None."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    return session_account(state(request).engine, token_hash(token), now())


def signed_in(request: Request) -> Account:
    """A dependency: the signed-in account, or a redirect to the sign-in page."""
    account = current_account(request)
    if account is None:
        raise SignInFirstError()
    return account


async def csrf_checked(request: Request) -> AsyncIterator[None]:
    """A dependency of every form post: refused (403) without the token of this browser.
    The form it reads (uploaded files spooled to disk) is closed when the request ends,
    however it ends: a database gone mid-request must not leave files behind."""
    token = request.headers.get(CSRF_HEADER)
    form = None
    if token is None:
        form = await request.form()
        field = form.get(CSRF_FIELD)
        token = field if isinstance(field, str) else None
    try:
        if not csrf_valid(state(request).csrf_key, request.cookies.get(CSRF_COOKIE), token):
            raise HTTPException(
                403, "This form has expired or did not come from speedplay: reload the page."
            )
        yield
    finally:
        if form is not None:
            await form.close()


def render(
    request: Request, template: str, values: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """A page, with what every page needs: the signed-in account and the form token."""
    values = values or {}
    context = {
        "account": values["account"] if "account" in values else current_account(request),
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(state(request).csrf_key, request.state.browser_secret),
        **values,
    }
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def script_json(document: object) -> str:
    """JSON safe inside a ``<script type="application/json">`` element: no ``<``, ``>`` or
    ``&`` that could close the element early, whatever text a workout's cues hold."""
    return script_text(json.dumps(document))


def script_text(json_text: str) -> str:
    """JSON text already written (a stored document), made safe as :func:`script_json`."""
    return json_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def new_secret(request: Request, account: Account, which: str) -> str:
    """A new secret for one of the account's ``storage.accounts.SECRETS`` (its calendar
    feed's, its API token), stored only as its hash: the old one stops working. Returned to
    be shown once."""
    secret = new_token()
    set_secret(state(request).engine, account.id, which, token_hash(secret))
    return secret
