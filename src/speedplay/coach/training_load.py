"""Fitness, fatigue and form from the daily training load (the impulse-response model as
TrainingPeaks and intervals.icu use it).

Each day's load feeds two exponentially weighted averages: fitness (CTL, chronic training load,
time constant 42 days) and fatigue (ATL, acute training load, 7 days); form (TSB, training
stress balance) is fitness less fatigue. Each day: ``CTL = CTL + (load - CTL) / 42``, likewise
ATL over 7 (Allen & Coggan, *Training and Racing with a Power Meter*, 2nd ed. 2010, ch. 8; the
same definitions as intervals.icu, which reports form as CTL - ATL of the same day). Days with
no run add a load of zero. The figures are in the units of the load (rTSS: 100 is an hour at
threshold).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

FITNESS_DAYS = 42
FATIGUE_DAYS = 7

EASY_HOUR_LOAD = 50.0
"""A run with no load figure (no threshold pace, no heart rate) counts about 50 per hour: an
hour at easy pace, IF 0.7, is 0.7^2 x 100."""


@dataclass(frozen=True)
class FormDay:
    """One day of the model: the day's load and fitness, fatigue and form after it."""

    day: date
    load: float
    fitness: float
    fatigue: float

    @property
    def form(self) -> float:
        return self.fitness - self.fatigue


def fitness_fatigue_form(loads: Mapping[date, float], until: date) -> list[FormDay]:
    """Every day from the first load to ``until``, starting from zero fitness and fatigue."""
    if not loads:
        return []
    day, fitness, fatigue = min(loads), 0.0, 0.0
    days = []
    while day <= until:
        load = loads.get(day, 0.0)
        fitness += (load - fitness) / FITNESS_DAYS
        fatigue += (load - fatigue) / FATIGUE_DAYS
        days.append(FormDay(day, load, fitness, fatigue))
        day += timedelta(days=1)
    return days


def run_load(rtss: float | None, trimp: float | None, moving_s: float) -> tuple[float, str]:
    """A run's load for the model and which figure it is: rTSS when the threshold pace is
    known, else TRIMP (on a similar scale: about 100 for an hour near threshold), else an
    estimate from the moving time at easy effort."""
    if rtss is not None:
        return rtss, "rtss"
    if trimp is not None:
        return trimp, "trimp"
    return moving_s / 3600 * EASY_HOUR_LOAD, "time"
