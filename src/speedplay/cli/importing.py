"""``speedplay import``: recordings into the runner's history, each file once."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from speedplay.cli.render import print_changes
from speedplay.cli.storage import database
from speedplay.cli.terminal import counted
from speedplay.errors import InvalidValueError

if TYPE_CHECKING:
    from speedplay.formats.archive import Found
    from speedplay.services.importing import Stored
    from speedplay.services.recordings import Recording


def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files, folders, .gz files or Garmin/Strava export zips."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, max=64, help="Worker processes (default: one per core)."
        ),
    ] = None,
) -> None:
    """Import recordings into your history: runs are stored, analysed and scored against the
    planned session of their day (a day either way), other sports recorded and skipped,
    unreadable files listed. Importing the same file again adds nothing. Files are read and
    analysed by worker processes, one per core; each is stored as soon as it is read."""
    from speedplay.services.workers import start_early

    jobs = jobs or os.cpu_count() or 1
    start_early(jobs)  # the workers' code loads on the idle core while the database opens
    from speedplay.formats.archive import count, recordings
    from speedplay.services.adapting import readapt
    from speedplay.services.importing import Batches
    from speedplay.services.recordings import Coaching, digest_of, read_recordings
    from speedplay.storage.activities import known_hashes
    from speedplay.storage.plans import current_plan
    from speedplay.storage.profiles import load_profile
    from speedplay.storage.reading import reader_of

    engine = database()
    known = known_hashes(engine)
    with reader_of(engine) as reader:
        coaching = Coaching(load_profile(reader), current_plan(engine))
    summary: dict[str, Any] = {
        "runs": 0,
        "skipped": 0,
        "already": 0,
        "scored": [],
        "plan_changes": [],
        "duplicates": [],
        "failed": [],
    }
    show = sys.stderr.isatty() and not as_json

    def fresh(advance: Callable[[], None]) -> Iterator[tuple[Found, str]]:
        """The files not imported before (nor earlier in this batch), with their digests."""
        for found in recordings(paths):
            digest = digest_of(found)
            if digest in known:
                summary["already"] += 1
                advance()
                continue
            known.add(digest)
            yield found, digest

    with _progress(count(paths) if show else None) as advance, Batches(engine) as batches:
        for recording in read_recordings(fresh(advance), coaching, jobs):
            _count(summary, recording, batches.store(recording))
            advance()
    # even when nothing new came: an import killed after storing its runs, before adapting
    # the plan to them, finishes the job when run again
    changed = readapt(engine, date.today())
    summary["plan_changes"] = list(changed.reasons) if changed else []
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
    else:
        _print(summary)
    _refuse_when_nothing_came(summary, paths)


def _refuse_when_nothing_came(summary: dict[str, Any], paths: list[Path]) -> None:
    """Exit 2 (one line) when not one file could be read: every path was missing, unreadable
    or not a recording. When some were read, the others are listed and the import succeeds."""
    read = summary["runs"] + summary["skipped"] + summary["already"] + len(summary["duplicates"])
    if read:
        return
    failed = summary["failed"]
    if not failed:
        raise InvalidValueError(f"no FIT, TCX or GPX recordings in {', '.join(map(str, paths))}")
    first = failed[0]
    more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
    raise InvalidValueError(f"nothing imported: {first['file']}: {first['error']}{more}")


def _count(summary: dict[str, Any], recording: Recording, outcome: Stored) -> None:
    stored = recording.stored
    if outcome.duplicate is not None:
        summary["duplicates"].append({"kept": outcome.kept, "duplicate": outcome.duplicate})
    if outcome.status == "duplicate":
        return
    if outcome.status == "failed":
        summary["failed"].append({"file": stored.source, "error": stored.message})
        return
    summary["runs" if outcome.status == "run" else "skipped"] += 1
    scored, session = recording.scored, recording.session
    if outcome.matched and scored is not None and session is not None:
        summary["scored"].append(
            {
                "file": stored.source,
                "date": scored.run_on.isoformat(),
                "planned": session.day.isoformat(),
                "family": session.family,
                "compliance": scored.compliance,
                "reps": scored.reps,
            }
        )


@contextmanager
def _progress(total: int | None) -> Iterator[Callable[[], None]]:
    """A step of a Rich progress bar (files, files/s, time left) per file when ``total`` is
    known (on a terminal); a step that does nothing otherwise."""
    if total is None:
        yield lambda: None
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

        def advance() -> None:
            progress.advance(task)
            speed = progress.tasks[0].speed
            progress.update(task, rate=f"{speed:.0f}" if speed else "-")

        yield advance


def _print(summary: dict[str, Any]) -> None:
    parts = [f"{counted(summary['runs'], 'run')} imported"]
    if summary["skipped"]:
        parts.append(f"{summary['skipped']} skipped (another sport, or too short to be a run)")
    if summary["duplicates"]:
        parts.append(
            f"{len(summary['duplicates'])} the same run as another file (the richer is kept)"
        )
    if summary["already"]:
        parts.append(f"{summary['already']} already imported")
    if summary["scored"]:
        parts.append(f"{len(summary['scored'])} scored against your plan")
    if summary["failed"]:
        parts.append(f"{counted(len(summary['failed']), 'file')} could not be read")
    typer.echo(", ".join(parts))
    for scored in summary["scored"]:
        score = (
            "" if scored["compliance"] is None else f": compliance {scored['compliance']:.0f}/100"
        )
        moved = "" if scored["date"] == scored["planned"] else f" (run on {scored['date']})"
        typer.echo(f"  {scored['planned']} {scored['family']}{moved}{score}")
    print_changes(summary["plan_changes"])
    for failed in summary["failed"]:
        error = failed["error"]
        typer.echo(f"  {error}" if failed["file"] in error else f"  {failed['file']}: {error}")
