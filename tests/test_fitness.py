"""Fitness from races: equivalents, which race to trust, and impossible inputs."""

from __future__ import annotations

import pytest

from speedplay.errors import InvalidValueError
from speedplay.physiology.fitness import assess_fitness
from speedplay.races import Race, parse_race_result
from speedplay.units import parse_clock


def fitness_of(*races: str):
    return assess_fitness([parse_race_result(text) for text in races])


def equivalent(fitness, race: Race) -> float:
    return next(e.seconds for e in fitness.equivalents if e.race is race)


def test_one_race_gives_vdot_and_every_equivalent():
    fitness = fitness_of("5k=19:57")
    assert fitness.vdot == pytest.approx(50, abs=0.2)
    assert equivalent(fitness, Race.K10) == pytest.approx(parse_clock("41:21"), abs=5)
    assert equivalent(fitness, Race.K5) == pytest.approx(parse_clock("19:57"), abs=0.5)
    assert fitness.critical_speed is None
    assert fitness.exponent is None


def test_a_slow_marathon_against_a_fast_5k():
    fitness = fitness_of("5k=20:00", "marathon=3:45:00")
    assert equivalent(fitness, Race.MARATHON) == pytest.approx(parse_clock("3:45:00"), abs=1)
    assert equivalent(fitness, Race.K5) == pytest.approx(parse_clock("20:00"), abs=1)
    single = fitness_of("5k=20:00")
    assert equivalent(fitness, Race.HALF) > equivalent(single, Race.HALF) + 120
    assert fitness.vdot == pytest.approx(single.vdot), "training from the best performance"
    assert fitness.paces.marathon == pytest.approx(parse_clock("3:45:00") / 42.195, abs=0.1)
    assert fitness.exponent is not None
    assert fitness.exponent > 1.1
    assert "endurance is your limiter" in fitness.verdict
    assert "VDOT 41.0, 8.8 lower" in fitness.verdict


def test_races_that_agree_say_so():
    fitness = fitness_of("5k=19:57", "10k=41:21")
    assert "Your races agree" in fitness.verdict
    assert fitness.critical_speed is not None


@pytest.mark.parametrize(
    ("race", "message"),
    [
        ("5k=8:00", "a 5k in 8:00 is faster than the world record; check the time"),
        ("5k=3:00:00", "a 5k in 3:00:00 is slower than a brisk walk; check the time"),
        ("7x=20:00", "unknown distance '7x'; use 800, 1500, mile, 3k, 2mi, 5k, 8k, 10k, 15k, 10mi, half, marathon, or a distance such as 7.5km or 4mi"),
        ("5k=22:3x", "'22:3x' is not a time; write h:mm:ss, m:ss or seconds"),
        ("5k", "'5k' is not a race result; write DIST=TIME, e.g. 5k=22:30"),
        ("200m=0:30", "200m: VDOT covers races from 800 m to 50 km, not 200 m"),
        ("5k=0", "'5k=0': a race time must be more than zero"),
    ],
)  # fmt: skip
def test_impossible_or_malformed_races_are_refused(race, message):
    with pytest.raises(InvalidValueError) as caught:
        fitness_of(race)
    assert str(caught.value) == message


def test_any_distance_is_accepted():
    assert fitness_of("7.5km=33:00").vdot == pytest.approx(fitness_of("7500m=33:00").vdot)
    assert fitness_of("4mi=28:00").races[0].result.metres == pytest.approx(4 * 1609.344)
