"""Workout files: every format round-trips, FIT checked by an independent decoder, real files."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from functools import partial
from typing import Any

import fitdecode
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speedplay.errors import FormatError
from speedplay.formats.fit_workout import fit_workout_bytes, read_fit_workout
from speedplay.formats.icu_text import icu_text, read_icu_text
from speedplay.formats.tcx_workout import NS, tcx_workout_bytes
from speedplay.formats.workout_files import WorkoutFormat, read_workout_file, sniff
from speedplay.formats.zwo import read_zwo, zwo_bytes
from speedplay.physiology.targets import Runner, resolve_step
from speedplay.physiology.vdot import race_time
from speedplay.races import Race
from speedplay.workout import (
    DistanceDuration,
    Intent,
    PaceTarget,
    Repeat,
    Step,
    TimeDuration,
    Workout,
    parse_workout,
)
from speedplay.workout.families import Family, FamilyOptions, Level, build_workout
from tests.conftest import SAMPLES
from tests.strategies import file_workouts

CREATED = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
RUNNER = Runner(43.4, 168)
RESOLVE = partial(resolve_step, runner=RUNNER)
HILLS = (
    'Hills: 15min wu + 2x(3x(60s uphill @rpe8-9 "drive the knees", jog down), 3min walk) + 10min cd'
)
FILE_EXAMPLES = [
    HILLS,
    "10min wu + 5x(30s @rpe8-9, 30s jog) + 10min cd",
    "1mi wu + 4x(1mi @4:50-5:00/km, 2min jog) + 1mi cd",
    "10min wu + 6x(2min @hr160-170, 2min walk) + 10min cd",
    "2km wu + 6x(400m @5k, 90s jog) + 2km cd",
]


def decoded(data: bytes) -> list[tuple[str, dict[str, Any]]]:
    """Every data message, by an independent decoder that raises on any CRC or format error."""
    messages = []
    with fitdecode.FitReader(
        io.BytesIO(data),
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.RAISE,
    ) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                messages.append((frame.name, {f.name: f.value for f in frame.fields}))
    return messages


# --- FIT -------------------------------------------------------------------------------------


@given(file_workouts)
@settings(max_examples=60)
def test_fit_round_trips_every_workout(workout: Workout):
    data = fit_workout_bytes(workout, CREATED)
    decoded(data)  # CRC and structure checked independently
    assert read_fit_workout(data, "w.fit").workout == workout


def test_fit_fields_say_what_the_model_says():
    workout = parse_workout(
        HILLS + " + 4x(1km @4:50-5:00/km, 90s jog) + 2x(2min @hr160-170, open walk)"
    )
    messages = decoded(fit_workout_bytes(workout, CREATED))
    assert [name for name, _ in messages[:2]] == ["file_id", "workout"]
    assert messages[0][1]["type"] == "workout"
    assert messages[1][1]["sport"] == "running"
    steps = [fields for name, fields in messages if name == "workout_step"]
    assert messages[1][1]["num_valid_steps"] == sum(
        1 for s in steps if s["duration_type"] != "repeat_until_steps_cmplt"
    )
    assert [s["message_index"] for s in steps] == list(range(len(steps)))
    climb, down, inner, walk, outer = steps[1:6]
    assert (climb["duration_type"], climb["duration_time"], climb["intensity"]) == (
        "time",
        60.0,
        "active",
    )
    assert climb["target_type"] == "open"
    assert climb["wkt_step_name"] == "RPE 8-9 uphill - drive the knees"
    assert (down["duration_type"], down["intensity"]) == ("open", "recovery")
    assert (inner["duration_step"], inner["repeat_steps"]) == (1, 3)
    assert walk["duration_time"] == 180.0
    assert (outer["duration_step"], outer["repeat_steps"]) == (1, 2)
    km = steps[7]
    assert (km["duration_type"], km["duration_distance"]) == ("distance", 1000.0)
    assert km["target_type"] == "speed"
    assert km["custom_target_speed_low"] == pytest.approx(1000 / 300, abs=0.001), (
        "low is the slower"
    )
    assert km["custom_target_speed_high"] == pytest.approx(1000 / 290, abs=0.001)
    heart = steps[10]
    assert heart["target_type"] == "heart_rate"
    assert (heart["custom_target_heart_rate_low"], heart["custom_target_heart_rate_high"]) == (
        260,
        270,
    )


def test_fit_efforts_become_the_runners_pace_ranges_within_1_s_per_km():
    workout = build_workout(Family.PYRAMID, Level.INTERMEDIATE, 2)
    data = fit_workout_bytes(workout, CREATED, RESOLVE)
    steps = [f for n, f in decoded(data) if n == "workout_step"]
    for step, expanded in zip(steps, workout.expanded(), strict=False):
        pace = resolve_step(expanded.step, RUNNER).pace
        assert pace is not None
        assert step["target_type"] == "speed"
        assert 1000 / step["custom_target_speed_high"] == pytest.approx(pace[0], abs=1)
        assert 1000 / step["custom_target_speed_low"] == pytest.approx(pace[1], abs=1)
    assert read_fit_workout(data, "p.fit").workout == workout, "the RPE survives in the notes"


def test_a_watch_is_not_asked_to_hold_a_heart_rate_over_a_step_too_short_to_reach_it():
    """With only LTHR known the watch's targets are heart rates: the 30-s reps and jogs get
    none (it would alarm all through them), the 3-min reps and the warm-up do."""
    workout = parse_workout("10min easy + 6x(30s @rpe8-9, 30s jog) + 4x(3min @rpe8, 2min jog)")
    resolve = partial(resolve_step, runner=Runner(None, 172))
    steps = [f for n, f in decoded(fit_workout_bytes(workout, CREATED, resolve))
             if n == "workout_step" and f["duration_type"] == "time"]  # fmt: skip
    targets = [(s["duration_time"], s["target_type"]) for s in steps]
    assert targets == [
        (600.0, "heart_rate"),
        (30.0, "open"),
        (30.0, "open"),
        (180.0, "heart_rate"),
        (120.0, "heart_rate"),
    ]
    assert (
        steps[3]["custom_target_heart_rate_low"],
        steps[3]["custom_target_heart_rate_high"],
    ) == (
        272,
        278,
    )


def foreign_fit_workout() -> bytes:
    """A workout as another tool writes it: custom pace range, repeat, no speedplay notes."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.workout_message import WorkoutMessage
    from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
    from fit_tool.profile.profile_type import (
        FileType,
        Intensity,
        Sport,
        WorkoutStepDuration,
        WorkoutStepTarget,
    )

    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = 1
    file_id.time_created = round(CREATED.timestamp() * 1000)
    header = WorkoutMessage()
    header.workout_name = "Reps"
    header.sport = Sport.RUNNING
    header.num_valid_steps = 2
    rep = WorkoutStepMessage()
    rep.message_index = 0
    rep.intensity = Intensity.ACTIVE
    rep.duration_type = WorkoutStepDuration.DISTANCE
    rep.duration_distance = 1000.0
    rep.target_type = WorkoutStepTarget.SPEED
    rep.target_value = 0
    rep.custom_target_speed_low = 1000 / 300
    rep.custom_target_speed_high = 1000 / 290
    jog = WorkoutStepMessage()
    jog.message_index = 1
    jog.intensity = Intensity.RECOVERY
    jog.duration_type = WorkoutStepDuration.TIME
    jog.duration_time = 120.0
    jog.target_type = WorkoutStepTarget.OPEN
    loop = WorkoutStepMessage()
    loop.message_index = 2
    loop.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
    loop.duration_step = 0
    loop.target_type = WorkoutStepTarget.OPEN
    loop.target_value = 4
    builder = FitFileBuilder(auto_define=True)
    builder.add_all([file_id, header, rep, jog, loop])
    return bytes(builder.build().to_bytes())


def test_fit_from_another_tool_reads_from_its_fields():
    read = read_workout_file(foreign_fit_workout(), "x.fit")
    assert read.workout == Workout("Reps", (Repeat(4, (
        Step(Intent.WORK, DistanceDuration(1000), PaceTarget(290, 300)),
        Step(Intent.RECOVERY, TimeDuration(120)),
    )),))  # fmt: skip


def test_the_sdk_example_workouts_read():
    repeat = read_fit_workout((SAMPLES / "workouts/WorkoutRepeatSteps.fit").read_bytes(), "r.fit")
    assert repeat.workout.name == "Example 2"
    first, loop, last = repeat.workout.items
    assert isinstance(first, Step)
    assert (first.intent, first.duration, first.cue) == (
        Intent.WARMUP,
        TimeDuration(60),
        "heart-rate zone 2",
    )
    assert isinstance(loop, Repeat)
    assert loop.count == 3
    assert [s.duration.meters for s in loop.items if isinstance(s, Step)] == [500, 500]  # type: ignore[union-attr]
    assert isinstance(last, Step)
    assert last.intent is Intent.COOLDOWN
    assert last.cue is not None
    assert "until heart rate below 125 bpm" in last.cue
    assert any("power target" in w for w in repeat.warnings)
    single = read_fit_workout(
        (SAMPLES / "workouts/WorkoutIndividualSteps.fit").read_bytes(), "i.fit"
    )
    assert [type(i).__name__ for i in single.workout.items] == ["Step"] * 4


# --- TCX, intervals.icu, Zwift ----------------------------------------------------------------


@given(file_workouts)
@settings(max_examples=60)
def test_tcx_round_trips_when_it_fits(workout: Workout):
    steps_and_repeats = len(list(_all_items(workout.items)))
    if steps_and_repeats > 20:
        with pytest.raises(FormatError, match="TCX allows at most 20 steps"):
            tcx_workout_bytes(workout)
        return
    assert read_workout_file(tcx_workout_bytes(workout), "w.tcx").workout == workout


def _all_items(items):
    """Every step and repeat TCX gives an id (repeats of one are written out)."""
    for item in items:
        if isinstance(item, Repeat):
            if item.count > 1:
                yield item
            yield from _all_items(item.items)
        else:
            yield item


def test_tcx_steps_read_without_notes_keep_structure_and_paces():
    workout = parse_workout("Track: 10min wu + 4x(1km @4:50-5:00/km, 2min jog) + 10min cd")
    text = tcx_workout_bytes(workout).decode()
    stripped = text[: text.index("<Notes>")] + text[text.index("</Notes>") + len("</Notes>") :]
    read = read_workout_file(stripped.encode(), "t.tcx").workout
    repeat = read.items[1]
    assert isinstance(repeat, Repeat)
    assert repeat.count == 4
    rep, jog = repeat.items
    assert isinstance(rep, Step)
    assert isinstance(jog, Step)
    assert rep.target == PaceTarget(290, 300)
    assert jog.intent is Intent.RECOVERY
    assert f'xmlns="{NS}"' in text


def test_tcx_refuses_more_than_twenty_steps():
    long = " + ".join(f"{m}min @rpe8" for m in range(1, 23))
    with pytest.raises(FormatError, match="TCX allows at most 20 steps"):
        tcx_workout_bytes(parse_workout(long))


@given(file_workouts)
@settings(max_examples=60)
def test_icu_text_round_trips_step_by_step(workout: Workout):
    """intervals.icu has no nested repeats, so the steps are compared as the runner meets them."""
    read = read_icu_text(icu_text(workout), "w.txt").workout
    assert with_ends(read) == with_ends(workout)


def with_ends(workout: Workout) -> list[Step]:
    """The steps as met, with speedplay's rule that an easy step first or last is the warm-up or
    cool-down applied to the steps themselves (writing out a repeat can move an easy step there)."""
    steps = [e.step for e in workout.expanded()]
    for index, intent in ((0, Intent.WARMUP), (-1, Intent.COOLDOWN)):
        if steps[index].intent is Intent.EASY:
            steps[index] = Step(
                intent,
                steps[index].duration,
                steps[index].target,
                steps[index].terrain,
                steps[index].cue,
            )
    return steps


def test_icu_text_from_elsewhere():
    text = "Warmup\n- 10m 6:00/km Pace\n\nMain Set 5x\n- Strong effort 3m 4:30-4:20/km Pace\n- Recovery 2m\n\nCooldown\n- 10m press lap\n"
    workout = read_icu_text(text, "x.txt").workout
    warmup, repeat, cooldown = workout.items
    assert isinstance(warmup, Step)
    assert warmup.intent is Intent.WARMUP
    assert isinstance(repeat, Repeat)
    assert repeat.count == 5
    hard, easy = repeat.items
    assert isinstance(hard, Step)
    assert isinstance(easy, Step)
    assert (hard.intent, hard.duration, hard.target, hard.cue) == (
        Intent.WORK,
        TimeDuration(180),
        PaceTarget(260, 270),
        "Strong effort",
    )
    assert easy.intent is Intent.RECOVERY
    assert isinstance(cooldown, Step)
    assert cooldown.intent is Intent.COOLDOWN


def five_k_reference(race: Race) -> float:
    return race_time(43.4, race.metres) / (race.metres / 1000)


@pytest.mark.parametrize("family", [Family.INTERVALS, Family.PYRAMID, Family.TEMPO])
def test_zwift_round_trips_timed_sessions_to_the_second_and_within_1_s_per_km(family):
    options = FamilyOptions("cruise") if family is Family.TEMPO else None
    workout = build_workout(family, Level.INTERMEDIATE, 2, options)
    read = read_zwo(
        zwo_bytes(workout, RESOLVE, five_k_reference), "w.zwo", five_k_reference
    ).workout
    ours, theirs = list(workout.expanded()), list(read.expanded())
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        assert a.step.duration == b.step.duration
        pace = resolve_step(a.step, RUNNER).pace
        assert pace is not None
        assert isinstance(b.step.target, PaceTarget)
        assert b.step.target.fast == pytest.approx((pace[0] + pace[1]) / 2, abs=1)
    assert read.items[0].intent is Intent.WARMUP  # type: ignore[union-attr]


def test_zwift_needs_times_or_paces():
    with pytest.raises(FormatError, match="Zwift has no lap-button steps"):
        zwo_bytes(parse_workout("4x(60s uphill @rpe9, jog down)"), RESOLVE, five_k_reference)


# --- recognising and refusing files ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ((SAMPLES / "workouts/WorkoutRepeatSteps.fit").read_bytes(), WorkoutFormat.FIT),
        (b'<?xml version="1.0"?><TrainingCenterDatabase/>', WorkoutFormat.TCX),
        (b"<workout_file><workout/></workout_file>", WorkoutFormat.ZWO),
        (b'{"name": "", "items": []}', WorkoutFormat.JSON),
        (b"Main Set 5x\n- 3m 95%\n", WorkoutFormat.ICU),
        (b"10min wu + 3x(8min @T, 1min jog)", WorkoutFormat.TEXT),
    ],
)
def test_files_are_recognised_by_content(data, kind):
    assert sniff(data) == kind


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("fit/Activity.fit", "is a FIT activity file, not a workout"),
        ("fit/MonitoringFile.fit", "is a FIT monitoring_b file, not a workout"),
        ("fit/Settings.fit", "is a FIT settings file, not a workout"),
        ("fit/invalid/activity-unexpected-eof.fit", "is not a readable FIT file"),
        ("fit/invalid/activity-filecrc.fit", "is not a readable FIT file"),
        ("tcx/runpandas-sample.tcx", "is a TCX file with an activity, not a workout"),
        (
            "gpx/runpandas-tomtom-two-segments.gpx",
            "is an XML file that is neither a TCX nor a Zwift workout",
        ),
    ],
)
def test_files_that_are_not_workouts_are_refused_with_a_reason(path, message):
    with pytest.raises(FormatError, match=message):
        read_workout_file((SAMPLES / path).read_bytes(), path)


@given(st.binary(max_size=300))
def test_random_bytes_never_crash_the_reader(data):
    error = format_error_of(data)  # any other exception propagates and fails the test
    assert error is None or "\n" not in str(error)


def format_error_of(data: bytes) -> FormatError | None:
    try:
        read_workout_file(data, "random.bin")
    except FormatError as error:
        return error
    return None


@given(file_workouts)
@settings(max_examples=40)
def test_the_official_garmin_decoder_reads_our_fit_files_as_we_wrote_them(workout: Workout):
    """Garmin's own SDK decoder (test-only, see pyproject) agrees: no errors, valid CRC, the
    same steps, durations, repeats and targets."""
    from garmin_fit_sdk import Decoder, Stream

    data = bytearray(fit_workout_bytes(workout, CREATED, RESOLVE))
    assert Decoder(Stream.from_byte_array(data)).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(data)).read()
    assert errors == []
    ours = [f for name, f in decoded(bytes(data)) if name == "workout_step"]
    theirs: list[dict[str, Any]] = [dict(step) for step in messages["workout_step_mesgs"]]
    assert len(theirs) == len(ours)
    for mine, official in zip(ours, theirs, strict=True):
        for key in (
            "duration_type",
            "target_type",
            "intensity",
            "duration_time",
            "duration_distance",
            "duration_step",
            "repeat_steps",
            "custom_target_speed_low",
            "custom_target_speed_high",
            "custom_target_heart_rate_low",
            "custom_target_heart_rate_high",
        ):
            if key in mine and mine[key] is not None:
                assert official.get(key) == pytest.approx(mine[key]), key
    assert messages["workout_mesgs"][0]["num_valid_steps"] == sum(
        1 for step in theirs if step["duration_type"] != "repeat_until_steps_cmplt"
    )


def test_icu_text_with_control_characters_is_a_format_error():
    with pytest.raises(FormatError, match=r"x\.txt line 1: a cue must be printable text"):
        read_workout_file(b"-\x00", "x.txt")
