"""The column readers of TCX and GPX against their oracles (lxml for TCX, gpxpy for GPX):
the same activities, value for value, on every sample and on generated files; a file the
column reader leaves aside is read by the oracle, and said so in the debug log."""

from __future__ import annotations

import logging
import random
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speedplay.analysis.activity import Activity
from speedplay.errors import FormatError
from speedplay.formats import activity_files
from speedplay.formats.gpx_columns import read_gpx_columns
from speedplay.formats.tcx_columns import read_tcx_columns
from tests.conftest import SAMPLES
from tests.fuzzing import mutated

TESTS = Path(__file__).parent / "data"


def differences(ours: list[Activity], theirs: list[Activity]) -> list[str]:
    """What differs between two readings of a file, field by field."""
    if len(ours) != len(theirs):
        return [f"{len(ours)} activities, the oracle {len(theirs)}"]
    found = []
    for index, (mine, reference) in enumerate(zip(ours, theirs, strict=True)):
        for field in fields(Activity):
            a, b = getattr(mine, field.name), getattr(reference, field.name)
            if isinstance(a, np.ndarray):
                same = a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
            else:
                same = a == b or repr(a) == repr(b)  # laps holding NaN read the same
            if not same:
                found.append(f"activity {index} {field.name}: {a!r:.80} != {b!r:.80}")
        start, other = mine.start_time, reference.start_time
        if start is not None and other is not None and start.utcoffset() != other.utcoffset():
            found.append(f"activity {index}: offset {start.utcoffset()} != {other.utcoffset()}")
    return found


def oracle(read: Any, data: bytes) -> list[Activity] | str:
    try:
        found = read(data, "file")
        return found if isinstance(found, list) else [found]
    except FormatError as error:
        return str(error)


def test_a_file_left_to_lxml_is_read_by_it_and_said_so(caplog):
    damaged = (SAMPLES / "tcx" / "runpandas-sample.tcx").read_bytes()[:-300]
    assert read_tcx_columns(damaged) is None
    with caplog.at_level(logging.DEBUG, logger="speedplay.formats.activity_files"):
        (activity,) = activity_files.read_tcx_activities(damaged, "cut.tcx")
    assert "cut.tcx: read with lxml" in caplog.text
    assert activity.warnings  # lxml's word on the damage


# --- generated TCX ---------------------------------------------------------------------------

PLAIN_NUMBERS = st.one_of(
    st.integers(-500, 5000).map(str),
    st.floats(-200, 20000, allow_nan=False).map(lambda v: f"{v:.{abs(hash(v)) % 18}f}"),
    st.floats(-180, 180, allow_nan=False).map(repr).filter(lambda t: "e" not in t),
)
ODD_NUMBERS = st.sampled_from(["", "1e3", " 5", "nan", "12,5", "-", "7 "])


def numbers(odd: bool) -> st.SearchStrategy[str]:
    """Numbers as apps write them; with ``odd``, one in a hundred as they should not."""
    if not odd:
        return PLAIN_NUMBERS
    return st.integers(0, 99).flatmap(lambda n: ODD_NUMBERS if n == 0 else PLAIN_NUMBERS)


def stamp(second: int, style: str) -> str:
    hours, rest = divmod(second, 3600)
    clock = f"2021-03-0{1 + hours // 24}T{hours % 24:02d}:{rest // 60:02d}:{rest % 60:02d}"
    return {
        "Z": clock + "Z",
        "ms": clock + ".000Z",
        "offset": clock + "+01:00",
        "naive": clock,
        "micro": clock + ".250000-03:30",
    }[style]


@st.composite
def trackpoint(draw: st.DrawFn, second: int, odd: bool, extension: str) -> str:
    number = numbers(odd)
    parts = []
    if draw(st.integers(0, 12)):
        style = draw(st.sampled_from(["Z", "ms", "offset", "naive", "micro"]))
        moment = stamp(second, style) if not odd or draw(st.integers(0, 99)) else ""
        parts.append(f"<Time>{moment}</Time>" if moment or draw(st.booleans()) else "<Time/>")
    if draw(st.booleans()):
        lat, lon = draw(number), draw(number)
        parts.append(
            f"<Position><LatitudeDegrees>{lat}</LatitudeDegrees>"
            f"<LongitudeDegrees>{lon}</LongitudeDegrees></Position>"
        )
    for name in ("AltitudeMeters", "DistanceMeters"):
        if draw(st.booleans()):
            parts.append(f"<{name}>{draw(number)}</{name}>")
    if draw(st.booleans()):
        parts.append(f"<HeartRateBpm><Value>{draw(number)}</Value></HeartRateBpm>")
    if draw(st.booleans()):
        parts.append(f"<Cadence>{draw(number)}</Cadence>")
    if odd and draw(st.integers(0, 20)) == 0:
        parts.append(f"<DistanceMeters>{draw(number)}</DistanceMeters>")  # twice: first wins
    if draw(st.booleans()):
        inner = "".join(
            f"<{tag}>{draw(number)}</{tag}>"
            for tag in draw(st.lists(st.sampled_from(["Speed", "RunCadence", "Watts"]), max_size=3))
        )
        if extension == "prefixed":
            inner = inner.replace("<", "<ns3:").replace("<ns3:/", "</ns3:")
            parts.append(f"<Extensions><ns3:TPX>{inner}</ns3:TPX></Extensions>")
        else:
            parts.append(
                '<Extensions><TPX xmlns="http://www.garmin.com/xmlschemas/ActivityExtension/v2">'
                f"{inner}</TPX></Extensions>"
            )
    if draw(st.booleans()):
        parts.append("<SensorState>Present</SensorState>")
    return "<Trackpoint>" + "".join(parts) + "</Trackpoint>"


@st.composite
def activity(draw: st.DrawFn, odd: bool, extension: str) -> str:
    sport = draw(st.sampled_from(["Running", "Biking", "Other"]))
    laps = []
    second = draw(st.integers(0, 3600))
    for _ in range(draw(st.integers(1, 3))):
        points = []
        begun = second
        for _ in range(draw(st.integers(0, 12))):
            second += draw(st.integers(0, 3))
            points.append(draw(trackpoint(second, odd, extension)))
        style = draw(st.sampled_from(["Z", "ms", "offset"]))
        length = draw(numbers(odd)) if draw(st.integers(0, 6)) else ""
        trigger = draw(st.sampled_from(["Manual", " Distance ", "", "Time"]))
        intensity = draw(st.sampled_from(["Active", "Resting", "", "Other"]))
        laps.append(
            f'<Lap StartTime="{stamp(begun, style)}"><TotalTimeSeconds>{length}</TotalTimeSeconds>'
            f"<DistanceMeters>{draw(numbers(odd))}</DistanceMeters>"
            f"<Intensity>{intensity}</Intensity><TriggerMethod>{trigger}</TriggerMethod>"
            f"<Track>{''.join(points)}</Track></Lap>"
        )
    creator = ""
    if draw(st.booleans()):
        name = draw(st.sampled_from(["Forerunner 945", "Edge\u00e9 530", ""]))
        creator = f'<Creator xsi:type="Device_t"><Name>{name}</Name></Creator>'
    return f'<Activity Sport="{sport}"><Id>2021-03-01T00:00:00Z</Id>{"".join(laps)}{creator}</Activity>'


@st.composite
def tcx_document(draw: st.DrawFn, odd: bool) -> bytes:
    extension = draw(st.sampled_from(["prefixed", "inner"]))
    body = "".join(draw(st.lists(activity(odd, extension), min_size=1, max_size=3)))
    if draw(st.booleans()):
        body = f"<MultiSportSession><FirstSport>{body}</FirstSport></MultiSportSession>"
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"'
        ' xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<Activities>{body}</Activities></TrainingCenterDatabase>"
    )
    if draw(st.booleans()):
        text = text.replace("><", ">\n  <")
    if odd and draw(st.integers(0, 20)) == 0:
        text = text.replace("<Activities>", "<Activities><!-- exported -->")
    return text.encode()


SLOW = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


# --- GPX -------------------------------------------------------------------------------------


def test_a_gpx_file_left_to_gpxpy_is_read_by_it_and_said_so(caplog):
    data = (SAMPLES / "gpx" / "sweatpy-5039744860.gpx").read_bytes()
    with_waypoint = data.replace(b"<trk>", b'<wpt lat="1" lon="2"><sat>4</sat></wpt><trk>', 1)
    assert read_gpx_columns(with_waypoint) is None
    with caplog.at_level(logging.DEBUG, logger="speedplay.formats.activity_files"):
        activity = activity_files.read_gpx_activity(with_waypoint, "wpt.gpx")
    assert "wpt.gpx: read with gpxpy" in caplog.text
    assert differences([activity], [activity_files.read_gpx_activity(data, "plain.gpx")]) == []


@st.composite
def gpx_point(draw: st.DrawFn, second: int, odd: bool, prefix: str) -> str:
    number = numbers(odd)
    lat, lon = draw(number), draw(number)
    if odd and draw(st.integers(0, 40)) == 0:
        head = f"<trkpt lon='{lon}' lat='{lat}'>"
    elif draw(st.booleans()):
        head = f'<trkpt lat="{lat}" lon="{lon}">'
    else:
        head = f'<trkpt lon="{lon}" lat="{lat}">'
    parts = []
    if draw(st.integers(0, 9)):
        parts.append(f"<ele>{draw(number)}</ele>")
    if draw(st.integers(0, 12)):
        style = draw(st.sampled_from(["Z", "ms", "offset", "micro"] + (["naive"] if odd else [])))
        parts.append(f"<time>{stamp(second, style)}</time>")
    if odd and draw(st.integers(0, 40)) == 0:
        parts.append(draw(st.sampled_from(["<sat>7</sat>", "<hdop>x</hdop>", "<name>p</name>"])))
    if draw(st.booleans()):
        inner = "".join(
            f"<{prefix}:{tag}>{draw(number)}</{prefix}:{tag}>"
            for tag in draw(st.lists(st.sampled_from(["hr", "cad", "atemp"]), max_size=3))
        )
        parts.append(
            f"<extensions><{prefix}:TrackPointExtension>{inner}</{prefix}:TrackPointExtension>"
            "</extensions>"
        )
    return head + "".join(parts) + "</trkpt>"


@st.composite
def gpx_document(draw: st.DrawFn, odd: bool) -> bytes:
    prefix = draw(st.sampled_from(["ns3", "gpxtpx"]))
    second = draw(st.integers(0, 3600))
    tracks = []
    for _ in range(draw(st.integers(1, 2))):
        segments = []
        for _ in range(draw(st.integers(1, 2))):
            points = []
            for _ in range(draw(st.integers(0, 12))):
                second += draw(st.integers(0, 3))
                points.append(draw(gpx_point(second, odd, prefix)))
            segments.append(f"<trkseg>{''.join(points)}</trkseg>")
        kind = draw(st.sampled_from(["", "<type>running</type>", "<type>9</type>", "<type/>"]))
        extra = "<number>x</number>" if odd and draw(st.integers(0, 20)) == 0 else ""
        tracks.append(f"<trk><name>Run</name>{kind}{extra}{''.join(segments)}</trk>")
    metadata = ""
    if draw(st.booleans()):
        moment = stamp(0, "ms") if not odd or draw(st.integers(0, 20)) else "yesterday"
        metadata = (
            '<metadata><link href="connect.garmin.com"><text>Garmin Connect</text></link>'
            f"<time>{moment}</time></metadata>"
        )
    creator = draw(st.sampled_from([' creator="Garmin Connect"', ' creator="StravaGPX"', ""]))
    version = "1.1" if not odd or draw(st.integers(0, 20)) else "1.0"
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<gpx{creator} version="{version}" xmlns="http://www.topografix.com/GPX/1/1"'
        f' xmlns:{prefix}="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"{metadata}{''.join(tracks)}</gpx>"
    )
    if draw(st.booleans()):
        text = text.replace("><", ">\n  <")
    return text.encode()


def holds_to_the_oracle(fast: Any, read: Any, data: bytes, *, plain: bool) -> bool:
    """The column reader's reading of ``data`` against the oracle's: the same activities;
    or, for a plain file, both refusing it (the oracle words the error), for another, left
    to the oracle. Whether the column reader read it."""
    found = [fast] if isinstance(fast, Activity) else fast
    if found is None:
        assert not plain or isinstance(oracle(read, data), str), "a plain file left aside"
        return False
    slow = oracle(read, data)
    assert not isinstance(slow, str), slow
    assert differences(found, slow) == []
    return True


READERS = {
    ".tcx": (read_tcx_columns, activity_files.read_tcx_activities_with_lxml, tcx_document),
    ".gpx": (read_gpx_columns, activity_files.read_gpx_activity_with_gpxpy, gpx_document),
}
"""Per format: the column reader, its oracle, and the files generated for it."""
RECORDINGS = sorted((SAMPLES / "tcx").glob("*.tcx")) + sorted((SAMPLES / "gpx").glob("*.gpx"))
RECORDINGS += sorted(TESTS.rglob("*.gpx"))


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda p: p.name)
def test_every_recording_reads_as_columns_as_its_parser_reads_it(path):
    read, parser, _ = READERS[path.suffix]
    data = path.read_bytes()
    assert holds_to_the_oracle(read(data), parser, data, plain=True), "left to the parser"


@pytest.mark.parametrize("plain", [True, False], ids=["plain", "odd"])
@pytest.mark.parametrize("suffix", READERS)
@SLOW
@given(st.data())
def test_a_generated_file_is_read_as_columns_as_its_parser_reads_it(suffix, plain, data):
    """Plain files are read as columns (or refused by both: no timed point); odd ones (a
    number such as ``1e3``, a comment, a waypoint...) are left to the parser or read the
    same."""
    read, parser, document = READERS[suffix]
    file = data.draw(document(odd=not plain))
    holds_to_the_oracle(read(file), parser, file, plain=plain)


@pytest.mark.parametrize(
    ("suffix", "name"),
    [(".tcx", "tcx/sweatpy-5039744860.tcx"), (".gpx", "gpx/sweatpy-5039744860.gpx")],
)
def test_a_damaged_recording_is_left_to_the_parser_or_read_as_it_reads_it(suffix, name):
    read, parser, _ = READERS[suffix]
    seed = (SAMPLES / name).read_bytes()
    chooser = random.Random(5)
    read_fast = 0
    for _ in range(150):
        data = mutated(seed, [], chooser, chooser.randrange(1, 3))
        read_fast += holds_to_the_oracle(read(data), parser, data, plain=False)
    assert read_fast  # some damage leaves plain XML: those are read as columns
