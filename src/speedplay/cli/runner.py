"""Options shared by commands that need the runner's fitness: races and heart rate."""

from __future__ import annotations

from typing import Annotated

import typer

from speedplay.errors import InvalidValueError
from speedplay.physiology.fitness import Fitness, assess_fitness
from speedplay.physiology.heart_rate import check_reserve, lthr_from_reserve
from speedplay.physiology.targets import Runner
from speedplay.races import parse_race_result

RaceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--race", "-r", help="A recent race or time trial, DIST=TIME (e.g. 5k=22:30); repeatable."
    ),
]
LthrOption = Annotated[
    float | None, typer.Option(help="Lactate-threshold heart rate [bpm], e.g. from a 30-min test.")
]
MaxHrOption = Annotated[float | None, typer.Option("--max-hr", help="Maximum heart rate [bpm].")]
RestHrOption = Annotated[float | None, typer.Option("--rest-hr", help="Resting heart rate [bpm].")]


def fitness_from(races: list[str] | None) -> Fitness | None:
    """The runner's fitness from ``--race`` options, or None when none were given."""
    if not races:
        return None
    return assess_fitness([parse_race_result(text) for text in races])


def threshold_heart_rate(
    lthr: float | None, max_hr: float | None, rest_hr: float | None
) -> float | None:
    """LTHR as given, or estimated from maximum and resting heart rate (Karvonen)."""
    if lthr is not None:
        return lthr
    if (max_hr is None) != (rest_hr is None):
        raise InvalidValueError("give both --max-hr and --rest-hr, or --lthr")
    if max_hr is None or rest_hr is None:
        return None
    check_reserve(rest_hr, max_hr)
    return lthr_from_reserve(rest_hr, max_hr)


def runner_from(
    races: list[str] | None, lthr: float | None, max_hr: float | None, rest_hr: float | None
) -> Runner | None:
    """The runner whose targets a workout resolves to, or None when nothing is known."""
    fitness = fitness_from(races)
    heart = threshold_heart_rate(lthr, max_hr, rest_hr)
    if fitness is None and heart is None:
        return None
    return Runner(None if fitness is None else fitness.vdot, heart)
