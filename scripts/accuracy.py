"""Accuracy of rep detection, on synthetic runs with known truth and on real recordings.

    python scripts/accuracy.py [--runs N]

Synthetic: detection without laps on runs of six session kinds with GPS noise, spikes and
dropouts. Real, through the command a user runs (``speedplay analyze --json``, in process):
sessions whose laps mark the reps, scored against their laps three ways (laps kept, laps
ignored with ``--no-laps``, and the records written out as a phone GPX with no laps and no
speed), and steady runs, scored for false reps, per source.

Goals: with laps every lap-marked rep found; from the data alone at least 90 % of reps with
both boundaries within 5 s and all within 15 s; under 5 % of steady real runs with any rep.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gpxpy.gpx  # noqa: E402
from lxml import etree  # noqa: E402
from tests.synthetic import recording, session  # noqa: E402

from speedplay.analysis.segmentation import Kind, detect_segments, on_grid  # noqa: E402
from speedplay.cli.app import main as speedplay  # noqa: E402
from speedplay.formats.activity_files import read_activity  # noqa: E402

KINDS = ("30-30", "400s", "long", "pyramid", "hills", "fartlek")
TOLERANCE_S = 5.0
SAMPLES = ROOT.parent / "shared" / "samples"
REAL = {  # recordings whose laps mark the reps: (file, indexes of the work laps)
    "fit/goldencheetah-ipbike-intervals-4x6min.fit": (1, 3, 5, 7),
}
STEADY = [  # (source, file): real runs with no reps: easy, long, city runs with stops, phones
    ("heartandsole (Garmin, FIT/TCX/GPX)", SAMPLES / "fit/heartandsole-4426508309.fit"),
    ("heartandsole (Garmin, FIT/TCX/GPX)", SAMPLES / "tcx/heartandsole-4426508309.tcx"),
    ("heartandsole (Garmin, FIT/TCX/GPX)", SAMPLES / "gpx/heartandsole-4426508309.gpx"),
    ("heartandsole (Garmin, FIT/TCX/GPX)", SAMPLES / "fit/heartandsole-run-manual-laps.fit"),
    ("Garmin FIT samples (watches)", SAMPLES / "fit/activity-small-fenix2-run.fit"),
    ("Garmin FIT samples (watches)", SAMPLES / "fit/developer-types-sample.fit"),
    ("Garmin FIT samples (watches)", SAMPLES / "fit/2013-02-06-12-11-14.fit"),
    ("Garmin FIT samples (watches)", SAMPLES / "fit/compressed-speed-distance.fit"),
    ("GoldenCheetah (FIT)", SAMPLES / "fit/goldencheetah-hrv-run-laps.fit"),
    ("runpandas (GPX/TCX)", SAMPLES / "gpx/runpandas-00978fad-85f8-4f1c-be44-2b7146ccbf76.gpx"),
    ("runpandas (GPX/TCX)", SAMPLES / "gpx/runpandas-038a22f7-eb5e-44f9-a551-de14d84d8524.gpx"),
    ("runpandas (GPX/TCX)", SAMPLES / "gpx/runpandas-0c97d8a7-8081-4609-b92c-5932468d7b8e.gpx"),
    ("runpandas (GPX/TCX)", SAMPLES / "gpx/runpandas-tomtom-two-segments.gpx"),
    ("runpandas (GPX/TCX)", SAMPLES / "tcx/runpandas-16km-17laps.tcx"),
    ("runpandas (GPX/TCX)", SAMPLES / "tcx/runpandas-sample.tcx"),
    ("sweatpy (TCX)", SAMPLES / "tcx/sweatpy-3173437224-run.tcx"),
    *(
        ("running_page (Keep phone app, GPX)", path)
        for path in sorted((ROOT / "tests/data/real/steady").glob("*.gpx"))
    ),
]


def score(truth: list[tuple[float, float]], found: list[tuple[float, float]]) -> dict[str, float]:
    """Hits (both boundaries within 5 s), false reps (overlapping no true rep), errors."""
    hits, errors = 0, []
    for a, b in truth:
        match = min(found, key=lambda s: abs(s[0] - a) + abs(s[1] - b), default=None)
        if match is None:
            continue
        errors += [float(abs(match[0] - a)), float(abs(match[1] - b))]
        if abs(match[0] - a) <= TOLERANCE_S and abs(match[1] - b) <= TOLERANCE_S:
            hits += 1
    false = sum(1 for s in found if not any(min(s[1], b) - max(s[0], a) > 0 for a, b in truth))
    return {"truth": len(truth), "found": len(found), "hits": hits, "false": false,
            "errors": errors}  # fmt: skip


def work_of(activity) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    segments = detect_segments(on_grid(activity))
    return [(s.start_s, s.end_s) for s in segments if s.kind is Kind.WORK]


def analyzed(path: Path, *options: str) -> list[dict]:  # type: ignore[type-arg]
    """``speedplay analyze PATH --json`` as a user runs it: one document per run analysed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = speedplay(["analyze", str(path), "--json", *options])
    if code != 0:
        raise SystemExit(f"speedplay analyze {path} failed: {err.getvalue().strip()}")
    parsed = json.loads(out.getvalue())
    return parsed if isinstance(parsed, list) else [parsed]


def reps_of(document: dict) -> list[tuple[float, float]]:  # type: ignore[type-arg]
    return [(rep["start_s"], rep["end_s"]) for rep in document["reps"]]


def watch_tcx(activity, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """The records and laps as a TCX export: a Lap per watch lap, trackpoints with time,
    position, distance, altitude and heart rate."""
    ns = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
    root = etree.Element(f"{{{ns}}}TrainingCenterDatabase", nsmap={None: ns})
    element = etree.SubElement(etree.SubElement(root, f"{{{ns}}}Activities"), f"{{{ns}}}Activity")
    element.set("Sport", "Running")
    start = activity.start_time
    etree.SubElement(element, f"{{{ns}}}Id").text = start.isoformat()

    def add(parent, name, value):  # type: ignore[no-untyped-def]
        child = etree.SubElement(parent, f"{{{ns}}}{name}")
        child.text = value
        return child

    time = activity.elapsed_s
    for lap in activity.laps:
        first = max(lap.start_s, 0.0)
        node = etree.SubElement(element, f"{{{ns}}}Lap")
        node.set("StartTime", (start + timedelta(seconds=first)).isoformat())
        add(node, "TotalTimeSeconds", f"{lap.end_s - first:.1f}")
        add(node, "TriggerMethod", "Manual")
        track = etree.SubElement(node, f"{{{ns}}}Track")
        for i in np.flatnonzero((time >= first) & (time < lap.end_s)):
            point = etree.SubElement(track, f"{{{ns}}}Trackpoint")
            add(point, "Time", (start + timedelta(seconds=float(time[i]))).isoformat())
            if np.isfinite(activity.latitude[i]):
                position = etree.SubElement(point, f"{{{ns}}}Position")
                add(position, "LatitudeDegrees", f"{activity.latitude[i]:.7f}")
                add(position, "LongitudeDegrees", f"{activity.longitude[i]:.7f}")
            if np.isfinite(activity.altitude_m[i]):
                add(point, "AltitudeMeters", f"{activity.altitude_m[i]:.1f}")
            if np.isfinite(activity.distance_m[i]):
                add(point, "DistanceMeters", f"{activity.distance_m[i]:.1f}")
            if np.isfinite(activity.heart_rate[i]):
                add(etree.SubElement(point, f"{{{ns}}}HeartRateBpm"), "Value",
                    f"{activity.heart_rate[i]:.0f}")  # fmt: skip
    path = folder / "watch.tcx"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return path


def phone_gpx(activity, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """The records as a phone writes them: positions, elevation and time; no laps, no speed."""
    track = gpxpy.gpx.GPXTrack()
    segment = gpxpy.gpx.GPXTrackSegment()
    track.segments.append(segment)
    for t, lat, lon, alt in zip(
        activity.elapsed_s,
        activity.latitude,
        activity.longitude,
        activity.altitude_m,
        strict=True,
    ):
        if np.isfinite(lat) and np.isfinite(lon):
            segment.points.append(gpxpy.gpx.GPXTrackPoint(
                float(lat), float(lon),
                elevation=float(alt) if np.isfinite(alt) else None,
                time=activity.start_time + timedelta(seconds=float(t)),
            ))  # fmt: skip
    document = gpxpy.gpx.GPX()
    document.tracks.append(track)
    path = folder / "phone.gpx"
    path.write_text(document.to_xml())
    return path


def real_sessions() -> bool:
    """Lap-marked real sessions scored three ways; True when the goals are met."""
    print("real sessions whose laps mark the reps (speedplay analyze):")
    ok = True
    with_laps = {"truth": 0, "hits": 0}
    alone = {"truth": 0, "hits": 0, "false": 0, "found": 0}
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for path, work_laps in REAL.items():
            activity = read_activity((SAMPLES / path).read_bytes(), path)
            truth = [(max(0.0, activity.laps[i].start_s), activity.laps[i].end_s)
                     for i in work_laps]  # fmt: skip
            ways = {
                "laps": SAMPLES / path,
                "--no-laps": SAMPLES / path,
                "as TCX, laps": watch_tcx(activity, Path(folder)),
                "as TCX, --no-laps": watch_tcx(activity, Path(folder)),
                "phone GPX": phone_gpx(activity, Path(folder)),
            }
            for way, file in ways.items():
                options = ("--no-laps",) if way.endswith("--no-laps") else ()
                result = score(truth, reps_of(analyzed(file, *options)[0]))
                errors = result["errors"]
                print(
                    f"  {path} [{way}]: reps {result['truth']}, within 5 s {result['hits']}, "
                    f"false {result['false']}/{result['found']}, worst edge "
                    f"{max(errors, default=float('nan')):.1f} s"
                )
                if not way.endswith("--no-laps") and way != "phone GPX":
                    with_laps["truth"] += int(result["truth"])
                    with_laps["hits"] += int(result["hits"])
                else:
                    for key in alone:
                        alone[key] += int(result[key])
                    worst = max([worst, *errors])  # type: ignore[list-item]
    print(f"  with laps: {with_laps['hits']}/{with_laps['truth']} lap-marked reps found")
    recall = alone["hits"] / max(alone["truth"], 1)
    print(
        f"  from the data alone: {recall:.1%} within 5 s, worst boundary {worst:.1f} s, "
        f"false {alone['false']}/{alone['found']}"
    )
    ok &= with_laps["hits"] == with_laps["truth"]
    ok &= recall >= 0.90 and worst <= 15.0
    return ok


def steady_runs() -> bool:
    """Steady real runs with any rep found, per source; True when under 5 % have one."""
    print("steady real runs (speedplay analyze), runs with any rep:")
    by_source: dict[str, list[int]] = {}
    for source, path in STEADY:
        false = sum(len(document["reps"]) for document in analyzed(path))
        by_source.setdefault(source, []).append(false)
        if false:
            print(f"  {path.name}: {false} false reps")
    for source, counts in sorted(by_source.items()):
        print(f"  {source:38s} {sum(1 for c in counts if c)}/{len(counts)} runs")
    runs = [c for counts in by_source.values() for c in counts]
    share = sum(1 for c in runs if c) / len(runs)
    print(f"  all: {share:.1%} of {len(runs)} steady runs show a rep")
    return share < 0.05


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="synthetic runs per session kind")
    args = parser.parse_args()
    totals = {"truth": 0, "found": 0, "hits": 0, "false": 0}
    errors: list[float] = []
    rng = np.random.default_rng(20261128)
    for kind in KINDS:
        kind_totals = {"truth": 0, "hits": 0, "false": 0, "found": 0}
        for _ in range(args.runs):
            activity, truth = recording(session(kind, rng), rng)
            result = score(truth.reps, work_of(activity))
            for key in kind_totals:
                kind_totals[key] += int(result[key])
            errors += result["errors"]  # type: ignore[arg-type]
        print(
            f"synthetic {kind:8s} reps {kind_totals['truth']:4d}  found within 5 s "
            f"{kind_totals['hits'] / kind_totals['truth']:6.1%}  false "
            f"{kind_totals['false']:3d}/{kind_totals['found']}"
        )
        for key in totals:
            totals[key] += kind_totals[key]
    for path, work_laps in REAL.items():
        activity = read_activity((SAMPLES / path).read_bytes(), path)
        truth = [(activity.laps[i].start_s, activity.laps[i].end_s) for i in work_laps]
        result = score(truth, work_of(activity))
        print(
            f"real {path}: reps {result['truth']}, within 5 s {result['hits']}, "
            f"false {result['false']}/{result['found']}, boundary errors "
            f"{[round(e, 1) for e in result['errors']]}"
        )
        for key in totals:
            totals[key] += int(result[key])
        errors += result["errors"]  # type: ignore[arg-type]
    recall = totals["hits"] / totals["truth"]
    false_share = totals["false"] / max(totals["found"], 1)
    print(
        f"ALL: {totals['truth']} reps, recall (both boundaries within 5 s) {recall:.1%}, "
        f"false reps {false_share:.1%} ({totals['false']}/{totals['found']}), boundary error "
        f"median {np.median(errors):.1f} s, 95th percentile {np.percentile(errors, 95):.1f} s"
    )
    ok = recall >= 0.90 and false_share <= 0.05
    ok &= real_sessions()
    ok &= steady_runs()
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
