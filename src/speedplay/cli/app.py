"""The ``speedplay`` application: commands, and the one place errors become exit code 2."""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer

from speedplay.cli.storage import use_database
from speedplay.errors import SpeedplayError

EXIT_BAD_INPUT = 2
"""Bad input of any kind: one line on standard error, exit code 2 (as for a usage error)."""

COMMANDS = {
    "profile": ("profile:profile", "Set and show the runner the coach remembers."),
    "workout": ("workout:workout", "A workout step by step, from text or a family."),
    "families": ("workout:families", "The five session families."),
    "paces": ("paces:paces", "VDOT, race equivalents, paces and zones."),
    "plan": ("plan:plan", "A progressive speed plan, week by week."),
    "today": ("coach:today", "Today's session of your saved plan."),
    "next": ("coach:next_session", "The next session of your saved plan."),
    "import": ("importing:import_", "Recordings into your history, scored."),
    "log": ("log:log", "How a session felt, or why it was skipped."),
    "history": ("history:history", "Your runs, newest first."),
    "progress": ("history:progress_", "Fitness, fatigue, form and best efforts."),
    "export": ("export:export", "A workout or a plan as FIT, TCX, ZWO, ICS..."),
    "timer": ("timer:timer", "A workout as a full-screen interval timer."),
    "analyze": ("analyze:analyze", "The reps of a recorded run, against the plan."),
    "threshold": ("analyze:threshold", "LTHR and threshold pace from a time trial."),
    "serve": ("serve:serve", "The web app, in your browser."),
    "backup": ("backup:backup", "Everything the database holds, in one file."),
    "restore": ("backup:restore", "A backup into a new database."),
    "export-all": ("backup:export_all", "Your data as files anyone can open."),
}
"""Every command, in the order ``--help`` lists them: where it lives (``speedplay.cli.``
module, function) and its line in the list. A command's module is imported only when that
command runs, so a command loads what it uses and no more (``history`` never loads the FIT
libraries or numpy), and the list itself loads none."""

GLOBAL_OPTIONS_WITH_VALUE = ("--db",)


def application(argv: list[str] | None = None) -> typer.Typer:
    """The command line, with the command ``argv`` names (all of them when it names none, as
    for ``--help``, or names one that does not exist, so the error can list them)."""
    wanted = _command_name(sys.argv[1:] if argv is None else argv)
    app = typer.Typer(
        name="speedplay",
        help="speedplay: a speed-workout coach for runners.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        rich_markup_mode=None,  # plain help: Rich's help panels take 0.06 s to load
    )
    app.callback()(options)
    if wanted not in COMMANDS:  # the list, or an error that lists the commands
        for name, (_, summary) in COMMANDS.items():
            app.command(name, short_help=summary, help=summary)(_listed)
        return app
    where, summary = COMMANDS[wanted]
    module, function = where.split(":")
    command = getattr(importlib.import_module(f"speedplay.cli.{module}"), function)
    app.command(wanted, short_help=summary)(command)
    return app


def _listed() -> None:
    """A command as the list shows it; never run (a named command is loaded to run)."""


def _command_name(argv: list[str]) -> str | None:
    """The first word of ``argv`` that is neither an option nor a global option's value."""
    words = iter(argv)
    for word in words:
        if word in GLOBAL_OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


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


def main(argv: list[str] | None = None) -> int:
    """Run the command line; bad input prints one ``error: ...`` line and returns 2. The
    database, if a command opened one, is closed before returning."""
    try:
        return _run(argv)
    finally:
        use_database(None)


def _run(argv: list[str] | None) -> int:
    try:
        result = application(argv)(args=argv, prog_name="speedplay", standalone_mode=False)
    except SpeedplayError as error:
        return _fail(str(error))
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        return _fail("aborted", code=1)
    except typer.TyperException as error:  # usage errors: unknown option, bad choice, ...
        if type(error).__name__ == "NoArgsIsHelpError":  # bare `speedplay`: its help
            print(_usage_message(error))
            return 0
        message = _usage_message(error)
        return _fail(message) if message.strip() else 0
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
    print(f"error: {one_line(message)}", file=sys.stderr)
    return code


LONGEST_WORD = 240
"""A word of an error longer than this (a pasted value of 100 KB, not a file's path) is shown
by its ends."""


def one_line(message: str) -> str:
    """``message`` as one short line a terminal shows as it is: runs of white space become
    one space, other control characters (an escape sequence in a bad value) are shown
    escaped, and an overlong word (a bad value repeated back) by its first and last
    characters."""
    words = []
    for word in message.split():
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in word)
        if len(shown) > LONGEST_WORD:
            shown = f"{shown[:100]}...{shown[-40:]} ({len(word):,} characters)"
        words.append(shown)
    return " ".join(words)


def _usage_message(error: typer.TyperException) -> str:
    format_message = getattr(error, "format_message", None)
    message = format_message() if callable(format_message) else str(error)
    return str(message).replace("Value error, ", "")
