"""Work and recovery in a recorded run, from the watch's laps or from the data itself.

Detection without laps (docs/models/detection.md):

1. Resample to one sample a second; effort speed is grade-adjusted speed where altitude was
   recorded (so an uphill rep counts as hard), else speed; spikes above a sprinter's speed are
   dropped and dropouts bridged.
2. Smooth: a 5 s median (GPS spikes) then a centred 9 s mean (GPS noise).
3. Two levels: Otsu's threshold splits the smoothed speeds into a fast and a slow class. A run
   whose classes are not clearly apart (fast less than 12 % above slow, or less than four
   within-class standard deviations apart) has no intervals: the known failure of interval
   detectors is to find dozens in a steady run.
4. Hysteresis around the threshold, then clean-up: hard bouts under 8 s are dropped, easy
   gaps under 10 s between hard bouts (a traffic light, a GPS dip) are closed.
5. Each boundary is moved to where lightly smoothed speed has gone 30 % of the way from the
   level before it to the level after it (a runner presses lap, then changes pace), within 8 s;
   of several such crossings, the one with the largest step across it.
6. The easy running before the first and after the last hard bout is the warm-up and the
   cool-down when it lasts three minutes or more.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from speedplay.analysis.activity import Activity, Series
from speedplay.analysis.gap import fill_gaps, grade_adjusted_speed, grade_series, smoothed

PAUSE_GAP_S = 10.0
PAUSE_MOVED_M = 10.0
"""A gap of over 10 s between records across which the runner moved under 10 m is a pause."""

MAX_RUNNING_SPEED = 10.5
"""m/s: faster than any human sprint; such samples are GPS spikes."""

MEDIAN_WINDOW_S = 5
MEAN_WINDOW_S = 9
EDGE_WINDOW_S = 3
"""Smoothing windows [s]: spikes, noise, and the light smoothing used to place boundaries."""

MIN_RELATIVE_GAP = 0.12
MIN_SEPARATION = 4.0
"""The fast class must be 12 % faster and four within-class SDs from the slow one."""

HYSTERESIS = 0.15
"""Hysteresis half-band, as a share of the distance between the two class means."""

CONTRAST_S = 5
"""Seconds either side of a candidate boundary compared to tell a real change from noise."""

EDGE_LEVEL = 0.3
EDGE_MIN_STEP = 0.10
LEVEL_WINDOW_S = 15
"""A boundary is where the pace has gone this share of the way from the level of the 15 s
before it to the level of the 15 s after it."""

MIN_WORK_S = 8
MIN_GAP_S = 10
EDGE_SEARCH_S = 8
WARMUP_MIN_S = 180
"""Shortest hard bout kept, shortest easy gap kept, how far a boundary may move, and the
shortest easy start or finish counted as warm-up or cool-down [s]."""


class Kind(StrEnum):
    """What a segment of the run was."""

    WARMUP = "warmup"
    WORK = "work"
    RECOVERY = "recovery"
    COOLDOWN = "cooldown"
    EASY = "easy"


@dataclass(frozen=True)
class Segment:
    """A stretch of the run [s from the first record], with what it was."""

    kind: Kind
    start_s: float
    end_s: float

    @property
    def seconds(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class Grid:
    """The run on a one-second grid: time, speed, effort (grade-adjusted) speed, grade."""

    time: Series
    speed: Series
    effort: Series
    grade: Series
    distance: Series
    heart_rate: Series
    altitude: Series


def on_grid(activity: Activity) -> Grid:
    """Resample an activity to one sample a second."""
    elapsed = activity.elapsed_s
    time = np.arange(0.0, np.floor(activity.duration_s) + 1.0)
    speed = activity.speed_m_s.copy()
    speed[(speed < 0) | (speed > MAX_RUNNING_SPEED)] = np.nan
    speed_1hz = _resampled(elapsed, speed, time, fill=0.0)
    distance = _resampled(elapsed, activity.distance_m, time, fill=np.nan)
    speed_1hz[_paused(elapsed, activity.distance_m, time)] = 0.0
    if not np.isfinite(distance).any():
        distance = np.concatenate([[0.0], np.cumsum(speed_1hz[1:])])
    altitude = _resampled(elapsed, activity.altitude_m, time, fill=np.nan)
    grade = grade_series(altitude, distance)
    effort = grade_adjusted_speed(speed_1hz, grade) if np.isfinite(altitude).any() else speed_1hz
    heart = _resampled(elapsed, activity.heart_rate, time, fill=np.nan)
    return Grid(time, speed_1hz, effort, grade, fill_gaps(distance), heart, altitude)


def _paused(elapsed: Series, distance: Series, time: Series) -> np.ndarray:
    """Grid seconds inside a pause: a gap between records over ``PAUSE_GAP_S`` across which
    the distance did not grow (a dropout while running keeps its interpolated speed)."""
    paused = np.zeros(len(time), dtype=bool)
    gaps = np.flatnonzero(np.diff(elapsed) > PAUSE_GAP_S)
    for index in gaps:
        before, after = distance[index], distance[index + 1]
        moved = np.isfinite(before) and np.isfinite(after) and after - before > PAUSE_MOVED_M
        if not moved:
            paused[(time > elapsed[index]) & (time < elapsed[index + 1])] = True
    return paused


def _resampled(elapsed: Series, values: Series, time: Series, fill: float) -> Series:
    finite = np.isfinite(values)
    if finite.sum() < 2:
        return np.full(len(time), fill)
    return np.interp(time, elapsed[finite], values[finite])


def detect_segments(grid: Grid) -> list[Segment]:
    """Work and recovery found in the data, with warm-up and cool-down."""
    effort = _median(np.clip(grid.effort, 0, MAX_RUNNING_SPEED), MEDIAN_WINDOW_S)
    smooth = smoothed(effort, MEAN_WINDOW_S)
    split = _two_levels(smooth)
    end = float(grid.time[-1]) if len(grid.time) else 0.0
    if split is None:
        return [Segment(Kind.EASY, 0.0, end)] if end > 0 else []
    threshold, band, _, _ = split
    hard = _hysteresis(smooth, threshold, band)
    runs = _clean(_runs(hard))
    raw = smoothed(
        _median(np.clip(grid.speed, 0, MAX_RUNNING_SPEED), MEDIAN_WINDOW_S), EDGE_WINDOW_S
    )
    gap = smoothed(effort, EDGE_WINDOW_S)
    work = [(_edge(raw, gap, a, rising=True), _edge(raw, gap, b, rising=False)) for a, b in runs]
    return _label([(a, b) for a, b in work if b - a >= MIN_WORK_S], end)


def segments_from_laps(laps: list[tuple[float, float]], grid: Grid) -> list[Segment]:
    """Laps labelled work or recovery by their effort speed against the run's two levels."""
    effort = smoothed(grid.effort, MEAN_WINDOW_S)
    means = [float(np.mean(effort[int(a) : max(int(a) + 1, int(b))])) for a, b in laps]
    split = _two_levels(np.array(means)) if len(means) >= 2 else None
    threshold = split[0] if split else float(np.median(means)) if means else 0.0
    work = [(a, b) for (a, b), m in zip(laps, means, strict=True) if m > threshold]
    end = laps[-1][1] if laps else 0.0
    return _label(work, end, start=laps[0][0] if laps else 0.0)


def _median(values: Series, window: int) -> Series:
    padded = np.pad(values, window // 2, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, window)
    return np.median(windows, axis=1)[: len(values)]


def _two_levels(values: Series) -> tuple[float, float, float, float] | None:
    """The threshold between hard and easy running and the hysteresis half-band, or None when
    the run has no clearly separate hard level.

    Otsu's method on two classes first; sessions whose recoveries are slower than their
    warm-up have three levels (jog, easy, hard), so when two classes are not clearly apart the
    three-class split is tried and its top class tested against the middle one.
    """
    moving = values[values > 0.5]
    if len(moving) < 2 * MIN_WORK_S:
        return None
    counts, edges = np.histogram(moving, bins=np.arange(0.5, MAX_RUNNING_SPEED + 0.05, 0.05))
    centres = (edges[:-1] + edges[1:]) / 2
    two = _otsu(counts, centres, classes=2)
    found = _separated(moving, two[-1], None) if two else None
    if found is None:
        three = _otsu(counts, centres, classes=3)
        if three:
            found = _separated(moving, three[1], three[0])
    return found


def _otsu(counts: np.ndarray, centres: Series, classes: int) -> list[float] | None:
    """Thresholds maximising the between-class variance of a histogram (Otsu 1979)."""
    weight = np.cumsum(counts).astype(float)
    mass = np.cumsum(counts * centres)
    if weight[-1] == 0:
        return None

    def part(lo: int, hi: int) -> float:  # between-class term of bins lo..hi inclusive
        w = weight[hi] - (weight[lo - 1] if lo else 0.0)
        m = mass[hi] - (mass[lo - 1] if lo else 0.0)
        return m * m / w if w > 0 else 0.0

    n = len(centres)
    best, best_score = None, -1.0
    if classes == 2:
        for k in range(n - 1):
            score = part(0, k) + part(k + 1, n - 1)
            if score > best_score:
                best, best_score = [float(edges_between(centres, k))], score
    else:
        for k in range(n - 2):
            first = part(0, k)
            for m in range(k + 1, n - 1):
                score = first + part(k + 1, m) + part(m + 1, n - 1)
                if score > best_score:
                    best = [float(edges_between(centres, k)), float(edges_between(centres, m))]
                    best_score = score
    return best


def edges_between(centres: Series, k: int) -> float:
    """The boundary between histogram bins k and k + 1."""
    return float((centres[k] + centres[k + 1]) / 2)


def _separated(
    moving: Series, cut: float, floor: float | None
) -> tuple[float, float, float, float] | None:
    """Threshold, band and the two class means when the class above ``cut`` stands clear of the
    one below it (above ``floor`` when there are three classes); None otherwise."""
    high = moving[moving > cut]
    low = moving[(moving <= cut) & ((moving > floor) if floor is not None else True)]
    if len(high) < MIN_WORK_S or len(low) < MIN_WORK_S:
        return None
    spread = np.sqrt((low.var() * len(low) + high.var() * len(high)) / (len(low) + len(high)))
    gap = high.mean() - low.mean()
    if gap < MIN_RELATIVE_GAP * low.mean() or gap < MIN_SEPARATION * max(spread, 1e-9):
        return None
    middle = float((high.mean() + low.mean()) / 2)
    return middle, float(HYSTERESIS * gap), float(low.mean()), float(high.mean())


def _hysteresis(values: Series, threshold: float, band: float) -> np.ndarray:
    state = False
    out = np.zeros(len(values), dtype=bool)
    for index, value in enumerate(values):
        if state and value < threshold - band:
            state = False
        elif not state and value > threshold + band:
            state = True
        out[index] = state
    return out


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Index ranges [start, end) where ``mask`` is true."""
    padded = np.concatenate([[False], mask, [False]]).astype(int)
    changes = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(changes[::2], changes[1::2], strict=True)]


def _clean(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in runs:
        if merged and start - merged[-1][1] < MIN_GAP_S:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [(a, b) for a, b in merged if b - a >= MIN_WORK_S]


def _edge(speed: Series, effort: Series, index: int, rising: bool) -> float:
    """Where the pace has gone ``EDGE_LEVEL`` of the way from the level just before ``index``
    to the level just after it, nearest ``index``. Raw speed places edges sharper than
    grade-adjusted speed, whose grade is smoothed over 20 m; it is used unless the pace barely
    changes at the edge (a climb run at the jog's speed), when the effort signal is."""
    for values in (speed, effort):
        levels = _levels(values, index)
        if levels is not None and abs(levels[1] - levels[0]) >= EDGE_MIN_STEP * levels[0]:
            return _crossing(values, index, levels, rising)
    levels = _levels(effort, index)
    return float(index) if levels is None else _crossing(effort, index, levels, rising)


def _levels(values: Series, index: int) -> tuple[float, float] | None:
    before = values[max(0, index - LEVEL_WINDOW_S - EDGE_SEARCH_S) : max(1, index - EDGE_SEARCH_S)]
    after = values[index + EDGE_SEARCH_S : index + EDGE_SEARCH_S + LEVEL_WINDOW_S]
    if len(before) == 0 or len(after) == 0:
        return None
    return float(np.median(before)), float(np.median(after))


def _crossing(values: Series, index: int, levels: tuple[float, float], rising: bool) -> float:
    """The crossing of the edge level that best separates the two levels: among the crossings
    in the search window, the one with the largest step between the seconds just before and
    just after it (noise crosses the level too, but does not stay across)."""
    start, finish = levels
    level = start + EDGE_LEVEL * (finish - start)
    low = max(1, index - EDGE_SEARCH_S)
    high = min(len(values) - 1, index + EDGE_SEARCH_S)
    sign = 1.0 if rising else -1.0
    best, best_step = float(index), -np.inf
    for i in range(low, high + 1):
        previous, current = values[i - 1], values[i]
        crosses = previous <= level < current if rising else previous > level >= current
        if crosses:
            before = values[max(0, i - CONTRAST_S) : i]
            after = values[i : i + CONTRAST_S]
            step = sign * (float(np.mean(after)) - float(np.mean(before)))
            if step > best_step:
                best_step = step
                best = i - 1 + (level - previous) / (current - previous)
    return best


def _label(work: list[tuple[float, float]], end: float, start: float = 0.0) -> list[Segment]:
    if not work:
        return [Segment(Kind.EASY, start, end)] if end > start else []
    segments: list[Segment] = []
    cursor = start
    for index, (a, b) in enumerate(work):
        if a > cursor:
            kind = Kind.RECOVERY
            if index == 0:
                kind = Kind.WARMUP if a - cursor >= WARMUP_MIN_S else Kind.EASY
            segments.append(Segment(kind, cursor, a))
        segments.append(Segment(Kind.WORK, a, b))
        cursor = b
    if end > cursor:
        kind = Kind.COOLDOWN if end - cursor >= WARMUP_MIN_S else Kind.EASY
        segments.append(Segment(kind, cursor, end))
    return segments
