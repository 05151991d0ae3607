"""The analysis as a JSON document: the stable schema of ``speedplay analyze --json``."""

from __future__ import annotations

from typing import Any

from speedplay.analysis.analyze import Analysis
from speedplay.analysis.compliance import SegmentFacts
from speedplay.analysis.segmentation import Kind
from speedplay.workout.printer import format_step


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    """``{"segments", "reps", "surges", "pauses", "compliance", "load", "source", "laps",
    "elapsed_s", "moving_s", "warnings", ...}`` (``docs/json.md``)."""
    facts = list(analysis.facts)
    reps = [f for f in facts if f.segment.kind is Kind.WORK]
    load = analysis.load
    return {
        "segments": [_segment(f) for f in facts],
        "reps": [{"rep": n, **_segment(f)} for n, f in enumerate(reps, start=1)],
        "surges": {
            "count": len(reps),
            "seconds": [round(f.moving_s, 1) for f in reps],
            "total_seconds": round(sum(f.moving_s for f in reps), 1),
        },
        "compliance": _compliance(analysis),
        "load": {"trimp": load.trimp, "rtss": load.rtss, "session_rpe": load.session_rpe},
        "pauses": [
            {
                "start_s": round(p.start_s, 1),
                "end_s": round(p.end_s, 1),
                "seconds": round(p.seconds, 1),
            }
            for p in analysis.pauses
        ],
        "source": analysis.source,
        "laps": analysis.laps.structure.value,
        "sport": analysis.activity.sport,
        "duration_s": analysis.activity.duration_s,
        "elapsed_s": analysis.activity.duration_s,
        "moving_s": analysis.moving_s,
        "start_time": analysis.activity.start_time.isoformat()
        if analysis.activity.start_time
        else None,
        "device": analysis.activity.device,
        "warnings": list(analysis.activity.warnings),
    }


def _segment(facts: SegmentFacts) -> dict[str, Any]:
    segment = facts.segment
    return {
        "kind": segment.kind.value,
        "start_s": round(segment.start_s, 1),
        "end_s": round(segment.end_s, 1),
        "moving_s": round(facts.moving_s, 1),
        "paused_s": round(facts.stopped_s, 1),
        "distance_m": round(facts.distance_m, 1),
        "pace_s_per_km": _rounded(facts.pace),
        "gap_pace_s_per_km": _rounded(facts.gap_pace),
        "avg_hr": _rounded(facts.heart_rate),
        "climb_m": round(facts.climb_m, 1),
    }


def _compliance(analysis: Analysis) -> dict[str, Any] | None:
    result = analysis.compliance
    if result is None:
        return None
    return {
        "score": result.score,
        "flags": list(result.flags),
        "rows": [
            {
                "planned": format_step(row.planned.step) if row.planned else None,
                "target_pace_s_per_km": list(row.target_pace) if row.target_pace else None,
                "actual": _segment(row.actual) if row.actual else None,
                "score": row.score,
                "notes": list(row.notes),
            }
            for row in result.rows
        ],
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
