"""``speedplay import``: recordings into the runner's history, each file once."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer

from speedplay.cli.storage import database
from speedplay.errors import SpeedplayError
from speedplay.formats.activity_files import is_run, read_activities
from speedplay.formats.archive import Found, count, recordings
from speedplay.storage.activities import ImportedFile, add_activity, known_hashes


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
    summary: dict[str, Any] = {"runs": 0, "skipped": 0, "already": 0, "failed": []}
    show = sys.stderr.isatty() and not as_json
    total = count(paths) if show else None
    for found in _with_progress(recordings(paths), total):
        outcome = _imported(found, known)
        if outcome is None:
            summary["already"] += 1
            continue
        add_activity(engine, outcome)
        known.add(outcome.content_hash)
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
    if summary["already"]:
        parts.append(f"{summary['already']} already imported")
    if summary["failed"]:
        parts.append(f"{len(summary['failed'])} files could not be read")
    typer.echo(", ".join(parts))
    for failed in summary["failed"]:
        error = failed["error"]
        typer.echo(f"  {error}" if failed["file"] in error else f"  {failed['file']}: {error}")
