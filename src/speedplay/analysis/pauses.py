"""Stops: the watch's timer stopped, a gap in the records, or the runner standing still.

A pause is not running and not a recovery: a traffic light in a city run, a stop to tie a
shoe, the watch paused between reps. Its time is left out of every segment's moving time and
pace, and it never makes the edge of a rep.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from speedplay.analysis.activity import Series
from speedplay.analysis.median import rolling_median

GAP_S = 10.0
GAP_MOVED_M = 10.0
"""A gap of over 10 s between records across which the runner moved under 10 m is a pause
(a dropout while running keeps its interpolated speed)."""

STANDING_SPEED = 0.5
"""m/s: slower than the slowest walk or a steep hike; GPS drift at rest stays under it once
median-filtered."""

STANDING_WINDOW_S = 5
MIN_PAUSE_S = 5
"""Standing is judged on a 5 s median of speed, and counts as a pause from 5 s on."""


@dataclass(frozen=True)
class Pause:
    """A stop, from ``start_s`` to ``end_s`` [s from the first record]."""

    start_s: float
    end_s: float

    @property
    def seconds(self) -> float:
        return self.end_s - self.start_s


def paused_seconds(
    time: Series,
    speed: Series,
    elapsed: Series,
    distance: Series,
    timer_stops: tuple[tuple[float, float], ...],
) -> np.ndarray:
    """Which seconds of a one-second grid (``time``, ``speed``) are a pause, given the
    records' times and distances and the spans the watch's timer was stopped."""
    paused = np.zeros(len(time), dtype=bool)
    for start, end in timer_stops:
        paused[(time >= start) & (time < end)] = True
    for index in np.flatnonzero(np.diff(elapsed) > GAP_S):
        before, after = distance[index], distance[index + 1]
        moved = np.isfinite(before) and np.isfinite(after) and after - before > GAP_MOVED_M
        if not moved:
            paused[(time > elapsed[index]) & (time < elapsed[index + 1])] = True
    standing = rolling_median(np.nan_to_num(speed), STANDING_WINDOW_S) < STANDING_SPEED
    paused |= standing
    return _without_short(paused, MIN_PAUSE_S)


def pauses_of(time: Series, paused: np.ndarray) -> list[Pause]:
    """The pauses of a grid as spans [s]."""
    padded = np.concatenate([[False], paused, [False]]).astype(int)
    changes = np.flatnonzero(np.diff(padded))
    step = float(time[1] - time[0]) if len(time) > 1 else 1.0
    return [
        Pause(float(time[a]), float(time[b - 1]) + step)
        for a, b in zip(changes[::2], changes[1::2], strict=True)
    ]


def _without_short(mask: np.ndarray, shortest: int) -> np.ndarray:
    out = mask.copy()
    padded = np.concatenate([[False], mask, [False]]).astype(int)
    changes = np.flatnonzero(np.diff(padded))
    for a, b in zip(changes[::2], changes[1::2], strict=True):
        if b - a < shortest:
            out[a:b] = False
    return out
