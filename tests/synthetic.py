"""Synthetic recordings with known truth, for detection tests and the accuracy script.

A session is a list of (kind, seconds, speed [m/s], grade) blocks; the recording adds what real
watches add: GPS speed noise, spikes, dropouts, ramps between paces and heart-rate lag.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from speedplay.analysis.activity import Activity, build_activity

RAMP_S = 3
"""Seconds a runner takes to change pace."""


@dataclass(frozen=True)
class Truth:
    """Where the hard reps really were [s]."""

    reps: list[tuple[float, float]]


Block = tuple[str, float, float, float]
"""(kind, seconds, speed [m/s], grade)."""


def _whole(rng: np.random.Generator, low: int, high: int) -> float:
    """A whole number of seconds drawn from [low, high)."""
    return float(rng.integers(low, high))


def session(kind: str, rng: np.random.Generator) -> list[Block]:
    """A realistic session of ``kind`` with a little variation in paces."""
    easy, jog = rng.uniform(2.6, 3.2), rng.uniform(2.2, 2.7)
    fast = easy * rng.uniform(1.3, 1.6)
    warm: list[Block] = [("easy", _whole(rng, 480, 900), easy, 0.0)]
    cool: list[Block] = [("easy", _whole(rng, 300, 720), easy, 0.0)]
    body: list[Block] = []
    if kind == "30-30":
        for _ in range(int(_whole(rng, 6, 13))):
            body += [("work", 30, fast * 1.05, 0.0), ("rec", 30, jog, 0.0)]
    elif kind == "400s":
        for _ in range(int(_whole(rng, 5, 9))):
            body += [("work", _whole(rng, 80, 100), fast, 0.0), ("rec", 90, jog, 0.0)]
    elif kind == "long":
        for _ in range(4):
            body += [("work", 360, fast * 0.93, 0.0), ("rec", 180, jog, 0.0)]
    elif kind == "pyramid":
        for minutes in (1, 2, 3, 4, 3, 2, 1):
            body += [("work", minutes * 60, fast * (1.02 - 0.02 * minutes), 0.0),
                     ("rec", minutes * 60, jog, 0.0)]  # fmt: skip
    elif kind == "hills":
        grade = rng.uniform(0.05, 0.08)
        for _ in range(int(_whole(rng, 6, 10))):
            up = _whole(rng, 50, 90)
            body += [("work", up, fast * 0.78, grade), ("rec", up * 1.4, jog * 0.95, -grade / 1.4)]
    elif kind == "fartlek":
        for _ in range(int(_whole(rng, 6, 10))):
            body += [("work", _whole(rng, 20, 120), fast, 0.0),
                     ("rec", _whole(rng, 60, 180), easy, 0.0)]  # fmt: skip
    return warm + body + cool


def recording(
    blocks: list[tuple[str, float, float, float]],
    rng: np.random.Generator,
    noise: float = 0.4,
    dropouts: int = 3,
    spikes: float = 0.01,
) -> tuple[Activity, Truth]:
    """A 1 Hz recording of ``blocks`` with noise, spikes, dropouts and altitude."""
    speeds, grades, reps = [], [], []
    clock = 0.0
    for kind, seconds, speed, grade in blocks:
        if kind == "work":
            reps.append((clock, clock + seconds))
        speeds += [speed] * int(seconds)
        grades += [grade] * int(seconds)
        clock += int(seconds)
    true_speed = np.array(speeds, dtype=float)
    ramp = np.ones(RAMP_S) / RAMP_S
    true_speed = np.convolve(np.pad(true_speed, (RAMP_S - 1, 0), mode="edge"), ramp, "valid")
    altitude = 100 + np.cumsum(true_speed * np.array(grades))
    distance = np.cumsum(true_speed)
    measured = true_speed + rng.normal(0, noise, len(true_speed))
    measured[rng.random(len(measured)) < spikes] += rng.uniform(3, 6)
    measured = np.clip(measured, 0, None)
    keep = np.ones(len(measured), dtype=bool)
    for _ in range(dropouts):
        start = int(_whole(rng, 0, len(measured) - 30))
        keep[start : start + int(_whole(rng, 5, 20))] = False
    heart = 120 + 50 * np.convolve(true_speed / true_speed.max(), np.ones(20) / 20, "same")
    index = np.flatnonzero(keep)
    activity = build_activity(
        [float(t) for t in index],
        distance_m=[float(d) for d in distance[index]],
        speed_m_s=[float(s) for s in measured[index]],
        heart_rate=[float(h) for h in heart[index]],
        altitude_m=[float(a) + rng.normal(0, 0.5) for a in altitude[index]],
    )
    return activity, Truth(reps)
