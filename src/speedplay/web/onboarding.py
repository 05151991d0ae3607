"""Onboarding: what the runner tells the coach (a recent race or a level, heart rate, a goal,
the days they can run) becomes their profile, their targets and a plan, with the reasons."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from speedplay.errors import SpeedplayError
from speedplay.formats.plan_json import plan_to_dict
from speedplay.physiology.heart_rate import check_heart_rate, check_reserve
from speedplay.planning.plan import Plan, build_plan
from speedplay.planning.request import (
    WEEKDAYS,
    Goal,
    PlanRequest,
    check_weekly_km,
    check_weeks,
    next_monday,
    weekday_number,
    weeks_until,
)
from speedplay.profile import Profile, StoredRace
from speedplay.races import parse_distance, parse_race_result
from speedplay.storage.accounts import Account
from speedplay.storage.plans import save_plan
from speedplay.storage.profiles import save_profile
from speedplay.units import UnitSystem, in_units, km_from
from speedplay.web.clock import today
from speedplay.web.context import csrf_checked, render, signed_in, state
from speedplay.web.runner import runner_view
from speedplay.workout.families import Level

router = APIRouter()

RACES = ("1500m", "mile", "3k", "5k", "10k", "half", "marathon")
"""The race distances the form offers (the command line takes any)."""

DEFAULT_WEEKS = 8
Field = Annotated[str, Form(max_length=200)]
T = TypeVar("T")


@dataclass
class Answers:
    """The onboarding form as typed, and what is wrong with it, field by field."""

    values: dict[str, str]
    days: list[str]
    problems: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()

    def checked(self, name: str, read: Callable[[str], T], expected: str = "") -> T | None:
        """The field read by ``read``; None when empty, or when ``read`` refuses it (the
        reason kept for the field: ``read``'s own, else that it is not ``expected``)."""
        text = self.get(name)
        if not text:
            return None
        try:
            return read(text)
        except SpeedplayError as error:  # said at its field: the command line's option name goes
            self.problems[name] = re.sub(r"^--[a-z-]+: ", "", str(error))
        except ValueError:
            self.problems[name] = f"'{text[:40]}' is not {expected or 'one of the choices'}"
        return None


@router.get("/onboarding")
def onboarding_page(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    view = runner_view(state(request).engine, account)
    return render(request, "onboarding.html", _form_values(view.profile, account))


@router.post("/onboarding", dependencies=[Depends(csrf_checked)])
async def onboard(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "days"}
    days = [d for d in form.getlist("days") if isinstance(d, str)]
    answers = Answers(values, days)
    profile, plan = _read(answers, today())
    if answers.problems or profile is None or plan is None:
        context = {
            "account": account,
            **_choices(),
            "values": answers.values,
            "days": answers.days,
            "problems": answers.problems,
        }
        return render(request, "onboarding.html", context, status_code=400)
    engine = state(request).engine
    save_profile(engine, profile, account.runner_id)
    save_plan(engine, plan_to_dict(plan), "a new plan from onboarding", account.runner_id)
    return RedirectResponse("/plan", status_code=303)


def _read(answers: Answers, on: date) -> tuple[Profile | None, Plan | None]:
    """The profile and plan the answers make; (None, None) with the problems noted."""
    level = answers.checked("level", Level)
    units = answers.checked("units", UnitSystem) or UnitSystem.KM
    race = _race(answers)
    lthr = answers.checked("lthr", _heart_rate("LTHR"), "a heart rate")
    max_hr = answers.checked("max_hr", _heart_rate("maximum heart rate"), "a heart rate")
    rest_hr = answers.checked("rest_hr", _heart_rate("resting heart rate"), "a heart rate")
    if max_hr is not None and rest_hr is not None:
        try:
            check_reserve(rest_hr, max_hr)
        except SpeedplayError as error:
            answers.problems["rest_hr"] = str(error)
    weekly_km = answers.checked("weekly_distance", _weekly_km(units), "a distance")
    speed_day = answers.checked("speed_day", lambda t: WEEKDAYS[weekday_number(t)]) or "tue"
    days = tuple(d for d in WEEKDAYS if d in answers.days)
    if days and speed_day not in days:
        answers.problems["speed_day"] = "the speed day must be one of the days you can run"
    if level is None and "level" not in answers.problems:
        answers.problems["level"] = "choose the level that fits you"
    start = next_monday(on)
    length, goal = _length(answers, start, on)
    if answers.problems or level is None or length is None:
        return None, None
    profile = Profile(
        races=(race,) if race else (),
        lthr=lthr,
        max_hr=max_hr,
        rest_hr=rest_hr,
        units=units.value,
        level=level.value,
        weekly_km=weekly_km,
        speed_day=speed_day,
        days_available=days,
    )
    fitness, runner = profile.fitness(), profile.runner()
    request = PlanRequest(
        level=level,
        start=start,
        weeks=length,
        speed_day=weekday_number(speed_day),
        goal=goal,
        weekly_km=weekly_km,
        vdot=fitness.vdot if fitness else None,
        lthr=runner.lthr if runner else None,
        units=units,
    )
    return profile, build_plan(request)


def _race(answers: Answers) -> StoredRace | None:
    distance, time = answers.get("race_distance"), answers.get("race_time")
    if not distance and not time:
        return None
    if not distance or not time:
        answers.problems["race_time"] = "give both the race's distance and your time"
        return None
    result = answers.checked("race_time", lambda t: parse_race_result(f"{distance}={t}"))
    run_on = answers.checked("race_date", date.fromisoformat, "a date (YYYY-MM-DD)")
    return StoredRace(result, run_on) if result else None


def _length(answers: Answers, start: date, on: date) -> tuple[int | None, Goal | None]:
    """Weeks of the plan: to the goal race when one is given, else as asked (8 by default)."""
    goal_distance, goal_date = answers.get("goal_distance"), answers.get("goal_date")
    if goal_distance or goal_date:
        if not goal_distance or not goal_date:
            answers.problems["goal_date"] = "give both the goal race's distance and its date"
            return None, None
        label_metres = answers.checked("goal_distance", parse_distance)
        day = answers.checked("goal_date", date.fromisoformat, "a date (YYYY-MM-DD)")
        if label_metres is None or day is None:
            return None, None
        weeks = answers.checked("goal_date", lambda _: weeks_until(start, day, on))
        return weeks, Goal(label_metres[0], label_metres[1], day) if weeks else None
    weeks = answers.checked("weeks", lambda t: check_weeks(int(t)), "a whole number of weeks")
    if weeks is None and "weeks" not in answers.problems:
        weeks = DEFAULT_WEEKS
    return weeks, None


def _heart_rate(what: str) -> Callable[[str], float]:
    def read(text: str) -> float:
        value = float(text)
        check_heart_rate(value, what)
        return value

    return read


def _choices() -> dict[str, object]:
    return {
        "levels": [level.value for level in Level],
        "races": RACES,
        "weekdays": WEEKDAYS,
        "default_weeks": DEFAULT_WEEKS,
    }


def _weekly_km(units: UnitSystem) -> Callable[[str], float | None]:
    """Reads the weekly distance, given in the runner's units, as km."""
    return lambda text: check_weekly_km(km_from(float(text), units), units)


def _form_values(profile: Profile, account: Account) -> dict[str, object]:
    """The form filled with what the coach knows already (onboarding again edits it)."""
    race = profile.races[-1] if profile.races else None
    units = UnitSystem(profile.units or UnitSystem.KM)
    values = {
        "level": profile.level or "",
        "units": profile.units or "km",
        "race_distance": race.result.label if race else "",
        "race_time": race.text().split("=", 1)[1].split("@")[0] if race else "",
        "race_date": race.on.isoformat() if race and race.on else "",
        "lthr": f"{profile.lthr:g}" if profile.lthr else "",
        "max_hr": f"{profile.max_hr:g}" if profile.max_hr else "",
        "rest_hr": f"{profile.rest_hr:g}" if profile.rest_hr else "",
        "weekly_distance": f"{in_units(profile.weekly_km, units):g}" if profile.weekly_km else "",
        "speed_day": profile.speed_day or "tue",
    }
    days = list(profile.days_available) or ["tue", "thu", "sat", "sun"]
    return {"account": account, **_choices(), "values": values, "days": days, "problems": {}}
