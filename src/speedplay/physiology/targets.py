"""Resolve a workout's targets for one runner: every step gets a pace range and heart rate.

Effort targets keep their RPE and gain a pace range (by rep length, :mod:`effort`) and, when the
runner's LTHR is known and the step lasts long enough for heart rate to follow, a heart-rate
range; named intensities and race paces resolve from the
runner's fitness; steps with no target resolve by their intent (warm-up and cool-down at easy
pace, a jog a little slower, a float between marathon and half-marathon pace). Walks and
standing rest get no pace.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from speedplay.physiology.effort import (
    HARD_RPE,
    HEART_RATE_RESPONSE_S,
    OPEN_REP_ASSUMED_S,
    effort_heart_rate,
    effort_pace_range,
)
from speedplay.physiology.heart_rate import check_heart_rate
from speedplay.physiology.training_paces import training_paces
from speedplay.physiology.vdot import race_time
from speedplay.units import METRES_PER_KM
from speedplay.workout.model import (
    DistanceDuration,
    HeartRateTarget,
    Intensity,
    IntensityTarget,
    Intent,
    OpenDuration,
    PaceTarget,
    RacePaceTarget,
    RecoveryStyle,
    RpeTarget,
    Step,
    TimeDuration,
)

PACE_BAND = 0.015
"""A single pace (T, 5k pace) becomes a range of +/-1.5 %, about +/-4 s/km at 4:15/km: room
for a watch's GPS, not for drifting into another intensity."""

JOG_SLOWER = 1.15
"""A recovery jog spans easy pace's slow end to 15 % slower."""

DISTANCE_ITERATIONS = 4
"""A distance rep's length in time depends on its pace and vice versa; this many rounds agree
to well under a second."""

INTENSITY_EFFORT = {
    Intensity.EASY: (3, 4),
    Intensity.MARATHON: (5, 5),
    Intensity.THRESHOLD: (7, 7),
    Intensity.INTERVAL: (9, 9),
    Intensity.REPETITION: (9, 10),
}
"""The effort each named intensity sits at, for its heart-rate range."""


RACE_EFFORT = (
    (15 * 60.0, (9, 10)),
    (30 * 60.0, (8, 9)),
    (75 * 60.0, (7, 7)),
    (150 * 60.0, (5, 6)),
    (math.inf, (5, 5)),
)
"""Race length [s] up to which a race pace sits at an effort: a 5k is RPE 8-9, a marathon 5."""


@dataclass(frozen=True)
class Runner:
    """What the resolution knows: VDOT (from a race) and LTHR [bpm]; either may be unknown."""

    vdot: float | None
    lthr: float | None = None

    def __post_init__(self) -> None:
        if self.lthr is not None:
            check_heart_rate(self.lthr, "LTHR")


@dataclass(frozen=True)
class Resolved:
    """A step's targets for this runner: pace range [s/km] fast first, heart rate [bpm]."""

    pace: tuple[float, float] | None
    heart_rate: tuple[int, int] | None


def resolve_step(step: Step, runner: Runner) -> Resolved:
    """The pace range and heart-rate range this runner should hold in ``step``. A heart-rate
    range the runner did not write is left out of a step too short for heart rate to follow
    (:data:`~speedplay.physiology.effort.HEART_RATE_RESPONSE_S`): it would show the step
    before."""
    resolved = _resolve(step, runner)
    if resolved.heart_rate is None or isinstance(step.target, HeartRateTarget):
        return resolved
    seconds = _step_seconds(step, resolved.pace)
    if seconds is not None and seconds < HEART_RATE_RESPONSE_S:
        return Resolved(resolved.pace, None)
    return resolved


def _step_seconds(step: Step, pace: tuple[float, float] | None) -> float | None:
    """How long the step lasts [s]: its time, or its distance at its slower pace; a hard open
    step (a fartlek surge to a landmark) the minute its pace is set for; None when that cannot
    be known (another open step, a distance with no pace)."""
    duration = step.duration
    if isinstance(duration, TimeDuration):
        return duration.seconds
    if isinstance(duration, DistanceDuration) and pace is not None:
        return duration.meters / METRES_PER_KM * pace[1]
    if isinstance(step.target, RpeTarget) and step.target.high >= HARD_RPE:
        return OPEN_REP_ASSUMED_S if isinstance(duration, OpenDuration) else None
    return None


def _resolve(step: Step, runner: Runner) -> Resolved:
    target = step.target
    if isinstance(target, PaceTarget):
        return Resolved((target.fast, target.slow), None)
    if isinstance(target, HeartRateTarget):
        return Resolved(None, (target.low, target.high))
    if isinstance(target, RpeTarget):
        return Resolved(
            _effort_pace(step, target, runner.vdot), _heart_rate(runner, target.low, target.high)
        )
    if isinstance(target, IntensityTarget):
        low, high = INTENSITY_EFFORT[target.intensity]
        pace = None if runner.vdot is None else _intensity_pace(target.intensity, runner.vdot)
        return Resolved(pace, _heart_rate(runner, low, high))
    if isinstance(target, RacePaceTarget):
        if runner.vdot is None:
            return Resolved(None, None)
        metres = target.race.metres
        seconds = race_time(runner.vdot, metres)
        low, high = race_effort(seconds)
        return Resolved(_band(seconds / (metres / METRES_PER_KM)), _heart_rate(runner, low, high))
    return _by_intent(step, runner)


def race_effort(race_seconds: float) -> tuple[int, int]:
    """The effort a race of this length is run at, for its heart rate: the longer, the lower."""
    for longest, effort in RACE_EFFORT:
        if race_seconds <= longest:
            return effort
    return RACE_EFFORT[-1][1]


def _effort_pace(step: Step, target: RpeTarget, vdot: float | None) -> tuple[float, float] | None:
    if vdot is None:
        return None
    duration = step.duration
    if isinstance(duration, TimeDuration):
        fast, slow = effort_pace_range(vdot, target.low, target.high, duration.seconds)
    else:
        fast, slow = effort_pace_range(vdot, target.low, target.high, None)
    if isinstance(duration, DistanceDuration):
        for _ in range(DISTANCE_ITERATIONS):
            seconds = duration.meters / METRES_PER_KM * (fast + slow) / 2
            fast, slow = effort_pace_range(vdot, target.low, target.high, seconds)
    return _band(fast) if fast == slow else (fast, slow)


def _intensity_pace(intensity: Intensity, vdot: float) -> tuple[float, float]:
    paces = training_paces(vdot)
    if intensity is Intensity.EASY:
        return paces.easy
    single = {
        Intensity.MARATHON: paces.marathon,
        Intensity.THRESHOLD: paces.threshold,
        Intensity.INTERVAL: paces.interval,
        Intensity.REPETITION: paces.repetition,
    }[intensity]
    return _band(single)


def _by_intent(step: Step, runner: Runner) -> Resolved:
    easy = None if runner.vdot is None else training_paces(runner.vdot).easy
    if step.intent in (Intent.WARMUP, Intent.COOLDOWN, Intent.EASY):
        return Resolved(easy, _heart_rate(runner, 2, 4))
    if step.intent is Intent.RECOVERY and step.style is RecoveryStyle.JOG:
        jog = None if easy is None else (easy[1], easy[1] * JOG_SLOWER)
        return Resolved(jog, _heart_rate(runner, 1, 3))
    if step.intent is Intent.RECOVERY and step.style is RecoveryStyle.FLOAT:
        floating = None if runner.vdot is None else effort_pace_range(runner.vdot, 5, 6, None)
        return Resolved(floating, _heart_rate(runner, 5, 6))
    return Resolved(None, None)


def _heart_rate(runner: Runner, low: int, high: int) -> tuple[int, int] | None:
    return None if runner.lthr is None else effort_heart_rate(runner.lthr, low, high)


def _band(pace: float) -> tuple[float, float]:
    return pace * (1 - PACE_BAND), pace * (1 + PACE_BAND)
