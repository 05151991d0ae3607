"""The core (workout, physiology, planning, analysis) imports no adapter, terminal or clock."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import speedplay
from speedplay.cli.app import main
from tests.conftest import SAMPLES

PACKAGE = Path(speedplay.__file__).parent
CORE = ("workout", "physiology", "planning", "analysis", "coach")
CORE_MODULES = ("units.py", "errors.py", "races.py", "profile.py")
ADAPTERS = (
    "speedplay.cli",
    "speedplay.formats",
    "speedplay.storage",
    "speedplay.services",
    "speedplay.web",
)
FORBIDDEN = {"typer", "rich", "click", "sqlalchemy", "fastapi", "fitdecode", "fit_tool", "gpxpy",
             "icalendar", "matplotlib", "datetime.datetime.now", "time", "os", "pathlib", "io",
             "subprocess", "sys", "logging"}  # fmt: skip


def core_files() -> list[Path]:
    files = [PACKAGE / name for name in CORE_MODULES]
    for layer in CORE:
        files += sorted((PACKAGE / layer).rglob("*.py")) if (PACKAGE / layer).exists() else []
    return files


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_modules_depend_on_nothing_outside_the_core():
    offenders = []
    for path in core_files():
        for module in imported_modules(path):
            top = module.split(".")[0]
            if module.startswith(ADAPTERS) or top in FORBIDDEN:
                offenders.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert offenders == []
    assert len(core_files()) > 10, "the walk found the core"


def test_core_never_prints():
    for path in core_files():
        calls = [
            n
            for n in ast.walk(ast.parse(path.read_text()))
            if isinstance(n, ast.Call) and getattr(n.func, "id", "") in {"print", "input", "open"}
        ]
        assert calls == [], f"{path.name} does I/O"


HEAVY = {
    "numpy",
    "matplotlib",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "fitdecode",
    "fit_tool",
    "gpxpy",
    "lxml",
    "icalendar",
    "pydantic",
    "sqlalchemy.orm",
    "rich",
}
"""Libraries that take a noticeable part of a second to load: a command loads the ones it uses
and no others."""


def libraries_loaded_by(*args: str) -> set[str]:
    """The heavy libraries loaded by ``speedplay ARGS``, in a fresh interpreter."""
    script = (
        "import sys\n"
        "from speedplay.cli.app import main\n"
        f"main({list(args)!r})\n"
        "print('LOADED', *sorted({m.split('.')[0] for m in sys.modules}),"
        " *(['sqlalchemy.orm'] if 'sqlalchemy.orm' in sys.modules else []))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = next(line for line in done.stdout.splitlines() if line.startswith("LOADED "))
    return set(loaded.split()) & HEAVY


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["--help"], set()),
        (["workout", "--help"], set()),
        (["workout", "10min easy"], {"rich"}),
        (["workout", "10min easy", "--json"], set()),
        (["paces", "--race", "5k=22:30"], {"rich"}),
        (["plan", "--help"], set()),
        (["analyze", "--help"], set()),
        (
            ["analyze", str(SAMPLES / "fit/heartandsole-4426508309.fit"), "--json"],
            {"numpy", "fitdecode"},
        ),
    ],
)
def test_commands_load_only_what_they_use(args, allowed, tmp_path, monkeypatch):
    monkeypatch.setenv("SPEEDPLAY_DB", str(tmp_path / "none.db"))
    assert libraries_loaded_by(*args) <= allowed


@pytest.mark.parametrize("command", ["history", "progress"])
def test_reading_the_history_loads_no_library(command, tmp_path, monkeypatch):
    """SQLAlchemy, numpy and the file libraries take longer to load than these commands take to
    answer: the history is read straight through the database driver."""
    monkeypatch.setenv("SPEEDPLAY_DB", str(tmp_path / "speedplay.db"))
    assert main(["profile", "--units", "km"]) == 0
    assert libraries_loaded_by(command) == set()


def modules_after_importing(*modules: str) -> set[str]:
    """Every module a fresh interpreter holds once it has imported ``modules``."""
    script = f"import sys, {', '.join(modules)}\nprint('LOADED', *sorted(sys.modules))\n"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return set(done.stdout.split()[1:])


def test_the_import_workers_load_no_database_library():
    """An import's worker processes read and analyse files: they load numpy and the FIT
    reader, never SQLAlchemy or a database driver (a fifth of a second for each worker)."""
    loaded = {name.split(".")[0] for name in modules_after_importing("speedplay.services.reading")}
    assert "numpy" in loaded
    assert not loaded & {"sqlalchemy", "psycopg", "sqlite3", "alembic"}


def test_the_importing_process_loads_no_reading_code():
    """The importing process hands files to workers that have the reading code loaded: it
    loads neither numpy nor the decoder itself (a sixth of a second before the database is
    even opened; it does when it reads a handful of files alone), nor SQLAlchemy's ORM (a
    tenth: it stores runs and reads the plan and the log in plain statements)."""
    loaded = modules_after_importing(
        "speedplay.services.recordings",
        "speedplay.services.importing",
        "speedplay.services.adapting",
        "speedplay.storage.database",
    )
    assert "sqlalchemy" in loaded
    assert not loaded & {
        "numpy",
        "speedplay.formats.fit_decoder",
        "speedplay.analysis.analyze",
        "sqlalchemy.orm",
    }
