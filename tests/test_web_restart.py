"""The web app while its database goes away and comes back: the browser is told (503, and
when to try again), never shown a server error, and every page works again once the
database answers, without restarting the app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from speedplay.storage.database import open_database
from tests.conftest import POSTGRES_ADMIN_URL, SAMPLES, new_database
from tests.test_web_plans import ANSWERS, onboard
from tests.web import Browser

PAGES = ["/", "/plan", "/runs", "/progress", "/paces"]
RUN = SAMPLES / "fit" / "goldencheetah-ipbike-intervals-4x6min.fit"


def _as_owner(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def _end_connections(url: str) -> None:
    """What a server restart does to the app: its connections ended under it."""
    _as_owner(
        url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )


@pytest.fixture
def postgres(tmp_path):
    with new_database("postgresql", tmp_path / "unused.db") as url:
        yield url


def test_pages_work_again_at_once_after_the_database_restarts(postgres):
    engine = open_database(postgres)
    browser = Browser(engine, raise_server_exceptions=False)
    browser.sign_up("restart@example.org")
    onboard(browser, ANSWERS)
    for page in PAGES:
        assert browser.client.get(page).status_code == 200, page
    _end_connections(postgres)
    for page in PAGES:  # each pooled connection is dead: checked and replaced, not failed
        assert browser.client.get(page).status_code == 200, page
    engine.dispose()


def test_while_the_database_is_down_the_browser_is_told_to_try_again(postgres):
    """Answered 503 by the app itself: nothing raised past it (the server would log each
    request's traceback), as the test client raising what the app lets through shows."""
    engine = open_database(postgres)
    browser = Browser(engine)
    browser.sign_up("down@example.org")
    onboard(browser, ANSWERS)
    token = browser.token("/upload")
    name = postgres.rsplit("/", 1)[1]
    admin = postgres.rsplit("/", 1)[0] + "/postgres"
    _as_owner(admin, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    try:
        _as_owner(
            admin,
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'",
        )
        for page in PAGES:
            answer = browser.client.get(page)
            assert answer.status_code == 503, page
            assert answer.headers["retry-after"] == "5"
            assert "try again" in answer.text
            assert "Traceback" not in answer.text
            assert "psycopg" not in answer.text
        sent = browser.client.post(
            "/upload", files=[("files", (RUN.name, RUN.read_bytes()))], data={"csrf_token": token}
        )
        assert sent.status_code == 503
        api = browser.client.get("/api/plan", headers={"Authorization": "Bearer nothing"})
        assert api.status_code == 503
        assert "try again" in api.json()["detail"]
    finally:
        _as_owner(admin, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    for page in PAGES:
        assert browser.client.get(page).status_code == 200, page
    sent = browser.client.post(
        "/upload", files=[("files", (RUN.name, RUN.read_bytes()))], data={"csrf_token": token}
    )
    assert sent.status_code == 200
    assert "status-run" in sent.text
    engine.dispose()


@pytest.mark.slow
def test_under_load_a_restart_loses_nothing_and_leaves_no_error_behind():
    """The load script, bounded: 10 clients for 8 s, pages and uploads, every connection of
    the database ended half-way (``scripts/load_restart.py`` runs 50 clients for 60 s)."""
    if not POSTGRES_ADMIN_URL:
        pytest.skip("no PostgreSQL server (set SPEEDPLAY_TEST_POSTGRES; .ci/run does)")
    scripts = Path(__file__).resolve().parents[1] / "scripts"
    done = subprocess.run(
        [sys.executable, str(scripts / "load_restart.py"), "--postgres", POSTGRES_ADMIN_URL,
         "--clients", "10", "--seconds", "8"],
        capture_output=True, text=True, timeout=240, cwd=scripts,
        env={**os.environ, "PYTHONPATH": str(scripts)},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "errors after recovery: 0" in done.stdout


def test_what_counts_as_the_database_being_away():
    """503 for a lost or refused connection, whichever way it reaches the page (through
    SQLAlchemy, or a plain-SQL read's one-line failure); a mistake of ours stays a 500."""
    import sqlite3

    import psycopg
    from sqlalchemy.exc import IntegrityError, OperationalError

    from speedplay.storage.database import unavailable
    from speedplay.storage.errors import failure

    def said(error: BaseException) -> BaseException:
        try:
            raise failure(str(error)) from error
        except Exception as wrapped:
            return wrapped

    shutdown = psycopg.errors.AdminShutdown("terminating connection due to administrator")
    assert unavailable(said(shutdown))
    assert unavailable(said(sqlite3.OperationalError("database is locked")))
    assert unavailable(OperationalError("SELECT 1", {}, psycopg.OperationalError("gone")))
    assert not unavailable(IntegrityError("INSERT", {}, psycopg.errors.UniqueViolation("dup")))
    assert not unavailable(said(sqlite3.IntegrityError("UNIQUE constraint failed")))
    assert not unavailable(ValueError("a bug of ours"))
