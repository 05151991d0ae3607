"""What the runner tells the coach about a session: how hard it felt, or why it did not happen.

Session RPE is Foster's: one number, 1-10, for the whole session, asked about half an hour
after it (Foster et al. 2001, "A new approach to monitoring exercise training", J Strength
Cond Res 15(1):109-115). A skipped session carries its reason, because the coach answers them
differently: illness and injury step the plan back, lack of time does not mean lost fitness.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from speedplay.errors import InvalidValueError


class SkipReason(StrEnum):
    """Why a planned session did not happen."""

    ILL = "ill"
    INJURED = "injured"
    NO_TIME = "no-time"


NOTE_LENGTH = 2_000
"""A note is a few lines for the coach, not a document."""


def check_note(note: str) -> None:
    """Refuse a note too long to be one, or with control characters (a terminal escape, a
    NUL) other than line breaks and tabs."""
    if len(note) > NOTE_LENGTH:
        raise InvalidValueError(
            f"--note: {len(note):,} characters; a note has at most {NOTE_LENGTH:,}"
        )
    if any(not c.isprintable() and c not in "\n\r\t" for c in note):
        raise InvalidValueError("--note: control characters are not allowed in a note")


@dataclass(frozen=True)
class LogEntry:
    """The runner's word on a day: session RPE, a note, or a skip with its reason."""

    day: date
    rpe: float | None = None
    note: str | None = None
    skipped: SkipReason | None = None

    def __post_init__(self) -> None:
        if self.rpe is not None and not 1 <= self.rpe <= 10:
            raise InvalidValueError(f"--rpe runs from 1 to 10, found {self.rpe:g}")
        if self.rpe is not None and self.skipped is not None:
            raise InvalidValueError("a skipped session has no RPE: give --rpe or --skip")
        if self.note is not None:
            check_note(self.note)

    def merged(self, newer: LogEntry) -> LogEntry:
        """This entry updated by a newer one: what the newer says wins; a skip clears the
        RPE and an RPE clears the skip."""
        if newer.skipped is not None:
            return LogEntry(self.day, None, newer.note or self.note, newer.skipped)
        if newer.rpe is not None:
            return LogEntry(self.day, newer.rpe, newer.note or self.note, None)
        return LogEntry(self.day, self.rpe, newer.note or self.note, self.skipped)
