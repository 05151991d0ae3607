"""The words of the workout language, shared by its parser and its printer.

Keeping them in one table means the printer can only write what the parser reads. Words are
matched case-insensitively; the first spelling listed for a meaning is the canonical one.
"""

from __future__ import annotations

import re
from decimal import Decimal

from speedplay.units import METRES_PER_KM, METRES_PER_MILE
from speedplay.workout.model import Intensity, Intent, RecoveryStyle, Terrain

SECONDS_PER_TIME_UNIT: dict[str, float] = {
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
    "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "h": 3600.0, "hour": 3600.0, "hours": 3600.0,
}  # fmt: skip

METRES_PER_DISTANCE_UNIT: dict[str, float] = {
    "m": 1.0, "metre": 1.0, "metres": 1.0, "meter": 1.0, "meters": 1.0,
    "km": METRES_PER_KM, "k": METRES_PER_KM,
    "mi": METRES_PER_MILE, "mile": METRES_PER_MILE, "miles": METRES_PER_MILE,
}  # fmt: skip

UNIT_HINT = "s, min, h, m, km or mi"

INTENT_WORDS: dict[str, tuple[Intent, RecoveryStyle | None]] = {
    "wu": (Intent.WARMUP, None),
    "warmup": (Intent.WARMUP, None),
    "warm-up": (Intent.WARMUP, None),
    "cd": (Intent.COOLDOWN, None),
    "cooldown": (Intent.COOLDOWN, None),
    "cool-down": (Intent.COOLDOWN, None),
    "easy": (Intent.EASY, None),
    "work": (Intent.WORK, None),
    "hard": (Intent.WORK, None),
    "jog": (Intent.RECOVERY, RecoveryStyle.JOG),
    "walk": (Intent.RECOVERY, RecoveryStyle.WALK),
    "float": (Intent.RECOVERY, RecoveryStyle.FLOAT),
    "rec": (Intent.RECOVERY, RecoveryStyle.JOG),
    "recovery": (Intent.RECOVERY, RecoveryStyle.JOG),
    "rest": (Intent.REST, None),
    "on": (Intent.WORK, None),  # 1min on, 1min off
    "off": (Intent.RECOVERY, RecoveryStyle.JOG),
}
TWO_WORD_INTENTS: dict[tuple[str, str], tuple[Intent, RecoveryStyle | None]] = {
    ("warm", "up"): (Intent.WARMUP, None),
    ("cool", "down"): (Intent.COOLDOWN, None),
}
"""Intents written as two words: ``warm up``, ``cool down``."""
INTENT_HINT = "wu, cd, easy, work, jog, walk, float, rest"

CANONICAL_INTENT_WORD: dict[Intent, str] = {
    Intent.WARMUP: "wu",
    Intent.COOLDOWN: "cd",
    Intent.EASY: "easy",
    Intent.WORK: "work",
    Intent.REST: "rest",
}

TERRAIN_WORDS: dict[str, Terrain] = {
    "uphill": Terrain.UPHILL,
    "up": Terrain.UPHILL,
    "downhill": Terrain.DOWNHILL,
    "down": Terrain.DOWNHILL,
}

OPEN_WORDS = frozenset({"open", "lap"})
"""A step that lasts until the lap button; a step written with no duration is open too."""

INTENSITY_WORDS: dict[str, Intensity] = {
    "e": Intensity.EASY,
    "easy": Intensity.EASY,
    "m": Intensity.MARATHON,
    "mp": Intensity.MARATHON,
    "t": Intensity.THRESHOLD,
    "threshold": Intensity.THRESHOLD,
    "tempo": Intensity.THRESHOLD,  # Daniels' T pace is the tempo run's
    "i": Intensity.INTERVAL,
    "interval": Intensity.INTERVAL,
    "r": Intensity.REPETITION,
    "rep": Intensity.REPETITION,
    "repetition": Intensity.REPETITION,
}
CANONICAL_INTENSITY_WORD: dict[Intensity, str] = {
    Intensity.EASY: "E",
    Intensity.MARATHON: "M",
    Intensity.THRESHOLD: "T",
    Intensity.INTERVAL: "I",
    Intensity.REPETITION: "R",
}

PLAIN_NAME = re.compile(r'\s*([A-Za-z][^:@()+,"\\]*?)\s*:(?!\d)')
"""A workout name before a colon: starts with a letter, none of the language's punctuation.
Any other name is written in double quotes: ``"5x1k, hard": ...``."""

PYRAMID_WORD = "pyramid"
PYRAMID_EQUAL, PYRAMID_HALF = "equal", "half"

PACE_UNITS: dict[str, float] = {"km": METRES_PER_KM, "k": METRES_PER_KM, "mi": METRES_PER_MILE,
                                "mile": METRES_PER_MILE}  # fmt: skip
"""What may follow the slash of a pace with no number: ``4:50/km``, ``7:45/mi``."""


def pace_per_km(seconds: float, per_metres: float) -> float:
    """``pace [s/km]`` from a time over a distance, as written (``1:30/400m``).

    Per kilometre the written value is kept exactly, so ``4:50/km`` is 290.0 and no rounding
    creeps into round trips.
    """
    if per_metres == METRES_PER_KM:
        return seconds
    return seconds * METRES_PER_KM / per_metres


def format_number(value: float) -> str:
    """The shortest decimal that reads back as exactly ``value``, never in exponent form."""
    if value == int(value):
        return str(int(value))
    return f"{Decimal(repr(value)):f}"
