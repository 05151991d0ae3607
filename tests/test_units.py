"""Units: what runners type and read, converted to SI and back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speedplay.errors import InvalidValueError
from speedplay.units import UnitSystem, format_clock, format_distance, format_pace, parse_clock


@pytest.mark.parametrize(("text", "seconds"), [
    ("19:57", 1197), ("1:31:35", 5495), ("45", 45), ("4:19.5", 259.5), ("2:23:10", 8590),
])  # fmt: skip
def test_parse_clock(text, seconds):
    assert parse_clock(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "1:2:3:4", "4:75", "-5:00", "1::00", "nan"])
def test_parse_clock_refuses_what_is_not_a_time(text):
    with pytest.raises(InvalidValueError, match="is not a time"):
        parse_clock(text)


@given(st.integers(0, 10 * 3600))
def test_clock_round_trips_whole_seconds(seconds):
    assert parse_clock(format_clock(seconds)) == seconds


def test_paces_and_distances_in_the_runners_units():
    assert format_pace(255, UnitSystem.KM) == "4:15/km"
    assert format_pace(255, UnitSystem.MI) == "6:50/mi"  # Daniels' T at VDOT 50 is 6:51/mi printed
    assert format_distance(400, UnitSystem.KM) == "400 m"
    assert format_distance(5000, UnitSystem.KM) == "5.00 km"
    assert format_distance(1609.344, UnitSystem.MI) == "1.00 mi"
