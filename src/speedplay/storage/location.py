"""Where the database is: ``--db``, else ``SPEEDPLAY_DB``, else one SQLite file in the user's
data folder. Kept apart from opening it, so that a command can ask whether there is a database
without loading the database library."""

from __future__ import annotations

import os
from pathlib import Path

ENVIRONMENT_VARIABLE = "SPEEDPLAY_DB"


def default_path() -> Path:
    """The SQLite file used when no ``--db`` or ``SPEEDPLAY_DB`` is given."""
    from platformdirs import user_data_path

    return user_data_path("speedplay", appauthor=False) / "speedplay.db"


def database_url(given: str | None = None) -> str:
    """The URL of the database: ``given`` (a URL or a file path), else ``SPEEDPLAY_DB``, else
    the default file."""
    chosen = given or os.environ.get(ENVIRONMENT_VARIABLE) or str(default_path())
    if "://" in chosen:
        return chosen
    return f"sqlite:///{Path(chosen).expanduser().resolve()}"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for another database or an in-memory one)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix or url.endswith(":memory:"):
        return None
    return Path(url[len(prefix) :])


def exists(url: str) -> bool:
    """Whether there is a database to read (a server database always counts as there)."""
    path = sqlite_file(url)
    return path is None or path.exists()
