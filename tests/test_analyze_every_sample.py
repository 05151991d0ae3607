"""Every file in shared/samples through ``speedplay analyze``, as a user would run it.

Warnings are errors here (pytest's ``filterwarnings``), so a numpy or library warning that
would reach the terminal fails the test. Each file either analyses (exit 0) or is refused with
one ``error:`` line (exit 2); no figure is negative, no moving segment lacks a pace, and no
time prints with a minus sign.
"""

from __future__ import annotations

import json
import re
import warnings

import pytest

from speedplay.cli.app import main
from tests.conftest import SAMPLES

FILES = sorted(
    str(path.relative_to(SAMPLES))
    for path in SAMPLES.rglob("*")
    if path.is_file() and path.suffix.lower() in {".fit", ".tcx", ".gpx"}
)
NOT_ACTIVITIES = {
    "fit/MonitoringFile.fit",
    "fit/Settings.fit",
    "workouts/WorkoutIndividualSteps.fit",
    "workouts/WorkoutRepeatSteps.fit",
}
STDERR_LINE = re.compile(r"^(warning|note|error): ")
NEGATIVE_CLOCK = re.compile(r"(?<![\w/])-\d+:\d\d")


def run(args: list[str], capsys) -> tuple[int, str, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_sample_folder_is_there():
    assert len(FILES) >= 40


@pytest.mark.slow
@pytest.mark.parametrize("path", FILES)
def test_every_sample_analyses_cleanly(path, capsys):
    code, out, err = run(["analyze", str(SAMPLES / path), "--json"], capsys)
    assert all(STDERR_LINE.match(line) for line in err.splitlines()), err
    if path in NOT_ACTIVITIES:
        assert code == 2
        assert err.count("\n") == 1
        assert err.startswith("error: ")
        return
    assert code == 0, err
    parsed = json.loads(out)
    documents = parsed if isinstance(parsed, list) else [parsed]
    for document in documents:
        assert document["elapsed_s"] >= 0
        assert 0 <= document["moving_s"] <= document["elapsed_s"] + 1
        for pause in document["pauses"]:
            assert 0 <= pause["start_s"] <= pause["end_s"]
        for segment in document["segments"]:
            assert 0 <= segment["start_s"] <= segment["end_s"] <= document["elapsed_s"] + 1
            assert segment["distance_m"] >= 0
            assert segment["moving_s"] >= 0
            assert segment["paused_s"] >= 0
            if segment["kind"] != "pause" and segment["distance_m"] >= 1:
                assert segment["pace_s_per_km"] is not None, segment
        if document["segments"]:
            assert document["segments"][0]["start_s"] == 0


@pytest.mark.slow
@pytest.mark.parametrize("path", [f for f in FILES if f not in NOT_ACTIVITIES])
def test_every_sample_prints_cleanly(path, capsys):
    code, out, err = run(["analyze", str(SAMPLES / path)], capsys)
    assert code == 0, err
    assert not NEGATIVE_CLOCK.search(out), out
    assert "nan" not in out.lower()
    assert all(STDERR_LINE.match(line) for line in err.splitlines()), err
