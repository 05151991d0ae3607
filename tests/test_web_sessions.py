"""A planned session in the web app: its page, its files and the timer's steps."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import partial
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from speedplay.formats.plan_json import sessions_from_dict
from speedplay.formats.workout_files import read_workout_file
from speedplay.physiology.fitness import assess_fitness
from speedplay.physiology.targets import Runner, resolve_step
from speedplay.races import parse_race_result
from speedplay.storage.accounts import account_by_email
from speedplay.storage.plans import newest_version
from speedplay.web.context import script_json
from speedplay.workout.model import TimeDuration
from tests.test_web_plans import ANSWERS, onboard, page_text
from tests.web import Browser


@pytest.fixture
def runner(engine):
    """A signed-up, onboarded runner (5k in 22:30) and their plan's sessions."""
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    onboard(browser, ANSWERS)
    account = account_by_email(engine, "a@example.org")
    assert account is not None
    stored = newest_version(engine, account.runner_id)
    assert stored is not None
    return browser, sessions_from_dict(stored.document)


def test_the_session_of_a_day_is_the_one_the_whole_plan_holds(engine, runner):
    """A session page reads only its day's session: the same one, day for day, as reading
    every session of the plan; a day without one has none."""
    from speedplay.formats.plan_json import session_on_day

    _, sessions = runner
    account = account_by_email(engine, "a@example.org")
    assert account is not None
    stored = newest_version(engine, account.runner_id)
    assert stored is not None
    for session in sessions:
        assert session_on_day(stored.document, session.day) == session
    planned = {session.day for session in sessions}
    first = min(planned)
    free = [first.fromordinal(first.toordinal() + n) for n in range(60)]
    for day in (d for d in free if d not in planned):
        assert session_on_day(stored.document, day) is None


def timer_of(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="timer-data">(.*?)</script>', page, re.S)
    assert found
    return json.loads(found.group(1))


def test_the_session_page_shows_the_steps_in_the_runners_paces_and_why(runner):
    browser, sessions = runner
    session = sessions[0]
    page = page_text(browser, f"/session/{session.day.isoformat()}")
    assert session.workout.name in page
    assert session.why in page
    assert "/km" in page  # RPE targets resolved to paces and heart rates
    assert "bpm" in page


def test_the_timer_runs_every_step_of_the_session_in_order(runner):
    browser, sessions = runner
    session = sessions[0]
    timer = timer_of(browser.client.get(f"/session/{session.day.isoformat()}").text)
    expanded = list(session.workout.expanded())
    assert len(timer["steps"]) == len(expanded)
    for shown, step in zip(timer["steps"], expanded, strict=True):
        duration = step.step.duration
        expected = duration.seconds if isinstance(duration, TimeDuration) else None
        assert shown["seconds"] == expected
    assert timer["countdown"] == 3
    assert sum(step["hard"] for step in timer["steps"]) >= 1
    assert any(
        step["rep"] == "rep 1 of" + step["rep"][8:] for step in timer["steps"] if step["rep"]
    )


@pytest.mark.parametrize("to", ["fit", "tcx", "zwo", "icu"])
def test_every_download_reads_back_as_the_session_in_the_runners_paces(runner, to):
    browser, sessions = runner
    session = sessions[0]
    response = browser.client.get(f"/session/{session.day.isoformat()}/download/{to}")
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=")
    assert session.day.isoformat() in disposition
    read = read_workout_file(response.content, f"session.{to}")
    steps = [expanded.step for expanded in read.workout.expanded()]
    planned = [expanded.step for expanded in session.workout.expanded()]
    assert len(steps) == len(planned)


def test_the_watch_file_carries_the_runners_own_pace_for_the_reps(runner):
    """The FIT file's work steps target the runner's pace range (read with fitdecode)."""
    import io

    import fitdecode

    browser, sessions = runner
    session = sessions[0]
    data = browser.client.get(f"/session/{session.day.isoformat()}/download/fit").content
    fitness = assess_fitness([parse_race_result("5k=22:30")])
    work = next(e.step for e in session.workout.expanded() if e.step.intent.value == "work")
    fast, slow = partial(resolve_step, runner=Runner(fitness.vdot, None))(work).pace or (1, 1)
    speeds = []
    with fitdecode.FitReader(io.BytesIO(data)) as reader:
        for frame in reader:
            if (
                isinstance(frame, fitdecode.FitDataMessage)
                and frame.name == "workout_step"
                and frame.has_field("custom_target_speed_low")
            ):
                low = frame.get_value("custom_target_speed_low")
                high = frame.get_value("custom_target_speed_high")
                speeds.append((low, high))
    assert (pytest.approx(1000 / slow, abs=0.01), pytest.approx(1000 / fast, abs=0.01)) in speeds


def test_the_calendar_download_is_one_event_on_the_sessions_day(runner):
    browser, sessions = runner
    session = sessions[0]
    response = browser.client.get(f"/session/{session.day.isoformat()}/download/ics")
    assert response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert events[0].decoded("dtstart") == session.day


def test_a_day_without_a_session_is_not_found(runner):
    browser, sessions = runner
    days = {s.day for s in sessions}
    free = next(
        d
        for d in (date.fromordinal(sessions[0].day.toordinal() + k) for k in range(1, 7))
        if d not in days
    )
    response = browser.client.get(f"/session/{free.isoformat()}")
    assert response.status_code == 404
    assert "has no session on" in response.text
    assert browser.client.get("/session/not-a-date").status_code == 422
    assert browser.client.get(f"/session/{sessions[0].day}/download/exe").status_code == 422


def test_another_runner_cannot_open_or_download_my_sessions(runner, engine):
    _, sessions = runner
    other = Browser(engine)
    other.sign_up("b@example.org")
    day = sessions[0].day.isoformat()
    assert other.client.get(f"/session/{day}").status_code == 404
    assert other.client.get(f"/session/{day}/download/fit").status_code == 404
    visitor = Browser(engine)
    assert visitor.client.get(f"/session/{day}").status_code == 303


def test_a_surprise_fartlek_replays_from_its_seed_and_hides_whats_next(runner):
    browser, _ = runner
    first = browser.client.get("/timer/surprise?seed=42").text
    again = browser.client.get("/timer/surprise?seed=42").text
    other = browser.client.get("/timer/surprise?seed=43").text
    assert timer_of(first) == timer_of(again)
    assert timer_of(first) != timer_of(other)
    assert 'data-hide-next="true"' in first
    fresh = browser.client.get("/timer/surprise").text
    assert re.search(r"/timer/surprise\?seed=\d+", fresh)


@given(st.text())
def test_the_timers_json_cannot_end_its_script_element(text):
    embedded = script_json({"cue": text})
    assert not {"<", ">", "&"} & set(embedded)
    assert json.loads(embedded) == {"cue": text}


def test_miles_in_the_timer_for_a_runner_in_miles(engine):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    onboard(browser, {**ANSWERS, "units": "mi"})
    account = account_by_email(engine, "a@example.org")
    assert account is not None
    stored = newest_version(engine, account.runner_id)
    assert stored is not None
    day = sessions_from_dict(stored.document)[0].day
    timer = timer_of(browser.client.get(f"/session/{day.isoformat()}").text)
    goals = " ".join(step["goal"] for step in timer["steps"])
    assert "/mi" in goals
    assert "/km" not in goals


def feed_address(browser: Browser, path: str = "/calendar/feed") -> str:
    return browser.shown_secret(path, "/calendar", "feed-address")


def test_the_calendar_feed_holds_every_session_for_whoever_has_its_address(runner, engine):
    browser, sessions = runner
    address = feed_address(browser)
    assert re.fullmatch(r"http://testserver/feed/[\w-]{40,}\.ics", address)
    calendar_app = Browser(engine)  # signed in as no one, as a calendar app
    response = calendar_app.client.get(address.removeprefix("http://testserver"))
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(e.decoded("dtstart") for e in events) == sorted(s.day for s in sessions)
    assert "/km" in str(events[0].get("description"))


def test_a_new_calendar_address_ends_the_old_and_off_ends_both(runner, engine):
    browser, _ = runner
    old = feed_address(browser).removeprefix("http://testserver")
    new = feed_address(browser).removeprefix("http://testserver")
    other = Browser(engine).client
    assert other.get(old).status_code == 404
    assert other.get(new).status_code == 200
    off = browser.client.post("/calendar/feed/off", data={"csrf_token": browser.token("/calendar")})
    assert off.status_code == 200
    assert other.get(new).status_code == 404
    assert other.get("/feed/made-up.ics").status_code == 404
