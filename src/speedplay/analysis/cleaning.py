"""GPS errors repaired before anything is measured, and a recording trimmed to the run.

A GPS fix can jump tens of metres (multipath between buildings, a cold start) and a phone may
record for hours after the run. Neither is running: a jump would become a "rep" at a pace no
one can run, and the idle tail a day-long "recovery". What a runner cannot do is the test:

* no step between records faster than ``MAX_SPEED`` (the fastest sprinters peak near
  12 m/s, distance runners' sprints stay well under 11 m/s), over the step and over the
  records around it;
* no one-sample speed spike that needs more than ``MAX_ACCELERATION`` to reach and to leave
  (sprint starts reach 5-6 m/s^2 for a moment; Morin et al. 2011, doi:10.1249/MSS.0b013e318216ea37).

A too-long step's distance is replaced by the local running speed times its duration; a spike
in speed by the mean of its neighbours. Positions are kept as recorded.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from speedplay.analysis.activity import EARTH_RADIUS_M, Activity, Lap, Series
from speedplay.analysis.median import median
from speedplay.units import format_clock

MAX_SPEED = 11.0
"""m/s: faster than a runner; a step or a speed sample beyond it is a GPS error."""

MAX_ACCELERATION = 6.0
"""m/s^2: a speed sample that needs more than this both to reach and to leave is a spike."""

JUMP_WINDOW = 2
"""A step is a jump when the five-record window around it is too fast as well."""

LOCAL_WINDOW_S = 30.0
"""A repaired step takes the median speed of the plausible steps within 30 s of it."""

IDLE_WINDOW_S = 60.0
IDLE_MOVED_M = 40.0
"""Under 40 m of progress in a minute (GPS drift at rest is a few metres) is not running."""

TRIM_MIN_S = 120.0
"""An idle tail shorter than two minutes is left to pause detection; longer ones are cut."""


def repaired(activity: Activity) -> Activity:
    """The activity with impossible steps and speed spikes repaired and an idle tail trimmed;
    what was changed is added to its warnings."""
    notes: list[str] = []
    distance, bad_steps = _repaired_distance(activity.elapsed_s, activity.distance_m)
    speed, bad_speeds = _repaired_speed(activity.elapsed_s, activity.speed_m_s, bad_steps)
    fixed = int(bad_steps.sum()) + int(bad_speeds.sum())
    if fixed:
        notes.append(
            f"{fixed} GPS {'error' if fixed == 1 else 'errors'} repaired "
            f"(faster than {MAX_SPEED:g} m/s, or an impossible change of speed)"
        )
    result = replace(activity, distance_m=distance, speed_m_s=speed)
    end = _run_end(result)
    if end is not None:
        notes.append(
            f"the last {format_clock(result.duration_s - end)} of the recording, after the run "
            "ended, is trimmed"
        )
        result = trimmed(result, end)
    return replace(result, warnings=result.warnings + tuple(notes)) if notes else result


def _repaired_distance(elapsed: Series, distance: Series) -> tuple[Series, np.ndarray]:
    """Distance with every impossible step shortened to the local speed; which steps were."""
    bad = np.zeros(max(0, len(elapsed) - 1), dtype=bool)
    finite = np.flatnonzero(np.isfinite(distance))
    if len(finite) < 3:
        return distance, bad
    time, values = elapsed[finite], distance[finite]
    dt, dd = np.diff(time), np.diff(values)
    with np.errstate(divide="ignore", invalid="ignore"):
        step_speed = np.where(dt > 0, dd / dt, np.where(dd > 0, np.inf, 0.0))
    impossible = (step_speed > MAX_SPEED) & (_window_speed(time, values) > MAX_SPEED)
    if not impossible.any():
        return distance, bad
    plausible = ~impossible
    middle = (time[:-1] + time[1:]) / 2
    for index in np.flatnonzero(impossible):
        near = plausible & (np.abs(middle - middle[index]) <= LOCAL_WINDOW_S)
        local = median(step_speed[near]) if near.any() else 0.0
        dd[index] = local * dt[index]
    out = distance.copy()
    out[finite] = values[0] + np.concatenate([[0.0], np.cumsum(dd)])
    bad[finite[:-1][impossible]] = True
    return out, bad


def _window_speed(time: Series, distance: Series) -> Series:
    """Per step, the mean speed over the ``JUMP_WINDOW`` records either side of it: a device
    that writes its distance in bursts (nothing for a second, then two seconds' worth) makes
    one fast step but a normal window; a GPS jump makes both fast."""
    n = len(time)
    index = np.arange(n - 1)
    before = np.clip(index - JUMP_WINDOW, 0, n - 1)
    after = np.clip(index + 1 + JUMP_WINDOW, 0, n - 1)
    span = time[after] - time[before]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(span > 0, (distance[after] - distance[before]) / span, np.inf)


def _repaired_speed(
    elapsed: Series, speed: Series, bad_steps: np.ndarray
) -> tuple[Series, np.ndarray]:
    """Speed with samples over ``MAX_SPEED`` and one-sample spikes replaced by their
    neighbours' mean; which samples were (a sample already counted as a bad step is not
    counted twice)."""
    out = speed.copy()
    n = len(out)
    bad = np.zeros(n, dtype=bool)
    if n < 3 or not np.isfinite(out).any():
        return out, bad
    too_fast = out > MAX_SPEED
    dt = np.diff(elapsed)
    with np.errstate(divide="ignore", invalid="ignore"):
        rise = np.diff(out) / np.where(dt > 0, dt, np.nan)
    spike_up = (rise[:-1] > MAX_ACCELERATION) & (rise[1:] < -MAX_ACCELERATION)
    spike_down = (rise[:-1] < -MAX_ACCELERATION) & (rise[1:] > MAX_ACCELERATION)
    spikes = np.concatenate([[False], spike_up | spike_down, [False]])
    wrong = too_fast | spikes
    if not wrong.any():
        return out, bad
    good = np.flatnonzero(~wrong & np.isfinite(out))
    if len(good) >= 2:
        out[wrong] = np.interp(elapsed[wrong], elapsed[good], out[good])
    else:
        out[wrong] = np.nan
    counted = np.concatenate([[False], bad_steps]) | np.concatenate([bad_steps, [False]])
    bad = wrong & ~counted
    return out, bad


def _run_end(activity: Activity) -> float | None:
    """Where the run ends, when the recording goes on idle for over ``TRIM_MIN_S`` after it."""
    time = activity.elapsed_s
    if len(time) < 3:
        return None
    progress = _progress(activity)
    moving = np.flatnonzero(progress >= IDLE_MOVED_M)
    if not len(moving):
        return None
    end = float(time[moving[-1]])
    return end if activity.duration_s - end >= TRIM_MIN_S else None


def _progress(activity: Activity) -> Series:
    """Per record, how far the runner got in the minute before it [m]: the straight line
    between positions (drift at rest goes nowhere), else the recorded distance."""
    time = activity.elapsed_s
    earlier = np.searchsorted(time, time - IDLE_WINDOW_S)
    if activity.has(activity.latitude):
        lat, lon = np.radians(activity.latitude), np.radians(activity.longitude)
        a = (
            np.sin((lat - lat[earlier]) / 2) ** 2
            + np.cos(lat) * np.cos(lat[earlier]) * np.sin((lon - lon[earlier]) / 2) ** 2
        )
        line = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
        return np.where(np.isfinite(line), line, 0.0)
    steps = activity.distance_m - activity.distance_m[earlier]
    return np.where(np.isfinite(steps), steps, 0.0)


def trimmed(activity: Activity, end_s: float) -> Activity:
    """The activity up to ``end_s`` [s]: records, laps and timer stops after it dropped."""
    keep = activity.elapsed_s <= end_s
    laps = tuple(
        Lap(lap.start_s, min(lap.end_s, end_s), lap.distance_m, lap.trigger, lap.intensity)
        for lap in activity.laps
        if lap.start_s < end_s
    )
    stops = tuple((a, min(b, end_s)) for a, b in activity.timer_stops if a < end_s)
    return replace(
        activity,
        elapsed_s=activity.elapsed_s[keep],
        distance_m=activity.distance_m[keep],
        speed_m_s=activity.speed_m_s[keep],
        heart_rate=activity.heart_rate[keep],
        altitude_m=activity.altitude_m[keep],
        cadence=activity.cadence[keep],
        latitude=activity.latitude[keep],
        longitude=activity.longitude[keep],
        laps=laps,
        timer_stops=stops,
    )
