"""``speedplay history`` and ``speedplay progress``: what the runner has done, and where it is
taking them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from speedplay.cli.runner import UnitsOption, units_or_profile
from speedplay.cli.storage import reader
from speedplay.cli.terminal import counted, new_console, new_table
from speedplay.coach.progress import EffortRecord, Progress, RunRecord, progress
from speedplay.formats.history_json import progress_to_dict, run_to_dict
from speedplay.formats.output_files import PICTURES, check_output
from speedplay.units import UnitSystem, format_clock, format_distance, format_pace

if TYPE_CHECKING:
    from speedplay.storage.reading import Reader

JsonOption = Annotated[bool, typer.Option("--json", help="Print it as JSON.")]


def history(
    limit: Annotated[
        int, typer.Option(min=1, max=100_000, help="How many of the latest runs to list.")
    ] = 20,
    units: UnitsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Your runs, newest first: date, the planned session each counted as, distance, time,
    pace, reps, compliance and load."""
    units = units_or_profile(units)
    runs = _runs(reader(), latest=limit)[::-1]
    if as_json:
        typer.echo(json.dumps([run_to_dict(r) for r in runs], indent=2))
        return
    if not runs:
        typer.echo("no runs yet: bring them in with `speedplay import PATH`")
        return
    from rich import box

    table = new_table(
        title="Your runs",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=(0, 1, 0, 0),
    )  # nine columns in 80 characters
    columns = ("Date", "Session", "Distance", "Time", "Pace", "Reps", "Score", "Load", "RPE")
    for column in columns:
        table.add_column(column, no_wrap=True)
    for run in runs:
        load = run.rtss if run.rtss is not None else run.trimp
        table.add_row(
            run.run_on.isoformat(),
            run.family or "run",
            format_distance(run.distance_m, units),
            format_clock(run.moving_s),
            format_pace(run.moving_s / run.distance_m * 1000, units) if run.distance_m else "",
            str(run.reps) if run.reps else "",
            f"{run.compliance:.0f}/100" if run.compliance is not None else "",
            f"{load:.0f}" if load is not None else "",
            "" if run.rpe is None else f"{run.rpe:g}",
        )
    new_console().print(table)


def progress_(
    weeks: Annotated[
        int, typer.Option(min=1, max=1_000, help="How many of the latest weeks to list.")
    ] = 12,
    plot: Annotated[Path | None, typer.Option(help="Write a PNG picture of the progress.")] = None,
    units: UnitsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fitness, fatigue and form (CTL 42-day, ATL 7-day, TSB = CTL - ATL), weekly volume and
    hard minutes, best efforts and the VDOT they show."""
    units = units_or_profile(units)
    if plot is not None:
        check_output(plot, PICTURES)
    today = date.today()
    found = reader()
    report = progress(_runs(found), _bests(found, today), today)
    if plot is not None:
        from speedplay.formats.progress_plot import write_progress_plot

        write_progress_plot(report.last_weeks(weeks), plot, units)
        typer.echo(f"wrote {plot}", err=True)
    if as_json:
        typer.echo(json.dumps(progress_to_dict(report, weeks), indent=2))
        return
    if not report.form:
        typer.echo("no runs yet: bring them in with `speedplay import PATH`")
        return
    _print_progress(report, weeks, units)


def _runs(found: Reader | None, latest: int | None = None) -> list[RunRecord]:
    if found is None:  # no database yet: reading creates none
        return []
    from speedplay.storage.history import stored_runs

    return stored_runs(found, latest=latest)


def _bests(found: Reader | None, today: date) -> list[EffortRecord]:
    if found is None:
        return []
    from speedplay.storage.history import progress_efforts

    return progress_efforts(found, today)


LOAD_SOURCES = {
    "rtss": "rTSS (pace against threshold pace)",
    "trimp": "TRIMP (heart rate)",
    "time": "moving time at easy effort",
}
"""Where each run's load comes from, best first: the words for the runner."""


def _print_progress(report: Progress, weeks: int, units: UnitSystem) -> None:
    console = new_console()
    last = report.form[-1]
    console.print(
        f"[bold]{last.day}[/bold]: fitness {last.fitness:.0f}, fatigue {last.fatigue:.0f}, "
        f"form {last.form:+.0f}"
    )
    sources = ", ".join(
        f"{counted(n, 'run')} from {LOAD_SOURCES.get(k, k)}"
        for k, n in sorted(report.load_sources.items())
    )
    console.print(f"Load: {sources}")
    table = new_table(title="Weeks", title_justify="left")
    for column in ("Week of", "Runs", "Distance", "Time", "Hard", "Load"):
        table.add_column(column, no_wrap=True)
    for week in report.last_weeks(weeks).weeks:
        table.add_row(
            week.monday.isoformat(),
            str(week.runs),
            format_distance(week.distance_m, units),
            format_clock(week.moving_s),
            format_clock(week.work_s),
            f"{week.load:.0f}",
        )
    console.print(table)
    if report.bests:
        bests = new_table(title="Best efforts", title_justify="left")
        for column in ("Effort", "Best", "On", "Last six weeks"):
            bests.add_column(column, no_wrap=True)
        for best in report.bests:
            bests.add_row(
                best.label,
                _said(best.best, units),
                best.best.run_on.isoformat(),
                _said(best.recent, units) if best.recent else "",
            )
        console.print(bests)
    paces = report.last_weeks(weeks).rep_pace
    if paces:
        reps = new_table(title="Rep pace by family", title_justify="left")
        for column in ("Week of", "Family", "Rep pace", "Hard", "RPE"):
            reps.add_column(column, no_wrap=True)
        for pace in paces:
            reps.add_row(
                pace.monday.isoformat(),
                pace.family,
                format_pace(pace.pace_s_per_km, units),
                format_clock(pace.work_s),
                "" if pace.rpe is None else f"{pace.rpe:g}",
            )
        console.print(reps)
    if report.vdot_by_month:
        trend = ", ".join(f"{m:%b %Y} {v:.1f}" for m, v in report.vdot_by_month[-6:])
        console.print(f"VDOT from best efforts: {trend}")


def _said(effort: EffortRecord, units: UnitSystem) -> str:
    from speedplay.formats.effort_text import effort_pace, effort_result

    return f"{effort_result(effort, units)} ({effort_pace(effort, units)})"
