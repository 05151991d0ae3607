"""Daniels' limits on how much threshold, interval and repetition running one session may hold.

Daniels' Running Formula (3rd ed., ch. 4; SCIENCE.md 7.1), as a share of weekly volume:

* T (threshold: tempo, cruise intervals): at most 10 % of the week;
* I (interval: hard reps of two minutes and more): at most the lesser of 10 km and 8 %;
* R (repetition: hard reps under two minutes): at most the lesser of 8 km and 5 %.

The work of a session is classed by its target and rep length, and measured in kilometres with
the runner's resolved paces (the middle of each range).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from speedplay.physiology.targets import Runner, resolve_step
from speedplay.races import Race
from speedplay.workout.model import (
    DistanceDuration,
    Intensity,
    IntensityTarget,
    Intent,
    RacePaceTarget,
    RpeTarget,
    Step,
    TimeDuration,
    Workout,
)

I_REP_MIN_S = 120.0
"""Hard reps of two minutes or more are I work; shorter ones R work (Daniels: R reps <= 2 min,
I reps 3-5 min; about two minutes are needed to reach VO2max)."""

OPEN_STEP_S = 60.0
"""An open hard step (a surge to a landmark) is counted as a minute."""


class Zone(StrEnum):
    """Daniels' quality zones."""

    T = "T"
    I = "I"  # noqa: E741 - Daniels' own letter
    R = "R"


@dataclass(frozen=True)
class Cap:
    """The most kilometres of a zone a session may hold, and the rule in words."""

    zone: Zone
    km: float
    rule: str


def caps_for(weekly_km: float) -> dict[Zone, Cap]:
    """Daniels' caps for a weekly volume [km]."""
    return {
        Zone.T: Cap(Zone.T, 0.10 * weekly_km, "T at most 10% of the week"),
        Zone.I: Cap(Zone.I, min(10.0, 0.08 * weekly_km), "I at most 8% of the week or 10 km"),
        Zone.R: Cap(Zone.R, min(8.0, 0.05 * weekly_km), "R at most 5% of the week or 8 km"),
    }


def quality_km(workout: Workout, runner: Runner) -> dict[Zone, float]:
    """Kilometres of T, I and R work in a session, with the runner's paces."""
    totals = dict.fromkeys(Zone, 0.0)
    for expanded in workout.expanded():
        step = expanded.step
        zone = zone_of(step)
        if zone is not None and step.intent is Intent.WORK:
            totals[zone] += _km(step, runner)
    return totals


def zone_of(step: Step) -> Zone | None:
    """Which of Daniels' zones a step's work falls in, if any."""
    target = step.target
    if isinstance(target, RpeTarget):
        if target.high <= 6:
            return None
        if target.high == 7:
            return Zone.T
        return Zone.I if _seconds(step) >= I_REP_MIN_S else Zone.R
    if isinstance(target, IntensityTarget):
        return {
            Intensity.THRESHOLD: Zone.T,
            Intensity.INTERVAL: Zone.I,
            Intensity.REPETITION: Zone.R,
        }.get(target.intensity)
    if isinstance(target, RacePaceTarget):
        if target.race.metres <= Race.MILE.metres:
            return Zone.R
        return Zone.I if target.race.metres <= Race.K10.metres else Zone.T
    return None


def _seconds(step: Step) -> float:
    if isinstance(step.duration, TimeDuration):
        return step.duration.seconds
    if isinstance(step.duration, DistanceDuration):
        return step.duration.meters / 4.0  # about 4 m/s: only to tell long reps from short
    return OPEN_STEP_S


def _km(step: Step, runner: Runner) -> float:
    if isinstance(step.duration, DistanceDuration):
        return step.duration.meters / 1000
    pace = resolve_step(step, runner).pace
    if pace is None:
        return 0.0
    return _seconds(step) / ((pace[0] + pace[1]) / 2)
