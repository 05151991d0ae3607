"""The web app's clock, in one place, so that tests can move it (session expiry)."""

from __future__ import annotations

from datetime import UTC, date, datetime


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """The server's local date: the day a plan starts after, the day 'today' shows."""
    return date.today()
