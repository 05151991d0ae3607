"""The runner's progress: fitness, fatigue and form, weekly volume, rep pace per family, best
efforts and the VDOT they show; the same report as ``speedplay progress``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from speedplay.coach.progress import progress
from speedplay.formats.effort_text import effort_pace, effort_result
from speedplay.formats.history_json import progress_to_dict
from speedplay.storage.accounts import Account
from speedplay.storage.history import progress_efforts, stored_runs
from speedplay.storage.reading import reader_of
from speedplay.units import format_clock, format_distance
from speedplay.web.clock import today
from speedplay.web.context import render, script_json, signed_in, state
from speedplay.web.runner import runner_view

router = APIRouter()

WEEKS = 16
"""Weeks the tables list; the charts show all."""


@router.get("/progress")
def progress_page(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    engine, on = state(request).engine, today()
    units = runner_view(engine, account).units
    with reader_of(engine) as reader:
        runs = stored_runs(reader, account.runner_id)
        efforts = progress_efforts(reader, on, account.runner_id)
    report = progress(runs, efforts, on)
    everything = progress_to_dict(report, weeks=10_000)
    weeks = [
        {
            "monday": week.monday,
            "runs": week.runs,
            "distance": format_distance(week.distance_m, units),
            "time": format_clock(week.moving_s),
            "hard": format_clock(week.work_s),
            "load": f"{week.load:.0f}",
        }
        for week in reversed(report.last_weeks(WEEKS).weeks)
    ]
    bests = [
        {
            "label": best.label,
            "best": f"{effort_result(best.best, units)} ({best.best.run_on:%d %b %Y})",
            "pace": effort_pace(best.best, units),
            "recent": (
                f"{effort_result(best.recent, units)} ({effort_pace(best.recent, units)})"
                if best.recent
                else ""
            ),
        }
        for best in report.bests
    ]
    context = {
        "account": account,
        "today": everything["today"],
        "weeks": weeks,
        "bests": bests,
        "chart": script_json({**everything, "unit": units.value, "unit_m": units.metres}),
    }
    return render(request, "progress.html", context)
