"""What a recording's laps say about the session.

Watches write laps for different reasons, and only some of them mark the reps:

* ``workout``: a watch running a structured workout writes a lap per step and tags each with
  the step's intensity (warm-up, active, rest, cool-down);
* ``reps``: laps pressed at the start and end of the reps (or written per step without
  intensities): alternate laps are clearly faster than the ones between them;
* ``auto``: a lap every kilometre or mile (or every few minutes), all but the last of one
  length: they cut across reps and say nothing about them;
* ``none``: too few laps, or laps of an easy run that do not alternate fast and slow.

Only the first two are used as segments; for the others the reps are found in the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from speedplay.analysis.activity import Lap
from speedplay.analysis.levels import two_levels

MIN_LAPS = 3
"""Fewer laps than two reps and the recovery between them carry no structure."""

SAME_LENGTH = 0.02
"""Laps within 2 % of one length (distance or time) were written automatically."""

SHORTEST_LAP_S = 1.0
"""A lap shorter than this after clipping to the records is dropped."""

AUTO_TRIGGERS = frozenset(
    {"distance", "time", "position_start", "position_lap", "position_waypoint", "location"}
)
AUTO_SHARE = 2 / 3
"""Laps closed by the watch itself (FIT ``lap_trigger``, TCX ``TriggerMethod``); when two
thirds of them are, the laps are automatic (a few presses in between do not make a session)."""

MAX_REP_S = 1800.0
"""A lap over 30 minutes is a run, not a rep (the longest tempo reps are 20-30 minutes)."""

WORK_INTENSITIES = frozenset({"active", "interval"})
EASY_INTENSITIES = frozenset({"rest", "recovery"})


class LapStructure(StrEnum):
    """Why the watch wrote its laps."""

    WORKOUT = "workout"
    REPS = "reps"
    AUTO = "auto"
    NONE = "none"


@dataclass(frozen=True)
class LapReading:
    """The laps clipped to the records, why they were written, and which are work."""

    structure: LapStructure
    laps: tuple[Lap, ...]
    work: tuple[bool, ...]

    @property
    def marks_reps(self) -> bool:
        return self.structure in (LapStructure.WORKOUT, LapStructure.REPS)


def clipped(laps: tuple[Lap, ...], duration_s: float) -> tuple[Lap, ...]:
    """Laps cut to the recorded span [0, ``duration_s``], in order; the empty ones dropped.
    (Watches start the first lap a second before the first record, or end the last after.)"""
    out: list[Lap] = []
    for lap in sorted(laps, key=lambda lap: lap.start_s):
        start, end = max(0.0, lap.start_s), min(duration_s, lap.end_s)
        if out:
            start = max(start, out[-1].end_s)
        if end - start >= SHORTEST_LAP_S:
            out.append(Lap(start, end, lap.distance_m, lap.trigger, lap.intensity))
    return tuple(out)


def read_laps(laps: tuple[Lap, ...], duration_s: float, efforts: list[float]) -> LapReading:
    """Classify laps, given each clipped lap's mean moving effort speed [m/s] (the caller
    measures it on the run; ``efforts`` matches ``clipped(laps, duration_s)``)."""
    kept = clipped(laps, duration_s)
    none = LapReading(LapStructure.NONE, kept, tuple(False for _ in kept))
    if len(kept) < MIN_LAPS:
        return none
    intensities = {lap.intensity for lap in kept}
    if len(intensities - {None}) > 1:
        work = tuple(lap.intensity in WORK_INTENSITIES for lap in kept)
        if any(work):
            return LapReading(LapStructure.WORKOUT, kept, work)
    if _automatic(kept):
        return LapReading(LapStructure.AUTO, kept, tuple(False for _ in kept))
    fast = _fast_laps(kept, efforts)
    if fast is None:
        return none
    return LapReading(LapStructure.REPS, kept, fast)


def _automatic(laps: tuple[Lap, ...]) -> bool:
    """Most laps closed by the watch at a distance, a place or a time (with no workout
    intensities, which ruled that out before), or all but the last of one distance or one
    duration. Laps the runner pressed are never automatic, however even (2 min on, 2 min
    off)."""
    body = laps[:-1]
    automatic = [lap.trigger in AUTO_TRIGGERS for lap in body if lap.trigger]
    if automatic and sum(automatic) >= AUTO_SHARE * len(body):
        return True
    if sum(lap.trigger == "manual" for lap in body) >= AUTO_SHARE * len(body):
        return False
    distances = [lap.distance_m for lap in body if lap.distance_m]
    durations = [lap.end_s - lap.start_s for lap in body]
    return len(body) >= 2 and (
        (len(distances) == len(body) and _same(distances)) or _same(durations)
    )


def _same(values: list[float]) -> bool:
    return max(values) - min(values) <= SAME_LENGTH * max(values)


def _fast_laps(laps: tuple[Lap, ...], efforts: list[float]) -> tuple[bool, ...] | None:
    """Which laps are work, when the laps' mean efforts split into two clear levels (the
    detector's test, on every second of each lap at its lap's mean) and the fast laps make at
    least two reps with slower laps between them; else None."""
    seconds = [max(1, round(lap.end_s - lap.start_s)) for lap in laps]
    finite = [e if np.isfinite(e) else 0.0 for e in efforts]
    levels = two_levels(np.repeat(np.array(finite), seconds))
    if levels is None:
        return None
    work = tuple(
        e > levels.threshold and lap.end_s - lap.start_s <= MAX_REP_S
        for e, lap in zip(finite, laps, strict=True)
    )
    reps = sum(1 for i, fast in enumerate(work) if fast and (i == 0 or not work[i - 1]))
    return work if reps >= 2 else None
