"""Reading and writing the runner's profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from speedplay.profile import Profile, StoredRace
from speedplay.races import RaceResult
from speedplay.storage.reading import Reader

if TYPE_CHECKING:
    from sqlalchemy import Engine

RUNNER_ID = 1
"""The command line's one runner."""


def load_profile(reader: Reader, runner_id: int = RUNNER_ID) -> Profile:
    """The stored profile, or an empty one when none was saved. Every command reads it, most
    only for the units: read straight through the driver (``reading.py``)."""
    found = reader.rows(
        "SELECT r.lthr, r.max_hr, r.rest_hr, r.units, r.level, r.weekly_km, r.speed_day,"
        " r.days_available, a.label, a.metres, a.seconds, a.run_on FROM runners r"
        " LEFT JOIN races a ON a.runner_id = r.id WHERE r.id = ? ORDER BY a.id",
        [runner_id],
    )  # the runner's row once a race (once with no race): one statement, not two
    if not found:
        return Profile()
    lthr, max_hr, rest_hr, units, level, weekly_km, speed_day, days = found[0][:8]
    stored = [row[8:] for row in found if row[8] is not None]
    return Profile(
        races=tuple(
            StoredRace(RaceResult(label, metres, seconds), reader.day(run_on))
            for label, metres, seconds, run_on in stored
        ),
        lthr=lthr,
        max_hr=max_hr,
        rest_hr=rest_hr,
        units=units,
        level=level,
        weekly_km=weekly_km,
        speed_day=speed_day,
        days_available=tuple(days.split(",")) if days else (),
    )


def save_profile(engine: Engine, profile: Profile, runner_id: int = RUNNER_ID) -> None:
    """Store ``profile`` whole (its races replace the stored ones), in one transaction."""
    from sqlalchemy import delete, insert, update

    from speedplay.storage.runners import ensure_runner
    from speedplay.storage.tables import races, runners

    values = {
        "lthr": profile.lthr,
        "max_hr": profile.max_hr,
        "rest_hr": profile.rest_hr,
        "units": profile.units,
        "level": profile.level,
        "weekly_km": profile.weekly_km,
        "speed_day": profile.speed_day,
        "days_available": ",".join(profile.days_available) or None,
    }
    with engine.begin() as connection:
        ensure_runner(connection, runner_id)
        connection.execute(update(runners).where(runners.c.id == runner_id).values(**values))
        connection.execute(delete(races).where(races.c.runner_id == runner_id))
        if profile.races:
            connection.execute(
                insert(races),
                [
                    {
                        "runner_id": runner_id,
                        "label": race.result.label,
                        "metres": race.result.metres,
                        "seconds": race.result.seconds,
                        "run_on": race.on,
                    }
                    for race in profile.races
                ],
            )
