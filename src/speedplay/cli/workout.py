"""``speedplay workout`` and ``speedplay families``."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from speedplay.cli.files import workout_from_file
from speedplay.cli.render import totals_line, workout_table
from speedplay.cli.runner import (
    LevelOption,
    LthrOption,
    MaxHrOption,
    RaceOption,
    RestHrOption,
    UnitsOption,
    fitness_from,
    level_or_profile,
    runner_from,
    units_or_profile,
)
from speedplay.cli.terminal import new_console, new_table
from speedplay.errors import InvalidValueError
from speedplay.formats.workout_json import workout_to_dict
from speedplay.physiology.targets import resolve_step
from speedplay.workout import Workout, parse_workout
from speedplay.workout.families import FAMILIES, Family, FamilyOptions, Level, build_workout
from speedplay.workout.printer import format_workout

FROM_HELP = "Read the workout from a file: FIT, TCX, ZWO, intervals.icu text or JSON."
TEXT_HELP = "Workout text, e.g. '10min wu + 5x(30s @rpe8-9, 30s jog) + 10min cd'."


def workout(
    text: Annotated[str | None, typer.Argument(help=TEXT_HELP)] = None,
    family: Annotated[
        Family | None, typer.Option("--family", "-f", help="Build a session of this family.")
    ] = None,
    week: Annotated[int, typer.Option("--week", "-w", help="Week of the block (1-6).")] = 1,
    level: LevelOption = None,
    form: Annotated[
        str | None, typer.Option(help="The family's form, e.g. guided or mona for fartlek.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of a guided fartlek's pattern.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the workout as JSON.")] = False,
    units: UnitsOption = None,
    race: RaceOption = None,
    lthr: LthrOption = None,
    max_hr: MaxHrOption = None,
    rest_hr: RestHrOption = None,
    from_file: Annotated[Path | None, typer.Option("--from", help=FROM_HELP)] = None,
) -> None:
    """Show a workout step by step, from its text or from a session family.

    With --race (and --lthr, or --max-hr and --rest-hr) every target resolves to the runner's
    pace range and heart-rate range.
    """
    units = units_or_profile(units)
    level = level_or_profile(level)
    if from_file is not None:
        if text is not None or family is not None:
            raise InvalidValueError("give a workout text, --family or --from, only one")
        session = workout_from_file(from_file, fitness_from(race))
    else:
        session = _workout_from(text, family, week, level, FamilyOptions(form, seed))
    runner = runner_from(race, lthr, max_hr, rest_hr)
    resolve = None if runner is None else partial(resolve_step, runner=runner)
    if as_json:
        typer.echo(json.dumps(workout_to_dict(session, resolve), indent=2))
        return
    console = new_console()
    console.print(workout_table(session, units, resolve))
    console.print(totals_line(session, units), soft_wrap=True)
    console.print(format_workout(session), style="dim", soft_wrap=True, markup=False)


def families() -> None:
    """The five session families: what each trains and how it progresses."""
    table = new_table(show_lines=True)
    for column in ("Family", "Trains", "Progression", "Forms"):
        table.add_column(column)
    for info in FAMILIES.values():
        table.add_row(
            f"{info.family}\n{info.title}", info.trains, info.progression, ", ".join(info.forms)
        )
    new_console().print(table)


def _workout_from(
    text: str | None, family: Family | None, week: int, level: Level, options: FamilyOptions
) -> Workout:
    if (text is None) == (family is None):
        raise InvalidValueError("give either a workout text or --family, not both or neither")
    if family is not None:
        return build_workout(family, level, week, options)
    if options.form is not None or week != 1:
        raise InvalidValueError("--form and --week shape a --family session, not a text")
    assert text is not None
    return parse_workout(text)
