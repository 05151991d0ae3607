"""Daniels & Gilbert's oxygen-power model: VDOT from a race, and race times from VDOT.

Source: Daniels J, Gilbert J. *Oxygen Power: Performance Tables for Distance Runners*, 1979;
the equations behind the tables of *Daniels' Running Formula* (3rd ed. 2014, Table 5.1).
Constants as in GoldenCheetah ``VDOTCalculator.cpp`` and the ``vdot-calculator`` package.

With ``v`` the race speed [m/min] and ``t`` the race time [min]::

    VO2(v)  = -4.60 + 0.182258 v + 0.000104 v^2          oxygen cost of running [ml/kg/min]
    %max(t) = 0.8 + 0.1894393 e^(-0.012778 t) + 0.2989558 e^(-0.1932605 t)
                                                        fraction of VO2max held for t minutes
    VDOT    = VO2(d / t) / %max(t)

Valid for races of about 1500 m to the marathon (the tables' range); outside it the fraction
curve is extrapolated. The printed tables differ from the equations by up to 32 s (marathon at
VDOT 30) because Daniels adjusted them by hand; see ``docs/models/vdot.md``.
"""

from __future__ import annotations

import functools
import math

from speedplay.errors import InvalidValueError

VO2_INTERCEPT = -4.60
VO2_LINEAR = 0.182258
VO2_QUADRATIC = 0.000104
"""Cost of running on the flat, ml O2/kg/min against speed in m/min (Daniels & Gilbert 1979)."""

FRACTION_BASE = 0.8
FRACTION_SLOW = (0.1894393, 0.012778)
FRACTION_FAST = (0.2989558, 0.1932605)
"""Fraction of VO2max sustainable for t minutes: base + a1 e^(-b1 t) + a2 e^(-b2 t)."""

MIN_VDOT, MAX_VDOT = 15.0, 86.0
"""Below 15 is slower than a brisk walk over the distance; 86 is the men's world records."""


def oxygen_cost(speed_m_per_min: float) -> float:
    """VO2 needed to run at a speed [ml/kg/min]; speed in m/min as in the source."""
    return VO2_INTERCEPT + VO2_LINEAR * speed_m_per_min + VO2_QUADRATIC * speed_m_per_min**2


def sustainable_fraction(minutes: float) -> float:
    """Fraction of VO2max a runner can hold for a race lasting ``minutes``."""
    a1, b1 = FRACTION_SLOW
    a2, b2 = FRACTION_FAST
    return FRACTION_BASE + a1 * math.exp(-b1 * minutes) + a2 * math.exp(-b2 * minutes)


def vdot_from_race(distance_m: float, seconds: float) -> float:
    """VDOT of a race: distance [m] in ``seconds`` [s]."""
    if distance_m <= 0 or seconds <= 0:
        raise InvalidValueError("a race needs a positive distance and time")
    minutes = seconds / 60
    return oxygen_cost(distance_m / minutes) / sustainable_fraction(minutes)


def speed_at_vo2(vo2: float) -> float:
    """Speed [m/s] whose oxygen cost is ``vo2`` [ml/kg/min]: the cost equation solved for v."""
    a, b, c = VO2_QUADRATIC, VO2_LINEAR, VO2_INTERCEPT - vo2
    metres_per_minute = (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)
    return metres_per_minute / 60


def speed_for_duration(vdot: float, seconds: float) -> float:
    """Speed [m/s] a runner of ``vdot`` can race for ``seconds``: the pace-duration curve."""
    return speed_at_vo2(vdot * sustainable_fraction(seconds / 60))


@functools.lru_cache(maxsize=4096)
def race_time(vdot: float, distance_m: float) -> float:
    """Predicted time [s] over ``distance_m`` for a runner of ``vdot``.

    VDOT(t) falls as t grows, so bisection on t converges; the bracket follows Runalyze's
    ``Prognosis/VO2max.php`` (2 to 10 min per km, widened for very slow runners). Some thirty
    steps each: remembered, since a plan's page asks the same runner's paces for every step.
    """
    low, high = 60.0 * distance_m / 1000, 1200.0 * distance_m / 1000
    for _ in range(100):
        middle = (low + high) / 2
        if vdot_from_race(distance_m, middle) > vdot:
            low = middle
        else:
            high = middle
        if high - low < 1e-3:
            break
    return (low + high) / 2


def check_plausible(vdot: float, what: str) -> None:
    """Refuse a VDOT no human has run: faster than world records or slower than walking."""
    if vdot > MAX_VDOT:
        raise InvalidValueError(f"{what} is faster than the world record; check the time")
    if vdot < MIN_VDOT:
        raise InvalidValueError(f"{what} is slower than a brisk walk; check the time")
