"""What the five session families share: levels, options, efforts, warm-up and cool-down.

The coaching rules come from the product brief: every session has a warm-up and a cool-down,
recoveries are active, hard bouts are RPE 8-9 and never 10, tempo is RPE 7.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from speedplay.errors import InvalidValueError
from speedplay.workout.model import Intent, Item, RpeTarget, Step, TimeDuration, Workout


class Level(StrEnum):
    """Where a runner starts: the level sets the first week, not the rules."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Family(StrEnum):
    """The five speed-session families of the brief."""

    INTERVALS = "intervals"
    FARTLEK = "fartlek"
    HILLS = "hills"
    PYRAMID = "pyramid"
    TEMPO = "tempo"


HARD = RpeTarget(8, 9)
"""Hard bouts: RPE 8-9, never 10 (all-out sprinting wrecks form and loads the joints)."""

TEMPO_EFFORT = RpeTarget(7, 7)
"""Tempo: 'pushing, not bursting', a pace that could be held for about an hour."""

MAX_WEEK = 6
"""A block lasts about four weeks; six leaves room for a longer block before switching."""

WARMUP_MINUTES = {Level.BEGINNER: 10, Level.INTERMEDIATE: 15, Level.ADVANCED: 15}
"""Warm-up length [min]; Pfitzinger suggests 15-20 min before threshold work."""

COOLDOWN_MINUTES = {Level.BEGINNER: 10, Level.INTERMEDIATE: 10, Level.ADVANCED: 15}
"""Cool-down length [min]."""


@dataclass(frozen=True)
class FamilyOptions:
    """How to shape a family's session. ``form`` None means the family's first form;
    ``seed`` makes a guided fartlek's varied pattern repeatable."""

    form: str | None = None
    seed: int = 0


def check_week(week: int) -> None:
    """Weeks of a block run 1..MAX_WEEK."""
    if not 1 <= week <= MAX_WEEK:
        raise InvalidValueError(f"week runs from 1 to {MAX_WEEK} in a block, found {week}")


def choose_form(family: Family, forms: tuple[str, ...], options: FamilyOptions) -> str:
    """The requested form, or the family's default (the first); unknown forms are an error."""
    if options.form is None:
        return forms[0]
    if options.form not in forms:
        raise InvalidValueError(
            f"{family} comes in the forms {', '.join(forms)}, not '{options.form}'"
        )
    return options.form


def minutes(value: float) -> TimeDuration:
    """A time duration given in minutes."""
    return TimeDuration(value * 60.0)


def seconds(value: float) -> TimeDuration:
    """A time duration given in seconds."""
    return TimeDuration(float(value))


def session(name: str, level: Level, main: list[Item]) -> Workout:
    """Wrap the main set in the level's warm-up and cool-down."""
    warmup = Step(Intent.WARMUP, minutes(WARMUP_MINUTES[level]))
    cooldown = Step(Intent.COOLDOWN, minutes(COOLDOWN_MINUTES[level]))
    return Workout(name, (warmup, *main, cooldown))


def title(text: str, level: Level, week: int) -> str:
    """The session name a watch shows: what it is, then the week and level."""
    return f"{text} (week {week}, {level})"
