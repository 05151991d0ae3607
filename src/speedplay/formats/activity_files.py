"""Recorded activities from FIT (``fitdecode``), TCX (``lxml``) and GPX (``gpxpy``) files.

Each reader maps its format's names into :class:`~speedplay.analysis.activity.Activity`. A
truncated or corrupt file keeps its valid part, with a warning saying what was wrong and where
(fitdecode hands over the records before a truncation, then raises; a bad CRC is a warning).
A file that is not an activity (a workout, settings, a course) is a :class:`FormatError`.
"""

from __future__ import annotations

import io
import warnings as python_warnings
from datetime import UTC, datetime, timedelta
from typing import Any

import fitdecode
import gpxpy
import gpxpy.gpx
from lxml import etree

from speedplay.analysis.activity import Activity, Lap, build_activity
from speedplay.errors import FormatError

SEMICIRCLE_DEGREES = 180.0 / 2**31
"""FIT positions are semicircles: 2^31 of them make 180 degrees."""

TCX_NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
FIT_SIGNATURE = b".FIT"
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
"""FIT timestamps count seconds from this instant."""


def read_activity(data: bytes, source: str) -> Activity:
    """The activity in a FIT, TCX or GPX file, recognised by content."""
    if not data.strip():
        raise FormatError(f"{source} is empty")
    if len(data) >= 12 and data[8:12] == FIT_SIGNATURE:
        return read_fit_activity(data, source)
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and b"TrainingCenterDatabase" in head:
        return read_tcx_activity(data, source)
    if head.startswith(b"<") and b"<gpx" in head:
        return read_gpx_activity(data, source)
    raise FormatError(f"{source} is not an activity file (FIT, TCX or GPX)")


# --- FIT -------------------------------------------------------------------------------------


def read_fit_activity(data: bytes, source: str) -> Activity:
    """Records, laps, start time, device and sport from a FIT activity file."""
    records: list[dict[str, Any]] = []
    laps: list[dict[str, Any]] = []
    meta: dict[str, Any] = {}
    problems: list[str] = []
    with python_warnings.catch_warnings(record=True) as caught:
        python_warnings.simplefilter("always")
        try:
            with fitdecode.FitReader(io.BytesIO(data)) as reader:
                for frame in reader:
                    if isinstance(frame, fitdecode.FitDataMessage):
                        _collect(frame, records, laps, meta)
        except fitdecode.FitEOFError as error:
            if not records:
                raise FormatError(f"{source} is a truncated FIT file with no records") from error
            problems.append(
                f"{source} is truncated ({error}); the {len(records)} records "
                "before the cut are used"
            )
        except fitdecode.FitError as error:
            if not records:
                raise FormatError(f"{source} is not a readable FIT file: {error}") from error
            problems.append(f"{source} is damaged ({error}); the records before it are used")
    for warning in caught:
        problems.append(f"{source}: {warning.message}; the data may be corrupt")
    file_type = meta.get("type")
    if file_type not in (None, "activity"):
        raise FormatError(f"{source} is a FIT {file_type} file, not an activity")
    if not records:
        raise FormatError(f"{source} has no records: not a recorded activity")
    return _fit_activity(records, laps, meta, tuple(problems))


def _collect(
    frame: Any, records: list[dict[str, Any]], laps: list[dict[str, Any]], meta: dict[str, Any]
) -> None:
    fields = {f.name: f.value for f in frame.fields}
    if frame.name == "record" and isinstance(fields.get("timestamp"), int):
        # compressed-timestamp records carry seconds since the FIT epoch, not a datetime
        fields["timestamp"] = FIT_EPOCH + timedelta(seconds=fields["timestamp"])
    if frame.name == "record" and isinstance(fields.get("timestamp"), datetime):
        records.append(fields)
    elif frame.name == "lap":
        laps.append(fields)
    elif frame.name == "file_id":
        meta["type"] = fields.get("type")
        product = fields.get("garmin_product") or fields.get("product")
        maker = fields.get("manufacturer")
        meta["device"] = " ".join(str(p) for p in (maker, product) if p is not None) or None
    elif frame.name == "session" and "sport" not in meta:
        meta["sport"] = fields.get("sport")


def _fit_activity(
    records: list[dict[str, Any]],
    laps: list[dict[str, Any]],
    meta: dict[str, Any],
    problems: tuple[str, ...],
) -> Activity:
    start = records[0]["timestamp"]
    elapsed = [(r["timestamp"] - start).total_seconds() for r in records]

    def pick(*names: str) -> list[float | None]:
        values: list[float | None] = []
        for record in records:
            value = next((record[n] for n in names if record.get(n) is not None), None)
            values.append(float(value) if isinstance(value, int | float) else None)
        return values

    lat = [v * SEMICIRCLE_DEGREES if v is not None else None for v in pick("position_lat")]
    lon = [v * SEMICIRCLE_DEGREES if v is not None else None for v in pick("position_long")]
    return build_activity(
        elapsed,
        distance_m=pick("distance"),
        speed_m_s=pick("enhanced_speed", "speed"),
        heart_rate=pick("heart_rate"),
        altitude_m=pick("enhanced_altitude", "altitude"),
        cadence=pick("cadence"),
        latitude=lat,
        longitude=lon,
        laps=tuple(_fit_laps(laps, start)),
        start_time=start,
        device=meta.get("device"),
        sport=str(meta["sport"]) if meta.get("sport") is not None else None,
        warnings=problems,
    )


def _fit_laps(laps: list[dict[str, Any]], start: datetime) -> list[Lap]:
    out = []
    for lap in laps:
        begun = lap.get("start_time")
        if isinstance(begun, int):
            begun = FIT_EPOCH + timedelta(seconds=begun)
        length = lap.get("total_elapsed_time") or lap.get("total_timer_time")
        if isinstance(begun, datetime) and isinstance(length, int | float):
            offset = (begun - start).total_seconds()
            distance = lap.get("total_distance")
            out.append(
                Lap(
                    offset,
                    offset + float(length),
                    float(distance) if isinstance(distance, int | float) else None,
                )
            )
    return out


# --- TCX -------------------------------------------------------------------------------------


def read_tcx_activity(data: bytes, source: str) -> Activity:
    """Trackpoints and laps of a TCX activity; a truncated file keeps what parses."""
    problems: list[str] = []
    parser = etree.XMLParser(recover=True, huge_tree=False, resolve_entities=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise FormatError(f"{source} is not readable XML: {error}") from error
    if root is None:
        raise FormatError(f"{source} is not readable XML")
    if parser.error_log:
        first = parser.error_log[0]
        problems.append(
            f"{source} is damaged at line {first.line} ({first.message}); "
            "what parses before it is used"
        )
    if root.find(f".//{TCX_NS}Activity") is None:
        what = "a workout" if root.find(f".//{TCX_NS}Workout") is not None else "no activity"
        raise FormatError(f"{source} is a TCX file with {what}, not an activity")
    points = root.findall(f".//{TCX_NS}Trackpoint")
    times = [_iso(p.findtext(f"{TCX_NS}Time")) for p in points]
    kept = [(p, t) for p, t in zip(points, times, strict=True) if t is not None]
    if not kept:
        raise FormatError(f"{source} has no timed trackpoints: not a recorded activity")
    start = kept[0][1]

    def number(point: Any, path: str) -> float | None:
        text = point.findtext(path)
        try:
            return float(text) if text is not None else None
        except ValueError:
            return None

    def speed(point: Any) -> float | None:
        for element in point.iter():
            if isinstance(element.tag, str) and element.tag.endswith("}Speed") and element.text:
                return float(element.text)
        return None

    def cadence(point: Any) -> float | None:
        value = number(point, f"{TCX_NS}Cadence")
        for element in point.iter():
            if (
                isinstance(element.tag, str)
                and element.tag.endswith("}RunCadence")
                and element.text
            ):
                value = float(element.text)
        return value

    assert start is not None
    laps = []
    for lap in root.findall(f".//{TCX_NS}Lap"):
        begun = _iso(lap.get("StartTime"))
        length = number(lap, f"{TCX_NS}TotalTimeSeconds")
        if begun is not None and length is not None:
            offset = (begun - start).total_seconds()
            laps.append(Lap(offset, offset + length, number(lap, f"{TCX_NS}DistanceMeters")))
    creator = root.find(f".//{TCX_NS}Creator/{TCX_NS}Name")
    sport = root.find(f".//{TCX_NS}Activity")
    return build_activity(
        [(t - start).total_seconds() for _, t in kept if t is not None],
        distance_m=[number(p, f"{TCX_NS}DistanceMeters") for p, _ in kept],
        speed_m_s=_none_if_empty([speed(p) for p, _ in kept]),
        heart_rate=[number(p, f"{TCX_NS}HeartRateBpm/{TCX_NS}Value") for p, _ in kept],
        altitude_m=[number(p, f"{TCX_NS}AltitudeMeters") for p, _ in kept],
        cadence=[cadence(p) for p, _ in kept],
        latitude=[number(p, f"{TCX_NS}Position/{TCX_NS}LatitudeDegrees") for p, _ in kept],
        longitude=[number(p, f"{TCX_NS}Position/{TCX_NS}LongitudeDegrees") for p, _ in kept],
        laps=tuple(laps),
        start_time=start,
        device=creator.text if creator is not None else None,
        sport=sport.get("Sport") if sport is not None else None,
        warnings=tuple(problems),
    )


def _none_if_empty(values: list[float | None]) -> list[float | None] | None:
    return values if any(v is not None for v in values) else None


def _iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


# --- GPX -------------------------------------------------------------------------------------


def read_gpx_activity(data: bytes, source: str) -> Activity:
    """Track points of a GPX file: positions and times, with heart rate and cadence when the
    Garmin track-point extension holds them; segments make pauses."""
    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig"))
    except (gpxpy.gpx.GPXException, UnicodeDecodeError, ValueError) as error:
        raise FormatError(f"{source} is not a readable GPX file: {error}") from error
    points = [
        point
        for track in gpx.tracks
        for segment in track.segments
        for point in segment.points
        if point.time is not None
    ]
    if not points:
        what = "a route" if gpx.routes else "no timed track"
        raise FormatError(f"{source} is a GPX file with {what}, not a recorded activity")
    start = points[0].time
    assert start is not None
    return build_activity(
        [(p.time - start).total_seconds() for p in points if p.time is not None],
        heart_rate=[_extension(p, "hr") for p in points],
        cadence=[_extension(p, "cad") for p in points],
        altitude_m=[p.elevation for p in points],
        latitude=[p.latitude for p in points],
        longitude=[p.longitude for p in points],
        start_time=start,
        device=gpx.creator,
        sport=(gpx.tracks[0].type if gpx.tracks else None),
    )


def _extension(point: Any, name: str) -> float | None:
    for extension in point.extensions:
        for element in extension.iter():
            if isinstance(element.tag, str) and element.tag.split("}")[-1] == name and element.text:
                try:
                    return float(element.text)
                except ValueError:
                    return None
    return None
