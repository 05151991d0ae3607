"""The progress as a picture: fitness, fatigue and form over the days; weekly volume and hard
minutes over the weeks."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt

from speedplay.coach.progress import Progress
from speedplay.formats.output_files import write_file
from speedplay.units import UnitSystem


def write_progress_plot(report: Progress, path: Path, units: UnitSystem) -> None:
    """Two panels, dates along the bottom: fitness (CTL), fatigue (ATL) and form (TSB); weekly
    distance in the runner's unit with the hard minutes on a second axis."""
    figure, (model, volume) = plt.subplots(2, 1, figsize=(11, 7), sharex=True)
    days = [d.day for d in report.form]
    model.plot(days, [d.fitness for d in report.form], label="fitness (CTL, 42 d)", color="C0")
    model.plot(days, [d.fatigue for d in report.form], label="fatigue (ATL, 7 d)", color="C3")
    model.fill_between(days, [d.form for d in report.form], 0, label="form (TSB)",
                       color="C2", alpha=0.3)  # fmt: skip
    model.axhline(0, color="grey", linewidth=0.5)
    model.set_ylabel("training load per day")
    model.set_title("Fitness, fatigue and form")
    model.legend(loc="upper left")
    mondays = [w.monday for w in report.weeks]
    volume.bar(mondays, [w.distance_m / units.metres for w in report.weeks], width=5,
               color="C0", alpha=0.6, label=f"distance ({units.value})")  # fmt: skip
    volume.set_ylabel(f"distance per week [{units.value}]")
    hard = volume.twinx()
    hard.plot(mondays, [w.work_s / 60 for w in report.weeks], "o-", color="C1",
              label="hard minutes")  # fmt: skip
    hard.set_ylabel("hard minutes per week")
    hard.set_ylim(bottom=0, top=max([w.work_s / 60 for w in report.weeks] + [1.0]) * 1.1)
    volume.set_title("Weekly volume and hard minutes")
    volume.xaxis.set_major_formatter(mdates.DateFormatter("%d %b %Y"))  # type: ignore[no-untyped-call]
    figure.autofmt_xdate()
    figure.tight_layout()
    image = io.BytesIO()
    figure.savefig(image, format=path.suffix.lower().lstrip(".") or "png", dpi=110)
    plt.close(figure)
    write_file(path, image.getvalue())
