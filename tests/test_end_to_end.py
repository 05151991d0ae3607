"""The installed ``speedplay`` command, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def speedplay(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "speedplay", *args], capture_output=True, text=True, check=False
    )


def test_a_workout_from_text_to_json():
    result = speedplay("workout", "10min wu + 6x(2min @hr160-170, 2min walk) + 10min cd", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["work_seconds"] == 720


def test_bad_input_is_one_line_without_a_traceback():
    result = speedplay("workout", "5x(30s @rpe8-9, 30s jog")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_a_family_session_table():
    result = speedplay("workout", "--family", "pyramid", "--level", "advanced", "--week", "2")
    assert result.returncode == 0, result.stderr
    assert "Pyramid" in result.stdout
