"""The adaptive loop: what the sessions run so far say about the ones to come.

The plan is re-derived from the whole history each time, never patched: the same history
always gives the same plan. Walking the planned sessions in order, each one that is due gets a
verdict, and the verdict moves the progression of the sessions after it in the same block:

* **progress**: the reps were on target and the session felt no harder than planned (session
  RPE at or under the plan's): the next session is the planned one, a little harder;
* **repeat**: the reps faded, the session was cut short, it felt maximal (RPE 10), or it was
  missed: the next session repeats this one's load instead of raising it (the block is held
  back one week);
* **step back**: a second miss or failure in a row, or a session skipped for illness or
  injury: the next session is the one of the week before (held back two weeks against the
  plan's progression);
* **faster than planned**: the reps beat their target band at no more than the planned effort
  in two sessions in a row: the runner is fitter than the targets say, and the paces rise by
  one VDOT point (never more at a time).

The progression never jumps: a held-back session is a week the family's progression already
has, so the 15 % / one-rep rule, Daniels' caps and the rest days hold as in any plan; lighter
weeks, the taper and race week keep their places (a goal race keeps its taper whatever happens
before it). The rules follow the coaching practice in the brief: overload only when the last
load was absorbed (Bompa & Haff 2009, *Periodization*, on progressive overload), and a step
back after illness (Friel, *The Triathlete's Training Bible*, on returning from missed
training).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from speedplay.coach.log import SkipReason
from speedplay.coach.matching import MATCH_WINDOW_DAYS
from speedplay.planning.request import HeldBack

PASSING_SCORE = 60.0
"""A session scoring under this (0-100) was not completed as planned: a failure."""

FAST_SESSIONS_IN_A_ROW = 2
"""Reps faster than their targets this many sessions running raise the paces."""

VDOT_STEP = 1.0
"""Paces rise by at most one VDOT point at a time (about 2 % in speed)."""

MAX_VDOT_RAISE = 3.0
"""Beyond three points the targets need a new race or time trial, not more guessing."""


class Verdict(StrEnum):
    """What a due session says about the next ones."""

    PROGRESS = "progress"
    REPEAT = "repeat"
    STEP_BACK = "step back"


@dataclass(frozen=True)
class PlannedRef:
    """A planned session as the loop sees it: its day, which of the week's sessions it is
    (``slot``), its plan week and block, whether it is a build session, and the highest RPE
    its hard bouts ask for."""

    day: date
    slot: int
    week: int
    block: int
    build: bool
    planned_rpe: float = 9.0


@dataclass(frozen=True)
class SessionResult:
    """What became of a planned session: ``run`` when a run counts as it, with its compliance
    score, whether the reps faded, were cut short or beat their targets, and the runner's
    session RPE; or the reason it was skipped."""

    run: bool = False
    compliance: float | None = None
    faded: bool = False
    cut_short: bool = False
    fast: bool = False
    rpe: float | None = None
    skipped: SkipReason | None = None


@dataclass(frozen=True)
class Change:
    """One adaptation: the session whose result caused it, and why."""

    day: date
    verdict: Verdict
    reason: str


@dataclass(frozen=True)
class Adaptation:
    """The re-derived plan's inputs: the build sessions held back, the paces' rise in VDOT
    points, and the verdict on every due session with its reason, in order."""

    held_back: tuple[HeldBack, ...]
    vdot_raise: float
    changes: tuple[Change, ...]


def adapt(
    planned: Sequence[PlannedRef], results: Mapping[date, SessionResult], today: date
) -> Adaptation:
    """The adaptation the history calls for. A session is due once a result exists for it, or
    once the day after it (the last day a run still counts as it) has passed."""
    lag: dict[tuple[int, int], int] = {}
    why: dict[tuple[int, int], str] = {}
    changes: list[Change] = []
    failures_in_a_row = fast_in_a_row = 0
    vdot_raise = 0.0
    held: list[HeldBack] = []
    ordered = sorted(planned, key=lambda p: p.day)
    for ref in ordered:
        key = (ref.slot, ref.block)
        if ref.build and lag.get(key):
            held.append(HeldBack(ref.slot, ref.week, lag[key], why[key]))
        result = results.get(ref.day)
        if result is None and ref.day + timedelta(days=MATCH_WINDOW_DAYS) >= today:
            continue  # not due yet
        result = result or SessionResult()
        failed = _failure(result)
        failures_in_a_row = failures_in_a_row + 1 if failed else 0
        verdict, reason = _verdict(ref, result, failed, failures_in_a_row)
        if verdict is not Verdict.PROGRESS:
            step = 1 if verdict is Verdict.REPEAT else 2
            unwell = result.skipped in (SkipReason.ILL, SkipReason.INJURED)
            for target in _held_blocks(ref, ordered, whole_runner=unwell):
                lag[target] = lag.get(target, 0) + step
                why[target] = reason
        changes.append(Change(ref.day, verdict, reason))
        fast = result.run and result.fast and not failed and _within_effort(ref, result)
        fast_in_a_row = fast_in_a_row + 1 if fast else 0
        if fast_in_a_row >= FAST_SESSIONS_IN_A_ROW and vdot_raise < MAX_VDOT_RAISE:
            vdot_raise = min(MAX_VDOT_RAISE, vdot_raise + VDOT_STEP)
            fast_in_a_row = 0
            changes.append(
                Change(
                    ref.day,
                    Verdict.PROGRESS,
                    f"Paces raised by {VDOT_STEP:g} VDOT point: the reps beat their targets "
                    f"at the planned effort {FAST_SESSIONS_IN_A_ROW} sessions running "
                    f"(to {ref.day:%d %b}).",
                )
            )
    return Adaptation(tuple(held), vdot_raise, tuple(changes))


def _held_blocks(
    ref: PlannedRef, ordered: Sequence[PlannedRef], whole_runner: bool
) -> set[tuple[int, int]]:
    """The blocks a verdict on ``ref`` holds back: its own (when its next session is in it);
    after an illness or injury, the current block of every weekly session."""
    later = [p for p in ordered if p.day > ref.day]
    slots = {p.slot for p in later} if whole_runner else {ref.slot}
    held = set()
    for slot in slots:
        following = next((p for p in later if p.slot == slot), None)
        if following is not None and (whole_runner or following.block == ref.block):
            held.add((slot, following.block))
    return held


def _failure(result: SessionResult) -> bool:
    """Missed, skipped, cut short, maximal, or scored under the pass mark."""
    if not result.run:
        return True
    low = result.compliance is not None and result.compliance < PASSING_SCORE
    return result.cut_short or low or (result.rpe is not None and result.rpe >= 10)


def _within_effort(ref: PlannedRef, result: SessionResult) -> bool:
    return result.rpe is not None and result.rpe <= ref.planned_rpe


def _verdict(
    ref: PlannedRef, result: SessionResult, failed: bool, failures_in_a_row: int
) -> tuple[Verdict, str]:
    on = f"{ref.day:%a %d %b}"
    if result.skipped in (SkipReason.ILL, SkipReason.INJURED):
        return Verdict.STEP_BACK, (
            f"Steps back a week: the session of {on} was skipped ({result.skipped.value}); "
            "come back a little below where you left off."
        )
    if failed and failures_in_a_row >= 2:
        return Verdict.STEP_BACK, (
            f"Steps back a week: two sessions in a row missed or not run as planned (to {on})."
        )
    if not result.run:
        said = f" ({result.skipped.value})" if result.skipped else ""
        return Verdict.REPEAT, (
            f"Repeats the load instead of raising it: the session of {on} was missed{said}."
        )
    if failed or result.faded:
        return Verdict.REPEAT, f"Repeats the load instead of raising it: {_what_went(result, on)}."
    if result.rpe is not None and result.rpe > ref.planned_rpe:
        return Verdict.REPEAT, (
            f"Repeats the load instead of raising it: {on} felt harder than planned "
            f"(RPE {result.rpe:g} against {ref.planned_rpe:g})."
        )
    if result.compliance is None:
        felt = f" at RPE {result.rpe:g}" if result.rpe is not None else ""
        return Verdict.PROGRESS, f"{on} done{felt}: progress as planned."
    return Verdict.PROGRESS, (f"{on} on target ({result.compliance:.0f}/100): progress as planned.")


def _what_went(result: SessionResult, on: str) -> str:
    if result.rpe is not None and result.rpe >= 10:
        return f"{on} felt maximal (RPE 10)"
    if result.cut_short:
        return f"the session of {on} was cut short"
    if result.compliance is not None and result.compliance < PASSING_SCORE:
        return (
            f"the session of {on} scored {result.compliance:.0f}/100, under the "
            f"{PASSING_SCORE:.0f} pass mark"
        )
    return f"the reps of {on} faded"
