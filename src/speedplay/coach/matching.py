"""Which run was which planned session.

A run counts as a planned session when it was run within a day of it (a session moved to the
day before or after is still that session). Of several candidates, the closest in kind wins:
the run that scores best against the session's workout (the compliance score of ``analyze
--planned``), then the one nearest the planned day. A run that is nobody's session (an easy
run, a long run) is history all the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

MATCH_WINDOW_DAYS = 1
"""A run matches a planned session on its day, the day before or the day after."""


class Dated(Protocol):
    @property
    def day(self) -> date: ...


S = TypeVar("S", bound=Dated)
T = TypeVar("T")


def sessions_near(run_on: date, sessions: Sequence[S]) -> list[S]:
    """The planned sessions a run on ``run_on`` may be, nearest day first."""
    near = [s for s in sessions if abs((s.day - run_on).days) <= MATCH_WINDOW_DAYS]
    return sorted(near, key=lambda s: abs((s.day - run_on).days))


@dataclass(frozen=True)
class Fit:
    """How well a run fits a planned session: its compliance score (0-100; None when the
    workout has nothing to score) and how many days from the planned day it was run."""

    compliance: float | None
    days_off: int

    def rank(self) -> tuple[float, int]:
        """Higher is closer: the better score, then the nearer day."""
        return (self.compliance if self.compliance is not None else 0.0, -self.days_off)


def fit_of(compliance: float | None, run_on: date, planned_on: date | None) -> Fit:
    """The fit of a run on ``run_on`` scored ``compliance`` against the session of
    ``planned_on``."""
    return Fit(compliance, abs((planned_on - run_on).days) if planned_on else 0)


def closest(fits: Sequence[tuple[T, Fit]]) -> tuple[T, Fit] | None:
    """The candidate session a run fits best, or None when there is none."""
    return max(fits, key=lambda pair: pair[1].rank(), default=None)


def displaces(new: Fit, held: Fit) -> bool:
    """Whether a run fitting a session as ``new`` takes it from the run that holds it as
    ``held``: only when it is strictly closer (the first import keeps ties)."""
    return new.rank() > held.rank()
