"""``speedplay paces``: fitness from races, race equivalents, training paces and effort targets."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

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
from speedplay.cli.terminal import new_console, new_table
from speedplay.errors import InvalidValueError
from speedplay.formats.targets_text import (
    REP_LENGTHS_S,
    equivalent_rows,
    pace_rows,
    zone_rows,
)
from speedplay.physiology.effort import effort_pace, effort_pace_range
from speedplay.physiology.fitness import Fitness
from speedplay.physiology.heart_rate import Zone, friel_zones, karvonen_zones
from speedplay.units import (
    UnitSystem,
    format_pace,
    pace_from_speed,
)

if TYPE_CHECKING:
    from rich.table import Table


def paces(
    race: RaceOption = None,
    units: UnitsOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lthr: LthrOption = None,
    max_hr: MaxHrOption = None,
    rest_hr: RestHrOption = None,
) -> None:
    """VDOT, race equivalents, training paces and effort targets from your races."""
    units = units_or_profile(units)
    lthr, max_hr, rest_hr = heart_options(lthr, max_hr, rest_hr)
    fitness = fitness_from(race)
    if fitness is None:
        raise InvalidValueError("give at least one race, e.g. --race 5k=22:30")
    zones = _zones(lthr, max_hr, rest_hr)
    if as_json:
        typer.echo(json.dumps(paces_document(fitness, zones), indent=2))
        return
    console = new_console()
    console.print(f"[bold]VDOT {fitness.vdot:.1f}[/bold]")
    console.print(fitness.verdict, soft_wrap=True, markup=False)
    console.print(_equivalents_table(fitness, units))
    console.print(_paces_table(fitness, units))
    if fitness.critical_speed is not None:
        cs = fitness.critical_speed
        console.print(
            f"Critical speed {format_pace(pace_from_speed(cs.speed), units)}, "
            f"D' {cs.d_prime:.0f} m (R² {cs.r_squared:.4f} over {cs.efforts} efforts)",
            markup=False,
        )
        for caveat in cs.caveats:
            console.print(f"  caution: {caveat}", markup=False)
    if zones:
        console.print(_zones_table(zones))


def paces_document(fitness: Fitness, zones: list[Zone] | None) -> dict[str, Any]:
    """The stable JSON of ``speedplay paces`` (docs/json.md)."""
    training = fitness.paces
    cs = fitness.critical_speed
    return {
        "vdot": fitness.vdot,
        "equivalents": {e.race.key: e.seconds for e in fitness.equivalents},
        "paces": {
            "easy": list(training.easy),
            "marathon": training.marathon,
            "threshold": training.threshold,
            "interval": training.interval,
            "repetition": training.repetition,
        },
        "efforts": {
            "rpe7": effort_pace(fitness.vdot, 7, None),
            "rpe8-9": {
                str(seconds): list(effort_pace_range(fitness.vdot, 8, 9, seconds))
                for seconds in REP_LENGTHS_S
            },
        },
        "races": [
            {
                "race": r.result.label,
                "meters": r.result.metres,
                "seconds": r.result.seconds,
                "vdot": r.vdot,
            }
            for r in fitness.races
        ],
        "critical_speed": None
        if cs is None
        else {
            "speed_m_per_s": cs.speed,
            "pace_s_per_km": pace_from_speed(cs.speed) if cs.speed > 0 else None,
            "d_prime_m": cs.d_prime,
            "r_squared": cs.r_squared,
            "caveats": list(cs.caveats),
        },
        "fatigue_exponent": fitness.exponent,
        "verdict": fitness.verdict,
        "heart_rate_zones": None
        if zones is None
        else [{"zone": z.name, "low_bpm": z.low, "high_bpm": z.high} for z in zones],
    }


def _zones(lthr: float | None, max_hr: float | None, rest_hr: float | None) -> list[Zone] | None:
    if lthr is not None:
        return friel_zones(lthr)
    if max_hr is not None and rest_hr is not None:
        threshold_heart_rate(None, max_hr, rest_hr)
        return karvonen_zones(rest_hr, max_hr)
    threshold_heart_rate(None, max_hr, rest_hr)  # refuses one of the two alone
    return None


def _equivalents_table(fitness: Fitness, units: UnitSystem) -> Table:
    table = new_table(title="Race equivalents", title_justify="left")
    for column in ("Race", "Time", "Pace", "From"):
        table.add_column(column)
    for row in equivalent_rows(fitness, units):
        table.add_row(*row)
    return table


def _paces_table(fitness: Fitness, units: UnitSystem) -> Table:
    table = new_table(title="Training paces and effort targets", title_justify="left")
    table.add_column("Target")
    table.add_column("Pace")
    for row in pace_rows(fitness, units):
        table.add_row(*row)
    return table


def _zones_table(zones: list[Zone]) -> Table:
    table = new_table(title="Heart-rate zones", title_justify="left")
    for column in ("Zone", "From", "Below"):
        table.add_column(column)
    for row in zone_rows(zones):
        table.add_row(*row)
    return table
