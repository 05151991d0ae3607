"""The five session families and their four-week progressions.

Each family is a function ``(level, week, options) -> Workout``; :data:`FAMILIES` describes them
for people (what each trains, how it progresses) and :func:`build_workout` dispatches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from speedplay.workout.families import fartlek, hills, intervals, pyramid, tempo
from speedplay.workout.families.common import (
    MAX_WEEK,
    Family,
    FamilyOptions,
    Level,
)
from speedplay.workout.model import Workout


@dataclass(frozen=True)
class FamilyInfo:
    """A family as the coach explains it."""

    family: Family
    title: str
    trains: str
    progression: str
    forms: tuple[str, ...]
    build: Callable[[Level, int, FamilyOptions], Workout]


FAMILIES: dict[Family, FamilyInfo] = {
    info.family: info
    for info in (
        FamilyInfo(
            Family.INTERVALS,
            "Basic intervals",
            "Speed and the ability to recover on the move: equal bouts of hard running and jog.",
            "Starts at 3-5 cycles of 30 s on / 30 s off by level and adds one cycle a week.",
            intervals.FORMS,
            intervals.build,
        ),
        FamilyInfo(
            Family.FARTLEK,
            "Fartlek",
            "Speed by feel: surges to landmarks or through a song's chorus, jogging between.",
            "Adds one surge a week; the guided form adds one to last week's pattern; Mona is "
            "a fixed 20-minute benchmark.",
            fartlek.FORMS,
            fartlek.build,
        ),
        FamilyInfo(
            Family.HILLS,
            "Hill sprints and repeats",
            "Strength and power with little impact: run up hard, jog or walk back down.",
            "Adds one rep a week up to a ceiling, then makes each rep 10% longer.",
            hills.FORMS,
            hills.build,
        ),
        FamilyInfo(
            Family.PYRAMID,
            "Pyramids",
            "Speed and endurance together: build to a peak and back down, equal recovery.",
            "Raises the peak by 30 s (or 100-200 m) a week over the same rungs.",
            pyramid.FORMS,
            pyramid.build,
        ),
        FamilyInfo(
            Family.TEMPO,
            "Tempo runs",
            "The lactate threshold: 'pushing, not bursting' at RPE 7 for 15-40 minutes.",
            "Grows about 15% a week from 15-25 min toward 40 min; never above 60 min.",
            tempo.FORMS,
            tempo.build,
        ),
    )
}


def build_workout(
    family: Family, level: Level, week: int, options: FamilyOptions | None = None
) -> Workout:
    """The session of ``family`` for ``level`` in ``week`` of its block."""
    return FAMILIES[family].build(level, week, options or FamilyOptions())


__all__ = [
    "FAMILIES",
    "MAX_WEEK",
    "Family",
    "FamilyInfo",
    "FamilyOptions",
    "Level",
    "build_workout",
]
