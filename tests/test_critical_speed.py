"""Critical speed and D', and Riegel's exponent."""

from __future__ import annotations

import pytest

from speedplay.errors import InvalidValueError
from speedplay.physiology.critical_speed import fit_critical_speed
from speedplay.physiology.riegel import RIEGEL_EXPONENT, personal_exponent, riegel_time
from speedplay.units import parse_clock


def test_cs_of_daniels_vdot_50_races():
    """SCIENCE.md 3.3: fitting the printed VDOT-50 1500, 3000 and 5000 m gives CS 4.007 m/s."""
    efforts = [
        (1500, parse_clock("5:24")),
        (3000, parse_clock("11:33")),
        (5000, parse_clock("19:57")),
    ]
    fit = fit_critical_speed(efforts)
    assert fit.speed == pytest.approx(4.007, abs=0.002)
    assert fit.r_squared > 0.999
    assert fit.d_prime == pytest.approx(5000 - fit.speed * parse_clock("19:57"), abs=15)
    assert fit.caveats == ()
    short_only = fit_critical_speed(efforts[:2])
    assert short_only.speed > fit.speed, "without a long effort CS comes out too fast"
    assert any("12 min" in caveat for caveat in short_only.caveats)


def test_two_efforts_fit_exactly_and_predict_between():
    fit = fit_critical_speed([(1600, 360.0), (5000, 1200.0)])
    assert fit.speed == pytest.approx((5000 - 1600) / (1200 - 360))
    assert fit.time_for(5000) == pytest.approx(1200)
    assert fit.caveats == ()


def test_long_races_outside_the_model_are_flagged():
    fit = fit_critical_speed([(5000, 1200.0), (42195, 13500.0)])
    assert "outside 2-20 min" in fit.caveats[0]


@pytest.mark.parametrize("efforts", [[(5000, 1200.0)], [(3000, 600.0), (5000, 600.0)]])
def test_unfittable_efforts_are_refused(efforts):
    with pytest.raises(InvalidValueError):
        fit_critical_speed(efforts)


def test_riegel_and_its_personal_exponent_are_inverses():
    ten_k = riegel_time(1200, 5000, 10000)
    assert ten_k == pytest.approx(1200 * 2**1.06)
    assert personal_exponent((5000, 1200), (10000, ten_k)) == pytest.approx(RIEGEL_EXPONENT)
