"""Fuzzing every reader: real files, damaged the ways files get damaged, each read under a time
bound. Shared by the fuzz tests (``tests/test_fuzz.py``, a few hundred inputs in CI) and the
long run by hand (``scripts/fuzz.py``, for minutes or hours).

A reader passes an input when it returns (keeping what is valid) or refuses it with one of our
own errors (:class:`SpeedplayError`, which the command line shows on one line) within
``TIME_LIMIT_S``. Any other exception or a hang is a failure.
"""

from __future__ import annotations

import io
import json
import random
import signal
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from speedplay.errors import SpeedplayError

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"

TIME_LIMIT_S = 5
"""An input any reader takes longer than this on counts as a hang."""


@dataclass(frozen=True)
class Target:
    """A reader, the real files its inputs are made from, and their file name."""

    name: str
    suffix: str
    read: Callable[[bytes, str], object]
    seeds: Callable[[], list[bytes]]


def _read_activities(data: bytes, source: str) -> object:
    from speedplay.formats.activity_files import read_activities

    return read_activities(data, source)


def _read_workout(data: bytes, source: str) -> object:
    from speedplay.formats.workout_files import read_workout_file

    return read_workout_file(data, source)


def _read_plan(data: bytes, source: str) -> object:
    from speedplay.errors import FormatError
    from speedplay.formats.plan_json import sessions_from_dict

    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FormatError(f"{source} is not JSON: {error}") from error
    return sessions_from_dict(document)


def _read_archive(data: bytes, source: str) -> object:
    from speedplay.formats.archive import uploaded

    found = list(uploaded(source, data, 50))
    for recording in found:
        if recording.data is not None:
            _read_activities(recording.data, recording.source)
    return found


def _read_workout_text(data: bytes, source: str) -> object:
    from speedplay.workout.parser import parse_workout

    return parse_workout(data.decode("utf-8", errors="replace"))


def _files(folder: str, *names: str) -> Callable[[], list[bytes]]:
    return lambda: [(SAMPLES / folder / name).read_bytes() for name in names]


@cache
def _written_workouts() -> dict[str, bytes]:
    """A real session written by speedplay in each workout format it reads back."""
    from datetime import UTC, date, datetime
    from functools import partial

    from speedplay.formats.session_files import ExportFormat, SessionWriter, reference_pace
    from speedplay.physiology.fitness import assess_fitness
    from speedplay.physiology.targets import Runner, resolve_step
    from speedplay.races import parse_race_result
    from speedplay.units import UnitSystem
    from speedplay.workout.parser import parse_workout

    fitness = assess_fitness([parse_race_result("5k=22:30")])
    resolve = partial(resolve_step, runner=Runner(fitness.vdot, None))
    workout = parse_workout(WORKOUT)
    written = {}
    for to in (ExportFormat.ZWO, ExportFormat.ICU, ExportFormat.JSON, ExportFormat.TCX):
        writer = SessionWriter(to, resolve, reference_pace(fitness), UnitSystem.KM)
        now = datetime(2026, 3, 1, tzinfo=UTC)
        written[to.value] = writer.one(workout, date(2026, 3, 3), "", now)
    return written


WORKOUT = "Intervals: 15min easy + 5x(3min @10k + 2min jog) + 3x(1km @5k + 90s jog) + 10min easy"


@cache
def _plan_json() -> bytes:
    from datetime import date

    from speedplay.formats.plan_json import plan_to_dict
    from speedplay.planning.plan import build_plan
    from speedplay.planning.request import PlanRequest
    from speedplay.workout.families.common import Level

    request = PlanRequest(level=Level.INTERMEDIATE, start=date(2026, 3, 2), weeks=6, speed_day=1)
    return json.dumps(plan_to_dict(build_plan(request))).encode()


def _export_zip() -> list[bytes]:
    """A Garmin-style export: two real recordings, one gzipped, in an activities folder."""
    import gzip

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "activities/run.fit", (SAMPLES / "fit" / "garmin-fenix-5-run.fit").read_bytes()
        )
        archive.writestr(
            "activities/run.gpx.gz",
            gzip.compress((SAMPLES / "gpx" / "sweatpy-5039744860.gpx").read_bytes()[:20000]),
        )
    return [buffer.getvalue()]


TARGETS = {
    target.name: target
    for target in (
        Target(
            "fit",
            ".fit",
            _read_activities,
            _files(
                "fit", "garmin-fenix-5-run.fit", "compressed-speed-distance.fit", "Activity.fit"
            ),
        ),
        Target(
            "tcx",
            ".tcx",
            _read_activities,
            lambda: [
                (SAMPLES / "tcx" / "runpandas-sample.tcx").read_bytes()[:60000],
                (SAMPLES / "tcx" / "sweatpy-5039744860.tcx").read_bytes(),  # whole: plain XML
            ],
        ),
        Target("gpx", ".gpx", _read_activities, _files("gpx", "sweatpy-5039744860.gpx")),
        Target(
            "fit-workout",
            ".fit",
            _read_workout,
            _files("workouts", "WorkoutIndividualSteps.fit", "WorkoutRepeatSteps.fit"),
        ),
        Target("zwo", ".zwo", _read_workout, lambda: [_written_workouts()["zwo"]]),
        Target("icu", ".txt", _read_workout, lambda: [_written_workouts()["icu"]]),
        Target("workout-json", ".json", _read_workout, lambda: [_written_workouts()["json"]]),
        Target("tcx-workout", ".tcx", _read_workout, lambda: [_written_workouts()["tcx"]]),
        Target("plan-json", ".json", _read_plan, lambda: [_plan_json()]),
        Target("zip", ".zip", _read_archive, _export_zip),
        Target("workout-language", ".txt", _read_workout_text, lambda: [WORKOUT.encode()]),
    )
}


def mutated(seed: bytes, others: list[bytes], chooser: random.Random, changes: int) -> bytes:
    """``seed`` damaged ``changes`` times: bits flipped, cut short, bytes inserted or dropped,
    a piece of another file spliced in."""
    data = bytearray(seed)
    for _ in range(changes):
        where = chooser.randrange(len(data) + 1)
        kind = chooser.randrange(6)
        if kind == 0 and data:
            spot = min(where, len(data) - 1)
            data[spot] ^= 1 << chooser.randrange(8)
        elif kind == 1:
            del data[where:]
        elif kind == 2:
            data[where:where] = chooser.randbytes(chooser.randrange(1, 16))
        elif kind == 3:
            del data[where : where + chooser.randrange(1, 64)]
        elif kind == 4 and others:
            other = chooser.choice(others)
            start = chooser.randrange(len(other) + 1)
            data[where:] = other[start : start + chooser.randrange(1, 4096)]
        else:
            spot = min(where, max(len(data) - 1, 0))
            data[spot : spot + 4] = chooser.choice(
                [b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\x7f\xff\xff\xff"]
            )
    return bytes(data)


class ReaderFailureError(Exception):
    """A reader failed on an input: not one of our errors, or too slow."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise :class:`TimeoutError` in what runs inside when it takes over ``seconds`` (a
    blocking read included: the alarm interrupts it)."""

    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: it hangs")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(target: Target, data: bytes) -> None:
    """Read ``data`` with ``target``; :class:`ReaderFailureError` when the reader fails on it."""
    try:
        with time_limit(TIME_LIMIT_S):
            target.read(data, f"fuzzed{target.suffix}")
    except SpeedplayError:
        pass  # refused in our words (the command line shows them on one line)
    except Exception as error:
        raise ReaderFailureError(f"{type(error).__name__}: {str(error)[:200]}") from error
