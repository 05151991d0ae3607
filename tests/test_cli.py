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
    assert "total 25:00 · work 2:30 · warm-up 10:00 · recovery 2:30 · cool-down 10:00" in out
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


def test_usage_errors_also_exit_2(capsys):
    code, _, err = run(capsys, "workout", "--family", "swimming")
    assert code == 2
    assert "Traceback" not in err
