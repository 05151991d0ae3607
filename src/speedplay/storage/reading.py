"""Reading the database straight through its driver, without SQLAlchemy.

Every command reads the runner's profile, and ``history`` and ``progress`` read thousands of
rows. Through SQLAlchemy they could not answer within half a second: its import alone takes
about 0.2 s and its PostgreSQL dialect 0.07 s more (``scripts/benchmark_history.py``). So these
reads go to the driver itself (``sqlite3``, ``psycopg``) with plain SQL that SQLite and
PostgreSQL both run. The schema stays the one ``tables.py`` describes and Alembic migrates: a
database that is not at the newest schema (or that the driver cannot open) is left to
``database.open_database``, which migrates it or says in one line what is wrong.

Writing always goes through SQLAlchemy: Core statements where thousands of rows go in (an
import, ``activities.py``), the classes of ``models.py`` elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from speedplay.storage import errors
from speedplay.storage.location import sqlite_file

if TYPE_CHECKING:
    from sqlalchemy import Engine

SCHEMA_HEAD = "0014"
"""The newest migration; a database at it needs no migrating (checked against Alembic in tests)."""

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
PSYCOPG_SCHEME = "postgresql+psycopg://"


@dataclass
class Reader:
    """A DB-API connection to read from, and which database it speaks to (their placeholders and
    their date types differ)."""

    connection: Any
    dialect: str
    driver_error: type[Exception]

    def rows(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """The rows of ``sql``, written with ``?`` placeholders (so no literal ``?`` in it, nor,
        for PostgreSQL, a literal ``%``)."""
        if self.dialect == POSTGRESQL:
            sql = sql.replace("?", "%s")
        try:
            cursor = self.connection.cursor()
            try:
                cursor.execute(sql, tuple(parameters))
                return list(cursor.fetchall())
            finally:
                cursor.close()
        except self.driver_error as error:
            raise errors.failure(str(error)) from error

    def sql(self, by_dialect: dict[str, str]) -> str:
        """Of a piece of SQL the two databases write differently, this one's."""
        return by_dialect[self.dialect]

    @staticmethod
    def day(value: date | str | None) -> date | None:
        """A ``Date`` column's value (SQLite hands back the ISO text SQLAlchemy stored)."""
        if value is None or isinstance(value, date):
            return value
        return date.fromisoformat(value)

    @staticmethod
    def moment(value: datetime | str | None) -> datetime | None:
        """A ``DateTime`` column's value (SQLite hands back the ISO text SQLAlchemy stored)."""
        if value is None or isinstance(value, datetime):
            return value
        return datetime.fromisoformat(value)


def open_reader(url: str) -> Reader | None:
    """A reader on the database at ``url`` when it exists, its driver opens it and its schema
    is the newest; else None (the caller then opens it through SQLAlchemy)."""
    path = sqlite_file(url)
    try:
        if path is not None:
            if not path.is_file():
                return None
            import sqlite3

            timeout = errors.BUSY_TIMEOUT_MS / 1000
            reader = Reader(sqlite3.connect(path, timeout=timeout), SQLITE, sqlite3.Error)
        elif url.startswith(PSYCOPG_SCHEME):
            import psycopg

            conninfo = "postgresql://" + url[len(PSYCOPG_SCHEME) :]
            connection = psycopg.connect(conninfo, autocommit=True)
            reader = Reader(connection, POSTGRESQL, psycopg.Error)
        else:
            return None
    except Exception:  # the driver's own failure: SQLAlchemy then says it in one line
        return None
    try:
        version = reader.rows("SELECT version_num FROM alembic_version")
    except errors.StorageError:  # no schema yet, or not a database: migrate it, or explain
        version = []
    if version != [(SCHEMA_HEAD,)]:
        reader.connection.close()
        return None
    return reader


def pool_reader(engine: Engine) -> Reader:
    """A reader on a connection of ``engine``'s pool; closing its connection hands it back."""
    connection = engine.raw_connection()
    return Reader(connection, engine.dialect.name, engine.dialect.loaded_dbapi.Error)


@contextmanager
def reader_of(engine: Engine) -> Iterator[Reader]:
    """A reader on a connection of ``engine``'s pool, handed back afterwards.

    On PostgreSQL the connection reads in autocommit while it is lent: each statement sees
    what is committed, without the BEGIN before the first and the ROLLBACK on return, two
    of the round trips of a page's three or four. It goes back to the pool as it came."""
    reader = pool_reader(engine)
    driver = reader.connection.driver_connection if reader.dialect == POSTGRESQL else None
    try:
        if driver is not None:
            driver.autocommit = True
        yield reader
    finally:
        try:
            if driver is not None:
                driver.autocommit = False
        except engine.dialect.loaded_dbapi.Error:  # a lost connection: the pool drops it
            reader.connection.invalidate()
        reader.connection.close()
