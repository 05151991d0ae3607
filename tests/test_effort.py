"""Effort to pace: the RPE scale's anchors, and longer reps run slower."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speedplay.physiology.effort import (
    effort_heart_rate,
    effort_pace,
    effort_pace_range,
    interval_race_seconds,
)
from speedplay.physiology.training_paces import training_paces
from speedplay.physiology.vdot import race_time
from speedplay.races import Race

VDOTS = st.floats(min_value=25, max_value=85)


@given(VDOTS, st.floats(10, 1800), st.floats(1.05, 4))
def test_longer_reps_get_slower_targets(vdot, seconds, factor):
    shorter = effort_pace_range(vdot, 8, 9, seconds)
    longer = effort_pace_range(vdot, 8, 9, seconds * factor)
    assert longer[0] >= shorter[0]
    assert longer[1] >= shorter[1]
    if 60 <= seconds <= 600:
        assert longer[0] > shorter[0], "past a minute every longer rep is slower, to the cap"


@given(VDOTS, st.floats(10, 1800))
def test_harder_efforts_are_faster(vdot, seconds):
    paces = [effort_pace(vdot, rpe, seconds) for rpe in range(2, 10)]
    assert paces == sorted(paces, reverse=True)


@pytest.mark.parametrize("vdot", [30, 40, 50, 60, 70])
def test_the_anchors_are_daniels_paces(vdot):
    paces = training_paces(vdot)
    mile_pace = race_time(vdot, Race.MILE.metres) / (Race.MILE.metres / 1000)
    assert effort_pace(vdot, 9, 60) == pytest.approx(mile_pace, abs=0.5), "1-min reps at R"
    assert effort_pace(vdot, 9, 240) == pytest.approx(paces.interval, abs=0.5), "4-min reps at I"
    assert effort_pace(vdot, 7, None) == pytest.approx(paces.threshold), "tempo at T"
    assert effort_pace(vdot, 3, None) == pytest.approx(sum(paces.easy) / 2)


def test_i_pace_is_about_a_fifteen_minute_race():
    assert 12 * 60 < interval_race_seconds() < 16 * 60


def test_effort_heart_rate_follows_friel_zones():
    assert effort_heart_rate(170, 8, 9) == (170, 180)  # 100 % to 106 % of LTHR
    assert effort_heart_rate(170, 7, 7) == (162, 173)  # Z4 to Z5a: 95 % to 102 %
