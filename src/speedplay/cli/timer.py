"""``speedplay timer``: a full-screen interval timer in the terminal, with sound cues.

The logic is :class:`speedplay.timer.engine.IntervalTimer`; this module draws it with Rich,
reads keys (space: lap or skip, p: pause, q: end) and speaks the cues: the terminal bell, plus
espeak-ng, spd-say or say when one is installed (``--quiet`` for silence).
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import termios
import time
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from speedplay.cli.files import plan_sessions, session_on
from speedplay.cli.plan import parse_date
from speedplay.cli.runner import (
    LthrOption,
    RaceOption,
    UnitsOption,
    runner_from,
    units_or_profile,
)
from speedplay.errors import InvalidValueError
from speedplay.formats.describe import Resolver, describe_resolved
from speedplay.physiology.targets import resolve_step
from speedplay.timer.engine import Cue, CueKind, IntervalTimer, Status, announce
from speedplay.units import UnitSystem, format_clock
from speedplay.workout.families import Level
from speedplay.workout.families.fartlek import surprise as surprise_fartlek
from speedplay.workout.model import Workout
from speedplay.workout.parser import parse_workout

if TYPE_CHECKING:
    from rich.panel import Panel

SPEECH_COMMANDS = ("espeak-ng", "spd-say", "say")
"""Text-to-speech programs tried in order; the first installed one speaks the cues."""

FRAME_S = 0.1
"""How often the display and the clock are refreshed."""


def timer(
    text: Annotated[str | None, typer.Argument(help="A workout in the workout language.")] = None,
    plan: Annotated[Path | None, typer.Option(help="A plan from `speedplay plan --json`.")] = None,
    day: Annotated[
        str | None, typer.Option("--date", help="The plan's session on this day (default today).")
    ] = None,
    surprise: Annotated[
        bool, typer.Option(help="A surprise fartlek: surges called at random, seeded.")
    ] = False,
    minutes: Annotated[
        int, typer.Option(min=1, max=240, help="Length of a surprise fartlek's main set.")
    ] = 20,
    seed: Annotated[
        int, typer.Option(help="Seed of a surprise fartlek (same seed, same run).")
    ] = 0,
    level: Annotated[Level, typer.Option("--level", "-l", help="For a surprise fartlek.")] = (
        Level.INTERMEDIATE
    ),
    race: RaceOption = None,
    lthr: LthrOption = None,
    units: UnitsOption = None,
    quiet: Annotated[bool, typer.Option(help="No bell, no speech.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the cues and when they come; do not wait.")
    ] = False,
) -> None:
    """Run a workout as a full-screen interval timer: space = lap or skip, p = pause, q = end."""
    units = units_or_profile(units)
    workout = _chosen(text, plan, day, surprise, minutes, seed, level)
    runner = runner_from(race, lthr, None, None)
    resolve = None if runner is None else partial(resolve_step, runner=runner)
    if dry_run:
        for at, cue in schedule(workout, units):
            typer.echo(f"{format_clock(at):>8}  {cue.text}")
        return
    if not sys.stdin.isatty():
        raise InvalidValueError("the timer needs a terminal for its keys; try --dry-run")
    _run(IntervalTimer(workout, time.monotonic, units), resolve, units, quiet, surprise)


def schedule(workout: Workout, units: UnitSystem) -> list[tuple[float, Cue]]:
    """Every cue with the second it comes at, pressing lap at once for untimed steps."""
    now = 0.0
    engine = IntervalTimer(workout, lambda: now, units)
    timeline = [(now, cue) for cue in engine.start()]
    while not engine.finished:
        left = engine.left()
        if left is None:
            timeline += [(now, cue) for cue in engine.lap()]
            continue
        now += min(1.0, max(left, 0.0)) if left > 0 else 0.0
        timeline += [(now, cue) for cue in engine.tick()]
    return timeline


def _chosen(
    text: str | None,
    plan: Path | None,
    day: str | None,
    surprise: bool,
    minutes: int,
    seed: int,
    level: Level,
) -> Workout:
    if sum((text is not None, plan is not None, surprise)) != 1:
        raise InvalidValueError("give a workout text, --plan PLAN.json or --surprise")
    if day is not None and plan is None:
        raise InvalidValueError("--date picks a session of --plan PLAN.json: give both")
    if surprise:
        return surprise_fartlek(level, minutes, seed)
    if plan is not None:
        on = parse_date(day, "--date") if day is not None else date.today()
        return session_on(plan_sessions(plan), on, plan).workout
    assert text is not None
    return parse_workout(text)


def _run(
    engine: IntervalTimer,
    resolve: Resolver | None,
    units: UnitSystem,
    quiet: bool,
    hide_next: bool,
) -> None:
    from rich.live import Live  # the full-screen display, loaded when the timer runs

    speaker = _Speaker(quiet)
    with _raw_keys() as keys, Live(refresh_per_second=10, screen=True) as live:
        speaker.say(engine.start())
        while not engine.finished:
            key = keys()
            if key == " ":
                speaker.say(engine.lap())
            elif key in ("p", "P"):
                speaker.say(engine.toggle_pause())
            elif key in ("q", "Q"):
                speaker.say(engine.end())
            speaker.say(engine.tick())
            live.update(_screen(engine.status(), resolve, units, hide_next))
            time.sleep(FRAME_S)


def _screen(status: Status, resolve: Resolver | None, units: UnitSystem, hide_next: bool) -> Panel:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    if status.step is None:
        return Panel(Text("Done. Well run.", style="bold green"), title="speedplay")
    step = status.step
    left = (
        "press space at the end" if status.left_s is None else format_clock(max(0, status.left_s))
    )
    lines = [
        Text(announce(step, units), style="bold"),
        Text(left, style="bold cyan", justify="center"),
    ]
    if resolve is not None:
        pace, heart = describe_resolved(resolve(step.step), units)
        lines.append(Text("  ".join(p for p in (pace, f"{heart} bpm" if heart else "") if p)))
    if status.next_step is not None:
        upcoming = "next: ?" if hide_next else f"next: {announce(status.next_step, units)}"
        lines.append(Text(upcoming, style="dim"))
    lines.append(
        Text(
            f"step {status.index + 1} of {status.total}"
            + ("  PAUSED" if status.paused else "")
            + "   space: lap/skip  p: pause  q: end",
            style="dim",
        )
    )
    return Panel(Group(*lines), title="speedplay timer")


class _Speaker:
    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        found = (shutil.which(name) for name in SPEECH_COMMANDS)
        self.command = None if quiet else next((path for path in found if path), None)

    def say(self, cues: list[Cue]) -> None:
        if self.quiet:
            return
        for cue in cues:
            sys.stdout.write("\a")
            sys.stdout.flush()
            if self.command is not None and cue.kind is not CueKind.PAUSED:
                subprocess.Popen(  # a fixed program, our own words
                    [self.command, cue.text],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )


@contextmanager
def _raw_keys() -> Iterator[Callable[[], str]]:
    """Single key presses without Enter, restored on the way out."""
    descriptor = sys.stdin.fileno()
    saved = termios.tcgetattr(descriptor)
    tty.setcbreak(descriptor)

    def read() -> str:
        ready, _, _ = select.select([sys.stdin], [], [], 0)
        return os.read(descriptor, 1).decode(errors="ignore") if ready else ""

    try:
        yield read
    finally:
        termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)
