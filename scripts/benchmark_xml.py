"""Milliseconds to read a TCX and a GPX recording: speedplay's column readers and the parsers
they stand in for (lxml, gpxpy), side by side, same files, same run.

    python scripts/benchmark_xml.py [--repeat N] [FILE ...]

Each reader makes the whole activity of each file (what ``analyze`` and ``import`` read).
Printed: the best and the median of ``--repeat`` runs of each, and how many times faster the
columns are, best against best. By default the same 48-minute run as TCX (2 MB) and as GPX
(1 MB, coordinates written to 30 digits) from ../shared/samples.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from speedplay.formats import activity_files
from speedplay.formats.gpx_columns import read_gpx_columns
from speedplay.formats.tcx_columns import read_tcx_columns

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
FILES = (
    SAMPLES / "tcx" / "heartandsole-4426508309.tcx",
    SAMPLES / "gpx" / "heartandsole-4426508309.gpx",
)


def timings(read: Callable[[], Any], repeat: int) -> list[float]:
    found = []
    for _ in range(repeat):
        begin = time.perf_counter()
        read()
        found.append(time.perf_counter() - begin)
    return found


def readers(path: Path, data: bytes) -> tuple[Callable[[], Any], Callable[[], Any], str]:
    if path.suffix.lower() == ".tcx":
        return (
            lambda: read_tcx_columns(data),
            lambda: activity_files.read_tcx_activities_with_lxml(data, path.name),
            "lxml",
        )
    return (
        lambda: read_gpx_columns(data),
        lambda: activity_files.read_gpx_activity_with_gpxpy(data, path.name),
        "gpxpy",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("files", nargs="*", type=Path, default=list(FILES))
    options = parser.parse_args()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    for path in options.files:
        data = path.read_bytes()
        columns, parser_read, parser_name = readers(path, data)
        if columns() is None:
            print(f"{path.name}: not plain; the column reader leaves it to {parser_name}")
            continue
        ours = timings(columns, options.repeat)
        theirs = timings(parser_read, max(3, options.repeat // 3))
        print(
            f"{path.name} ({len(data) / 1e6:.1f} MB): columns {min(ours) * 1e3:.1f} ms best, "
            f"{statistics.median(ours) * 1e3:.1f} median; {parser_name} "
            f"{min(theirs) * 1e3:.1f} best, {statistics.median(theirs) * 1e3:.1f} median: "
            f"{min(theirs) / min(ours):.1f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
