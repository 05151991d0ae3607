"""``speedplay backup`` and ``speedplay restore``: the whole database in one file, and back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from speedplay.cli.storage import current_url, database


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
