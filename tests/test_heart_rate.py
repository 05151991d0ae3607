"""Heart-rate zones: Friel's running zones and Karvonen's reserve, from their formulas."""

from __future__ import annotations

import itertools
import math

import pytest

from speedplay.errors import InvalidValueError
from speedplay.physiology.heart_rate import (
    friel_zones,
    karvonen,
    karvonen_zones,
    lthr_from_reserve,
)

FRIEL_LOWER_BOUNDS = {"Z2": 0.85, "Z3": 0.90, "Z4": 0.95, "Z5a": 1.00, "Z5b": 1.03, "Z5c": 1.06}
"""Friel's running zones as % of LTHR (Friel, 'Quick guide to setting zones')."""


@pytest.mark.parametrize("lthr", [150, 165, 170, 182])
def test_friel_zones_start_at_the_published_percentages(lthr):
    zones = {zone.name: zone for zone in friel_zones(lthr)}
    assert list(zones) == ["Z1", "Z2", "Z3", "Z4", "Z5a", "Z5b", "Z5c"]
    for name, fraction in FRIEL_LOWER_BOUNDS.items():
        assert zones[name].low == math.ceil(lthr * fraction)
    ordered = list(zones.values())
    for below, above in itertools.pairwise(ordered):
        assert below.high == above.low, "no gaps between zones"


def test_lthr_170_zones():
    zones = {zone.name: (zone.low, zone.high) for zone in friel_zones(170)}
    assert zones["Z2"] == (145, 153)  # 144.5 and 153.0
    assert zones["Z5a"] == (170, 176)  # 170 and 175.1


def test_karvonen_reserve():
    # Karvonen 1957: rest + f (max - rest); 50 + 0.7 (190 - 50) = 148
    assert karvonen(50, 190, 0.7) == pytest.approx(148)
    assert next((z.low, z.high) for z in karvonen_zones(50, 190)) == (120, 134)
    assert lthr_from_reserve(50, 190) == pytest.approx(169)


@pytest.mark.parametrize(("rest", "maximum"), [(60, 55), (20, 190), (50, 300)])
def test_impossible_heart_rates_are_refused(rest, maximum):
    with pytest.raises(InvalidValueError):
        karvonen_zones(rest, maximum)
