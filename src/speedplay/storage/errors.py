"""What a database failure says: one line, and the promise that nothing was half-stored.

Kept apart from ``database.py`` so that reading straight through the driver (``reading.py``)
reports failures the same way without loading SQLAlchemy.
"""

from __future__ import annotations

from speedplay.errors import SpeedplayError

BUSY_TIMEOUT_MS = 5000
"""How long a command waits for another one writing before the database counts as locked."""


class StorageError(SpeedplayError):
    """The database cannot be used: missing folder, not a database, newer schema, locked."""


def failure(cause: str) -> StorageError:
    """The one line of a database failure met mid-command (locked, disk full, server gone),
    from the driver's own words."""
    cause = " ".join(cause.split())
    if "locked" in cause:
        return StorageError(
            f"the database is busy: another speedplay is writing to it (waited "
            f"{BUSY_TIMEOUT_MS // 1000} s); try again. Nothing of this command was half-stored"
        )
    return StorageError(f"the database failed: {cause}. Nothing of this command was half-stored")
