"""Speed of ``speedplay --help`` and of ``speedplay analyze``: process start to JSON out.

    python scripts/benchmark_analyze.py [--repeat 5] [RECORDING ...]

First ``speedplay --help`` (goal: under 0.15 s). Then writes a one-hour FIT activity (3600
records with speed, distance, heart rate, altitude and position: an interval session) with
fit-tool, runs the installed command on it and reports the best and median wall time (after
one run that writes the bytecode an installed package ships with); the same for each
recording named, by default a real 48-minute run as TCX and as GPX. The goal: under 0.25 s;
for the 3 MB multisport sample (nine hours of swim, bike and run, 45,805 records), also run
by default, under 0.5 s. Then the same for 24 hours at 1 Hz, reporting the peak memory of
the ``analyze`` process: under 200 MB.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_command import speedplay_command
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.profile_type import FileType, Manufacturer

SECONDS = 3600
START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def one_hour_fit(path: Path) -> None:
    """An hour at 1 Hz: 15 min easy, 10 x (2 min hard, 2 min jog), 5 min easy."""
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.time_created = round(START.timestamp() * 1000)
    records = []
    distance = 0.0
    for second in range(SECONDS):
        in_reps = 900 <= second < 900 + 10 * 240
        hard = in_reps and (second - 900) % 240 < 120
        speed = 4.4 if hard else 2.8
        distance += speed
        record = RecordMessage()
        record.timestamp = round((START.timestamp() + second) * 1000)
        record.speed = speed
        record.distance = distance
        record.heart_rate = 175 if hard else 140
        record.altitude = 100 + 8 * math.sin(distance / 400)  # rolling hills
        record.position_lat = 51.5 + distance / 111_000
        record.position_long = -0.12
        records.append(record)
    builder = FitFileBuilder(auto_define=True)
    builder.add(file_id)
    builder.add_all(records)
    builder.build().to_file(str(path))


HELP_LIMIT_S = 0.15
LIMIT_S = 0.25
LARGE_LIMIT_S = 0.5
"""The 3 MB multisport sample is analysed within this."""
MEMORY_LIMIT_MB = 200
"""A day at 1 Hz (86,400 records) is analysed within this peak memory."""


SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
LARGE = SAMPLES / "fit" / "goldencheetah-multisport-large.fit"
RECORDINGS = (
    SAMPLES / "tcx" / "heartandsole-4426508309.tcx",
    SAMPLES / "gpx" / "heartandsole-4426508309.gpx",
    LARGE,
)
"""A real 48-minute 1 Hz run (2,883 points) as TCX and as GPX: the XML paths of ``analyze``;
and the largest FIT sample."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("recordings", nargs="*", type=Path, default=list(RECORDINGS))
    args = parser.parse_args()
    help_times, _ = timed_command(["--help"], args.repeat)
    print(f"speedplay --help: best {min(help_times):.2f} s, "
          f"median {statistics.median(help_times):.2f} s over {args.repeat}")  # fmt: skip
    over = statistics.median(help_times) >= HELP_LIMIT_S
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one-hour.fit"
        one_hour_fit(path)
        times, output = timed(path, args.repeat)
        over |= statistics.median(times) >= LIMIT_S
    reps = output.count('"rep":')
    print(
        f"speedplay analyze, one hour at 1 Hz ({SECONDS} records, {reps} reps found): "
        f"best {min(times):.2f} s, median {statistics.median(times):.2f} s over {args.repeat}"
    )
    for recording in args.recordings:
        times, _ = timed(recording, args.repeat)
        limit = LARGE_LIMIT_S if recording == LARGE else LIMIT_S
        over |= statistics.median(times) >= limit
        print(
            f"speedplay analyze, {recording.name}: best {min(times):.2f} s, "
            f"median {statistics.median(times):.2f} s over {args.repeat}"
        )
    peak = day_peak_mb()
    print(f"speedplay analyze, 24 hours at 1 Hz (86,400 records): peak memory {peak:.0f} MB")
    return 1 if over or peak >= MEMORY_LIMIT_MB else 0


def timed(path: Path, repeat: int) -> tuple[list[float], str]:
    """Wall times of ``analyze --json`` on one file, process start to JSON out; and what it
    printed."""
    return timed_command(["analyze", str(path), "--json"], repeat)


def timed_command(arguments: list[str], repeat: int) -> tuple[list[float], str]:
    """Wall times of the installed command, after one run that writes the bytecode an
    installed package ships with; and what it printed."""
    command = [*speedplay_command(), *arguments]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, capture_output=True, env=env, check=True)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        times.append(time.perf_counter() - started)
    return times, result.stdout


def day_peak_mb() -> float:
    """The peak resident memory of ``analyze`` on a 24-hour recording, in its own process."""
    global SECONDS
    hour, SECONDS = SECONDS, 24 * 3600
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "one-day.fit"
            one_hour_fit(path)
            command = [*speedplay_command(), "analyze", str(path), "--json"]
            # measured from a small process: a child forked from this one, large from
            # writing the file, would count this one's memory as its own
            measure = (
                "import resource, subprocess, sys; "
                "subprocess.run(sys.argv[1:], capture_output=True, check=True); "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
            )
            done = subprocess.run([sys.executable, "-c", measure, *command],
                                  capture_output=True, text=True, check=True)  # fmt: skip
    finally:
        SECONDS = hour
    return int(done.stdout.split()[-1]) / 1024


if __name__ == "__main__":
    raise SystemExit(main())
