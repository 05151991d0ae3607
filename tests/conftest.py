"""Shared test set-up: hypothesis profiles and the path to the real sample files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
"""Real recordings and workout files, read-only, beside the project (see shared/samples)."""


@pytest.fixture(autouse=True)
def own_database(tmp_path_factory, monkeypatch):
    """Every test works on a database of its own (never the user's): SPEEDPLAY_DB points into
    a fresh folder, for in-process commands and for subprocesses alike."""
    from speedplay.cli.storage import use_database

    path = tmp_path_factory.mktemp("db") / "speedplay.db"
    monkeypatch.setenv("SPEEDPLAY_DB", str(path))
    use_database(None)
    yield path
    use_database(None)
