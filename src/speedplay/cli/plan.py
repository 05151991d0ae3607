"""``speedplay plan``: a week-by-week speed plan, in the terminal, JSON, Markdown or a calendar."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from speedplay.cli.runner import (
    DEFAULT_SPEED_DAY,
    LevelOption,
    LthrOption,
    MaxHrOption,
    RaceOption,
    RestHrOption,
    UnitsOption,
    fitness_from,
    level_or_profile,
    threshold_heart_rate,
    units_or_profile,
    weekly_km_from,
)
from speedplay.cli.storage import stored_profile
from speedplay.cli.terminal import new_console, new_table
from speedplay.errors import InvalidValueError
from speedplay.formats.plan_json import plan_to_dict
from speedplay.formats.plan_markdown import plan_to_markdown
from speedplay.physiology.targets import Runner, resolve_step
from speedplay.planning.plan import Plan, build_plan
from speedplay.planning.request import (
    Goal,
    PlanRequest,
    check_sessions,
    check_weeks,
    next_monday,
    weekday_number,
    weeks_until,
)
from speedplay.races import parse_distance
from speedplay.workout.model import Workout
from speedplay.workout.printer import format_workout

if TYPE_CHECKING:
    from rich.table import Table


def plan(
    race: RaceOption = None,
    level: LevelOption = None,
    weeks: Annotated[int | None, typer.Option(help="Plan length in weeks (1-52).")] = None,
    goal: Annotated[
        str | None, typer.Option(help="Goal race distance (5k, 10k, half, ...); needs --race-date.")
    ] = None,
    race_date: Annotated[
        str | None, typer.Option("--race-date", help="Goal race date, YYYY-MM-DD.")
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="First day of the plan, YYYY-MM-DD (default: next Monday).")
    ] = None,
    day: Annotated[
        str | None,
        typer.Option(help="Preferred speed day: mon..sun (default: the profile's, else tue)."),
    ] = None,
    sessions: Annotated[int, typer.Option(help="Speed sessions a week: 1, or 2 (advanced).")] = 1,
    weekly_km: Annotated[
        float | None, typer.Option("--weekly-km", help="Current weekly volume [km]: caps apply.")
    ] = None,
    weekly_mi: Annotated[
        float | None,
        typer.Option("--weekly-mi", help="Current weekly volume [miles]: caps apply."),
    ] = None,
    units: UnitsOption = None,
    lthr: LthrOption = None,
    max_hr: MaxHrOption = None,
    rest_hr: RestHrOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    save: Annotated[
        bool, typer.Option("--save", help="Store it as your current plan (for today and next).")
    ] = False,
    markdown: Annotated[
        Path | None, typer.Option(help="Also write the plan as Markdown to this file.")
    ] = None,
    ics: Annotated[
        Path | None, typer.Option(help="Also write the plan as an iCalendar file.")
    ] = None,
    show: Annotated[
        bool,
        typer.Option(
            "--show", help="Show your saved plan: what its newest version changed, and why."
        ),
    ] = False,
) -> None:
    """A progressive speed plan, week by week, every session explained."""
    if show:
        from speedplay.cli.coach import show_saved_plan

        show_saved_plan(as_json)
        return
    units = units_or_profile(units)
    level = level_or_profile(level)
    day = day if day is not None else stored_profile().speed_day or DEFAULT_SPEED_DAY
    given = weekly_km_from(weekly_km, weekly_mi)  # every value checked before what is missing
    weekly_km = given if given is not None else stored_profile().weekly_km
    today = date.today()
    fitness = fitness_from(race)
    heart = threshold_heart_rate(lthr, max_hr, rest_hr)
    first_day = parse_date(start, "--start") if start is not None else next_monday(today)
    speed_day = weekday_number(day)
    per_week = check_sessions(sessions, level)
    goal_race = _goal(goal, race_date)
    if goal_race is not None and weeks is not None:
        raise InvalidValueError("give either --weeks or --goal with --race-date, not both")
    if goal_race is None and weeks is None:
        raise InvalidValueError("give --weeks N, or --goal DIST with --race-date YYYY-MM-DD")
    length = weeks_until(first_day, goal_race.day, today) if goal_race else check_weeks(weeks or 0)
    request = PlanRequest(
        level=level,
        start=first_day,
        weeks=length,
        speed_day=speed_day,
        sessions_per_week=per_week,
        goal=goal_race,
        weekly_km=weekly_km,
        vdot=fitness.vdot if fitness else None,
        lthr=heart,
        units=units,
    )
    from speedplay.formats.output_files import check_output, write_file

    for output, suffixes in ((markdown, (".md", ".markdown", ".txt")), (ics, (".ics",))):
        if output is not None:
            check_output(output, suffixes)
    built = build_plan(request)
    runner = Runner(request.vdot, heart) if request.vdot or heart else None
    resolve = None if runner is None else partial(resolve_step, runner=runner)
    if markdown is not None:
        write_file(markdown, plan_to_markdown(built, units, resolve).encode("utf-8"))
    if ics is not None:
        from speedplay.formats.calendar import calendar_bytes  # loads icalendar

        sessions_list = [(s.day, s.workout, s.why) for s in built.sessions()]
        write_file(ics, calendar_bytes(sessions_list, datetime.now(UTC), units, resolve))
    if save:
        from speedplay.cli.storage import database
        from speedplay.storage.plans import save_plan

        save_plan(database(), plan_to_dict(built), "a new plan")
        count = sum(1 for _ in built.sessions())
        typer.echo(f"saved as your current plan: {count} sessions", err=True)
    if as_json:
        typer.echo(json.dumps(plan_to_dict(built, resolve), indent=2))
        return
    new_console().print(_plan_table(built))


def parse_date(text: str, option: str) -> date:
    """An ISO date, or a one-line error naming the option."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValueError(f"{option}: '{text}' is not a date; write YYYY-MM-DD") from None


def _goal(goal: str | None, race_date: str | None) -> Goal | None:
    if goal is None and race_date is None:
        return None
    if goal is None or race_date is None:
        raise InvalidValueError("--goal and --race-date go together")
    label, metres = parse_distance(goal)
    return Goal(label, metres, parse_date(race_date, "--race-date"))


def _plan_table(built: Plan) -> Table:
    table = new_table(show_lines=True)
    for column in ("Week", "Date", "Session", "Why"):
        table.add_column(column)
    for week in built.weeks:
        for session in week.sessions:
            table.add_row(
                f"{week.week}\n{week.kind}",
                f"{session.day:%a %d %b}",
                f"[bold]{session.workout.name}[/bold]\n"
                + format_workout(Workout("", session.workout.items)),
                session.why,
            )
    return table
