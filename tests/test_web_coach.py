"""A coach in the web app: invitations, athletes, and sessions rewritten in the workout
language, which the athlete then sees with the coach's note. On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from speedplay.profile import StoredRace
from speedplay.races import parse_race_result
from speedplay.services.adapting import readapt
from speedplay.storage.accounts import account_by_email
from speedplay.storage.plans import newest_version
from speedplay.storage.profiles import load_profile, save_profile
from speedplay.storage.reading import reader_of
from speedplay.workout.parser import parse_workout
from speedplay.workout.printer import format_workout
from tests.test_web_plans import ANSWERS, onboard, page_text
from tests.web import Browser

NEW_SESSION = "Coach's choice: 15min wu + 5x(3min @rpe8, 90s jog) + 10min cd"


def invitation(coach: Browser) -> str:
    response = coach.client.post("/coach/invite", data={"csrf_token": coach.token("/coach")})
    found = re.search(r'id="invite-address" value="http://testserver([^"]+)"', response.text)
    assert found
    return found.group(1)


@pytest.fixture
def pair(engine):
    """A coach, and an onboarded athlete who accepted the coach's invitation."""
    coach, athlete = Browser(engine), Browser(engine)
    coach.sign_up("coach@example.org")
    athlete.sign_up("athlete@example.org")
    onboard(athlete, ANSWERS)
    address = invitation(coach)
    assert "coach@example.org</strong> wants to coach you" in athlete.client.get(address).text
    accepted = athlete.client.post(address, data={"csrf_token": athlete.token(address)})
    assert accepted.status_code == 303
    account = account_by_email(engine, "athlete@example.org")
    assert account is not None
    stored = newest_version(engine, account.runner_id)
    assert stored is not None
    first = stored.document["weeks"][0]["sessions"][0]["date"]
    return coach, athlete, account, date.fromisoformat(first)


def test_the_coach_sees_the_athlete_and_their_next_session(pair):
    coach, _, account, first = pair
    overview = page_text(coach, "/coach")
    assert "athlete@example.org" in overview
    assert first.strftime("%a %d %b") in overview
    plan = page_text(coach, f"/coach/athletes/{account.id}")
    assert "Week 1" in plan


def test_an_invitation_is_used_once_and_not_by_its_coach(pair, engine):
    coach, _, _, _ = pair
    address = invitation(coach)
    assert "your own invitation" in coach.client.get(address).text
    assert coach.client.post(address, data={"csrf_token": coach.token()}).status_code == 404
    first, second = Browser(engine), Browser(engine)
    first.sign_up("first@example.org")
    second.sign_up("second@example.org")
    assert first.client.post(address, data={"csrf_token": first.token()}).status_code == 303
    assert second.client.get(address).status_code == 404
    assert second.client.post(address, data={"csrf_token": second.token()}).status_code == 404


def test_the_preview_shows_the_session_in_the_athletes_paces_or_the_mistake_at_its_column(pair):
    coach, _, account, _ = pair
    url = f"/coach/athletes/{account.id}/preview"
    good = coach.client.post(url, data={"text": NEW_SESSION, "csrf_token": coach.token("/coach")})
    assert good.status_code == 200
    assert "5 times:" in good.text
    assert "/km" in good.text  # RPE 8 resolved to the athlete's own pace
    bad = coach.client.post(
        url, data={"text": "5x(30s @rpe8, 30s jog", "csrf_token": coach.token("/coach")}
    )
    found = re.search(r'<p class="error" role="alert">([^<]+)<', bad.text)
    assert found
    message = html.unescape(found.group(1))
    assert message.startswith("column 22: ")
    assert "\n" + " " * 21 + "^</pre>" in bad.text


def test_a_rewritten_session_reaches_the_athlete_with_the_note_and_survives_replanning(
    pair, engine
):
    coach, athlete, account, first = pair
    edit = f"/coach/athletes/{account.id}/sessions/{first.isoformat()}"
    assert "Save the session" in coach.client.get(edit).text
    saved = coach.client.post(
        edit,
        data={
            "text": NEW_SESSION,
            "note": "longer reps this week",
            "csrf_token": coach.token("/coach"),
        },
    )
    assert saved.status_code == 303
    stored = newest_version(engine, account.runner_id)
    assert stored is not None
    assert stored.version == 2
    assert "longer reps this week" in stored.reason
    session = stored.document["weeks"][0]["sessions"][0]
    assert session["coach_note"] == "longer reps this week"
    plan = page_text(athlete, "/plan")
    assert "Your coach's note: longer reps this week" in " ".join(plan.split())
    assert "Coach's choice" in plan
    assert "Your coach changed the plan" in page_text(athlete, "/")

    with reader_of(engine) as reader:
        profile = load_profile(reader, account.runner_id)
    faster = StoredRace(parse_race_result("5k=20:00"))
    save_profile(engine, profile.updated(races=(faster,)), account.runner_id)
    changed = readapt(engine, date.today(), account.runner_id)
    assert changed is not None  # the new race moved every target ...
    replanned = newest_version(engine, account.runner_id)
    assert replanned is not None
    kept = replanned.document["weeks"][0]["sessions"][0]
    assert kept["coach_note"] == "longer reps this week"  # ... but not the coach's session
    assert format_workout(parse_workout(NEW_SESSION)) == kept["workout"]["text"]


def test_a_mistake_is_not_saved(pair, engine):
    coach, _, account, first = pair
    edit = f"/coach/athletes/{account.id}/sessions/{first.isoformat()}"
    response = coach.client.post(edit, data={"text": "5x(", "csrf_token": coach.token("/coach")})
    assert response.status_code == 400
    stored = newest_version(engine, account.runner_id)
    assert stored is not None
    assert stored.version == 1


def test_a_coach_reaches_only_athletes_who_accepted(pair, engine):
    coach, _, _, first = pair
    stranger = Browser(engine)
    stranger.sign_up("stranger@example.org")
    onboard(stranger, ANSWERS)
    other = account_by_email(engine, "stranger@example.org")
    assert other is not None
    assert coach.client.get(f"/coach/athletes/{other.id}").status_code == 404
    edit = f"/coach/athletes/{other.id}/sessions/{first.isoformat()}"
    assert coach.client.get(edit).status_code == 404
    posted = coach.client.post(
        edit, data={"text": NEW_SESSION, "csrf_token": coach.token("/coach")}
    )
    assert posted.status_code == 404
    assert "stranger@example.org" not in coach.client.get("/coach").text
    # and the athlete is no coach of the coach's
    athlete_view = Browser(engine)
    athlete_view.sign_in("athlete@example.org")
    coach_account = account_by_email(engine, "coach@example.org")
    assert coach_account is not None
    assert athlete_view.client.get(f"/coach/athletes/{coach_account.id}").status_code == 404


def test_a_new_athlete_signs_up_from_the_invitation_and_comes_back_to_it(engine):
    coach = Browser(engine)
    coach.sign_up("coach@example.org")
    address = invitation(coach)
    newcomer = Browser(engine)
    sent = newcomer.client.get(address)
    assert sent.status_code == 303
    sign_in_page = newcomer.client.get(sent.headers["location"]).text
    found = re.search(r'href="(/signup\?next=[^"]+)"', sign_in_page)
    assert found
    signup_page = html.unescape(found.group(1))
    token = newcomer.token(signup_page)
    signed_up = newcomer.client.post(
        "/signup",
        data={"email": "new@example.org", "password": "a long enough password",
              "confirm": "a long enough password", "next": address, "csrf_token": token},
    )  # fmt: skip
    assert signed_up.headers["location"] == address
    assert "wants to coach you" in newcomer.client.get(address).text
