"""Every reader fed real files damaged the ways files get damaged (bits flipped, cut short,
bytes inserted or dropped, another file spliced in): it keeps what is valid or says in one
line what is wrong, within a time bound; never a traceback, never a hang. A few hundred inputs
here; ``scripts/fuzz.py`` runs the same for as long as it is given."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzzing import TARGETS, check, mutated


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_reader_reads_its_own_seeds(name):
    """The seeds themselves are read without a word of complaint."""
    target = TARGETS[name]
    for seed in target.seeds():
        check(target, seed)


@pytest.mark.parametrize("name", sorted(TARGETS))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), changes=st.integers(1, 8))
def test_every_reader_survives_damaged_files(name, seed, changes):
    target = TARGETS[name]
    seeds = target.seeds()
    chooser = random.Random(seed)
    check(target, mutated(chooser.choice(seeds), seeds, chooser, changes))


FOUND = Path(__file__).parent / "data" / "fuzz"
"""Inputs the long fuzz runs found a reader failing on, kept once mended (named
``READER-what.SUFFIX``)."""


@pytest.mark.parametrize(
    "path", sorted(p for p in FOUND.iterdir() if p.suffix != ".md"), ids=lambda p: p.name
)
def test_what_fuzzing_found_stays_mended(path):
    reader = next(
        name for name in sorted(TARGETS, key=len, reverse=True) if path.name.startswith(name)
    )
    check(TARGETS[reader], path.read_bytes())
