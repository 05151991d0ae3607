"""The whole database as one portable document, and back.

A backup is every row of every table, read in one consistent snapshot, written as JSON (dates
and times in ISO 8601, UTC), together with the schema the rows were written under. It is the
same for SQLite and PostgreSQL, so a backup of one restores into the other. Restoring fills
an empty database only: a database that holds anything is never overwritten.

A backup from an older speedplay restores too: the new database is first built at the
backup's schema, the rows go in as they were, then the usual migrations bring it up to date.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    MetaData,
    Table,
    func,
    insert,
    select,
    text,
)

from speedplay.storage.errors import StorageError

BACKUP_FORMAT = "speedplay-backup"
BACKUP_VERSION = 1
"""The document's own layout; the tables' layout is the schema revision it names."""

SKIPPED_TABLES = {"alembic_version"}
"""Alembic's bookkeeping: a restore writes its own."""


def dump(engine: Engine) -> dict[str, Any]:
    """Every row of every table of the database, read in one snapshot (a run imported while
    the backup runs is in it whole or not at all)."""
    from speedplay.storage.database import transaction

    with transaction(engine, snapshot=True) as connection:
        metadata = MetaData()
        metadata.reflect(connection)
        schema = _schema_of(connection)
        tables: dict[str, Any] = {}
        for table in metadata.sorted_tables:
            if table.name in SKIPPED_TABLES:
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            rows = connection.execute(select(table).order_by(*order))
            tables[table.name] = {
                "columns": [column.name for column in table.columns],
                "rows": [[_encoded(value) for value in row] for row in rows],
            }
    return {"format": BACKUP_FORMAT, "version": BACKUP_VERSION, "schema": schema,
            "tables": tables}  # fmt: skip


def _encoded(value: Any) -> Any:
    """A column's value as JSON holds it."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite keeps UTC bare
        return moment.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)  # 'nan', 'inf', '-inf': JSON has no such numbers
    return value


def _decoded(value: Any, kind: Any) -> Any:
    """A column's value from JSON, as the column takes it."""
    if value is None:
        return None
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Float):
        return float(value)
    if isinstance(kind, Boolean):
        return bool(value)
    return value


def check(document: Any) -> dict[str, Any]:
    """``document`` when it is a speedplay backup this version can read; else one line on
    what is wrong."""
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise StorageError("not a speedplay backup")
    if document.get("version") != BACKUP_VERSION:
        raise StorageError(
            f"a backup of format version {document.get('version')}; this speedplay reads "
            f"version {BACKUP_VERSION}"
        )
    tables = document.get("tables")
    if not isinstance(document.get("schema"), str) or not isinstance(tables, dict):
        raise StorageError("a damaged backup: no schema or no tables")
    for name, table in tables.items():
        if (
            not isinstance(table, dict)
            or not isinstance(table.get("columns"), list)
            or not isinstance(table.get("rows"), list)
            or not all(isinstance(row, list) for row in table["rows"])
        ):
            raise StorageError(f"a damaged backup: table {name!r} is not columns and rows")
    return document


def restore(url: str, document: dict[str, Any]) -> dict[str, int]:
    """Fill the empty database at ``url`` with the backup ``document`` (checked by
    :func:`check`) in one transaction, then migrate it to the newest schema. How many rows
    went into each table. A database holding any row is refused, never overwritten."""
    from speedplay.storage.database import (
        build_at,
        known_revisions,
        migrate,
        open_database,
        transaction,
    )

    schema = document["schema"]
    if schema not in known_revisions():
        raise StorageError(
            f"the backup was made by a newer speedplay (schema {schema}); upgrade speedplay to "
            "restore it"
        )
    engine = open_database(url)
    try:
        with transaction(engine) as connection:
            present = MetaData()
            present.reflect(connection)
            _refuse_when_anything_is_stored(connection, present, url)
            if schema != _schema_of(connection):
                present.drop_all(connection)  # empty tables of another schema: nothing lost
                build_at(connection, schema)
                present = MetaData()
                present.reflect(connection)
            counts = _insert_all(connection, present, document["tables"])
        migrate(engine)  # from the backup's schema to the newest
    finally:
        engine.dispose()
    return counts


def _schema_of(connection: Connection) -> str | None:
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _refuse_when_anything_is_stored(connection: Connection, present: MetaData, url: str) -> None:
    from speedplay.storage.database import shown

    for table in present.sorted_tables:
        if table.name in SKIPPED_TABLES:
            continue
        if connection.execute(select(table).limit(1)).first() is not None:
            raise StorageError(
                f"database {shown(url)} already holds data (table {table.name}): a backup is "
                "restored into a new database only (name one with --db), so that nothing is "
                "overwritten"
            )


def _insert_all(
    connection: Connection, metadata: MetaData, tables: dict[str, Any]
) -> dict[str, int]:
    unknown = set(tables) - set(metadata.tables)
    if unknown:
        raise StorageError(f"a damaged backup: no table {sorted(unknown)[0]!r} in its schema")
    counts = {}
    for table in metadata.sorted_tables:
        if table.name not in tables:
            continue
        rows = _rows(table, tables[table.name])
        if rows:
            connection.execute(insert(table), rows)
        counts[table.name] = len(rows)
        _move_sequence_on(connection, table)
    return counts


def _rows(table: Table, stored: dict[str, Any]) -> list[dict[str, Any]]:
    names = stored["columns"]
    missing = [name for name in names if name not in table.columns]
    if missing:
        raise StorageError(f"a damaged backup: no column {missing[0]!r} in table {table.name!r}")
    kinds = [table.columns[name].type for name in names]
    rows = []
    for number, row in enumerate(stored["rows"], 1):
        if len(row) != len(names):
            raise StorageError(f"a damaged backup: row {number} of {table.name!r} is cut")
        try:
            values = zip(names, row, kinds, strict=True)
            rows.append({name: _decoded(value, kind) for name, value, kind in values})
        except (TypeError, ValueError) as error:
            raise StorageError(
                f"a damaged backup: row {number} of {table.name!r}: {error}"
            ) from error
    return rows


def _move_sequence_on(connection: Connection, table: Table) -> None:
    """PostgreSQL hands out ids from a sequence, which rows inserted with their ids leave
    where it was: moved past the highest, so that the next row gets a new one."""
    if connection.dialect.name != "postgresql" or "id" not in table.columns:
        return
    highest = connection.execute(select(func.max(table.c.id))).scalar()
    if highest is not None:
        connection.execute(
            text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :highest)"),
            {"table": table.name, "highest": highest},
        )
