"""The JSON API: token-authenticated, the same data as the pages and the command line."""

from __future__ import annotations

import re

import pytest

from speedplay.physiology.fitness import assess_fitness
from speedplay.races import parse_race_result
from speedplay.storage.accounts import account_by_email
from speedplay.storage.plans import newest_version
from speedplay.web.app import create_app
from tests.conftest import SAMPLES
from tests.test_web_plans import ANSWERS, onboard
from tests.test_web_runs import INTERVALS
from tests.web import Browser


def api_token(browser: Browser, path: str = "/account/api") -> str:
    return browser.shown_secret(path, "/account/api", "api-token")


@pytest.fixture
def runner(engine):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    onboard(browser, ANSWERS)
    token = api_token(browser)
    return browser, {"Authorization": f"Bearer {token}"}


def api_routes(engine) -> list[tuple[str, str]]:
    paths = create_app(engine).openapi()["paths"]
    return [
        (m.upper(), p) for p, methods in paths.items() if p.startswith("/api/") for m in methods
    ]


def test_every_api_route_wants_a_token(engine):
    client = Browser(engine).client
    routes = api_routes(engine)
    assert len(routes) >= 8
    for method, path in routes:
        url = re.sub(r"{day}", "2026-12-10", re.sub(r"{\w+}", "1", path))
        for headers in ({}, {"Authorization": "Bearer not-a-token"}):
            response = client.request(method, url, headers=headers)
            assert response.status_code == 401, (method, path)
            assert response.headers["WWW-Authenticate"] == "Bearer"
            assert "API token" in response.json()["detail"]


def test_the_signed_in_cookie_does_not_open_the_api(runner):
    browser, _ = runner
    assert browser.client.get("/api/profile").status_code == 401


def test_profile_plan_and_session_through_the_api(runner, engine):
    browser, auth = runner
    profile = browser.client.get("/api/profile", headers=auth).json()
    expected = assess_fitness([parse_race_result("5k=22:30")])
    assert profile["email"] == "a@example.org"
    assert profile["vdot"] == pytest.approx(expected.vdot)
    assert profile["paces_s_per_km"]["threshold"] == pytest.approx(expected.paces.threshold)
    plan = browser.client.get("/api/plan", headers=auth).json()
    account = account_by_email(engine, "a@example.org")
    assert account is not None
    stored = newest_version(engine, account.runner_id)
    assert stored is not None
    assert plan["plan"] == stored.document
    assert plan["version"] == 1
    day = stored.document["weeks"][0]["sessions"][0]["date"]
    session = browser.client.get(f"/api/sessions/{day}", headers=auth).json()
    assert session["date"] == day
    work = [s for s in _steps(session["workout"]) if s.get("intent") == "work"]
    assert work
    assert all(s.get("resolved", {}).get("pace_s_per_km") for s in work)
    assert browser.client.get("/api/sessions/2001-01-01", headers=auth).status_code == 404


def _steps(document):
    for item in document["items"]:
        if "repeat" in item or "items" in item:
            yield from _steps(item)
        else:
            yield item


def test_upload_list_open_and_log_a_run_through_the_api(runner):
    browser, auth = runner
    sent = browser.client.post(
        "/api/runs", files=[("files", (INTERVALS.name, INTERVALS.read_bytes()))], headers=auth
    )
    assert sent.status_code == 200
    assert sent.json()["files"] == [{"source": INTERVALS.name, "status": "run", "message": None}]
    [listed] = browser.client.get("/api/runs", headers=auth).json()
    assert listed["file"] == INTERVALS.name
    run = browser.client.get(f"/api/runs/{listed['id']}", headers=auth).json()
    assert len(run["analysis"]["reps"]) == 4
    logged = browser.client.post(
        f"/api/runs/{listed['id']}/log", json={"rpe": 8, "note": "windy"}, headers=auth
    )
    assert logged.status_code == 200
    again = browser.client.get(f"/api/runs/{listed['id']}", headers=auth).json()
    assert (again["rpe"], again["note"]) == (8, "windy")
    wrong = browser.client.post(f"/api/runs/{listed['id']}/log", json={"rpe": 11}, headers=auth)
    assert wrong.status_code == 422
    progress = browser.client.get("/api/progress", headers=auth).json()
    assert progress["today"] is not None


def test_runs_page_newest_first_through_the_api(runner):
    """Three runs of three days: every one oldest first; limit and offset page back from the
    newest, each page oldest first; a bad page is refused with 422."""
    browser, auth = runner
    names = ("fit/activity-small-fenix2-run.fit", "fit/heartandsole-4426508309.fit")
    files = [(path.name, path.read_bytes()) for path in (INTERVALS, *(SAMPLES / n for n in names))]
    sent = browser.client.post("/api/runs", files=[("files", f) for f in files], headers=auth)
    assert [f["status"] for f in sent.json()["files"]] == ["run"] * 3
    listed = browser.client.get("/api/runs", headers=auth).json()
    every = [r["file"] for r in listed]
    assert sorted(every) == sorted(name for name, _ in files)
    assert [r["date"] for r in listed] == sorted({r["date"] for r in listed}), "oldest first"
    pages = [
        [r["file"] for r in browser.client.get(f"/api/runs?{query}", headers=auth).json()]
        for query in ("limit=2", "limit=2&offset=2", "offset=1", "limit=5&offset=3")
    ]
    assert pages == [every[1:], every[:1], every[:2], []]
    for bad in ("limit=0", "offset=-1", "limit=lots"):
        assert browser.client.get(f"/api/runs?{bad}", headers=auth).status_code == 422


def test_a_new_token_ends_the_old_and_off_ends_both(runner):
    browser, old = runner
    new = {"Authorization": f"Bearer {api_token(browser)}"}
    assert browser.client.get("/api/profile", headers=old).status_code == 401
    assert browser.client.get("/api/profile", headers=new).status_code == 200
    off = browser.client.post(
        "/account/api/off", data={"csrf_token": browser.token("/account/api")}
    )
    assert off.status_code == 200
    assert browser.client.get("/api/profile", headers=new).status_code == 401


def test_another_runners_token_never_opens_my_runs(runner, engine):
    browser, auth = runner
    browser.client.post(
        "/api/runs", files=[("files", (INTERVALS.name, INTERVALS.read_bytes()))], headers=auth
    )
    [mine] = browser.client.get("/api/runs", headers=auth).json()
    other = Browser(engine)
    other.sign_up("b@example.org")
    theirs = {"Authorization": f"Bearer {api_token(other)}"}
    assert other.client.get(f"/api/runs/{mine['id']}", headers=theirs).status_code == 404
    assert (
        other.client.post(
            f"/api/runs/{mine['id']}/log", json={"rpe": 2}, headers=theirs
        ).status_code
        == 404
    )
    assert other.client.get("/api/runs", headers=theirs).json() == []
    assert other.client.get("/api/plan", headers=theirs).status_code == 404
