"""Riegel's endurance model, and a runner's own fatigue exponent from two races.

Source: Riegel PS, "Athletic records and human endurance", *American Scientist* 69:285 (1981):
``T2 = T1 (D2 / D1)^1.06``, fitted to world records for about 3.5 to 230 min. Vickers & Vertosick
(2016, *BMC Sports Sci Med Rehabil* 8:26; 2,303 recreational runners) found it well calibrated up
to the half marathon but at least 10 min too fast in the marathon for half of them.

Two races of one runner give that runner's own exponent, ``E = ln(t2/t1) / ln(d2/d1)`` (the
two-race generalisation in Runalyze's ``Bock.php``): near 1.06 is a balanced runner; a higher
exponent means endurance lags speed, a lower one the reverse.
"""

from __future__ import annotations

import math

RIEGEL_EXPONENT = 1.06


def riegel_time(
    seconds: float, distance_m: float, target_m: float, exponent: float = RIEGEL_EXPONENT
) -> float:
    """Predicted time [s] over ``target_m`` from ``seconds`` over ``distance_m``."""
    return seconds * math.pow(target_m / distance_m, exponent)


def personal_exponent(first: tuple[float, float], second: tuple[float, float]) -> float:
    """A runner's own fatigue exponent from two races, each (distance [m], time [s])."""
    (d1, t1), (d2, t2) = first, second
    return math.log(t2 / t1) / math.log(d2 / d1)
