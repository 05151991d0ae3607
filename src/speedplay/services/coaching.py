"""A coach rewriting a session of an athlete's plan: a new plan version with the coach's note
as its reason, the session marked as the coach's so that the plan's own rules, re-deriving
the plan later, leave it as the coach wrote it."""

from __future__ import annotations

import copy
from datetime import date

from sqlalchemy import Engine

from speedplay.errors import InvalidValueError
from speedplay.formats.workout_json import workout_to_dict
from speedplay.storage.plans import add_version, newest_version
from speedplay.workout.model import Workout


def rewrite_session(
    engine: Engine, runner_id: int, day: date, workout: Workout, note: str, coach: str
) -> int:
    """Replace the session on ``day`` of the runner's plan by ``workout``; the new version's
    number. The note is the athlete's to read, with the session and as the version's reason."""
    stored = newest_version(engine, runner_id)
    if stored is None:
        raise InvalidValueError("the athlete has no plan yet")
    document = copy.deepcopy(stored.document)
    sessions = [s for week in document["weeks"] for s in week["sessions"]]
    found = next((s for s in sessions if s["date"] == day.isoformat()), None)
    if found is None:
        raise InvalidValueError(f"the plan has no session on {day}")
    found["workout"] = workout_to_dict(workout)
    found["coach_note"] = note or "changed by your coach"
    reason = f"Your coach {coach} rewrote the session of {day:%a %d %b}"
    reason += f": {note}" if note else "."
    return add_version(engine, stored.plan_id, document, reason)
