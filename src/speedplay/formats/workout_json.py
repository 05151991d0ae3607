"""Workouts as JSON documents: the stable schema of ``speedplay workout --json``.

The schema is documented in ``docs/json.md``. Writing adds the derived totals and the canonical
text; reading takes ``name`` and ``items`` and ignores the rest, so a document read back gives the
same workout. Times are seconds, distances metres, paces seconds per kilometre.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from speedplay.errors import FormatError, InvalidValueError
from speedplay.physiology.targets import Resolved
from speedplay.races import Race
from speedplay.workout.model import (
    DistanceDuration,
    Duration,
    HeartRateTarget,
    Intensity,
    IntensityTarget,
    Intent,
    Item,
    NoTarget,
    OpenDuration,
    PaceTarget,
    RacePaceTarget,
    RecoveryStyle,
    Repeat,
    RpeTarget,
    Step,
    Target,
    Terrain,
    TimeDuration,
    Workout,
)
from speedplay.workout.printer import format_workout

JsonDict = dict[str, Any]
Resolver = Callable[[Step], Resolved]
"""Gives a step's resolved pace and heart rate for one runner."""
_T = TypeVar("_T")
_E = TypeVar("_E", bound=StrEnum)


def workout_to_dict(workout: Workout, resolve: Resolver | None = None) -> JsonDict:
    """The JSON document of a workout, with its totals and canonical text; with ``resolve``,
    each step also carries its ``resolved`` pace and heart rate for the runner."""
    return {
        "name": workout.name,
        "text": format_workout(workout),
        "items": [item_to_dict(item, resolve) for item in workout.items],
        "total_seconds": workout.total_seconds,
        "work_seconds": workout.work_seconds,
    }


def item_to_dict(item: Item, resolve: Resolver | None = None) -> JsonDict:
    """A step ``{"intent", "duration", "target", ...}`` or a repeat ``{"repeat", "items"}``."""
    if isinstance(item, Repeat):
        return {"repeat": item.count, "items": [item_to_dict(i, resolve) for i in item.items]}
    document = {
        "intent": item.intent.value,
        "duration": _duration_to_dict(item.duration),
        "target": target_to_dict(item.target),
        "terrain": item.terrain.value if item.terrain else None,
        "cue": item.cue,
        "style": item.style.value if item.style else None,
    }
    if resolve is not None:
        document["resolved"] = resolved_to_dict(resolve(item))
    return document


def resolved_to_dict(resolved: Resolved) -> JsonDict:
    """``{"pace_s_per_km": [fast, slow] | null}``, plus ``"hr_bpm": [low, high]`` when known."""
    document: JsonDict = {"pace_s_per_km": list(resolved.pace) if resolved.pace else None}
    if resolved.heart_rate is not None:
        document["hr_bpm"] = list(resolved.heart_rate)
    return document


def target_to_dict(target: Target) -> JsonDict:
    """``{"type": "none" | "rpe" | "pace" | "hr" | "intensity" | "race_pace", ...}``."""
    if isinstance(target, RpeTarget):
        return {"type": "rpe", "low": target.low, "high": target.high}
    if isinstance(target, PaceTarget):
        return {"type": "pace", "fast_s_per_km": target.fast, "slow_s_per_km": target.slow}
    if isinstance(target, HeartRateTarget):
        return {"type": "hr", "low_bpm": target.low, "high_bpm": target.high}
    if isinstance(target, IntensityTarget):
        return {"type": "intensity", "intensity": target.intensity.value}
    if isinstance(target, RacePaceTarget):
        return {"type": "race_pace", "race": target.race.key}
    return {"type": "none"}


def _duration_to_dict(duration: Duration) -> JsonDict:
    if isinstance(duration, TimeDuration):
        return {"seconds": duration.seconds}
    if isinstance(duration, DistanceDuration):
        return {"meters": duration.meters}
    return {"open": True}


# --- reading ---------------------------------------------------------------------------------


def workout_from_dict(document: object) -> Workout:
    """The workout a JSON document describes; :class:`FormatError` says where it is wrong."""
    data = _mapping(document, "the document")
    items = _list(data.get("items"), "items")
    name = data.get("name", "")
    if not isinstance(name, str):
        raise FormatError("name: expected text")
    parsed = tuple(_item(item, f"items[{n}]") for n, item in enumerate(items))
    return _checked(lambda: Workout(name, parsed), "the workout")


def _item(value: object, where: str) -> Item:
    data = _mapping(value, where)
    if "repeat" in data:
        count = data["repeat"]
        if not isinstance(count, int) or isinstance(count, bool):
            raise FormatError(f"{where}.repeat: expected a whole number")
        children = _list(data.get("items"), f"{where}.items")
        items = tuple(_item(child, f"{where}.items[{n}]") for n, child in enumerate(children))
        return _checked(lambda: Repeat(count, items), where)
    intent = _enum(Intent, data.get("intent"), f"{where}.intent")
    duration = _duration(data.get("duration"), f"{where}.duration")
    target = _target(data.get("target", {"type": "none"}), f"{where}.target")
    terrain = _optional_enum(Terrain, data.get("terrain"), f"{where}.terrain")
    style = _optional_enum(RecoveryStyle, data.get("style"), f"{where}.style")
    cue = data.get("cue")
    if cue is not None and not isinstance(cue, str):
        raise FormatError(f"{where}.cue: expected text")
    return _checked(lambda: Step(intent, duration, target, terrain, cue, style), where)


def _duration(value: object, where: str) -> Duration:
    data = _mapping(value, where)
    if "seconds" in data:
        seconds = _number(data["seconds"], f"{where}.seconds")
        return _checked(lambda: TimeDuration(seconds), where)
    if "meters" in data:
        meters = _number(data["meters"], f"{where}.meters")
        return _checked(lambda: DistanceDuration(meters), where)
    if data.get("open") is True:
        return OpenDuration()
    raise FormatError(f'{where}: expected {{"seconds": n}}, {{"meters": n}} or {{"open": true}}')


def _target(value: object, where: str) -> Target:
    data = _mapping(value, where)
    kind = data.get("type")
    if kind == "none":
        return NoTarget()
    if kind == "rpe":
        low, high = _whole(data, "low", where), _whole(data, "high", where)
        return _checked(lambda: RpeTarget(low, high), where)
    if kind == "hr":
        low, high = _whole(data, "low_bpm", where), _whole(data, "high_bpm", where)
        return _checked(lambda: HeartRateTarget(low, high), where)
    if kind == "pace":
        fast = _number(data.get("fast_s_per_km"), f"{where}.fast_s_per_km")
        slow = _number(data.get("slow_s_per_km"), f"{where}.slow_s_per_km")
        return _checked(lambda: PaceTarget(fast, slow), where)
    if kind == "intensity":
        return IntensityTarget(_enum(Intensity, data.get("intensity"), f"{where}.intensity"))
    if kind == "race_pace":
        race = Race.from_name(str(data.get("race", "")))
        if race is None:
            raise FormatError(f"{where}.race: unknown race distance {data.get('race')!r}")
        return RacePaceTarget(race)
    raise FormatError(
        f"{where}.type: expected none, rpe, pace, hr, intensity or race_pace, found {kind!r}"
    )


def _checked(make: Callable[[], _T], where: str) -> _T:
    """Build a model value, reporting its range checks as format errors at ``where``."""
    try:
        return make()
    except InvalidValueError as error:
        raise FormatError(f"{where}: {error}") from error


def _mapping(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FormatError(f"{where}: expected an object")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise FormatError(f"{where}: expected a list")
    return value


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FormatError(f"{where}: expected a number, found {value!r}")
    return float(value)


def _whole(data: dict[str, Any], key: str, where: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FormatError(f"{where}.{key}: expected a whole number, found {value!r}")
    return value


def _enum(kind: type[_E], value: object, where: str) -> _E:
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise FormatError(f"{where}: expected one of {allowed}, found {value!r}") from None


def _optional_enum(kind: type[_E], value: object, where: str) -> _E | None:
    return None if value is None else _enum(kind, value, where)
