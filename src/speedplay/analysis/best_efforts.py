"""The fastest stretches inside a run: best 1 km, mile, 3 km and 5 km, best 20 and 30 minutes.

A best effort inside a training run is a floor on fitness, not a race: the history shows it as
a trend and names the run it came from. Computed on the one-second grid: the fastest time over
a distance is, for every start second, the first second by which the distance was covered
(a binary search over the cumulative distance); the longest distance in a time is the distance
covered between every second and the one ``T`` seconds later.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from speedplay.analysis.activity import Series

BEST_DISTANCES = {"1k": 1000.0, "mile": 1609.344, "3k": 3000.0, "5k": 5000.0}
BEST_DURATIONS = {"20min": 1200, "30min": 1800}


@dataclass(frozen=True)
class BestEffort:
    """The fastest stretch of a run for a distance or a duration: metres in seconds."""

    label: str
    metres: float
    seconds: float


def best_efforts(time: Series, distance: Series) -> list[BestEffort]:
    """Every best effort the run is long enough for, on a regular grid (``time`` in seconds,
    ``distance`` cumulative metres)."""
    found = []
    finite = np.isfinite(distance)
    if len(time) < 2 or not finite.all():
        distance = np.maximum.accumulate(np.where(finite, distance, 0.0))
    for label, metres in BEST_DISTANCES.items():
        fastest = fastest_time(time, distance, metres)
        if fastest is not None:
            found.append(BestEffort(label, metres, fastest))
    for label, seconds in BEST_DURATIONS.items():
        longest = longest_distance(time, distance, seconds)
        if longest is not None:
            found.append(BestEffort(label, longest, float(seconds)))
    return found


def fastest_time(time: Series, distance: Series, metres: float) -> float | None:
    """The least time [s] in which ``metres`` were covered, or None when the run is shorter."""
    if len(distance) < 2 or distance[-1] - distance[0] < metres:
        return None
    ends = np.searchsorted(distance, distance + metres, side="left")
    valid = ends < len(distance)
    if not valid.any():
        return None
    starts = np.flatnonzero(valid)
    return float(np.min(time[ends[valid]] - time[starts]))


def longest_distance(time: Series, distance: Series, seconds: int) -> float | None:
    """The most metres covered in ``seconds`` (grid at 1 Hz), or None when the run is shorter."""
    if len(time) <= seconds or time[-1] - time[0] < seconds:
        return None
    return float(np.max(distance[seconds:] - distance[:-seconds]))
