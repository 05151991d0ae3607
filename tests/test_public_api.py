"""The public API is small, sorted and importable."""

from __future__ import annotations

import speedplay


def test_all_is_sorted_and_every_name_exists():
    assert speedplay.__all__ == sorted(speedplay.__all__)
    for name in speedplay.__all__:
        assert hasattr(speedplay, name), name


def test_the_library_works_without_the_command_line():
    workout = speedplay.build_workout(speedplay.Family.TEMPO, speedplay.Level.BEGINNER, 1)
    assert speedplay.parse_workout(speedplay.format_workout(workout)) == workout
