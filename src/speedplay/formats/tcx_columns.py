"""TCX activities read as columns: the fast path of the TCX reader.

What :func:`speedplay.formats.activity_files.read_tcx_activities_with_lxml` makes of a file
through lxml, made here from :mod:`~speedplay.formats.xml_scan` and
:mod:`~speedplay.formats.xml_values`, value for value: the same trackpoints kept (those with
a time), each field taken where lxml's ``findtext`` finds it (the first ``DistanceMeters``
child, the first ``HeartRateBpm/Value``...), speed from the first non-empty ``Speed`` of any
namespace below the point, cadence from ``Cadence`` overridden by the last ``RunCadence``.

Any file it does not read exactly so gets ``None`` (the caller then reads it with lxml):
a document the scan leaves aside, a value or time that is not
plain, a field that holds elements, nested activities or trackpoints, or an error to report
(no activity, no timed trackpoint: lxml's reader words those).
"""

from __future__ import annotations

from datetime import datetime

import numpy as np

from speedplay.analysis.activity import Activity, Lap, build_activity
from speedplay.formats import xml_values
from speedplay.formats.activity_files import tcx_lap
from speedplay.formats.xml_query import NotPlainError, Query
from speedplay.formats.xml_scan import Elements, attribute, scan

TCX_URI = b"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
VOCABULARY = (
    b"Activity",
    b"Lap",
    b"Trackpoint",
    b"Time",
    b"Position",
    b"LatitudeDegrees",
    b"LongitudeDegrees",
    b"AltitudeMeters",
    b"DistanceMeters",
    b"HeartRateBpm",
    b"Value",
    b"Cadence",
    b"Speed",
    b"RunCadence",
    b"TotalTimeSeconds",
    b"TriggerMethod",
    b"Intensity",
    b"Creator",
    b"Name",
)
(
    ACTIVITY,
    LAP,
    TRACKPOINT,
    TIME,
    POSITION,
    LATITUDE,
    LONGITUDE,
    ALTITUDE,
    DISTANCE,
    HEART_RATE_BPM,
    VALUE,
    CADENCE,
    SPEED,
    RUN_CADENCE,
    TOTAL_TIME,
    TRIGGER,
    INTENSITY,
    CREATOR,
    NAME,
) = range(len(VOCABULARY))


def read_tcx_columns(data: bytes) -> list[Activity] | None:
    """Each activity of a TCX file, or None to leave the file to lxml."""
    elements = scan(data, VOCABULARY)
    if elements is None:
        return None
    try:
        return _activities(elements)
    except NotPlainError:
        return None


def _activities(elements: Elements) -> list[Activity] | None:
    tcx = np.where(elements.in_namespace(TCX_URI), elements.name, -1)
    tcx[0] = -1  # lxml looks for activities below the root
    tree = Query(elements, tcx)
    activities = tree.all(ACTIVITY)
    if not len(activities) or _nested(elements, activities):
        return None
    points = tree.all(TRACKPOINT)
    if _nested(elements, points):
        raise NotPlainError("a trackpoint inside a trackpoint")
    points, owner = tree.inside(points, activities)
    columns = _point_columns(tree, points)
    device = _device(tree)
    found = []
    for index, activity in enumerate(activities.tolist()):
        mine = owner == index
        made = _activity(tree, activity, {k: v[mine] for k, v in columns.items()}, device)
        if made is not None:
            found.append(made)
    return found or None


def _nested(elements: Elements, rows: np.ndarray) -> bool:
    return bool((elements.start[rows[1:]] < elements.end[rows[:-1]]).any())


def _device(tree: Query) -> str | None:
    """The text of the first ``Creator/Name``, as lxml's ``find('.//Creator/Name')``."""
    names = tree.all(NAME)
    names = names[tree.names[tree.elements.parent[names]] == CREATOR]
    return tree.text(int(names[0])) if len(names) else None


def _point_columns(tree: Query, points: np.ndarray) -> dict[str, np.ndarray]:
    """Per trackpoint: its time (microseconds, -1 for none), the element holding it, and
    each field (NaN: none)."""
    moments = tree.children(points, TIME)
    start, end = tree.texts(moments.rows)
    timed = end > start
    read = xml_values.times(tree.elements.data, start[timed], end[timed])
    if read is None:
        raise NotPlainError("a time that is not plain")
    time_us = np.full(len(points), -1, dtype=np.int64)
    time_us[moments.owner[timed]] = read[0]
    time_row = np.full(len(points), -1, dtype=np.int64)
    time_row[moments.owner[timed]] = moments.rows[timed]
    fields = tree.numbers(
        len(points),
        {
            "distance": tree.children(points, DISTANCE),
            "speed": tree.below(points, SPEED, last=False),
            "heart_rate": tree.children(points, VALUE, via=HEART_RATE_BPM),
            "altitude": tree.children(points, ALTITUDE),
            "cadence": tree.children(points, CADENCE),
            "run_cadence": tree.below(points, RUN_CADENCE, last=True),
            "latitude": tree.children(points, LATITUDE, via=POSITION),
            "longitude": tree.children(points, LONGITUDE, via=POSITION),
        },
    )
    run_cadence = fields.pop("run_cadence")
    fields["cadence"] = np.where(np.isnan(run_cadence), fields["cadence"], run_cadence)
    return {"time_us": time_us, "time_row": time_row, **fields}


def _activity(
    tree: Query, activity: int, columns: dict[str, np.ndarray], device: str | None
) -> Activity | None:
    timed = columns["time_us"] >= 0
    if not timed.any():
        return None
    start = xml_values.moment(tree.text(int(columns["time_row"][timed][0])))
    if start is None:
        raise NotPlainError("a time Python does not read")
    time_us = columns["time_us"][timed]
    kept = {name: values[timed] for name, values in columns.items()}
    speed = kept["speed"]
    tag = tree.elements.start_tag(activity)
    return build_activity(
        (time_us - time_us[0]) / 1e6,
        distance_m=kept["distance"],
        speed_m_s=speed if np.isfinite(speed).any() else None,
        heart_rate=kept["heart_rate"],
        altitude_m=kept["altitude"],
        cadence=kept["cadence"],
        latitude=kept["latitude"],
        longitude=kept["longitude"],
        laps=_laps(tree, activity, start),
        start_time=start,
        device=device,
        sport=attribute(tag, "Sport"),
    )


def _laps(tree: Query, activity: int, start: datetime) -> tuple[Lap, ...]:
    """The activity's ``Lap`` children, made as lxml's reader makes them (few: one by one)."""
    e = tree.elements
    laps = tree.all(LAP)
    found = []
    for lap in laps[e.parent[laps] == activity].tolist():
        children = tree.first_child_names(lap)
        made = tcx_lap(
            start,
            attribute(e.start_tag(lap), "StartTime"),
            *(
                _text(tree, children.get(name))
                for name in (TOTAL_TIME, DISTANCE, TRIGGER, INTENSITY)
            ),
        )
        if made is not None:
            found.append(made)
    return tuple(found)


def _text(tree: Query, row: int | None) -> str | None:
    """lxml's ``findtext``: the element's text, ``""`` for an empty one, None for none."""
    if row is None:
        return None
    return tree.text(row) or ""
