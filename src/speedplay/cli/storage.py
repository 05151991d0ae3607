"""The database a command works on: ``--db``, else ``SPEEDPLAY_DB``, else the default file."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # every command loads this module, ``--help`` too: nothing heavy here
    from sqlalchemy import Engine

    from speedplay.profile import Profile
    from speedplay.storage.reading import Reader

_given: str | None = None
_engine: Engine | None = None
_reader: Reader | None = None


def use_database(url: str | None) -> None:
    """Work on ``url`` (a URL or a file path; None for the default) from now on."""
    global _given, _engine, _reader
    if _reader is not None:
        _reader.connection.close()
    if _engine is not None:
        _engine.dispose()
    _given, _engine, _reader = url, None, None


def current_url() -> str:
    from speedplay.storage.location import database_url

    return database_url(_given)


def database() -> Engine:
    """The database, created and migrated on first use."""
    global _engine
    if _engine is None:
        from speedplay.storage.database import open_database

        _engine = open_database(current_url())
    return _engine


def reader() -> Reader | None:
    """A reader on the database, straight through its driver; None when there is no database
    yet (reading creates none). A database to migrate is migrated first."""
    global _reader
    if _reader is None:
        from speedplay.storage.location import exists
        from speedplay.storage.reading import open_reader, pool_reader

        url = current_url()
        if not exists(url):
            return None
        _reader = open_reader(url)
        if _reader is None:
            database()  # migrates it, or says in one line why it cannot be used
            # a database open_reader does not know (an in-memory one): the engine's connection
            _reader = open_reader(url) or pool_reader(database())
    return _reader


def stored_profile() -> Profile:
    """The stored profile; an empty one when there is no database yet (reading creates none)."""
    found = reader()
    if found is None:
        from speedplay.profile import Profile

        return Profile()
    from speedplay.storage.profiles import load_profile

    return load_profile(found)
