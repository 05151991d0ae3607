"""Storage: the default database, migrations up and down, the profile, bad databases."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect, text

from speedplay.cli.app import main
from speedplay.physiology.fitness import assess_fitness
from speedplay.profile import Profile, StoredRace, parse_stored_race
from speedplay.races import RaceResult, parse_race_result
from speedplay.storage.database import alembic_config, open_database, schema_version
from speedplay.storage.errors import StorageError
from speedplay.storage.location import database_url, default_path
from speedplay.storage.profiles import load_profile, save_profile
from speedplay.storage.reading import SCHEMA_HEAD, reader_of

TABLES = {
    "runners",
    "races",
    "plans",
    "plan_versions",
    "planned_sessions",
    "activities",
    "analyses",
    "session_logs",
    "best_efforts",
    "accounts",
    "web_sessions",
    "web_settings",
    "coach_links",
    "invitations",
    "sign_in_failures",
}


def test_the_default_database_is_one_file_in_the_users_data_folder(monkeypatch):
    monkeypatch.delenv("SPEEDPLAY_DB")
    assert default_path().name == "speedplay.db"
    assert "speedplay" in default_path().parent.parts
    assert database_url() == f"sqlite:///{default_path().resolve()}"


def test_a_path_or_a_url_names_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("SPEEDPLAY_DB", str(tmp_path / "env.db"))
    assert database_url() == f"sqlite:///{tmp_path / 'env.db'}"
    assert database_url(str(tmp_path / "given.db")) == f"sqlite:///{tmp_path / 'given.db'}"
    url = "postgresql+psycopg://coach@localhost/speedplay"
    assert database_url(url) == url


def test_the_schema_head_is_alembics_head():
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads == [SCHEMA_HEAD]


def test_migrations_upgrade_from_empty_downgrade_and_upgrade_again(empty_database):
    engine = create_engine(empty_database)
    config = alembic_config()

    def run(action, target):
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            action(config, target)

    def tables():
        return set(inspect(engine).get_table_names()) - {"alembic_version"}

    run(command.upgrade, "head")
    assert tables() == TABLES
    assert schema_version(engine) == SCHEMA_HEAD
    run(command.downgrade, "base")
    assert tables() == set()
    run(command.upgrade, "head")
    assert tables() == TABLES
    engine.dispose()


def _migrated(url):
    engine = create_engine(url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return engine


def test_the_migrations_build_the_schema_tables_py_describes(empty_database):
    """Every table, column, index and constraint of ``tables.py`` is what the migrations
    build, on both databases: the code and the database never disagree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from speedplay.storage.tables import metadata

    engine = _migrated(empty_database)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def _schema(engine):
    """All a database says of its tables, as the database reflects it."""
    seen = inspect(engine)
    return {
        table: {
            "columns": sorted(  # in any order: every query names its columns
                (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                for c in seen.get_columns(table)
            ),
            "primary key": seen.get_pk_constraint(table),
            "foreign keys": sorted(map(repr, seen.get_foreign_keys(table))),
            "indexes": sorted(map(repr, seen.get_indexes(table))),
            "unique": sorted(map(repr, seen.get_unique_constraints(table))),
            "checks": sorted(map(repr, seen.get_check_constraints(table))),
        }
        for table in sorted(seen.get_table_names())
    }


def test_a_new_database_is_created_exactly_as_the_migrations_build_it(empty_database):
    """A new database is created from ``tables.py`` at once, not migrated step by step: what
    it holds is what the migrations build, table for table, column for column, and it is
    marked at the newest migration, so that later migrations apply to it."""
    engine = _migrated(empty_database)
    migrated = _schema(engine)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        connection.execute(text("DROP TABLE alembic_version"))
    engine.dispose()
    created = open_database(empty_database)
    assert _schema(created) == migrated
    assert schema_version(created) == SCHEMA_HEAD
    with created.begin() as connection:  # and Alembic takes it from there
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(created).get_table_names()) == {"alembic_version"}
    created.dispose()


def test_first_use_creates_the_folder_the_file_and_the_schema_in_wal_mode(tmp_path):
    path = tmp_path / "deep" / "folder" / "speedplay.db"
    engine = open_database(f"sqlite:///{path}")
    assert path.exists()
    assert schema_version(engine) == SCHEMA_HEAD
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_a_database_from_a_newer_speedplay_is_refused(empty_database):
    open_database(empty_database).dispose()
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StorageError, match="newer speedplay"):
        open_database(empty_database)


def test_a_sqlite_file_from_a_newer_speedplay_is_left_alone(tmp_path):
    path = tmp_path / "newer.db"
    open_database(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(StorageError, match="newer speedplay"):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("my training notes\n" * 100)
    with pytest.raises(StorageError, match="not a database"):
        open_database(f"sqlite:///{path}")
    assert path.read_text() == "my training notes\n" * 100


races = st.builds(
    StoredRace,
    st.builds(
        RaceResult,
        st.sampled_from(["5k", "10k", "half", "mile"]),
        st.floats(800, 42195),
        st.floats(120, 20000),
    ),
    st.none() | st.dates(date(2000, 1, 1), date(2030, 12, 31)),
)
heart = st.none() | st.floats(30, 250).map(lambda x: round(x, 1))
profiles = st.builds(
    Profile,
    races=st.lists(races, max_size=4).map(tuple),
    lthr=heart,
    max_hr=heart,
    rest_hr=heart,
    units=st.none() | st.sampled_from(["km", "mi"]),
    level=st.none() | st.sampled_from(["beginner", "intermediate", "advanced"]),
    weekly_km=st.none() | st.floats(5, 300),
    speed_day=st.none() | st.sampled_from(["mon", "tue", "sat"]),
    days_available=st.lists(st.sampled_from(["mon", "wed", "fri", "sun"]), unique=True).map(tuple),
)


def stored(engine):
    """The profile as stored in ``engine``'s database."""
    with reader_of(engine) as reader:
        return load_profile(reader)


def test_a_new_database_has_an_empty_profile(empty_database):
    engine = open_database(empty_database)
    assert stored(engine) == Profile()
    engine.dispose()


def test_a_profile_round_trips_through_the_database(empty_database):
    engine = open_database(empty_database)

    @given(first=profiles, second=profiles)
    def round_trip(first, second):
        save_profile(engine, first)
        assert stored(engine) == first
        save_profile(engine, second)
        assert stored(engine) == second

    round_trip()
    engine.dispose()


# --- speedplay profile, and every command picking it up -----------------------------------


def vdot_of(race: str) -> float:
    """VDOT by the physiology core (tested against Daniels' published table in test_vdot)."""
    return assess_fitness([parse_race_result(race)]).vdot


def run(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_commands_that_only_read_create_no_database(own_database, capsys):
    code, _, _ = run(["workout", "--family", "tempo", "--week", "2"], capsys)
    assert code == 0
    assert not own_database.exists()


def test_a_stored_profile_fills_in_what_a_command_is_not_told(own_database, capsys):
    code, _, err = run(
        ["profile", "--race", "5k=22:30@2026-10-04", "--lthr", "168", "--units", "mi",
         "--level", "intermediate", "--weekly-km", "40", "--day", "thu",
         "--days", "sun,tue,thu", "--json"],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert own_database.exists()
    code, out, _ = run(["profile", "--json"], capsys)
    stored = json.loads(out)
    assert stored["races"] == [
        {"distance": "5k", "metres": 5000.0, "seconds": 1350.0, "date": "2026-10-04"}
    ]
    assert stored["vdot"] == pytest.approx(vdot_of("5k=22:30"), abs=0.1)
    assert stored["days_available"] == ["tue", "thu", "sun"]

    given_code, given, _ = run(
        ["workout", "--family", "tempo", "--week", "2", "--race", "5k=22:30", "--lthr", "168",
         "--units", "mi", "--level", "intermediate", "--json"],
        capsys,
    )  # fmt: skip
    stored_code, from_profile, _ = run(
        ["workout", "--family", "tempo", "--week", "2", "--json"], capsys
    )
    assert given_code == stored_code == 0
    assert json.loads(from_profile) == json.loads(given)
    _, table, _ = run(["workout", "--family", "tempo", "--week", "2"], capsys)
    assert "/mi" in table
    assert "intermediate" in table


def test_a_runner_in_miles_gives_and_reads_the_weekly_volume_in_miles(capsys):
    """Stored in km; given with --weekly-mi, shown in miles, and the plan capped as by the
    same volume in km, its reasons quoting miles."""
    code, out, err = run(["profile", "--units", "mi", "--weekly-mi", "12"], capsys)
    assert code == 0, err
    assert "12 mi" in out
    assert json.loads(run(["profile", "--json"], capsys)[1])["weekly_km"] == pytest.approx(
        19.312, abs=0.001
    )
    plan = ["plan", "--race", "5k=22:30", "--level", "intermediate", "--weeks", "12",
            "--start", "2030-01-07", "--json"]  # fmt: skip
    in_miles = json.loads(run([*plan, "--weekly-mi", "12"], capsys)[1])
    in_km = json.loads(run([*plan, "--weekly-km", "19.312128", "--units", "mi"], capsys)[1])
    from_profile = json.loads(run(plan, capsys)[1])
    assert in_miles["weeks"] == in_km["weeks"] == from_profile["weeks"]
    whys = " ".join(s["why"] for w in in_miles["weeks"] for s in w["sessions"])
    assert "in a 12 mi week" in whys, "Daniels' caps bind and say so in the runner's units"
    assert " km week" not in whys


def test_options_given_win_over_the_profile(capsys):
    assert run(["profile", "--race", "5k=22:30", "--units", "mi"], capsys)[0] == 0
    code, out, _ = run(["paces", "--race", "5k=20:00", "--units", "km", "--json"], capsys)
    assert code == 0
    assert json.loads(out)["vdot"] == pytest.approx(vdot_of("5k=20:00"), abs=0.1)
    code, out, _ = run(["paces", "--json"], capsys)
    assert json.loads(out)["vdot"] == pytest.approx(vdot_of("5k=22:30"), abs=0.1)


def test_races_accumulate_one_per_distance_and_date_and_can_be_cleared(capsys):
    run(["profile", "--race", "5k=22:30@2026-10-04", "--race", "10k=47:00"], capsys)
    run(["profile", "--race", "5k=22:10@2026-10-04"], capsys)
    stored = json.loads(run(["profile", "--json"], capsys)[1])
    assert [(r["distance"], r["seconds"]) for r in stored["races"]] == [
        ("10k", 2820.0), ("5k", 1330.0)
    ]  # fmt: skip
    stored = json.loads(run(["profile", "--clear-races", "--json"], capsys)[1])
    assert stored["races"] == []
    assert stored["vdot"] is None


@pytest.mark.parametrize(("args", "message"), [
    (["profile", "--lthr", "400"], "--lthr must be from 30 to 250 bpm, found 400"),
    (["profile", "--weekly-km", "-5"], "--weekly-km: a week's volume is 5-300 km, found -5"),
    (["profile", "--weekly-mi", "200"], "--weekly-mi: a week's volume is 3.1-186.4 mi, found 200"),
    (["profile", "--weekly-km", "40", "--weekly-mi", "25"], "--weekly-km or --weekly-mi, not both"),
    (["profile", "--day", "someday"], "unknown day 'someday'"),
    (["profile", "--days", ","], "--days needs at least one day"),
    (["profile", "--race", "5k=22:30@yesterday"], "the race date must be YYYY-MM-DD"),
    (["profile", "--max-hr", "150", "--rest-hr", "160"], "must be below maximum heart rate"),
])  # fmt: skip
def test_bad_profile_values_are_one_line_and_store_nothing(args, message, own_database, capsys):
    code, _, err = run(args, capsys)
    assert code == 2
    assert err.startswith("error: ")
    assert message in err
    assert err.count("\n") == 1
    assert not own_database.exists()


def test_a_bad_database_is_one_line(tmp_path, capsys):
    path = tmp_path / "bad.db"
    path.write_bytes(b"garbage" * 500)
    code, _, err = run(["--db", str(path), "profile"], capsys)
    assert code == 2
    assert err == f"error: cannot use database {path}: file is not a database\n"
    assert path.read_bytes() == b"garbage" * 500


def test_db_names_another_database(empty_database, own_database, capsys):
    assert run(["--db", empty_database, "profile", "--lthr", "170"], capsys)[0] == 0
    assert not own_database.exists()
    assert json.loads(run(["--db", empty_database, "profile", "--json"], capsys)[1])["lthr"] == 170


def test_parse_stored_race():
    race = parse_stored_race("10k=48:10@2026-09-20")
    assert race.on == date(2026, 9, 20)
    assert race.text() == "10k=48:10@2026-09-20"
    assert parse_stored_race("half=1:45:00").on is None


def test_a_command_closes_its_database_before_the_process_ends(empty_database):
    """With warnings as errors, no connection is left open at exit (SQLite and PostgreSQL)."""
    import subprocess
    import sys

    finished = subprocess.run(
        [sys.executable, "-W", "error", "-m", "speedplay", "--db", empty_database, "profile",
         "--lthr", "170"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    assert finished.stderr == ""


def test_every_mapped_class_types_exactly_its_tables_columns():
    """The ORM classes take their columns from ``tables.py``; their annotations (what mypy
    checks the code against) must name the same columns."""
    from sqlalchemy.orm import RelationshipProperty

    from speedplay.storage.models import Base

    for mapper in Base.registry.mappers:
        cls = mapper.class_
        relationships = {r.key for r in mapper.attrs if isinstance(r, RelationshipProperty)}
        annotated = {
            name
            for name, kind in cls.__annotations__.items()
            if "Mapped" in str(kind) and name not in relationships
        }
        assert annotated == set(mapper.local_table.columns.keys()), cls.__name__
    assert len(Base.registry.mappers) == 9


def test_a_runner_signed_up_after_the_command_line_runner_gets_a_row_of_its_own(engine):
    """The command line's runner has its id given (1); PostgreSQL's sequence must not hand
    the same id to the first runner who signs up in the web app."""
    from speedplay.storage.accounts import create_account
    from speedplay.storage.profiles import RUNNER_ID, save_profile

    save_profile(engine, Profile(lthr=170.0))
    account = create_account(engine, "new@example.org", "$argon2id$hash")
    assert account.runner_id != RUNNER_ID
