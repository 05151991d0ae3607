"""Daniels' training paces E, M, T, I and R from VDOT.

Daniels does not publish his algorithm (*Daniels' Running Formula*, 3rd ed., Table 5.2, prints
only the results). These fits reproduce the printed table (checks in ``tests``):

* E: 63.04 % (slow end) to 73.46 % (fast end) of VDOT, the fit of the ``tlgs/vdot`` analysis;
  Daniels' stated range is 59-74 % of VO2max.
* M: the equation's marathon race pace. Within 1 s/km of the table from VDOT 40 up; at low VDOT
  the printed M is slower than the book's own marathon time implies (7:03 vs 6:51/km at 30).
* T: 88 % of VDOT, about the pace of a one-hour race; exact to the second at VDOT 30-70.
* I: 97.5 % of VDOT (fit 97.43 %), about the pace of a 12-15 min race.
* R: Daniels' "6-second rule": R per 400 m = I per 400 m - 6 s (-7 s for VDOT in the 40s,
  -8 s below 40), which reproduces the printed R at VDOT 40, 50, 60 and 70.

Paces are [s/km].
"""

from __future__ import annotations

from dataclasses import dataclass

from speedplay.physiology.vdot import race_time, speed_at_vo2
from speedplay.races import Race
from speedplay.units import METRES_PER_KM

EASY_FAST_FRACTION = 0.7346
EASY_SLOW_FRACTION = 0.6304
THRESHOLD_FRACTION = 0.88
INTERVAL_FRACTION = 0.975

REPETITION_LAP_M = 400.0
"""The 6-second rule is stated per 400 m lap."""


@dataclass(frozen=True)
class TrainingPaces:
    """Daniels' training paces [s/km]; ``easy`` is a (fast, slow) range."""

    easy: tuple[float, float]
    marathon: float
    threshold: float
    interval: float
    repetition: float


def pace_at_fraction(vdot: float, fraction: float) -> float:
    """Pace [s/km] whose oxygen cost is ``fraction`` of VDOT."""
    return METRES_PER_KM / speed_at_vo2(vdot * fraction)


def repetition_gap_seconds(vdot: float) -> float:
    """How much faster R is than I per 400 m [s]: 6, or 7-8 for slower runners."""
    if vdot >= 50:
        return 6.0
    if vdot >= 40:
        return 7.0
    return 8.0


def training_paces(vdot: float) -> TrainingPaces:
    """E, M, T, I and R for a runner of ``vdot``."""
    interval = pace_at_fraction(vdot, INTERVAL_FRACTION)
    lap = REPETITION_LAP_M / METRES_PER_KM
    repetition = (interval * lap - repetition_gap_seconds(vdot)) / lap
    marathon = race_time(vdot, Race.MARATHON.metres) / (Race.MARATHON.metres / METRES_PER_KM)
    easy = (pace_at_fraction(vdot, EASY_FAST_FRACTION), pace_at_fraction(vdot, EASY_SLOW_FRACTION))
    return TrainingPaces(
        easy=easy,
        marathon=marathon,
        threshold=pace_at_fraction(vdot, THRESHOLD_FRACTION),
        interval=interval,
        repetition=repetition,
    )
