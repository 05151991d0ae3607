"""``speedplay backup`` and ``restore``: the whole database in one file, and back;
``speedplay export-all``: one runner's data as files anyone can open."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from speedplay.cli.storage import current_url, database
from speedplay.errors import InvalidValueError


def backup(
    file: Annotated[Path, typer.Argument(help="The backup file to write (a .zip).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Write everything the database holds (runners, profiles, plans and their versions, runs
    and their analyses, logs, web accounts) to one file, read in one consistent moment. It
    restores into SQLite or PostgreSQL alike."""
    from speedplay.formats.backup_file import write_backup
    from speedplay.formats.output_files import check_output
    from speedplay.storage.backup import dump

    check_output(file)
    document = dump(database())
    write_backup(file, document)
    counts = {name: len(table["rows"]) for name, table in document["tables"].items()}
    _summary(f"backed up to {file}", counts, as_json)


def restore(
    file: Annotated[Path, typer.Argument(help="A backup file written by speedplay backup.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Restore a backup into a new, empty database (name it with --db): a database that holds
    anything is refused, never overwritten. A backup of an older speedplay is brought up to
    date as it is restored."""
    from speedplay.formats.backup_file import read_backup
    from speedplay.storage.backup import check
    from speedplay.storage.backup import restore as restore_into

    document = check(read_backup(file))
    counts = restore_into(current_url(), document)
    _summary(f"restored from {file}", counts, as_json)


def _summary(what: str, counts: dict[str, int], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"done": what, "rows": counts}, indent=2))
        return
    shown = ("runners", "plan_versions", "activities", "analyses", "session_logs", "accounts")
    listed = ", ".join(f"{counts.get(name, 0)} {name.replace('_', ' ')}" for name in shown)
    typer.echo(f"{what}: {sum(counts.values())} rows ({listed})")


def export_all(
    file: Annotated[Path, typer.Argument(help="The zip file to write.")],
) -> None:
    """Everything the coach knows about you, as files anyone can open (JSON and CSV, in one
    zip): profile, runs and their analyses, best efforts, log, every version of every plan
    with its reason. To move the whole database, use backup."""
    from datetime import datetime

    from speedplay.cli.storage import reader
    from speedplay.formats.output_files import check_output, write_zip
    from speedplay.services.owned_data import runner_files

    check_output(file, (".zip",))
    found = reader()
    if found is None:
        raise InvalidValueError("nothing to export: the database holds nothing yet")
    files = runner_files(found, datetime.now().astimezone().isoformat(timespec="seconds"))
    write_zip(file, files)
    runs = sum(1 for name in files if name.startswith("runs/"))
    typer.echo(f"exported to {file}: {len(files)} files ({runs} runs)")
