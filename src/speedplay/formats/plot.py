"""A picture of the session (matplotlib, PNG): pace and grade-adjusted pace, heart rate and
elevation over time, segments shaded, reps numbered."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from speedplay.analysis.analyze import Analysis
from speedplay.analysis.gap import smoothed
from speedplay.analysis.segmentation import Kind
from speedplay.formats.output_files import write_file
from speedplay.units import UnitSystem

SHADES = {Kind.WORK: "#f4a261", Kind.WARMUP: "#e9f5db", Kind.COOLDOWN: "#e9f5db"}
SLOWEST_SHOWN = 12 * 60
"""Paces slower than 12 min per unit (walking, standing) are not drawn."""


def write_plot(analysis: Analysis, path: Path, units: UnitSystem) -> None:
    """Write the session's picture to ``path`` (PNG)."""
    grid = analysis.grid
    minutes = grid.time / 60
    figure, axes = plt.subplots(3, 1, figsize=(11, 7), sharex=True,
                                gridspec_kw={"height_ratios": [3, 2, 1]})  # fmt: skip
    per_unit = units.metres / 1000
    for series, label, style in ((grid.speed, "pace", "-"), (grid.effort, "GAP", "--")):
        speed = smoothed(series, 9)
        with np.errstate(divide="ignore"):
            pace = np.where(speed > 0.5, 1000 / speed * per_unit / 60, np.nan)
        pace[pace > SLOWEST_SHOWN / 60] = np.nan
        axes[0].plot(minutes, pace, style, linewidth=1, label=label)
    axes[0].invert_yaxis()
    axes[0].set_ylabel(f"min/{units.value}")
    axes[0].legend(loc="upper right")
    if np.isfinite(grid.heart_rate).any():
        axes[1].plot(minutes, grid.heart_rate, color="#d62828", linewidth=1)
    axes[1].set_ylabel("HR bpm")
    if np.isfinite(grid.altitude).any():
        axes[2].plot(minutes, smoothed(grid.altitude, 15), color="#6c757d", linewidth=1)
    axes[2].set_ylabel("elev m")
    axes[2].set_xlabel("minutes")
    rep = 0
    for facts in analysis.facts:
        segment = facts.segment
        colour = SHADES.get(segment.kind)
        for axis in axes:
            if colour:
                axis.axvspan(segment.start_s / 60, segment.end_s / 60, color=colour, alpha=0.4)
        if segment.kind is Kind.WORK:
            rep += 1
            axes[0].annotate(str(rep), ((segment.start_s + segment.end_s) / 120, 0.02),
                             xycoords=("data", "axes fraction"), ha="center")  # fmt: skip
    score = analysis.compliance.score if analysis.compliance else None
    title = f"{rep} reps ({analysis.source})" + (f", compliance {score:.0f}" if score else "")
    axes[0].set_title(title)
    figure.tight_layout()
    image = io.BytesIO()
    figure.savefig(image, format=path.suffix.lower().lstrip(".") or "png", dpi=110)
    plt.close(figure)
    write_file(path, image.getvalue())
