"""The web app in a real browser: Debian's Chromium driven by Playwright, against
``speedplay serve``'s app on 127.0.0.1 with a fresh SQLite database.

Playwright cannot download its own browser here: ``SPEEDPLAY_TEST_CHROMIUM`` names the
executable (``.ci/browser`` installs it and prints its path); without it these tests skip.
Screenshots of the main pages, at a phone's width, are kept in ``build/screenshots``.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from speedplay.storage.database import open_database

CHROMIUM = os.environ.get("SPEEDPLAY_TEST_CHROMIUM")
SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
PHONE = {"width": 375, "height": 812}
EMAIL, PASSWORD = "runner@example.org", "a long enough password"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM, reason="no Chromium (set SPEEDPLAY_TEST_CHROMIUM)"),
]

SPEECH_STUB = """
window.__said = [];
window.speechSynthesis.speak = (utterance) => window.__said.push(utterance.text);
window.speechSynthesis.cancel = () => {};
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served on a free loopback port, as ``speedplay serve`` serves it."""
    import uvicorn

    from speedplay.web.app import create_app

    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('web') / 'speedplay.db'}")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="warning")
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not served.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    served.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield launched
        launched.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_runner_signs_up_onboards_sees_the_plan_and_runs_the_timer(server, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.add_init_script(SPEECH_STUB)
    page.clock.install()

    page.goto(f"{server}/")
    shot(page, "home")
    page.click("text=Start: sign up")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.click("button[type=submit]")
    page.click("text=Set up your coach")
    page.select_option("select[name=level]", "intermediate")
    page.select_option("select[name=race_distance]", "5k")
    page.fill("input[name=race_time]", "22:30")
    page.fill("input[name=rest_hr]", "50")
    page.fill("input[name=max_hr]", "190")
    shot(page, "onboarding")
    page.click("text=Build my plan")
    page.wait_for_url("**/plan")
    assert "Why this plan" in page.content()
    assert page.locator("section.week").count() == 8
    shot(page, "plan")

    page.locator("article.session h3 a").first.click()
    page.wait_for_url("**/session/*")
    steps = int(page.text_content("#timer-status").split(" of ")[1])
    page.click("#timer-start")
    assert page.text_content("#timer-status") == f"Step 1 of {steps}"
    assert page.text_content("#timer-label") == "warm-up"
    page.clock.run_for(5_000)
    assert page.text_content("#timer-clock") in ("14:55", "14:56")
    page.click("#timer-pause")
    page.clock.run_for(60_000)
    assert "paused" in page.text_content("#timer-status")
    assert page.text_content("#timer-clock") in ("14:55", "14:56")  # a paused step waits
    page.click("#timer-pause")
    page.clock.run_for(15 * 60_000)  # the warm-up runs out: 3-2-1, then the first rep
    assert page.text_content("#timer-status") == f"Step 2 of {steps}"
    assert page.text_content("#timer-label") == "work"
    said = page.evaluate("window.__said")
    assert said[0] == "warm-up, 15 minutes"
    assert [s for s in said if s in ("3", "2", "1")][:3] == ["3", "2", "1"]
    assert said[-1].startswith("rep 1 of ")
    shot(page, "session-timer")
    page.click("#timer-skip")
    assert page.text_content("#timer-status") == f"Step 3 of {steps}"
    assert errors == []
    context.close()


def test_the_timer_page_works_offline_once_loaded(server, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.add_init_script(SPEECH_STUB)
    page.goto(f"{server}/signin")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{server}/timer/surprise?seed=7")
    context.set_offline(True)
    page.click("#timer-start")
    page.wait_for_timeout(300)
    assert page.text_content("#timer-status").startswith("Step 1 of ")
    assert page.text_content("#timer-next") == "Next: wait for it"  # a surprise stays one
    assert page.evaluate("window.__said.length") >= 1
    context.close()


def test_an_uploaded_run_shows_its_chart_with_the_reps(server, browser):
    from tests.conftest import SAMPLES

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/signup")
    page.fill("input[name=email]", "uploader@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{server}/upload")
    recording = SAMPLES / "fit" / "goldencheetah-ipbike-intervals-4x6min.fit"
    page.set_input_files("input[name=files]", str(recording))
    page.click("text=Upload and analyse")
    page.wait_for_selector("#upload-result")
    shot(page, "upload")
    page.click(f"text={recording.name}")
    page.wait_for_selector("#run-chart[data-drawn]")
    assert page.get_attribute("#run-chart", "data-drawn") == "3"  # pace, heart rate, elevation
    assert page.locator("canvas").count() == 3
    shot(page, "run")
    page.goto(f"{server}/progress")
    page.wait_for_selector("#progress-charts[data-drawn]")
    assert int(page.get_attribute("#progress-charts", "data-drawn")) >= 1
    opened = page.get_attribute("#progress-charts", "data-fitness-from")  # the run is of 2017
    assert opened is not None, "years of days open on the last year"
    assert 364 <= (date.today() - date.fromisoformat(opened)).days <= 366
    assert "double-click to see all of it" in page.text_content("#progress-charts")
    shot(page, "progress")
    assert errors == []
    context.close()


def sign_up(page, server: str, email: str) -> None:
    page.goto(f"{server}/signup")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/")


def test_a_coach_invites_an_athlete_and_rewrites_a_session(server, browser):
    from playwright.sync_api import expect

    coach = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    athlete = browser.new_context(viewport=PHONE).new_page()
    errors: list[str] = []
    for page in (coach, athlete):
        page.on("pageerror", lambda error: errors.append(str(error)))
    sign_up(coach, server, "coach@example.org")
    coach.goto(f"{server}/coach")
    coach.click("text=Invite an athlete")
    address = coach.input_value("#invite-address")

    sign_up(athlete, server, "athlete@example.org")
    athlete.click("text=Set up your coach")
    athlete.select_option("select[name=level]", "beginner")
    athlete.click("text=Build my plan")
    athlete.wait_for_url("**/plan")
    athlete.goto(address)
    athlete.click("text=Accept coach@example.org as my coach")

    coach.goto(f"{server}/coach")
    coach.click("text=athlete@example.org")
    coach.locator("article.session >> text=Edit").first.click()
    editor = coach.locator("textarea[name=text]")
    editor.fill("Hill session: 15min wu + 6x(45s uphill @rpe9, jog down) + 10min cd")
    expect(coach.locator("#preview")).to_contain_text("6 times")  # the live preview
    editor.fill("6x(45s uphill @rpe9, jog down")
    coach.wait_for_selector("#preview .error")
    assert coach.text_content("#preview p.error").startswith("column ")
    editor.fill("Hill session: 15min wu + 6x(45s uphill @rpe9, jog down) + 10min cd")
    expect(coach.locator("#preview")).to_contain_text("6 times")
    shot(coach, "coach-edit")
    coach.fill("input[name=note]", "hills this week, the race is hilly")
    coach.click("text=Save the session")
    coach.wait_for_url("**/coach/athletes/*")

    athlete.goto(f"{server}/plan")
    assert "hills this week, the race is hilly" in athlete.content()
    assert "Hill session" in athlete.content()
    shot(athlete, "athlete-plan-after-coach")
    assert errors == []


def test_a_visitor_cannot_reach_a_runners_pages(server, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for path in (
        "/plan",
        "/paces",
        "/onboarding",
        "/timer/surprise",
        "/runs",
        "/upload",
        "/progress",
    ):
        page.goto(f"{server}{path}")
        assert "/signin?next=" in page.url
    context.close()
