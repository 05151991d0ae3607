"""Files per second of ``speedplay import`` on a folder of one-hour FIT runs, decode to
database, through the installed command.

    python scripts/benchmark_import.py [--files N] [--postgres ADMIN_URL]

The files are copies of a real 48-minute 1 Hz FIT run (heartandsole-4426508309.fit, 2,883
records), each with a different profile version in its header (and its checksums made right)
so that each is a new, valid file to the importer (being the same run, all but the first are
stored as its duplicates, after the same decoding and analysis). Reading and storing are
apart (a reader per file, one commit per file), so a faster reader drops in.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_database import database_name, fresh_database

from speedplay.formats.fit_crc import crc16_reference

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "samples" / "fit" / "heartandsole-4426508309.fit"


def distinct_copy(data: bytes, n: int) -> bytes:
    """A valid copy of a FIT file that hashes differently: the header's profile version
    (bytes 2-3) set to ``n``, the header and file checksums made right again."""
    copy = bytearray(data)
    copy[2:4] = (n % 65536).to_bytes(2, "little")
    if copy[0] == 14:
        copy[12:14] = crc16_reference(bytes(copy[:12])).to_bytes(2, "little")
    copy[-2:] = crc16_reference(bytes(copy[:-2])).to_bytes(2, "little")
    return bytes(copy)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument(
        "--postgres", help="a PostgreSQL role URL that may create databases (else SQLite)"
    )
    args = parser.parse_args()
    data = SAMPLE.read_bytes()
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(Path(folder), args.postgres) as url,
    ):
        runs = Path(folder) / "runs"
        runs.mkdir()
        for n in range(args.files):
            (runs / f"run-{n:05d}.fit").write_bytes(distinct_copy(data, n))
        env = {**os.environ, "SPEEDPLAY_DB": url}
        command = [sys.executable, "-m", "speedplay", "import", str(runs), "--json"]
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stderr)
        return 1
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {database_name(url)}"
    )
    print(f"speedplay import of {args.files} one-hour FIT files: {seconds:.1f} s, "
          f"{args.files / seconds:.1f} files/s (process start to summary)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
