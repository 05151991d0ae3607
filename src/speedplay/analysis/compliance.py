"""Planned against actual: the planned steps aligned with what the runner did, rep by rep.

Alignment is sequence alignment (Needleman-Wunsch) of the planned steps, as the runner meets
them, with the detected segments, so that a missed or an extra rep costs one gap instead of
shifting every rep after it. Matching a step to a segment costs the log-ratio of their lengths
(time for timed steps, distance for distance steps; open steps match any length), plus a
penalty when a work step meets an easy segment or the reverse.

The compliance score (0-100) is the mean over planned work steps of a rep score (a missed rep
scores 0): 60 % pace (full inside the target range, nothing 8 % or more outside it) and 40 %
length (full within 5 %, nothing 30 % or more off); with no pace target, length alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from speedplay.analysis.segmentation import Kind, Segment
from speedplay.physiology.targets import Resolved
from speedplay.units import format_clock, format_distance
from speedplay.workout.model import (
    DistanceDuration,
    ExpandedStep,
    Intent,
    OpenDuration,
    Step,
    TimeDuration,
    Workout,
)

SPRINT_S = 15
"""Sprints shorter than this are judged on completion and length only: pace, GAP and heart
rate mean little over a few seconds of acceleration."""

GAP_COST = 1.5
DRIFT_COST_PER_MIN = 0.02
"""A tie-breaker: each minute a segment starts away from the planned timeline costs this."""
KIND_MISMATCH_COST = 3.0
OPEN_STEP_COST = 0.2
PACE_ZERO_AT = 0.08
LENGTH_FULL, LENGTH_ZERO_AT = 0.05, 0.30
PACE_WEIGHT = 0.6
STOPPED_SPEED = 0.5
STOPPED_LIMIT_S = 10
SHORT_RECOVERY = 0.8
OFF_LENGTH = 0.2
"""A rep a fifth longer or shorter than planned is said in its notes (a late lap press or GPS
stay well inside; the score counts any difference over 5 %)."""
CUT_SHORT = {Intent.WARMUP: "warm-up", Intent.COOLDOWN: "cool-down"}
"""What an easy step cut short is called; any other is a recovery."""
STARTED_FAST = 0.03
FADED = 0.04


@dataclass(frozen=True)
class SegmentFacts:
    """What happened in a segment: distance [m], pace and GAP pace [s/km] over its moving
    time, HR, climb [m], and the seconds of it spent moving and stopped."""

    segment: Segment
    distance_m: float
    pace: float | None
    gap_pace: float | None
    heart_rate: float | None
    climb_m: float
    stopped_s: float
    moving_s: float


@dataclass(frozen=True)
class RepRow:
    """One planned step next to what the runner did."""

    planned: ExpandedStep | None
    actual: SegmentFacts | None
    target_pace: tuple[float, float] | None
    score: float | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Compliance:
    """The rows, the score and the flags of a session."""

    rows: tuple[RepRow, ...]
    score: float
    flags: tuple[str, ...]


def align(
    planned: list[ExpandedStep], facts: list[SegmentFacts]
) -> list[tuple[int | None, int | None]]:
    """Pairs (planned index, segment index); None on one side is a gap (missed or extra).

    Identical reps leave several alignments equally good; a small cost for drifting from the
    planned timeline (while steps are timed) picks the one that keeps reps where they were.
    """
    n, m = len(planned), len(facts)
    offsets = _planned_offsets(planned)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        cost[i][0] = i * GAP_COST
    for j in range(1, m + 1):
        cost[0][j] = j * GAP_COST
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i][j] = min(
                cost[i - 1][j - 1] + _pair_cost(planned, offsets, facts, i - 1, j - 1),
                cost[i - 1][j] + GAP_COST,
                cost[i][j - 1] + GAP_COST,
            )
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i > 0 or j > 0:
        if (
            i > 0
            and j > 0
            and math.isclose(
                cost[i][j], cost[i - 1][j - 1] + _pair_cost(planned, offsets, facts, i - 1, j - 1)
            )
        ):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i > 0 and math.isclose(cost[i][j], cost[i - 1][j] + GAP_COST):
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    return pairs[::-1]


def _planned_offsets(planned: list[ExpandedStep]) -> list[float | None]:
    """When each planned step starts [s], while every step before it is timed."""
    offsets: list[float | None] = []
    clock: float | None = 0.0
    for expanded in planned:
        offsets.append(clock)
        duration = expanded.step.duration
        clock = (
            clock + duration.seconds
            if clock is not None and isinstance(duration, TimeDuration)
            else None
        )
    return offsets


def _pair_cost(
    planned: list[ExpandedStep],
    offsets: list[float | None],
    facts: list[SegmentFacts],
    i: int,
    j: int,
) -> float:
    cost = _match_cost(planned[i].step, facts[j])
    offset = offsets[i]
    if offset is not None:
        cost += DRIFT_COST_PER_MIN * abs(facts[j].segment.start_s - offset) / 60
    return cost


def _match_cost(step: Step, facts: SegmentFacts) -> float:
    hard_step = step.intent is Intent.WORK
    hard_segment = facts.segment.kind is Kind.WORK
    penalty = 0.0 if hard_step == hard_segment else KIND_MISMATCH_COST
    duration = step.duration
    if isinstance(duration, TimeDuration):
        return penalty + abs(math.log(max(facts.moving_s, 1) / duration.seconds))
    if isinstance(duration, DistanceDuration):
        return penalty + abs(math.log(max(facts.distance_m, 1) / duration.meters))
    return penalty + OPEN_STEP_COST


def compare(
    workout: Workout,
    facts: list[SegmentFacts],
    resolve: Callable[[Step], Resolved] | None,
) -> Compliance:
    """Rows, score and flags for ``workout`` against the segments' facts."""
    planned = list(workout.expanded())
    rows: list[RepRow] = []
    for p, f in align(planned, facts):
        step = planned[p] if p is not None else None
        actual = facts[f] if f is not None else None
        target = resolve(step.step).pace if (resolve and step) else None
        score, notes = _rep_score(step.step, actual, target) if step else (None, ("extra",))
        rows.append(RepRow(step, actual, target, score, notes))
    work = [r for r in rows if r.planned is not None and r.planned.step.intent is Intent.WORK]
    scores = [r.score if r.score is not None else 0.0 for r in work]
    overall = sum(scores) / len(scores) if scores else 0.0
    return Compliance(tuple(rows), round(overall, 1), tuple(_flags(rows)))


def _rep_score(
    step: Step, actual: SegmentFacts | None, target: tuple[float, float] | None
) -> tuple[float | None, tuple[str, ...]]:
    if actual is None:
        return (0.0 if step.intent is Intent.WORK else None), ("missed",)
    notes = []
    length = _length_score(step, actual)
    pace_score = None
    pace = actual.gap_pace if actual.gap_pace is not None else actual.pace
    sprint = isinstance(step.duration, TimeDuration) and step.duration.seconds < SPRINT_S
    if target is not None and pace is not None and not sprint:
        fast, slow = target
        outside = max(0.0, fast - pace, pace - slow) / ((fast + slow) / 2)
        pace_score = max(0.0, 1 - outside / PACE_ZERO_AT)
        if pace < fast:
            notes.append("too fast")
        elif pace > slow and step.intent is Intent.WORK:  # an easy step is never too easy
            notes.append("too slow")
    if step.intent is not Intent.WORK:
        if actual.stopped_s >= STOPPED_LIMIT_S:
            notes.append("stopped: keep moving in recoveries")
        if isinstance(step.duration, TimeDuration) and actual.moving_s < (
            SHORT_RECOVERY * step.duration.seconds
        ):
            notes.append(f"{CUT_SHORT.get(step.intent, 'recovery')} cut short")
        return None, tuple(notes)
    off_length = _length_note(step, actual)
    if off_length:
        notes.append(off_length)
    if pace_score is None:
        return round(100 * length, 1), tuple(notes)
    return round(100 * (PACE_WEIGHT * pace_score + (1 - PACE_WEIGHT) * length), 1), tuple(notes)


def _length_note(step: Step, actual: SegmentFacts) -> str | None:
    """``longer than planned (6:00 for 0:30)`` when a rep is off its length by a fifth."""
    duration = step.duration
    said: Callable[[float], str]
    if isinstance(duration, TimeDuration):
        done, planned, said = actual.moving_s, duration.seconds, format_clock
    elif isinstance(duration, DistanceDuration):
        done, planned, said = actual.distance_m, duration.meters, format_distance
    else:
        return None
    if done > planned * (1 + OFF_LENGTH):
        return f"longer than planned ({said(done)} for {said(planned)})"
    if done < planned * (1 - OFF_LENGTH):
        return f"shorter than planned ({said(done)} for {said(planned)})"
    return None


def _length_score(step: Step, actual: SegmentFacts) -> float:
    duration = step.duration
    if isinstance(duration, OpenDuration):
        return 1.0
    if isinstance(duration, TimeDuration):
        off = abs(actual.moving_s - duration.seconds) / duration.seconds
    else:
        off = abs(actual.distance_m - duration.meters) / duration.meters
    return max(0.0, min(1.0, 1 - (off - LENGTH_FULL) / (LENGTH_ZERO_AT - LENGTH_FULL)))


def _flags(rows: list[RepRow]) -> list[str]:
    flags: list[str] = []
    reps = [
        r for r in rows
        if r.planned is not None and r.planned.step.intent is Intent.WORK and r.actual
        and r.actual.pace is not None
    ]  # fmt: skip
    paces: list[float] = []
    for row in reps:
        if row.actual is not None:
            pace = row.actual.gap_pace if row.actual.gap_pace is not None else row.actual.pace
            if pace is not None:
                paces.append(pace)
    if len(paces) >= 3:
        third = max(1, len(paces) // 3)
        first, last = sum(paces[:third]) / third, sum(paces[-third:]) / third
        target = reps[0].target_pace
        if target and paces[0] < target[0] * (1 - STARTED_FAST) and last > first * (1 + FADED):
            flags.append("started too fast, then faded")
        elif last > first * (1 + FADED):
            flags.append(f"faded: the last reps were {last / first - 1:.0%} slower than the first")
    if any("missed" in r.notes for r in rows if r.planned and r.planned.step.intent is Intent.WORK):
        flags.append("missed reps")
    if any("extra" in r.notes and r.actual and r.actual.segment.kind is Kind.WORK for r in rows):
        flags.append("extra hard efforts beyond the plan")
    if any(any(n.startswith("stopped") for n in r.notes) for r in rows):
        flags.append("recovery stopped completely: keep moving (a slow jog or a walk)")
    for what in ("warm-up", "recovery", "cool-down"):
        if any(f"{what} cut short" in r.notes for r in rows):
            flags.append(f"{what} cut short")
    for said in ("longer than planned", "shorter than planned"):
        if any(n.startswith(said) for r in rows if r.planned for n in r.notes):
            flags.append(f"reps {said}")
    return flags
