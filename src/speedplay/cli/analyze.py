"""``speedplay analyze`` and ``speedplay threshold``: what happened in a recorded run."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from speedplay.cli.files import plan_sessions, read_bytes, session_on
from speedplay.cli.runner import (
    LthrOption,
    MaxHrOption,
    RaceOption,
    RestHrOption,
    UnitsOption,
    fitness_from,
    heart_options,
    threshold_heart_rate,
    units_or_profile,
)
from speedplay.cli.terminal import counted, new_console, new_table
from speedplay.errors import InvalidValueError
from speedplay.formats.output_files import PICTURES, check_output
from speedplay.physiology.targets import Runner, resolve_step
from speedplay.physiology.threshold_test import TEST_SECONDS, estimate_threshold
from speedplay.units import (
    UnitSystem,
    format_clock,
    format_distance,
    format_pace,
    parse_clock,
    speed_from_pace,
)
from speedplay.workout.model import Workout
from speedplay.workout.parser import parse_workout

if TYPE_CHECKING:
    from speedplay.analysis.activity import Activity


class Sex(StrEnum):
    """Banister's TRIMP has constants for men and for women."""

    MALE = "male"
    FEMALE = "female"


SOURCES = {
    ("laps", "workout"): "laps: a lap per workout step",
    ("laps", "reps"): "laps at the reps",
    ("laps", "auto"): "laps",
    ("laps", "none"): "laps",
    ("detected", "auto"): "detected; the laps are automatic",
    ("detected", "none"): "detected",
    ("detected", "reps"): "detected",
    ("detected", "workout"): "detected",
}
"""How the segments were found, as the summary line says it."""

LAP_TOLERANCE_S = 120.0
"""A lap within two minutes of 30 is taken as the time trial."""


def analyze(
    file: Annotated[Path, typer.Argument(help="A recording: FIT, TCX or GPX.")],
    planned: Annotated[str | None, typer.Option(help="The planned workout, as text.")] = None,
    plan: Annotated[Path | None, typer.Option(help="A plan from `speedplay plan --json`.")] = None,
    day: Annotated[
        str | None,
        typer.Option("--date", help="The plan's session on this day (default: the run's)."),
    ] = None,
    race: RaceOption = None,
    lthr: LthrOption = None,
    max_hr: MaxHrOption = None,
    rest_hr: RestHrOption = None,
    rpe: Annotated[float | None, typer.Option(help="How hard it felt, 1-10 (session RPE).")] = None,
    sex: Annotated[
        Sex, typer.Option(help="For TRIMP's constants (Banister: men 0.64/1.92, women 0.86/1.67).")
    ] = Sex.MALE,
    as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as JSON.")] = False,
    plot: Annotated[Path | None, typer.Option(help="Write a PNG picture of the run.")] = None,
    units: UnitsOption = None,
    laps: Annotated[bool, typer.Option(help="Use the watch's laps when they fit.")] = True,
    activity_number: Annotated[
        int | None,
        typer.Option(
            "--activity", help="Of a multisport file, analyse activity N (1 is the first)."
        ),
    ] = None,
) -> None:
    """Find the reps in a recorded run, compare them with the plan, and measure the load.

    A multisport file is split into its activities: the runs are analysed, the others listed
    and skipped (--activity N picks one)."""
    from speedplay.analysis.analyze import HeartRates
    from speedplay.analysis.analyze import analyze as run_analysis
    from speedplay.formats.activity_files import read_activities
    from speedplay.formats.analysis_json import analysis_to_dict

    units = units_or_profile(units)
    if plot is not None:
        check_output(plot, PICTURES)
    lthr, max_hr, rest_hr = heart_options(lthr, max_hr, rest_hr)
    found = read_activities(read_bytes(file), str(file))
    chosen = _chosen(found, activity_number)
    fitness = fitness_from(race)
    heart = threshold_heart_rate(lthr, max_hr, rest_hr)
    runner = Runner(fitness.vdot if fitness else None, heart) if fitness or heart else None
    resolve = None if runner is None else partial(resolve_step, runner=runner)
    if rpe is not None and not 1 <= rpe <= 10:
        raise InvalidValueError(f"--rpe runs from 1 to 10, found {rpe:g}")
    documents = []
    for number, activity in chosen:
        workout = _planned(
            planned, plan, day, activity.start_time.date() if activity.start_time else None
        )
        result = run_analysis(
            activity,
            workout,
            resolve,
            HeartRates(rest_hr, max_hr, sex.value),
            speed_from_pace(fitness.paces.threshold) if fitness else None,
            rpe,
            use_laps=laps,
        )
        for warning in result.activity.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if plot is not None:
            from speedplay.formats.plot import write_plot

            target = plot if len(chosen) == 1 else plot.with_stem(f"{plot.stem}-{number}")
            write_plot(result, target, units)
        documents.append({"activity": number, **analysis_to_dict(result)})
    if as_json:
        typer.echo(json.dumps(documents[0] if len(documents) == 1 else documents, indent=2))
        return
    for document in documents:
        if len(found) > 1:
            new_console().print(
                f"[bold]Activity {document['activity']} of {len(found)}[/bold] "
                f"({document['sport'] or 'run'})"
            )
        _print(document, units)


def _chosen(found: list[Activity], number: int | None) -> list[tuple[int, Activity]]:
    """The activities to analyse, numbered from 1: the one asked for, or every run; the
    others are listed on standard error as skipped."""
    from speedplay.formats.activity_files import is_run

    if number is not None:
        if not 1 <= number <= len(found):
            raise InvalidValueError(
                f"--activity {number}: the file holds {len(found)} "
                f"{'activity' if len(found) == 1 else 'activities'}"
            )
        picked = found[number - 1]
        if len(picked.elapsed_s) < 2:
            raise InvalidValueError(f"--activity {number} has no recorded data")
        return [(number, picked)]
    chosen = []
    for index, activity in enumerate(found, start=1):
        if len(found) == 1 or (is_run(activity) and len(activity.elapsed_s) >= 2):
            if not is_run(activity):
                print(
                    f"note: this is a {activity.sport} activity, not a run: its paces and reps "
                    "are read as a run's",
                    file=sys.stderr,
                )
            chosen.append((index, activity))
        else:
            print(
                f"note: activity {index} of {len(found)} ({activity.sport or 'unknown'}, "
                f"{format_clock(activity.duration_s)}) skipped: "
                f"{'not a run' if not is_run(activity) else 'no recorded data'}"
                f" (--activity {index} analyses it)",
                file=sys.stderr,
            )
    if not chosen:
        raise InvalidValueError(
            f"the file holds no run among its {len(found)} activities: pick one with --activity N"
        )
    return chosen


def threshold(
    file: Annotated[Path, typer.Argument(help="A 30-minute solo time trial: FIT, TCX or GPX.")],
    start_at: Annotated[
        str | None,
        typer.Option(
            "--start",
            help="Where the trial began in the recording, h:mm:ss or m:ss (after a warm-up "
            "with no lap pressed).",
        ),
    ] = None,
    units: UnitsOption = None,
) -> None:
    """LTHR and threshold pace from a 30-minute time trial (Friel): the mean heart rate of the
    last 20 minutes, and the average pace. A lap of about 30 minutes is taken as the test, or
    the 30 minutes from --start."""
    from speedplay.analysis.segmentation import on_grid
    from speedplay.formats.activity_files import read_activity

    units = units_or_profile(units)
    began = parse_clock(start_at) if start_at is not None else None
    activity = read_activity(read_bytes(file), str(file))
    grid = on_grid(activity)
    start, end = _trial(activity, float(grid.time[-1]), began)
    inside = (grid.time >= start) & (grid.time <= end)
    rates = [None if h != h else float(h) for h in grid.heart_rate[inside]]
    estimate = estimate_threshold(list(grid.time[inside]), list(grid.speed[inside]), rates)
    pace = format_pace(estimate.pace_s_per_km, units)
    covered = format_distance(estimate.distance_m, units)
    typer.echo(
        f"LTHR {estimate.lthr:.0f} bpm, threshold pace {pace} "
        f"({covered} in {format_clock(min(end - start, TEST_SECONDS))})"
    )
    typer.echo(f"Keep it for every target: speedplay profile --lthr {estimate.lthr:.0f}")


def _trial(activity: Activity, recorded_s: float, began: float | None) -> tuple[float, float]:
    """Where the trial lies in the recording [s]: from ``began`` if given, else a lap of
    about 30 minutes, else the whole recording (which must then be the trial)."""
    if began is not None:
        if began + TEST_SECONDS - LAP_TOLERANCE_S > recorded_s:
            raise InvalidValueError(
                f"--start {format_clock(began)}: the recording ends at {format_clock(recorded_s)}, "
                "before 30 minutes from there"
            )
        return began, min(began + TEST_SECONDS, recorded_s)
    for lap in activity.laps:
        if abs((lap.end_s - lap.start_s) - TEST_SECONDS) <= LAP_TOLERANCE_S:
            return max(0.0, lap.start_s), lap.end_s
    if recorded_s > TEST_SECONDS + LAP_TOLERANCE_S:
        raise InvalidValueError(
            f"the recording lasts {format_clock(recorded_s)} and no lap of about 30 minutes "
            "marks the trial: give --start h:mm:ss (or m:ss), where it began"
        )
    return 0.0, recorded_s


def _planned(
    text: str | None, plan: Path | None, day: str | None, run_day: date | None
) -> Workout | None:
    if text is not None and plan is not None:
        raise InvalidValueError("give --planned or --plan, not both")
    if day is not None and plan is None:
        raise InvalidValueError("--date picks a session of --plan PLAN.json: give both")
    if text is not None:
        return parse_workout(text)
    if plan is None:
        return None
    from speedplay.cli.plan import parse_date  # the planner, only for a plan's session

    on = parse_date(day, "--date") if day is not None else run_day
    if on is None:
        raise InvalidValueError("the recording has no date: give --date")
    return session_on(plan_sessions(plan), on, plan).workout


LOAD_NAMES = {"trimp": "TRIMP", "rtss": "rTSS", "session_rpe": "session RPE"}
"""The load figures as the literature writes them."""


def _print(document: dict[str, Any], units: UnitSystem) -> None:
    console = new_console()
    reps = document["reps"]
    pauses = document["pauses"]
    paused = (
        f", {counted(len(pauses), 'pause')} ({format_clock(sum(p['seconds'] for p in pauses))})"
        if pauses
        else ""
    )
    console.print(
        f"{len(reps)} {'rep' if len(reps) == 1 else 'reps'} found "
        f"({SOURCES.get((document['source'], document['laps']), document['source'])}), "
        f"{format_clock(document['elapsed_s'])} elapsed, "
        f"{format_clock(document['moving_s'])} moving{paused}"
    )
    segments = document["segments"]
    stops = any(s["kind"] != "pause" and s["paused_s"] >= 1 for s in segments)
    table = new_table(title="Segments", title_justify="left")
    columns = ("Kind", "From", "Length", "Stopped", "Distance", "Pace", "GAP", "HR", "Climb")
    for column in columns:
        if column != "Stopped" or stops:
            table.add_column(column, no_wrap=True)
    for s in segments:
        stopped = format_clock(s["paused_s"]) if s["kind"] != "pause" and s["paused_s"] >= 1 else ""
        table.add_row(
            s["kind"]
            + (
                f" {reps.index(next(r for r in reps if r['start_s'] == s['start_s'])) + 1}"
                if s["kind"] == "work"
                else ""
            ),
            format_clock(s["start_s"]),
            format_clock(s["end_s"] - s["start_s"] if s["kind"] == "pause" else s["moving_s"]),
            *([stopped] if stops else []),
            format_distance(s["distance_m"], units) if s["kind"] != "pause" else "",
            format_pace(s["pace_s_per_km"], units) if s["pace_s_per_km"] else "",
            format_pace(s["gap_pace_s_per_km"], units) if s["gap_pace_s_per_km"] else "",
            f"{s['avg_hr']:.0f}" if s["avg_hr"] else "",
            f"{s['climb_m']:.0f} m" if s["climb_m"] >= 1 else "",
        )
    console.print(table)
    compliance = document["compliance"]
    if compliance:
        console.print(f"Compliance {compliance['score']:.0f}/100")
        for flag in compliance["flags"]:
            console.print(f"  - {flag}", markup=False)
    load = {k: v for k, v in document["load"].items() if v is not None}
    if load:
        console.print(
            "Load: " + ", ".join(f"{LOAD_NAMES.get(k, k)} {v:.0f}" for k, v in load.items())
        )
