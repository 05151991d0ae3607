"""The runner as the coach remembers them: races, heart rate, units, level, volume and days.

A profile fills in what a command is not told: ``speedplay workout --family tempo`` resolves to
the runner's own paces once their races are stored. Plain data, no storage here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from speedplay.errors import InvalidValueError
from speedplay.physiology.fitness import Fitness, assess_fitness
from speedplay.physiology.heart_rate import lthr_from_reserve
from speedplay.physiology.targets import Runner
from speedplay.races import RaceResult, parse_race_result
from speedplay.units import format_clock


@dataclass(frozen=True)
class StoredRace:
    """A race or time trial the runner ran, and when (``None`` when not said)."""

    result: RaceResult
    on: date | None = None

    def text(self) -> str:
        """``5k=22:30@2026-10-04``: the form ``--race`` takes, date optional."""
        base = f"{self.result.label}={format_clock(self.result.seconds)}"
        return f"{base}@{self.on.isoformat()}" if self.on else base


@dataclass(frozen=True)
class Profile:
    """What is known of the runner; ``None`` (or empty) where nothing is."""

    races: tuple[StoredRace, ...] = ()
    lthr: float | None = None
    max_hr: float | None = None
    rest_hr: float | None = None
    units: str | None = None
    level: str | None = None
    weekly_km: float | None = None
    speed_day: str | None = None
    days_available: tuple[str, ...] = field(default=())

    def race_results(self) -> list[RaceResult]:
        return [race.result for race in self.races]

    def fitness(self) -> Fitness | None:
        """Fitness from the stored races, or None when there are none."""
        return assess_fitness(self.race_results()) if self.races else None

    def threshold_heart_rate(self) -> float | None:
        """The stored LTHR, else one estimated from resting and maximum heart rate."""
        if self.lthr is not None:
            return self.lthr
        if self.rest_hr is not None and self.max_hr is not None and self.rest_hr < self.max_hr:
            return lthr_from_reserve(self.rest_hr, self.max_hr)
        return None

    def runner(self, vdot_raise: float = 0.0) -> Runner | None:
        """Whom a workout's targets resolve for, or None when nothing is known;
        ``vdot_raise`` is what the coach has added to the races' VDOT (reps beat targets)."""
        fitness, heart = self.fitness(), self.threshold_heart_rate()
        if fitness is None and heart is None:
            return None
        return Runner(None if fitness is None else fitness.vdot + vdot_raise, heart)

    def updated(self, **changes: object) -> Profile:
        """This profile with the given fields replaced; ``None`` values leave a field alone."""
        given = {name: value for name, value in changes.items() if value is not None}
        return replace(self, **given)  # type: ignore[arg-type]


def parse_stored_race(text: str) -> StoredRace:
    """``DIST=TIME`` or ``DIST=TIME@YYYY-MM-DD``, e.g. ``10k=48:10@2026-09-20``."""
    result_text, _, day = text.partition("@")
    result = parse_race_result(result_text)
    if not day:
        return StoredRace(result)
    try:
        return StoredRace(result, date.fromisoformat(day.strip()))
    except ValueError as error:
        raise InvalidValueError(
            f"'{text}': the race date must be YYYY-MM-DD, found '{day}'"
        ) from error
