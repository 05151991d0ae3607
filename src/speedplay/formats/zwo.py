"""Zwift ``.zwo`` run workouts, for the treadmill.

There is no official schema (../shared/FORMATS.md). A run workout is ``<workout_file>`` with
``<sportType>run</sportType>`` and a ``<workout>`` of ``Warmup``, ``SteadyState``,
``IntervalsT`` (Repeat, OnDuration, OffDuration, OnPower, OffPower) and ``Cooldown`` blocks.
Run intensities are relative to one of the runner's reference paces (``pace``: 0 mile, 1 5k,
2 10k, 3 half, 4 marathon); the "power" is a fraction of that pace's speed. speedplay uses the
5k pace, so a treadmill workout needs the runner's fitness; durations are seconds, so distance
steps are timed at their target pace. A repeat of two steps becomes ``IntervalsT``; anything
else is written out. Cues become text events.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from speedplay.errors import FormatError
from speedplay.formats.describe import Resolver
from speedplay.formats.read_workout import UNNAMED, ReadWorkout, read_pace
from speedplay.races import Race
from speedplay.units import METRES_PER_KM
from speedplay.workout.model import (
    DistanceDuration,
    Intent,
    Item,
    NoTarget,
    PaceTarget,
    Repeat,
    Step,
    Target,
    TimeDuration,
    Workout,
)

REFERENCE = (Race.MILE, Race.K5, Race.K10, Race.HALF, Race.MARATHON)
"""Zwift's reference paces by index."""
REFERENCE_INDEX = 1
"""speedplay writes every block relative to the runner's 5k pace."""

ReferencePace = Callable[[Race], float]
"""The runner's race pace [s/km] for a reference race."""


def zwo_bytes(workout: Workout, resolve: Resolver, reference_pace: ReferencePace) -> bytes:
    """A .zwo run workout; every step needs a pace, so this needs the runner's fitness."""
    root = ET.Element("workout_file")
    ET.SubElement(root, "author").text = "speedplay"
    ET.SubElement(root, "name").text = workout.name or UNNAMED
    ET.SubElement(root, "description").text = "Made with speedplay"
    ET.SubElement(root, "sportType").text = "run"
    body = ET.SubElement(root, "workout")
    five_k = reference_pace(REFERENCE[REFERENCE_INDEX])
    writer = _Writer(body, resolve, five_k)
    for index, item in enumerate(workout.items):
        writer.item(item, first=index == 0, last=index == len(workout.items) - 1)
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


class _Writer:
    def __init__(self, body: ET.Element, resolve: Resolver, five_k_pace: float) -> None:
        self.body = body
        self.resolve = resolve
        self.five_k_speed = METRES_PER_KM / five_k_pace

    def item(self, item: Item, first: bool = False, last: bool = False) -> None:
        if isinstance(item, Repeat):
            self.repeat(item)
            return
        tag = "SteadyState"
        if first and item.intent is Intent.WARMUP:
            tag = "Warmup"
        elif last and item.intent is Intent.COOLDOWN:
            tag = "Cooldown"
        seconds, power = self.timed(item)
        block = ET.SubElement(self.body, tag, Duration=_num(seconds), pace=str(REFERENCE_INDEX))
        if tag == "SteadyState":
            block.set("Power", _num(power))
        else:
            block.set("PowerLow", _num(power))
            block.set("PowerHigh", _num(power))
        self.cue(block, item)

    def repeat(self, repeat: Repeat) -> None:
        pair = repeat.items if len(repeat.items) == 2 else ()
        if pair and isinstance(pair[0], Step) and isinstance(pair[1], Step) and repeat.count > 1:
            on, off = pair[0], pair[1]
            on_seconds, on_power = self.timed(on)
            off_seconds, off_power = self.timed(off)
            block = ET.SubElement(
                self.body,
                "IntervalsT",
                Repeat=str(repeat.count),
                OnDuration=_num(on_seconds),
                OffDuration=_num(off_seconds),
                OnPower=_num(on_power),
                OffPower=_num(off_power),
                pace=str(REFERENCE_INDEX),
            )
            self.cue(block, on)
            return
        for _ in range(repeat.count):
            for child in repeat.items:
                self.item(child)

    def timed(self, step: Step) -> tuple[float, float]:
        """Seconds and fraction of 5k speed for a step."""
        pace = (
            (step.target.fast, step.target.slow)
            if isinstance(step.target, PaceTarget)
            else (self.resolve(step).pace)
        )
        if pace is None:
            raise FormatError(
                f"a treadmill workout needs a pace for every step, and '{step.intent}' has none"
            )
        middle = (pace[0] + pace[1]) / 2
        if isinstance(step.duration, TimeDuration):
            seconds = step.duration.seconds
        elif isinstance(step.duration, DistanceDuration):
            seconds = step.duration.meters / METRES_PER_KM * middle
        else:
            raise FormatError("Zwift has no lap-button steps: give every step a time or distance")
        return seconds, round(METRES_PER_KM / middle / self.five_k_speed, 4)

    def cue(self, block: ET.Element, step: Step) -> None:
        words = " ".join(str(part) for part in (step.terrain, step.cue) if part)
        if words:
            ET.SubElement(block, "textevent", timeoffset="0", message=words)


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.4f}".rstrip("0")


# --- reading ---------------------------------------------------------------------------------


def read_zwo(data: bytes, source: str, reference_pace: ReferencePace | None) -> ReadWorkout:
    """A .zwo workout; with the runner's fitness its intensities become paces."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise FormatError(f"{source} is not readable XML: {error}") from error
    if root.tag != "workout_file" or root.find("workout") is None:
        raise FormatError(f"{source} is not a Zwift workout (no <workout_file><workout>)")
    warnings: list[str] = []
    if (root.findtext("sportType") or "").strip().lower() != "run":
        warnings.append(f"{source} is not a run workout; its intensities are read as run paces")
    if reference_pace is None:
        warnings.append("without --race the intensities cannot become paces; kept as cues")
    items: list[Item] = []
    blocks = list(root.find("workout") or [])
    for index, block in enumerate(blocks):
        items += _read_block(block, index, len(blocks), reference_pace, warnings)
    if not items:
        raise FormatError(f"{source}: the workout has no blocks")
    name = (root.findtext("name") or "").strip()
    name = "" if name == UNNAMED else name
    return ReadWorkout(Workout(name, tuple(items)), tuple(warnings))


def _read_block(
    block: ET.Element,
    index: int,
    count: int,
    reference: ReferencePace | None,
    warnings: list[str],
) -> list[Item]:
    race = REFERENCE[int(block.get("pace", "1")) % len(REFERENCE)]
    cue = " ".join(e.get("message", "") for e in block.findall("textevent")).strip() or None
    if block.tag == "IntervalsT":
        on = _step(Intent.WORK, block.get("OnDuration"), block.get("OnPower"), race, reference, cue)
        off = _step(
            Intent.RECOVERY, block.get("OffDuration"), block.get("OffPower"), race, reference, None
        )
        return [Repeat(int(block.get("Repeat", "1")), (on, off))]
    power = block.get("Power") or _mean(block.get("PowerLow"), block.get("PowerHigh"))
    intent = {"Warmup": Intent.WARMUP, "Cooldown": Intent.COOLDOWN}.get(block.tag, Intent.WORK)
    if block.tag not in ("Warmup", "Cooldown", "SteadyState", "Ramp", "FreeRide"):
        warnings.append(f"block {index}: '{block.tag}' is read as a steady block")
    return [_step(intent, block.get("Duration"), power, race, reference, cue)]


def _step(
    intent: Intent,
    duration: str | None,
    power: str | None,
    race: Race,
    reference: ReferencePace | None,
    cue: str | None,
) -> Step:
    seconds = float(duration or 0)
    if seconds <= 0:
        raise FormatError("a Zwift block without a duration")
    target: Target = NoTarget()
    if power is not None and reference is not None:
        pace = read_pace(reference(race) / float(power))
        target = PaceTarget(pace, pace)
    elif power is not None:
        cue = " ".join(p for p in (cue, f"{float(power):.0%} of {race.key} pace") if p)
    return Step(intent, TimeDuration(seconds), target, cue=cue)


def _mean(low: str | None, high: str | None) -> str | None:
    if low is None or high is None:
        return low or high
    return str((float(low) + float(high)) / 2)
