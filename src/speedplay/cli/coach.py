"""``speedplay today`` and ``speedplay next``: the current plan's session, for the runner."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from speedplay.cli.plan import parse_date
from speedplay.cli.render import totals_line, workout_table
from speedplay.cli.runner import UnitsOption, fitness_from, units_or_profile
from speedplay.cli.storage import current_url, stored_profile
from speedplay.cli.terminal import new_console, new_table
from speedplay.errors import InvalidValueError
from speedplay.formats.output_files import check_output, write_file
from speedplay.formats.plan_json import PlannedSession
from speedplay.formats.session_files import (
    EXTENSION,
    ExportFormat,
    SessionWriter,
    reference_pace,
)
from speedplay.formats.workout_json import workout_to_dict
from speedplay.physiology.targets import resolve_step
from speedplay.units import UnitSystem
from speedplay.workout.printer import format_workout

if TYPE_CHECKING:
    from speedplay.storage.records import CurrentPlan

DateOption = Annotated[
    str | None, typer.Option("--date", help="As if today were YYYY-MM-DD (default: today).")
]
ToOption = Annotated[
    ExportFormat | None, typer.Option("--to", help="Also write the session in this format.")
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="The file --to writes.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the session as JSON.")]


PLAN_AGAIN = "plan the next weeks with `speedplay plan --weeks N --save`"
"""What a runner past the end of the plan does next."""


def today(
    day: DateOption = None,
    units: UnitsOption = None,
    as_json: JsonOption = False,
    to: ToOption = None,
    output: OutputOption = None,
) -> None:
    """Today's session of your saved plan, in your paces and heart rate, with its why."""
    _check_file_options(to, output)
    on = _day(day)
    plan = _saved_plan()
    sessions = plan.sessions
    session = next((s for s in sessions if s.day == on), None)
    if session is None:
        from speedplay.storage.plans import session_from

        following = session_from(sessions, on)
        after = (
            f"; the next is on {following.day} ({following.family})"
            if following
            else f"; your plan ended on {max(s.day for s in sessions)}: {PLAN_AGAIN}"
            if sessions
            else ""
        )
        typer.echo(f"no session on {on}{after}")
        return
    done = _done(plan).get(session.day)
    _show(session, plan.vdot_raise, units_or_profile(units), as_json, to, output, done)


def next_session(
    day: DateOption = None,
    units: UnitsOption = None,
    as_json: JsonOption = False,
    to: ToOption = None,
    output: OutputOption = None,
) -> None:
    """The next session of your saved plan (today's if there is one and it is not done yet),
    with its why."""
    _check_file_options(to, output)
    on = _day(day)
    plan = _saved_plan()
    done = _done(plan)
    session = next((s for s in plan.sessions if s.day >= on and s.day not in done), None)
    if session is None:
        typer.echo(f"your plan has no session on or after {on}: {PLAN_AGAIN}")
        return
    _show(session, plan.vdot_raise, units_or_profile(units), as_json, to, output)


def _check_file_options(to: ExportFormat | None, output: Path | None) -> None:
    """``--to`` and ``-o`` checked before anything is read: together, and a place a file can
    be written (a folder takes the session's own name)."""
    if (to is None) != (output is None):
        raise InvalidValueError("give --to and -o together")
    if output is not None and not output.is_dir():
        check_output(output)


def _day(day: str | None) -> date:
    return parse_date(day, "--date") if day is not None else date.today()


def _done(plan: CurrentPlan) -> dict[date, dict[str, object]]:
    """The sessions a run already counts as: the day run and the compliance, by planned day."""
    from speedplay.cli.storage import database
    from speedplay.storage.activities import matched_runs

    return {
        run.planned_on: {"date": run.run_on.isoformat(), "compliance": run.compliance}
        for run in matched_runs(database(), plan.plan_id)
    }


def _saved_plan() -> CurrentPlan:
    """The current plan; reading never creates a database."""
    from speedplay.storage.location import exists

    plan = None
    if exists(current_url()):
        from speedplay.cli.storage import database
        from speedplay.storage.plans import current_plan

        plan = current_plan(database())
    if plan is None:
        raise InvalidValueError("no saved plan: make one with `speedplay plan ... --save`")
    return plan


def _show(
    session: PlannedSession,
    vdot_raise: float,
    units: UnitSystem,
    as_json: bool,
    to: ExportFormat | None,
    output: Path | None,
    done: dict[str, object] | None = None,
) -> None:
    runner = stored_profile().runner(vdot_raise)  # the profile, with the coach's re-estimate
    resolve = None if runner is None else partial(resolve_step, runner=runner)
    if to is not None and output is not None:
        writer = SessionWriter(to, resolve, reference_pace(fitness_from(None)), units)
        if output.is_dir():
            output = output / f"{session.day.isoformat()}-{session.family}.{EXTENSION[to]}"
        write_file(output, writer.one(session.workout, session.day, session.why, datetime.now(UTC)))
        typer.echo(f"wrote {output}", err=True)
    if as_json:
        document = {
            "date": session.day.isoformat(),
            "family": session.family,
            "why": session.why,
            "workout": workout_to_dict(session.workout, resolve),
            "done": done,
        }
        typer.echo(json.dumps(document, indent=2))
        return
    console = new_console()
    console.print(f"[bold]{session.day:%A %d %B %Y}[/bold]: {session.family}")
    if done is not None:
        score = done["compliance"]
        scored = f", compliance {score:.0f}/100" if isinstance(score, float) else ""
        console.print(f"Done on {done['date']}{scored}.")
    console.print(workout_table(session.workout, units, resolve))
    console.print(totals_line(session.workout, units), soft_wrap=True)
    console.print(f"Why: {session.why}", soft_wrap=True, markup=False)
    console.print(format_workout(session.workout), style="dim", soft_wrap=True, markup=False)


def show_saved_plan(as_json: bool = False) -> None:
    """The saved plan's newest version: each session, the ones this version changed marked,
    and why it changed (``plan --show``); with ``as_json`` as one JSON document."""
    from speedplay.cli.storage import database
    from speedplay.storage.location import exists
    from speedplay.storage.plans import newest_version

    stored = newest_version(database()) if exists(current_url()) else None
    if stored is None:
        raise InvalidValueError("no saved plan: make one with `speedplay plan ... --save`")
    before = {}
    if stored.previous is not None:
        before = {s["date"]: s for w in stored.previous["weeks"] for s in w["sessions"]}
    sessions = [session for week in stored.document["weeks"] for session in week["sessions"]]
    changed = [
        s for s in sessions if s["date"] in before and before[s["date"]]["workout"] != s["workout"]
    ]
    if as_json:
        document = {"version": stored.version, "reason": stored.reason,
                    "changed": [s["date"] for s in changed], "plan": stored.document}  # fmt: skip
        typer.echo(json.dumps(document, indent=2))
        return
    console = new_console()
    console.print(f"[bold]Your plan, version {stored.version}[/bold]: ", end="")
    console.print(stored.reason, markup=False, soft_wrap=True)
    table = new_table(title_justify="left")
    for column in ("Date", "Family", "Session", "Changed"):
        table.add_column(column)
    for session in sessions:
        table.add_row(
            session["date"],
            session["family"],
            session["workout"].get("name") or "",
            f"in version {stored.version}" if session in changed else "",
        )
    console.print(table)
    for session in changed:
        console.print(f"{session['date']}: {session['why']}", markup=False, soft_wrap=True)
