"""``speedplay backup`` and ``restore``: everything the database holds, out and back exactly,
between SQLite and PostgreSQL alike; a damaged backup or a database that holds data is one
line and changes nothing."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, create_engine, insert, select, text

from speedplay.cli.app import main
from speedplay.storage import tables
from speedplay.storage.backup import dump
from speedplay.storage.database import build_at, open_database
from speedplay.storage.reading import SCHEMA_HEAD
from tests.conftest import SAMPLES, new_database

RUNS = [
    SAMPLES / "fit" / "heartandsole-4426508309.fit",
    SAMPLES / "tcx" / "heartandsole-4426508309.tcx",  # the same run: stored as a duplicate
    SAMPLES / "tcx" / "runpandas-sample.tcx",
    SAMPLES / "gpx" / "sweatpy-5039744860.gpx",
]


def filled(url: str) -> None:
    """A database as a year of use leaves it: a profile and races, a saved plan adapted by a
    logged session, imported runs (FIT, TCX, GPX) with their analyses and best efforts, and
    the web app's accounts, sessions and a coach's link."""
    from speedplay.storage.accounts import create_account, start_session
    from speedplay.storage.coaching import accept, invite

    runs = [str(path) for path in RUNS]
    for argv in (
        ["profile", "--race", "5k=21:30", "--lthr", "168", "--units", "km"],
        ["plan", "--weeks", "4", "--start", "2026-11-02", "--save"],
        ["import", *runs],
        ["log", "2026-11-03", "--rpe", "8", "--note", "windy, 5 x 1000 m — tough 💨"],
    ):
        assert main(["--db", url, *argv]) == 0, argv
    engine = open_database(url)
    try:
        coach = create_account(engine, "coach@example.org", "$argon2id$v=19$coach")
        runner = create_account(engine, "runner@example.org", "$argon2id$v=19$runner")
        start_session(engine, runner.id, "t" * 64, datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
        invite(engine, coach.id, "i" * 64)
        accept(engine, "i" * 64, runner.id)
    finally:
        engine.dispose()


def backed_up(url: str, path: Path) -> dict[str, Any]:
    assert main(["--db", url, "backup", str(path)]) == 0
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("speedplay-backup.json"))


def stored_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as the driver hands it back."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            return {
                table.name: sorted(map(tuple, connection.execute(select(table))), key=repr)
                for table in metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_a_backup_restores_exactly_row_for_row(tmp_path, capsys):
    source, target = (f"sqlite:///{tmp_path / name}" for name in ("a.db", "b.db"))
    filled(source)
    document = backed_up(source, tmp_path / "backup.zip")
    assert document["tables"]["analyses"]["rows"], "the runs were analysed and stored"
    assert main(["--db", target, "restore", str(tmp_path / "backup.zip")]) == 0
    assert stored_rows(target) == stored_rows(source)
    assert backed_up(target, tmp_path / "again.zip") == document
    capsys.readouterr()
    for argv in (["history", "--json"], ["progress", "--json"], ["today", "--json"]):
        main(["--db", source, *argv])
        before = capsys.readouterr().out
        main(["--db", target, *argv])
        assert capsys.readouterr().out == before, argv


@pytest.mark.parametrize(
    ("source_kind", "target_kind"),
    [("sqlite", "postgresql"), ("postgresql", "sqlite"), ("postgresql", "postgresql")],
)
def test_a_backup_moves_between_sqlite_and_postgresql(source_kind, target_kind, tmp_path):
    with (
        new_database(source_kind, tmp_path / "a.db") as source,
        new_database(target_kind, tmp_path / "b.db") as target,
    ):
        filled(source)
        document = backed_up(source, tmp_path / "backup.zip")
        assert main(["--db", target, "restore", str(tmp_path / "backup.zip")]) == 0
        assert backed_up(target, tmp_path / "again.zip") == document
        # the restored database goes on: new rows get new ids (PostgreSQL's sequences moved on)
        more = SAMPLES / "fit" / "goldencheetah-multisport-large.fit"
        assert main(["--db", target, "import", str(more)]) == 0
        assert main(["--db", target, "log", "2026-11-10", "--rpe", "6"]) == 0
        grown = backed_up(target, tmp_path / "grown.zip")["tables"]
        assert len(grown["activities"]["rows"]) == len(document["tables"]["activities"]["rows"]) + 1


def test_restore_never_writes_over_a_database_that_holds_data(tmp_path, capsys):
    source, target = (f"sqlite:///{tmp_path / name}" for name in ("a.db", "b.db"))
    filled(source)
    backed_up(source, tmp_path / "backup.zip")
    assert main(["--db", target, "profile", "--race", "10k=45:00"]) == 0
    before = stored_rows(target)
    capsys.readouterr()
    assert main(["--db", target, "restore", str(tmp_path / "backup.zip")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "already holds data" in error
    assert stored_rows(target) == before


def test_a_database_with_its_tables_but_no_rows_takes_a_restore(tmp_path):
    source, target = (f"sqlite:///{tmp_path / name}" for name in ("a.db", "b.db"))
    filled(source)
    backed_up(source, tmp_path / "backup.zip")
    open_database(target).dispose()  # created and migrated, nothing stored
    assert main(["--db", target, "restore", str(tmp_path / "backup.zip")]) == 0
    assert stored_rows(target) == stored_rows(source)


def zipped(document: object) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        text_ = document if isinstance(document, str) else json.dumps(document)
        archive.writestr("speedplay-backup.json", text_)
    return buffer.getvalue()


def good_document(tmp_path: Path) -> dict[str, Any]:
    source = f"sqlite:///{tmp_path / 'good.db'}"
    assert main(["--db", source, "profile", "--race", "5k=20:00"]) == 0
    return backed_up(source, tmp_path / "good.zip")


def damaged(document: dict[str, Any], how: str) -> bytes:
    tables = document["tables"]
    if how == "not a zip":
        return b"PK\x03\x04 this is not an archive"
    if how == "no document":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("notes.txt", "hello")
        return buffer.getvalue()
    if how == "bad json":
        return zipped('{"format": "speedplay-backup", "tables": {')
    if how == "another format":
        return zipped({**document, "format": "garmin-export"})
    if how == "newer schema":
        return zipped({**document, "schema": "9999"})
    if how == "cut row":
        rows = tables["runners"]["rows"]
        return zipped({**document, "tables": {**tables, "runners": {
            "columns": tables["runners"]["columns"], "rows": [rows[0][:2]]}}})  # fmt: skip
    if how == "unknown table":
        return zipped({**document, "tables": {**tables, "secrets": {"columns": [], "rows": []}}})
    if how == "bad date":
        races = tables["races"]
        row = list(races["rows"][0])
        row[races["columns"].index("run_on")] = "the day before yesterday"
        return zipped({**document, "tables": {**tables, "races": {**races, "rows": [row]}}})
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    ["not a zip", "no document", "bad json", "another format", "newer schema", "cut row",
     "unknown table", "bad date"],
)  # fmt: skip
def test_a_damaged_backup_is_one_line_and_restores_nothing(how, tmp_path, capsys):
    document = good_document(tmp_path)
    path = tmp_path / "damaged.zip"
    path.write_bytes(damaged(document, how))
    target = f"sqlite:///{tmp_path / 'target.db'}"
    capsys.readouterr()
    assert main(["--db", target, "restore", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1, error
    assert "backup" in error, error
    if (tmp_path / "target.db").exists():
        assert not any(rows for rows in stored_rows(target).values() if rows != [(SCHEMA_HEAD,)])


BEFORE_SIGN_IN_FAILURES = "0013"
"""The schema before ``migrations/versions/0014_sign_in_failures.py`` added its table."""


def test_a_backup_of_an_older_speedplay_restores_and_is_brought_up_to_date(tmp_path):
    """A database at migration 0013 (before the sign-in failures table) backed up by that
    version, restored by this one: its rows go in under their own schema, then migrate."""
    old = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(old)
    with engine.begin() as connection:
        build_at(connection, BEFORE_SIGN_IN_FAILURES)
        connection.execute(text("INSERT INTO runners (id, name, lthr) VALUES (1, 'Ana', 171.5)"))
        tables = MetaData()
        tables.reflect(connection)
        connection.execute(
            insert(tables.tables["accounts"]).values(
                email="ana@example.org",
                password_hash="$argon2id$x",
                runner_id=1,
                created_at=datetime(2025, 3, 1, 7, 0, tzinfo=UTC),
            )
        )
    document = dump(engine)
    engine.dispose()
    assert document["schema"] == BEFORE_SIGN_IN_FAILURES
    assert "sign_in_failures" not in document["tables"]
    path = tmp_path / "old.zip"
    path.write_bytes(zipped(document))
    target = f"sqlite:///{tmp_path / 'new.db'}"
    assert main(["--db", target, "restore", str(path)]) == 0
    rows = stored_rows(target)
    assert rows["alembic_version"] == [(SCHEMA_HEAD,)]
    assert rows["sign_in_failures"] == []
    assert [(r[0], r[1], r[2]) for r in rows["runners"]] == [(1, "Ana", 171.5)]
    assert [r[1] for r in rows["accounts"]] == ["ana@example.org"]


texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
moments = st.datetimes(datetime(1990, 1, 1), datetime(2090, 1, 1)).map(
    lambda moment: moment.replace(tzinfo=UTC)
)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(texts, min_size=1, max_size=3),
    figures=st.lists(finite, min_size=3, max_size=3),
    moment=moments,
    offset_s=st.integers(0, 10**6),
)
def test_any_values_round_trip(tmp_path_factory, names, figures, moment, offset_s):
    """Any text (any script, emoji, quotes), any float to the last bit, any moment: out and
    back the same, through the JSON of a backup."""
    folder = tmp_path_factory.mktemp("values")
    source = f"sqlite:///{folder / 'a.db'}"
    engine = open_database(source)
    with engine.begin() as connection:  # as the storage layer writes them
        connection.execute(
            insert(tables.runners),
            [{"id": number, "name": name, "lthr": figures[0], "max_hr": figures[1],
              "weekly_km": figures[2]} for number, name in enumerate(names, 1)],
        )  # fmt: skip
        connection.execute(
            insert(tables.accounts).values(
                id=1, email="a@example.org", password_hash="h", runner_id=1, created_at=moment
            )
        )
        connection.execute(
            insert(tables.web_sessions).values(
                token_hash="x" * 64, account_id=1, expires_at=moment + timedelta(seconds=offset_s)
            )
        )
    document = dump(engine)
    engine.dispose()
    path = folder / "backup.zip"
    from speedplay.formats.backup_file import write_backup

    write_backup(path, document)
    target = f"sqlite:///{folder / 'b.db'}"
    assert main(["--db", target, "restore", str(path)]) == 0
    assert stored_rows(target) == stored_rows(source)


def test_export_all_gives_the_runner_their_data_as_files_anyone_can_open(tmp_path):
    import csv

    url = f"sqlite:///{tmp_path / 'a.db'}"
    filled(url)
    path = tmp_path / "mine.zip"
    assert main(["--db", url, "export-all", str(path)]) == 0
    stored = stored_rows(url)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        read = archive.read
        profile = json.loads(read("profile.json"))
        runs = json.loads(read("runs.json"))
        table = list(csv.DictReader(io.StringIO(read("runs.csv").decode())))
        log = json.loads(read("log.json"))
        plans = [json.loads(read(name)) for name in sorted(names) if name.startswith("plans/")]
        analyses = [json.loads(read(name)) for name in names if name.startswith("runs/")]
    assert "README.txt" in names
    assert profile["lthr"] == 168
    assert [race["result"]["label"] for race in profile["races"]] == ["5k"]
    with sqlite3.connect(tmp_path / "a.db") as connection:
        (analysed,) = connection.execute(
            "SELECT count(*) FROM analyses n JOIN activities a ON a.id = n.activity_id"
            " WHERE a.status = 'run' AND n.runner_id = 1"
        ).fetchone()
    assert len(runs) == len(table) == len(analyses) == analysed >= 2
    assert [row["file"] for row in table] == [run["file"] for run in runs]
    assert all("reps" in analysis or "segments" in analysis for analysis in analyses)
    assert [entry["note"] for entry in log] == ["windy, 5 x 1000 m — tough 💨"]
    assert len(plans) == len(stored["plan_versions"]) > 1
    assert plans[0]["reason"]
    assert plans[0]["plan"]["weeks"]


def test_export_all_of_no_database_is_one_line(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "none.db"), "export-all", str(tmp_path / "x.zip")]) == 2
    assert "nothing to export" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
