"""The core (workout, physiology, planning, analysis) imports no adapter, terminal or clock."""

from __future__ import annotations

import ast
from pathlib import Path

import speedplay

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
