"""``speedplay import``: recordings into the runner's history, each file once."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from sqlalchemy import Engine

from speedplay.cli.storage import database
from speedplay.errors import SpeedplayError
from speedplay.formats.activity_files import is_run, read_activities
from speedplay.formats.archive import Found, count, recordings
from speedplay.storage.activities import (
    ImportedFile,
    add_activity,
    known_hashes,
    mark_duplicate,
    same_run,
)


def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files, folders, .gz files or Garmin/Strava export zips."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import recordings into your history: runs are stored, other sports recorded and
    skipped, unreadable files listed. Importing the same file again adds nothing."""
    engine = database()
    known = known_hashes(engine)
    summary: dict[str, Any] = {
        "runs": 0,
        "skipped": 0,
        "already": 0,
        "duplicates": [],
        "failed": [],
    }
    show = sys.stderr.isatty() and not as_json
    total = count(paths) if show else None
    for found in _with_progress(recordings(paths), total):
        outcome = _imported(found, known)
        if outcome is None:
            summary["already"] += 1
            continue
        if outcome.status == "run":
            outcome = _against_other_copies(engine, outcome, summary)
        add_activity(engine, outcome)
        known.add(outcome.content_hash)
        if outcome.status == "duplicate":
            continue  # counted in "duplicates"
        if outcome.status == "failed":
            summary["failed"].append({"file": outcome.source, "error": outcome.message})
        else:
            summary["runs" if outcome.status == "run" else "skipped"] += 1
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    _print(summary)


def _imported(found: Found, known: set[str]) -> ImportedFile | None:
    """What to store of one file, or None when it is stored already."""
    if found.data is None:
        digest = hashlib.sha256(f"unreadable:{found.source}".encode()).hexdigest()
        if digest in known:
            return None
        return ImportedFile(digest, found.source, "failed", found.problem)
    digest = hashlib.sha256(found.data).hexdigest()
    if digest in known:
        return None
    try:
        activities = read_activities(found.data, found.source)
    except SpeedplayError as error:
        return ImportedFile(digest, found.source, "failed", " ".join(str(error).split()))
    runs = [a for a in activities if is_run(a) and len(a.elapsed_s) >= 2]
    main = runs[0] if runs else activities[0]
    distance = main.distance_m[np.isfinite(main.distance_m)]
    return ImportedFile(
        content_hash=digest,
        source=found.source,
        status="run" if runs else "skipped",
        message="; ".join(main.warnings) or None,
        start_time=main.start_time,
        sport=main.sport,
        device=main.device,
        elapsed_s=main.duration_s,
        distance_m=float(distance[-1]) if len(distance) else None,
    )


FORMAT_RICHNESS = {".fit": 2, ".tcx": 1, ".gpx": 0}
"""Of two copies of one run, the richer file is kept as the run: FIT carries the most (laps,
timer events, device), then TCX (laps), then GPX."""


def _richness(source: str) -> int:
    return FORMAT_RICHNESS.get(Path(source.lower().removesuffix(".gz")).suffix, 0)


def _against_other_copies(
    engine: Engine, outcome: ImportedFile, summary: dict[str, Any]
) -> ImportedFile:
    """A run already stored from another service: the richer file stays the run, the other
    is stored as its duplicate, and the summary says so."""
    if outcome.start_time is None or outcome.elapsed_s is None:
        return outcome
    copy = same_run(engine, outcome.start_time, outcome.elapsed_s)
    if copy is None:
        return outcome
    row_id, stored_source = copy
    if _richness(outcome.source) > _richness(stored_source):
        mark_duplicate(engine, row_id, outcome.source)
        summary["duplicates"].append({"kept": outcome.source, "duplicate": stored_source})
        return outcome
    summary["duplicates"].append({"kept": stored_source, "duplicate": outcome.source})
    return replace(outcome, status="duplicate", message=f"the same run as {stored_source}")


def _with_progress(items: Iterable[Found], total: int | None) -> Iterable[Found]:
    """The items, with a Rich progress bar (files, files/s, time left) when ``total`` is
    known (on a terminal)."""
    if total is None:
        yield from items
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} files/s"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("files", total=total, rate="-")
        for item in items:
            yield item
            progress.advance(task)
            speed = progress.tasks[0].speed
            progress.update(task, rate=f"{speed:.0f}" if speed else "-")


def _print(summary: dict[str, Any]) -> None:
    parts = [f"{summary['runs']} runs imported"]
    if summary["skipped"]:
        parts.append(f"{summary['skipped']} other activities recorded and skipped")
    if summary["duplicates"]:
        parts.append(
            f"{len(summary['duplicates'])} the same run as another file (the richer is kept)"
        )
    if summary["already"]:
        parts.append(f"{summary['already']} already imported")
    if summary["failed"]:
        parts.append(f"{len(summary['failed'])} files could not be read")
    typer.echo(", ".join(parts))
    for failed in summary["failed"]:
        error = failed["error"]
        typer.echo(f"  {error}" if failed["file"] in error else f"  {failed['file']}: {error}")
