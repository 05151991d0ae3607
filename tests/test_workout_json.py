"""The workout JSON document: its stable keys, round trips and errors that say where."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from speedplay.errors import FormatError
from speedplay.formats.workout_json import workout_from_dict, workout_to_dict
from speedplay.workout import Workout, parse_workout
from tests.strategies import workouts


def test_the_documented_keys_and_units():
    document = workout_to_dict(
        parse_workout("Hills: 10min wu + 2x(60s uphill @rpe8-9, jog down) + 1km cd")
    )
    assert set(document) == {"name", "text", "items", "total_seconds", "work_seconds"}
    assert document["name"] == "Hills"
    assert document["total_seconds"] is None
    assert document["work_seconds"] == 120
    warmup, repeat, cooldown = document["items"]
    assert warmup == {
        "intent": "warmup",
        "duration": {"seconds": 600.0},
        "target": {"type": "none"},
        "terrain": None,
        "cue": None,
        "style": None,
    }
    assert cooldown["duration"] == {"meters": 1000.0}
    assert repeat["repeat"] == 2
    climb, back = repeat["items"]
    assert climb["target"] == {"type": "rpe", "low": 8, "high": 9}
    assert climb["terrain"] == "uphill"
    assert back == {
        "intent": "recovery",
        "duration": {"open": True},
        "target": {"type": "none"},
        "terrain": "downhill",
        "cue": None,
        "style": "jog",
    }


def test_every_target_kind_has_its_document():
    text = "1km @4:50-5:00/km + 1km @hr150-160 + 1km @T + 1km @5k + 1km @rpe7"
    targets = [item["target"] for item in workout_to_dict(parse_workout(text))["items"]]
    assert targets == [
        {"type": "pace", "fast_s_per_km": 290.0, "slow_s_per_km": 300.0},
        {"type": "hr", "low_bpm": 150, "high_bpm": 160},
        {"type": "intensity", "intensity": "threshold"},
        {"type": "race_pace", "race": "5k"},
        {"type": "rpe", "low": 7, "high": 7},
    ]


@given(workouts)
def test_every_workout_round_trips_through_json(workout: Workout):
    document = json.loads(json.dumps(workout_to_dict(workout)))
    assert workout_from_dict(document) == workout


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "the document: expected an object"),
        ({"name": "x"}, "items: expected a list"),
        ({"items": [{"repeat": "5", "items": []}]}, "items[0].repeat: expected a whole number"),
        ({"items": [{"repeat": 0, "items": [{"intent": "work", "duration": {"open": True}}]}]},
         "items[0]: a repeat count runs from 1 to 99, found 0"),
        ({"items": [{"intent": "sprint", "duration": {"open": True}}]},
         "items[0].intent: expected one of warmup, work, recovery, rest, cooldown, easy, found 'sprint'"),
        ({"items": [{"intent": "work", "duration": {"hours": 1}}]},
         'items[0].duration: expected {"seconds": n}, {"meters": n} or {"open": true}'),
        ({"items": [{"intent": "work", "duration": {"seconds": -5}}]},
         "items[0].duration: a duration must be a positive number, found -5"),
        ({"items": [{"intent": "work", "duration": {"open": True}, "target": {"type": "rpe", "low": 8, "high": 12}}]},
         "items[0].target: RPE runs from 1 to 10, found 12"),
        ({"items": [{"intent": "work", "duration": {"open": True}, "target": {"type": "watts"}}]},
         "items[0].target.type: expected none, rpe, pace, hr, intensity or race_pace, found 'watts'"),
    ],
)  # fmt: skip
def test_bad_documents_say_where_they_are_wrong(document, message):
    with pytest.raises(FormatError) as caught:
        workout_from_dict(document)
    assert str(caught.value) == message
