"""LTHR and threshold pace from a 30-minute solo time trial (Friel's field test).

Friel: run 30 minutes all out, alone (not in a race); press lap at 10 minutes; the average heart
rate of the last 20 minutes approximates the lactate-threshold heart rate, and the test's average
pace is the threshold pace. (Friel, quoted on athleticimprovementcenter.com.)

The function takes the recording's time, speed and heart-rate series, already read from a file,
and refuses data that is not such a test, saying why: too short or too long, heart rate missing,
stops, or a pace too uneven for a maximal steady effort.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from speedplay.errors import InvalidValueError

TEST_SECONDS = 30 * 60.0
HR_WINDOW_START_S = 10 * 60.0
"""Friel's lap at 10 minutes: LTHR is the mean of what follows."""

DURATION_TOLERANCE_S = 2 * 60.0
"""A test of 28-32 minutes is accepted; the analysis uses its first 30 minutes."""

MIN_HR_COVERAGE = 0.9
"""At least 90% of the last 20 minutes must have heart rate."""

STOPPED_SPEED = 1.0
MAX_STOPPED_S = 30.0
"""Slower than 1 m/s (a slow walk) for more than 30 s in all is a stop, not a time trial."""

MAX_PACE_VARIATION = 0.12
"""Minute-by-minute speed varying more than 12% (coefficient of variation) is not steady."""


@dataclass(frozen=True)
class ThresholdEstimate:
    """What the test says: LTHR [bpm] and threshold pace [s/km]."""

    lthr: float
    pace_s_per_km: float
    distance_m: float


def estimate_threshold(
    elapsed_s: Sequence[float],
    speed_m_per_s: Sequence[float],
    heart_rate: Sequence[float | None],
) -> ThresholdEstimate:
    """Friel's LTHR and threshold pace from a time trial's series, one value per record."""
    if not (len(elapsed_s) == len(speed_m_per_s) == len(heart_rate)) or len(elapsed_s) < 2:
        raise InvalidValueError("a time trial needs matching time, speed and heart-rate series")
    distance_m = cumulative_distance(elapsed_s, speed_m_per_s)
    duration = elapsed_s[-1] - elapsed_s[0]
    if abs(duration - TEST_SECONDS) > DURATION_TOLERANCE_S:
        raise InvalidValueError(
            f"not a 30-minute time trial: it lasts {duration / 60:.1f} min (28-32 min accepted)"
        )
    start = elapsed_s[0]
    inside = [i for i, t in enumerate(elapsed_s) if t - start <= TEST_SECONDS]
    _refuse_stops(elapsed_s, distance_m, inside)
    _refuse_uneven(elapsed_s, distance_m, inside)
    window = [i for i in inside if elapsed_s[i] - start >= HR_WINDOW_START_S]
    rates = [heart_rate[i] for i in window]
    known = [r for r in rates if r is not None and r > 0]
    if len(known) < MIN_HR_COVERAGE * len(rates) or not known:
        raise InvalidValueError(
            "not usable as a threshold test: heart rate is missing for more than 10% "
            "of the last 20 minutes"
        )
    covered = distance_m[inside[-1]] - distance_m[inside[0]]
    seconds = elapsed_s[inside[-1]] - elapsed_s[inside[0]]
    return ThresholdEstimate(
        lthr=sum(known) / len(known), pace_s_per_km=seconds / covered * 1000, distance_m=covered
    )


def cumulative_distance(elapsed_s: Sequence[float], speed_m_per_s: Sequence[float]) -> list[float]:
    """Distance [m] at each record, integrating speed with the trapezoid rule."""
    distance = [0.0]
    for index in range(1, len(elapsed_s)):
        dt = elapsed_s[index] - elapsed_s[index - 1]
        distance.append(distance[-1] + dt * (speed_m_per_s[index] + speed_m_per_s[index - 1]) / 2)
    return distance


def _refuse_stops(elapsed: Sequence[float], distance: Sequence[float], inside: list[int]) -> None:
    stopped = 0.0
    for a, b in itertools.pairwise(inside):
        dt = elapsed[b] - elapsed[a]
        if dt > 0 and (distance[b] - distance[a]) / dt < STOPPED_SPEED:
            stopped += dt
    if stopped > MAX_STOPPED_S:
        raise InvalidValueError(
            f"not a time trial: the runner stopped or walked for {stopped:.0f} s"
        )


def _refuse_uneven(elapsed: Sequence[float], distance: Sequence[float], inside: list[int]) -> None:
    speeds = []
    minute_start = inside[0]
    for index in inside[1:]:
        if elapsed[index] - elapsed[minute_start] >= 60:
            dt = elapsed[index] - elapsed[minute_start]
            speeds.append((distance[index] - distance[minute_start]) / dt)
            minute_start = index
    if len(speeds) < 2:
        return
    mean = sum(speeds) / len(speeds)
    spread = math.sqrt(sum((s - mean) ** 2 for s in speeds) / len(speeds))
    if mean <= 0 or spread / mean > MAX_PACE_VARIATION:
        raise InvalidValueError(
            f"not a steady time trial: pace varies {spread / mean:.0%} minute to minute "
            f"(at most {MAX_PACE_VARIATION:.0%} for a maximal steady effort)"
        )
