"""Reading and writing the runner's profile."""

from __future__ import annotations

from sqlalchemy import Engine, delete, insert, select, update

from speedplay.profile import Profile, StoredRace
from speedplay.races import RaceResult
from speedplay.storage.tables import races, runners

RUNNER_ID = 1
"""The command line's one runner."""


def load_profile(engine: Engine, runner_id: int = RUNNER_ID) -> Profile:
    """The stored profile, or an empty one when none was saved. Read as plain rows (every
    command reads it, most only for the units: no ORM objects to build)."""
    with engine.connect() as connection:
        row = connection.execute(select(runners).where(runners.c.id == runner_id)).first()
        if row is None:
            return Profile()
        stored = connection.execute(
            select(races.c.label, races.c.metres, races.c.seconds, races.c.run_on)
            .where(races.c.runner_id == runner_id)
            .order_by(races.c.id)
        ).all()
    return Profile(
        races=tuple(
            StoredRace(RaceResult(race.label, race.metres, race.seconds), race.run_on)
            for race in stored
        ),
        lthr=row.lthr,
        max_hr=row.max_hr,
        rest_hr=row.rest_hr,
        units=row.units,
        level=row.level,
        weekly_km=row.weekly_km,
        speed_day=row.speed_day,
        days_available=tuple(row.days_available.split(",")) if row.days_available else (),
    )


def save_profile(engine: Engine, profile: Profile, runner_id: int = RUNNER_ID) -> None:
    """Store ``profile`` whole (its races replace the stored ones), in one transaction."""
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
        stored = connection.execute(select(runners.c.id).where(runners.c.id == runner_id)).first()
        if stored is None:
            connection.execute(insert(runners).values(id=runner_id, **values))
        else:
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
