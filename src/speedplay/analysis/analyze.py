"""A whole analysis of one recording: segments, their facts, the plan compared, the load."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from speedplay.analysis.activity import Activity
from speedplay.analysis.compliance import Compliance, SegmentFacts, compare
from speedplay.analysis.gap import smoothed
from speedplay.analysis.load import Load, banister_trimp, rtss, session_rpe
from speedplay.analysis.segmentation import (
    Grid,
    Kind,
    Segment,
    detect_segments,
    on_grid,
    segments_from_laps,
)
from speedplay.physiology.targets import Resolved
from speedplay.workout.model import Intent, Step, Workout

CLIMB_SMOOTHING_S = 15
"""Altitude is smoothed before summing the climb, or GPS jitter adds metres that were not."""

STOPPED_SPEED = 0.5
"""Slower than this [m/s] is standing still."""

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
    """Everything the analysis found."""

    activity: Activity
    grid: Grid
    facts: tuple[SegmentFacts, ...]
    source: str
    compliance: Compliance | None
    load: Load


def analyze(
    activity: Activity,
    planned: Workout | None = None,
    resolve: Callable[[Step], Resolved] | None = None,
    hearts: HeartRates | None = None,
    threshold_speed: float | None = None,
    rpe: float | None = None,
    use_laps: bool = True,
) -> Analysis:
    """Segments (laps when they match the plan, else detected), facts, compliance and load."""
    grid = on_grid(activity)
    segments, source = _segments(activity, grid, planned, use_laps)
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
    return Analysis(activity, grid, facts, source, compliance, load)


def _segments(
    activity: Activity, grid: Grid, planned: Workout | None, use_laps: bool
) -> tuple[list[Segment], str]:
    laps = [(lap.start_s, lap.end_s) for lap in activity.laps]
    if use_laps and planned is not None and laps:
        steps = list(planned.expanded())
        if abs(len(laps) - len(steps)) <= LAP_COUNT_SLACK:
            kinds = [_kind(e.step) for e in steps] + [Kind.COOLDOWN] * LAP_COUNT_SLACK
            return [
                Segment(kind, max(0.0, a), b) for (a, b), kind in zip(laps, kinds, strict=False)
            ], "laps"
    if use_laps and planned is None and len(laps) >= 3 and not _auto_laps(activity):
        return segments_from_laps(laps, grid), "laps"
    return detect_segments(grid), "detected"


def _auto_laps(activity: Activity) -> bool:
    """Laps of one fixed distance (auto-lap every km or mile) say nothing about the reps."""
    distances = [lap.distance_m for lap in activity.laps[:-1] if lap.distance_m]
    return len(distances) >= 2 and (max(distances) - min(distances)) < 0.02 * max(distances)


def _kind(step: Step) -> Kind:
    return {
        Intent.WARMUP: Kind.WARMUP,
        Intent.COOLDOWN: Kind.COOLDOWN,
        Intent.WORK: Kind.WORK,
        Intent.EASY: Kind.EASY,
    }.get(step.intent, Kind.RECOVERY)


def segment_facts(grid: Grid, segment: Segment) -> SegmentFacts:
    """Distance, pace, grade-adjusted pace, heart rate, climb and standing time of a segment."""
    a = max(0, round(segment.start_s))
    b = min(len(grid.time) - 1, max(a + 1, round(segment.end_s)))
    seconds = float(grid.time[b] - grid.time[a])
    distance = float(grid.distance[b] - grid.distance[a]) if len(grid.distance) else 0.0
    effort_distance = float(np.sum(grid.effort[a:b]))
    heart = grid.heart_rate[a:b]
    height = smoothed(grid.altitude, CLIMB_SMOOTHING_S)[a : b + 1]
    climb = (
        float(np.sum(np.clip(np.diff(height[np.isfinite(height)]), 0, None)))
        if len(height)
        else 0.0
    )
    return SegmentFacts(
        segment=segment,
        distance_m=distance,
        pace=seconds / distance * 1000 if distance > 1 else None,
        gap_pace=seconds / effort_distance * 1000 if effort_distance > 1 else None,
        heart_rate=float(np.nanmean(heart)) if np.isfinite(heart).any() else None,
        climb_m=climb,
        stopped_s=float(np.sum(grid.speed[a:b] < STOPPED_SPEED)),
    )
