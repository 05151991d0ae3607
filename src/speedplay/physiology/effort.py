"""Effort to pace and heart rate: what RPE 7 or 8-9 means for this runner, for this rep.

A synthesis of published anchors (see ``docs/models/effort.md``):

* The CR-10 effort scale (Borg 1982) maps to Daniels' intensities: 2-4 easy, 5 marathon, 6
  halfway between marathon and threshold, 7 threshold ("comfortably hard", T), 8-9 interval
  work, 10 faster than R (McMillan's and trainingload.ai's RPE tables agree on 7 = threshold
  and 8-9 = VO2max work).
* Hard efforts (RPE 8 and up) depend on the rep's length: longer reps are run slower. Daniels
  runs reps of up to about a minute at R pace (about the runner's mile race pace) and reps of
  3-5 minutes at I pace (about the pace of a 15-minute race). speedplay joins those anchors with
  a power law in (rep length -> duration of the race whose pace to run): a 1-min rep at RPE 9 is
  run at the pace the runner could race for a mile, a 4-min rep at the pace of a race lasting as
  long as I pace can be held, and in between and beyond on the same line, never faster than
  mile pace and never slower than one-hour race pace.
* Each point down the scale doubles how long the effort could be held: RPE 8 is the pace of a
  race twice as long as RPE 9's.
* Heart rate follows Friel's zones: 7 is Z4-Z5a (95-102 % of LTHR), 8-9 is Z5b (103-106 %).
  Steps under two minutes get no range: heart rate lags a change of effort by 60-90 s.

Everything comes from the runner's own pace-duration curve (:func:`vdot.speed_for_duration`).
"""

from __future__ import annotations

import math
from functools import cache

from speedplay.physiology.training_paces import (
    EASY_FAST_FRACTION,
    EASY_SLOW_FRACTION,
    INTERVAL_FRACTION,
    THRESHOLD_FRACTION,
    pace_at_fraction,
)
from speedplay.physiology.vdot import race_time, speed_for_duration, sustainable_fraction
from speedplay.races import Race
from speedplay.units import METRES_PER_KM

SHORT_REP_S = 60.0
"""Reps up to a minute are R work: run at the runner's mile race pace at RPE 9."""

I_REP_S = 240.0
"""Four-minute reps, the middle of Daniels' 3-5 min, are I work."""

LONGEST_RACE_S = 3600.0
"""No hard rep is slower than the pace of a one-hour race (about T pace)."""

HALVING_PER_POINT = 2.0
"""One point down the effort scale doubles how long the effort could be held."""

HEART_RATE_RESPONSE_S = 120.0
"""A step shorter than this gets no heart-rate range. Heart rate lags a change of effort by
60-90 s (SCIENCE 6.3, on judging hill repeats), so over a shorter step it shows
the step before: through a 30-s rep it is still near the jog's, through a 30-s jog near the
rep's, and a watch holding the runner to the step's range would alarm through all of it."""

HARD_RPE = 8
OPEN_REP_ASSUMED_S = 60.0
"""A hard step with no length (a fartlek surge to a landmark) is taken to last a minute."""

HR_BANDS: dict[int, tuple[float, float]] = {
    1: (0.65, 0.81), 2: (0.65, 0.85), 3: (0.81, 0.89), 4: (0.85, 0.89), 5: (0.90, 0.94),
    6: (0.90, 0.94), 7: (0.95, 1.02), 8: (1.00, 1.04), 9: (1.03, 1.06), 10: (1.06, 1.10),
}  # fmt: skip
"""Heart rate as fractions of LTHR for each effort (Friel's running zones, SCIENCE 4.5)."""


@cache
def interval_race_seconds() -> float:
    """How long a race at I pace lasts [s]: where the sustainable fraction falls to 97.5 %."""
    low, high = 60.0, 3600.0
    for _ in range(60):
        middle = (low + high) / 2
        if sustainable_fraction(middle / 60) > INTERVAL_FRACTION:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def hard_race_seconds(vdot: float, rpe: int, rep_seconds: float) -> float:
    """The race duration [s] whose pace a hard rep of ``rep_seconds`` at ``rpe`` is run at."""
    mile = race_time(vdot, Race.MILE.metres)
    interval = interval_race_seconds()
    exponent = math.log(interval / mile) / math.log(I_REP_S / SHORT_REP_S)
    at_rpe9 = mile * math.pow(max(rep_seconds, SHORT_REP_S) / SHORT_REP_S, exponent)
    held = at_rpe9 * math.pow(HALVING_PER_POINT, 9 - rpe)
    fastest = mile if rpe <= 9 else 0.0  # only RPE 10 may go faster than mile pace
    return min(max(held, fastest), LONGEST_RACE_S)


def effort_pace(vdot: float, rpe: int, rep_seconds: float | None) -> float:
    """Pace [s/km] for one effort level, for a rep lasting ``rep_seconds`` (None: unknown)."""
    if rpe >= HARD_RPE:
        seconds = hard_race_seconds(vdot, rpe, rep_seconds or OPEN_REP_ASSUMED_S)
        return METRES_PER_KM / speed_for_duration(vdot, seconds)
    threshold = pace_at_fraction(vdot, THRESHOLD_FRACTION)
    if rpe == 7:
        return threshold
    marathon = race_time(vdot, Race.MARATHON.metres) / (Race.MARATHON.metres / METRES_PER_KM)
    if rpe == 6:
        return (marathon + threshold) / 2
    if rpe == 5:
        return marathon
    easy_fast = pace_at_fraction(vdot, EASY_FAST_FRACTION)
    easy_slow = pace_at_fraction(vdot, EASY_SLOW_FRACTION)
    if rpe == 4:
        return easy_fast
    if rpe == 3:
        return (easy_fast + easy_slow) / 2
    return easy_slow


def effort_pace_range(
    vdot: float, low: int, high: int, rep_seconds: float | None
) -> tuple[float, float]:
    """Pace range [s/km], fast first, for an RPE range and a rep length."""
    return effort_pace(vdot, high, rep_seconds), effort_pace(vdot, low, rep_seconds)


def effort_heart_rate(lthr: float, low: int, high: int) -> tuple[int, int]:
    """Heart-rate range [bpm] for an RPE range, from Friel's zones on LTHR."""
    return math.ceil(lthr * HR_BANDS[low][0]), math.floor(lthr * HR_BANDS[high][1])
