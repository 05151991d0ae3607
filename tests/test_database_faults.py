"""A database that is full or damaged: one line, exit 2, and the file left as it was.

(A locked database and one from a newer speedplay: ``test_import.py`` and ``test_storage.py``.)
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from speedplay.cli.app import main
from speedplay.cli.storage import use_database
from tests.conftest import SAMPLES

RUNS = sorted((SAMPLES / "fit").glob("heartandsole-*.fit")) + sorted(
    (SAMPLES / "tcx").glob("*.tcx")
)

COMMANDS = [
    ["history"],
    ["history", "--json"],
    ["progress"],
    ["today"],
    ["profile"],
    ["profile", "--lthr", "170"],
    ["log", "2026-11-03", "--rpe", "7"],
    ["plan", "--race", "5k=21:00", "--weeks", "4", "--save"],
    ["import", "--jobs", "1", str(SAMPLES / "gpx" / "sweatpy-5039744860.gpx")],
    ["backup", "{tmp}/backup.zip"],
]
"""Commands that read the database, and commands that write to it."""


@pytest.fixture(scope="module")
def used(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database in use: a profile, a plan, runs."""
    path = tmp_path_factory.mktemp("used") / "speedplay.db"
    for argv in (
        ["profile", "--race", "5k=21:30", "--lthr", "168"],
        ["plan", "--weeks", "6", "--start", "2026-11-02", "--save"],
        ["import", "--jobs", "1", *map(str, RUNS)],
    ):
        assert main(["--db", str(path), *argv]) == 0
    use_database(None)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the one file
    return path


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    return lines[0]


def _damaged(used: Path, folder: Path) -> Path:
    """A copy of the database with a run of its pages overwritten (a bad sector, a
    half-copied file): its header still says SQLite."""
    copy = folder / "damaged.db"
    shutil.copy(used, copy)
    data = bytearray(copy.read_bytes())
    page = 4096
    assert len(data) > 12 * page
    data[2 * page : 10 * page] = bytes(range(256)) * (8 * page // 256)
    copy.write_bytes(bytes(data))
    return copy


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_damaged_database_is_one_line_and_left_as_it_was(argv, used, tmp_path, capsys):
    damaged = _damaged(used, tmp_path)
    before = damaged.read_bytes()
    capsys.readouterr()
    words = [word.replace("{tmp}", str(tmp_path)) for word in argv]
    assert main(["--db", str(damaged), *words]) == 2
    line = _one_error_line(capsys)
    assert any(word in line for word in ("damaged", "malformed", "not a database")), line
    assert damaged.read_bytes() == before
    assert not (tmp_path / "backup.zip").exists()


def _limit_size(monkeypatch: pytest.MonkeyPatch, pages: int) -> None:
    """The disk full after ``pages`` pages of the database (SQLite says so as a full disk
    does: SQLITE_FULL)."""
    from speedplay.storage import database

    settings = database._sqlite_settings

    def limited(connection: sqlite3.Connection, record: Any) -> None:
        settings(connection, record)
        connection.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(database, "_sqlite_settings", limited)


def test_a_full_disk_mid_import_is_one_line_and_the_import_finishes_once_there_is_room(
    used, tmp_path, capsys, monkeypatch
):
    """An import that meets a full disk stops with one line; the batches it committed are
    kept whole, the one in hand is rolled back, and the same import run again once there is
    room stores the rest, each run once."""
    path = tmp_path / "speedplay.db"
    shutil.copy(used, path)
    with sqlite3.connect(path) as connection:
        (pages,) = connection.execute("PRAGMA page_count").fetchone()
        (files_before,) = connection.execute("SELECT count(*) FROM activities").fetchone()
    more = sorted((SAMPLES / "fit").glob("*.fit")) + sorted((SAMPLES / "gpx").glob("*.gpx"))
    _limit_size(monkeypatch, pages + 2)
    monkeypatch.setattr("speedplay.services.importing.BATCH_FILES", 2)
    capsys.readouterr()
    assert main(["--db", str(path), "import", "--jobs", "1", *map(str, more)]) == 2
    line = _one_error_line(capsys)
    assert "full" in line, line
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        orphans = connection.execute(
            "SELECT count(*) FROM analyses n LEFT JOIN activities a ON a.id = n.activity_id"
            " WHERE a.id IS NULL"
        ).fetchone()
        assert orphans == (0,)
    monkeypatch.undo()
    assert main(["--db", str(path), "import", "--jobs", "1", *map(str, more)]) == 0
    with sqlite3.connect(path) as connection:
        hashes = [h for (h,) in connection.execute("SELECT content_hash FROM activities")]
    assert len(hashes) == len(set(hashes)) > files_before


def test_a_full_disk_when_logging_is_one_line_and_logging_again_finishes(
    used, tmp_path, capsys, monkeypatch
):
    """Logging stores the entry, then the plan's new version, each whole: a full disk stops
    it with one line, and the same log once there is room ends as if the disk had never
    been full."""
    path, reference = tmp_path / "speedplay.db", tmp_path / "reference.db"
    shutil.copy(used, path)
    shutil.copy(used, reference)
    argv = ["log", "2026-11-03", "--rpe", "10", "--note", "x" * 1500]  # more than a page
    assert main(["--db", str(reference), *argv]) == 0
    with sqlite3.connect(path) as connection:
        (pages,) = connection.execute("PRAGMA page_count").fetchone()
    _limit_size(monkeypatch, pages)
    capsys.readouterr()
    assert main(["--db", str(path), *argv]) == 2
    assert "full" in _one_error_line(capsys)
    monkeypatch.undo()
    assert main(["--db", str(path), *argv]) == 0
    query = "SELECT version, reason, document FROM plan_versions ORDER BY version"
    with sqlite3.connect(path) as mended, sqlite3.connect(reference) as never_full:
        for table_query in (query, "SELECT day, rpe, note, skipped FROM session_logs"):
            assert (
                mended.execute(table_query).fetchall() == never_full.execute(table_query).fetchall()
            )
