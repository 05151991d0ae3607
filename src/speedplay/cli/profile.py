"""``speedplay profile``: set and show the runner the coach remembers."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Annotated, Any

import typer

from speedplay.cli.render import print_changes
from speedplay.cli.runner import (
    DEFAULT_SPEED_DAY,
    LevelOption,
    LthrOption,
    MaxHrOption,
    RestHrOption,
    UnitsOption,
    weekly_km_from,
)
from speedplay.cli.storage import current_url, database, stored_profile
from speedplay.cli.terminal import new_console, new_table
from speedplay.errors import InvalidValueError
from speedplay.physiology.fitness import assess_fitness
from speedplay.physiology.heart_rate import check_heart_rate, check_reserve
from speedplay.planning.request import WEEKDAYS, weekday_number
from speedplay.profile import Profile, StoredRace, parse_stored_race
from speedplay.units import UnitSystem, format_clock, format_volume
from speedplay.workout.families import Level

RACE_HELP = (
    "A race or time trial, DIST=TIME or DIST=TIME@YYYY-MM-DD (e.g. 10k=48:10@2026-09-20); "
    "added to the stored races (one per distance and date); repeatable."
)


def profile(
    race: Annotated[list[str] | None, typer.Option("--race", "-r", help=RACE_HELP)] = None,
    clear_races: Annotated[
        bool, typer.Option("--clear-races", help="Forget the stored races first.")
    ] = False,
    lthr: LthrOption = None,
    max_hr: MaxHrOption = None,
    rest_hr: RestHrOption = None,
    units: UnitsOption = None,
    level: LevelOption = None,
    weekly_km: Annotated[
        float | None, typer.Option("--weekly-km", help="Current weekly volume [km].")
    ] = None,
    weekly_mi: Annotated[
        float | None, typer.Option("--weekly-mi", help="Current weekly volume [miles].")
    ] = None,
    day: Annotated[str | None, typer.Option(help="Preferred speed day: mon..sun.")] = None,
    days: Annotated[
        str | None, typer.Option(help="Days available to run, e.g. tue,thu,sat,sun.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
) -> None:
    """Set and show the runner: races, heart rate, units, level, volume and days.

    Every other command uses the stored values when its own options are not given."""
    for value, what in ((lthr, "--lthr"), (max_hr, "--max-hr"), (rest_hr, "--rest-hr")):
        if value is not None:
            check_heart_rate(value, what)
    weekly_km = weekly_km_from(weekly_km, weekly_mi)
    current = stored_profile()
    races = () if clear_races else current.races
    for text in race or []:
        races = _with_race(races, parse_stored_race(text))
    updated = current.updated(
        lthr=lthr,
        max_hr=max_hr,
        rest_hr=rest_hr,
        units=units.value if units else None,
        level=level.value if level else None,
        weekly_km=weekly_km,
        speed_day=WEEKDAYS[weekday_number(day)] if day is not None else None,
        days_available=_days(days) if days is not None else None,
    )
    updated = replace(updated, races=races)
    if updated.max_hr is not None and updated.rest_hr is not None:
        check_reserve(updated.rest_hr, updated.max_hr)
    changes: list[str] = []
    if updated != current:
        from speedplay.services.adapting import readapt
        from speedplay.storage.profiles import save_profile

        save_profile(database(), updated)
        if updated.races != current.races:
            changed = readapt(database(), date.today())
            changes = list(changed.reasons) if changed else []
    document = profile_document(updated)
    if as_json:
        typer.echo(json.dumps(document, indent=2))
        return
    _print(document)
    print_changes(changes)


def _with_race(races: tuple[StoredRace, ...], new: StoredRace) -> tuple[StoredRace, ...]:
    kept = tuple(
        race for race in races if not (race.result.label == new.result.label and race.on == new.on)
    )
    return (*kept, new)


def _days(text: str) -> tuple[str, ...]:
    names = [part for part in text.replace(" ", ",").split(",") if part]
    if not names:
        raise InvalidValueError("--days needs at least one day, e.g. tue,thu,sat")
    numbers = sorted({weekday_number(name) for name in names})
    return tuple(WEEKDAYS[number] for number in numbers)


def profile_document(stored: Profile) -> dict[str, Any]:
    """The profile as JSON, with the VDOT its races give and where it is stored."""
    from speedplay.storage.location import sqlite_file

    results = stored.race_results()
    fitness = assess_fitness(results) if results else None
    path = sqlite_file(current_url())
    return {
        "races": [
            {
                "distance": race.result.label,
                "metres": race.result.metres,
                "seconds": race.result.seconds,
                "date": race.on.isoformat() if race.on else None,
            }
            for race in stored.races
        ],
        "vdot": round(fitness.vdot, 1) if fitness else None,
        "lthr": stored.lthr,
        "max_hr": stored.max_hr,
        "rest_hr": stored.rest_hr,
        "units": stored.units,
        "level": stored.level,
        "weekly_km": stored.weekly_km,
        "speed_day": stored.speed_day,
        "days_available": list(stored.days_available),
        "database": str(path) if path else current_url().split("@")[-1],
    }


def _print(document: dict[str, Any]) -> None:
    console = new_console()
    table = new_table(title="Profile", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("value")
    races = ", ".join(
        f"{r['distance']} in {format_clock(r['seconds'])}"
        + (f" on {r['date']}" if r["date"] else "")
        for r in document["races"]
    )
    units = UnitSystem(document["units"] or UnitSystem.KM)
    weekly = document["weekly_km"]
    rows = [
        ("Races", races or "none: add one with --race 5k=22:30"),
        ("VDOT", f"{document['vdot']:.1f}" if document["vdot"] else ""),
        ("LTHR", _bpm(document["lthr"])),
        ("Max HR", _bpm(document["max_hr"])),
        ("Resting HR", _bpm(document["rest_hr"])),
        ("Units", document["units"] or f"{UnitSystem.KM} (the default)"),
        ("Level", document["level"] or f"{Level.BEGINNER} (the default)"),
        ("Weekly volume", format_volume(weekly, units) if weekly else ""),
        ("Speed day", document["speed_day"] or f"{DEFAULT_SPEED_DAY} (the default)"),
        ("Days available", ", ".join(document["days_available"])),
    ]
    for name, value in rows:
        table.add_row(name, value)
    console.print(table)
    console.print(f"Stored in {document['database']}")


def _bpm(value: float | None) -> str:
    return f"{value:g} bpm" if value is not None else ""
