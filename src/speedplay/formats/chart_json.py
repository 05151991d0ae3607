"""A run every few seconds, for its chart in the web app: speed, effort (grade-adjusted)
speed, heart rate and altitude, each the mean of its few seconds.

A one-hour run at one point every five seconds is 720 points a channel, about 11 kB of JSON:
small enough to store with every analysis, so that any stored run can be drawn without its
file. Every run is encoded as it is imported, so the values are whole numbers (centimetres a
second, beats a minute, decimetres), which encode three times faster than decimals."""

from __future__ import annotations

import json

import numpy as np

from speedplay.analysis.segmentation import Grid

STEP_S = 5
"""Seconds a point stands for; point ``i`` is the run's seconds ``i*STEP_S`` onwards."""

_MISSING = -999_999
"""Stands for a missing value until the text is written (no real value reads like it)."""

CHANNELS = (("speed", "speed_cm_s", 100.0), ("effort", "effort_cm_s", 100.0),
            ("heart_rate", "heart_rate", 1.0), ("altitude", "altitude_dm", 10.0))  # fmt: skip
"""Each channel: its name in SI (m/s, bpm, m), its stored name, and the scale between."""


def series_json(grid: Grid, step_s: int = STEP_S) -> str:
    """``{"step_s", "speed_cm_s", "effort_cm_s", "heart_rate", "altitude_dm"}``, missing
    values ``null``."""
    points = len(grid.time) // step_s
    values = (grid.speed, grid.effort, grid.heart_rate, grid.altitude)
    document: dict[str, object] = {"step_s": step_s}
    for (_, name, scale), channel in zip(CHANNELS, values, strict=True):
        kept = np.asarray(channel, dtype=float)[: points * step_s]
        document[name] = _means(kept * scale, step_s)
    text = json.dumps(document, separators=(",", ":"))
    return text.replace(str(_MISSING), "null")


def _means(values: np.ndarray, step_s: int) -> list[int]:
    """The mean of each ``step_s`` values, to the nearest whole number (``_MISSING`` where
    none is finite)."""
    blocks = values.reshape(-1, step_s)
    finite = np.isfinite(blocks)
    counts = finite.sum(axis=1)
    sums = np.where(finite, blocks, 0.0).sum(axis=1)
    means = np.divide(sums, counts, out=np.full(len(blocks), np.nan), where=counts > 0)
    whole = np.where(np.isfinite(means), np.round(means), _MISSING).astype(np.int64)
    listed: list[int] = whole.tolist()
    return listed


def with_stored_series(text: str, document: dict[str, object]) -> str:
    """``document`` as JSON with the stored series ``text`` under ``"series"`` as it is, and
    the ``"channels"`` that scale it to SI (``CHANNELS``), for a browser to draw: the series is
    not decoded and encoded again (a third of a run page's time)."""
    rest = json.dumps({**document, "channels": CHANNELS})
    return '{"series":' + text + "," + rest[1:]


def read_series(text: str) -> dict[str, list[float | None]]:
    """A stored series back in SI units: ``time`` [s], ``speed`` and ``effort`` [m/s],
    ``heart_rate`` [bpm], ``altitude`` [m]."""
    document = json.loads(text)
    step = document["step_s"]
    length = len(document["speed_cm_s"])
    series: dict[str, list[float | None]] = {"time": [float(i * step) for i in range(length)]}
    for si_name, name, scale in CHANNELS:
        series[si_name] = [None if v is None else v / scale for v in document[name]]
    return series
