"""Shared test set-up: hypothesis profiles and the path to the real sample files."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
"""Real recordings and workout files, read-only, beside the project (see shared/samples)."""
