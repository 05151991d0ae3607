"""The web app's clock, in one place, so that tests can move it (session expiry)."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
