"""Opening the database and bringing its schema up to date (where it is: ``location.py``).

A SQLite file and its folder are created and migrated on first use: no set-up step. SQLite
runs in WAL mode, so readers never wait for the one writer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from speedplay.storage import errors
from speedplay.storage.errors import StorageError
from speedplay.storage.location import sqlite_file
from speedplay.storage.reading import SCHEMA_HEAD


def open_database(url: str) -> Engine:
    """An engine on the database at ``url``, its schema migrated to the newest; the SQLite file
    and its folder are created when missing."""
    path = sqlite_file(url)
    if path is not None:
        if path.is_dir():
            raise StorageError(f"database {path} is a folder, not a file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(f"cannot create the folder of database {path}: {error}") from error
    try:
        # a server's connections can be ended under the pool (a restart, a failover): each is
        # checked as it is taken, a round trip that spares a page its failure
        engine = create_engine(url, pool_pre_ping=path is None)
    except (ArgumentError, ImportError, ValueError) as error:
        raise StorageError(f"'{url}' is not a database URL speedplay can use: {error}") from error
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_settings)
    try:
        if path is not None and path.exists():
            _refuse_a_damaged_file(engine, path)
        migrate(engine)
    except (OperationalError, DatabaseError) as error:
        engine.dispose()
        raise StorageError(f"cannot use database {shown(url)}: {_reason(error)}") from error
    except StorageError:
        engine.dispose()
        raise
    return engine


def _refuse_a_damaged_file(engine: Engine, path: Path) -> None:
    """Refuse a SQLite file with damaged pages before anything is written to it: writing
    into a damaged file can spread the damage and spoils what a recovery tool could save.
    The check reads the whole file once (a few milliseconds for years of runs, once cached);
    commands that only read (``history``, ``progress``) skip it and fail, in one line, only
    on a damaged page they need."""
    with engine.connect() as connection:
        found = connection.exec_driver_sql("PRAGMA quick_check(1)").scalar()
    if found != "ok":
        detail = str(found).replace("*** in database main ***", "").strip()
        raise StorageError(
            f"database {path} is damaged ({detail}); it is left as it was. Recover it with "
            f"sqlite3's .recover into a new file, or restore a backup into a new database"
        )


def _sqlite_settings(connection: sqlite3.Connection, _: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={errors.BUSY_TIMEOUT_MS}")
    cursor.close()


def schema_version(engine: Engine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the database's schema to the newest (an empty one is given it at once)."""
    version = schema_version(engine)
    if version == SCHEMA_HEAD:
        return
    if version is None and is_empty(engine):
        with transaction(engine) as connection:
            build_at(connection, SCHEMA_HEAD)
        return
    if version is not None and version not in known_revisions():
        raise StorageError(
            f"database {shown(str(engine.url))} was written by a newer speedplay (schema "
            f"{version}); upgrade speedplay to use it"
        )
    from alembic import command

    config = alembic_config()
    with transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def transaction(engine: Engine, snapshot: bool = False) -> Iterator[Connection]:
    """A transaction that holds schema changes too, so that creating or migrating a database
    killed half-way leaves it as it was. SQLite's Python driver commits each CREATE, ALTER
    and DROP on its own (it begins a transaction only before a write of rows): there the
    transaction is begun and ended by hand.

    With ``snapshot``, a transaction that only reads and sees the database as it was at one
    moment, writers notwithstanding (SQLite in WAL mode: a read transaction; PostgreSQL:
    REPEATABLE READ)."""
    if engine.dialect.name != "sqlite":
        options = {"isolation_level": "REPEATABLE READ"} if snapshot else {}
        with engine.connect().execution_options(**options) as connection, connection.begin():
            yield connection
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("BEGIN" if snapshot else "BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.exec_driver_sql("ROLLBACK")
            raise
        connection.exec_driver_sql("ROLLBACK" if snapshot else "COMMIT")


def known_revisions() -> set[str]:
    """Every schema revision this speedplay knows (its migrations)."""
    from alembic.script import ScriptDirectory

    config = alembic_config()
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def is_empty(engine: Engine) -> bool:
    """Whether the database has no tables at all."""
    with engine.connect() as connection:
        return not inspect(connection).get_table_names()


def build_at(connection: Connection, revision: str) -> None:
    """Give an empty database the schema of ``revision``, in the transaction of ``connection``.

    The newest schema is created at once, as ``tables.py`` describes it, and marked as
    migrated to the newest migration. The tables are the ones the migrations build (a test
    holds the two equal, column for column); creating them directly spares a first import or
    a first ``serve`` loading Alembic and running every migration, a sixth of a second. An
    older schema (a restore of an older backup) is built by running the migrations up to it."""
    if revision != SCHEMA_HEAD:
        from alembic import command

        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        return
    from speedplay.storage.tables import metadata

    metadata.create_all(connection, checkfirst=False)  # it is empty: nothing to ask
    ALEMBIC_VERSION.create(connection, checkfirst=False)
    connection.execute(ALEMBIC_VERSION.insert().values(version_num=SCHEMA_HEAD))


ALEMBIC_VERSION = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)
"""Alembic's own record of the migration a database is at, as Alembic creates it."""


def alembic_config() -> Any:
    """Alembic's configuration, pointing at the migrations inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config


def shown(url: str) -> str:
    path = sqlite_file(url)
    return str(path) if path is not None else url.split("@")[-1]


def _reason(error: Exception) -> str:
    original = getattr(error, "orig", None) or error
    return " ".join(str(original).split())


def unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the database could not be reached or its connection was lost
    (a server restarting, a network cut, a file locked), rather than a mistake of ours: what
    a web page answers with 503, try again."""
    from sqlalchemy.exc import DBAPIError, InterfaceError
    from sqlalchemy.exc import OperationalError as Operational

    if isinstance(error, StorageError) and error.__cause__ is not None:
        return unavailable(error.__cause__)  # a plain-SQL read's failure, said in one line
    if isinstance(error, DBAPIError):
        return isinstance(error, Operational | InterfaceError) or error.connection_invalidated
    return any(  # a driver's own, from a plain-SQL read (``reading.py``), or a subclass
        kind.__module__.split(".")[0] in ("psycopg", "sqlite3")
        and kind.__name__ in ("OperationalError", "InterfaceError")
        for kind in type(error).__mro__
    )


def storage_error_from(error: BaseException) -> StorageError | None:
    """The one line a database failure met mid-command says (locked, disk full, the server
    gone), or None when ``error`` is not a database failure."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(error, DBAPIError):
        return None
    return errors.failure(str(error.orig) if error.orig is not None else type(error).__name__)
