"""Shared test set-up: hypothesis profiles and the path to the real sample files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
"""Real recordings and workout files, read-only, beside the project (see shared/samples)."""


@pytest.fixture(autouse=True)
def own_database(tmp_path_factory, monkeypatch):
    """Every test works on a database of its own (never the user's): SPEEDPLAY_DB points into
    a fresh folder, for in-process commands and for subprocesses alike."""
    from speedplay.cli.storage import use_database

    path = tmp_path_factory.mktemp("db") / "speedplay.db"
    monkeypatch.setenv("SPEEDPLAY_DB", str(path))
    use_database(None)
    yield path
    use_database(None)


POSTGRES_ADMIN_URL = os.environ.get("SPEEDPLAY_TEST_POSTGRES")
"""A PostgreSQL role that may create databases (``.ci/services`` starts the server); the
PostgreSQL tests skip without it."""


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    """The URL of an empty database, a SQLite file and (where a server runs) a PostgreSQL
    database of its own, dropped after the test."""
    with new_database(request.param, tmp_path / "speedplay.db") as url:
        yield url


@contextmanager
def new_database(kind: str, path: Path) -> Iterator[str]:
    """The URL of an empty database of ``kind`` (``sqlite``: the file ``path``; ``postgresql``:
    a database of its own, dropped afterwards; skips the test without a server)."""
    if kind == "sqlite":
        yield f"sqlite:///{path}"
        return
    if not POSTGRES_ADMIN_URL:
        pytest.skip("no PostgreSQL server (set SPEEDPLAY_TEST_POSTGRES; .ci/run does)")
    import uuid

    from sqlalchemy import create_engine, text

    name = f"speedplay_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def engine(empty_database):
    """An engine on ``empty_database``, created and migrated as every command opens it."""
    from speedplay.storage.database import open_database

    engine = open_database(empty_database)
    yield engine
    engine.dispose()
