"""Recorded activities from FIT (``fitdecode``), TCX (``lxml``) and GPX (``gpxpy``) files.

Each reader maps its format's names into :class:`~speedplay.analysis.activity.Activity`. A
truncated or corrupt file keeps its valid part, with a warning saying what was wrong and where
(fitdecode hands over the records before a truncation, then raises; a bad CRC is a warning).
A file that is not an activity (a workout, settings, a course) is a :class:`FormatError`.
"""

from __future__ import annotations

import io
import warnings as python_warnings
from dataclasses import dataclass, field, replace
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


def read_activities(data: bytes, source: str) -> list[Activity]:
    """Every activity in a FIT, TCX or GPX file, recognised by content: a multisport FIT file
    holds one per session, a TCX file one per ``Activity`` (a ``MultiSportSession`` too)."""
    if not data.strip():
        raise FormatError(f"{source} is empty")
    if len(data) >= 12 and data[8:12] == FIT_SIGNATURE:
        return read_fit_activities(data, source)
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and b"TrainingCenterDatabase" in head:
        return read_tcx_activities(data, source)
    if head.startswith(b"<") and b"<gpx" in head:
        return [read_gpx_activity(data, source)]
    raise FormatError(f"{source} is not an activity file (FIT, TCX or GPX)")


def read_activity(data: bytes, source: str) -> Activity:
    """The one activity of a file; of several, the first run (else the first with records)."""
    found = read_activities(data, source)
    runs = [a for a in found if is_run(a) and len(a.elapsed_s)]
    recorded = [a for a in found if len(a.elapsed_s)]
    return (runs or recorded or found)[0]


RUNNING_SPORTS = frozenset({"running", "run", "trail_running", "treadmill"})
"""Sport names (FIT's ``sport``, TCX's ``Sport``, GPX's track ``type``, lower-cased) of a run."""


def is_run(activity: Activity) -> bool:
    """Whether an activity is a run, or says nothing of its sport (a bare GPX track)."""
    return activity.sport is None or activity.sport.lower() in RUNNING_SPORTS


# --- FIT -------------------------------------------------------------------------------------


@dataclass
class _FitMessages:
    """The messages of a FIT file the analysis needs, as fitdecode hands them over."""

    records: list[dict[str, Any]] = field(default_factory=list)
    laps: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    timer: list[tuple[datetime, bool]] = field(default_factory=list)
    """(when, running): the timer started (True) or stopped (False)."""
    meta: dict[str, Any] = field(default_factory=dict)


def read_fit_activities(data: bytes, source: str) -> list[Activity]:
    """One activity per session of a FIT activity file: records, laps, timer stops, sport."""
    messages = _FitMessages()
    problems: list[str] = []
    with python_warnings.catch_warnings(record=True) as caught:
        python_warnings.simplefilter("always")
        try:
            with fitdecode.FitReader(io.BytesIO(data)) as reader:
                for frame in reader:
                    if isinstance(frame, fitdecode.FitDataMessage):
                        _collect(frame, messages)
        except fitdecode.FitEOFError as error:
            if not messages.records:
                raise FormatError(f"{source} is a truncated FIT file with no records") from error
            problems.append(
                f"{source} is truncated ({error}); the {len(messages.records)} records "
                "before the cut are used"
            )
        except fitdecode.FitError as error:
            if not messages.records:
                raise FormatError(f"{source} is not a readable FIT file: {error}") from error
            problems.append(f"{source} is damaged ({error}); the records before it are used")
    for warning in caught:
        problems.append(f"{source}: {warning.message}; the data may be corrupt")
    file_type = messages.meta.get("type")
    if file_type not in (None, "activity"):
        raise FormatError(f"{source} is a FIT {file_type} file, not an activity")
    if not messages.records:
        raise FormatError(f"{source} has no records: not a recorded activity")
    return _fit_sessions(messages, tuple(problems))


def _collect(frame: Any, messages: _FitMessages) -> None:
    fields = {f.name: f.value for f in frame.fields}
    for name in ("timestamp", "start_time"):
        if isinstance(fields.get(name), int):
            # compressed timestamps are seconds since the FIT epoch, not a datetime
            fields[name] = FIT_EPOCH + timedelta(seconds=fields[name])
    if frame.name == "record" and isinstance(fields.get("timestamp"), datetime):
        messages.records.append(fields)
    elif frame.name == "lap":
        messages.laps.append(fields)
    elif frame.name == "session":
        messages.sessions.append(fields)
    elif (
        frame.name == "event"
        and fields.get("event") == "timer"
        and isinstance(fields.get("timestamp"), datetime)
    ):
        kind = str(fields.get("event_type"))
        if kind == "start" or kind.startswith("stop"):
            messages.timer.append((fields["timestamp"], kind == "start"))
    elif frame.name == "file_id":
        messages.meta["type"] = fields.get("type")
        product = fields.get("garmin_product") or fields.get("product")
        maker = fields.get("manufacturer")
        messages.meta["device"] = (
            " ".join(str(p) for p in (maker, product) if p is not None) or None
        )


def _fit_sessions(messages: _FitMessages, problems: tuple[str, ...]) -> list[Activity]:
    """Split records and laps at the end of each session. A session's end (its timestamp) is
    the reliable instant: some watches write a start time later than the session's records."""
    sessions = [s for s in messages.sessions if isinstance(s.get("timestamp"), datetime)]
    sessions.sort(key=lambda s: s["timestamp"])
    if len(sessions) <= 1:
        sport = sessions[0].get("sport") if sessions else None
        return [_fit_activity(messages.records, messages.laps, messages, sport, problems)]
    ends = [s["timestamp"] for s in sessions[:-1]] + [datetime.max.replace(tzinfo=UTC)]
    activities = []
    begun = datetime.min.replace(tzinfo=UTC)
    for index, (session, end) in enumerate(zip(sessions, ends, strict=True)):
        records = [r for r in messages.records if begun < r["timestamp"] <= end]
        laps = [
            lap
            for lap in messages.laps
            if isinstance(lap.get("timestamp"), datetime) and begun < lap["timestamp"] <= end
        ]
        activities.append(
            _fit_activity(
                records, laps, messages, session.get("sport"), problems if index == 0 else ()
            )
        )
        begun = end
    return activities


def _fit_activity(
    records: list[dict[str, Any]],
    laps: list[dict[str, Any]],
    messages: _FitMessages,
    sport: Any,
    problems: tuple[str, ...],
) -> Activity:
    start = records[0]["timestamp"] if records else None
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
        laps=tuple(_fit_laps(laps, start)) if start else (),
        start_time=start,
        device=messages.meta.get("device"),
        sport=str(sport) if sport is not None else None,
        warnings=problems,
        timer_stops=_timer_stops(messages.timer, start, elapsed[-1]) if start else (),
    )


def _fit_laps(laps: list[dict[str, Any]], start: datetime) -> list[Lap]:
    out = []
    for lap in laps:
        begun = lap.get("start_time")
        length = lap.get("total_elapsed_time") or lap.get("total_timer_time")
        if isinstance(begun, datetime) and isinstance(length, int | float):
            offset = (begun - start).total_seconds()
            distance = lap.get("total_distance")
            trigger, intensity = lap.get("lap_trigger"), lap.get("intensity")
            out.append(
                Lap(
                    offset,
                    offset + float(length),
                    float(distance) if isinstance(distance, int | float) else None,
                    trigger=str(trigger) if isinstance(trigger, str) else None,
                    intensity=str(intensity) if isinstance(intensity, str) else None,
                )
            )
    return out


def _timer_stops(
    timer: list[tuple[datetime, bool]], start: datetime, last_s: float
) -> tuple[tuple[float, float], ...]:
    """Spans [s from ``start``] between a timer stop and the next start, inside the records."""
    stops: list[tuple[float, float]] = []
    stopped_at: float | None = None
    for when, running in sorted(timer, key=lambda t: t[0]):
        offset = (when - start).total_seconds()
        if not running and stopped_at is None:
            stopped_at = offset
        elif running and stopped_at is not None:
            a, b = max(0.0, stopped_at), min(last_s, offset)
            if b > a:
                stops.append((a, b))
            stopped_at = None
    return tuple(stops)


# --- TCX -------------------------------------------------------------------------------------


def read_tcx_activities(data: bytes, source: str) -> list[Activity]:
    """Each ``Activity`` of a TCX file (a ``MultiSportSession`` holds several) with its
    trackpoints and laps; a truncated file keeps what parses."""
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
    elements = root.findall(f".//{TCX_NS}Activity")
    if not elements:
        what = "a workout" if root.find(f".//{TCX_NS}Workout") is not None else "no activity"
        raise FormatError(f"{source} is a TCX file with {what}, not an activity")
    creator = root.find(f".//{TCX_NS}Creator/{TCX_NS}Name")
    device = creator.text if creator is not None else None
    activities = [_tcx_activity(element, device) for element in elements]
    recorded = [a for a in activities if a is not None]
    if not recorded:
        raise FormatError(f"{source} has no timed trackpoints: not a recorded activity")
    first = recorded[0]
    recorded[0] = replace(first, warnings=first.warnings + tuple(problems))
    return recorded


def _tcx_activity(element: Any, device: str | None) -> Activity | None:
    points = element.findall(f".//{TCX_NS}Trackpoint")
    times = [_iso(p.findtext(f"{TCX_NS}Time")) for p in points]
    kept = [(p, t) for p, t in zip(points, times, strict=True) if t is not None]
    if not kept:
        return None
    start = kept[0][1]
    assert start is not None
    laps = []
    for lap in element.findall(f"{TCX_NS}Lap"):
        begun = _iso(lap.get("StartTime"))
        length = _number(lap, f"{TCX_NS}TotalTimeSeconds")
        if begun is not None and length is not None:
            offset = (begun - start).total_seconds()
            trigger = lap.findtext(f"{TCX_NS}TriggerMethod")
            intensity = lap.findtext(f"{TCX_NS}Intensity")
            laps.append(
                Lap(
                    offset,
                    offset + length,
                    _number(lap, f"{TCX_NS}DistanceMeters"),
                    trigger=trigger.strip().lower() if trigger else None,
                    intensity=TCX_INTENSITY.get(intensity.strip()) if intensity else None,
                )
            )
    return build_activity(
        [(t - start).total_seconds() for _, t in kept if t is not None],
        distance_m=[_number(p, f"{TCX_NS}DistanceMeters") for p, _ in kept],
        speed_m_s=_none_if_empty([_tcx_speed(p) for p, _ in kept]),
        heart_rate=[_number(p, f"{TCX_NS}HeartRateBpm/{TCX_NS}Value") for p, _ in kept],
        altitude_m=[_number(p, f"{TCX_NS}AltitudeMeters") for p, _ in kept],
        cadence=[_tcx_cadence(p) for p, _ in kept],
        latitude=[_number(p, f"{TCX_NS}Position/{TCX_NS}LatitudeDegrees") for p, _ in kept],
        longitude=[_number(p, f"{TCX_NS}Position/{TCX_NS}LongitudeDegrees") for p, _ in kept],
        laps=tuple(laps),
        start_time=start,
        device=device,
        sport=element.get("Sport"),
    )


TCX_INTENSITY = {"Active": "active", "Resting": "rest"}
"""TCX's two lap intensities, in FIT's words."""


def _number(element: Any, path: str) -> float | None:
    text = element.findtext(path)
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _tcx_speed(point: Any) -> float | None:
    for element in point.iter():
        if isinstance(element.tag, str) and element.tag.endswith("}Speed") and element.text:
            try:
                return float(element.text)
            except ValueError:
                return None
    return None


def _tcx_cadence(point: Any) -> float | None:
    value = _number(point, f"{TCX_NS}Cadence")
    for element in point.iter():
        if isinstance(element.tag, str) and element.tag.endswith("}RunCadence") and element.text:
            try:
                value = float(element.text)
            except ValueError:
                return value
    return value


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
