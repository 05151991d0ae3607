"""Analysis on what real watches and phones write: laps, stops, GPS errors, several sports."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from speedplay.analysis.activity import Lap, build_activity
from speedplay.analysis.analyze import analyze
from speedplay.analysis.cleaning import repaired
from speedplay.analysis.laps import LapStructure, clipped, read_laps
from speedplay.analysis.segmentation import Kind
from speedplay.cli.app import main
from speedplay.formats.activity_files import read_activity
from speedplay.units import format_clock
from tests.conftest import SAMPLES

IPBIKE = "fit/goldencheetah-ipbike-intervals-4x6min.fit"


def sample(path: str):
    return read_activity((SAMPLES / path).read_bytes(), path)


def steady(seconds: int, speed: float = 3.0, seed: int = 1):
    """A steady 1 Hz run with GPS-like speed noise, positions on a straight line north."""
    rng = np.random.default_rng(seed)
    measured = np.clip(speed + rng.normal(0, 0.3, seconds), 0, None)
    distance = np.cumsum(np.full(seconds, speed))
    return measured, distance


def activity_of(distance, speed, **extra):
    return build_activity(
        [float(t) for t in range(len(distance))],
        distance_m=[float(d) for d in distance],
        speed_m_s=[float(s) for s in speed],
        **extra,
    )


# --- laps ------------------------------------------------------------------------------------


def test_laps_are_clipped_to_the_recording():
    laps = (Lap(-1.0, 300.0), Lap(300.0, 650.0), Lap(650.0, 900.0))
    assert clipped(laps, 700.0) == (Lap(0.0, 300.0), Lap(300.0, 650.0), Lap(650.0, 700.0))


def test_the_real_4x6min_laps_become_four_reps():
    """The watch's first lap starts a second before the first record."""
    activity = sample(IPBIKE)
    assert activity.laps[0].start_s < 0
    result = analyze(activity)
    assert result.source == "laps"
    work = [f.segment for f in result.facts if f.segment.kind is Kind.WORK]
    assert len(work) == 4
    for segment in work:
        assert segment.seconds == pytest.approx(360, abs=2)
    kinds = [f.segment.kind for f in result.facts]
    assert kinds[0] is Kind.WARMUP
    assert kinds[-1] is Kind.COOLDOWN
    assert all(f.pace is not None for f in result.facts)


def test_workout_mode_laps_are_labelled_by_their_intensities():
    intensities = ["warmup", "active", "rest", "active", "rest", "active", "cooldown"]
    laps = tuple(
        Lap(i * 100.0, (i + 1) * 100.0, trigger="session_end", intensity=name)
        for i, name in enumerate(intensities)
    )
    reading = read_laps(laps, 700.0, [3.0] * 7)
    assert reading.structure is LapStructure.WORKOUT
    assert reading.work == tuple(name == "active" for name in intensities)


def test_automatic_laps_carry_no_structure():
    laps = tuple(Lap(i * 300.0, (i + 1) * 300.0, 1000.0, trigger="distance") for i in range(5))
    efforts = [3.0, 4.5, 3.0, 4.5, 3.0]  # even if they happen to alternate
    assert read_laps(laps, 1500.0, efforts).structure is LapStructure.AUTO


def test_manual_laps_that_alternate_fast_and_slow_mark_the_reps():
    laps = tuple(Lap(i * 120.0, (i + 1) * 120.0, trigger="manual") for i in range(7))
    reading = read_laps(laps, 840.0, [2.8, 4.6, 2.5, 4.7, 2.5, 4.6, 2.8])
    assert reading.structure is LapStructure.REPS
    assert reading.work == (False, True, False, True, False, True, False)


def test_manual_laps_of_an_easy_run_fall_back_to_detection():
    activity = sample("fit/heartandsole-run-manual-laps.fit")
    result = analyze(activity)
    assert result.laps.structure is LapStructure.NONE
    assert result.source == "detected"
    assert not [f for f in result.facts if f.segment.kind is Kind.WORK]


# --- stops and the timer ---------------------------------------------------------------------


def test_a_traffic_light_is_a_pause_not_a_recovery():
    speed, distance = steady(1800)
    speed[900:960] = 0.0
    distance[900:] -= distance[900] - distance[899]  # standing: no distance for a minute
    distance[960:] += np.cumsum(np.full(840, 3.0)) - distance[960:] + distance[959]
    result = analyze(activity_of(distance, speed))
    assert [f.segment.kind for f in result.facts if f.segment.kind is not Kind.EASY] == []
    assert len(result.pauses) == 1
    assert result.pauses[0].seconds == pytest.approx(60, abs=3)
    assert result.moving_s == pytest.approx(1800 - 60, abs=4)
    easy = result.facts[0]
    assert easy.pace == pytest.approx(1000 / 3.0, rel=0.03)


def test_a_timer_stop_is_a_pause_and_moving_time_leaves_it_out():
    speed, distance = steady(1200)
    activity = replace(activity_of(distance, speed), timer_stops=((600.0, 700.0),))
    result = analyze(activity)
    assert any(p.start_s <= 600 and p.end_s >= 699 for p in result.pauses)
    assert result.moving_s == pytest.approx(1100, abs=3)


# --- GPS errors ------------------------------------------------------------------------------


def test_a_gps_jump_is_repaired_and_counted_not_a_rep():
    speed, distance = steady(1800)
    distance[1000:] += 400.0  # a 400 m jump in one second
    speed[1000] = 25.0
    activity = activity_of(distance, speed)
    fixed = repaired(activity)
    assert any("GPS error" in w for w in fixed.warnings)
    assert float(np.nanmax(np.diff(fixed.distance_m))) < 11
    result = analyze(activity)
    assert not [f for f in result.facts if f.segment.kind is Kind.WORK]
    assert result.facts[0].distance_m == pytest.approx(1800 * 3.0, rel=0.02)


def test_a_phone_left_recording_is_trimmed_to_the_run():
    speed, distance = steady(1800)
    idle = 6 * 3600
    speed = np.concatenate([speed, np.abs(np.random.default_rng(2).normal(0, 0.2, idle))])
    distance = np.concatenate([distance, distance[-1] + np.cumsum(np.full(idle, 0.01))])
    result = analyze(activity_of(distance, speed))
    assert result.activity.duration_s == pytest.approx(1800, abs=70)
    assert any("trimmed" in w for w in result.activity.warnings)
    assert max(f.segment.seconds for f in result.facts) < 1900


# --- several activities in one file ----------------------------------------------------------


def test_multisport_analyses_the_runs_and_lists_the_others(capsys):
    path = str(SAMPLES / "fit/goldencheetah-multisport-large.fit")
    assert main(["analyze", path, "--json"]) == 0
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert document["activity"] == 5
    assert document["sport"] == "running"
    assert captured.err.count("skipped: not a run") == 4
    assert document["segments"][0]["pace_s_per_km"] > 300  # running, not bike pace


def test_an_activity_is_picked_by_number(capsys):
    path = str(SAMPLES / "tcx/goldencheetah-multi-session.tcx")
    assert main(["analyze", path, "--activity", "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sport"] == "Biking"
    assert main(["analyze", path, "--activity", "9"]) == 2
    err = capsys.readouterr().err
    assert err == "error: --activity 9: the file holds 4 activities\n"


def test_clock_times_are_never_garbled():
    assert format_clock(0) == "0:00"
    assert format_clock(59.6) == "1:00"
    assert format_clock(-5) == "-0:05"


# --- steady runs -----------------------------------------------------------------------------

STEADY = sorted((Path(__file__).parent / "data" / "real" / "steady").glob("*.gpx"))


def test_the_kept_steady_runs_are_there():
    assert len(STEADY) >= 2


@pytest.mark.parametrize("path", STEADY, ids=lambda p: p.name)
def test_steady_phone_runs_have_no_reps(path):
    """Phone recordings (a point every 5 s, no altitude) of steady runs, from tests/data/real."""
    result = analyze(read_activity(path.read_bytes(), path.name))
    assert not [f for f in result.facts if f.segment.kind is Kind.WORK]
    assert all(f.pace is not None for f in result.facts if f.segment.kind is not Kind.PAUSE)


# --- one run, one reading --------------------------------------------------------------------


def test_the_same_run_as_fit_tcx_and_gpx_reads_the_same():
    """heartandsole-4426508309 exported three ways: the same segments, edges within 5 s."""
    readings = []
    for path in ("fit", "tcx", "gpx"):
        result = analyze(sample(f"{path}/heartandsole-4426508309.{path}"))
        readings.append([f.segment for f in result.facts if f.segment.kind is not Kind.PAUSE])
    fit = readings[0]
    for other in readings[1:]:
        assert [s.kind for s in other] == [s.kind for s in fit]
        for a, b in zip(other, fit, strict=True):
            assert abs(a.start_s - b.start_s) <= 5
            assert abs(a.end_s - b.end_s) <= 5


@pytest.mark.parametrize("laps", ["--laps", "--no-laps"])
def test_the_4x6min_session_shows_four_reps_with_and_without_laps(laps, capsys):
    assert main(["analyze", str(SAMPLES / IPBIKE), laps, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert len(document["reps"]) == 4
    assert document["source"] == ("laps" if laps == "--laps" else "detected")
    for rep in document["reps"]:
        assert rep["moving_s"] == pytest.approx(360, abs=15)


def test_without_laps_the_4x6min_reps_are_found_within_5_s_of_the_laps(capsys):
    """The laps (pressed by a watch in workout mode) are the truth the data alone is held to;
    the end of rep 1, on a climb, is where the grade-adjusted effort lingers after the pace
    has dropped."""
    activity = read_activity((SAMPLES / IPBIKE).read_bytes(), IPBIKE)
    laps = [activity.laps[i] for i in (1, 3, 5, 7)]
    assert main(["analyze", str(SAMPLES / IPBIKE), "--no-laps", "--json"]) == 0
    reps = json.loads(capsys.readouterr().out)["reps"]
    for rep, lap in zip(reps, laps, strict=True):
        assert rep["start_s"] == pytest.approx(lap.start_s, abs=5)
        assert rep["end_s"] == pytest.approx(lap.end_s, abs=5)


def test_a_lone_ride_is_analysed_with_a_note(capsys):
    assert main(["analyze", str(SAMPLES / "tcx/sweatpy-5039744860.tcx"), "--json"]) == 0
    err = capsys.readouterr().err
    assert "note: this is a Biking activity, not a run" in err
