"""Recorded activities from FIT, TCX and GPX files.

Each reader maps its format's names into :class:`~speedplay.analysis.activity.Activity`. Plain
files are read by speedplay's own readers (FIT by ``fit_decoder``, TCX and GPX as columns by
``tcx_columns`` and ``gpx_columns``); any other file by the libraries they stand in for and
are held equal to (``fitdecode``, ``lxml``, ``gpxpy``), which this module also drives. A
truncated or corrupt file keeps its valid part, with a warning saying what was wrong and where
(fitdecode hands over the records before a truncation, then raises; a bad CRC is a warning).
A file that is not an activity (a workout, settings, a course) is a :class:`FormatError`.
"""

from __future__ import annotations

import io
import logging
import struct
import warnings as python_warnings
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import numpy as np

from speedplay.analysis.activity import Activity, Lap, build_activity
from speedplay.errors import DAMAGE, FormatError, SpeedplayError
from speedplay.formats import xml_values

if TYPE_CHECKING:
    from speedplay.formats.fit_decoder import Decoded

logger = logging.getLogger(__name__)

SEMICIRCLE_DEGREES = 180.0 / 2**31
"""FIT positions are semicircles: 2^31 of them make 180 degrees."""

TCX_NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
FIT_SIGNATURE = b".FIT"
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
"""FIT timestamps count seconds from this instant."""


def read_activities(data: bytes, source: str) -> list[Activity]:
    """Every activity in a FIT, TCX or GPX file, recognised by content: a multisport FIT file
    holds one per session, a TCX file one per ``Activity`` (a ``MultiSportSession`` too). A
    file damaged past what the readers handle is a one-line :class:`FormatError`."""
    try:
        return _read_activities(data, source)
    except SpeedplayError:
        raise
    except DAMAGE as error:
        raise FormatError(f"{source} is damaged: {type(error).__name__}: {error}") from error


def _read_activities(data: bytes, source: str) -> list[Activity]:
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


RECORD_FIELDS = (
    "position_lat",
    "position_long",
    "distance",
    "enhanced_speed",
    "speed",
    "heart_rate",
    "enhanced_altitude",
    "altitude",
    "cadence",
)
"""The record fields an activity is built from (``timestamp`` besides)."""

FIT_MESSAGES = frozenset({0, 18, 19, 20, 21})
"""file_id, session, lap, record, event: the messages an activity is built from."""

FIT_FIELDS = {
    0: frozenset({"type", "manufacturer", "product", "garmin_product"}),
    18: frozenset({"timestamp", "sport"}),
    19: frozenset({"timestamp", "start_time", "total_elapsed_time", "total_timer_time",
                   "total_distance", "lap_trigger", "intensity"}),
    20: frozenset({"timestamp", *RECORD_FIELDS}),
    21: frozenset({"timestamp", "event", "event_type"}),
}  # fmt: skip
"""Of each of those messages, the fields an activity is built from (what :func:`_collect`,
:func:`_fit_sessions` and :func:`_fit_laps` read): the vectorised reader decodes only these."""


@dataclass
class _FitMessages:
    """The messages of a FIT file the analysis needs: records as columns, the rest as
    ``{name: value}`` the way fitdecode gives them."""

    records: dict[str, np.ndarray] = field(default_factory=dict)
    """Record fields as float arrays (NaN where missing); ``timestamp`` in seconds from the
    FIT epoch; only records with a timestamp."""
    laps: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    timer: list[tuple[datetime, bool]] = field(default_factory=list)
    """(when, running): the timer started (True) or stopped (False)."""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def record_count(self) -> int:
        return len(self.records.get("timestamp", ()))


def read_fit_activities(data: bytes, source: str) -> list[Activity]:
    """One activity per session of a FIT activity file: records, laps, timer stops, sport.
    Read by the vectorised decoder (``fit_decoder``); a file it leaves aside (compressed
    timestamps, chained files, damage) by fitdecode, which reads the same values."""
    from speedplay.formats import fit_decoder  # loaded for FIT files only

    try:
        decoded = fit_decoder.decode(data, FIT_MESSAGES, FIT_FIELDS)
    except fit_decoder.UnsupportedFitError as reason:
        logger.debug("%s: read with fitdecode (%s)", source, reason)
        return read_fit_activities_with_fitdecode(data, source)
    return _activities(_from_decoded(decoded), [], source)


def read_fit_activities_with_fitdecode(data: bytes, source: str) -> list[Activity]:
    """:func:`read_fit_activities` through fitdecode alone: the fallback, and the oracle the
    tests hold the vectorised reader to."""
    messages, problems = _read_with_fitdecode(data, source)
    return _activities(messages, problems, source)


def _activities(messages: _FitMessages, problems: list[str], source: str) -> list[Activity]:
    file_type = messages.meta.get("type")
    if file_type not in (None, "activity"):
        raise FormatError(f"{source} is a FIT {file_type} file, not an activity")
    if not messages.record_count:
        raise FormatError(f"{source} has no records: not a recorded activity")
    return _fit_sessions(messages, tuple(problems))


def _from_decoded(decoded: Decoded) -> _FitMessages:
    messages = _FitMessages()
    columns = decoded.columns(20, ("timestamp", *RECORD_FIELDS))
    timed = np.isfinite(columns["timestamp"])
    messages.records = {name: values[timed] for name, values in columns.items()}
    for number, rows in ((0, decoded.rows(0)), (18, decoded.rows(18)), (19, decoded.rows(19)),
                         (21, decoded.rows(21))):  # fmt: skip
        for fields in rows:
            _collect(number, _with_datetimes(fields), messages, [])
    return messages


FITDECODE_DAMAGE = (
    AssertionError,
    ValueError,
    IndexError,
    KeyError,
    TypeError,
    OverflowError,
    struct.error,
)
"""What fitdecode raises, besides its own errors, on a damaged file (its structure checks are
assertions; a field read past the data is a ValueError): found by fuzzing. Read as damage."""


def _read_with_fitdecode(data: bytes, source: str) -> tuple[_FitMessages, list[str]]:
    import fitdecode  # the fallback: loaded only when a file needs it

    messages = _FitMessages()
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    with python_warnings.catch_warnings(record=True) as caught:
        python_warnings.simplefilter("always")
        try:
            with fitdecode.FitReader(io.BytesIO(data)) as reader:
                for frame in reader:
                    if isinstance(frame, fitdecode.FitDataMessage):
                        fields = {
                            f.name: f.value
                            for f in frame.fields
                            if f.field_def is None or not f.field_def.is_dev
                        }
                        _collect(frame.global_mesg_num, _with_datetimes(fields), messages, records)
        except fitdecode.FitEOFError as error:
            if not records:
                raise FormatError(f"{source} is a truncated FIT file with no records") from error
            problems.append(
                f"{source} is truncated ({error}); the {len(records)} records "
                "before the cut are used"
            )
        except (fitdecode.FitError, *FITDECODE_DAMAGE) as error:
            if not records:
                raise FormatError(f"{source} is not a readable FIT file: {error}") from error
            problems.append(f"{source} is damaged ({error}); the records before it are used")
    for warning in caught:
        problems.append(f"{source}: {warning.message}; the data may be corrupt")
    messages.records = _record_columns(records)
    return messages, problems


def _with_datetimes(fields: dict[str, Any]) -> dict[str, Any]:
    for name in ("timestamp", "start_time"):
        if isinstance(fields.get(name), int):
            # compressed timestamps are seconds since the FIT epoch, not a datetime
            fields[name] = FIT_EPOCH + timedelta(seconds=fields[name])
    return fields


def _record_columns(records: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    def number(value: Any) -> float:
        return float(value) if isinstance(value, int | float) else np.nan

    columns = {
        "timestamp": np.array(
            [(r["timestamp"] - FIT_EPOCH).total_seconds() for r in records], dtype=float
        )
    }
    for name in RECORD_FIELDS:
        columns[name] = np.array([number(r.get(name)) for r in records], dtype=float)
    return columns


def _collect(
    number: int, fields: dict[str, Any], messages: _FitMessages, records: list[dict[str, Any]]
) -> None:
    if number == 20 and isinstance(fields.get("timestamp"), datetime):
        records.append(fields)
    elif number == 19:
        messages.laps.append(fields)
    elif number == 18:
        messages.sessions.append(fields)
    elif (
        number == 21
        and fields.get("event") == "timer"
        and isinstance(fields.get("timestamp"), datetime)
    ):
        kind = str(fields.get("event_type"))
        if kind == "start" or kind.startswith("stop"):
            messages.timer.append((fields["timestamp"], kind == "start"))
    elif number == 0:
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
    everything = np.ones(messages.record_count, dtype=bool)
    if len(sessions) <= 1:
        sport = sessions[0].get("sport") if sessions else None
        return [_fit_activity(everything, messages.laps, messages, sport, problems)]
    ends = [s["timestamp"] for s in sessions[:-1]] + [datetime.max.replace(tzinfo=UTC)]
    activities = []
    begun = datetime.min.replace(tzinfo=UTC)
    stamps = messages.records["timestamp"]
    for index, (session, end) in enumerate(zip(sessions, ends, strict=True)):
        low, high = _epoch_seconds(begun), _epoch_seconds(end)
        inside = (stamps > low) & (stamps <= high)
        laps = [
            lap
            for lap in messages.laps
            if isinstance(lap.get("timestamp"), datetime) and begun < lap["timestamp"] <= end
        ]
        activities.append(
            _fit_activity(
                inside, laps, messages, session.get("sport"), problems if index == 0 else ()
            )
        )
        begun = end
    return activities


def _epoch_seconds(when: datetime) -> float:
    """Seconds from the FIT epoch (infinite for the far past and future)."""
    if when.year == 1:
        return -np.inf
    if when.year == 9999:
        return np.inf
    return (when - FIT_EPOCH).total_seconds()


def _fit_activity(
    chosen: np.ndarray,
    laps: list[dict[str, Any]],
    messages: _FitMessages,
    sport: Any,
    problems: tuple[str, ...],
) -> Activity:
    records = {name: values[chosen] for name, values in messages.records.items()}
    stamps = records["timestamp"]
    start = FIT_EPOCH + timedelta(seconds=float(stamps[0])) if len(stamps) else None
    elapsed = stamps - stamps[0] if len(stamps) else stamps

    def pick(*names: str) -> np.ndarray:
        values: np.ndarray = records[names[0]].copy()
        for name in names[1:]:
            missing = np.isnan(values)
            values[missing] = records[name][missing]
        return values

    return build_activity(
        elapsed,
        distance_m=pick("distance"),
        speed_m_s=pick("enhanced_speed", "speed"),
        heart_rate=pick("heart_rate"),
        altitude_m=pick("enhanced_altitude", "altitude"),
        cadence=pick("cadence"),
        latitude=pick("position_lat") * SEMICIRCLE_DEGREES,
        longitude=pick("position_long") * SEMICIRCLE_DEGREES,
        laps=tuple(_fit_laps(laps, start)) if start else (),
        start_time=start,
        device=messages.meta.get("device"),
        sport=str(sport) if sport is not None else None,
        warnings=problems,
        timer_stops=_timer_stops(messages.timer, start, float(elapsed[-1])) if start else (),
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
    trackpoints and laps; a truncated file keeps what parses. Read as columns
    (``tcx_columns``) when the file is plain XML, as watches and apps write it; else, and
    for any error to word, by lxml, which reads the same values."""
    from speedplay.formats.tcx_columns import read_tcx_columns

    activities = read_tcx_columns(data)
    if activities is not None:
        return activities
    logger.debug("%s: read with lxml", source)
    return read_tcx_activities_with_lxml(data, source)


def read_tcx_activities_with_lxml(data: bytes, source: str) -> list[Activity]:
    """:func:`read_tcx_activities` through lxml alone: the fallback, and the oracle the
    tests hold the column reader to."""
    from lxml import etree

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
    times = [xml_values.moment(p.findtext(f"{TCX_NS}Time")) for p in points]
    kept = [(p, t) for p, t in zip(points, times, strict=True) if t is not None]
    if not kept:
        return None
    start = kept[0][1]
    assert start is not None
    laps = [
        tcx_lap(
            start,
            lap.get("StartTime"),
            *(lap.findtext(f"{TCX_NS}{name}") for name in TCX_LAP_FIELDS),
        )
        for lap in element.findall(f"{TCX_NS}Lap")
    ]
    return build_activity(
        [(t - start).total_seconds() for _, t in kept if t is not None],
        distance_m=[_number(p, f"{TCX_NS}DistanceMeters") for p, _ in kept],
        speed_m_s=_none_if_empty([_tcx_speed(p) for p, _ in kept]),
        heart_rate=[_number(p, f"{TCX_NS}HeartRateBpm/{TCX_NS}Value") for p, _ in kept],
        altitude_m=[_number(p, f"{TCX_NS}AltitudeMeters") for p, _ in kept],
        cadence=[_tcx_cadence(p) for p, _ in kept],
        latitude=[_number(p, f"{TCX_NS}Position/{TCX_NS}LatitudeDegrees") for p, _ in kept],
        longitude=[_number(p, f"{TCX_NS}Position/{TCX_NS}LongitudeDegrees") for p, _ in kept],
        laps=tuple(lap for lap in laps if lap is not None),
        start_time=start,
        device=device,
        sport=element.get("Sport"),
    )


TCX_INTENSITY = {"Active": "active", "Resting": "rest"}
"""TCX's two lap intensities, in FIT's words."""
TCX_LAP_FIELDS = ("TotalTimeSeconds", "DistanceMeters", "TriggerMethod", "Intensity")
"""The children of a TCX ``Lap`` a lap is made of, in :func:`tcx_lap`'s order."""


def tcx_lap(
    start: datetime,
    begun: str | None,
    length: str | None,
    distance: str | None,
    trigger: str | None,
    intensity: str | None,
) -> Lap | None:
    """A TCX lap from its ``StartTime`` and the texts of its :data:`TCX_LAP_FIELDS` (None
    where it has none), timed from the activity's ``start``; None without a start and a
    length it can read. Both TCX readers make their laps here."""
    begun_at, seconds = xml_values.moment(begun), _float(length)
    if begun_at is None or seconds is None:
        return None
    offset = (begun_at - start).total_seconds()
    return Lap(
        offset,
        offset + seconds,
        _float(distance),
        trigger=trigger.strip().lower() if trigger else None,
        intensity=TCX_INTENSITY.get(intensity.strip()) if intensity else None,
    )


def _number(element: Any, path: str) -> float | None:
    return _float(element.findtext(path))


def _float(text: str | None) -> float | None:
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


# --- GPX -------------------------------------------------------------------------------------


def read_gpx_activity(data: bytes, source: str) -> Activity:
    """Track points of a GPX file: positions and times, with heart rate and cadence when the
    Garmin track-point extension holds them. Read as columns (``gpx_columns``) when the file
    is plain XML, as apps write it; else, and for any error to word, by gpxpy, which reads
    the same values."""
    from speedplay.formats.gpx_columns import read_gpx_columns

    activity = read_gpx_columns(data)
    if activity is not None:
        return activity
    logger.debug("%s: read with gpxpy", source)
    return read_gpx_activity_with_gpxpy(data, source)


def read_gpx_activity_with_gpxpy(data: bytes, source: str) -> Activity:
    """:func:`read_gpx_activity` through gpxpy alone: the fallback, and the oracle the tests
    hold the column reader to."""
    import gpxpy
    import gpxpy.gpx

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
    offset = start.utcoffset()  # gpxpy's own zone class made the standard library's
    return build_activity(
        [(p.time - start).total_seconds() for p in points if p.time is not None],
        heart_rate=[_extension(p, "hr") for p in points],
        cadence=[_extension(p, "cad") for p in points],
        altitude_m=[p.elevation for p in points],
        latitude=[p.latitude for p in points],
        longitude=[p.longitude for p in points],
        start_time=start.replace(tzinfo=timezone(offset)) if offset is not None else start,
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
