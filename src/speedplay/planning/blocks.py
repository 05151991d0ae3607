"""Which family when: blocks of about four weeks, a lighter week to close each, a taper.

* Blocks last four weeks for beginners (three building, one lighter) and five for intermediate
  and advanced runners (the brief: "longer blocks"); the build weeks are shared out as evenly as
  the plan allows, so blocks run 2-7 weeks.
* The family order suits the goal: shorter goals (or none) lean on intervals, hills and pyramids;
  half and marathon goals on tempo. Beginners start with fartlek (the brief's easy entry).
  A family met a second time comes in its next form (intervals 30-30, then 60-60).
* With a race date: a taper over the last two weeks of plans of eight weeks or more (one
  otherwise): the week before race week cuts the work, race week holds a short sharpener and
  the race. The block before the taper has no lighter week of its own: the taper is it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from speedplay.workout.families import FAMILIES, MAX_WEEK, Family, Level

BLOCK_WEEKS = {Level.BEGINNER: 4, Level.INTERMEDIATE: 5, Level.ADVANCED: 5}
LONG_TAPER_FROM_WEEKS = 8
"""Plans of this many weeks or more taper over two weeks (Bosquet et al. 2007's best taper)."""

SHORT_GOAL_MAX_M = 10_000.0
LONG_GOAL_MIN_M = 21_000.0

ORDER_SHORT = (Family.INTERVALS, Family.HILLS, Family.PYRAMID, Family.TEMPO, Family.FARTLEK)
ORDER_MIDDLE = (Family.HILLS, Family.INTERVALS, Family.TEMPO, Family.PYRAMID, Family.FARTLEK)
ORDER_LONG = (Family.HILLS, Family.TEMPO, Family.PYRAMID, Family.TEMPO, Family.INTERVALS)


SECOND_SESSION_SHIFT = 2
"""A second weekly session runs two places ahead in the family order, so the two sessions
do not take turns with the same family block after block."""


class WeekKind(StrEnum):
    """What a week is for."""

    BUILD = "build"
    LIGHTER = "lighter"
    TAPER = "taper"
    RACE = "race"


@dataclass(frozen=True)
class Slot:
    """One week of the plan: its kind, the block's family and form, and the week in the block."""

    week: int
    kind: WeekKind
    family: Family | None
    form: str | None
    block: int
    block_week: int
    block_length: int
    previous_family: Family | None = None


def family_order(level: Level, goal_metres: float | None) -> tuple[Family, ...]:
    """The order families come in for this goal, beginners starting with fartlek."""
    order: tuple[Family, ...]
    if goal_metres is None or goal_metres <= SHORT_GOAL_MAX_M:
        order = ORDER_SHORT
    elif goal_metres >= LONG_GOAL_MIN_M:
        order = ORDER_LONG
    else:
        order = ORDER_MIDDLE
    if level is Level.BEGINNER:
        order = (Family.FARTLEK, *[f for f in order if f is not Family.FARTLEK])
    return order


def block_sizes(build_weeks: int, level: Level, last_is_all_build: bool = False) -> list[int]:
    """Share ``build_weeks`` into blocks of about the level's length, as evenly as possible
    (longer blocks first), none with more build weeks than a family progresses through."""
    if build_weeks <= 0:
        return []
    count = max(1, round(build_weeks / BLOCK_WEEKS[level]))
    while True:
        base, extra = divmod(build_weeks, count)
        sizes = [base + 1 if index < extra else base for index in range(count)]
        last_limit = MAX_WEEK if last_is_all_build else MAX_WEEK + 1
        if max(sizes) <= MAX_WEEK + 1 and sizes[-1] <= last_limit:
            return sizes
        count += 1


def taper_weeks(weeks: int, has_race: bool) -> int:
    """Weeks at the end that taper (race week included)."""
    if not has_race:
        return 0
    return 2 if weeks >= LONG_TAPER_FROM_WEEKS else 1


def layout(
    weeks: int,
    level: Level,
    goal_metres: float | None,
    has_race: bool,
    alongside: list[Slot] | None = None,
) -> list[Slot]:
    """Every week of the plan. ``alongside`` is the first session's layout when this is the
    second session of the week: its blocks then take a different family from the first's."""
    tapering = taper_weeks(weeks, has_race)
    sizes = block_sizes(weeks - tapering, level, last_is_all_build=has_race)
    families = _block_families(len(sizes), family_order(level, goal_metres), alongside)
    slots: list[Slot] = []
    seen: dict[Family, int] = {}
    for block, (size, family) in enumerate(zip(sizes, families, strict=True)):
        forms = FAMILIES[family].forms
        form = forms[seen.get(family, 0) % len(forms)]
        seen[family] = seen.get(family, 0) + 1
        lighter = size >= 3 and not (has_race and block == len(sizes) - 1)
        previous = families[block - 1] if block else None
        for index in range(size):
            kind = WeekKind.LIGHTER if lighter and index == size - 1 else WeekKind.BUILD
            slots.append(
                Slot(len(slots) + 1, kind, family, form, block + 1, index + 1, size, previous)
            )
    last = slots[-1] if slots else None
    for index in range(tapering):
        kind = WeekKind.RACE if index == tapering - 1 else WeekKind.TAPER
        tapered = last if last is not None and kind is WeekKind.TAPER else None
        slots.append(
            Slot(
                len(slots) + 1,
                kind,
                tapered.family if tapered else None,
                tapered.form if tapered else None,
                len(sizes) + 1,
                index + 1,
                tapering,
            )
        )
    return slots


def _block_families(
    count: int, order: tuple[Family, ...], alongside: list[Slot] | None
) -> list[Family]:
    """The family of each block; a second session avoids the first's family and its own last."""
    if alongside is None:
        return [order[block % len(order)] for block in range(count)]
    first = {slot.block: slot.family for slot in alongside}
    chosen: list[Family] = []
    for block in range(count):
        shift = (block + SECOND_SESSION_SHIFT) % len(order)
        rotated = order[shift:] + order[:shift]
        avoid = {first.get(block + 1), chosen[-1] if chosen else None}
        chosen.append(next(f for f in rotated if f not in avoid))
    return chosen
