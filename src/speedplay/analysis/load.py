"""Training load of a session: Banister's TRIMP, an rTSS-like score, and session RPE.

* TRIMP (Banister 1991; Morton, Fitz-Clarke & Banister 1990): the sum over samples of
  ``dt[min] * HRr * a * e^(b * HRr)`` with ``HRr = (HR - rest) / (max - rest)`` clipped to
  0-1; a = 0.64, b = 1.92 (men) or 0.86, 1.67 (women). Summed per sample, as Runalyze does, so
  interval sessions count their hard minutes fully; gaps in heart rate over 10 s add nothing.
* rTSS-like: ``hours * IF^2 * 100`` with ``IF`` the ratio of the session's normalised
  grade-adjusted speed (a 30 s rolling mean raised to the 4th power, averaged, 4th root) to
  threshold speed. TrainingPeaks' NGP is proprietary; this is its published shape on GAP.
* Session RPE (Foster et al. 2001): the runner's rating (CR-10) times the minutes of the session.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from speedplay.analysis.activity import Series

TRIMP_CONSTANTS = {"male": (0.64, 1.92), "female": (0.86, 1.67)}
NORMALISING_WINDOW_S = 30


@dataclass(frozen=True)
class Load:
    """A session's load by each method that had its inputs (None otherwise)."""

    trimp: float | None
    rtss: float | None
    session_rpe: float | None


def banister_trimp(heart_rate: Series, rest: float, maximum: float, sex: str = "male") -> float:
    """TRIMP of a 1 Hz heart-rate series [bpm], NaN where missing."""
    a, b = TRIMP_CONSTANTS[sex]
    reserve = np.clip((heart_rate - rest) / (maximum - rest), 0.0, 1.0)
    reserve = reserve[np.isfinite(reserve)]
    return float(np.sum(reserve * a * np.exp(b * reserve)) / 60.0)


def rtss(effort_speed: Series, threshold_speed: float) -> float:
    """rTSS-like load of a 1 Hz grade-adjusted speed series against threshold speed [m/s]."""
    if len(effort_speed) == 0 or threshold_speed <= 0:
        return 0.0
    window = min(NORMALISING_WINDOW_S, len(effort_speed))
    rolling = np.convolve(effort_speed, np.ones(window) / window, mode="valid")
    normalised = float(np.mean(rolling**4) ** 0.25)
    intensity = normalised / threshold_speed
    return len(effort_speed) / 3600.0 * intensity**2 * 100.0


def session_rpe(rpe: float, seconds: float) -> float:
    """Foster's session RPE load: rating (1-10) times minutes."""
    return rpe * seconds / 60.0
