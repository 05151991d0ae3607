"""Onboarding in the web app: the answers become the profile, the targets and the plan the
command line would build from the same answers. On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta

import pytest

from speedplay.cli.app import main
from speedplay.physiology.fitness import assess_fitness
from speedplay.planning.request import next_monday
from speedplay.races import parse_race_result
from speedplay.storage.plans import newest_version
from speedplay.units import UnitSystem, format_pace
from tests.web import Browser

ANSWERS = {
    "level": "intermediate",
    "race_distance": "5k",
    "race_time": "22:30",
    "race_date": "",
    "rest_hr": "50",
    "max_hr": "190",
    "lthr": "",
    "goal_distance": "",
    "goal_date": "",
    "weeks": "",
    "speed_day": "thu",
    "weekly_distance": "40",
    "units": "km",
}
DAYS = ["tue", "thu", "sat"]


def onboard(browser: Browser, answers: dict[str, str], days: list[str] = DAYS):
    token = browser.token("/onboarding")
    data = {**answers, "csrf_token": token}
    body = "&".join([f"{k}={v}" for k, v in data.items()] + [f"days={d}" for d in days]).replace(
        "+", "%2B"
    )
    return browser.client.post(
        "/onboarding",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


def page_text(browser: Browser, path: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", browser.client.get(path).text))


def goal_date() -> date:
    """A goal race ten weeks after the plan's start."""
    return next_monday(date.today()) + timedelta(weeks=9, days=5)


def test_the_start_page_shows_the_next_session_and_why(engine):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    onboard(browser, ANSWERS)
    stored = newest_version(engine, _runner_of(engine, "a@example.org"))
    assert stored is not None
    first = stored.document["weeks"][0]["sessions"][0]
    page = browser.client.get("/").text
    assert f'href="/session/{first["date"]}"' in page
    assert html.escape(first["why"], quote=False) in page


def test_a_new_runner_is_led_to_onboarding(engine):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    assert "Set up your coach" in browser.client.get("/").text
    response = browser.client.get("/plan")
    assert response.status_code == 303
    assert response.headers["location"] == "/onboarding"


def test_onboarding_stores_the_plan_the_command_line_builds_from_the_same_answers(engine, capsys):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    race_day = goal_date()
    answers = {**ANSWERS, "goal_distance": "10k", "goal_date": race_day.isoformat()}
    response = onboard(browser, answers)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/plan"
    account_runner = _runner_of(engine, "a@example.org")
    stored = newest_version(engine, account_runner)
    assert stored is not None

    code = main(
        ["plan", "--race", "5k=22:30", "--level", "intermediate", "--goal", "10k",
         "--race-date", race_day.isoformat(), "--day", "thu", "--weekly-km", "40",
         "--max-hr", "190", "--rest-hr", "50", "--json"]
    )  # fmt: skip
    assert code == 0
    from_cli = json.loads(capsys.readouterr().out)
    sessions = [
        (s["date"], s["family"], s["kind"], s["why"])
        for week in stored.document["weeks"]
        for s in week["sessions"]
    ]
    expected = [
        (s["date"], s["family"], s["kind"], s["why"])
        for week in from_cli["weeks"]
        for s in week["sessions"]
    ]
    assert sessions == expected
    assert [w["kind"] for w in stored.document["weeks"]][-1] == "race"
    build_days = [date.fromisoformat(day) for day, _, kind, _ in sessions if kind == "build"]
    assert {day.weekday() for day in build_days} == {3}  # the speed day asked for: Thursday


def test_the_plan_page_shows_every_week_its_kind_and_each_sessions_reason(engine):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    race_day = goal_date()
    onboard(browser, {**ANSWERS, "goal_distance": "10k", "goal_date": race_day.isoformat()})
    stored = newest_version(engine, _runner_of(engine, "a@example.org"))
    assert stored is not None
    page = page_text(browser, "/plan")
    for week in stored.document["weeks"]:
        assert f"Week {week['week']} {week['kind']}" in " ".join(page.split())
        for session in week["sessions"]:
            assert session["why"] in page
    fitness = assess_fitness([parse_race_result("5k=22:30")])
    assert f"VDOT {fitness.vdot:.1f}" in page
    assert "taper" in page


def test_the_paces_page_gives_the_runners_own_paces_and_zones(engine):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    onboard(browser, ANSWERS)
    page = page_text(browser, "/paces")
    fitness = assess_fitness([parse_race_result("5k=22:30")])
    assert format_pace(fitness.paces.threshold, UnitSystem.KM) in page
    assert "Karvonen" in page
    assert "bpm" in page


def test_miles_for_a_runner_who_runs_in_miles(engine):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    onboard(browser, {**ANSWERS, "units": "mi"})
    page = page_text(browser, "/paces")
    fitness = assess_fitness([parse_race_result("5k=22:30")])
    assert format_pace(fitness.paces.threshold, UnitSystem.MI) in page
    assert "/mi" in page


def test_without_a_race_the_targets_are_efforts(engine):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    answers = {**ANSWERS, "level": "beginner", "race_distance": "", "race_time": "", "weeks": "6"}
    assert onboard(browser, answers).status_code == 303
    stored = newest_version(engine, _runner_of(engine, "a@example.org"))
    assert stored is not None
    assert len(stored.document["weeks"]) == 6
    assert "No race given" in page_text(browser, "/plan")
    assert "No race yet" in page_text(browser, "/paces")


@pytest.mark.parametrize(
    ("changes", "days", "field", "message"),
    [
        ({"race_time": "22:3x"}, DAYS, "race_time", "22:3x"),
        ({"race_time": ""}, DAYS, "race_time", "give both"),
        ({"rest_hr": "195"}, DAYS, "rest_hr", "must be below maximum"),
        ({"max_hr": "400"}, DAYS, "max_hr", "30 to 250"),
        ({"weeks": "99"}, DAYS, "weeks", "1 to 52 weeks"),
        ({"weeks": "many"}, DAYS, "weeks", "not a whole number"),
        ({"weekly_distance": "-5"}, DAYS, "weekly_distance", "5-300 km"),
        ({"goal_distance": "10k", "goal_date": "2001-01-01"}, DAYS, "goal_date", "in the past"),
        ({"goal_distance": "10k"}, DAYS, "goal_date", "give both"),
        ({"level": ""}, DAYS, "level", "choose the level"),
        ({"level": "elite"}, DAYS, "level", "not one of the choices"),
        ({"speed_day": "mon"}, DAYS, "speed_day", "one of the days you can run"),
    ],
)
def test_wrong_answers_are_shown_at_their_field_and_nothing_is_stored(
    engine, changes, days, field, message
):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    response = onboard(browser, {**ANSWERS, **changes}, days)
    assert response.status_code == 400
    text = html.unescape(response.text)
    found = re.search(rf'<span class="field-error" data-field="{field}"[^>]*>([^<]+)<', text)
    assert found, text[-2000:]
    assert message in found.group(1)
    assert newest_version(engine, _runner_of(engine, "a@example.org")) is None


def test_onboarding_again_shows_the_answers_given(engine):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    onboard(browser, ANSWERS)
    form = browser.client.get("/onboarding").text
    assert 'value="22:30"' in form
    assert '<option value="thu" selected>' in form
    assert 'value="sat" checked' in form


def test_a_runner_in_miles_gives_the_weekly_distance_in_miles(engine):
    """12 in miles is 19.3 km to the coach (Daniels' caps bind: the reasons say so in miles),
    shown back as 12 and on the plan page as 12 mi; 200 miles is refused in miles."""
    from speedplay.storage.profiles import load_profile
    from speedplay.storage.reading import reader_of

    browser = Browser(engine)
    browser.sign_up("a@example.org")
    response = onboard(browser, {**ANSWERS, "units": "mi", "weekly_distance": "12"})
    assert response.status_code == 303, response.text
    with reader_of(engine) as reader:
        profile = load_profile(reader, _runner_of(engine, "a@example.org"))
    assert profile.weekly_km == pytest.approx(19.312, abs=0.001)
    assert 'name="weekly_distance" value="12"' in browser.client.get("/onboarding").text
    page = " ".join(page_text(browser, "/plan").split())
    assert "At 12 mi a week" in page
    assert "in a 12 mi week" in page
    refused = onboard(browser, {**ANSWERS, "units": "mi", "weekly_distance": "200"})
    assert refused.status_code == 400
    assert "3.1-186.4 mi, found 200" in html.unescape(refused.text)


def test_one_runner_never_sees_anothers_plan_or_paces(engine):
    first, second = Browser(engine), Browser(engine)
    first.sign_up("a@example.org")
    onboard(first, ANSWERS)
    second.sign_up("b@example.org")
    assert second.client.get("/plan").headers["location"] == "/onboarding"
    assert "No race yet" in page_text(second, "/paces")
    assert 'value="22:30"' not in second.client.get("/onboarding").text


def _runner_of(engine, email: str) -> int:
    from speedplay.storage.accounts import account_by_email

    account = account_by_email(engine, email)
    assert account is not None
    return account.runner_id


def test_the_plan_page_follows_a_changed_runner_not_a_page_shown_before(engine):
    """The plan's weeks are remembered between pages; a changed profile (here a faster race,
    the plan itself unchanged) is shown in its new paces at once."""
    from dataclasses import replace

    from speedplay.profile import StoredRace
    from speedplay.storage.profiles import load_profile, save_profile
    from speedplay.storage.reading import reader_of

    browser = Browser(engine)
    browser.sign_up("a@example.org")
    onboard(browser, ANSWERS)
    before = page_text(browser, "/plan")
    assert page_text(browser, "/plan") == before  # shown again: the same page
    runner_id = _runner_of(engine, "a@example.org")
    with reader_of(engine) as reader:
        profile = load_profile(reader, runner_id)
    faster = StoredRace(parse_race_result("5k=19:00"), None)
    save_profile(engine, replace(profile, races=(faster,)), runner_id)
    after = page_text(browser, "/plan")
    paces = re.compile(r"\d+:\d\d(?:-\d+:\d\d)?/km")
    assert set(paces.findall(after)) - set(paces.findall(before))  # the faster runner's
    # and what is shown is what working the weeks out afresh gives
    from speedplay.storage.accounts import account_by_email
    from speedplay.web.plans import _weeks, plan_weeks
    from speedplay.web.runner import runner_view

    account = account_by_email(engine, "a@example.org")
    assert account is not None
    view = runner_view(engine, account)
    assert plan_weeks(view) == _weeks.__wrapped__(view)
