"""Grade-adjusted pace: the flat-ground speed of equal effort (Minetti et al. 2002).

Minetti AE et al., "Energy cost of walking and running at extreme uphill and downhill slopes",
*J Appl Physiol* 93:1039 (2002): the energy cost of running on gradient ``i`` (a fraction) is

    Cr(i) = 155.4 i^5 - 30.4 i^4 - 43.3 i^3 + 46.3 i^2 + 19.5 i + 3.6   [J/kg/m]

valid for -0.45 <= i <= 0.45. The flat speed of equal energy is ``v * Cr(i) / Cr(0)``. Minetti
notes that downhill it credits more than runners can use; speedplay therefore judges hill reps
on their uphill part only and never scores a jog down by GAP.

Altitude from GPS or barometers is noisy: grade is taken over a smoothed altitude and at least
``GRADE_SPAN_M`` of horizontal distance, never from one second to the next.
"""

from __future__ import annotations

import numpy as np

from speedplay.analysis.activity import Series

FLAT_COST = 3.6
"""Cr(0) [J/kg/m], Minetti's polynomial on the flat."""

MAX_GRADE = 0.45
"""Minetti's measured range; steeper grades are clipped to it."""

ALTITUDE_SMOOTHING_S = 15
GRADE_SPAN_M = 20.0
"""Grade is the rise over at least this much distance, so GPS jitter is not a cliff."""


def energy_cost(grade: Series) -> Series:
    """Minetti's Cr(i) [J/kg/m] for gradients ``grade`` (fractions)."""
    i = np.clip(grade, -MAX_GRADE, MAX_GRADE)
    return 155.4 * i**5 - 30.4 * i**4 - 43.3 * i**3 + 46.3 * i**2 + 19.5 * i + FLAT_COST


def grade_adjusted_speed(speed: Series, grade: Series) -> Series:
    """Flat-equivalent speed [m/s] of running at ``speed`` on ``grade``."""
    return speed * energy_cost(np.nan_to_num(grade)) / FLAT_COST


def smoothed(values: Series, window: int) -> Series:
    """Centred moving average over ``window`` samples, NaNs bridged by interpolation."""
    if len(values) == 0 or window <= 1:
        return values.copy()
    filled = fill_gaps(values)
    kernel = np.ones(window) / window
    padded = np.pad(filled, window // 2, mode="edge")
    return np.convolve(padded, kernel, mode="valid")[: len(values)]


def fill_gaps(values: Series) -> Series:
    """NaNs replaced by linear interpolation (edges held); all-NaN stays all-NaN."""
    finite = np.isfinite(values)
    if finite.all() or not finite.any():
        return values.astype(float).copy()
    index = np.arange(len(values))
    return np.interp(index, index[finite], values[finite])


def grade_series(altitude: Series, distance: Series) -> Series:
    """Gradient (fraction) at each sample from smoothed altitude and cumulative distance."""
    if not np.isfinite(altitude).any() or not np.isfinite(distance).any():
        return np.zeros(len(altitude))
    height = smoothed(altitude, ALTITUDE_SMOOTHING_S)
    along = fill_gaps(distance)
    grade = np.zeros(len(height))
    ahead = np.searchsorted(along, along + GRADE_SPAN_M / 2)
    behind = np.searchsorted(along, along - GRADE_SPAN_M / 2)
    ahead = np.clip(ahead, 0, len(along) - 1)
    behind = np.clip(behind, 0, len(along) - 1)
    run = along[ahead] - along[behind]
    with np.errstate(divide="ignore", invalid="ignore"):
        grade = np.where(run >= GRADE_SPAN_M / 2, (height[ahead] - height[behind]) / run, 0.0)
    return np.clip(np.nan_to_num(grade), -MAX_GRADE, MAX_GRADE)
