"""Plans as iCalendar (RFC 5545) files, written with the ``icalendar`` package.

One all-day event per session, the full workout and its targets in the description. Each
event's UID is made from its date and its place that day, so importing a revised plan updates
the sessions already in the calendar instead of adding copies.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from speedplay.formats.describe import Resolver, describe_lines
from speedplay.units import UnitSystem
from speedplay.workout.model import Workout
from speedplay.workout.printer import format_workout

PRODUCT_ID = "-//speedplay//speedplay plan//EN"
UID_DOMAIN = "speedplay"


def session_uid(day: date, slot: int) -> str:
    """A session's stable identity: its date and its place that day."""
    return f"{day.isoformat()}-{slot}@{UID_DOMAIN}"


def calendar_bytes(
    sessions: Iterable[tuple[date, Workout, str]],
    stamp: datetime,
    units: UnitSystem,
    resolve: Resolver | None = None,
) -> bytes:
    """The calendar of ``sessions`` (day, workout, why); ``stamp`` is the DTSTAMP [UTC]."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "speedplay")
    slots: dict[date, int] = {}
    for day, workout, why in sessions:
        slot = slots.get(day, 0)
        slots[day] = slot + 1
        event = Event()
        event.add("uid", session_uid(day, slot))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", workout.name or "Speed session")
        description = [*describe_lines(workout, units, resolve), "", format_workout(workout)]
        if why:
            description += ["", f"Why: {why}"]
        event.add("description", "\n".join(description))
        event.add("categories", ["speedplay"])
        calendar.add_component(event)
    return bytes(calendar.to_ical())
