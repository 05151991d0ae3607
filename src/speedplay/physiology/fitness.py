"""A runner's fitness from one or more races: VDOT, race equivalents, and which to trust.

One race gives a VDOT (Daniels & Gilbert) and from it every race equivalent. Two or more races
usually disagree, and the disagreement is information:

* Training paces come from the best VDOT: Daniels sets training from the runner's best current
  performance. M pace is marathon race pace by definition, so it is the marathon equivalent
  below, which respects a slower long race.
* Each race equivalent comes from the runner's own races around its distance: the VDOT is
  interpolated on log distance between the nearest shorter and longer race, and beyond the
  shortest or longest race that race's VDOT is used. Speed and endurance differ between runners:
  a fast 5k over-predicts the marathon of a runner whose endurance lags (Vickers & Vertosick
  2016 found single-race predictions at least 10 min too fast in the marathon for half of
  recreational runners).
* The runner's own Riegel exponent between their shortest and longest race says which way they
  lean; critical speed and D' are fitted to the races of 2-20 min (or all, with a caveat).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from speedplay.errors import InvalidValueError
from speedplay.physiology.critical_speed import CriticalSpeed, fit_critical_speed
from speedplay.physiology.riegel import RIEGEL_EXPONENT, personal_exponent
from speedplay.physiology.training_paces import TrainingPaces, training_paces
from speedplay.physiology.vdot import check_plausible, race_time, vdot_from_race
from speedplay.races import Race, RaceResult

MIN_RACE_M, MAX_RACE_M = 800.0, 50_000.0
"""VDOT is published for 1500 m to the marathon; a little either side is still meaningful."""

DISAGREEMENT_VDOT = 2.0
"""Races whose VDOTs differ by more than this tell different stories about the runner."""

EXPONENT_MARGIN = 0.02
"""A personal exponent within this of Riegel's 1.06 counts as balanced."""


@dataclass(frozen=True)
class RaceVdot:
    """One race and the VDOT it shows."""

    result: RaceResult
    vdot: float


@dataclass(frozen=True)
class Equivalent:
    """A predicted race time [s] and the races it was predicted from (one, or the two around)."""

    race: Race
    seconds: float
    sources: tuple[RaceResult, ...]


@dataclass(frozen=True)
class Fitness:
    """What the races say: VDOT for training, equivalents, paces and the reasoning."""

    vdot: float
    races: tuple[RaceVdot, ...]
    equivalents: tuple[Equivalent, ...]
    paces: TrainingPaces
    critical_speed: CriticalSpeed | None
    exponent: float | None
    verdict: str


def race_vdot(result: RaceResult) -> RaceVdot:
    """The VDOT of one race, refusing distances and times outside what the model covers."""
    if not MIN_RACE_M <= result.metres <= MAX_RACE_M:
        raise InvalidValueError(
            f"{result.label}: VDOT covers races from 800 m to 50 km, not {result.metres:g} m"
        )
    vdot = vdot_from_race(result.metres, result.seconds)
    check_plausible(vdot, f"a {result.describe()}")
    return RaceVdot(result, vdot)


def assess_fitness(results: Sequence[RaceResult]) -> Fitness:
    """Fitness from one or more races (see the module's docstring for the rules)."""
    if not results:
        raise InvalidValueError("give at least one race, e.g. --race 5k=22:30")
    races = tuple(race_vdot(result) for result in results)
    best = max(races, key=lambda r: r.vdot)
    equivalents = tuple(_equivalent(race, races) for race in Race)
    critical = None
    exponent = None
    if len({r.result.metres for r in races}) >= 2:
        critical = fit_critical_speed([(r.result.metres, r.result.seconds) for r in races])
        shortest = min(races, key=lambda r: r.result.metres)
        longest = max(races, key=lambda r: r.result.metres)
        exponent = personal_exponent(
            (shortest.result.metres, shortest.result.seconds),
            (longest.result.metres, longest.result.seconds),
        )
    marathon = equivalents[-1]
    assert marathon.race is Race.MARATHON
    paces = replace(
        training_paces(best.vdot), marathon=marathon.seconds / (Race.MARATHON.metres / 1000)
    )
    return Fitness(
        vdot=best.vdot,
        races=races,
        equivalents=equivalents,
        paces=paces,
        critical_speed=critical,
        exponent=exponent,
        verdict=_verdict(races, best, exponent),
    )


def _equivalent(race: Race, races: tuple[RaceVdot, ...]) -> Equivalent:
    """The prediction from the VDOT at ``race``'s distance, interpolated on log distance between
    the runner's races around it; beyond the shortest or longest race, that race's own VDOT."""
    shorter = [r for r in races if r.result.metres <= race.metres]
    longer = [r for r in races if r.result.metres >= race.metres]
    low = max(shorter, key=lambda r: (r.result.metres, r.vdot)) if shorter else None
    high = min(longer, key=lambda r: (r.result.metres, -r.vdot)) if longer else None
    if low is None or high is None or low.result.metres == high.result.metres:
        only = low or high
        assert only is not None
        return Equivalent(race, race_time(only.vdot, race.metres), (only.result,))
    share = math.log(race.metres / low.result.metres) / math.log(
        high.result.metres / low.result.metres
    )
    vdot = low.vdot + share * (high.vdot - low.vdot)
    return Equivalent(race, race_time(vdot, race.metres), (low.result, high.result))


def _verdict(races: tuple[RaceVdot, ...], best: RaceVdot, exponent: float | None) -> str:
    if len(races) == 1:
        return f"From your {best.result.describe()} (VDOT {best.vdot:.1f})."
    worst = min(races, key=lambda r: r.vdot)
    spread = best.vdot - worst.vdot
    lines = [
        f"Training paces use your {best.result.describe()} (VDOT {best.vdot:.1f}), your "
        "best current performance."
    ]
    if spread > DISAGREEMENT_VDOT:
        lines.append(
            f"Your {worst.result.describe()} is VDOT {worst.vdot:.1f}, {spread:.1f} lower: "
            "each race prediction comes from your races around its distance, since one distance "
            "predicts another poorly when speed and endurance differ."
        )
    else:
        lines.append("Your races agree (within 2 VDOT points), so every prediction is sound.")
    if exponent is not None:
        if exponent > RIEGEL_EXPONENT + EXPONENT_MARGIN:
            lean = "you slow more with distance than most: endurance is your limiter"
        elif exponent < RIEGEL_EXPONENT - EXPONENT_MARGIN:
            lean = "you hold pace over distance better than most: speed is your limiter"
        else:
            lean = "a balance of speed and endurance"
        lines.append(f"Your fatigue exponent is {exponent:.3f} (Riegel's 1.06 is typical): {lean}.")
    return " ".join(lines)
