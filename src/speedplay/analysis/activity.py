"""A recorded run as plain arrays in SI units, whatever file it came from.

Readers (``speedplay.formats.activity_*``) map each vendor's field names into this one
vocabulary (``docs/glossary.md``): ``elapsed [s]`` from the first record, ``distance [m]``,
``speed [m/s]``, ``heart_rate [bpm]``, ``altitude [m]``, ``cadence [1/min]``, position in
degrees. A value the device did not record is NaN. Speed is filled in from distance, or from
positions, when the device did not record it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

Series = NDArray[np.float64]

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG), for distances between GPS fixes."""

PAUSE_GAP_S = 10.0
"""A gap between records longer than this is a pause (auto-pause, a stop, lost signal)."""


@dataclass(frozen=True)
class Lap:
    """A lap the watch recorded: from ``start_s`` to ``end_s`` [s from the first record].

    ``trigger`` is what closed it, in FIT's words (``manual``, ``distance``, ``time``,
    ``position_lap``, ``session_end``, ...; TCX's ``Manual``, ``Distance`` are lower-cased to
    match); ``intensity`` is the workout step's (``active``, ``rest``, ``warmup``,
    ``cooldown``, ``recovery``, ``interval``) when a watch in workout mode wrote it.
    """

    start_s: float
    end_s: float
    distance_m: float | None = None
    trigger: str | None = None
    intensity: str | None = None


@dataclass(frozen=True)
class Activity:
    """A recording: aligned arrays, laps, and what was wrong with the file (``warnings``)."""

    elapsed_s: Series
    distance_m: Series
    speed_m_s: Series
    heart_rate: Series
    altitude_m: Series
    cadence: Series
    latitude: Series
    longitude: Series
    laps: tuple[Lap, ...] = ()
    start_time: datetime | None = None
    device: str | None = None
    sport: str | None = None
    warnings: tuple[str, ...] = field(default=())
    timer_stops: tuple[tuple[float, float], ...] = ()
    """Spans [s] when the watch's timer was stopped (paused by hand or by auto-pause)."""

    @property
    def duration_s(self) -> float:
        """Time from the first record to the last [s]."""
        return float(self.elapsed_s[-1] - self.elapsed_s[0]) if len(self.elapsed_s) else 0.0

    def has(self, series: Series) -> bool:
        """Whether a series holds any recorded value."""
        return bool(np.isfinite(series).any())


Values = list[float | None] | Series
"""Per-record values: a list with None where missing, or an array with NaN."""


def build_activity(
    elapsed_s: list[float] | Series,
    *,
    distance_m: Values | None = None,
    speed_m_s: Values | None = None,
    heart_rate: Values | None = None,
    altitude_m: Values | None = None,
    cadence: Values | None = None,
    latitude: Values | None = None,
    longitude: Values | None = None,
    laps: tuple[Lap, ...] = (),
    start_time: datetime | None = None,
    device: str | None = None,
    sport: str | None = None,
    warnings: tuple[str, ...] = (),
    timer_stops: tuple[tuple[float, float], ...] = (),
) -> Activity:
    """An activity from per-record values (None where missing), sorted in time, speed filled.

    Times of laps and timer stops are from the first record, like ``elapsed_s``; a distance
    that falls back (a device restarting its count) is rebased so that it never decreases."""
    order = np.argsort(np.asarray(elapsed_s, dtype=float), kind="stable")
    time = np.asarray(elapsed_s, dtype=float)[order]

    def column(values: Values | None) -> Series:
        if values is None:
            return np.full(len(time), np.nan)
        if isinstance(values, np.ndarray):
            return values.astype(float)[order]
        array = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
        return array[order]

    lat, lon = column(latitude), column(longitude)
    distance = from_zero(never_decreasing(column(distance_m)))
    if not np.isfinite(distance).any() and np.isfinite(lat).any():
        distance = distance_from_positions(lat, lon)
    speed = column(speed_m_s)
    if not np.isfinite(speed).any() and np.isfinite(distance).any():
        speed = speed_from_distance(time, distance)
    return Activity(
        elapsed_s=time - (time[0] if len(time) else 0.0),
        distance_m=distance,
        speed_m_s=speed,
        heart_rate=column(heart_rate),
        altitude_m=column(altitude_m),
        cadence=column(cadence),
        latitude=lat,
        longitude=lon,
        laps=laps,
        start_time=start_time,
        device=device,
        sport=sport,
        warnings=warnings,
        timer_stops=timer_stops,
    )


def never_decreasing(distance: Series) -> Series:
    """Cumulative distance with every fall (a counter reset, a corrupt value) taken out: the
    steps after a fall keep their size, the fall itself adds nothing."""
    finite = np.flatnonzero(np.isfinite(distance))
    if len(finite) < 2:
        return distance
    values = distance[finite]
    steps = np.diff(values)
    if (steps >= 0).all():
        return distance
    out = distance.copy()
    out[finite] = values[0] + np.concatenate([[0.0], np.cumsum(np.clip(steps, 0, None))])
    return out


def from_zero(distance: Series) -> Series:
    """Distance counted from the first recorded value (a multisport file counts on from the
    previous leg)."""
    finite = np.flatnonzero(np.isfinite(distance))
    return distance - distance[finite[0]] if len(finite) else distance


def distance_from_positions(latitude: Series, longitude: Series) -> Series:
    """Cumulative distance [m] along GPS fixes (haversine); gaps in position add nothing."""
    lat, lon = np.radians(latitude), np.radians(longitude)
    dlat, dlon = np.diff(lat), np.diff(lon)
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(dlon / 2) ** 2
    steps = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
    steps = np.where(np.isfinite(steps), steps, 0.0)
    return np.concatenate([[0.0], np.cumsum(steps)])


SPEED_WINDOW = 2
"""Speed from distance is the slope over the two records either side: devices that log whole
metres, or distance in bursts (0 m, then 7 m), make per-record steps of 0-10 m/s at an even
3.5 m/s; the slope over five records is the pace the runner ran."""


def speed_from_distance(elapsed: Series, distance: Series) -> Series:
    """Speed [m/s] from cumulative distance (a centred slope over ``SPEED_WINDOW`` records
    either side); zero across pauses."""
    filled = _forward_filled(distance)
    n = len(elapsed)
    if n < 2:
        return np.zeros(n)
    index = np.arange(n)
    before = np.clip(index - SPEED_WINDOW, 0, n - 1)
    after = np.clip(index + SPEED_WINDOW, 0, n - 1)
    span = elapsed[after] - elapsed[before]
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(span > 0, (filled[after] - filled[before]) / span, 0.0)
    gaps = np.flatnonzero(np.diff(elapsed) > PAUSE_GAP_S)
    for gap in gaps:  # a pause: no speed across it, on either side
        speed[max(0, gap - SPEED_WINDOW + 1) : gap + SPEED_WINDOW + 1] = 0.0
    clipped: Series = np.clip(np.nan_to_num(speed), 0.0, None)
    return clipped


def _forward_filled(values: Series) -> Series:
    out = values.copy()
    last = 0.0
    for index, value in enumerate(out):
        if math.isfinite(value):
            last = value
        else:
            out[index] = last
    return out
