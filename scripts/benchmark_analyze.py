"""Speed of ``speedplay analyze`` on a one-hour 1 Hz recording: process start to JSON out.

    python scripts/benchmark_analyze.py [--repeat 5]

Writes a one-hour FIT activity (3600 records with speed, distance, heart rate, altitude and
position: an interval session) with fit-tool, then runs the installed command on it and
reports the best and median wall time (after one run that writes the bytecode an installed
package ships with). The goal: under 0.25 s.
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


LIMIT_S = 0.25


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one-hour.fit"
        one_hour_fit(path)
        command = [sys.executable, "-m", "speedplay", "analyze", str(path), "--json"]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run(command, capture_output=True, env=env, check=True)  # writes the bytecode
        times = []  # an installed package ships with
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
            times.append(time.perf_counter() - started)
        reps = result.stdout.count('"rep":')
    print(
        f"speedplay analyze, one hour at 1 Hz ({SECONDS} records, {reps} reps found): "
        f"best {min(times):.2f} s, median {statistics.median(times):.2f} s over {args.repeat}"
    )
    return 0 if statistics.median(times) < LIMIT_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
