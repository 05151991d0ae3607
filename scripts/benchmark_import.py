"""Files per second of ``speedplay import`` on a folder of one-hour runs, decode to
database, through the installed command.

    python scripts/benchmark_import.py [--files N] [--repeat N] [--postgres ADMIN_URL]
                                       [--format fit|tcx|gpx]

The files are copies of a real 48-minute 1 Hz run (heartandsole-4426508309, 2,883 records,
recorded as FIT with laps; the same run as TCX with its lap and as GPX without laps), each
moved to a day of its own (every date in it shifted; a FIT file's checksums made right), so
that each is a run of its own to the importer: decoded, analysed and stored with its
analysis and best efforts, as a runner's archive is. The files go in through the installed
``speedplay`` command.

The goal (300 files/s on 2 cores) is the FIT reader's: watches write FIT, and 300 files/s
leaves 6.7 ms of CPU a file for everything. The same run as XML is 15-30 times the bytes
(2 MB of TCX, 1 MB of GPX), and merely tokenising that many bytes takes longer than the
whole budget even for a C parser: so for TCX and GPX the rate is reported with that floor
(expat, Python's C XML parser, run over the file with no handlers at all) beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from bench_command import speedplay_command
from bench_database import fresh_database
from fitdecode import profile

from speedplay.formats.fit_crc import crc16_reference

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
SAMPLE = SAMPLES / "fit" / "heartandsole-4426508309.fit"


DAY_S = 86_400


def shifted_copy(data: bytes, days: int) -> bytes:
    """A valid copy of a FIT file ``days`` later: every date and time field of every message
    moved on (the checksums made right), so that it is another run to the importer. Plain
    files only (no compressed timestamp headers, as the sample)."""
    copy = bytearray(data)
    header_size = copy[0]
    end = header_size + int.from_bytes(copy[4:8], "little")
    position = header_size
    layouts: dict[int, tuple[str, list[tuple[int, int, bool]]]] = {}
    while position < end:
        header = copy[position]
        if header & 0x40:  # a definition: remember where its date and time fields lie
            big = copy[position + 2] == 1
            number = int.from_bytes(copy[position + 3 : position + 5], "big" if big else "little")
            count = copy[position + 5]
            known = profile.MESSAGE_TYPES.get(number)
            fields, start = [], 0
            for index in range(count):
                field, size = copy[position + 6 + 3 * index], copy[position + 7 + 3 * index]
                kind = known.fields.get(field) if known else None
                moves = kind is not None and kind.type.name in ("date_time", "local_date_time")
                fields.append((start, size, moves))
                start += size
            position += 6 + 3 * count
            if header & 0x20:  # developer fields
                extra = copy[position]
                start += sum(copy[position + 2 + 3 * i] for i in range(extra))
                position += 1 + 3 * extra
            layouts[header & 0x0F] = (">" if big else "<", fields)
            layouts[-1 - (header & 0x0F)] = ("", [(start, 0, False)])  # the message's size
            continue
        if header & 0x80:
            raise ValueError("compressed timestamp headers are not handled here")
        order, fields = layouts[header & 0x0F]
        size = layouts[-1 - (header & 0x0F)][1][0][0]
        for start, width, moves in fields:
            where = position + 1 + start
            value = int.from_bytes(copy[where : where + 4], "big" if order == ">" else "little")
            if moves and width == 4 and 0x10000000 <= value < 0xFFFFFFFF:
                moved = (value + days * DAY_S).to_bytes(4, "big" if order == ">" else "little")
                copy[where : where + 4] = moved
        position += 1 + size
    if header_size == 14:
        copy[12:14] = crc16_reference(bytes(copy[:12])).to_bytes(2, "little")
    copy[end : end + 2] = crc16_reference(bytes(copy[:end])).to_bytes(2, "little")
    return bytes(copy)


DAY_IN_TEXT = re.compile(rb"(\d{4}-\d{2}-\d{2})T")


def shifted_text_copy(data: bytes, days: int) -> bytes:
    """A TCX or GPX file ``days`` later: the date of every time in it moved on."""

    def moved(found: re.Match[bytes]) -> bytes:
        day = date.fromisoformat(found.group(1).decode()) + timedelta(days=days)
        return day.isoformat().encode() + b"T"

    return DAY_IN_TEXT.sub(moved, data)


GOAL = 300.0
"""Files a second on 2 cores, decode + analysis + database write."""


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy since it started (Linux), so that the
    import's workers (children of a fork server, not of the command) and a PostgreSQL server
    are counted too; the command's own children elsewhere."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def import_once(runs: Path, files: int, postgres: str | None) -> tuple[float, float]:
    """Seconds of one ``speedplay import`` of the folder into a fresh database, process start
    to summary, and the CPU seconds the machine was busy meanwhile (the import, its workers,
    the database server, and whatever else runs: an upper bound)."""
    with tempfile.TemporaryDirectory() as folder, fresh_database(Path(folder), postgres) as url:
        env = {**os.environ, "SPEEDPLAY_DB": url}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode
        command = [*speedplay_command(), "import", str(runs), "--json"]
        used = busy_cpu_seconds()
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        cpu = busy_cpu_seconds() - used
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    summary = json.loads(done.stdout)
    if summary["runs"] != files:
        raise SystemExit(f"only {summary['runs']} of {files} files were stored as runs")
    return seconds, cpu


def xml_floor_ms(data: bytes, repeat: int = 20) -> tuple[float, float]:
    """Milliseconds a C parser needs merely to tokenise ``data`` (expat, no handlers), and to
    hash it as every import does (SHA-256): the least any XML reader costs a file."""
    from xml.parsers import expat

    def best(work: Callable[[], object]) -> float:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        return min(times) * 1000

    return best(lambda: expat.ParserCreate().Parse(data, True)), best(
        lambda: hashlib.sha256(data).digest()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="imports, each into a fresh database")
    parser.add_argument(
        "--postgres", help="a PostgreSQL role URL that may create databases (else SQLite)"
    )
    parser.add_argument("--format", choices=("fit", "tcx", "gpx"), default="fit")
    args = parser.parse_args()
    kind = args.format
    data = (SAMPLES / kind / f"heartandsole-4426508309.{kind}").read_bytes()
    copy = shifted_copy if kind == "fit" else shifted_text_copy
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {database}")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        runs = Path(folder) / "runs"
        runs.mkdir()
        for n in range(args.files):
            (runs / f"run-{n:05d}.{kind}").write_bytes(copy(data, n + 1))
        rates = []
        for _ in range(args.repeat):
            seconds, cpu = import_once(runs, args.files, args.postgres)
            rates.append(args.files / seconds)
            print(f"speedplay import of {args.files} one-hour {kind.upper()} files: "
                  f"{seconds:.1f} s, "
                  f"{args.files / seconds:.0f} files/s (process start to summary), "
                  f"{cpu / args.files * 1000:.1f} ms of busy CPU a file")  # fmt: skip
    middle = statistics.median(rates)
    if kind != "fit":
        tokenise, digest = xml_floor_ms(data)
        budget = (os.cpu_count() or 1) * 1000 / GOAL
        print(f"median {middle:.0f} files/s, best {max(rates):.0f} (the goal is FIT's: "
              f"{GOAL:.0f} files/s on these cores is {budget:.1f} ms of CPU a file, and "
              f"expat alone takes {tokenise:.1f} ms to tokenise one of these "
              f"{len(data) / 1e6:.1f} MB files, SHA-256 {digest:.1f} ms)")  # fmt: skip
        return 0
    print(f"median {middle:.0f} files/s, best {max(rates):.0f} (goal {GOAL:.0f}: "
          f"{'met' if middle >= GOAL else 'NOT met'})")  # fmt: skip
    return 0 if middle >= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
