"""LTHR and threshold pace from a 30-minute time trial, and refusals of what is not one."""

from __future__ import annotations

import math

import pytest

from speedplay.errors import InvalidValueError
from speedplay.physiology.threshold_test import estimate_threshold


def time_trial(
    minutes=30.0, speed=lambda t: 3.7, heart=lambda t: 150 + 20 * (1 - math.exp(-t / 300))
):
    """A synthetic 1 Hz recording: known speed and a heart rate rising to a plateau."""
    seconds = range(int(minutes * 60) + 1)
    return [float(s) for s in seconds], [speed(s) for s in seconds], [heart(s) for s in seconds]


def test_lthr_is_the_mean_of_the_last_20_minutes_and_pace_the_average():
    elapsed, distance, rates = time_trial()
    estimate = estimate_threshold(elapsed, distance, rates)
    last_twenty = [r for t, r in zip(elapsed, rates, strict=True) if t >= 600]
    assert estimate.lthr == pytest.approx(sum(last_twenty) / len(last_twenty))
    assert estimate.lthr == pytest.approx(169.5, abs=0.5)
    assert estimate.pace_s_per_km == pytest.approx(1000 / 3.7, rel=1e-3)


def test_gaps_in_heart_rate_are_skipped_when_few():
    elapsed, distance, rates = time_trial(heart=lambda t: None if t % 20 == 0 else 165.0)
    assert estimate_threshold(elapsed, distance, rates).lthr == pytest.approx(165)


@pytest.mark.parametrize(
    ("recording", "reason"),
    [
        (time_trial(minutes=20), "not a 30-minute time trial: it lasts 20.0 min (28-32 min accepted)"),
        (time_trial(heart=lambda t: None if t > 900 else 160.0), "heart rate is missing for more than 10%"),
        (time_trial(speed=lambda t: 0.0 if 600 <= t < 700 else 3.7), "the runner stopped or walked for 99 s"),
        (time_trial(speed=lambda t: 5.0 if (t // 120) % 2 == 0 else 2.5), "not a steady time trial: pace varies"),
    ],
)  # fmt: skip
def test_what_is_not_a_time_trial_is_refused_with_a_reason(recording, reason):
    with pytest.raises(InvalidValueError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        estimate_threshold(*recording)
