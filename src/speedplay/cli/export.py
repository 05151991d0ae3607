"""``speedplay export``: a workout or a whole plan onto the watch, the treadmill or the calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from speedplay.cli.files import plan_sessions
from speedplay.cli.plan import parse_date
from speedplay.cli.runner import (
    LthrOption,
    MaxHrOption,
    RaceOption,
    RestHrOption,
    UnitsOption,
    fitness_from,
    threshold_heart_rate,
    units_or_profile,
)
from speedplay.errors import InvalidValueError
from speedplay.formats.output_files import check_output, write_file
from speedplay.formats.session_files import (
    EXTENSION,
    ExportFormat,
    SessionWriter,
    reference_pace,
)
from speedplay.physiology.targets import Runner, resolve_step
from speedplay.workout.parser import parse_workout


def export(
    text: Annotated[str | None, typer.Argument(help="A workout in the workout language.")] = None,
    plan: Annotated[
        Path | None, typer.Option(help="A plan from `speedplay plan --json`: every session.")
    ] = None,
    to: Annotated[ExportFormat, typer.Option("--to", help="The file format.")] = ExportFormat.FIT,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file (a folder for a plan).")
    ] = Path("workout"),
    day: Annotated[
        str | None, typer.Option("--date", help="The day of a single workout's calendar event.")
    ] = None,
    race: RaceOption = None,
    lthr: LthrOption = None,
    max_hr: MaxHrOption = None,
    rest_hr: RestHrOption = None,
    units: UnitsOption = None,
) -> None:
    """Write a workout, or every session of a plan, as FIT, TCX, ZWO, intervals.icu text,
    iCalendar or JSON; with --race every effort becomes a pace range on the watch."""
    units = units_or_profile(units)
    if (text is None) == (plan is None):
        raise InvalidValueError("give either a workout text or --plan PLAN.json")
    if text is not None:
        check_output(output)
    elif output.exists() and not output.is_dir():
        raise InvalidValueError(f"{output} is a file: a plan is written to a folder")
    fitness = fitness_from(race)
    heart = threshold_heart_rate(lthr, max_hr, rest_hr)
    runner = Runner(fitness.vdot if fitness else None, heart) if fitness or heart else None
    resolve = None if runner is None else partial(resolve_step, runner=runner)
    if to is ExportFormat.ZWO and fitness is None:
        raise InvalidValueError("a treadmill (.zwo) workout needs --race to set speeds")
    writer = SessionWriter(to, resolve, reference_pace(fitness), units)
    if text is not None:
        workout = parse_workout(text)
        on = parse_date(day, "--date") if day is not None else date.today()
        write_file(output, writer.one(workout, on, "", datetime.now(UTC)))
        typer.echo(f"wrote {output}")
        return
    assert plan is not None
    sessions = plan_sessions(plan)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidValueError(f"{output}: cannot make the folder: {error.strerror}") from None
    for session in sessions:
        path = output / f"{session.day.isoformat()}-{session.family}.{EXTENSION[to]}"
        write_file(path, writer.one(session.workout, session.day, session.why, datetime.now(UTC)))
    from speedplay.formats.calendar import calendar_bytes  # loads icalendar

    calendar = output / "plan.ics"
    rows = [(s.day, s.workout, s.why) for s in sessions]
    write_file(calendar, calendar_bytes(rows, datetime.now(UTC), units, resolve))
    typer.echo(f"wrote {len(sessions)} sessions and plan.ics to {output}")
