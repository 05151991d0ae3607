"""The database a command works on: ``--db``, else ``SPEEDPLAY_DB``, else the default file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from speedplay.profile import Profile

if TYPE_CHECKING:
    from sqlalchemy import Engine

_given: str | None = None
_engine: Engine | None = None


def use_database(url: str | None) -> None:
    """Work on ``url`` (a URL or a file path; None for the default) from now on."""
    global _given, _engine
    if _engine is not None:
        _engine.dispose()
    _given, _engine = url, None


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


def stored_profile() -> Profile:
    """The stored profile; an empty one when there is no database yet (reading creates none)."""
    from speedplay.storage.location import exists

    if _engine is None and not exists(current_url()):
        return Profile()
    from speedplay.storage.profiles import load_profile

    return load_profile(database())
