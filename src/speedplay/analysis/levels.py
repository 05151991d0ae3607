"""Two levels of effort, or none: is there hard running in this run, and where does it start?

Otsu's method (Otsu 1979, doi:10.1109/TSMC.1979.4310076) splits a histogram of speeds into the
classes with the largest between-class variance. A split is only believed when the fast class
stands clear of the slow one: at least ``MIN_RELATIVE_GAP`` faster and ``MIN_SEPARATION``
within-class standard deviations away. Steady running, even hilly or stop-and-go, fails that
test; the known failure of interval detectors is to find dozens of reps in a steady run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from speedplay.analysis.activity import Series

MIN_RELATIVE_GAP = 0.12
MIN_SEPARATION = 4.0
"""The fast class must be 12 % faster and four within-class SDs from the slow one."""

HYSTERESIS = 0.15
"""Hysteresis half-band, as a share of the distance between the two class means."""

MOVING_SPEED = 0.5
"""Samples slower than this [m/s] take no part in the split."""

MIN_CLASS_SAMPLES = 8
"""Each class needs at least this many samples (seconds)."""

TOP_SPEED = 11.0
BIN_WIDTH = 0.05
"""Histogram range and bin width [m/s]."""


@dataclass(frozen=True)
class Levels:
    """A split of speeds into easy and hard: the threshold, the hysteresis half-band, and the
    mean of each class [m/s]."""

    threshold: float
    band: float
    easy: float
    hard: float


def two_levels(values: Series) -> Levels | None:
    """The split between hard and easy running, or None when there is no clearly separate
    hard level.

    Otsu on two classes first; sessions whose recoveries are slower than their warm-up have
    three levels (jog, easy, hard), so when two classes are not clearly apart the three-class
    split is tried and its top class tested against the middle one.
    """
    moving = values[np.isfinite(values) & (values > MOVING_SPEED)]
    if len(moving) < 2 * MIN_CLASS_SAMPLES:
        return None
    counts = _histogram(np.clip(moving, None, TOP_SPEED))
    centres = CENTRES
    two = _otsu(counts, centres, classes=2)
    found = separated(moving, two[-1], None) if two else None
    if found is None:
        three = _otsu(counts, centres, classes=3)
        if three:
            found = separated(moving, three[1], three[0])
    return found


EDGES = np.arange(MOVING_SPEED, TOP_SPEED + BIN_WIDTH, BIN_WIDTH)
CENTRES = (EDGES[:-1] + EDGES[1:]) / 2


def _histogram(values: Series) -> np.ndarray:
    """Counts of ``values`` in the bins between ``EDGES``, as ``np.histogram`` counts them
    (each bin holds its left edge, the last its right edge too), by one binary search a
    value: ``np.histogram`` given edges sorts the values first, three times slower."""
    bins = len(EDGES) - 1
    index = np.searchsorted(EDGES, values, side="right") - 1
    index[values == EDGES[-1]] = bins - 1
    inside = (index >= 0) & (index < bins)
    return np.bincount(index[inside], minlength=bins)


def _otsu(counts: np.ndarray, centres: Series, classes: int) -> list[float] | None:
    """Thresholds maximising the between-class variance of a histogram (Otsu 1979). Every
    split is scored at once from cumulative sums; of equal scores the first (lowest) wins."""
    weight = np.concatenate([[0.0], np.cumsum(counts).astype(float)])
    mass = np.concatenate([[0.0], np.cumsum(counts * centres)])
    if weight[-1] == 0:
        return None
    n = len(centres)

    def part(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:  # bins lo..hi inclusive
        w = weight[hi + 1] - weight[lo]
        m = mass[hi + 1] - mass[lo]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(w > 0, m * m / np.where(w > 0, w, 1.0), 0.0)

    if classes == 2:
        k = np.arange(n - 1)
        scores = part(np.zeros_like(k), k) + part(k + 1, np.full_like(k, n - 1))
        return [_between(centres, int(np.argmax(scores)))] if len(scores) else None
    occupied = np.flatnonzero(counts)
    lo, hi = int(occupied[0]), int(occupied[-1])
    if hi - lo < 2:
        return None
    k = np.arange(lo, hi)[:, None]
    m = np.arange(lo, hi)[None, :]
    scores = part(np.zeros_like(k), k) + part(k + 1, np.maximum(m, k + 1))
    scores = scores + part(m + 1, np.full_like(m, n - 1))
    scores = np.where(m > k, scores, -np.inf)
    first, second = np.unravel_index(int(np.argmax(scores)), scores.shape)
    if not np.isfinite(scores[first, second]):
        return None
    return [_between(centres, lo + int(first)), _between(centres, lo + int(second))]


def _between(centres: Series, k: int) -> float:
    """The boundary between histogram bins k and k + 1."""
    return float((centres[k] + centres[k + 1]) / 2)


def separated(moving: Series, cut: float, floor: float | None) -> Levels | None:
    """The split at ``cut`` when the class above it stands clear of the one below it (above
    ``floor`` when there are three classes); None otherwise."""
    high = moving[moving > cut]
    low = moving[(moving <= cut) & ((moving > floor) if floor is not None else True)]
    if len(high) < MIN_CLASS_SAMPLES or len(low) < MIN_CLASS_SAMPLES:
        return None
    spread = np.sqrt((low.var() * len(low) + high.var() * len(high)) / (len(low) + len(high)))
    gap = high.mean() - low.mean()
    if gap < MIN_RELATIVE_GAP * low.mean() or gap < MIN_SEPARATION * max(spread, 1e-9):
        return None
    middle = float((high.mean() + low.mean()) / 2)
    return Levels(middle, float(HYSTERESIS * gap), float(low.mean()), float(high.mean()))


STAND_OUT = 0.20
"""A hard bout is at least 20 % faster than the running around it: a threshold rep against
easy running, or any rep against its recovery jog. Steady runs surge by less (a hill, a
junction); a surge no faster is not a rep."""


def clearly_faster(hard: float, easy: float) -> bool:
    """Whether a bout at ``hard`` [m/s] stands out from running at ``easy`` around it."""
    return hard > (1 + STAND_OUT) * easy
