"""Reading recordings: every real sample reads or fails with the right error."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from speedplay.errors import FormatError
from speedplay.formats.activity_files import is_run, read_activities, read_activity
from tests.conftest import SAMPLES

READABLE = [  # (file, records, laps)
    ("fit/2013-02-06-12-11-14.fit", 590, 5),
    ("fit/activity-small-fenix2-run.fit", 2809, 4),
    ("fit/garmin-fenix-5-run.fit", 21, 1),
    ("fit/Activity.fit", 14, 1),
    ("fit/compressed-speed-distance.fit", 755, 11),
    ("fit/goldencheetah-ipbike-intervals-4x6min.fit", 2763, 10),
    ("fit/goldencheetah-hrv-run-laps.fit", 4242, 4),
    ("fit/heartandsole-long-run.fit", 10987, 1),
    ("fit/heartandsole-run-manual-laps.fit", 4597, 5),
    ("fit/developer-types-sample.fit", 3424, 1),
    ("fit/sample-activity.fit", 3098, 4),
    ("fit/invalid/elemnt-bolt-no-application-id-inside-developer-data-id.fit", 132, 1),
    ("tcx/sweatpy-3173437224-run.tcx", 3507, 2),
    ("tcx/runpandas-sample.tcx", 383, 3),
    ("tcx/runpandas-16km-17laps.tcx", 2327, 17),
    ("gpx/runpandas-tomtom-two-segments.gpx", 1424, 0),
]
DAMAGED = [  # (file, what the warning says); the valid part is kept
    ("fit/invalid-derived/ipbike-truncated_60pct.fit", "is truncated"),
    ("fit/invalid-derived/ipbike-truncated_no_crc.fit", "is truncated"),
    ("fit/invalid-derived/ipbike-bad_file_crc.fit", "mismatching CRC"),
    ("fit/invalid-derived/ipbike-bitflip_mid.fit", "mismatching CRC"),
    ("fit/invalid-derived/ipbike-bad_header_crc.fit", "mismatching CRC in FIT header"),
    ("fit/invalid/activity-unexpected-eof.fit", "is truncated"),
    ("fit/invalid/activity-filecrc.fit", "mismatching CRC"),
]
REFUSED = [
    ("fit/MonitoringFile.fit", "is a FIT monitoring_b file, not an activity"),
    ("fit/Settings.fit", "is a FIT settings file, not an activity"),
    ("workouts/WorkoutRepeatSteps.fit", "is a FIT workout file, not an activity"),
]


def read(path: str):
    return read_activity((SAMPLES / path).read_bytes(), path)


@pytest.mark.parametrize(("path", "records", "laps"), READABLE)
def test_real_recordings_read(path, records, laps):
    activity = read(path)
    assert len(activity.elapsed_s) == records
    assert len(activity.laps) == laps
    assert activity.warnings == ()
    assert np.all(np.diff(activity.elapsed_s) >= 0)
    assert activity.has(activity.speed_m_s), "speed recorded or derived"


@pytest.mark.parametrize(("path", "warning"), DAMAGED)
def test_damaged_files_keep_their_valid_part_with_a_warning(path, warning):
    activity = read(path)
    assert len(activity.elapsed_s) > 0
    assert any(warning in w for w in activity.warnings)


def test_a_truncated_file_keeps_the_records_before_the_cut():
    whole = read("fit/invalid-derived/ipbike-good.fit")
    cut = read("fit/invalid-derived/ipbike-truncated_60pct.fit")
    assert 0.5 * len(whole.elapsed_s) < len(cut.elapsed_s) < 0.7 * len(whole.elapsed_s)
    assert np.array_equal(cut.elapsed_s, whole.elapsed_s[: len(cut.elapsed_s)])


@pytest.mark.parametrize(("path", "message"), REFUSED)
def test_files_that_are_not_activities_are_refused(path, message):
    with pytest.raises(FormatError, match=message):
        read(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (bytes(range(256)), "is not an activity file"),
        (b"<gpx version='1.1'><trk><trkseg><trkpt lat='1' lon='2'></trkpt>", "is not a readable GPX file"),
        (b"<?xml version='1.0'?><gpx version='1.1' creator='x' xmlns='http://www.topografix.com/GPX/1/1'><rte/></gpx>", "is a GPX file with a route, not a recorded activity"),
    ],
)  # fmt: skip
def test_bad_bytes_are_refused(data, message):
    with pytest.raises(FormatError, match=message):
        read_activity(data, "x")


def test_the_same_run_in_fit_tcx_and_gpx_agrees():
    runs = [read(f"{kind}/heartandsole-4426508309.{kind}") for kind in ("fit", "tcx", "gpx")]
    durations = [run.duration_s for run in runs]
    assert max(durations) - min(durations) <= 1
    distances = [float(np.nanmax(run.distance_m)) for run in runs]
    assert max(distances) / min(distances) < 1.01, distances
    hearts = [float(np.nanmean(run.heart_rate)) for run in runs]
    assert max(hearts) - min(hearts) < 1, hearts
    assert runs[0].start_time == runs[1].start_time == runs[2].start_time


@pytest.mark.slow
@pytest.mark.parametrize(("path", "records"), [
    ("fit/event_timestamp.fit", 4376),
    ("fit/heartandsole-4426508309.fit", 2883),
    ("gpx/runpandas-00978fad-85f8-4f1c-be44-2b7146ccbf76.gpx", 1858),
    ("gpx/runpandas-038a22f7-eb5e-44f9-a551-de14d84d8524.gpx", 798),
    ("gpx/runpandas-0c97d8a7-8081-4609-b92c-5932468d7b8e.gpx", 727),
    ("gpx/sweatpy-5039744860.gpx", 96),
    ("tcx/sweatpy-5039744860.tcx", 100),
    ("tcx/heartandsole-4426508309.tcx", 2883),
    ("fit/invalid/activity-activity-filecrc.fit", 28),
    ("fit/invalid/activity-settings-corruptheader.fit", 14),
    ("fit/invalid/activity-settings-nodata.fit", 14),
])  # fmt: skip
def test_the_other_samples_read_too(path, records):
    """Every recording in shared/samples reads (the rest are above or refused above)."""
    assert len(read(path).elapsed_s) == records


@pytest.mark.slow
@pytest.mark.parametrize(("path", "sports", "records"), [
    ("fit/activity-large-fenxi2-multisport.fit",
     ["generic", "transition", "running", "transition", "running", "transition", "cycling"],
     24239),
    ("fit/goldencheetah-multisport-large.fit",
     ["swimming", "transition", "cycling", "transition", "running"], 45805),
    ("tcx/goldencheetah-multi-session.tcx", None, None),
])  # fmt: skip
def test_multisport_files_split_into_their_activities(path, sports, records):
    """One activity per FIT session or TCX Activity; every record lands in exactly one, each
    timeline starts at zero and no distance falls or goes negative."""
    found = read_activities((SAMPLES / path).read_bytes(), path)
    assert len(found) >= 2
    if sports is not None:
        assert [a.sport for a in found] == sports
        assert sum(len(a.elapsed_s) for a in found) == records
    for activity in found:
        assert activity.elapsed_s[0] == 0
        assert (np.diff(activity.elapsed_s) >= 0).all()
        distance = activity.distance_m[np.isfinite(activity.distance_m)]
        assert (distance >= 0).all()
        assert (np.diff(distance) >= 0).all()
    assert is_run(read(path))


@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_activity_reader(data):
    error = activity_error_of(data)  # anything but a FormatError propagates and fails
    assert error is None or "\n" not in str(error)


def activity_error_of(data: bytes) -> FormatError | None:
    try:
        read_activity(data, "random.bin")
    except FormatError as error:
        return error
    return None


FIT_HEADER = (SAMPLES / "fit/Activity.fit").read_bytes()[:14]


@given(st.binary(max_size=400))
def test_a_fit_header_over_garbage_is_refused_or_read_never_crashes(tail):
    error = activity_error_of(FIT_HEADER + tail)
    assert error is None or "\n" not in str(error)
