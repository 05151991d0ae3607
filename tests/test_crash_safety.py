"""A command killed between any two of its database statements loses nothing it committed
and leaves nothing half-done: run again, it ends where an uninterrupted run ends.

Each case forks this process (everything already imported), and the child runs the command
with a hook that sends itself SIGKILL just before its Nth statement, for every N the command
has: no ``finally``, no rollback by Python, exactly as a power cut or ``kill -9``. The
database is then checked for half-done work, the command is run again, and what is stored
is compared with the database of a run that was never killed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from speedplay.cli.app import main
from speedplay.cli.storage import use_database
from tests.conftest import SAMPLES

RUNS = [
    SAMPLES / "fit" / "goldencheetah-ipbike-intervals-4x6min.fit",
    SAMPLES / "tcx" / "runpandas-sample.tcx",
]


def _plan_start() -> str:
    """A Monday five weeks ago: the plan has sessions past (missed: the coach adapts) and to
    come, whatever day the tests run."""
    today = date.today()
    return (today - timedelta(days=today.weekday() + 35)).isoformat()


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with a profile and a saved plan."""
    path = tmp_path_factory.mktemp("planned") / "base.db"
    for argv in (
        ["profile", "--race", "5k=21:30", "--lthr", "168"],
        ["plan", "--weeks", "8", "--start", _plan_start(), "--save"],
    ):
        assert main(["--db", str(path), *argv]) == 0
    use_database(None)
    return path


def _on_statements(callback: Callable[[], None]) -> Callable[[], None]:
    def before(*_: Any) -> None:
        callback()

    event.listen(Engine, "before_cursor_execute", before)
    return lambda: event.remove(Engine, "before_cursor_execute", before)


def statements_of(argv: list[str]) -> int:
    """How many statements the command sends to the database."""
    count = 0

    def counted() -> None:
        nonlocal count
        count += 1

    stop = _on_statements(counted)
    try:
        assert main(argv) == 0
    finally:
        stop()
        use_database(None)
    return count


def killed_before_statement(number: int, argv: list[str]) -> None:
    """Run the command in a forked child that SIGKILLs itself just before its ``number``th
    statement; wait for it to die."""
    child = os.fork()
    if child == 0:  # pragma: no cover - the child never returns
        seen = 0

        def maybe_die() -> None:
            nonlocal seen
            seen += 1
            if seen == number:
                os.kill(os.getpid(), signal.SIGKILL)

        try:
            use_database(None)
            _on_statements(maybe_die)
            main(argv)
        finally:
            os._exit(0)
    _, status = os.waitpid(child, 0)
    assert os.WIFSIGNALED(status), f"the command ended before statement {number}"
    assert os.WTERMSIG(status) == signal.SIGKILL


def stored(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What the database holds, without the ids a rolled-back batch may hand out again."""
    with sqlite3.connect(path) as connection:
        query = connection.execute
        return {
            "files": sorted(query("SELECT content_hash, status, source, message FROM activities")),
            "analyses": sorted(
                query(
                    "SELECT a.content_hash, n.run_on, n.matched, n.compliance, n.planned_on,"
                    " n.reps, n.document FROM analyses n JOIN activities a"
                    " ON a.id = n.activity_id"
                )
            ),
            "efforts": sorted(query("SELECT run_on, label, metres, seconds FROM best_efforts")),
            "versions": sorted(query("SELECT version, reason, document FROM plan_versions")),
            "sessions": sorted(
                query(
                    "SELECT v.version, s.day, s.family, s.workout, s.why FROM planned_sessions"
                    " s JOIN plan_versions v ON v.id = s.plan_version_id"
                )
            ),
            "logs": sorted(query("SELECT day, rpe, note, skipped FROM session_logs")),
        }


def assert_nothing_half_done(path: Path) -> None:
    """The file is whole; every plan version has all its sessions; every analysis and best
    effort belongs to a stored run."""
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        for version_id, document in connection.execute("SELECT id, document FROM plan_versions"):
            planned = sum(len(week["sessions"]) for week in json.loads(document)["weeks"])
            (count,) = connection.execute(
                "SELECT count(*) FROM planned_sessions WHERE plan_version_id = ?", [version_id]
            ).fetchone()
            assert count == planned, "a plan version without all its sessions"
        orphans = connection.execute(
            "SELECT count(*) FROM analyses n LEFT JOIN activities a ON a.id = n.activity_id"
            " WHERE a.id IS NULL OR a.status != 'run'"
        ).fetchone()
        assert orphans == (0,), "an analysis without its run"


def assert_every_kill_recovers(base: Path, argv: list[str], folder: Path) -> int:
    """Kill ``argv`` before each of its statements in turn; each time, nothing half-done, and
    run again it ends as a run never killed ends. How many statements were tried."""
    reference = folder / "reference.db"
    shutil.copy(base, reference)
    total = statements_of(["--db", str(reference), *argv])
    expected = stored(reference)
    assert total > 3
    for number in range(1, total + 1):
        victim = folder / f"killed-{number}.db"
        shutil.copy(base, victim)
        killed_before_statement(number, ["--db", str(victim), *argv])
        assert_nothing_half_done(victim)
        assert main(["--db", str(victim), *argv]) == 0
        use_database(None)
        assert stored(victim) == expected, f"killed before statement {number} of {total}"
        for leftover in folder.glob(f"killed-{number}.db*"):
            leftover.unlink()
    return total


def test_an_import_killed_between_any_two_statements_recovers(planned, tmp_path):
    """An import stores its runs and then adapts the plan: killed anywhere, run again, the
    runs are there once and the plan adapted once."""
    argv = ["import", "--jobs", "1", *map(str, RUNS)]  # no fork server in a forked child
    assert assert_every_kill_recovers(planned, argv, tmp_path) > 10


def test_a_log_killed_between_any_two_statements_recovers(planned, tmp_path):
    """Logging a session stores it and adapts the plan: killed anywhere, logged again, the
    entry is stored once and the plan's new version is whole."""
    day = date.fromisoformat(_plan_start()) + timedelta(days=1)
    argv = ["log", day.isoformat(), "--rpe", "10", "--note", "legs gone"]
    assert assert_every_kill_recovers(planned, argv, tmp_path) > 5


def test_a_restore_killed_anywhere_leaves_all_or_nothing(planned, tmp_path):
    """A new database is created in one transaction, and a restore fills it in one: killed
    anywhere (at thirty statements spread over its run: it has about two hundred, most of them
    reading the tables' layout), the database holds nothing, at most its empty tables, or
    all of the backup; the restore run again ends as one never killed."""
    backup = tmp_path / "backup.zip"
    assert main(["--db", str(planned), "backup", str(backup)]) == 0
    use_database(None)
    argv = ["restore", str(backup)]
    reference = tmp_path / "reference.db"
    total = statements_of(["--db", str(reference), *argv])
    expected = stored(reference)
    nothing: dict[str, list[tuple[Any, ...]]] = {name: [] for name in expected}
    for number in sorted({1, 2, 3, total - 1, total, *range(1, total, max(1, total // 25))}):
        victim = tmp_path / f"killed-{number}.db"
        killed_before_statement(number, ["--db", str(victim), *argv])
        tables = _tables(victim)
        assert not tables or tables == _tables(reference), f"half a schema at {number}"
        if tables:
            assert_nothing_half_done(victim)
            assert stored(victim) in (nothing, expected), f"half restored at {number}"
        if stored_or_none(victim) != expected:
            assert main(["--db", str(victim), *argv]) == 0
            use_database(None)
        assert stored(victim) == expected, f"killed before statement {number} of {total}"


def stored_or_none(path: Path) -> dict[str, list[tuple[Any, ...]]] | None:
    return stored(path) if _tables(path) else None


def _tables(path: Path) -> set[str]:
    if not path.exists():
        return set()
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}
