"""After the run: uploading recordings, the runner's history, and each run's analysis with its
chart, the planned-versus-actual table, its flags and load, and the runner's word on it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.exceptions import HTTPException

from speedplay.coach.log import NOTE_LENGTH, LogEntry
from speedplay.errors import SpeedplayError
from speedplay.formats.archive import Found, uploaded
from speedplay.formats.chart_json import with_stored_series
from speedplay.services.adapting import readapt
from speedplay.services.importing import Imported, import_found
from speedplay.storage.accounts import Account
from speedplay.storage.history import (
    StoredAnalysis,
    analyses_of_files,
    stored_analysis,
    stored_runs,
)
from speedplay.storage.logs import save_log
from speedplay.storage.profiles import load_profile
from speedplay.storage.reading import Reader, reader_of
from speedplay.units import UnitSystem, format_clock, format_distance, format_pace
from speedplay.web.clock import today
from speedplay.web.context import RowId, csrf_checked, render, script_text, signed_in, state
from speedplay.web.runner import RunnerView, runner_view

router = APIRouter()

MAX_FILE_BYTES = 64 * 2**20
"""The largest file an upload takes (a ten-hour FIT file is about 5 MB; a zip of a year's runs
fits)."""

MAX_FILES = 50
MAX_ZIP_RECORDINGS = 5_000
"""Files in one upload, and recordings in one zip of them."""


@router.get("/upload")
def upload_page(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    return render(request, "upload.html", {"account": account, "outcomes": None})


@router.post("/upload", dependencies=[Depends(csrf_checked)])
async def upload(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Response:
    """Recordings (FIT, TCX, GPX, gzipped or in zips) into the runner's history; each one's
    fate shown, and the plan's changes with their reasons."""
    async with request.form() as form:  # its files are spooled to disk, then removed
        files = [f for f in form.getlist("files") if isinstance(f, StarletteUpload)]
        found = await recordings_of(files)
    outcomes, changes = import_found(state(request).engine, found, account.runner_id, today())
    context = {
        "account": account,
        "outcomes": outcomes,
        "changes": changes,
        "runs": _opened(request, account, outcomes),
    }
    return render(request, "upload.html", context)


async def recordings_of(files: Sequence[StarletteUpload]) -> list[Found]:
    """The recordings in uploaded files; 400 for none, or for more than ``MAX_FILES``."""
    if not files:
        raise HTTPException(400, "Choose at least one recording to upload.")
    if len(files) > MAX_FILES:
        raise HTTPException(400, f"At most {MAX_FILES} files at once; a zip holds more.")
    found: list[Found] = []
    for file in files:
        found += await recordings_in(file)
    return found


async def recordings_in(file: StarletteUpload) -> list[Found]:
    """The recordings in an uploaded file (itself, or a zip's), each bounded in size."""
    name = (file.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1][:200]
    raw = await file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        return [Found(name, None, f"larger than {MAX_FILE_BYTES // 2**20} MB")]
    return list(uploaded(name, raw, MAX_ZIP_RECORDINGS))


def _opened(request: Request, account: Account, outcomes: list[Imported]) -> dict[str, int]:
    """The analysis of each run just stored, by its file, to link to."""
    wanted = {o.source for o in outcomes if o.status == "run"}
    if not wanted:
        return {}
    with reader_of(state(request).engine) as reader:
        return analyses_of_files(reader, account.runner_id, wanted)


RUNS_PER_PAGE = 100
"""Runs a page of the history lists, newest first: a runner of ten years has thousands."""


@router.get("/runs")
def runs_page(
    request: Request,
    account: Annotated[Account, Depends(signed_in)],
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    view = runner_view(state(request).engine, account)
    with reader_of(state(request).engine) as reader:  # one more than shown: are there older?
        runs = stored_runs(reader, account.runner_id, RUNS_PER_PAGE + 1, (page - 1) * RUNS_PER_PAGE)
    older = len(runs) > RUNS_PER_PAGE
    runs = runs[-RUNS_PER_PAGE:]
    units = view.units
    rows = [
        {
            "id": run.analysis_id,
            "day": run.run_on,
            "distance": format_distance(run.distance_m, units),
            "moving": format_clock(run.moving_s),
            "pace": format_pace(run.moving_s / (run.distance_m / 1000), units)
            if run.distance_m > 0
            else "",
            "reps": run.reps,
            "family": run.family or "",
            "compliance": f"{run.compliance:.0f}" if run.compliance is not None else "",
            "rpe": f"{run.rpe:g}" if run.rpe is not None else "",
        }
        for run in reversed(runs)
    ]
    context = {"account": account, "runs": rows, "page": page, "older": older}
    return render(request, "runs.html", context)


@router.get("/runs/{analysis_id}")
def run_page(
    request: Request, analysis_id: RowId, account: Annotated[Account, Depends(signed_in)]
) -> Response:
    with reader_of(state(request).engine) as reader:  # one connection for the page
        units = RunnerView(load_profile(reader, account.runner_id), None).units
        stored = _stored(request, account, analysis_id, reader)
    context = {
        "account": account,
        "analysis_id": analysis_id,
        "run": stored,
        "document": stored.document,
        "reps": [_rep_row(rep, units) for rep in stored.document["reps"]],
        "rows": _compliance_rows(stored.document, units),
        "chart": _chart(stored, units) if stored.series else None,
        "summary": _summary(stored.document, units),
        "changes": request.query_params.get("changed", ""),
    }
    return render(request, "run.html", context)


@router.post("/runs/{analysis_id}/log", dependencies=[Depends(csrf_checked)])
def log_run(
    request: Request,
    analysis_id: RowId,
    account: Annotated[Account, Depends(signed_in)],
    rpe: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=NOTE_LENGTH)] = "",
) -> Response:
    """The runner's session RPE (1-10) and a note for the run's day; the plan re-derived."""
    stored = _stored(request, account, analysis_id)
    try:
        effort = float(rpe) if rpe.strip() else None
    except ValueError:
        effort = -1.0
    if effort is not None and not 1 <= effort <= 10:
        raise HTTPException(400, f"The session RPE runs from 1 to 10; '{rpe[:10]}' is not one.")
    try:
        entry = LogEntry(stored.run_on, effort, note.strip() or None, None)
    except SpeedplayError as error:
        raise HTTPException(400, str(error).removeprefix("--note: ")) from error
    engine = state(request).engine
    save_log(engine, entry, account.runner_id)
    changed = readapt(engine, today(), account.runner_id)
    where = f"/runs/{analysis_id}"
    if changed:
        where += "?changed=1"
    return RedirectResponse(where, status_code=303)


def _stored(
    request: Request, account: Account, analysis_id: int, reader: Reader | None = None
) -> StoredAnalysis:
    if reader is None:
        with reader_of(state(request).engine) as own:
            return _stored(request, account, analysis_id, own)
    found = stored_analysis(reader, account.runner_id, analysis_id)
    if found is None:
        raise HTTPException(404, "There is no such run in your history.")
    return found


def _pace(seconds_per_km: float | None, units: UnitSystem) -> str:
    return format_pace(seconds_per_km, units) if seconds_per_km else ""


def _rep_row(rep: dict[str, Any], units: UnitSystem) -> dict[str, str]:
    return {
        "rep": str(rep["rep"]),
        "time": format_clock(rep["moving_s"]),
        "distance": format_distance(rep["distance_m"], units),
        "pace": _pace(rep["pace_s_per_km"], units),
        "gap": _pace(rep["gap_pace_s_per_km"], units),
        "hr": f"{rep['avg_hr']:.0f}" if rep["avg_hr"] else "",
    }


def _compliance_rows(document: dict[str, Any], units: UnitSystem) -> list[dict[str, str]]:
    compliance = document.get("compliance")
    if not compliance:
        return []
    rows = []
    for row in compliance["rows"]:
        target = row["target_pace_s_per_km"]
        actual = row["actual"]
        rows.append(
            {
                "planned": row["planned"] or "(not planned)",
                "target": "-".join(_pace(t, units) for t in target) if target else "",
                "actual": _pace(actual["pace_s_per_km"], units) if actual else "missed",
                "time": format_clock(actual["moving_s"]) if actual else "",
                "score": f"{row['score']:.0f}" if row["score"] is not None else "",
                "notes": "; ".join(row["notes"]),
            }
        )
    return rows


def _summary(document: dict[str, Any], units: UnitSystem) -> dict[str, str]:
    load = document.get("load") or {}
    compliance = document.get("compliance")
    return {
        "moving": format_clock(document["moving_s"]),
        "reps": str(len(document["reps"])),
        "score": f"{compliance['score']:.0f}" if compliance else "",
        "flags": "; ".join(compliance["flags"]) if compliance else "",
        "trimp": f"{load['trimp']:.0f}" if load.get("trimp") is not None else "",
        "rtss": f"{load['rtss']:.0f}" if load.get("rtss") is not None else "",
        "warnings": "; ".join(document.get("warnings") or []),
    }


def _chart(stored: StoredAnalysis, units: UnitSystem) -> str:
    """What the chart draws, as the page carries it: the series as stored (whole numbers,
    each channel with its scale to SI: the browser divides, the server neither reads nor
    rewrites a run's thousands of values), the reps, and the unit paces are shown in."""
    assert stored.series is not None
    reps = [
        {"rep": r["rep"], "start_s": r["start_s"], "end_s": r["end_s"]}
        for r in stored.document["reps"]
    ]
    return script_text(
        with_stored_series(
            stored.series, {"reps": reps, "unit": units.value, "unit_m": units.metres}
        )
    )
