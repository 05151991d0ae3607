"""Sign-up, sign-in, sign-out and changing the password."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from speedplay.storage.accounts import (
    Account,
    EmailTakenError,
    account_by_email,
    create_account,
    end_session,
    set_password,
    start_session,
)
from speedplay.web.clock import now
from speedplay.web.context import (
    SESSION_COOKIE,
    csrf_checked,
    render,
    signed_in,
    state,
)
from speedplay.web.security import (
    email_problem,
    hash_password,
    new_token,
    password_matches,
    password_problem,
    spend_a_verification,
    token_hash,
)

SESSION_DAYS = 14
"""A sign-in lasts two weeks, then the runner signs in again."""

router = APIRouter()
Text = Annotated[str, Form(max_length=1000)]


def onward(path: str | None) -> str:
    """Where to go after signing in: ``path`` when it is a page of this site, else the start.
    Anything else (``//elsewhere.example``, ``https://...``) would send the runner away."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path[:300]


@router.get("/signup")
def sign_up_page(request: Request) -> Response:
    return render(request, "signup.html", {"next": onward(request.query_params.get("next"))})


@router.post("/signup", dependencies=[Depends(csrf_checked)])
def sign_up(
    request: Request, email: Text, password: Text, confirm: Text, next: Text = "/"
) -> Response:
    email = email.strip().lower()
    problem = email_problem(email) or password_problem(password, email)
    if problem is None and password != confirm:
        problem = "the two passwords differ"
    if problem is None:
        try:
            account = create_account(state(request).engine, email, hash_password(password))
        except EmailTakenError:
            problem = "an account with this address exists already: sign in instead"
    if problem is not None:
        context = {"error": problem, "email": email, "next": onward(next)}
        return render(request, "signup.html", context, 400)
    return _signed_in_at(request, account, onward(next))


@router.get("/signin")
def sign_in_page(request: Request) -> Response:
    return render(request, "signin.html", {"next": onward(request.query_params.get("next"))})


@router.post("/signin", dependencies=[Depends(csrf_checked)])
def sign_in(request: Request, email: Text, password: Text, next: Text = "/") -> Response:
    email = email.strip().lower()
    limit = state(request).sign_in_limit
    client = request.client.host if request.client else "unknown"
    wait = limit.wait_s(email, client)
    if wait > 0:
        message = f"too many failed sign-ins: try again in {int(wait // 60) + 1} minutes"
        context = {"error": message, "email": email, "next": onward(next)}
        return render(request, "signin.html", context, 429)
    account = account_by_email(state(request).engine, email)
    if account is None:
        spend_a_verification()
    if account is None or not password_matches(account.password_hash, password):
        limit.failed(email, client)
        message = "the e-mail address or the password is wrong"
        context = {"error": message, "email": email, "next": onward(next)}
        return render(request, "signin.html", context, 400)
    limit.succeeded(email)
    return _signed_in_at(request, account, onward(next))


@router.post("/signout", dependencies=[Depends(csrf_checked)])
def sign_out(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        end_session(state(request).engine, token_hash(token))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/account/password")
def password_page(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    return render(request, "password.html", {"account": account})


@router.post("/account/password", dependencies=[Depends(csrf_checked)])
def change_password(
    request: Request,
    account: Annotated[Account, Depends(signed_in)],
    current: Text,
    password: Text,
    confirm: Text,
) -> Response:
    problem = password_problem(password, account.email)
    if not password_matches(account.password_hash, current):
        problem = "the current password is wrong"
    elif problem is None and password != confirm:
        problem = "the two new passwords differ"
    if problem is not None:
        return render(request, "password.html", {"account": account, "error": problem}, 400)
    set_password(state(request).engine, account.id, hash_password(password))
    return _signed_in_at(request, account, "/?password=changed")


@router.get("/account/export")
def export_all(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    """Everything the coach knows about the runner, as files anyone can open, in one zip
    (what ``speedplay export-all`` writes): the runner owns their data."""
    from speedplay.formats.output_files import zipped
    from speedplay.services.owned_data import runner_files
    from speedplay.storage.reading import reader_of

    moment = now()
    with reader_of(state(request).engine) as reader:
        files = runner_files(reader, moment.isoformat(timespec="seconds"), account.runner_id)
    name = f"speedplay-{moment.date().isoformat()}.zip"
    return Response(
        zipped(files),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _signed_in_at(request: Request, account: Account, where: str) -> Response:
    """A new session for ``account`` (a new token at every sign-in: a token planted before
    it opens nothing), and the browser sent on to ``where``."""
    token = new_token()
    expires = now() + timedelta(days=SESSION_DAYS)
    start_session(state(request).engine, account.id, token_hash(token), expires)
    response = RedirectResponse(where, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_DAYS * 86_400,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response
