"""The web app under load while its database restarts: nothing lost that the client is not
told of, no server error once the database is back.

    python scripts/load_restart.py --postgres ADMIN_URL [--clients 50] [--seconds 60]
                                   [--restart "pg_ctlcluster 15 main restart"]

``speedplay serve`` on 127.0.0.1 with a PostgreSQL database of its own; one runner signs up,
onboards and uploads a run; then ``--clients`` clients, for ``--seconds``, each ask in turn
for the start page, the plan, a session, the runs, a run's page, and upload a one-hour FIT
(a different run each time, one request in five). Half-way, the database is restarted (the
``--restart`` command: by default every connection of the app is ended by the server, which
is what a restart does to the app; as root, Debian's ``pg_ctlcluster ... restart`` restarts
the whole server). Every request's status and time is recorded:

- during the outage, the client must be told (503 with Retry-After, or the connection
  refused), never a 500 and never a silent success that stored nothing;
- once the database answers again (``--grace`` seconds after the restart command returned),
  every request must succeed: 0 errors;
- every upload answered 200 must be a stored run (counted in the database at the end); an
  upload stored before the database went, whose answer then failed, was told to try again,
  and sending it again stores nothing twice: counted, not an error.

p50 and p99 are printed for before, during and after. Bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx2 as httpx
from bench_database import fresh_database
from benchmark_import import SAMPLE, shifted_copy
from benchmark_web import free_port, set_up_runner, start_server, token
from sqlalchemy import create_engine, text

TIME_LIMIT_S = 600.0
DAYS = itertools.count(1000)
"""Each upload is a run of another day: a new run to the server, never a duplicate."""


def end_connections(url: str) -> None:
    """What a database restart does to the app: every connection of its database ended."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    engine.dispose()


class Record:
    """Every request: (seconds since start, kind, status or error name, seconds taken)."""

    def __init__(self) -> None:
        self.rows: list[tuple[float, str, str, float]] = []
        self.start = time.monotonic()
        self.stored_uploads = 0

    def add(self, kind: str, status: str, taken: float) -> None:
        self.rows.append((time.monotonic() - self.start, kind, status, taken))


async def client_loop(
    number: int,
    base: str,
    cookies: dict[str, str],
    csrf: str,
    pages: list[str],
    stop: float,
    record: Record,
) -> None:
    data = SAMPLE.read_bytes()
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(
        base_url=base, cookies=cookies, limits=limits, timeout=30
    ) as client:
        step = 0
        while time.monotonic() < stop:
            step += 1
            upload = step % 5 == 0
            started = time.perf_counter()
            try:
                if upload:
                    copy = shifted_copy(data, next(DAYS))
                    response = await client.post(
                        "/upload",
                        files=[("files", (f"run-{number}-{step}.fit", copy))],
                        data={"csrf_token": csrf},
                    )
                    status = str(response.status_code)
                    if status == "200" and "status-run" in response.text:
                        record.stored_uploads += 1
                    elif status == "200":
                        status = "200-not-stored"
                else:
                    response = await client.get(pages[step % len(pages)])
                    status = str(response.status_code)
                    if status == "503" and "retry-after" not in response.headers:
                        status = "503-without-retry-after"
            except httpx.TransportError as error:
                status = type(error).__name__
            record.add("upload" if upload else "page", status, time.perf_counter() - started)
            if status != "200":
                await asyncio.sleep(0.2)  # as a browser would, not a retry storm


def percentiles(times: list[float]) -> str:
    if not times:
        return "no requests"
    ordered = sorted(times)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000
    return f"{len(times):>6} requests  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", required=True, help="a role URL that may create databases")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--grace", type=float, default=2.0, help="seconds to recover")
    parser.add_argument("--restart", help="the command that restarts the database server")
    args = parser.parse_args()
    seconds = min(args.seconds, TIME_LIMIT_S)
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(Path(folder), args.postgres) as url,
    ):
        port = free_port()
        server = start_server(url, port)
        try:
            base = f"http://127.0.0.1:{port}"
            cookies, session, run = set_up_runner(base)
            with httpx.Client(base_url=base, cookies=cookies) as client:
                csrf = token(client, "/upload")
            pages = ["/", "/plan", session, "/runs", run]
            record = Record()
            stop = time.monotonic() + seconds

            async def load() -> tuple[float, float]:
                tasks = [
                    asyncio.create_task(client_loop(n, base, cookies, csrf, pages, stop, record))
                    for n in range(args.clients)
                ]
                await asyncio.sleep(seconds / 2)
                began = time.monotonic() - record.start
                if args.restart:
                    await asyncio.to_thread(
                        subprocess.run, shlex.split(args.restart), check=True, timeout=60
                    )
                else:
                    await asyncio.to_thread(end_connections, url)
                back = time.monotonic() - record.start
                await asyncio.gather(*tasks)
                return began, back

            began, back = asyncio.run(load())
        finally:
            server.terminate()
            server.wait(timeout=30)
        engine = create_engine(url)
        with engine.connect() as connection:
            runs = connection.execute(
                text("SELECT count(*) FROM activities WHERE status = 'run'")
            ).scalar_one()
        engine.dispose()
    recovered = back + args.grace
    phases = {
        "before": [r for r in record.rows if r[0] < began],
        "during": [r for r in record.rows if began <= r[0] < recovered],
        "after": [r for r in record.rows if r[0] >= recovered],
    }
    print(f"{args.clients} clients for {seconds:.0f} s; the database restarted at "
          f"{began:.1f} s, back at {back:.1f} s (+{args.grace:.0f} s grace)")  # fmt: skip
    for name, rows in phases.items():
        statuses = Counter(status for _, _, status, _ in rows)
        print(f"{name:<7} {percentiles([taken for *_, taken in rows])}  {dict(statuses)}")
    after_errors = sum(1 for *_, status, _ in phases["after"] if status != "200")
    hidden = sum(1 for *_, status, _ in record.rows if status in ("500", "200-not-stored"))
    stored = runs - 1  # the set-up's own run
    lost = max(0, record.stored_uploads - stored)
    print(f"uploads answered as stored: {record.stored_uploads}, runs in the database: "
          f"{stored} (lost: {lost}; stored though the client was told to try again, which "
          f"stores nothing twice: {max(0, stored - record.stored_uploads)})")  # fmt: skip
    print(f"server errors or silent failures: {hidden}; errors after recovery: {after_errors}")
    ok = after_errors == 0 and hidden == 0 and lost == 0
    print("goal (no 500, nothing lost silently, no error after recovery):",
          "met" if ok else "NOT met")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
