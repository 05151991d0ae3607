"""No runner reaches another's data: every route of the app, taken from its route table (a new
route is in this test the day it is added), is tried by a second runner and by a visitor on
the first runner's plan, sessions, runs and calendar, with every method it takes. On SQLite
and PostgreSQL."""

from __future__ import annotations

import re
from typing import Any

import pytest

from speedplay.storage.accounts import account_by_email
from speedplay.storage.database import open_database
from speedplay.storage.plans import newest_version
from speedplay.web.app import create_app
from tests.test_web_api import api_token
from tests.test_web_plans import ANSWERS, onboard
from tests.test_web_runs import INTERVALS, STEADY_GPX, analysis_ids, upload
from tests.test_web_sessions import feed_address
from tests.web import PASSWORD, Browser

OWNER = "owner@example.org"
OWNER_RACE = "21:07"
"""The owner's 5k; the second runner posts the onboarding form with 22:30."""
PUBLIC = {"/", "/signin", "/signup", "/feed/{token}.ics"}
"""Routes a visitor may open; every other one is for a signed-in runner only."""

FORM = {
    "email": OWNER,
    "password": "a different long password",
    "confirm": "a different long password",
    "current": PASSWORD,
    "rpe": "3",
    "note": "written by someone else",
    **ANSWERS,
}
"""What a form post carries: every field any form of the app reads, aimed at the owner."""


def app_routes(engine) -> list[tuple[str, str]]:
    """Every (method, path) of the app, from the OpenAPI description FastAPI builds from its
    route table (all but the static files and the description itself)."""
    paths = create_app(engine).openapi()["paths"]
    routes = [(method.upper(), path) for path, methods in paths.items() for method in methods]
    return sorted(routes, key=lambda route: route[1] == "/signout")  # signing out comes last


def test_every_route_is_known_to_this_test(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'routes.db'}")
    routes = app_routes(engine)
    engine.dispose()
    parameters = {p for _, path in routes for p in re.findall(r"{(\w+)}", path)}
    assert parameters <= {"day", "to", "analysis_id", "token", "athlete_id"}, parameters


@pytest.fixture
def owner(engine):
    """A runner with a plan, a run with a logged RPE and a calendar feed; what identifies
    their data on a page."""
    browser = Browser(engine)
    browser.sign_up(OWNER)
    onboard(browser, {**ANSWERS, "race_time": OWNER_RACE})
    [analysis_id] = analysis_ids(upload(browser, (INTERVALS.name, INTERVALS.read_bytes())).text)
    browser.client.post(
        f"/runs/{analysis_id}/log",
        data={"rpe": "8", "note": "the owner's own note", "csrf_token": browser.token("/runs")},
    )
    feed = feed_address(browser).removeprefix("http://testserver")
    account = account_by_email(engine, OWNER)
    assert account is not None
    stored = newest_version(engine, account.runner_id)
    assert stored is not None
    day = stored.document["weeks"][0]["sessions"][0]["date"]
    values = {"day": day, "to": "fit", "analysis_id": str(analysis_id),
              "token": feed.removeprefix("/feed/").removesuffix(".ics"),
              "athlete_id": str(account.id)}  # fmt: skip
    marks = [OWNER, INTERVALS.name, "the owner&#39;s own note", "the owner's own note", OWNER_RACE,
             stored.document["weeks"][0]["sessions"][0]["why"]]  # fmt: skip
    return browser, values, marks, feed


def filled(path: str, values: dict[str, str]) -> str:
    return re.sub(r"{(\w+)}", lambda m: values[m.group(1)], path)


@pytest.mark.parametrize("who", ["runner", "coach"])
def test_a_second_runner_reaches_nothing_of_the_first(engine, owner, who):
    """Tried by another runner, and by a coach (of an athlete who accepted them, not of the
    owner): with every method, on the owner's ids, the owner's data shows nowhere."""
    browser, values, marks, feed = owner
    other = Browser(engine, raise_server_exceptions=False)
    other.sign_up("other@example.org")
    if who == "coach":
        _coaches_an_athlete_of_their_own(engine, other)
    bearer = {"Authorization": f"Bearer {api_token(other)}"}
    tried = 0
    for method, path in app_routes(engine):
        if path == "/feed/{token}.ics":
            continue  # the secret is the key: holding it is being let in (tested below)
        url = filled(path, values)
        if path.startswith("/api/"):  # the API, with the second runner's own token
            response = other.client.request(method, url, headers=bearer, **_api_body(path))
        elif method == "GET":
            response = other.client.get(url)
        else:
            response = other.client.request(method, url, data={**FORM, "csrf_token": other.token()})
        tried += 1
        assert response.status_code < 500, (method, path, response.status_code)
        if "{analysis_id}" in path or "{athlete_id}" in path:  # not theirs: "no such ..."
            assert response.status_code in (400, 403, 404, 422), (method, path)
        body = response.text
        if not body.startswith("<!doctype html>") and response.status_code == 200:
            body = response.content.decode("latin-1")
        for mark in marks:
            if path in ("/signup", "/signin") and mark == OWNER:
                continue  # the sign-up form echoes the address typed into it
            assert mark not in body, (method, path, mark)
    assert tried >= 20
    _owner_is_untouched(engine, browser, values, feed)


def _coaches_an_athlete_of_their_own(engine, coach: Browser) -> None:
    from tests.test_web_coach import invitation

    athlete = Browser(engine)
    athlete.sign_up("athlete@example.org")
    onboard(athlete, ANSWERS)
    address = invitation(coach)
    accepted = athlete.client.post(address, data={"csrf_token": athlete.token(address)})
    assert accepted.status_code == 303
    assert "athlete@example.org" in coach.client.get("/coach").text


def _api_body(path: str) -> dict[str, Any]:
    """What the second runner posts to an API route: a run of their own, or a log entry."""
    if path == "/api/runs":
        return {"files": [("files", (STEADY_GPX.name, STEADY_GPX.read_bytes()))]}
    if path.endswith("/log"):
        return {"json": {"rpe": 3, "note": FORM["note"]}}
    return {}


def _owner_is_untouched(engine, browser, values, feed) -> None:
    account = account_by_email(engine, OWNER)
    assert account is not None
    stored = newest_version(engine, account.runner_id)
    assert stored is not None
    assert stored.version == 1  # the second runner's posts changed no plan of the owner's
    page = browser.client.get(f"/runs/{values['analysis_id']}").text
    assert ">the owner's own note</textarea>" in page or "the owner&#39;s own note" in page
    assert browser.client.get(feed).status_code == 200
    assert Browser(engine).sign_in(OWNER).status_code == 303  # the password is the owner's


def test_a_visitor_is_sent_to_sign_in_everywhere_but_the_public_pages(engine, owner):
    _, values, marks, _ = owner
    visitor = Browser(engine, raise_server_exceptions=False)
    for method, path in app_routes(engine):
        if path in PUBLIC:
            continue
        if path.startswith("/api/"):
            response = visitor.client.request(method, filled(path, values))
            assert response.status_code == 401, (method, path)
            continue
        url = filled(path, values)
        if method == "GET":
            response = visitor.client.get(url)
        else:
            data = {**FORM, "csrf_token": visitor.token("/signin")}
            response = visitor.client.request(method, url, data=data)
        assert response.status_code in (303, 403), (method, path, response.status_code)
        if response.status_code == 303:
            location = response.headers["location"]
            assert location == "/" or location.startswith("/signin"), (method, path)
        for mark in marks:
            assert mark not in response.text, (method, path, mark)


def test_the_feed_opens_only_with_its_own_secret(engine, owner):
    _, values, _, feed = owner
    other = Browser(engine)
    other.sign_up("other@example.org")
    own = feed_address(other).removeprefix("http://testserver")
    owners = Browser(engine).client.get(feed).text
    others = Browser(engine).client.get(own).text
    assert owners != others
    assert "BEGIN:VCALENDAR" in others
    wrong = values["token"][:-2] + ("AA" if not values["token"].endswith("AA") else "BB")
    assert Browser(engine).client.get(f"/feed/{wrong}.ics").status_code == 404
