"""The web app's accounts: sign-up, sign-in, sign-out, passwords, sessions, CSRF, headers.

Every test runs on SQLite and on PostgreSQL (where a server runs)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from urllib.error import URLError

import pytest
from sqlalchemy import select

from speedplay.storage.tables import accounts, web_sessions
from speedplay.web import accounts as web_accounts
from speedplay.web.clock import now
from speedplay.web.context import CSRF_COOKIE, SESSION_COOKIE
from speedplay.web.security import SECURITY_HEADERS, SignInLimit
from tests.web import PASSWORD, Browser


def test_sign_up_signs_in_with_a_session_cookie_the_page_scripts_cannot_read(engine):
    browser = Browser(engine)
    response = browser.sign_up("Runner@Example.org")
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert browser.signed_in_as() == "runner@example.org"


def test_the_password_is_stored_as_an_argon2id_hash_and_the_session_token_as_its_hash(engine):
    browser = Browser(engine)
    token = browser.sign_up("a@example.org").cookies[SESSION_COOKIE]
    with engine.connect() as connection:
        stored = connection.execute(select(accounts.c.password_hash)).scalar_one()
        session = connection.execute(select(web_sessions.c.token_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert token not in session
    assert len(session) == 64


@pytest.mark.parametrize(
    ("email", "password", "confirm", "message"),
    [
        ("a@example.org", "short", "short", "at least 12 characters"),
        ("a@example.org", "x" * 129, "x" * 129, "at most 128 characters"),
        ("a@example.org", PASSWORD, PASSWORD + "!", "the two passwords differ"),
        ("not-an-address", PASSWORD, PASSWORD, "is not an e-mail address"),
        ("a@example", PASSWORD, PASSWORD, "is not an e-mail address"),
        ("a b@example.org", PASSWORD, PASSWORD, "is not an e-mail address"),
        ("a@example.org", "a@example.org", "a@example.org", "cannot be the e-mail address"),
    ],
)
def test_sign_up_refuses_with_the_reason(engine, email, password, confirm, message):
    browser = Browser(engine)
    response = browser.post("/signup", {"email": email, "password": password, "confirm": confirm})
    assert response.status_code == 400
    assert message in response.text.lower()
    assert browser.signed_in_as() is None


def test_one_account_per_address(engine):
    Browser(engine).sign_up("a@example.org")
    response = Browser(engine).sign_up("A@EXAMPLE.ORG")
    assert response.status_code == 400
    assert "exists already" in response.text.lower()


def test_each_account_is_a_runner_of_its_own(engine):
    Browser(engine).sign_up("a@example.org")
    Browser(engine).sign_up("b@example.org")
    with engine.connect() as connection:
        runners = connection.execute(select(accounts.c.runner_id)).scalars().all()
    assert len(set(runners)) == 2


def test_sign_in_with_the_right_password_only(engine):
    Browser(engine).sign_up("a@example.org")
    browser = Browser(engine)
    wrong = browser.sign_in("a@example.org", "not the password at all")
    assert wrong.status_code == 400
    assert "the e-mail address or the password is wrong" in wrong.text.lower()
    assert browser.signed_in_as() is None
    assert browser.sign_in("a@example.org").status_code == 303
    assert browser.signed_in_as() == "a@example.org"


def test_an_unknown_address_gets_the_same_answer_as_a_wrong_password(engine):
    Browser(engine).sign_up("a@example.org")
    unknown = Browser(engine).sign_in("nobody@example.org")
    wrong = Browser(engine).sign_in("a@example.org", "not the password at all")
    assert unknown.status_code == wrong.status_code == 400
    assert _message(unknown.text) == _message(wrong.text)


def test_failed_sign_ins_are_limited_then_allowed_again_after_the_window():
    limit = SignInLimit(per_account=5, per_client=20, window_s=900)
    for second in range(5):
        assert limit.wait_s("a@x.org", "1.2.3.4", now=second) == 0
        limit.failed("a@x.org", "1.2.3.4", now=second)
    assert limit.wait_s("a@x.org", "1.2.3.4", now=10) == pytest.approx(890)
    assert limit.wait_s("b@x.org", "1.2.3.4", now=10) == 0  # another account, same client
    assert limit.wait_s("a@x.org", "1.2.3.4", now=901) == 0  # the first failure has aged out
    for n in range(20):
        limit.failed(f"{n}@x.org", "5.6.7.8", now=1000)
    assert limit.wait_s("new@x.org", "5.6.7.8", now=1001) > 0  # one client trying many


def test_after_five_failures_even_the_right_password_waits(engine):
    Browser(engine).sign_up("a@example.org")
    browser = Browser(engine)
    for _ in range(5):
        assert browser.sign_in("a@example.org", "not the password at all").status_code == 400
    blocked = browser.sign_in("a@example.org")
    assert blocked.status_code == 429
    assert "too many failed sign-ins" in blocked.text.lower()
    assert browser.signed_in_as() is None


def test_the_limit_holds_across_server_processes(engine):
    """Each Browser runs an app of its own on the same database, as two server processes."""
    Browser(engine).sign_up("a@example.org")
    first, second = Browser(engine), Browser(engine)
    for browser in (first, second, first, second, first):
        assert browser.sign_in("a@example.org", "not the password at all").status_code == 400
    assert second.sign_in("a@example.org").status_code == 429


def test_sign_in_replaces_a_session_token_planted_before_it(engine):
    Browser(engine).sign_up("a@example.org")
    browser = Browser(engine)
    browser.client.cookies.set(SESSION_COOKIE, "planted-by-an-attacker")
    response = browser.sign_in("a@example.org")
    assert response.cookies[SESSION_COOKIE] != "planted-by-an-attacker"
    assert browser.signed_in_as() == "a@example.org"


def test_sign_out_ends_the_session_on_the_server(engine):
    browser = Browser(engine)
    token = browser.sign_up("a@example.org").cookies[SESSION_COOKIE]
    assert browser.post("/signout", page="/").status_code == 303
    assert browser.signed_in_as() is None
    stolen = Browser(engine)
    stolen.client.cookies.set(SESSION_COOKIE, token)
    assert stolen.signed_in_as() is None


def test_a_session_expires_after_two_weeks(engine, monkeypatch):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    later = now() + timedelta(days=web_accounts.SESSION_DAYS, minutes=1)
    monkeypatch.setattr("speedplay.web.context.now", lambda: later)
    assert browser.signed_in_as() is None


def test_changing_the_password_signs_out_every_other_browser(engine):
    phone, laptop = Browser(engine), Browser(engine)
    phone.sign_up("a@example.org")
    laptop.sign_in("a@example.org")
    new = "another long password"
    wrong = phone.post(
        "/account/password",
        {"current": "not it at all", "password": new, "confirm": new},
        page="/account/password",
    )
    assert wrong.status_code == 400
    assert "the current password is wrong" in wrong.text.lower()
    changed = phone.post(
        "/account/password",
        {"current": PASSWORD, "password": new, "confirm": new},
        page="/account/password",
    )
    assert changed.status_code == 303
    assert phone.signed_in_as() == "a@example.org"
    assert laptop.signed_in_as() is None
    assert Browser(engine).sign_in("a@example.org").status_code == 400
    assert Browser(engine).sign_in("a@example.org", new).status_code == 303


def test_a_signed_in_page_sends_a_visitor_to_sign_in_and_back(engine):
    Browser(engine).sign_up("a@example.org")
    visitor = Browser(engine)
    response = visitor.client.get("/account/password")
    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=%2Faccount%2Fpassword"
    page = visitor.client.get(response.headers["location"]).text
    assert 'name="next" value="/account/password"' in page
    signed_in = visitor.post(
        "/signin", {"email": "a@example.org", "password": PASSWORD, "next": "/account/password"}
    )
    assert signed_in.headers["location"] == "/account/password"


@pytest.mark.parametrize(
    "elsewhere", ["//evil.example/", "https://evil.example/", "/\\evil.example", "signin", ""]
)
def test_signing_in_never_sends_a_runner_to_another_site(engine, elsewhere):
    Browser(engine).sign_up("a@example.org")
    visitor = Browser(engine)
    response = visitor.post(
        "/signin", {"email": "a@example.org", "password": PASSWORD, "next": elsewhere}
    )
    assert response.headers["location"] == "/"


@pytest.mark.parametrize("path", ["/signup", "/signin", "/signout", "/account/password"])
def test_a_post_without_the_form_token_is_refused(engine, path):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    response = browser.client.post(path, data={"email": "b@example.org", "password": PASSWORD})
    assert response.status_code == 403
    assert browser.signed_in_as() == "a@example.org"  # the sign-out did not happen


def test_a_form_token_from_another_browser_is_refused(engine):
    attacker, victim = Browser(engine), Browser(engine)
    victim.sign_up("a@example.org")
    forged = {"csrf_token": attacker.token()}
    assert victim.client.post("/signout", data=forged).status_code == 403
    assert victim.signed_in_as() == "a@example.org"


def test_the_token_in_a_header_serves_htmx_requests(engine):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    response = browser.client.post("/signout", headers={"X-CSRF-Token": browser.token("/")})
    assert response.status_code == 303
    assert browser.signed_in_as() is None


def test_the_form_token_cookie_is_strict_and_hidden_from_scripts(engine):
    response = Browser(engine).client.get("/")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{CSRF_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie


@pytest.mark.parametrize("path", ["/", "/signin", "/static/style.css", "/no-such-page"])
def test_every_response_carries_the_security_headers(engine, path):
    response = Browser(engine).client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_a_server_error_shows_no_stack_trace(engine):
    browser = Browser(engine, raise_server_exceptions=False)

    def broken() -> None:
        raise RuntimeError("secret internals: SELECT * FROM accounts")

    browser.client.app.add_api_route("/broken", broken)  # type: ignore[attr-defined]
    response = browser.client.get("/broken")
    assert response.status_code == 500
    assert "Traceback" not in response.text
    assert "secret internals" not in response.text
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_link_no_script_or_style_from_elsewhere(engine):
    page = Browser(engine).client.get("/signup").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert all(source.startswith("/") or source == "data:," for source in sources), sources
    assert "<script>" not in page  # no inline script: the policy would block it
    assert "style=" not in page


def _message(page: str) -> str:
    found = re.search(r'<p class="error"[^>]*>([^<]+)</p>', page)
    assert found
    return found.group(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_speedplay_serve_answers_on_the_loopback_address(own_database):
    port = _free_port()
    command = [sys.executable, "-m", "speedplay", "serve", "--port", str(port)]
    environment = {**os.environ, "SPEEDPLAY_DB": str(own_database)}
    with subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL) as server:
        try:
            status, page = _first_answer(f"http://127.0.0.1:{port}/", server)
        finally:
            server.terminate()
    assert status == 200
    assert "speedplay" in page
    assert own_database.exists()  # the default SQLite file, created on first use


def _first_answer(url: str, server: subprocess.Popen[bytes]) -> tuple[int, str]:
    """The status and page of ``url`` once the server answers (it may take a second)."""
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status, response.read().decode()
        except (URLError, ConnectionError):
            if time.monotonic() > deadline or server.poll() is not None:
                raise
            time.sleep(0.1)


def test_serve_refuses_a_port_that_is_not_one():
    done = subprocess.run(
        [sys.executable, "-m", "speedplay", "serve", "--port", "70000"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "error: --port: 70000 is not a port (1-65535)"
