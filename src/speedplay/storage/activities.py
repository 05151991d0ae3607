"""Imported activities: which files are known, and adding them, inside a transaction the caller
holds (an import commits a batch of files at a time)."""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    bindparam,
    delete,
    insert,
    select,
    text,
    update,
)

from speedplay.coach.matching import displaces, fit_of
from speedplay.storage.profiles import RUNNER_ID
from speedplay.storage.records import ImportedFile, ScoredRun
from speedplay.storage.tables import activities, analyses, best_efforts


def known_hashes(engine: Engine, runner_id: int = RUNNER_ID) -> set[str]:
    """The content hashes of every file the runner imported (whatever became of it)."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(activities.c.content_hash).where(activities.c.runner_id == runner_id)
        )
        return set(rows.scalars())


_ADD_ACTIVITIES = insert(activities).returning(activities.c.id, sort_by_parameter_order=True)
_ADD_ANALYSES = insert(analyses).returning(analyses.c.id, sort_by_parameter_order=True)
"""Built once, their values bound at each execution: SQLAlchemy compiles each a single time."""


def _inserted_ids(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` into ``table`` (activities or analyses); their new ids, in order.

    PostgreSQL hands out the ids first, from the table's sequence in one query, and the rows
    then go in by COPY (:func:`_copied`). Asking them back with RETURNING instead makes
    SQLAlchemy write one statement with a placeholder per value of a batch, which the driver
    parses in Python, every batch: a tenth of the importing process's time. SQLite is its
    own single writer and parses in C: RETURNING is the plain way there."""
    if connection.dialect.name != "postgresql":
        adding = _ADD_ACTIVITIES if table is activities else _ADD_ANALYSES
        return list(connection.execute(adding, rows).scalars().all())
    ids = list(
        connection.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                "FROM generate_series(1, :count) ORDER BY 1"
            ),
            {"table": table.name, "count": len(rows)},
        ).scalars()
    )
    _copied(
        connection, table, [{**row, "id": row_id} for row, row_id in zip(rows, ids, strict=True)]
    )
    return ids


def _added(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (each with the same keys) into ``table``: by COPY on PostgreSQL."""
    if connection.dialect.name == "postgresql":
        _copied(connection, table, rows)
    else:
        connection.execute(insert(table), rows)


def _copied(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL's bulk load, in the transaction of ``connection``: the driver writes each
    row in C, where a pipelined INSERT a row passes through a dozen Python calls; an import
    writes a run's file, analysis and a dozen best efforts."""
    columns = list(rows[0])
    names = ", ".join(f'"{name}"' for name in columns)  # the table's own column names
    driver = connection.connection.driver_connection
    assert driver is not None
    with (
        driver.cursor() as cursor,
        cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row([row[name] for name in columns])


class Row:
    """A stored file's row: its id, known once the row is written (see :class:`Waiting`)."""

    __slots__ = ("_id",)

    def __init__(self, row_id: int | None = None) -> None:
        self._id = row_id

    @property
    def id(self) -> int:
        if self._id is None:
            raise RuntimeError("the row has not been written yet")
        return self._id

    def written(self, row_id: int) -> None:
        self._id = row_id


@dataclass(frozen=True)
class Added:
    """A stored file: its row, and whether it now counts as its planned session."""

    row: Row
    matched: bool


class Waiting:
    """Files (with their analyses and best efforts) waiting to be written, all in three
    statements: an import of a thousand runs would otherwise make three round trips to the
    database a run. Written by :meth:`write`, which :func:`add_activity` calls itself before
    it reads what is stored, and the caller before it commits."""

    def __init__(self) -> None:
        self._activities: list[dict[str, Any]] = []
        self._rows: list[Row] = []
        self._analyses: list[tuple[Row, dict[str, Any], list[dict[str, Any]]]] = []

    def activity(self, values: dict[str, Any]) -> Row:
        """A file's row to write; its id is set when it is written."""
        row = Row()
        self._activities.append(values)
        self._rows.append(row)
        return row

    def analysis(self, of: Row, values: dict[str, Any], efforts: list[dict[str, Any]]) -> None:
        """An analysis of the file of ``of``, with its best efforts, to write."""
        self._analyses.append((of, values, efforts))

    def write(self, connection: Connection) -> None:
        """Write what waits: the files, then their analyses, then the best efforts."""
        if self._activities:
            ids = _inserted_ids(connection, activities, self._activities)
            for row, row_id in zip(self._rows, ids, strict=True):
                row.written(row_id)
        if self._analyses:
            rows = [{**values, "activity_id": of.id} for of, values, _ in self._analyses]
            ids = _inserted_ids(connection, analyses, rows)
            efforts = [
                {**effort, "analysis_id": analysis_id}
                for analysis_id, (_, _, of_one) in zip(ids, self._analyses, strict=True)
                for effort in of_one
            ]
            if efforts:
                _added(connection, best_efforts, efforts)
        self._activities, self._rows, self._analyses = [], [], []


def add_activity(
    connection: Connection,
    found: ImportedFile,
    scored: ScoredRun | None = None,
    replaces: Row | None = None,
    runner_id: int = RUNNER_ID,
    waiting: Waiting | None = None,
) -> Added:
    """Store one file, its analysis, and what it changes, in the transaction of ``connection``
    (the runner's row must exist: :func:`runners.ensure_runner`). ``replaces`` is a stored
    run this file is a richer copy of: it becomes a duplicate and its analysis goes. A run
    scored against a planned session takes the session from the run that holds it only when
    it fits closer (:func:`coach.matching.displaces`). With ``waiting``, the rows wait there
    to be written with others (see :class:`Waiting`); without, they are written at once.
    Written in SQLAlchemy Core: an import stores hundreds of files a second."""
    pending = waiting if waiting is not None else Waiting()
    if replaces is not None or (scored is not None and scored.plan_id is not None):
        pending.write(connection)  # what follows reads or changes the stored rows
    if replaces is not None:
        _mark_duplicate(connection, replaces.id, found.source)
    row = pending.activity({"runner_id": runner_id, **found.__dict__})
    matched = False
    if scored is not None:
        matched = _takes_the_session(connection, scored, runner_id)
        pending.analysis(
            row,
            {
                "runner_id": runner_id,
                "run_on": scored.run_on,
                "plan_id": scored.plan_id,
                "planned_on": scored.planned_on,
                "matched": matched,
                "compliance": scored.compliance,
                "reps": scored.reps,
                "moving_s": scored.moving_s,
                "distance_m": scored.distance_m,
                "trimp": scored.trimp,
                "rtss": scored.rtss,
                "document": json.dumps(scored.document),
                "work_s": scored.work_s,
                "work_m": scored.work_m,
                "family": scored.family,
                "series": scored.series,
            },
            [
                {"runner_id": runner_id, "run_on": scored.run_on, "label": label,
                 "metres": metres, "seconds": seconds}
                for label, metres, seconds in scored.best_efforts
            ],
        )  # fmt: skip
    if waiting is None:
        pending.write(connection)
    return Added(row, matched)


def _mark_duplicate(connection: Connection, row_id: int, of_source: str) -> None:
    connection.execute(
        update(activities)
        .where(activities.c.id == row_id)
        .values(status="duplicate", message=f"the same run as {of_source}")
    )
    connection.execute(delete(analyses).where(analyses.c.activity_id == row_id))


_SESSION_HOLDER = (
    select(analyses.c.id, analyses.c.compliance, analyses.c.run_on, analyses.c.planned_on)
    .where(
        analyses.c.runner_id == bindparam("runner"),
        analyses.c.plan_id == bindparam("plan"),
        analyses.c.planned_on == bindparam("day"),
        analyses.c.matched,
    )
    .limit(1)
)


def _takes_the_session(connection: Connection, scored: ScoredRun, runner_id: int) -> bool:
    """Whether a run scored against a planned session counts as it: when no run does yet, or
    when it fits closer than the one that does (which then no longer counts)."""
    if scored.plan_id is None or scored.planned_on is None:
        return False
    holder = connection.execute(
        _SESSION_HOLDER,
        {"runner": runner_id, "plan": scored.plan_id, "day": scored.planned_on},
    ).first()
    if holder is None:
        return True
    if not displaces(scored.fit(), fit_of(holder.compliance, holder.run_on, holder.planned_on)):
        return False
    connection.execute(update(analyses).where(analyses.c.id == holder.id).values(matched=False))
    return True


SAME_START_S = 60.0
SAME_LENGTH = 0.02
"""The same run from two services: starts within a minute, elapsed times within 2 %."""


@dataclass(frozen=True)
class StoredCopy:
    """A stored run another file may be a copy of."""

    row: Row
    source: str
    richness: int | None


_RUNS_STARTING = select(
    activities.c.id, activities.c.source, activities.c.elapsed_s, activities.c.richness
).where(
    activities.c.runner_id == bindparam("runner"),
    activities.c.status == "run",
    activities.c.start_time.between(bindparam("after"), bindparam("before")),
)


def same_run(
    connection: Connection, start: datetime, elapsed_s: float, runner_id: int = RUNNER_ID
) -> StoredCopy | None:
    """The stored run (this transaction's included) that a recording starting at ``start``
    and lasting ``elapsed_s`` is another copy of, if there is one."""
    window = timedelta(seconds=SAME_START_S)
    rows = connection.execute(
        _RUNS_STARTING, {"runner": runner_id, "after": start - window, "before": start + window}
    ).all()
    for row_id, source, stored_elapsed, richness in rows:
        if _same_length(stored_elapsed, elapsed_s):
            return StoredCopy(Row(row_id), source, richness)
    return None


_RUNS = select(
    activities.c.id,
    activities.c.source,
    activities.c.start_time,
    activities.c.elapsed_s,
    activities.c.richness,
).where(activities.c.runner_id == bindparam("runner"), activities.c.status == "run")


class KnownRuns:
    """The runner's stored runs by start, held in memory for an import: it asks of every file
    whether it is another copy of one of them, and a query each time would cost a round trip
    to the database (a tenth of an import's time on PostgreSQL). Kept up to date with what
    the import stores."""

    def __init__(self, connection: Connection, runner_id: int = RUNNER_ID) -> None:
        self._starts: list[float] = []
        self._runs: list[tuple[Row, str, float | None, int | None]] = []
        for row_id, source, start, elapsed, richness in connection.execute(
            _RUNS, {"runner": runner_id}
        ):
            if start is not None:
                self.add(Row(row_id), source, start, elapsed, richness)

    def same_run(self, start: datetime, elapsed_s: float) -> StoredCopy | None:
        """As :func:`same_run`, from memory."""
        moment = _seconds(start)
        first = bisect.bisect_left(self._starts, moment - SAME_START_S)
        last = bisect.bisect_right(self._starts, moment + SAME_START_S)
        for row, source, stored_elapsed, richness in self._runs[first:last]:
            if _same_length(stored_elapsed, elapsed_s):
                return StoredCopy(row, source, richness)
        return None

    def add(
        self,
        row: Row,
        source: str,
        start: datetime,
        elapsed_s: float | None,
        richness: int | None,
    ) -> None:
        """A run now stored."""
        moment = _seconds(start)
        place = bisect.bisect_right(self._starts, moment)
        self._starts.insert(place, moment)
        self._runs.insert(place, (row, source, elapsed_s, richness))

    def remove(self, row: Row) -> None:
        """A run stored no more (a richer copy took its place)."""
        for place, run in enumerate(self._runs):
            if run[0] is row:
                del self._starts[place], self._runs[place]
                return


def _seconds(moment: datetime) -> float:
    """A start as seconds since the epoch (SQLite hands back UTC starts without their zone)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _same_length(stored: float | None, elapsed_s: float) -> bool:
    if not stored:
        return False
    return abs(stored - elapsed_s) <= SAME_LENGTH * max(stored, elapsed_s)


def activity_count(engine: Engine, runner_id: int = RUNNER_ID) -> dict[str, int]:
    """How many stored files are runs, skipped, failed and duplicates."""
    with engine.connect() as connection:
        statuses = list(
            connection.execute(
                select(activities.c.status).where(activities.c.runner_id == runner_id)
            ).scalars()
        )
    return {status: statuses.count(status) for status in ("run", "skipped", "failed", "duplicate")}


@dataclass(frozen=True)
class RunOfDay:
    """A stored run's analysis, as the log and the history show it."""

    run_on: date
    moving_s: float
    reps: int
    matched: bool
    planned_on: date | None
    compliance: float | None


def runs_on(engine: Engine, day: date, runner_id: int = RUNNER_ID) -> list[RunOfDay]:
    """The analysed runs of a day, the one that counts as a planned session first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(analyses).where(analyses.c.runner_id == runner_id, analyses.c.run_on == day)
        ).all()
        runs = [
            RunOfDay(r.run_on, r.moving_s, r.reps, r.matched, r.planned_on, r.compliance)
            for r in rows
        ]
    return sorted(runs, key=lambda r: (not r.matched, -r.moving_s))


@dataclass(frozen=True)
class MatchedRun:
    """The run that counts as a planned session: its day, score and analysis document."""

    run_on: date
    planned_on: date
    compliance: float | None
    document: dict[str, Any]


def matched_runs(engine: Engine, plan_id: int, runner_id: int = RUNNER_ID) -> list[MatchedRun]:
    """The runs that count as the sessions of a plan."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(analyses).where(
                analyses.c.runner_id == runner_id,
                analyses.c.plan_id == plan_id,
                analyses.c.matched,
            )
        ).all()
        return [
            MatchedRun(r.run_on, r.planned_on, r.compliance, json.loads(r.document))
            for r in rows
            if r.planned_on is not None
        ]
