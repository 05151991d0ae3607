"""Records per second of speedplay's FIT reader and of fitdecode, side by side, same files,
same run.

    python scripts/benchmark_fit.py [--repeat N]

Each reader reads each file whole: fitdecode every field of every message (it cannot skip
one); speedplay's reader the fields an activity is built from (what ``analyze`` and ``import``
read: the goal is judged on this one, the reader as the commands use it), every field of
the messages an activity is built from (file_id, session, lap, record, event) and, where it
can, every message. The checksums are verified
in both. The figure is the best of ``--repeat`` runs for speedplay's reader, of three for
fitdecode (seconds long on the large file): the machine's noise counted out of both.
Goal: at least 200 times fitdecode's records/s on both files.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import time
import warnings
from pathlib import Path

import fitdecode

from speedplay.formats import fit_decoder
from speedplay.formats.activity_files import FIT_FIELDS, FIT_MESSAGES

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples" / "fit"
FILES = ("heartandsole-long-run.fit", "goldencheetah-multisport-large.fit")
GOAL = 200.0


def with_fitdecode(data: bytes, repeat: int) -> tuple[int, float]:
    best = float("inf")
    records = 0
    for _ in range(repeat):
        records = 0
        begin = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with fitdecode.FitReader(io.BytesIO(data)) as reader:
                for frame in reader:
                    if isinstance(frame, fitdecode.FitDataMessage) and frame.global_mesg_num == 20:
                        records += 1
        best = min(best, time.perf_counter() - begin)
    return records, best


def with_speedplay(
    data: bytes,
    wanted: frozenset[int] | None,
    names: dict[int, frozenset[str]] | None,
    repeat: int,
) -> tuple[int, float]:
    best = float("inf")
    records = 0
    for _ in range(repeat):
        begin = time.perf_counter()
        decoded = fit_decoder.decode(data, wanted, names)
        records = sum(len(block.order) for block in decoded.blocks.get(20, []))
        best = min(best, time.perf_counter() - begin)
    return records, best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")  # fmt: skip
    met = True
    for name in FILES:
        data = (SAMPLES / name).read_bytes()
        records, slow = with_fitdecode(data, 3)
        print(f"{name} ({len(data) / 1e6:.1f} MB, {records} records)")
        print(f"  fitdecode                  {slow:8.3f} s {records / slow:12,.0f} records/s")
        for label, wanted, names in (
            ("activity fields", FIT_MESSAGES, FIT_FIELDS),
            ("activity messages", FIT_MESSAGES, None),
            ("every message", None, None),
        ):
            try:
                ours, fast = with_speedplay(data, wanted, names, repeat)
            except fit_decoder.UnsupportedFitError as reason:
                print(f"  speedplay, {label:17s} left to fitdecode ({reason})")
                continue
            assert ours == records, (ours, records)
            ratio = slow / fast
            print(f"  speedplay, {label:17s} {fast:8.4f} s {records / fast:12,.0f} records/s"
                  f"  {ratio:6.0f}x")  # fmt: skip
            if label == "activity fields":
                met &= ratio >= GOAL
    print(f"goal {GOAL:.0f}x on both files: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
