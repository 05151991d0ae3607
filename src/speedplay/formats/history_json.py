"""The history and the progress as JSON: ``speedplay history --json`` and ``progress
--json`` (``docs/json.md``), and what the web app's progress page draws."""

from __future__ import annotations

from typing import Any

from speedplay.coach.progress import EffortRecord, Progress, RunRecord


def run_to_dict(run: RunRecord) -> dict[str, Any]:
    return {
        "date": run.run_on.isoformat(),
        "start_time": run.start_time.isoformat() if run.start_time else None,
        "file": run.source,
        "session": run.family,
        "distance_m": round(run.distance_m, 1),
        "moving_s": round(run.moving_s, 1),
        "reps": run.reps,
        "hard_s": round(run.work_s, 1),
        "compliance": run.compliance,
        "trimp": run.trimp,
        "rtss": run.rtss,
        "rpe": run.rpe,
    }


def progress_to_dict(report: Progress, weeks: int) -> dict[str, Any]:
    last = report.form[-1] if report.form else None
    return {
        "today": None
        if last is None
        else {
            "date": last.day.isoformat(),
            "fitness": round(last.fitness, 1),
            "fatigue": round(last.fatigue, 1),
            "form": round(last.form, 1),
        },
        "load_sources": report.load_sources,
        "days": [
            {
                "date": d.day.isoformat(),
                "load": round(d.load, 1),
                "fitness": round(d.fitness, 1),
                "fatigue": round(d.fatigue, 1),
                "form": round(d.form, 1),
            }
            for d in report.form
        ],
        "weeks": [
            {
                "monday": w.monday.isoformat(),
                "runs": w.runs,
                "distance_m": round(w.distance_m, 1),
                "moving_s": round(w.moving_s, 1),
                "hard_s": round(w.work_s, 1),
                "load": round(w.load, 1),
            }
            for w in report.last_weeks(weeks).weeks
        ],
        "best_efforts": [
            {
                "label": b.label,
                "best": _effort(b.best),
                "last_six_weeks": _effort(b.recent) if b.recent else None,
            }
            for b in report.bests
        ],
        "rep_pace": [
            {
                "monday": r.monday.isoformat(),
                "family": r.family,
                "pace_s_per_km": round(r.pace_s_per_km, 1),
                "hard_s": round(r.work_s, 1),
                "rpe": None if r.rpe is None else round(r.rpe, 1),
            }
            for r in report.last_weeks(weeks).rep_pace
        ],
        "vdot_by_month": [
            {"month": month.isoformat()[:7], "vdot": round(vdot, 1)}
            for month, vdot in report.vdot_by_month
        ],
    }


def _effort(effort: EffortRecord) -> dict[str, Any]:
    return {
        "date": effort.run_on.isoformat(),
        "metres": round(effort.metres, 1),
        "seconds": round(effort.seconds, 1),
    }
