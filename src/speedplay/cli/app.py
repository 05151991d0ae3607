"""The ``speedplay`` application: commands, and the one place errors become exit code 2."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from speedplay.cli import (
    analyze,
    coach,
    export,
    history,
    importing,
    log,
    paces,
    plan,
    profile,
    timer,
    workout,
)
from speedplay.cli.storage import use_database
from speedplay.errors import SpeedplayError

EXIT_BAD_INPUT = 2
"""Bad input of any kind: one line on standard error, exit code 2 (as for a usage error)."""

app = typer.Typer(
    name="speedplay",
    help="speedplay: a speed-workout coach for runners.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def options(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="The database: a file or a URL (postgresql+psycopg://...); "
            "else SPEEDPLAY_DB, else speedplay.db in your data folder.",
        ),
    ] = None,
) -> None:
    """speedplay: a speed-workout coach for runners."""
    use_database(db)


app.command()(profile.profile)
app.command()(workout.workout)
app.command()(workout.families)
app.command()(paces.paces)
app.command()(plan.plan)
app.command()(coach.today)
app.command("next")(coach.next_session)
app.command("import")(importing.import_)
app.command()(log.log)
app.command()(history.history)
app.command("progress")(history.progress_)
app.command()(export.export)
app.command()(timer.timer)
app.command()(analyze.analyze)
app.command()(analyze.threshold)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; bad input prints one ``error: ...`` line and returns 2. The
    database, if a command opened one, is closed before returning."""
    try:
        return _run(argv)
    finally:
        use_database(None)


def _run(argv: list[str] | None) -> int:
    try:
        result = app(args=argv, prog_name="speedplay", standalone_mode=False)
    except SpeedplayError as error:
        return _fail(str(error))
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        return _fail("aborted", code=1)
    except typer.TyperException as error:  # usage errors: unknown option, bad choice, ...
        message = _usage_message(error)
        return _fail(message) if message.strip() else 0  # bare `speedplay` shows its help
    except Exception as error:
        failure = _database_failure(error)
        if failure is None:
            raise
        return _fail(failure)
    return result if isinstance(result, int) else 0


def _database_failure(error: Exception) -> str | None:
    """A database failure mid-command (locked, disk full, server gone) as one line; its
    transaction was rolled back, so nothing is half-stored."""
    if "sqlalchemy" not in sys.modules:
        return None
    from speedplay.storage.database import storage_error_from

    failure = storage_error_from(error)
    return None if failure is None else str(failure)


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> int:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    return code


def _usage_message(error: typer.TyperException) -> str:
    format_message = getattr(error, "format_message", None)
    message = format_message() if callable(format_message) else str(error)
    return str(message).replace("Value error, ", "")
