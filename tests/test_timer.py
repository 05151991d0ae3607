"""The interval timer on a fake clock: transitions, countdown, pause, skip, lap, surprise mode."""

from __future__ import annotations

import pytest

from speedplay.cli.app import main
from speedplay.errors import InvalidValueError
from speedplay.timer.engine import Cue, CueKind, IntervalTimer
from speedplay.workout import Intent, TimeDuration, parse_workout
from speedplay.workout.families import Level
from speedplay.workout.families.fartlek import surprise


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def run_for(timer: IntervalTimer, clock: FakeClock, seconds: float, step: float = 0.5) -> list[Cue]:
    cues = []
    for _ in range(round(seconds / step)):
        clock.advance(step)
        cues += timer.tick()
    return cues


def test_timed_steps_follow_each_other_with_a_countdown():
    clock = FakeClock()
    timer = IntervalTimer(parse_workout("1min wu + 2x(30s @rpe8-9, 30s jog) + 1min cd"), clock)
    start = timer.start()
    assert [c.text for c in start] == ["warm-up, 1 minute"]
    cues = run_for(timer, clock, 60)
    assert [c.text for c in cues] == ["3", "2", "1", "rep 1 of 2, work, 30 seconds, RPE 8-9"]
    assert [c.kind for c in cues[:3]] == [CueKind.COUNTDOWN] * 3
    status = timer.status()
    assert status.step is not None
    assert status.step.step.intent is Intent.WORK
    assert status.left_s == pytest.approx(30)
    assert status.next_step is not None
    assert status.next_step.step.style is not None
    cues = run_for(timer, clock, 30 + 30 + 30 + 30 + 60)
    steps = [c.text for c in cues if c.kind is CueKind.STEP]
    assert steps == ["rep 1 of 2, jog, 30 seconds", "rep 2 of 2, work, 30 seconds, RPE 8-9",
                     "rep 2 of 2, jog, 30 seconds", "cool-down, 1 minute"]  # fmt: skip
    assert cues[-1].kind is CueKind.FINISHED
    assert timer.finished


def test_pause_stops_the_clock_and_resume_continues_where_it_was():
    clock = FakeClock()
    timer = IntervalTimer(parse_workout("2min @rpe7 + 1min jog"), clock)
    timer.start()
    run_for(timer, clock, 30)
    assert [c.kind for c in timer.toggle_pause()] == [CueKind.PAUSED]
    assert run_for(timer, clock, 600) == [], "nothing happens while paused"
    assert timer.status().paused
    assert timer.left() == pytest.approx(90)
    assert [c.kind for c in timer.toggle_pause()] == [CueKind.RESUMED]
    run_for(timer, clock, 89)
    assert timer.status().step.step.intent is Intent.WORK  # type: ignore[union-attr]
    run_for(timer, clock, 1)
    assert timer.status().step.step.intent is Intent.RECOVERY  # type: ignore[union-attr]


def test_skip_and_lap_end_steps_and_untimed_steps_wait_for_lap():
    clock = FakeClock()
    timer = IntervalTimer(parse_workout("10min wu + 3x(400m @5k, jog down) + 5min cd"), clock)
    timer.start()
    skipped = timer.lap()
    assert skipped[0].text == "rep 1 of 3, work, 400 m, press lap at the end, 5k pace"
    assert run_for(timer, clock, 3600) == [], "a distance step waits for the lap button"
    assert timer.left() is None
    assert timer.lap()[0].text == "rep 1 of 3, jog, press lap when done"
    for _ in range(5):  # work, jog, work, jog, to the cool-down
        timer.lap()
    assert timer.status().step.step.intent is Intent.COOLDOWN  # type: ignore[union-attr]
    assert [c.kind for c in timer.end()] == [CueKind.FINISHED]
    assert timer.tick() == []
    assert timer.status().step is None


def test_a_late_tick_carries_the_overrun_into_the_next_step():
    clock = FakeClock()
    timer = IntervalTimer(parse_workout("30s @rpe9 + 30s jog"), clock)
    timer.start()
    clock.advance(32)
    timer.tick()
    assert timer.left() == pytest.approx(28)


def test_surprise_fartlek_is_bounded_and_replays_from_its_seed():
    workout = surprise(Level.INTERMEDIATE, 20, seed=42)
    assert workout == surprise(Level.INTERMEDIATE, 20, seed=42)
    assert workout != surprise(Level.INTERMEDIATE, 20, seed=43)
    main_set = [e.step for e in workout.expanded()][1:-1]
    lengths = [s.duration.seconds for s in main_set if isinstance(s.duration, TimeDuration)]
    assert len(lengths) == len(main_set)
    assert sum(lengths) == 20 * 60
    surges = [
        s.duration.seconds
        for s in main_set
        if s.intent is Intent.WORK and isinstance(s.duration, TimeDuration)
    ]
    assert len(surges) >= 5
    assert all(s <= 75 for s in surges)
    with pytest.raises(InvalidValueError, match="5-60 minutes"):
        surprise(Level.BEGINNER, 90, seed=1)


def test_the_timer_command_prints_its_schedule_in_a_dry_run(capsys):
    code = main(["timer", "1min wu + 2x(20s @rpe8-9, 10s jog) + 1min cd", "--dry-run"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0].split() == ["0:00", "warm-up,", "1", "minute"]
    assert "1:00  rep 1 of 2, work, 20 seconds, RPE 8-9" in [line.strip() for line in lines]
    assert lines[-1].strip().endswith("workout complete, well done")


def test_the_timer_needs_a_terminal_or_a_dry_run(capsys):
    code = main(["timer", "--surprise", "--seed", "3"])
    assert code == 2
    assert (
        capsys.readouterr().err == "error: the timer needs a terminal for its keys; try --dry-run\n"
    )
