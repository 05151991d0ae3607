"""The interval timer's logic: which step is running, how long is left, what to call out.

The clock is a function returning seconds (``time.monotonic`` in use, a fake in tests). Timed
steps end by themselves with a 3-2-1 countdown; distance and open steps end when the runner
presses lap (a terminal cannot measure distance). Pausing stops the step's clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from speedplay.formats.describe import describe_intent, describe_target
from speedplay.units import UnitSystem, format_distance
from speedplay.workout.model import (
    DistanceDuration,
    ExpandedStep,
    TimeDuration,
    Workout,
)

COUNTDOWN_FROM = 3
"""Seconds counted down aloud before a timed step ends."""

Clock = Callable[[], float]


class CueKind(StrEnum):
    """What a cue announces."""

    STEP = "step"
    COUNTDOWN = "countdown"
    PAUSED = "paused"
    RESUMED = "resumed"
    FINISHED = "finished"


@dataclass(frozen=True)
class Cue:
    """Something to say (and ring) now."""

    kind: CueKind
    text: str


@dataclass(frozen=True)
class Status:
    """What the display shows."""

    index: int
    total: int
    step: ExpandedStep | None
    left_s: float | None
    elapsed_s: float
    paused: bool
    finished: bool
    next_step: ExpandedStep | None


class IntervalTimer:
    """Runs a workout step by step on ``clock``; call :meth:`tick` often, it returns new cues."""

    def __init__(self, workout: Workout, clock: Clock, units: UnitSystem = UnitSystem.KM) -> None:
        self.steps = list(workout.expanded())
        if not self.steps:
            raise ValueError("a workout with no steps")
        self.clock = clock
        self.units = units
        self.index = -1
        self.step_started = 0.0
        self.paused_at: float | None = None
        self.counted: set[int] = set()
        self.finished = False

    def start(self) -> list[Cue]:
        """Begin the first step."""
        return self._enter(0)

    def tick(self) -> list[Cue]:
        """Cues due now: countdown seconds, and the next step when a timed one ends."""
        if self.finished or self.paused_at is not None or self.index < 0:
            return []
        left = self.left()
        if left is None:
            return []
        cues = []
        for second in range(COUNTDOWN_FROM, 0, -1):
            if left <= second and second not in self.counted and self._length() > second:
                self.counted.add(second)
                cues.append(Cue(CueKind.COUNTDOWN, str(second)))
        if left <= 0:
            overrun = -left
            cues += self._enter(self.index + 1, started=self.clock() - overrun)
        return cues

    def lap(self) -> list[Cue]:
        """The lap button: end the current step now (a skip, for a timed step)."""
        if self.finished or self.index < 0:
            return []
        if self.paused_at is not None:
            self.paused_at = None
        return self._enter(self.index + 1)

    def toggle_pause(self) -> list[Cue]:
        """Pause, or resume where the step left off."""
        if self.finished:
            return []
        now = self.clock()
        if self.paused_at is None:
            self.paused_at = now
            return [Cue(CueKind.PAUSED, "paused")]
        self.step_started += now - self.paused_at
        self.paused_at = None
        return [Cue(CueKind.RESUMED, "go")]

    def end(self) -> list[Cue]:
        """Stop the session."""
        if self.finished:
            return []
        self.finished = True
        return [Cue(CueKind.FINISHED, "session ended")]

    def left(self) -> float | None:
        """Seconds left in a timed step; None for a step that ends on lap."""
        if self.index < 0 or self.finished:
            return None
        duration = self.steps[self.index].step.duration
        if not isinstance(duration, TimeDuration):
            return None
        now = self.paused_at if self.paused_at is not None else self.clock()
        return duration.seconds - (now - self.step_started)

    def status(self) -> Status:
        """A snapshot for the display."""
        current = self.steps[self.index] if 0 <= self.index < len(self.steps) else None
        following = self.steps[self.index + 1] if self.index + 1 < len(self.steps) else None
        now = self.paused_at if self.paused_at is not None else self.clock()
        return Status(
            index=self.index,
            total=len(self.steps),
            step=None if self.finished else current,
            left_s=self.left(),
            elapsed_s=max(0.0, now - self.step_started),
            paused=self.paused_at is not None,
            finished=self.finished,
            next_step=None if self.finished else following,
        )

    def _length(self) -> float:
        duration = self.steps[self.index].step.duration
        return duration.seconds if isinstance(duration, TimeDuration) else 0.0

    def _enter(self, index: int, started: float | None = None) -> list[Cue]:
        if index >= len(self.steps):
            self.finished = True
            self.index = len(self.steps)
            return [Cue(CueKind.FINISHED, "workout complete, well done")]
        self.index = index
        self.step_started = self.clock() if started is None else started
        self.counted = set()
        return [Cue(CueKind.STEP, announce(self.steps[index], self.units))]


def announce(expanded: ExpandedStep, units: UnitSystem) -> str:
    """What the timer says at a step's start: ``rep 3 of 6, work, 30 seconds, RPE 8-9``."""
    step = expanded.step
    words = []
    if expanded.reps:
        position = expanded.reps[-1]
        words.append(f"rep {position.index} of {position.count}")
    words.append(describe_intent(step))
    duration = step.duration
    if isinstance(duration, TimeDuration):
        words.append(_spoken_time(duration.seconds))
    elif isinstance(duration, DistanceDuration):
        words.append(f"{format_distance(duration.meters, units)}, press lap at the end")
    else:
        words.append("press lap when done")
    target = describe_target(step.target, units)
    if target:
        words.append(target)
    if step.cue:
        words.append(step.cue)
    return ", ".join(words)


def _spoken_time(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if rest:
        parts.append(f"{rest} second{'s' if rest != 1 else ''}")
    return " ".join(parts) or "0 seconds"
