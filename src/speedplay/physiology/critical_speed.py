"""Critical speed (CS) and D' from a runner's best efforts.

Model (Hughson et al. 1984 for running, after Monod & Scherrer 1965; reviewed by Jones &
Vanhatalo 2017, *Sports Med* 47 Suppl 1): distance covered in time t at a maximal effort is
``D = CS t + D'``: CS [m/s] is the highest speed sustained without drawing on a finite reserve
D' [m]. Fitted by ordinary least squares of distance on time; two efforts fit exactly.

Valid for efforts of about 2 to 15-20 min. Mattioni Maturana et al. (2018, *J Sci Med Sport*
21:742) found CS "considerably overestimated when only trials lasting less than 10 min were
included": the fit should include an effort of 12 min or more. Field fits carry an error of
about 5 % in CS (Karsten et al. 2015, *Eur J Appl Physiol* 115:197).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from speedplay.errors import InvalidValueError

MIN_EFFORT_S = 120.0
MAX_EFFORT_S = 20 * 60.0
"""The durations over which the two-parameter model holds [s]."""

LONGEST_EFFORT_NEEDED_S = 12 * 60.0
"""Without an effort this long, CS comes out too fast (Mattioni Maturana et al. 2018)."""


@dataclass(frozen=True)
class CriticalSpeed:
    """A fitted critical speed [m/s] and D' [m], with how well the efforts fit and why to doubt."""

    speed: float
    d_prime: float
    r_squared: float
    efforts: int
    caveats: tuple[str, ...]

    def time_for(self, distance_m: float) -> float:
        """Predicted time [s] for ``distance_m``: ``t = (D - D') / CS`` (2-20 min efforts)."""
        return (distance_m - self.d_prime) / self.speed


def fit_critical_speed(efforts: Sequence[tuple[float, float]]) -> CriticalSpeed:
    """Fit CS and D' to best efforts, each (distance [m], time [s]); at least two.

    Efforts of 2-20 min are used when there are two or more of them; otherwise all are, with a
    caveat saying the fit is outside the model's range.
    """
    if len(efforts) < 2:
        raise InvalidValueError("critical speed needs two or more efforts")
    in_range = [(d, t) for d, t in efforts if MIN_EFFORT_S <= t <= MAX_EFFORT_S]
    used = in_range if len(in_range) >= 2 else list(efforts)
    times = [t for _, t in used]
    mean_t = sum(times) / len(used)
    mean_d = sum(d for d, _ in used) / len(used)
    spread = sum((t - mean_t) ** 2 for t in times)
    if spread == 0:
        raise InvalidValueError("critical speed needs efforts of different durations")
    slope = sum((t - mean_t) * (d - mean_d) for d, t in used) / spread
    intercept = mean_d - slope * mean_t
    residual = sum((d - (slope * t + intercept)) ** 2 for d, t in used)
    total = sum((d - mean_d) ** 2 for d, _ in used)
    r_squared = 1 - residual / total if total else 1.0
    return CriticalSpeed(slope, intercept, r_squared, len(used), _caveats(times, slope, intercept))


def _caveats(times: list[float], speed: float, d_prime: float) -> tuple[str, ...]:
    notes = []
    outside = [t for t in times if not MIN_EFFORT_S <= t <= MAX_EFFORT_S]
    if outside:
        notes.append(
            f"{len(outside)} of {len(times)} efforts fall outside 2-20 min, "
            "where the model does not hold"
        )
    if max(times) < LONGEST_EFFORT_NEEDED_S:
        notes.append("no effort of 12 min or more, so critical speed is likely too fast")
    if speed <= 0 or d_prime <= 0 or not math.isfinite(speed):
        notes.append("the efforts do not fit the model (faster over longer); check the times")
    return tuple(notes)
