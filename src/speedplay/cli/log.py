"""``speedplay log``: how a session felt, or why it was skipped."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from speedplay.cli.plan import parse_date
from speedplay.cli.render import print_changes
from speedplay.cli.storage import database
from speedplay.coach.log import LogEntry, SkipReason
from speedplay.coach.matching import sessions_near
from speedplay.errors import InvalidValueError
from speedplay.units import format_clock

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from speedplay.storage.activities import RunOfDay


def log(
    day: Annotated[str, typer.Argument(help="The day: YYYY-MM-DD, today or yesterday.")],
    rpe: Annotated[
        float | None, typer.Option(help="How hard the whole session felt, 1-10 (session RPE).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note for the day.")] = None,
    skip: Annotated[
        SkipReason | None, typer.Option(help="The planned session did not happen, and why.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the entry as JSON.")] = False,
) -> None:
    """Log a day's session: how hard it felt (RPE 1-10), a note, or that it was skipped and
    why. The coach reads it when it plans what comes next."""
    if rpe is None and note is None and skip is None:
        raise InvalidValueError("log: give --rpe, --note or --skip")
    from speedplay.services.adapting import readapt
    from speedplay.storage.activities import runs_on
    from speedplay.storage.logs import save_log

    on = _day(day)
    engine = database()
    entry = save_log(engine, LogEntry(on, rpe, note, skip))
    run = next(iter(runs_on(engine, on)), None)
    load = None if run is None or entry.rpe is None else entry.rpe * run.moving_s / 60
    changed = readapt(engine, date.today())
    changes = list(changed.reasons) if changed else []
    if as_json:
        document = {
            "date": on.isoformat(),
            "rpe": entry.rpe,
            "note": entry.note,
            "skipped": entry.skipped,
            "session_rpe_load": None if load is None else round(load, 1),
            "plan_changes": changes,
        }
        typer.echo(json.dumps(document, indent=2))
        return
    typer.echo(_said(entry, run, load, _planned_family(engine, on)))
    print_changes(changes)


def _day(text: str) -> date:
    words = {"today": date.today(), "yesterday": date.today() - timedelta(days=1)}
    return words.get(text.strip().lower()) or parse_date(text, "DATE")


def _planned_family(engine: Engine, on: date) -> str | None:
    from speedplay.storage.plans import current_sessions

    sessions = current_sessions(engine) or []
    near = sessions_near(on, sessions)
    return f"the {near[0].family} session of {near[0].day}" if near else None


def _said(entry: LogEntry, run: RunOfDay | None, load: float | None, planned: str | None) -> str:
    parts = [f"{entry.day}:"]
    if entry.skipped is not None:
        parts.append(f"{planned or 'the day'} skipped ({entry.skipped.value})")
    elif entry.rpe is not None:
        parts.append(f"RPE {entry.rpe:g}")
        if run is None:
            parts.append("(no run imported for that day yet)")
        else:
            parts.append(
                f"for {format_clock(run.moving_s)} moving: session load {load:.0f}"
                if load is not None
                else ""
            )
    if entry.note:
        parts.append(f"- {entry.note}")
    return " ".join(p for p in parts if p)
