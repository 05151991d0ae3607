"""Failed sign-ins in the database, so that the sign-in limit holds across every server
process of the web app (each would otherwise count only its own)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, delete, insert, select

from speedplay.storage.tables import sign_in_failures

KEPT_S = 24 * 3600
"""Failures older than this are removed as new ones are written."""


@dataclass
class DatabaseFailures:
    """A ``web.security.FailureStore`` on the database."""

    engine: Engine

    def since(self, key: str, moment: float) -> list[float]:
        query = (
            select(sign_in_failures.c.at)
            .where(sign_in_failures.c.key == key, sign_in_failures.c.at > moment)
            .order_by(sign_in_failures.c.at)
        )
        with self.engine.connect() as connection:
            return [float(at) for at in connection.execute(query).scalars()]

    def add(self, keys: list[str], moment: float) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                delete(sign_in_failures).where(sign_in_failures.c.at < moment - KEPT_S)
            )
            connection.execute(insert(sign_in_failures), [{"key": k, "at": moment} for k in keys])

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(sign_in_failures).where(sign_in_failures.c.key == key))
