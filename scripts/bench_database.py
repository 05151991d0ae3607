"""A fresh, empty database for a benchmark: a SQLite file in a folder, or (given the URL of a
PostgreSQL role that may create databases, as ``.ci/services`` prints) a PostgreSQL database
of its own, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text


@contextmanager
def fresh_database(folder: Path, postgres: str | None) -> Iterator[str]:
    """The URL of an empty database."""
    if postgres is None:
        yield f"sqlite:///{folder / 'speedplay.db'}"
        return
    name = f"speedplay_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield postgres.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def database_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"
