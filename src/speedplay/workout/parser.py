"""Parse the workout language into a :class:`~speedplay.workout.model.Workout`.

The grammar is in ``docs/workout-language.md``; in short::

    workout  = [name ":"] sequence
    sequence = item {("+" | "," | "/") item}
    item     = COUNT "x" ("(" sequence ")" | step) [recovery] | "pyramid" pyramid | step
    recovery = ["w/" | "with" | "/"] step
    step     = [duration] {intent | terrain | "@" target | "cue"}, the duration after the
               words if not before them

``6x800m @5k w/ 400m jog`` is how coaches write a repeat of one rep and its recovery (a bare
length there is a jog; after a bracketed repeat it comes between the sets); ``15'`` is 15
minutes, ``2:00`` two.

A hand-written recursive-descent parser, because the errors are the product: each names the
column and what was expected there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from speedplay.errors import InvalidValueError, WorkoutSyntaxError
from speedplay.races import Race
from speedplay.units import parse_clock
from speedplay.workout import vocabulary as vocab
from speedplay.workout.model import (
    DistanceDuration,
    Duration,
    HeartRateTarget,
    IntensityTarget,
    Intent,
    Item,
    NoTarget,
    OpenDuration,
    PaceTarget,
    RacePaceTarget,
    RecoveryStyle,
    Repeat,
    RpeTarget,
    Step,
    Target,
    Terrain,
    TimeDuration,
    Workout,
    halved,
)

_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<clock>\d+:\d+(?::\d+)?(?:\.\d+)?)
      | (?P<number>\d+(?:\.\d+)?)
      | (?P<word>[A-Za-z]+(?:-[A-Za-z]+)*)
      | (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<minutes>['\u2032\u2019])  # a prime, or a phone's curly apostrophe
      | (?P<punct>[-+,()@/:])""",
    re.VERBOSE,
)
SEPARATORS = ("+", ",", "/")
"""What joins items: ``+`` between steps, ``,`` inside brackets, ``/`` as in 30/30 and 400/200."""
_QUOTED_NAME = re.compile(r'\s*"((?:[^"\\]|\\.)*)"\s*:')
_ESCAPE = re.compile(r"\\(.)")
_END = "end"
_T = TypeVar("_T")


@dataclass(frozen=True)
class _Token:
    kind: str  # clock, number, word, string, one punctuation character, or "end"
    text: str
    column: int

    def shown(self) -> str:
        return "the end of the text" if self.kind == _END else f"'{self.text}'"


def parse_workout(text: str) -> Workout:
    """Parse workout text; raise :class:`WorkoutSyntaxError` naming the column of a mistake."""
    name, offset = _split_name(text)
    parser = _Parser(_tokenize(text, offset))
    items = parser.workout()
    try:
        return Workout(name, tuple(items))
    except InvalidValueError as error:
        raise WorkoutSyntaxError(str(error), 1) from error


def _split_name(text: str) -> tuple[str, int]:
    """A leading ``Name:`` or ``"Name":``, and where the steps begin."""
    if quoted := _QUOTED_NAME.match(text):
        return _ESCAPE.sub(r"\1", quoted.group(1)), quoted.end()
    if plain := vocab.PLAIN_NAME.match(text):
        return plain.group(1), plain.end()
    return "", 0


def _tokenize(text: str, offset: int) -> list[_Token]:
    tokens: list[_Token] = []
    position = offset
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise WorkoutSyntaxError(f"unexpected character '{text[position]}'", position + 1)
        kind = match.lastgroup or ""
        if kind == "punct":
            kind = match.group()
        matched = match.group()
        if kind == "minutes":  # 15' is 15 minutes, as coaches write it
            tokens.append(_Token("word", "min", position + 1))
        elif kind == "word" and _repeat_glued(tokens, position, matched):  # 6xopen: 6 x open
            tokens.append(_Token("word", "x", position + 1))
            tokens.append(_Token("word", matched[1:], position + 2))
        elif kind != "space":
            tokens.append(_Token(kind, matched, position + 1))
        position = match.end()
    tokens.append(_Token(_END, "", len(text) + 1))
    return tokens


def _repeat_glued(tokens: list[_Token], position: int, word: str) -> bool:
    """Whether ``word`` is a repeat's ``x`` glued to the step's first word: ``6xopen``."""
    if not (tokens and word[:1] in "xX" and len(word) > 1):
        return False
    before = tokens[-1]
    return before.kind == "number" and before.column + len(before.text) == position + 1


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0

    # --- token helpers ----------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> _Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def advance(self) -> _Token:
        token = self.peek()
        self.index += 1
        return token

    def word(self, ahead: int = 0) -> str:
        token = self.peek(ahead)
        return token.text.lower() if token.kind == "word" else ""

    def fail(self, message: str, token: _Token | None = None) -> WorkoutSyntaxError:
        return WorkoutSyntaxError(message, (token or self.peek()).column)

    def expect_number(self, after: str) -> _Token:
        token = self.peek()
        if token.kind == "-" and self.peek(1).kind == "number":
            raise self.fail(f"negative numbers are not allowed, found '-{self.peek(1).text}'")
        if token.kind != "number":
            raise self.fail(f"expected a number after '{after}', found {token.shown()}")
        return self.advance()

    # --- grammar ----------------------------------------------------------------------------

    def workout(self) -> list[Item]:
        if self.peek().kind == _END:
            raise self.fail("the workout is empty; expected a step such as '10min easy'")
        items = self.sequence()
        token = self.peek()
        if token.kind == ")":
            raise self.fail("unexpected ')' with no '(' to close")
        if token.kind != _END:
            raise self.fail(f"expected '+' before the next step, found {token.shown()}")
        return items

    def sequence(self) -> list[Item]:
        items = self.item()
        while self.peek().kind in SEPARATORS:
            self.advance()
            items.extend(self.item())
        return items

    def item(self) -> list[Item]:
        if self.peek().kind == "number" and self.word(1) == "x":
            return [self.repeat()]
        if self.word() == vocab.PYRAMID_WORD:
            return self.pyramid()
        return [self.step()]

    def repeat(self) -> Repeat:
        count_token = self.advance()
        self.advance()  # the "x"
        if not count_token.text.isdigit():
            raise self.fail(
                f"a repeat count is a whole number, found {count_token.text}", count_token
            )
        opening = self.peek()
        if opening.kind != "(":
            return self.one_rep_repeat(count_token)
        self.advance()
        items = self.sequence()
        closing = self.peek()
        if closing.kind != ")":
            raise self.fail(
                f"expected ')' to close the '(' at column {opening.column}, found {closing.shown()}"
            )
        self.advance()
        if self.recovery_follows(slash=False):  # 2x(6x200m @R w/ 200m jog) w/ 5min jog
            items.append(self.recovery())  # between the sets ("/" here joins the next item)
        return _build(lambda: Repeat(int(count_token.text), tuple(items)), count_token)

    def one_rep_repeat(self, count_token: _Token) -> Repeat:
        """``6x800m @5k w/ 400m jog``: one rep, and its recovery after ``w/``, ``with``, ``/``
        or straight after it (``20x 1min on 1min off``)."""
        if self.peek().kind not in ("number", "clock", "word", "@"):
            raise self.fail(
                f"expected '(' or a step after '{count_token.text}x', found {self.peek().shown()}"
            )
        items: tuple[Item, ...] = (self.step(),)
        if self.recovery_follows(slash=False):
            items += (self.recovery(),)
        elif self.peek().kind in ("/", "number", "clock"):  # 12x400m @5k/90s jog, 1min on 1min off
            before = self.index
            recovery = self.recovery()
            if recovery.intent in (Intent.WARMUP, Intent.COOLDOWN):  # 6x400m @5k / 10min cd
                self.index = before  # not its recovery: the "/" joins the next item
            else:
                items += (recovery,)
        return _build(lambda: Repeat(int(count_token.text), items), count_token)

    def recovery(self) -> Step:
        """The recovery of a repeat, after its ``w/``, ``with`` or ``/`` if any: a bare length
        is a jog."""
        if self.word() == "w":
            self.advance()  # the "w" of "w/"
        if self.recovery_follows():
            self.advance()
        return self.step(default_intent=vocab.INTENT_WORDS["jog"])

    def recovery_follows(self, *, slash: bool = True) -> bool:
        """Whether ``w/``, ``with`` (or, with ``slash``, ``/``) comes next: a repeat's
        recovery."""
        return (
            self.word() == "with"
            or (self.word() == "w" and self.peek(1).kind == "/")
            or (slash and self.peek().kind == "/")
        )

    def step(self, default_intent: tuple[Intent, RecoveryStyle | None] | None = None) -> Step:
        start = self.peek()
        duration = self.duration_if_any()
        parts = _StepParts()
        self.attributes(parts, allow_intent=True)
        if duration is None and not parts.empty:  # the length after the words: "wu 15min"
            duration = self.duration_if_any()
            if duration is not None:
                self.attributes(parts, allow_intent=True)
        if duration is None and parts.empty:
            raise self.fail(f"expected a step such as '10min easy', found {start.shown()}")
        intent, style = parts.intent or (None, None)
        if intent is None and default_intent is not None and isinstance(parts.target, NoTarget):
            intent, style = default_intent
        if intent is None:
            if isinstance(parts.target, NoTarget):
                raise self.fail(
                    f"a step needs an intent ({vocab.INTENT_HINT}) or a target such as '@rpe8'",
                    start,
                )
            intent = Intent.WORK
        final_intent = intent
        return _build(
            lambda: Step(
                final_intent,
                duration or OpenDuration(),
                parts.target,
                parts.terrain,
                parts.cue,
                style,
            ),
            start,
        )

    def duration_if_any(self) -> Duration | None:
        token = self.peek()
        if token.kind == "-" and self.peek(1).kind == "number":
            raise self.fail(f"negative numbers are not allowed, found '-{self.peek(1).text}'")
        if self.word() in vocab.OPEN_WORDS:
            self.advance()
            return OpenDuration()
        if token.kind == "clock":  # 2:00 jog, 1:15:00 easy
            self.advance()
            seconds = _clock_seconds(token, self)
            return _build(lambda: TimeDuration(seconds), token)
        if token.kind != "number":
            return None
        value, unit = self.quantity()
        if unit in vocab.METRES_PER_DISTANCE_UNIT:
            metres = value * vocab.METRES_PER_DISTANCE_UNIT[unit]
            return _build(lambda: DistanceDuration(metres), token)
        seconds = value * vocab.SECONDS_PER_TIME_UNIT[unit]
        while self.peek().kind == "number" and self.word(1) in vocab.SECONDS_PER_TIME_UNIT:
            more, more_unit = self.quantity()  # compound times: 1h30min, 1min30s
            seconds += more * vocab.SECONDS_PER_TIME_UNIT[more_unit]
        total = seconds
        return _build(lambda: TimeDuration(total), token)

    def quantity(self) -> tuple[float, str]:
        number = self.advance()
        unit = self.word()
        if unit not in vocab.SECONDS_PER_TIME_UNIT and unit not in vocab.METRES_PER_DISTANCE_UNIT:
            raise self.fail(
                f"expected a unit after '{number.text}' ({vocab.UNIT_HINT}), "
                f"found {self.peek().shown()}"
            )
        self.advance()
        return float(number.text), unit

    def attributes(self, parts: _StepParts, *, allow_intent: bool) -> None:
        while True:
            token = self.peek()
            word = self.word()
            if token.kind == "@":
                self.advance()
                parts.set_target(self.target(), token, self)
            elif token.kind == "string":
                self.advance()
                parts.set_cue(_ESCAPE.sub(r"\1", token.text[1:-1]), token, self)
            elif word in vocab.TERRAIN_WORDS:
                self.advance()
                parts.set_terrain(vocab.TERRAIN_WORDS[word], token, self)
            elif (pair := (word, self.word(1))) in vocab.TWO_WORD_INTENTS and allow_intent:
                self.advance()
                self.advance()
                parts.set_intent(vocab.TWO_WORD_INTENTS[pair], token, self)
            elif word in vocab.INTENT_WORDS and allow_intent:
                self.advance()
                parts.set_intent(vocab.INTENT_WORDS[word], token, self)
            elif self.recovery_follows():
                return
            elif token.kind == "word" and word not in vocab.INTENT_WORDS:
                raise self.fail(
                    f"unknown word {token.shown()}; expected an intent ({vocab.INTENT_HINT}), "
                    "uphill or downhill, '@' and a target, or a quoted cue"
                )
            else:
                return

    # --- targets ----------------------------------------------------------------------------

    def target(self) -> Target:
        token = self.peek()
        word = self.word()
        if word == "rpe":
            self.advance()
            low, high = self.whole_range("rpe")
            return _build(lambda: RpeTarget(low, high), token)
        if word == "hr":
            self.advance()
            low, high = self.whole_range("hr")
            return _build(lambda: HeartRateTarget(low, high), token)
        if token.kind == "clock" or self.seconds_pace_ahead():
            return self.pace()
        if word in vocab.INTENSITY_WORDS:
            self.advance()
            self.skip_pace_word()
            return IntensityTarget(vocab.INTENSITY_WORDS[word])
        if token.kind == "-":
            self.expect_number("@")
        if token.kind in ("number", "word"):
            race = self.race()
            self.skip_pace_word()
            return race
        raise self.fail(
            "expected a target after '@' (rpe8-9, hr150-160, 4:50/km, 5k, T, ...), "
            f"found {token.shown()}"
        )

    def skip_pace_word(self) -> None:
        """``@10k pace``, ``@threshold pace``: the word says nothing more than the target."""
        if self.word() == "pace":
            self.advance()

    def seconds_pace_ahead(self) -> bool:
        """Whether a pace in plain seconds follows: ``85s/400m`` or ``85-90s/400m``."""
        return (
            self.peek().kind == "number"
            and self.word(1) in ("s", "sec")
            and self.peek(2).kind in ("-", "/")
        )

    def whole_range(self, after: str) -> tuple[int, int]:
        low_token = self.expect_number(after)
        high_token = low_token
        if self.peek().kind == "-":
            self.advance()
            high_token = self.expect_number("-")
        for token in (low_token, high_token):
            if not token.text.isdigit():
                what = "RPE" if after == "rpe" else "heart rate"
                raise self.fail(f"{what} is a whole number, found {token.text}", token)
        return int(low_token.text), int(high_token.text)

    def pace(self) -> PaceTarget:
        start = self.peek()
        fast_seconds = self.pace_time()
        slow_seconds = fast_seconds
        if self.peek().kind == "-":
            self.advance()
            slow_seconds = self.pace_time()
        if self.peek().kind != "/":
            raise self.fail(f"expected '/km' or '/mi' after the pace, found {self.peek().shown()}")
        self.advance()
        per_metres = self.pace_distance()
        fast = vocab.pace_per_km(fast_seconds, per_metres)
        slow = vocab.pace_per_km(slow_seconds, per_metres)
        return _build(lambda: PaceTarget(fast, slow), start)

    def pace_time(self) -> float:
        token = self.peek()
        if token.kind == "clock":
            self.advance()
            if token.text.count(":") != 1:
                raise self.fail(f"a pace is m:ss, found '{token.text}'", token)
            minutes, seconds = token.text.split(":")
            if float(seconds) >= 60:
                raise self.fail(f"seconds run 0-59 in a pace, found '{token.text}'", token)
            return int(minutes) * 60 + float(seconds)
        number = self.expect_number("-")
        if self.word() not in ("s", "sec"):
            raise self.fail(f"expected m:ss or seconds such as '85s', found '{number.text}'")
        self.advance()
        return float(number.text)

    def pace_distance(self) -> float:
        word = self.word()
        if word in vocab.PACE_UNITS:
            self.advance()
            return vocab.PACE_UNITS[word]
        if self.peek().kind == "number" and self.word(1) in vocab.METRES_PER_DISTANCE_UNIT:
            start = self.peek()
            value, unit = self.quantity()
            metres = value * vocab.METRES_PER_DISTANCE_UNIT[unit]
            if metres <= 0:
                raise self.fail("a pace is per a positive distance", start)
            return metres
        raise self.fail(f"expected km, mi or a distance after '/', found {self.peek().shown()}")

    def race(self) -> RacePaceTarget:
        start = self.advance()
        name = start.text
        if start.kind == "number" and self.peek().kind == "word":
            name += self.advance().text
        race = Race.from_name(name)
        if race is None:
            known = ", ".join(r.label for r in Race)
            raise self.fail(f"unknown race distance '{name}'; expected one of {known}", start)
        return RacePaceTarget(race)

    # --- pyramids ---------------------------------------------------------------------------

    def pyramid(self) -> list[Item]:
        keyword = self.advance()
        values = [float(self.expect_number("pyramid").text)]
        while self.peek().kind == "-":
            self.advance()
            values.append(float(self.expect_number("-").text))
        if len(values) < 2:
            raise self.fail(
                "a pyramid needs two or more steps, such as 'pyramid 1-2-3-2-1min'", keyword
            )
        durations = self.pyramid_durations(values)
        parts = _StepParts()
        self.attributes(parts, allow_intent=False)
        recovery = self.pyramid_recovery()
        items: list[Item] = []
        for index, duration in enumerate(durations):
            if index:
                items.append(recovery(durations[index - 1]))
            items.append(Step(Intent.WORK, duration, parts.target, parts.terrain, parts.cue))
        return items

    def pyramid_durations(self, values: list[float]) -> list[Duration]:
        token = self.peek()
        unit = self.word()
        factor = vocab.SECONDS_PER_TIME_UNIT.get(unit)
        make: Callable[[float], Duration] = TimeDuration
        if factor is None:
            factor = vocab.METRES_PER_DISTANCE_UNIT.get(unit)
            make = DistanceDuration
        if factor is None:
            raise self.fail(
                f"expected a unit after the pyramid's steps ({vocab.UNIT_HINT}), "
                f"found {token.shown()}"
            )
        self.advance()
        durations: list[Duration] = []
        for value in values:
            durations.append(_build(partial(make, value * factor), token))
        return durations

    def pyramid_recovery(self) -> Callable[[Duration], Step]:
        token = self.peek()
        word = self.word()
        if word not in vocab.INTENT_WORDS or vocab.INTENT_WORDS[word][0] not in (
            Intent.RECOVERY,
            Intent.REST,
        ):
            return lambda rep: Step(Intent.RECOVERY, rep, style=RecoveryStyle.JOG)
        self.advance()
        intent, style = vocab.INTENT_WORDS[word]
        how = self.word()
        if how in (vocab.PYRAMID_EQUAL, vocab.PYRAMID_HALF):
            self.advance()
            return lambda rep: Step(
                intent, halved(rep) if how == vocab.PYRAMID_HALF else rep, style=style
            )
        fixed = self.duration_if_any()
        if fixed is None or isinstance(fixed, OpenDuration):
            raise self.fail(
                f"expected 'equal', 'half' or a duration after '{token.text}', "
                f"found {self.peek().shown()}"
            )
        return lambda rep: Step(intent, fixed, style=style)


class _StepParts:
    """What the words after a step's duration have said so far; each may be said once."""

    def __init__(self) -> None:
        self.intent: tuple[Intent, RecoveryStyle | None] | None = None
        self.target: Target = NoTarget()
        self.terrain: Terrain | None = None
        self.cue: str | None = None
        self.empty = True

    def set_intent(
        self, value: tuple[Intent, RecoveryStyle | None], at: _Token, p: _Parser
    ) -> None:
        self._once(self.intent is None, "intent", at, p)
        self.intent = value

    def set_target(self, value: Target, at: _Token, p: _Parser) -> None:
        self._once(isinstance(self.target, NoTarget), "target", at, p)
        self.target = value

    def set_terrain(self, value: Terrain, at: _Token, p: _Parser) -> None:
        self._once(self.terrain is None, "terrain", at, p)
        self.terrain = value

    def set_cue(self, value: str, at: _Token, p: _Parser) -> None:
        self._once(self.cue is None, "cue", at, p)
        self.cue = value

    def _once(self, first: bool, what: str, at: _Token, p: _Parser) -> None:
        if not first:
            raise p.fail(f"a step has one {what}, found a second one: {at.shown()}", at)
        self.empty = False


def _clock_seconds(token: _Token, parser: _Parser) -> float:
    """``2:00`` or ``1:15:00`` as seconds; the column of a time that is not one."""
    try:
        return parse_clock(token.text)
    except InvalidValueError as error:
        raise parser.fail(str(error), token) from None


def _build(make: Callable[[], _T], at: _Token) -> _T:
    """Construct a model value, turning its range checks into errors at the right column."""
    try:
        return make()
    except InvalidValueError as error:
        raise WorkoutSyntaxError(str(error), at.column) from error
