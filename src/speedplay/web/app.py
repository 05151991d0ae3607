"""The web app: the coach in a browser, on the same library and database as the command line.

``create_app`` builds it on a database URL (the default SQLite file when none is given). Pages
are rendered on the server (Jinja2) and made lively with HTMX, served from the package itself:
no CDN, no build step. Every response carries the security headers of ``security.py``; an
error never shows the browser a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlencode

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from speedplay.storage.accounts import setting
from speedplay.storage.sign_ins import DatabaseFailures
from speedplay.web import (
    accounts,
    api,
    calendar,
    coach,
    onboarding,
    pages,
    plans,
    progress,
    runs,
    sessions,
)
from speedplay.web.context import (
    CSRF_COOKIE,
    SignInFirstError,
    WebState,
    render,
)
from speedplay.web.security import SECURITY_HEADERS, SignInLimit, new_token

HERE = Path(__file__).parent
log = logging.getLogger("speedplay.web")


PAGE_THREADS = 2
"""Pages rendered at once by one server process, in threads (the database drivers block).
A page is mostly Python, which runs one thread at a time: each time a thread waits for the
database it lets go of the interpreter and must then queue to get it back, behind every
other thread. With the forty threads of the default, fifty browsers at once made each page
wait behind the others' turns (p99 three times longer); one thread cannot overlap a query
with rendering. Two measured best (``scripts/benchmark_web.py``)."""


@asynccontextmanager
async def _page_threads(app: FastAPI) -> AsyncIterator[None]:
    to_thread.current_default_thread_limiter().total_tokens = PAGE_THREADS
    yield


def create_app(engine: Engine) -> FastAPI:
    """The app on ``engine``'s database (created and migrated by ``open_database``)."""
    app = FastAPI(
        title="speedplay",
        summary="A speed-workout coach for runners",
        docs_url=None,
        redoc_url=None,
        lifespan=_page_threads,
    )
    limit = SignInLimit(store=DatabaseFailures(engine))  # counted across server processes
    app.state.web = WebState(engine, setting(engine, "csrf_key"), limit)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(accounts.router)
    app.include_router(pages.router)
    app.include_router(onboarding.router)
    app.include_router(plans.router)
    app.include_router(sessions.router)
    app.include_router(runs.router)
    app.include_router(progress.router)
    app.include_router(calendar.router)
    app.include_router(api.router)
    app.include_router(api.pages)
    app.include_router(coach.router)
    app.add_middleware(BoundedBody)
    app.add_middleware(BrowserSecretAndHeaders)  # added last: outermost, so on every answer
    app.add_exception_handler(SignInFirstError, _to_sign_in)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for failure in _database_failures(engine):  # answered here, not re-raised to be logged
        app.add_exception_handler(failure, _server_error)
    app.add_exception_handler(Exception, _server_error)
    return app


def _database_failures(engine: Engine) -> tuple[type[Exception], ...]:
    """The exceptions a database failure raises. Starlette re-raises whatever reaches its
    catch-all handler after answering (the server then logs a second, longer traceback), but
    not what a handler for its own class answers: so a database that is restarting is one
    warning line per request, not a traceback."""
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    from speedplay.storage.errors import StorageError

    failures: tuple[type[Exception], ...] = (DBAPIError, StorageError, sqlite3.Error)
    if engine.dialect.name == "postgresql":
        import psycopg

        failures += (psycopg.Error,)
    return failures


class BrowserSecretAndHeaders:
    """Give a browser its CSRF cookie on its first visit, and every response its security
    headers. Plain ASGI: Starlette's ``BaseHTTPMiddleware`` costs each request a task and a
    stream, which is much of a page's time under load."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        secret = Request(scope).cookies.get(CSRF_COOKIE)
        fresh = not secret
        browser_secret = secret or new_token()
        scope.setdefault("state", {})["browser_secret"] = browser_secret
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        cookie = f"{CSRF_COOKIE}={browser_secret}; HttpOnly; Path=/; SameSite=strict{secure}"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if fresh:
                    headers.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, with_headers)


MAX_REQUEST_BYTES = 128 * 2**20
"""The largest request body the app reads (an upload's files together; each file is bounded
again, in ``runs.MAX_FILE_BYTES``)."""


class BoundedBody:
    """Refuse a request body larger than ``MAX_REQUEST_BYTES`` before a byte of it is read
    (413), and a body of unknown length (411): a form's files are spooled to disk as they
    arrive, so an unbounded one could fill it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("POST", "PUT", "PATCH"):
            headers = Headers(scope=scope)
            length = headers.get("content-length")
            if length is None and "chunked" in headers.get("transfer-encoding", ""):
                await _refuse(send, 411, "Send the request with its length (Content-Length).")
                return
            if length is not None and (not length.isdigit() or int(length) > MAX_REQUEST_BYTES):
                limit = MAX_REQUEST_BYTES // 2**20
                await _refuse(send, 413, f"At most {limit} MB in one request.")
                return
        await self.app(scope, receive, send)


async def _refuse(send: Send, status: int, text: str) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"),
               (b"content-length", str(len(body)).encode()), (b"connection", b"close")]  # fmt: skip
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _to_sign_in(request: Request, _: Exception) -> Response:
    """Off to sign in; a page asked for comes back after it (an invitation, say)."""
    if request.method != "GET":
        return RedirectResponse("/signin", status_code=303)
    return RedirectResponse(f"/signin?{urlencode({'next': request.url.path})}", status_code=303)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    if request.url.path.startswith("/api/"):
        headers = {"WWW-Authenticate": "Bearer"} if error.status_code == 401 else None
        return JSONResponse({"detail": error.detail}, error.status_code, headers=headers)
    messages = {404: "There is no such page.", 405: "That is not something this page does."}
    ours = error.detail != HTTPStatus(error.status_code).phrase  # a reason we gave, not a default
    message = str(error.detail) if ours else messages.get(error.status_code, str(error.detail))
    return render(request, "error.html", {"message": message}, status_code=error.status_code)


UNAVAILABLE = (
    "The database is not answering right now; try again in a moment (an upload sent again "
    "is never stored twice)."
)
RETRY_AFTER_S = 5


async def _server_error(request: Request, error: Exception) -> Response:
    """A failure of ours: logged in full on the server, one plain sentence to the browser.
    A database out of reach (restarting, say) is not ours: 503, and when to try again."""
    from speedplay.storage.database import unavailable

    if unavailable(error):
        log.warning("database unavailable on %s %s: %s", request.method, request.url.path,
                    " ".join(str(error).split())[:300])  # fmt: skip
        headers = {**SECURITY_HEADERS, "Retry-After": str(RETRY_AFTER_S)}
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": UNAVAILABLE}, 503, headers=headers)
        return HTMLResponse(
            f"<!doctype html><title>speedplay</title><p>{UNAVAILABLE}</p>",
            status_code=503,
            headers=headers,
        )
    log.exception("error on %s %s", request.method, request.url.path, exc_info=error)
    if request.url.path.startswith("/api/"):
        detail = "Something went wrong on our side; nothing you sent was lost."
        return JSONResponse({"detail": detail}, 500, headers=SECURITY_HEADERS)
    return HTMLResponse(
        "<!doctype html><title>speedplay</title><p>Something went wrong on our side; "
        "nothing you sent was lost. Try again in a moment.</p>",
        status_code=500,
        headers=SECURITY_HEADERS,
    )


def from_environment() -> FastAPI:
    """The app on the database ``SPEEDPLAY_DB`` names (the default file when unset): what each
    worker process of ``speedplay serve --workers N`` builds."""
    import os

    from speedplay.storage.database import open_database
    from speedplay.storage.location import database_url

    return create_app(open_database(database_url(os.environ.get("SPEEDPLAY_DB"))))
