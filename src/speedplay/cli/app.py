"""The ``speedplay`` application: commands, and the one place errors become exit code 2."""

from __future__ import annotations

import sys

import typer

from speedplay.cli import paces, workout
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
app.command()(workout.workout)
app.command()(workout.families)
app.command()(paces.paces)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; bad input prints ``error: ...`` and returns 2, never a traceback."""
    try:
        app(args=argv, prog_name="speedplay")
    except SpeedplayError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except SystemExit as done:  # typer ends every run this way; usage errors exit with 2
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0
