"""Build a speed plan week by week, with the reason for every session.

The rules, each carried into the ``why`` of the sessions it shapes:

* Blocks of about four weeks per family, harder each week, then a different family
  (:mod:`blocks`); a lighter week closes each block: about two thirds of the last week's hard
  work at the same effort (:mod:`adjust`).
* With a race date: the taper halves the hard work and keeps its intensity; race week holds a
  short sharpener three days out and the race on its date.
* No big jumps: the families raise hard work by at most about 15 % a week or one rep; tempo never
  passes 60 minutes; hard bouts are RPE 8-9, never 10; two sessions a week are three or four days
  apart, never on consecutive days; with a weekly volume, Daniels' caps on T, I and R hold
  (:mod:`caps`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from speedplay.physiology.targets import Runner, resolve_step
from speedplay.physiology.vdot import race_time
from speedplay.planning import blocks
from speedplay.planning.adjust import lighten, shorten, timed_surges, work_count
from speedplay.planning.blocks import Slot, WeekKind
from speedplay.planning.caps import OPEN_STEP_S, caps_for, quality_km
from speedplay.planning.request import HeldBack, PlanRequest
from speedplay.races import Race
from speedplay.units import format_clock, format_pace_range, format_volume
from speedplay.workout.families import FAMILIES, Family, FamilyOptions, Level, build_workout
from speedplay.workout.model import (
    DistanceDuration,
    Intent,
    Item,
    RacePaceTarget,
    Repeat,
    RpeTarget,
    Step,
    Target,
    TimeDuration,
    Workout,
)
from speedplay.workout.summary import main_set_summary

LIGHTER_KEEP = 0.65
"""A lighter week keeps about two thirds of the hard work (Friel: volume down 20-40 %)."""

TAPER_KEEP = 0.5
"""The taper keeps half the hard work (Bosquet et al. 2007: cut 41-60 %, keep intensity)."""

SHARPENER_DAYS_BEFORE = 3
MIN_GAP_DAYS = 2
"""Speed sessions are at least two days apart: never on consecutive days."""
SECOND_SESSION_GAP_DAYS = 3
"""A second weekly session three days after the first: 3 and 4 days apart, never consecutive."""

CAP_MARGIN = 0.99
"""Shorten a hair more than the ratio, as steps round to 5 s."""

MAX_CAP_ROUNDS = 8

"""Shortening towards a cap converges in two or three rounds; this bounds the loop."""

TYPICAL_VDOT = {Level.BEGINNER: 30.0, Level.INTERMEDIATE: 43.0, Level.ADVANCED: 55.0}
"""Without a race, the volume caps measure hard work at a typical pace for the level."""

RACE = "race"
"""The family name of race-week sessions (the sharpener and the race)."""


class SessionKind(StrEnum):
    """What a session is for."""

    BUILD = "build"
    LIGHTER = "lighter"
    TAPER = "taper"
    SHARPENER = "sharpener"
    RACE = "race"


@dataclass(frozen=True)
class Session:
    """One session on one day: its family (or ``race``), the workout and why it is what it is.

    ``slot`` is which of the week's speed sessions it is (0, or 1 for a second one); ``block``
    counts the blocks of that slot, so the sessions of one block share it.
    """

    day: date
    family: str
    workout: Workout
    why: str
    kind: SessionKind = SessionKind.BUILD
    slot: int = 0
    block: int = 0


@dataclass(frozen=True)
class PlanWeek:
    """A week of the plan: its number, what it is for, its sessions."""

    week: int
    kind: WeekKind
    sessions: tuple[Session, ...]


@dataclass(frozen=True)
class Plan:
    """The whole plan, week by week."""

    request: PlanRequest
    weeks: tuple[PlanWeek, ...]

    def sessions(self) -> Iterator[Session]:
        """Every session in date order."""
        for week in self.weeks:
            yield from week.sessions


def build_plan(request: PlanRequest) -> Plan:
    """The plan for ``request`` (already validated by :mod:`request`)."""
    goal_metres = request.goal.metres if request.goal else None
    has_race = request.goal is not None
    first = blocks.layout(request.weeks, request.level, goal_metres, has_race)
    tracks = [first]
    if request.sessions_per_week == 2:
        tracks.append(blocks.layout(request.weeks, request.level, goal_metres, has_race, first))
    everything: list[Session] = []
    for number, track in enumerate(tracks):
        weekday = (request.speed_day + SECOND_SESSION_GAP_DAYS * number) % 7
        for session in _track_sessions(request, track, weekday, number):
            everything.append(replace(session, slot=number))
    by_week: list[list[Session]] = [[] for _ in range(request.weeks)]
    for session in _clear_race_week(everything, request):
        by_week[(session.day - request.start).days // 7].append(session)
    weeks = tuple(
        PlanWeek(index + 1, first[index].kind, tuple(sorted(sessions, key=_day)))
        for index, sessions in enumerate(by_week)
    )
    return Plan(request, weeks)


def _day(session: Session) -> date:
    return session.day


def _clear_race_week(sessions: list[Session], request: PlanRequest) -> list[Session]:
    """Keep two clear days before the sharpener and the race.

    When the race falls early in its week, the sharpener lands in the week before, next to
    that week's session: the other session moves earlier (or, with no room, gives way).
    """
    ordered = sorted(sessions, key=_day)
    race_week = [s for s in ordered if s.kind in (SessionKind.SHARPENER, SessionKind.RACE)]
    if not race_week:
        return ordered
    first_race_week_day = race_week[0].day
    kept: list[Session] = []
    for session in ordered:
        if session.kind in (SessionKind.SHARPENER, SessionKind.RACE):
            kept.append(session)
            continue
        latest = first_race_week_day - timedelta(days=MIN_GAP_DAYS)
        if session.day > latest:
            earliest = kept[-1].day + timedelta(days=MIN_GAP_DAYS) if kept else request.start
            if latest < max(earliest, request.start):
                continue  # no room before race week: the sharpener takes its place
            why = f"{session.why} Moved to {latest:%a %d %b}: two clear days before race week."
            session = replace(session, day=latest, why=why)
        kept.append(session)
    return kept


def _track_sessions(
    request: PlanRequest, track: list[Slot], weekday: int, track_number: int
) -> list[Session]:
    """One track's sessions: each block built, capped as a whole, then its lighter week; the
    taper from the last build week; race week from the goal."""
    sessions: list[Session] = []
    last_build: Workout | None = None
    for block in _blocks(track):
        block = [_held(slot, request, track_number) for slot in block]
        if block[0].kind is WeekKind.RACE:
            sessions += _race_week(request) if track_number == 0 else []
            continue
        if block[0].kind is WeekKind.TAPER:
            assert last_build is not None
            for slot in block:
                workout = _within_caps(lighten(last_build, TAPER_KEEP), request)
                sessions.append(_taper_session(request, slot, workout, weekday))
            continue
        built = _built_block(request, block, track_number)
        for slot, workout, reason in built:
            sessions.append(_make_session(request, slot, workout, reason, weekday))
        last_build = [w for s, w, _ in built if s.kind is WeekKind.BUILD][-1]
    return sessions


def _held(slot: Slot, request: PlanRequest, track_number: int) -> Slot:
    """The slot as the coach holds it: a build week held back by N weeks takes the workout of
    week ``block_week - N`` of its block (never before week 1)."""
    held = _held_back(request, track_number, slot.week)
    if held is None or slot.kind is not WeekKind.BUILD:
        return slot
    return replace(slot, block_week=max(1, slot.block_week - held.weeks))


def _held_back(request: PlanRequest, track_number: int, week: int) -> HeldBack | None:
    return next(
        (h for h in request.held_back if h.slot == track_number and h.week == week and h.weeks),
        None,
    )


def _blocks(track: list[Slot]) -> list[list[Slot]]:
    grouped: dict[tuple[int, WeekKind], list[Slot]] = {}
    for slot in track:
        key = (slot.block, WeekKind.RACE if slot.kind is WeekKind.RACE else WeekKind.BUILD)
        grouped.setdefault(key, []).append(slot)
    return list(grouped.values())


def _built_block(
    request: PlanRequest, block: list[Slot], track_number: int = 0
) -> list[tuple[Slot, Workout, str]]:
    """The block's build weeks (shortened together to fit the caps) and its lighter week."""
    family = block[0].family
    assert family is not None
    options = FamilyOptions(block[0].form, seed=block[0].block)
    builds = [s for s in block if s.kind is WeekKind.BUILD]
    raw = [build_workout(family, request.level, s.block_week, options) for s in builds]
    workouts, cap_note = _fit_block(raw, request)
    result: list[tuple[Slot, Workout, str]] = []
    for index, (slot, workout) in enumerate(zip(builds, workouts, strict=True)):
        before = workouts[index - 1] if index else None
        reason = _build_reason(request, slot, workout, len(builds), before, block)
        held = _held_back(request, track_number, slot.week)
        if held is not None:
            reason = (
                f"{held.reason} Held at week {slot.block_week} of the block's progression "
                f"({main_set_summary(workout)})."
            )
        result.append((slot, workout, " ".join(p for p in (reason, cap_note) if p)))
    for slot in block:
        if slot.kind is WeekKind.LIGHTER:
            lighter = _within_caps(lighten(workouts[-1], LIGHTER_KEEP), request)
            reason = (
                f"Lighter week closing the {FAMILIES[family].title.lower()} block: about two "
                "thirds of last week's hard work at the same effort, so the body absorbs the "
                "block (a recovery week every 3-4, Friel)."
            )
            result.append((slot, lighter, reason))
    return result


SESSION_KIND = {
    WeekKind.BUILD: SessionKind.BUILD,
    WeekKind.LIGHTER: SessionKind.LIGHTER,
    WeekKind.TAPER: SessionKind.TAPER,
}
NAME_SUFFIX = {SessionKind.LIGHTER: ", lighter week", SessionKind.TAPER: ", taper"}


def _make_session(
    request: PlanRequest, slot: Slot, workout: Workout, reason: str, weekday: int
) -> Session:
    assert slot.family is not None
    kind = SESSION_KIND[slot.kind]
    summary = main_set_summary(workout)
    name = f"{FAMILIES[slot.family].title} {summary}{NAME_SUFFIX.get(kind, '')}"
    start = request.start + timedelta(weeks=slot.week - 1)
    day = start + timedelta(days=(weekday - start.weekday()) % 7)
    why = reason + _targets_note(workout, request)
    return Session(
        day, slot.family.value, Workout(name, workout.items), why, kind, block=slot.block
    )


def _taper_session(request: PlanRequest, slot: Slot, workout: Workout, weekday: int) -> Session:
    reason = (
        "Taper: half the hard work of your last build week, same effort, same number of "
        "sessions (Bosquet et al. 2007: cut volume 41-60% over two weeks, keep intensity)."
    )
    return _make_session(request, slot, workout, reason, weekday)


def _build_reason(
    request: PlanRequest,
    slot: Slot,
    workout: Workout,
    build_weeks: int,
    last: Workout | None,
    block: list[Slot],
) -> str:
    assert slot.family is not None
    info = FAMILIES[slot.family]
    if last is None:
        lines = [
            f"Week 1 of {build_weeks} building {info.title.lower()} ({slot.form}): "
            f"{info.trains[0].lower()}{info.trains[1:]}"
        ]
        if slot.block > 1 and slot.previous_family is not None:
            lines.append(
                f"A new family after {FAMILIES[slot.previous_family].title.lower()}: about "
                "four weeks per family, then switch, keeps the body adapting."
            )
        elif request.level is Level.BEGINNER and slot.family is Family.FARTLEK:
            lines.append("Beginners start with fartlek: effort by feel, no numbers to chase.")
        return " ".join(lines)
    return (
        f"Week {slot.block_week} of {build_weeks} building {info.title.lower()}: "
        f"{_change(last, workout)} {info.progression}"
    )


def _change(before: Workout, after: Workout) -> str:
    reps_before, reps_after = work_count(before), work_count(after)
    if reps_after == reps_before + 1:
        return f"one more rep than last week ({reps_before} to {reps_after})."
    if after.work_seconds > before.work_seconds > 0:
        rise = after.work_seconds / before.work_seconds - 1
        return (
            f"hard work up {rise:.0%} ({format_clock(before.work_seconds)} to "
            f"{format_clock(after.work_seconds)}), within the 15% a week that avoids big jumps."
        )
    if after.work_seconds == before.work_seconds and reps_after == reps_before:
        return "held at last week's work: a cap below stops it growing."
    return "a little more than last week."


def _fit_block(raw: list[Workout], request: PlanRequest) -> tuple[list[Workout], str]:
    """The block's weeks fitted to Daniels' caps, alike so that the progression survives: the
    work steps of every week shortened by one factor. Open surges (run to a landmark) cannot be
    shortened; when they would overflow a cap, they become timed surges first."""
    keep, note = _cap_factor(raw, request)
    if request.weekly_km is not None and any(_over_caps(shorten(w, keep), request) for w in raw):
        raw = [timed_surges(w, OPEN_STEP_S) for w in raw]
        keep, note = _cap_factor(raw, request)
        note += " Surges are timed so that they stay within it."
    workouts = [shorten(w, keep) if keep < 1 else w for w in raw]
    if note:
        note += " Every week of the block alike, so it still grows week to week."
    return workouts, note


def _within_caps(workout: Workout, request: PlanRequest) -> Workout:
    """A lighter or taper session still inside the caps: shorter reps may count as R work,
    whose cap is the tightest."""
    keep, _ = _cap_factor([workout], request)
    return shorten(workout, keep) if keep < 1 else workout


def _over_caps(workout: Workout, request: PlanRequest) -> bool:
    assert request.weekly_km is not None
    runner = Runner(request.vdot or TYPICAL_VDOT[request.level])
    done = quality_km(workout, runner)
    return any(done[zone] > cap.km for zone, cap in caps_for(request.weekly_km).items())


def _cap_factor(workouts: list[Workout], request: PlanRequest) -> tuple[float, str]:
    """How much to shorten a block so that its heaviest week fits Daniels' caps, and why."""
    if request.weekly_km is None:
        return 1.0, ""
    runner = Runner(request.vdot or TYPICAL_VDOT[request.level])
    caps = caps_for(request.weekly_km)
    keep, binding = 1.0, set()
    for _ in range(MAX_CAP_ROUNDS):
        over = False
        for workout in workouts:
            done = quality_km(shorten(workout, keep) if keep < 1 else workout, runner)
            for zone, cap in caps.items():
                if done[zone] > cap.km:
                    keep *= cap.km / done[zone] * CAP_MARGIN
                    binding.add(zone)
                    over = True
        if not over:
            break
    if not binding:
        return 1.0, ""
    rules = "; ".join(
        f"{caps[z].rule}: {format_volume(caps[z].km, request.units)} "
        f"in a {format_volume(request.weekly_km, request.units)} week"
        for z in sorted(binding)
    )
    return keep, f"Shortened to {keep:.0%} to respect Daniels' limits ({rules})."


def _targets_note(workout: Workout, request: PlanRequest) -> str:
    if request.vdot is None:
        return " Targets are efforts: RPE 8-9 hard, RPE 7 tempo, jog the recoveries."
    runner = Runner(request.vdot + request.vdot_raise, request.lthr)
    for expanded in workout.expanded():
        step = expanded.step
        if step.intent is Intent.WORK and isinstance(step.target, RpeTarget):
            resolved = resolve_step(step, runner)
            if resolved.pace is None:
                break
            effort = (
                f"RPE {step.target.low}"
                if step.target.low == step.target.high
                else f"RPE {step.target.low}-{step.target.high}"
            )
            pace = format_pace_range(*resolved.pace, request.units)
            if resolved.heart_rate:
                low, high = resolved.heart_rate
                return f" {effort} is {pace}, {low}-{high} bpm for you here."
            lags = " (too short a rep for heart rate to follow)" if request.lthr else ""
            return f" {effort} is {pace} for you here{lags}."
    return ""


# --- race week -------------------------------------------------------------------------------


def _race_week(request: PlanRequest) -> list[Session]:
    goal = request.goal
    assert goal is not None
    race = Race.from_name(goal.label)
    target: Target = RacePaceTarget(race) if race else RpeTarget(8, 8)
    long_goal = goal.metres >= blocks.LONG_GOAL_MIN_M
    reps, rep_seconds = (3, 180.0) if long_goal else (4, 60.0)
    sharpener = Workout(
        f"Race-week sharpener ({goal.label})",
        (
            Step(Intent.WARMUP, TimeDuration(600.0)),
            Repeat(
                reps,
                (
                    Step(Intent.WORK, TimeDuration(rep_seconds), target, cue="race pace, relaxed"),
                    Step(Intent.RECOVERY, TimeDuration(120.0)),
                ),
            ),
            Step(Intent.COOLDOWN, TimeDuration(600.0)),
        ),
    )
    sharpener_day = goal.day - timedelta(days=SHARPENER_DAYS_BEFORE)
    prediction = ""
    if request.vdot is not None:
        predicted = format_clock(race_time(request.vdot, goal.metres))
        prediction = f" Predicted {predicted} from your current fitness."
    race_day = Session(
        goal.day,
        RACE,
        _race_workout(goal.label, goal.metres, race),
        f"Race day: your {goal.label}.{prediction}",
        SessionKind.RACE,
    )
    if sharpener_day < request.start:
        return [race_day]
    keep, cap_note = _cap_factor([sharpener], request)
    sharpener = shorten(sharpener, keep) if keep < 1 else sharpener
    why = (
        f"Race week: {reps} short reps at race pace {SHARPENER_DAYS_BEFORE} days out keep you "
        "sharp without tiring you; nothing else hard this week."
    )
    why = " ".join(part for part in (why, cap_note) if part)
    return [Session(sharpener_day, RACE, sharpener, why, SessionKind.SHARPENER), race_day]


def _race_workout(label: str, metres: float, race: Race | None) -> Workout:
    target: Target = RacePaceTarget(race) if race else RpeTarget(8, 9)
    items: list[Item] = [
        Step(Intent.WARMUP, TimeDuration(600.0), cue="easy, with a few strides"),
        Step(Intent.WORK, DistanceDuration(metres), target, cue="even pace, then race the end"),
        Step(Intent.COOLDOWN, TimeDuration(600.0)),
    ]
    return Workout(f"Race: {label}", tuple(items))
