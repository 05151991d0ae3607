"""GPX tracks read as columns: the fast path of the GPX reader.

What :func:`speedplay.formats.activity_files.read_gpx_activity_with_gpxpy` makes of a file
through gpxpy, made here from :mod:`~speedplay.formats.xml_scan` and
:mod:`~speedplay.formats.xml_values`, value for value: the points of every segment of every
track that have a time, their ``lat``/``lon``, ``ele`` and time, heart rate and cadence from
the first ``hr``/``cad`` with text below the point's first ``extensions``, the device from
the root's ``creator``, the sport from the first track's ``type``.

gpxpy reads the whole file and refuses it for a value it cannot convert anywhere (a waypoint's
``sat``, a track's ``number``, a bound): so this reader leaves to gpxpy (returns None) any
file holding an element of GPX's namespace that gpxpy converts and it does not check, a GPX
other than 1.1, a value or time that is not plain, besides what the scan leaves aside.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import numpy as np

from speedplay.analysis.activity import Activity, build_activity
from speedplay.formats import xml_values
from speedplay.formats.xml_query import Found, NotPlainError, Query
from speedplay.formats.xml_scan import Elements, attribute, scan

VOCABULARY = (
    b"gpx",
    b"trk",
    b"trkseg",
    b"trkpt",
    b"time",
    b"ele",
    b"extensions",
    b"type",
    b"hr",
    b"cad",
    # what gpxpy reads as text, which cannot fail:
    b"metadata",
    b"name",
    b"desc",
    b"cmt",
    b"src",
    b"sym",
    b"link",
    b"text",
    b"keywords",
    b"author",
    b"email",
    b"copyright",
    b"year",
    b"license",
)
GPX, TRACK, SEGMENT, POINT, TIME, ELEVATION, EXTENSIONS, TYPE, HEART_RATE, CADENCE = range(10)


def read_gpx_columns(data: bytes) -> Activity | None:
    """The track points of a GPX file as an activity, or None to leave the file to gpxpy."""
    elements = scan(data, VOCABULARY)
    if elements is None or elements.name[0] != GPX or not _one_default_namespace(elements):
        return None
    if attribute(elements.start_tag(0), "version") != "1.1":
        return None
    gpx = Query(elements, np.where(elements.namespace == elements.namespace[0], elements.name, -1))
    try:
        return _activity(gpx)
    except NotPlainError:
        return None


def _one_default_namespace(elements: Elements) -> bool:
    """gpxpy strips the first default namespace declaration of the file: the root's, unless
    it has none, when another element's would be stripped instead; that case is left to it."""
    if elements.namespace[0] >= 0:
        return True
    data = elements.data
    return b"xmlns=" not in data and b"xmlns =" not in data


def _activity(gpx: Query) -> Activity | None:
    e = gpx.elements
    outside = ~gpx.descendants_of(EXTENSIONS)
    in_gpx = e.namespace == e.namespace[0]
    converted = (gpx.names == HEART_RATE) | (gpx.names == CADENCE) | (gpx.names == -1)
    if (outside & in_gpx & converted).any():
        raise NotPlainError("an element gpxpy converts that this reader does not check")
    _check_times(gpx, np.flatnonzero(outside & (gpx.names == TIME)))
    tracks = gpx.all(TRACK)
    tracks = tracks[e.parent[tracks] == 0]
    points = _points(gpx, tracks)
    moments = gpx.children(points, TIME)
    start, end = gpx.texts(moments.rows)
    timed = end > start
    times = xml_values.times(e.data, start[timed], end[timed])
    if times is None:
        raise NotPlainError("a time that is not plain")
    time_us, offset, zoned = times
    if not len(time_us):
        return None  # no timed point: gpxpy's reader words the error
    if zoned.any() and not zoned.all():
        raise NotPlainError("times with and without a zone")
    kept = moments.owner[timed]
    latitude, longitude = _coordinates(e, points)  # every point's: gpxpy converts them all
    columns = gpx.numbers(len(points), _fields(gpx, points))
    return build_activity(
        (time_us - time_us[0]) / 1e6,
        heart_rate=columns["hr"][kept],
        cadence=columns["cad"][kept],
        altitude_m=columns["ele"][kept],
        latitude=latitude[kept],
        longitude=longitude[kept],
        start_time=_moment(int(time_us[0]), int(offset[0]), zoned=bool(zoned[0])),
        device=attribute(e.start_tag(0), "creator"),
        sport=_sport(gpx, tracks),
    )


def _check_times(gpx: Query, rows: np.ndarray) -> None:
    """Every time gpxpy converts must be one this reader reads as gpxpy does."""
    start, end = gpx.texts(rows)
    given = end > start
    if xml_values.times(gpx.elements.data, start[given], end[given]) is None:
        raise NotPlainError("a time that is not plain")


def _points(gpx: Query, tracks: np.ndarray) -> np.ndarray:
    """The ``trkpt`` children of the ``trkseg`` children of the tracks, in file order."""
    e = gpx.elements
    segments = gpx.all(SEGMENT)
    segments = segments[np.isin(e.parent[segments], tracks)]
    points = gpx.all(POINT)
    return points[np.isin(e.parent[points], segments)]


def _fields(gpx: Query, points: np.ndarray) -> dict[str, Found]:
    """Where each point's numbers lie: its first ``ele``, and the first ``hr`` and ``cad``
    with text below its first ``extensions``."""
    extensions = gpx.children(points, EXTENSIONS)
    found = {"ele": gpx.children(points, ELEVATION)}
    for name, local in (("hr", HEART_RATE), ("cad", CADENCE)):
        inner = gpx.below(extensions.rows, local, last=False)
        found[name] = Found(inner.rows, extensions.owner[inner.owner])
    return found


def _coordinates(e: Elements, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each point's ``lat`` and ``lon``, for the tags apps write: ``<trkpt lat="..."
    lon="...">`` (or ``lon`` first), double quotes, one blank between."""
    data = e.data
    begin, close = e.start[points], e.text_start[points] - 1
    quotes = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord('"'))
    at = np.searchsorted(quotes, begin)
    padded = np.append(quotes, np.full(5, len(data)))
    q0, q1, q2, q3, q4 = (padded[at + k] for k in range(5))
    ended = (close == q3 + 1) | ((close == q3 + 2) & _holds(data, q3 + 1, b"/"))
    shaped = (q0 == begin + 11) & (q1 > q0 + 1) & (q2 == q1 + 6) & (q3 > q2 + 1) & ended
    lat_first = _holds(data, begin, b'<trkpt lat="') & _holds(data, q1 + 1, b' lon="')
    lon_first = _holds(data, begin, b'<trkpt lon="') & _holds(data, q1 + 1, b' lat="')
    if not (shaped & (q4 > close) & (lat_first | lon_first)).all():
        raise NotPlainError("a point's tag of another shape")
    first = xml_values.decimals(data, q0 + 1, q1)
    second = xml_values.decimals(data, q2 + 1, q3)
    if first is None or second is None:
        raise NotPlainError("a coordinate that is not plain")
    return np.where(lat_first, first, second), np.where(lat_first, second, first)


def _holds(data: bytes, offsets: np.ndarray, expected: bytes) -> np.ndarray:
    """Whether the bytes at each offset are ``expected``."""
    found = xml_values.windows(data, offsets + len(expected), len(expected))
    same: np.ndarray = (found == np.frombuffer(expected, dtype=np.uint8)).all(axis=1)
    return same


def _moment(micro: int, offset: int, *, zoned: bool) -> datetime:
    """The first point's time as gpxpy gives it: at its own UTC offset, or naive."""
    if not zoned:
        return datetime(1970, 1, 1) + timedelta(microseconds=micro)
    utc = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micro)
    return utc.astimezone(timezone(timedelta(minutes=offset)))


def _sport(gpx: Query, tracks: np.ndarray) -> str | None:
    """The text of the first track's first ``type``."""
    if not len(tracks):
        return None
    found = gpx.children(tracks[:1], TYPE)
    return gpx.text(int(found.rows[0])) if len(found.rows) else None
