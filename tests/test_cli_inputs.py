"""Every command, every option, given what a runner should never give: one line saying what is
wrong and where, exit code 2; never a traceback, a hang or a Python warning.

The table is generated from the command line itself (each command's options and arguments,
as ``speedplay <command> --help`` lists them), so a new option is tried without anyone adding
it here. Each bad value is tried on top of an invocation that is valid without it, so that the
bad value is the one thing wrong.
"""

from __future__ import annotations

import os
import shutil
import stat
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from speedplay.cli.app import COMMANDS, application, main
from tests.conftest import SAMPLES
from tests.fuzzing import time_limit

RUN = SAMPLES / "fit" / "heartandsole-4426508309.fit"
"""A real 48-minute run (shared/samples/README.md)."""

TIME_LIMIT_S = 10
"""A command that takes longer than this on one bad value is taken to hang."""

LONG = "7" * 100_000
"""A 100 KB value."""

BAD_NUMBERS = ["", "abc", "-5", "1e400", "nan", "inf", "99999999999999999999999", LONG]
BAD_TEXT = ["", "\x00", "\x1b[2J", "5k\n22:30", LONG]
BAD_CHOICES = ["", "nonsense", "\x00"]

VALID = {
    "profile": [],
    "workout": ["10min easy"],
    "families": [],
    "paces": ["--race", "5k=22:30"],
    "plan": ["--race", "5k=22:30", "--weeks", "8"],
    "today": [],
    "next": [],
    "import": [str(RUN)],
    "log": ["2026-12-01", "--rpe", "7"],
    "history": [],
    "progress": [],
    "export": ["10min easy", "--to", "fit", "--output", "{tmp}/out.fit"],
    "timer": ["10min easy", "--dry-run"],
    "analyze": [str(RUN)],
    "threshold": [str(RUN)],
    "serve": [],
    "backup": ["{tmp}/backup.zip"],
    "restore": ["{tmp}/backup.zip"],
    "export-all": ["{tmp}/mine.zip"],
}
"""An invocation of each command that works on its own (the database holds a saved plan)."""

ANY_VALUE = {("workout", "--seed"), ("timer", "--seed"), ("log", "--note")}
"""Options every number or text is a right value of (a seed; a note, which only has to be
short and printable)."""

FREE_TEXT = {("log", "--note")}


def _parameters() -> Iterator[tuple[str, str, str]]:
    """(command, option or argument, kind) for every parameter of every command."""
    for name in COMMANDS:
        command = typer.main.get_command(application([name])).commands[name]  # type: ignore[attr-defined]
        for parameter in command.params:
            kind = type(parameter.type).__name__
            if kind == "BoolParamType":
                continue  # a flag takes no value
            label = parameter.opts[0] if parameter.param_type_name == "option" else "ARG"
            yield name, label, kind


def _bad_values(command: str, option: str, kind: str, tmp: Path) -> Iterator[str]:
    if kind in ("FloatParamType", "IntParamType", "IntRange"):
        if (command, option) not in ANY_VALUE:
            yield from BAD_NUMBERS
        else:
            yield from ("abc", "", LONG[:40] + "x")
    elif kind == "TyperChoice":
        yield from BAD_CHOICES
    elif kind == "TyperPath":
        yield from (str(path) for path in _bad_paths(tmp, command, option))
    elif (command, option) in FREE_TEXT:
        yield from ("\x00", "\x1b[2J", LONG)
    else:
        yield from BAD_TEXT


def _bad_paths(tmp: Path, command: str, option: str) -> Iterator[Path]:
    output = option in ("--output", "--markdown", "--ics", "--plot") or (command, option) in {
        ("backup", "ARG"),
        ("export-all", "ARG"),
    }
    yield tmp / "no" / "such" / "folder" / "file.fit"
    yield tmp  # a folder
    if not output:
        yield Path("/dev/zero")  # a device: endless
        fifo = tmp / "pipe.fit"
        os.mkfifo(fifo)
        yield fifo  # a FIFO: reading it waits forever for a writer
        garbage = tmp / "garbage.fit"
        garbage.write_bytes(b"\x0e\x10garbage" * 50)
        yield garbage
        empty = tmp / "empty.json"
        empty.write_bytes(b"")
        yield empty
    elif os.geteuid() != 0:  # root writes in any folder: nothing to refuse then
        locked = tmp / "locked"
        locked.mkdir()
        locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
        yield locked / "file.out"  # a folder one cannot write in


@pytest.fixture(scope="module")
def planned_database(tmp_path_factory) -> Path:
    """A database with a saved plan, made once and copied for each case."""
    folder = tmp_path_factory.mktemp("planned")
    path = folder / "speedplay.db"
    old = os.environ.get("SPEEDPLAY_DB")
    os.environ["SPEEDPLAY_DB"] = str(path)
    try:
        assert main(["plan", "--race", "5k=22:30", "--weeks", "8", "--save"]) == 0
    finally:
        if old is None:
            del os.environ["SPEEDPLAY_DB"]
        else:
            os.environ["SPEEDPLAY_DB"] = old
    return path


def _argv(command: str, option: str, value: str, tmp: Path) -> list[str]:
    base = [word.replace("{tmp}", str(tmp)) for word in VALID[command]]
    if option == "ARG":  # the command's argument: the first word of its valid invocation
        return [command, value, *base[1:]]
    return [command, *base, option, value]


@pytest.mark.parametrize(("command", "option", "kind"), list(_parameters()))
def test_every_bad_value_of_every_option_is_one_line_and_exit_2(
    command, option, kind, tmp_path, planned_database, monkeypatch, capsys
):
    shutil.copy(planned_database, tmp_path / "speedplay.db")
    monkeypatch.setenv("SPEEDPLAY_DB", str(tmp_path / "speedplay.db"))
    monkeypatch.setattr("uvicorn.run", _no_server)
    failures = []
    for value in _bad_values(command, option, kind, tmp_path):
        argv = _argv(command, option, value, tmp_path)
        shown = f"speedplay {' '.join(a if len(a) < 40 else a[:20] + '...' for a in argv)!r}"
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                with time_limit(TIME_LIMIT_S):
                    code = main(argv)
            except BaseException as error:
                failures.append(f"{shown}: raised {type(error).__name__}: {error}"[:300])
                continue
        err = capsys.readouterr().err
        lines = err.strip().splitlines()
        if code != 2:
            failures.append(f"{shown}: exit {code}, stderr {err[:200]!r}")
        elif len(lines) != 1 or not lines[0].startswith("error: "):
            failures.append(f"{shown}: not one error line: {err[:300]!r}")
        elif len(lines[0]) > 600:
            failures.append(f"{shown}: an error line of {len(lines[0])} characters")
    assert not failures, "\n".join(failures)


def _no_server(*args, **kwargs):
    raise AssertionError("the server was started despite a bad value")


REPORTED = [
    (["export", "10min easy", "--to", "fit", "-o", "/no/such/dir/x.fit"], "no such folder"),
    (["export", "10min easy", "--to", "fit", "-o", "{tmp}"], "is a folder"),
    (["analyze", "{tmp}/pipe.fit"], "not a regular file"),
    (["workout", "--from", "/dev/zero"], "not a regular file"),
    (["workout", "10000h easy"], "at most 6 hours"),
    (["plan", "--weekly-km", "-5"], "--weekly-km"),
]
"""What a new user met before this table existed: a traceback, a hang, a session of 600,000
minutes, an answer about another option."""


@pytest.mark.parametrize(("argv", "said"), REPORTED)
def test_what_a_new_user_met_is_one_line_naming_what_is_wrong(argv, said, tmp_path, capsys):
    os.mkfifo(tmp_path / "pipe.fit")
    argv = [word.replace("{tmp}", str(tmp_path)) for word in argv]
    with time_limit(TIME_LIMIT_S):
        assert main(argv) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert error.startswith("error: ")
    assert said in error
