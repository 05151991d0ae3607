"""The workout language: the issue's examples, canonical printing, round trips and errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speedplay.errors import WorkoutSyntaxError
from speedplay.races import Race
from speedplay.workout import (
    DistanceDuration,
    HeartRateTarget,
    Intensity,
    IntensityTarget,
    Intent,
    OpenDuration,
    PaceTarget,
    RacePaceTarget,
    RecoveryStyle,
    Repeat,
    RpeTarget,
    Step,
    Terrain,
    TimeDuration,
    Workout,
    format_step,
    format_workout,
    parse_workout,
)
from tests.strategies import pyramids, steps, workouts

MILE = 1609.344


def minutes(value: float) -> TimeDuration:
    return TimeDuration(value * 60)


def test_basic_intervals_with_easy_ends():
    workout = parse_workout("10min easy + 5x(30s @rpe8-9, 30s jog) + 10min easy")
    assert workout == Workout(
        "",
        (
            Step(Intent.WARMUP, minutes(10)),
            Repeat(
                5,
                (
                    Step(Intent.WORK, TimeDuration(30), RpeTarget(8, 9)),
                    Step(Intent.RECOVERY, TimeDuration(30), style=RecoveryStyle.JOG),
                ),
            ),
            Step(Intent.COOLDOWN, minutes(10)),
        ),
    )
    assert workout.total_seconds == 1500
    assert workout.work_seconds == 150


def test_distance_reps_at_race_pace():
    workout = parse_workout("2km wu + 6x(400m @5k, 90s jog) + 2km cd")
    warmup, repeat, cooldown = workout.items
    assert warmup == Step(Intent.WARMUP, DistanceDuration(2000))
    assert cooldown == Step(Intent.COOLDOWN, DistanceDuration(2000))
    assert repeat == Repeat(
        6,
        (
            Step(Intent.WORK, DistanceDuration(400), RacePaceTarget(Race.K5)),
            Step(Intent.RECOVERY, TimeDuration(90)),
        ),
    )
    assert workout.total_seconds is None, "distance steps need a pace to be timed"
    assert workout.work_seconds == 0
    assert workout.meters_by_intent() == {
        Intent.WARMUP: 2000,
        Intent.WORK: 2400,
        Intent.COOLDOWN: 2000,
    }


def test_hill_repeats_with_jog_down():
    workout = parse_workout("15min wu + 8x(60s uphill @rpe8-9, jog down) + 10min cd")
    repeat = workout.items[1]
    assert repeat == Repeat(
        8,
        (
            Step(Intent.WORK, TimeDuration(60), RpeTarget(8, 9), Terrain.UPHILL),
            Step(Intent.RECOVERY, OpenDuration(), terrain=Terrain.DOWNHILL),
        ),
    )
    assert workout.total_seconds is None, "jog down lasts as long as the way down"
    assert workout.work_seconds == 480


def test_pyramid_expands_with_equal_rest_between_reps():
    workout = parse_workout("10min wu + pyramid 1-2-3-4-5-4-3-2-1min @rpe8 rest equal + 10min cd")
    body = workout.items[1:-1]
    work = [s for s in body if isinstance(s, Step) and s.intent is Intent.WORK]
    rest = [s for s in body if isinstance(s, Step) and s.intent is Intent.REST]
    assert [s.duration for s in work] == [minutes(m) for m in (1, 2, 3, 4, 5, 4, 3, 2, 1)]
    assert [s.duration for s in rest] == [minutes(m) for m in (1, 2, 3, 4, 5, 4, 3, 2)]
    assert all(s.target == RpeTarget(8, 8) for s in work)
    assert body[1::2] == tuple(rest), "each rep but the last is followed by its rest"
    assert workout.work_seconds == 25 * 60
    assert workout.total_seconds == (10 + 25 + 24 + 10) * 60


def test_tempo_is_a_work_step_by_its_effort():
    workout = parse_workout("15min wu + 25min @rpe7 + 10min cd")
    assert workout.items[1] == Step(Intent.WORK, minutes(25), RpeTarget(7, 7))
    assert workout.seconds_by_intent() == {
        Intent.WARMUP: 900,
        Intent.WORK: 1500,
        Intent.COOLDOWN: 600,
    }


def test_cruise_intervals_at_threshold():
    workout = parse_workout("10min wu + 3x(8min @T, 1min jog) + 10min cd")
    assert workout.items[1] == Repeat(
        3,
        (
            Step(Intent.WORK, minutes(8), IntensityTarget(Intensity.THRESHOLD)),
            Step(Intent.RECOVERY, minutes(1)),
        ),
    )
    assert workout.work_seconds == 24 * 60


def test_mile_reps_with_a_pace_range():
    workout = parse_workout("1mi wu + 4x(1mi @4:50-5:00/km, 2min jog) + 1mi cd")
    assert workout.items[0] == Step(Intent.WARMUP, DistanceDuration(MILE))
    assert workout.items[1] == Repeat(
        4,
        (
            Step(Intent.WORK, DistanceDuration(MILE), PaceTarget(290, 300)),
            Step(Intent.RECOVERY, minutes(2)),
        ),
    )


def test_heart_rate_reps_with_walk_recovery():
    workout = parse_workout("10min wu + 6x(2min @hr160-170, 2min walk) + 10min cd")
    assert workout.items[1] == Repeat(
        6,
        (
            Step(Intent.WORK, minutes(2), HeartRateTarget(160, 170)),
            Step(Intent.RECOVERY, minutes(2), style=RecoveryStyle.WALK),
        ),
    )


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("10min easy + 5x(30s @rpe8-9, 30s jog) + 10min easy",
         "10min wu + 5x(30s @rpe8-9, 30s jog) + 10min cd"),
        ("15min wu + 8x(60s uphill @rpe8-9, jog down) + 10min cd",
         "15min wu + 8x(1min uphill @rpe8-9, jog down) + 10min cd"),
        ("10min wu + pyramid 1-2-3-4-5-4-3-2-1min @rpe8 rest equal + 10min cd",
         "10min wu + pyramid 1-2-3-4-5-4-3-2-1min @rpe8 rest equal + 10min cd"),
        ("1mi wu + 4x(1mi @4:50-5:00/km, 2min jog) + 1mi cd",
         "1mi wu + 4x(1mi @4:50-5:00/km, 2min jog) + 1mi cd"),
        ("Hills: 6x(10 sec up @RPE9 \"stay tall\", 2 min walk down)",
         'Hills: 6x(10s uphill @rpe9 "stay tall", 2min walk down)'),
        ("4x(1mile @7:30/mi, 400m float) + 3x(1h15min @marathon)",
         "4x(1mi @7:30/mi, 400m float) + 3x(75min @marathon)"),
        ("pyramid 200-400-600-400-200m @5k jog half", "pyramid 200-400-600-400-200m @5k jog half"),
        ("6x(400m @85s/400m, 200m jog)", "6x(400m @3:32.5/km, 200m jog)"),
        ("2x(3x(400m @R, 400m jog), 5min jog)", "2x(3x(400m @R, 400m jog), 5min jog)"),
        ('"5x1k: hard": 5x(1km @I, 2min30s jog)', '"5x1k: hard": 5x(1km @I, 2min30s jog)'),
    ],
)  # fmt: skip
def test_canonical_text(text: str, canonical: str):
    assert format_workout(parse_workout(text)) == canonical


def test_names_and_cues_keep_their_characters():
    workout = parse_workout('"Mona \\"classic\\"": 20min @rpe8 "from 5k pace, then faster"')
    assert workout.name == 'Mona "classic"'
    step = workout.items[0]
    assert isinstance(step, Step)
    assert step.cue == "from 5k pace, then faster"


@given(workouts)
def test_every_workout_round_trips_through_text(workout: Workout):
    text = format_workout(workout)
    assert parse_workout(text) == workout, text


@given(pyramids())
def test_pyramid_shaped_sessions_round_trip(workout: Workout):
    text = format_workout(workout)
    assert parse_workout(text) == workout, text


def test_pyramid_shapes_print_as_pyramids():
    text = "10min wu + 1min @I + 1min rest + 2min @I + 2min rest + 3min @I"
    assert format_workout(parse_workout(text)) == "10min wu + pyramid 1-2-3min @I rest equal"


@given(st.text(max_size=60))
def test_any_text_parses_or_fails_with_a_syntax_error(text: str):
    error = syntax_error_of(text)  # anything but a WorkoutSyntaxError propagates and fails
    if error is not None:
        assert 1 <= error.column <= len(text) + 1
        assert "\n" not in str(error)


def syntax_error_of(text: str) -> WorkoutSyntaxError | None:
    try:
        parse_workout(text)
    except WorkoutSyntaxError as error:
        return error
    return None


@pytest.mark.parametrize(
    ("shorthand", "written_out"),
    [
        ("2km wu + 6x800m @5k w/ 400m jog + 2km cd", "2km wu + 6x(800m @5k, 400m jog) + 2km cd"),
        ("6 x 400m @rpe9 with 90s", "6x(400m @rpe9, 90s jog)"),
        ("6x400m @rpe9 w/ 90s walk", "6x(400m @rpe9, 90s walk)"),
        ("8x 200m uphill @rpe9", "8x(200m uphill @rpe9)"),
        ("10min easy + 3x(4x200m @mile w/ 200m jog, 3min rest) + 10min easy",
         "10min easy + 3x(4x(200m @mile, 200m jog), 3min rest) + 10min easy"),
        ("15' wu + 5x3' @I with 2' + 10' cd", "15min wu + 5x(3min @I, 2min jog) + 10min cd"),
        ("15\u2032 wu + 20\u2019 @T + 10\u2019 cd", "15min wu + 20min @T + 10min cd"),
        ('4x1km @rpe8 "even" w/ 2min float', '4x(1km @rpe8 "even", 2min float)'),
        ("12x400m @5k/90s jog", "12x(400m @5k, 90s jog)"),
        ("10x(30s @rpe9 / 30s jog)", "10x(30s @rpe9, 30s jog)"),
        ("wu 15min + 20min @tempo + cd 10min", "15min wu + 20min @T + 10min cd"),
        ("@rpe8 uphill 60s", "60s uphill @rpe8"),
        ("3 x 1 mile @ 10k pace w/ 2 min jog", "3x(1mi @10k, 2min jog)"),
        ("20min @threshold pace", "20min @T"),
        ("5x1000m @3:45/km w/ 2:00 jog", "5x(1km @3:45/km, 2min jog)"),
        ("1:15:00 easy", "75min easy"),
        ("6xopen @rpe9 w/ 2min jog", "6x(open @rpe9, 2min jog)"),
        ("10min wu + 20x 1min on 1min off + 10min cd", "10min wu + 20x(1min work, 1min jog) + 10min cd"),
        ("warm up 10min + 4x4min @rpe8 + cool down 10min", "10min wu + 4x(4min @rpe8) + 10min cd"),
        ("2x(6x200m @R w/ 200m jog) w/ 5min jog", "2x(6x(200m @R, 200m jog), 5min jog)"),
        ("6x400m @5k 90s", "6x(400m @5k, 90s jog)"),
        ("5x(30s @rpe9, 30s jog) / 10min cd", "5x(30s @rpe9, 30s jog) + 10min cd"),
        ("6x400m @5k / 10min cd", "6x(400m @5k) + 10min cd"),
    ],
)  # fmt: skip
def test_a_repeat_of_one_rep_is_written_as_coaches_write_it(shorthand: str, written_out: str):
    assert parse_workout(shorthand) == parse_workout(written_out)


@given(st.integers(1, 99), steps(), steps())
def test_any_rep_and_recovery_read_the_same_in_shorthand(count: int, rep: Step, recovery: Step):
    shorthand = f"{count} x {format_step(rep)} w/ {format_step(recovery)}"
    assert parse_workout(shorthand) == Workout("", (Repeat(count, (rep, recovery)),))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "column 1: the workout is empty; expected a step such as '10min easy'"),
        ("   ", "column 4: the workout is empty; expected a step such as '10min easy'"),
        ("5x(30s @rpe8, 30s jog", "column 22: expected ')' to close the '(' at column 3, found the end of the text"),
        ("5x(30s @rpe8, 30s jog))", "column 23: unexpected ')' with no '(' to close"),
        ("10parsecs easy", "column 3: expected a unit after '10' (s, min, h, m, km or mi), found 'parsecs'"),
        ("0x(30s @rpe8, 30s jog)", "column 1: a repeat count runs from 1 to 99, found 0"),
        ("100x(30s @rpe8, 30s jog)", "column 1: a repeat count runs from 1 to 99, found 100"),
        ("2.5x(30s @rpe8)", "column 1: a repeat count is a whole number, found 2.5"),
        ("6x", "column 3: expected '(' or a step after '6x', found the end of the text"),
        ("30s @1:15:00/km", "column 6: a pace is m:ss, found '1:15:00'"),
        ("2:75 jog", "column 1: '2:75' is not a time; minutes and seconds run 0-59"),
        ("wu 15min jog", "column 10: a step has one intent, found a second one: 'jog'"),
        ("6x + 10min easy", "column 4: expected '(' or a step after '6x', found '+'"),
        ("5x 30s @rpe8 w/", "column 16: expected a step such as '10min easy', found the end of the text"),
        ("-5min easy", "column 1: negative numbers are not allowed, found '-5'"),
        ("5x(-30s @rpe8, 30s jog)", "column 4: negative numbers are not allowed, found '-30'"),
        ("30s @rpe-2", "column 9: negative numbers are not allowed, found '-2'"),
        ("30s @rpe11", "column 6: RPE runs from 1 to 10, found 11"),
        ("30s @rpe0-3", "column 6: RPE runs from 1 to 10, found 0"),
        ("30s @rpe9-8", "column 6: an RPE range goes from low to high, found 9-8"),
        ("30s @rpe8.5", "column 9: RPE is a whole number, found 8.5"),
        ("30s @hr20-150", "column 6: heart rate must be from 30 to 250 bpm, found 20"),
        ("0min easy", "column 1: a duration must be a positive number, found 0"),
        ("10min", "column 1: a step needs an intent (wu, cd, easy, work, jog, walk, float, rest) or a target such as '@rpe8'"),
        ("10min fast", "column 7: unknown word 'fast'; expected an intent (wu, cd, easy, work, jog, walk, float, rest), uphill or downhill, '@' and a target, or a quoted cue"),
        ("10min wu jog", "column 10: a step has one intent, found a second one: 'jog'"),
        ("30s @7k", "column 6: unknown race distance '7k'; expected one of 800m, 1500m, mile, 3k, 2mi, 5k, 8k, 10k, 15k, 10mi, half, marathon"),
        ("30s @4:50", "column 10: expected '/km' or '/mi' after the pace, found the end of the text"),
        ("30s @4:75/km", "column 6: seconds run 0-59 in a pace, found '4:75'"),
        ("30s @", "column 6: expected a target after '@' (rpe8-9, hr150-160, 4:50/km, 5k, T, ...), found the end of the text"),
        ("10min easy 5min easy", "column 12: expected '+' before the next step, found '5'"),
        ("10min easy + ", "column 14: expected a step such as '10min easy', found the end of the text"),
        ("10min easy; 5min", "column 11: unexpected character ';'"),
        ("pyramid 3min @rpe8", "column 1: a pyramid needs two or more steps, such as 'pyramid 1-2-3-2-1min'"),
        ("pyramid 1-2-1 @rpe8", "column 15: expected a unit after the pyramid's steps (s, min, h, m, km or mi), found '@'"),
        ("pyramid 1-2-1min jog forever", "column 22: expected 'equal', 'half' or a duration after 'jog', found 'forever'"),
        ('30s @rpe8 "unclosed', "column 11: unexpected character '\"'"),
    ],
)  # fmt: skip
def test_malformed_text_names_the_column_and_what_was_expected(text: str, message: str):
    with pytest.raises(WorkoutSyntaxError) as caught:
        parse_workout(text)
    assert str(caught.value) == message
