"""Options shared by commands that need the runner's fitness: races, heart rate, units, level.

Each falls back to the stored profile (``speedplay profile``) when it is not given."""

from __future__ import annotations

from typing import Annotated

import typer

from speedplay.cli.storage import stored_profile
from speedplay.errors import InvalidValueError
from speedplay.physiology.fitness import Fitness, assess_fitness
from speedplay.physiology.heart_rate import check_reserve, lthr_from_reserve
from speedplay.physiology.targets import Runner
from speedplay.planning.request import check_weekly_km
from speedplay.races import parse_race_result
from speedplay.units import UnitSystem, km_from
from speedplay.workout.families import Level

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
UnitsOption = Annotated[
    UnitSystem | None,
    typer.Option(help="km and min/km, or mi and min/mi (default: the profile's, else km)."),
]
LevelOption = Annotated[
    Level | None,
    typer.Option(
        "--level", "-l", help="The runner's level (default: the profile's, else beginner)."
    ),
]
DEFAULT_SPEED_DAY = "tue"


def units_or_profile(units: UnitSystem | None) -> UnitSystem:
    """The units asked for, else the profile's, else kilometres."""
    if units is not None:
        return units
    stored = stored_profile().units
    return UnitSystem(stored) if stored else UnitSystem.KM


def level_or_profile(level: Level | None) -> Level:
    """The level asked for, else the profile's, else beginner."""
    if level is not None:
        return level
    stored = stored_profile().level
    return Level(stored) if stored else Level.BEGINNER


def heart_options(
    lthr: float | None, max_hr: float | None, rest_hr: float | None
) -> tuple[float | None, float | None, float | None]:
    """The heart-rate options as given; when none is, the profile's."""
    if lthr is None and max_hr is None and rest_hr is None:
        profile = stored_profile()
        return profile.lthr, profile.max_hr, profile.rest_hr
    return lthr, max_hr, rest_hr


def fitness_from(races: list[str] | None) -> Fitness | None:
    """The runner's fitness from ``--race`` options, else from the profile's races, or None
    when neither has one."""
    if races:
        return assess_fitness([parse_race_result(text) for text in races])
    stored = stored_profile().race_results()
    return assess_fitness(stored) if stored else None


def threshold_heart_rate(
    lthr: float | None, max_hr: float | None, rest_hr: float | None
) -> float | None:
    """LTHR as given, or estimated from maximum and resting heart rate (Karvonen); the
    profile's when no heart rate is given."""
    lthr, max_hr, rest_hr = heart_options(lthr, max_hr, rest_hr)
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


def weekly_km_from(weekly_km: float | None, weekly_mi: float | None) -> float | None:
    """The weekly volume [km] from ``--weekly-km`` or ``--weekly-mi`` (never both), checked."""
    if weekly_km is not None and weekly_mi is not None:
        raise InvalidValueError("give --weekly-km or --weekly-mi, not both")
    if weekly_mi is not None:
        return check_weekly_km(km_from(weekly_mi, UnitSystem.MI), UnitSystem.MI, "--weekly-mi")
    return check_weekly_km(weekly_km)
