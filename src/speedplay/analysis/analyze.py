"""A whole analysis of one recording: segments, their facts, the plan compared, the load."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from speedplay.analysis.activity import Activity
from speedplay.analysis.cleaning import repaired
from speedplay.analysis.compliance import Compliance, SegmentFacts, compare
from speedplay.analysis.gap import smoothed
from speedplay.analysis.laps import LapReading, LapStructure, clipped, read_laps
from speedplay.analysis.load import Load, banister_trimp, rtss, session_rpe
from speedplay.analysis.pauses import Pause
from speedplay.analysis.segmentation import (
    Grid,
    Kind,
    Segment,
    detect_segments,
    lap_efforts,
    on_grid,
    segments_from_laps,
    with_pauses,
)
from speedplay.physiology.targets import Resolved
from speedplay.workout.model import Intent, Step, Workout

CLIMB_SMOOTHING_S = 15
"""Altitude is smoothed before summing the climb, or GPS jitter adds metres that were not."""

LAP_COUNT_SLACK = 1
"""Laps match a plan when there are as many as its steps, give or take one (a lap pressed at
the end of the cool-down, or not)."""


@dataclass(frozen=True)
class HeartRates:
    """What the load needs to know of the runner's heart."""

    rest: float | None = None
    maximum: float | None = None
    sex: str = "male"


@dataclass(frozen=True)
class Analysis:
    """Everything the analysis found: the activity as analysed (GPS errors repaired, an idle
    tail trimmed), its segments' facts, where they came from (``laps`` or ``detected``), what
    the laps were, the pauses, the plan compared and the load."""

    activity: Activity
    grid: Grid
    facts: tuple[SegmentFacts, ...]
    source: str
    compliance: Compliance | None
    load: Load
    laps: LapReading
    pauses: tuple[Pause, ...]

    @property
    def moving_s(self) -> float:
        """Time spent moving [s]: the elapsed time less the pauses."""
        return float(np.count_nonzero(self.grid.moving[:-1])) if len(self.grid.time) else 0.0


def analyze(
    activity: Activity,
    planned: Workout | None = None,
    resolve: Callable[[Step], Resolved] | None = None,
    hearts: HeartRates | None = None,
    threshold_speed: float | None = None,
    rpe: float | None = None,
    use_laps: bool = True,
) -> Analysis:
    """Segments (from laps that mark the reps or match the plan, else detected), facts,
    compliance and load, after GPS errors are repaired."""
    activity = repaired(activity)
    grid = on_grid(activity)
    kept = clipped(activity.laps, activity.duration_s)
    reading = read_laps(kept, activity.duration_s, lap_efforts(kept, grid))
    segments, source = _segments(reading, grid, planned, use_laps)
    facts = tuple(segment_facts(grid, s) for s in segments)
    compliance = compare(planned, list(facts), resolve) if planned is not None else None
    hearts = hearts or HeartRates()
    load = Load(
        trimp=banister_trimp(grid.heart_rate, hearts.rest, hearts.maximum, hearts.sex)
        if hearts.rest is not None
        and hearts.maximum is not None
        and np.isfinite(grid.heart_rate).any()
        else None,
        rtss=rtss(grid.effort, threshold_speed) if threshold_speed else None,
        session_rpe=session_rpe(rpe, activity.duration_s) if rpe is not None else None,
    )
    return Analysis(activity, grid, facts, source, compliance, load, reading, tuple(grid.pauses))


def _segments(
    reading: LapReading, grid: Grid, planned: Workout | None, use_laps: bool
) -> tuple[list[Segment], str]:
    laps = reading.laps
    if use_laps and planned is not None and laps and reading.structure is not LapStructure.AUTO:
        steps = list(planned.expanded())
        if abs(len(laps) - len(steps)) <= LAP_COUNT_SLACK:
            kinds = [_kind(e.step) for e in steps] + [Kind.COOLDOWN] * LAP_COUNT_SLACK
            aligned = [
                Segment(kind, lap.start_s, lap.end_s)
                for lap, kind in zip(laps, kinds, strict=False)
            ]
            return with_pauses(aligned, grid.pauses), "laps"
    if use_laps and planned is None and reading.marks_reps:
        return segments_from_laps(reading, grid), "laps"
    return detect_segments(grid), "detected"


def _kind(step: Step) -> Kind:
    return {
        Intent.WARMUP: Kind.WARMUP,
        Intent.COOLDOWN: Kind.COOLDOWN,
        Intent.WORK: Kind.WORK,
        Intent.EASY: Kind.EASY,
    }.get(step.intent, Kind.RECOVERY)


def segment_facts(grid: Grid, segment: Segment) -> SegmentFacts:
    """Distance, pace and grade-adjusted pace over the moving time, heart rate, climb, and the
    seconds moving and paused, of a segment."""
    a = max(0, round(segment.start_s))
    b = min(len(grid.time) - 1, max(a + 1, round(segment.end_s)))
    moving = grid.moving[a:b]
    moving_s = float(np.count_nonzero(moving))
    distance = max(0.0, float(grid.distance[b] - grid.distance[a])) if len(grid.distance) else 0.0
    effort_distance = float(np.sum(grid.effort[a:b][moving]))
    heart = grid.heart_rate[a:b]
    height = smoothed(grid.altitude, CLIMB_SMOOTHING_S)[a : b + 1]
    climb = (
        float(np.sum(np.clip(np.diff(height[np.isfinite(height)]), 0, None)))
        if len(height)
        else 0.0
    )
    moved = moving_s > 0 and distance > 0
    return SegmentFacts(
        segment=segment,
        distance_m=distance,
        pace=moving_s / distance * 1000 if moved else None,
        gap_pace=moving_s / effort_distance * 1000 if moved and effort_distance > 0 else None,
        heart_rate=float(np.nanmean(heart)) if np.isfinite(heart).any() else None,
        climb_m=climb,
        stopped_s=float(len(moving)) - moving_s,
        moving_s=moving_s,
    )
