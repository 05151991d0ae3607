"""Alembic's entry point: migrations run on the connection speedplay hands over."""

from __future__ import annotations

from alembic import context

from speedplay.storage.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("speedplay migrations run through speedplay.storage.database")
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
