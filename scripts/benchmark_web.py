"""Latency of the web app under load: ``speedplay serve`` on 127.0.0.1, 50 clients at once.

    python scripts/benchmark_web.py [--clients 50] [--requests 1000] [--uploads 100]
                                    [--postgres ADMIN_URL]

One runner signs up, onboards and uploads a real one-hour run; then ``--clients`` clients,
each with that runner's session, ask for the plan, a session and the run's analysis page, and
upload one-hour FIT runs (``--uploads``, each a different run), one client at a time and then
``--clients`` at once. p50 and p99 of each are printed, with the goals: pages p99 under
100 ms, an upload p99 under 300 ms. Bounded in count and in time.

The pages are asked for by ``wrk`` (Debian's package) when it is installed: a load generator
in Python takes much of the two cores it shares with the server, and what it measures is then
partly itself. Without ``wrk``, ``--requests`` of each page through httpx.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx2 as httpx
from bench_command import speedplay_command
from bench_database import database_name, fresh_database
from benchmark_import import SAMPLE, shifted_copy

PAGE_GOAL_MS = 100.0
UPLOAD_GOAL_MS = 300.0
TIME_LIMIT_S = 60.0
PASSWORD = "a long enough password"
TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SPEEDPLAY_DB": url}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [*speedplay_command(), "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
            return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def token(client: httpx.Client, page: str) -> str:
    found = TOKEN.search(client.get(page).text)
    if not found:
        raise SystemExit(f"no form token on {page}")
    return found.group(1)


def set_up_runner(base: str) -> tuple[dict[str, str], str, str]:
    """Sign up, onboard, upload a run; the session cookies, a session's day and the run's page."""
    with httpx.Client(base_url=base, follow_redirects=True, timeout=30) as client:
        signup = {"email": "bench@example.org", "password": PASSWORD, "confirm": PASSWORD}
        client.post("/signup", data={**signup, "csrf_token": token(client, "/signup")})
        answers = {"level": "intermediate", "race_distance": "5k", "race_time": "22:30",
                   "rest_hr": "50", "max_hr": "190", "speed_day": "tue", "units": "km",
                   "csrf_token": token(client, "/onboarding")}  # fmt: skip
        plan = client.post("/onboarding", data=answers)
        day = re.search(r'href="/session/([\d-]+)"', plan.text)
        sent = client.post(
            "/upload",
            files=[("files", ("run.fit", SAMPLE.read_bytes()))],
            data={"csrf_token": token(client, "/upload")},
        )
        run = re.search(r'href="(/runs/\d+)"', sent.text)
        if not day or not run:
            raise SystemExit("set-up failed: no session or no run")
        return dict(client.cookies), f"/session/{day.group(1)}", run.group(1)


async def hammer(base: str, cookies: dict[str, str], clients: int, path: str,
                 count: int) -> list[float]:  # fmt: skip
    """``count`` GETs of ``path`` by ``clients`` at once; each one's seconds."""
    times: list[float] = []
    left = iter(range(count))
    stop = time.monotonic() + TIME_LIMIT_S
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, cookies=cookies, limits=limits,
                                 timeout=30) as client:  # fmt: skip

        async def one_client() -> None:
            for _ in left:
                if time.monotonic() > stop:
                    return
                started = time.perf_counter()
                response = await client.get(path)
                times.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code}")

        await asyncio.gather(*(one_client() for _ in range(clients)))
    return times


async def uploads(
    base: str, cookies: dict[str, str], clients: int, count: int, first_day: int
) -> list[float]:
    """``count`` uploads of different one-hour runs by ``clients`` at once."""
    data = SAMPLE.read_bytes()
    files = [shifted_copy(data, first_day + n) for n in range(count)]
    with httpx.Client(base_url=base, cookies=cookies) as client:
        csrf = token(client, "/upload")
    times: list[float] = []
    left = iter(files)
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, cookies=cookies, limits=limits,
                                 timeout=60) as client:  # fmt: skip

        async def one_client() -> None:
            for copy in left:
                started = time.perf_counter()
                response = await client.post(
                    "/upload", files=[("files", ("run.fit", copy))], data={"csrf_token": csrf}
                )
                times.append(time.perf_counter() - started)
                if response.status_code != 200 or "status-run" not in response.text:
                    raise SystemExit(f"upload: HTTP {response.status_code}")

        await asyncio.gather(*(one_client() for _ in range(clients)))
    return times


WRK_SECONDS = 10


def with_wrk(
    base: str, cookies: dict[str, str], clients: int, path: str
) -> tuple[int, float, float]:
    """(requests, p50 ms, p99 ms) of ``path`` under ``wrk`` for WRK_SECONDS."""
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    done = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{WRK_SECONDS}s", "--latency", "-H",
         f"Cookie: {cookie}", f"{base}{path}"],
        capture_output=True, text=True, check=True, timeout=WRK_SECONDS + 30,
    )  # fmt: skip
    out = done.stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{path}: errors under load\n{out}")

    def percentile(label: str) -> float:
        found = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not found:
            raise SystemExit(f"wrk printed no {label}th percentile:\n{out}")
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]
        return float(found.group(1)) * scale

    total = re.search(r"(\d+) requests in", out)
    return int(total.group(1)) if total else 0, percentile("50"), percentile("99")


def report(name: str, times: list[float], goal_ms: float) -> bool:
    ordered = sorted(times)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000
    return show(name, len(times), p50, p99, goal_ms)


def show(name: str, count: int, p50: float, p99: float, goal_ms: float) -> bool:
    met = p99 < goal_ms
    print(f"{name:<22} {count:>6} requests  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  "
          f"(goal p99 < {goal_ms:.0f} ms: {'met' if met else 'NOT met'})")  # fmt: skip
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1000, help="of each page")
    parser.add_argument("--uploads", type=int, default=100)
    parser.add_argument("--postgres", help="a PostgreSQL role URL that may create databases")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(Path(folder), args.postgres) as url,
    ):
        machine = f"{platform.machine()}, {os.cpu_count()} cores"
        print(f"machine: {machine}, Python {platform.python_version()}, "
              f"{database_name(url)}, {args.clients} clients")  # fmt: skip
        port = free_port()
        server = start_server(url, port)
        base = f"http://127.0.0.1:{port}"
        try:
            cookies, session, run = set_up_runner(base)
            met = True
            wrk = shutil.which("wrk") is not None
            for name, path in (("plan page", "/plan"), ("session page", session),
                               ("analysis page", run)):  # fmt: skip
                if wrk:
                    met &= show(name, *with_wrk(base, cookies, args.clients, path), PAGE_GOAL_MS)
                else:
                    times = asyncio.run(hammer(base, cookies, args.clients, path, args.requests))
                    met &= report(name, times, PAGE_GOAL_MS)
            alone = asyncio.run(uploads(base, cookies, 1, min(args.uploads, 20), 2000))
            met &= report("one-hour upload, alone", alone, UPLOAD_GOAL_MS)
            loaded = asyncio.run(uploads(base, cookies, args.clients, args.uploads, 3000))
            report(f"upload, {args.clients} at once", loaded, UPLOAD_GOAL_MS)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
