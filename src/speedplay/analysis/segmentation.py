"""Work and recovery in a recorded run, from the watch's laps or from the data itself.

Detection without laps (docs/models/detection.md):

1. Resample to one sample a second; effort speed is grade-adjusted speed where altitude was
   recorded (so an uphill rep counts as hard), else speed; dropouts are bridged. Pauses
   (``pauses.py``) are taken out: detection runs on the moving seconds only, so a stop is
   never a recovery and never the edge of a rep.
2. Smooth: a 5 s median (GPS spikes) then a centred 9 s mean (GPS noise).
3. Two levels (``levels.py``): Otsu's threshold splits the smoothed speeds into a fast and a
   slow class. A run whose classes are not clearly apart has no intervals.
4. Hysteresis around the threshold, then clean-up: hard bouts under 8 s are dropped, easy
   gaps under 10 s between hard bouts (a traffic light, a GPS dip) are closed.
5. Each boundary is moved to where lightly smoothed speed has gone 30 % of the way from the
   level before it to the level after it (a runner presses lap, then changes pace), within 8 s
   (16 s back when none is that near); of several such crossings, the one with the largest
   step across it.
6. A hard bout that is not clearly faster (``levels.clearly_faster``) than the easy running
   either side of it is dropped.
7. The easy running before the first and after the last hard bout is the warm-up and the
   cool-down when it lasts three minutes or more. Pauses at the edges of segments become
   segments of their own; a pause inside a segment stays in it, out of its moving time.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from speedplay.analysis.activity import Activity, Lap, Series
from speedplay.analysis.cleaning import MAX_SPEED
from speedplay.analysis.gap import fill_gaps, grade_adjusted_speed, grade_series, smoothed
from speedplay.analysis.laps import LapReading
from speedplay.analysis.levels import clearly_faster, two_levels
from speedplay.analysis.median import median, rolling_median
from speedplay.analysis.pauses import Pause, paused_seconds, pauses_of

MAX_RUNNING_SPEED = MAX_SPEED
"""m/s: faster than a runner; samples the repair left above it are not used."""

MEDIAN_WINDOW_S = 5
MEAN_WINDOW_S = 9
EDGE_WINDOW_S = 3
"""Smoothing windows [s]: spikes, noise, and the light smoothing used to place boundaries."""

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
EDGE_WIDE_SEARCH_S = 16
WARMUP_MIN_S = 180
"""Shortest hard bout kept, shortest easy gap kept, how far a boundary may move (and how far
when no crossing is that near), and the shortest easy start or finish counted as warm-up or
cool-down [s]."""

SURROUNDINGS_S = 60
"""A bout is compared with up to a minute of the easy running either side of it."""

LONE_BOUT_S = 300
MAX_HARD_SHARE = 0.7
"""A single hard bout shorter than five minutes is a surge, not a tempo; hard running over
70 % of the moving time is the run itself, its slow stretches walks or stops."""

RAW_STAND_OUT = 0.10
"""A rep on the flat is at least 10 % faster on the ground than the running around it."""

HILL_GRADE = 0.03
"""A hill repeat climbs at 3 % or more and its recovery comes back down."""

EDGE_TOLERANCE_S = 1.0
"""A pause within a second of a segment's edge is at that edge."""


class Kind(StrEnum):
    """What a segment of the run was."""

    WARMUP = "warmup"
    WORK = "work"
    RECOVERY = "recovery"
    COOLDOWN = "cooldown"
    EASY = "easy"
    PAUSE = "pause"


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
    """The run on a one-second grid: time, speed, effort (grade-adjusted) speed, grade, and
    which seconds the runner was moving (not in a pause)."""

    time: Series
    speed: Series
    effort: Series
    grade: Series
    distance: Series
    heart_rate: Series
    altitude: Series
    moving: np.ndarray

    @property
    def pauses(self) -> list[Pause]:
        return pauses_of(self.time, ~self.moving)


def on_grid(activity: Activity) -> Grid:
    """Resample an activity to one sample a second, pauses marked; inside a pause speed is
    zero and distance does not grow (GPS drift at a traffic light is not running)."""
    elapsed = activity.elapsed_s
    time = np.arange(0.0, np.floor(activity.duration_s) + 1.0)
    speed = activity.speed_m_s.copy()
    speed[(speed < 0) | (speed > MAX_RUNNING_SPEED)] = np.nan
    speed_1hz = _resampled(elapsed, speed, time, fill=0.0)
    distance = _resampled(elapsed, activity.distance_m, time, fill=np.nan)
    paused = paused_seconds(time, speed_1hz, elapsed, activity.distance_m, activity.timer_stops)
    speed_1hz[paused] = 0.0
    if not np.isfinite(distance).any():
        distance = np.concatenate([[0.0], np.cumsum(speed_1hz[1:])])
    distance = _still_in_pauses(fill_gaps(distance), paused)
    altitude = _resampled(elapsed, activity.altitude_m, time, fill=np.nan)
    grade = grade_series(altitude, distance)
    effort = grade_adjusted_speed(speed_1hz, grade) if np.isfinite(altitude).any() else speed_1hz
    heart = _resampled(elapsed, activity.heart_rate, time, fill=np.nan)
    return Grid(time, speed_1hz, effort, grade, distance, heart, altitude, ~paused)


def _still_in_pauses(distance: Series, paused: np.ndarray) -> Series:
    """Cumulative distance that does not grow during pauses."""
    if not len(distance) or not np.isfinite(distance).any():
        return distance
    steps = np.diff(distance, prepend=distance[0])
    steps[paused] = 0.0
    return float(distance[0]) + np.cumsum(np.nan_to_num(steps))


def _resampled(elapsed: Series, values: Series, time: Series, fill: float) -> Series:
    finite = np.isfinite(values)
    if finite.sum() < 2:
        return np.full(len(time), fill)
    return np.interp(time, elapsed[finite], values[finite])


def detect_segments(grid: Grid) -> list[Segment]:
    """Work and recovery found in the data, with warm-up, cool-down and pauses."""
    end = float(grid.time[-1]) if len(grid.time) else 0.0
    moving = np.flatnonzero(grid.moving)
    bouts = (
        _bouts(grid.effort[moving], grid.speed[moving], grid.grade[moving])
        if len(moving) >= 2
        else []
    )
    work = [
        (_on_clock(a, moving, grid.time, end=False), _on_clock(b, moving, grid.time, end=True))
        for a, b in bouts
    ]
    return with_pauses(_label(work, end), grid.pauses)


def _bouts(
    effort_moving: Series, speed_moving: Series, grade_moving: Series
) -> list[tuple[float, float]]:
    """Hard bouts [fractional index into the moving seconds]."""
    effort = rolling_median(np.clip(effort_moving, 0, MAX_RUNNING_SPEED), MEDIAN_WINDOW_S)
    smooth = smoothed(effort, MEAN_WINDOW_S)
    levels = two_levels(smooth)
    if levels is None:
        return []
    hard = _hysteresis(smooth, levels.threshold, levels.band)
    runs = _clean(_runs(hard))
    raw = smoothed(
        rolling_median(np.clip(speed_moving, 0, MAX_RUNNING_SPEED), MEDIAN_WINDOW_S), EDGE_WINDOW_S
    )
    gap = smoothed(effort, EDGE_WINDOW_S)
    work = [(_edge(raw, gap, a, rising=True), _edge(raw, gap, b, rising=False)) for a, b in runs]
    work = [(a, b) for a, b in work if b - a >= MIN_WORK_S]
    speed = smoothed(
        rolling_median(np.clip(speed_moving, 0, MAX_RUNNING_SPEED), MEDIAN_WINDOW_S), 9
    )
    kept = [
        bout
        for index, bout in enumerate(work)
        if _stands_out(_around(work, index, len(smooth)), smooth, speed, grade_moving)
    ]
    if len(kept) < len(work):
        # the two levels may have been made by the bouts just dropped: test again without them
        dropped = np.zeros(len(smooth), dtype=bool)
        for a, b in set(work) - set(kept):
            dropped[round(a) : round(b)] = True
        if two_levels(smooth[~dropped]) is None:
            return []
    return kept if _a_session(kept, len(smooth)) else []


def _a_session(bouts: list[tuple[float, float]], moving_s: int) -> bool:
    """Whether hard bouts make a session: one surge is not one (a lone bout is a tempo of
    ``LONE_BOUT_S`` or more), nor is running that fills nearly all the moving time with a
    few walks or slow stretches between (``MAX_HARD_SHARE``)."""
    hard = sum(b - a for a, b in bouts)
    if len(bouts) == 1 and hard < LONE_BOUT_S:
        return False
    return hard <= MAX_HARD_SHARE * moving_s


def _around(bouts: list[tuple[float, float]], index: int, n: int) -> tuple[int, int, int, int]:
    """The easy running either side of bout ``index``: up to ``SURROUNDINGS_S`` each way, not
    reaching into the bouts before and after it, as (from, bout start, bout end, to)."""
    a, b = round(bouts[index][0]), round(bouts[index][1])
    before = max(a - SURROUNDINGS_S, round(bouts[index - 1][1]) if index else 0)
    after = min(b + SURROUNDINGS_S, round(bouts[index + 1][0]) if index + 1 < len(bouts) else n)
    return before, a, b, after


def _stands_out(
    span: tuple[int, int, int, int], effort: Series, speed: Series, grade: Series
) -> bool:
    """Whether a bout is clearly harder than the running either side of it: its effort speed
    ``STAND_OUT`` faster, and its speed on the ground faster too (``RAW_STAND_OUT``) unless it
    is a hill repeat (up the hill, then down it again). A climb run at the pace of the flat
    around it is a hill on a steady run, however steep grade adjustment makes it look."""
    before, a, b, after = span
    around = np.r_[before:a, b:after]
    around = around[effort[around] > 0]
    if not len(around):
        return True
    if not clearly_faster(float(np.mean(effort[a:b])), float(np.mean(effort[around]))):
        return False
    if float(np.mean(speed[a:b])) >= (1 + RAW_STAND_OUT) * float(np.mean(speed[around])):
        return True
    return _hill_repeat(grade[a:b], grade[b:after])


def _hill_repeat(up: Series, down: Series) -> bool:
    """A climb followed by a descent: the shape of a hill repeat and its jog back down."""
    up, down = up[np.isfinite(up)], down[np.isfinite(down)]
    return (
        len(up) > 0
        and len(down) > 0
        and float(np.mean(up)) >= HILL_GRADE
        and float(np.mean(down)) <= -HILL_GRADE / 2
    )


def _on_clock(index: float, moving: np.ndarray, time: Series, end: bool) -> float:
    """A fractional index into the moving seconds as a time on the clock [s]. Moving second k
    spans [k, k + 1); an index on the edge of a pause is the pause's start when it ends a bout
    and the pause's end when it starts one, so a bout never takes in a stop at its edge."""
    whole = int(np.ceil(index)) - 1 if end else int(np.floor(index))
    whole = min(max(whole, 0), len(moving) - 1)
    return float(time[moving[whole]]) + (index - whole)


def segments_from_laps(reading: LapReading, grid: Grid) -> list[Segment]:
    """Laps that mark the reps as segments: work laps as work, the rest labelled around them;
    a workout's warm-up and cool-down steps keep their names."""
    laps = reading.laps
    work = [(lap.start_s, lap.end_s) for lap, fast in zip(laps, reading.work, strict=True) if fast]
    segments = _label(work, laps[-1].end_s, start=laps[0].start_s) if laps else []
    named = {lap.start_s: lap.intensity for lap in laps}
    renamed = [
        Segment(Kind.WARMUP, s.start_s, s.end_s)
        if named.get(s.start_s) == "warmup"
        else Segment(Kind.COOLDOWN, s.start_s, s.end_s)
        if named.get(s.start_s) == "cooldown"
        else s
        for s in segments
    ]
    return with_pauses(renamed, grid.pauses)


def lap_efforts(laps: tuple[Lap, ...], grid: Grid) -> list[float]:
    """Each lap's mean effort speed over its moving seconds [m/s] (NaN when it never moved)."""
    effort = smoothed(grid.effort, MEAN_WINDOW_S)
    out = []
    for lap in laps:
        a = round(lap.start_s)
        b = max(a + 1, round(lap.end_s))
        inside = effort[a:b][grid.moving[a:b]]
        out.append(float(np.mean(inside)) if len(inside) else float("nan"))
    return out


def with_pauses(segments: list[Segment], pauses: list[Pause]) -> list[Segment]:
    """Segments with the pauses at their edges made segments of their own (a stop between a
    rep and its recovery, a standing rest, waiting at the start); pauses inside a segment stay
    inside it."""
    out = list(segments)
    for pause in pauses:
        edges = {s.start_s for s in out} | {s.end_s for s in out}
        low, high = pause.start_s - EDGE_TOLERANCE_S, pause.end_s + EDGE_TOLERANCE_S
        if not any(low <= edge <= high for edge in edges):
            continue
        cut = [Segment(Kind.PAUSE, pause.start_s, pause.end_s)]
        for s in out:
            if s.end_s <= pause.start_s or s.start_s >= pause.end_s:
                cut.append(s)
                continue
            if s.start_s < pause.start_s:
                cut.append(Segment(s.kind, s.start_s, pause.start_s))
            if s.end_s > pause.end_s:
                cut.append(Segment(s.kind, pause.end_s, s.end_s))
        kept = [s for s in cut if s.kind is Kind.PAUSE or s.seconds >= EDGE_TOLERANCE_S]
        out = sorted(kept, key=lambda s: s.start_s)
    return out


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
    return median(before), median(after)


def _crossing(values: Series, index: int, levels: tuple[float, float], rising: bool) -> float:
    """The crossing of the edge level that best separates the two levels: among the crossings
    in the search window, the one with the largest step between the seconds just before and
    just after it (noise crosses the level too, but does not stay across). When none is in
    the window, it reaches further back (``EDGE_WIDE_SEARCH_S``): smoothing and hysteresis
    place ``index`` after the change, and a rep ended on a climb lingers in the grade-adjusted
    effort that placed it, well after the pace fell."""
    for back in (EDGE_SEARCH_S, EDGE_WIDE_SEARCH_S):
        found = _best_crossing(values, index, levels, rising, back)
        if found is not None:
            return found
    return float(index)


def _best_crossing(
    values: Series, index: int, levels: tuple[float, float], rising: bool, back: int
) -> float | None:
    start, finish = levels
    level = start + EDGE_LEVEL * (finish - start)
    low = max(1, index - back)
    high = min(len(values) - 1, index + EDGE_SEARCH_S)
    sign = 1.0 if rising else -1.0
    best, best_step = None, -np.inf
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
