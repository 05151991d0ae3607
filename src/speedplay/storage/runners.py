"""The runner's row, which every stored thing hangs from."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, text

from speedplay.storage.profiles import RUNNER_ID
from speedplay.storage.tables import runners


def ensure_runner(connection: Connection, runner_id: int = RUNNER_ID) -> None:
    """Add the runner's row when there is none (a history can begin before a profile), in the
    transaction of ``connection``.

    The command line's runner is given its id (``RUNNER_ID``) rather than one from the
    table's sequence. PostgreSQL's sequence would then hand the same id to the next runner
    the web app signs up: it is moved past it."""
    found = connection.execute(select(runners.c.id).where(runners.c.id == runner_id)).first()
    if found is not None:
        return
    connection.execute(insert(runners).values(id=runner_id))
    if connection.dialect.name == "postgresql":
        sequence = connection.execute(text("SELECT pg_get_serial_sequence('runners', 'id')"))
        name = sequence.scalar_one()
        connection.execute(
            text(
                f"SELECT setval(:name, :id) FROM {name} "
                "WHERE last_value + CASE WHEN is_called THEN 1 ELSE 0 END <= :id"
            ),
            {"name": name, "id": runner_id},
        )
