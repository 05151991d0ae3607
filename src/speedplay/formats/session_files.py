"""A planned session as a file for a watch, an app or a calendar: FIT, TCX, ZWO,
intervals.icu text, iCalendar or JSON, its targets in the runner's own paces when known.
The command line's ``export``, ``today --to`` and the web app's downloads all write through
:class:`SessionWriter`."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum

from speedplay.errors import InvalidValueError
from speedplay.formats.describe import Resolver
from speedplay.formats.icu_text import icu_text
from speedplay.formats.tcx_workout import tcx_workout_bytes
from speedplay.formats.workout_json import workout_to_dict
from speedplay.formats.zwo import ReferencePace, zwo_bytes
from speedplay.physiology.fitness import Fitness
from speedplay.physiology.vdot import race_time
from speedplay.races import Race
from speedplay.units import UnitSystem
from speedplay.workout.model import Workout


class ExportFormat(StrEnum):
    """Where a workout goes."""

    FIT = "fit"
    TCX = "tcx"
    ZWO = "zwo"
    ICU = "icu"
    ICS = "ics"
    JSON = "json"


EXTENSION = {
    ExportFormat.FIT: "fit",
    ExportFormat.TCX: "tcx",
    ExportFormat.ZWO: "zwo",
    ExportFormat.ICU: "txt",
    ExportFormat.ICS: "ics",
    ExportFormat.JSON: "json",
}

MEDIA_TYPE = {
    ExportFormat.FIT: "application/vnd.ant.fit",
    ExportFormat.TCX: "application/vnd.garmin.tcx+xml",
    ExportFormat.ZWO: "application/xml",
    ExportFormat.ICU: "text/plain; charset=utf-8",
    ExportFormat.ICS: "text/calendar; charset=utf-8",
    ExportFormat.JSON: "application/json",
}


def reference_pace(fitness: Fitness | None) -> ReferencePace | None:
    """The runner's race pace [s/km] for a race, for treadmill workouts."""
    if fitness is None:
        return None
    vdot = fitness.vdot

    def pace(race: Race) -> float:
        return race_time(vdot, race.metres) / (race.metres / 1000)

    return pace


class SessionWriter:
    """Writes sessions in one format, for one runner (``resolve``: their targets; ``reference``:
    their race paces, which a treadmill file needs)."""

    def __init__(
        self,
        to: ExportFormat,
        resolve: Resolver | None,
        reference: ReferencePace | None,
        units: UnitSystem,
    ) -> None:
        self.to = to
        self.resolve = resolve
        self.reference = reference
        self.units = units

    def one(self, workout: Workout, day: date, why: str, now: datetime) -> bytes:
        """The file of ``workout`` on ``day`` (``now``: when the file is made, which FIT and
        iCalendar record)."""
        if self.to is ExportFormat.FIT:
            from speedplay.formats.fit_workout import fit_workout_bytes  # loads fit-tool

            return fit_workout_bytes(workout, now, self.resolve)
        if self.to is ExportFormat.TCX:
            return tcx_workout_bytes(workout, self.resolve)
        if self.to is ExportFormat.ZWO:
            if self.resolve is None or self.reference is None:
                raise InvalidValueError("a treadmill (.zwo) workout needs a race to set speeds")
            return zwo_bytes(workout, self.resolve, self.reference)
        if self.to is ExportFormat.ICU:
            return icu_text(workout, self.resolve).encode("utf-8")
        if self.to is ExportFormat.ICS:
            from speedplay.formats.calendar import calendar_bytes  # loads icalendar

            return calendar_bytes([(day, workout, why)], now, self.units, self.resolve)
        return (json.dumps(workout_to_dict(workout, self.resolve), indent=2) + "\n").encode()
