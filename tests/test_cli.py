"""The command line: tables, JSON, families, and one-line errors with exit code 2."""

from __future__ import annotations

import json

import pytest

from speedplay.cli.app import main
from speedplay.workout.families import Family


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_workout_table_expands_repeats_and_shows_totals(capsys):
    code, out, err = run(capsys, "workout", "10min easy + 5x(30s @rpe8-9, 30s jog) + 10min easy")
    assert (code, err) == (0, "")
    assert "rep 3/5" in out
    assert "RPE 8-9" in out
    assert "total 25:00 · work 2:30 · warm-up 10:00 · rec 2:30 · cool-down 10:00" in out
    assert "10min wu + 5x(30s @rpe8-9, 30s jog) + 10min cd" in out


def test_workout_json_is_the_documented_document(capsys):
    code, out, _ = run(capsys, "workout", "10min wu + 3x(8min @T, 1min jog) + 10min cd", "--json")
    document = json.loads(out)
    assert code == 0
    assert document["total_seconds"] == 2820
    assert document["work_seconds"] == 1440
    assert document["items"][1]["repeat"] == 3


def test_miles_are_shown_when_asked(capsys):
    _, out, _ = run(
        capsys, "workout", "1mi wu + 4x(1mi @4:50-5:00/km, 2min jog) + 1mi cd", "--units", "mi"
    )
    assert "1.00 mi" in out
    assert "7:47-8:03/mi" in out


@pytest.mark.parametrize("family", list(Family))
def test_family_sessions_from_the_command_line(capsys, family):
    code, out, _ = run(
        capsys,
        "workout",
        "--family",
        family.value,
        "--week",
        "2",
        "--level",
        "intermediate",
        "--json",
    )
    assert code == 0
    assert "week 2, intermediate" in json.loads(out)["name"]


def test_families_lists_all_five(capsys):
    code, out, _ = run(capsys, "families")
    assert code == 0
    for family in Family:
        assert family.value in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["workout", "5x(30s @rpe8, 30s jog"],
         "error: column 22: expected ')' to close the '(' at column 3, found the end of the text\n"),
        (["workout", ""], "error: column 1: the workout is empty; expected a step such as '10min easy'\n"),
        (["workout", "30s @rpe11"], "error: column 6: RPE runs from 1 to 10, found 11\n"),
        (["workout", "--family", "tempo", "--week", "0"], "error: week runs from 1 to 6 in a block, found 0\n"),
        (["workout"], "error: give either a workout text or --family, not both or neither\n"),
        (["workout", "--family", "pyramid", "--form", "ladder"],
         "error: pyramid comes in the forms time, distance, not 'ladder'\n"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_code_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert err == message
    assert out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["workout", "--family", "swimming"], "error: Invalid value for '--family' / '-f': 'swimming' is not one of 'intervals', 'fartlek', 'hills', 'pyramid', 'tempo'.\n"),
        (["workout", "--bogus"], "error: No such option: --bogus\n"),
        (["workout", "--week", "three"], "error: Invalid value for '--week' / '-w': 'three' is not a valid int.\n"),
    ],
)  # fmt: skip
def test_usage_errors_are_one_line_and_exit_2(capsys, args, message):
    code, _, err = run(capsys, *args)
    assert (code, err) == (2, message)


def test_bare_speedplay_shows_help(capsys):
    code, out, _ = run(capsys)
    assert code == 0
    assert "workout" in out


def test_paces_json_has_the_documented_keys(capsys):
    code, out, _ = run(capsys, "paces", "--race", "5k=22:30", "--units", "mi", "--json")
    document = json.loads(out)
    assert code == 0
    assert document["vdot"] == pytest.approx(43.4, abs=0.05)
    assert set(document["equivalents"]) >= {"1500", "mile", "3k", "5k", "10k", "half", "marathon"}
    assert document["equivalents"]["5k"] == pytest.approx(1350, abs=0.5)
    assert set(document["paces"]) == {"easy", "marathon", "threshold", "interval", "repetition"}
    assert document["paces"]["threshold"] == pytest.approx(286, abs=1), "s/km whatever --units"
    thirty, fifteen_minutes = (
        document["efforts"]["rpe8-9"]["30"],
        document["efforts"]["rpe8-9"]["900"],
    )
    assert thirty[0] < fifteen_minutes[0], "longer reps are slower"


def test_paces_with_two_races_explains_what_it_trusts(capsys):
    code, out, _ = run(capsys, "paces", "-r", "5k=20:00", "-r", "marathon=3:45:00", "--json")
    document = json.loads(out)
    assert code == 0
    assert document["equivalents"]["marathon"] == pytest.approx(13500, abs=1)
    assert document["critical_speed"]["caveats"]
    assert "endurance is your limiter" in document["verdict"]


def test_paces_table_in_miles_with_zones(capsys):
    code, out, _ = run(capsys, "paces", "-r", "5k=22:30", "--units", "mi", "--lthr", "170")
    assert code == 0
    assert "/mi" in out
    assert "/km" not in out
    assert "Z5c" in out


def test_workout_resolves_for_a_runner(capsys):
    code, out, _ = run(
        capsys,
        "workout",
        "10min wu + 5x(30s @rpe8-9, 30s jog) + 4x(3min @rpe8-9, 2min jog) + 10min cd",
        "--race",
        "5k=22:30",
        "--lthr",
        "168",
        "--json",
    )
    document = json.loads(out)
    assert code == 0
    work = document["items"][1]["items"][0]
    assert work["target"] == {"type": "rpe", "low": 8, "high": 9}, "the RPE is kept"
    assert [round(p) for p in work["resolved"]["pace_s_per_km"]] == [247, 262]
    assert "hr_bpm" not in work["resolved"], "heart rate cannot follow a 30-s rep"
    longer = document["items"][2]["items"][0]
    assert longer["resolved"]["hr_bpm"] == [168, 178]
    code, out, _ = run(
        capsys, "workout", "10min wu + 5x(30s @rpe8-9, 30s jog) + 10min cd", "--race", "5k=22:30"
    )
    assert "4:07-4:22/km" in out
    assert "HR bpm" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["paces"], "error: give at least one race, e.g. --race 5k=22:30\n"),
        (["paces", "-r", "5k=8:00"], "error: a 5k in 8:00 is faster than the world record; check the time\n"),
        (["paces", "-r", "5k=3:00:00"], "error: a 5k in 3:00:00 is slower than a brisk walk; check the time\n"),
        (["paces", "-r", "parsec=1:00"], "error: unknown distance 'parsec'; use 800, 1500, mile, 3k, 2mi, 5k, 8k, 10k, 15k, 10mi, half, marathon, or a distance such as 7.5km or 4mi\n"),
        (["paces", "-r", "5k=twenty"], "error: 'twenty' is not a time; write h:mm:ss, m:ss or seconds\n"),
        (["paces", "-r", "5k=22:30", "--max-hr", "190"], "error: give both --max-hr and --rest-hr, or --lthr\n"),
        (["workout", "30s @rpe8", "-r", "5k=22:30", "--lthr", "300"], "error: LTHR must be from 30 to 250 bpm, found 300\n"),
    ],
)  # fmt: skip
def test_bad_fitness_input_is_one_line_and_exit_code_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert (code, err, out) == (2, message, "")


def test_plan_json_has_the_documented_shape(capsys):
    code, out, _ = run(
        capsys,
        "plan",
        "--race",
        "5k=22:30",
        "--level",
        "intermediate",
        "--goal",
        "10k",
        "--race-date",
        "2030-03-03",
        "--start",
        "2029-12-03",
        "--lthr",
        "168",
        "--json",
    )
    document = json.loads(out)
    assert code == 0
    assert [w["week"] for w in document["weeks"]] == list(range(1, 14))
    session = document["weeks"][0]["sessions"][0]
    assert set(session) >= {"date", "family", "workout", "why"}
    assert session["date"] == "2029-12-04", "Tuesday, the default speed day"
    assert session["family"] in {"intervals", "fartlek", "hills", "pyramid", "tempo"}
    warmup, reps = session["workout"]["items"][:2]
    assert warmup["resolved"]["hr_bpm"], "the warm-up is long enough for heart rate to follow"
    step = reps["items"][0]
    assert step["target"]["type"] == "rpe"
    assert step["resolved"]["pace_s_per_km"]
    last = document["weeks"][-1]["sessions"][-1]
    assert (last["family"], last["date"]) == ("race", "2030-03-03")


def test_plan_writes_a_calendar_that_reads_back_one_event_per_session(capsys, tmp_path):
    from icalendar import Calendar

    ics = tmp_path / "plan.ics"
    args = [
        "plan",
        "-r",
        "5k=25:00",
        "--weeks",
        "8",
        "--start",
        "2029-12-03",
        "--day",
        "thu",
        "--ics",
        str(ics),
        "--json",
    ]
    code, out, _ = run(capsys, *args)
    assert code == 0
    sessions = [s for w in json.loads(out)["weeks"] for s in w["sessions"]]
    calendar = Calendar.from_ical(ics.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(sessions) == 8
    assert [e.decoded("dtstart").isoformat() for e in events] == [s["date"] for s in sessions]
    assert all("RPE" in str(e.get("description")) for e in events)
    uids = [str(e.get("uid")) for e in events]
    assert len(set(uids)) == len(uids)
    run(capsys, *args)
    again = [str(e.get("uid")) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    assert again == uids, "re-importing updates the same events"


def test_plan_writes_markdown_and_prints_a_table(capsys, tmp_path):
    markdown = tmp_path / "plan.md"
    code, out, _ = run(
        capsys, "plan", "--weeks", "4", "--start", "2029-12-03", "--markdown", str(markdown)
    )
    assert code == 0
    assert "Fartlek" in out
    text = markdown.read_text()
    assert text.count("## Week ") == 4
    assert "*Why:*" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "--weeks", "0"], "error: a plan lasts 1 to 52 weeks, found 0\n"),
        (["plan", "--weeks", "53"], "error: a plan lasts 1 to 52 weeks, found 53\n"),
        (["plan", "--goal", "10k", "--race-date", "2020-01-05"], "error: the race date 2020-01-05 is in the past"),
        (["plan", "--goal", "10k", "--race-date", "2029-12-10", "--start", "2029-12-03"], "error: the race on 2029-12-10 is 7 days after the start: too close to build a plan (at least 3 weeks: build, taper, race week)\n"),
        (["plan", "--weeks", "8", "--level", "expert"], "error: Invalid value for '--level' / '-l': 'expert' is not one of 'beginner', 'intermediate', 'advanced'.\n"),
        (["plan", "--weeks", "8", "--sessions", "2"], "error: two speed sessions a week are for advanced runners; one is right for beginner runners\n"),
        (["plan", "--weeks", "8", "--day", "someday"], "error: unknown day 'someday'; use mon, tue, wed, thu, fri, sat or sun\n"),
        (["plan", "--weeks", "8", "--start", "2029-02-30"], "error: --start: '2029-02-30' is not a date; write YYYY-MM-DD\n"),
        (["plan"], "error: give --weeks N, or --goal DIST with --race-date YYYY-MM-DD\n"),
        (["plan", "--weeks", "8", "--goal", "10k"], "error: --goal and --race-date go together\n"),
    ],
)  # fmt: skip
def test_bad_plan_requests_are_one_line_and_exit_code_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_plan_reasons_quote_paces_in_the_runners_units(capsys):
    code, out, _ = run(
        capsys,
        "plan",
        "-r",
        "5k=22:30",
        "--weeks",
        "2",
        "--start",
        "2029-12-03",
        "--units",
        "mi",
        "--json",
    )
    reasons = " ".join(s["why"] for w in json.loads(out)["weeks"] for s in w["sessions"])
    assert code == 0
    assert "/mi" in reasons
    assert "/km" not in reasons


@pytest.mark.parametrize("to", ["fit", "tcx", "zwo", "icu", "json"])
def test_export_and_read_back_every_format(capsys, tmp_path, to):
    path = tmp_path / f"session.{to}"
    text = "Tempo: 15min wu + 3x(8min @rpe7, 2min jog) + 10min cd"
    code, out, _ = run(capsys, "export", text, "--to", to, "-o", str(path), "-r", "5k=22:30")
    assert (code, out.strip()) == (0, f"wrote {path}")
    code, out, err = run(capsys, "workout", "--from", str(path), "-r", "5k=22:30", "--json")
    assert code == 0, err
    document = json.loads(out)
    repeat = document["items"][1]
    assert repeat["repeat"] == 3
    assert repeat["items"][0]["duration"] == {"seconds": 480.0}


def test_export_a_plan_to_a_folder_of_fit_files_and_a_calendar(capsys, tmp_path):
    plan = tmp_path / "plan.json"
    code, out, _ = run(capsys, "plan", "-r", "5k=22:30", "--weeks", "3", "--start", "2029-12-03",
                       "--level", "intermediate", "--json")  # fmt: skip
    plan.write_text(out)
    folder = tmp_path / "watch"
    code, out, _ = run(
        capsys, "export", "--plan", str(plan), "--to", "fit", "-o", str(folder), "-r", "5k=22:30"
    )
    assert code == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["2029-12-04-intervals.fit", "2029-12-11-intervals.fit",
                     "2029-12-18-intervals.fit", "plan.ics"]  # fmt: skip
    for name in names[:3]:
        code, out, _ = run(capsys, "workout", "--from", str(folder / name), "--json")
        assert code == 0
        assert json.loads(out)["name"].startswith("Basic intervals")


def test_timer_runs_a_plan_session(capsys, tmp_path):
    plan = tmp_path / "plan.json"
    _, out, _ = run(capsys, "plan", "--weeks", "2", "--start", "2029-12-03", "--json")
    plan.write_text(out)
    code, out, _ = run(capsys, "timer", "--plan", str(plan), "--date", "2029-12-11", "--dry-run")
    assert code == 0
    assert "warm-up, 10 minutes" in out
    code, _, err = run(capsys, "timer", "--plan", str(plan), "--date", "2029-12-12", "--dry-run")
    assert code == 2
    assert err.startswith(f"error: {plan} has no session on 2029-12-12")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.fit", b"", "is empty"),
        ("random.fit", bytes(range(256)) * 2, "is not a workout file: binary data at byte 128"),
        ("activity.tcx", b"<?xml version='1.0'?><TrainingCenterDatabase xmlns='http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2'><Activities><Activity/></Activities></TrainingCenterDatabase>", "is a TCX file with an activity, not a workout"),
        ("broken.zwo", b"<workout_file><workout><SteadyState", "is not readable XML"),
        ("notes.txt", b"shopping list: eggs, milk", "is not a workout file this reads"),
    ],
)  # fmt: skip
def test_files_that_are_not_workouts_give_one_line_and_exit_2(
    capsys, tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(capsys, "workout", "--from", str(path))
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


def test_a_fit_activity_given_as_a_workout(capsys):
    from tests.conftest import SAMPLES

    code, _, err = run(capsys, "workout", "--from", str(SAMPLES / "fit/2013-02-06-12-11-14.fit"))
    assert (code, err) == (
        2,
        f"error: {SAMPLES / 'fit/2013-02-06-12-11-14.fit'} is a FIT activity file, not a workout\n",
    )


def test_export_needs_a_race_for_the_treadmill(capsys, tmp_path):
    code, _, err = run(
        capsys, "export", "10min @rpe7", "--to", "zwo", "-o", str(tmp_path / "a.zwo")
    )
    assert (code, err) == (2, "error: a treadmill (.zwo) workout needs --race to set speeds\n")
