"""Accuracy of rep detection without laps, on synthetic runs with known truth and real runs
whose laps mark the reps. Prints recall, false reps and boundary error.

    python scripts/accuracy.py [--runs N]

Requirements (issue "After the run"): at least 90 % of work reps found with both boundaries
within 5 s, and at most 5 % false reps.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.synthetic import recording, session  # noqa: E402

from speedplay.analysis.segmentation import Kind, detect_segments, on_grid  # noqa: E402
from speedplay.formats.activity_files import read_activity  # noqa: E402

KINDS = ("30-30", "400s", "long", "pyramid", "hills", "fartlek")
TOLERANCE_S = 5.0
SAMPLES = ROOT.parent / "shared" / "samples"
REAL = {  # recordings whose laps mark the reps: (file, indexes of the work laps)
    "fit/goldencheetah-ipbike-intervals-4x6min.fit": (1, 3, 5, 7),
}


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
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
