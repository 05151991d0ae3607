"""A saved plan: stored version by version, and ``today``/``next`` resolved for the runner."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from speedplay.cli.app import main
from speedplay.formats.workout_files import read_workout_file
from speedplay.storage.database import open_database
from speedplay.storage.plans import current_sessions, save_plan


def run(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def planned(capsys, weeks: str = "8", start: str = "2026-12-07") -> dict[str, Any]:
    code, out, err = run(
        ["plan", "--weeks", weeks, "--start", start, "--level", "intermediate", "--json"], capsys
    )
    assert code == 0, err
    return json.loads(out)


def test_a_saved_plan_reads_back_session_for_session(empty_database, capsys):
    document = planned(capsys)
    engine = open_database(empty_database)
    assert current_sessions(engine) is None
    save_plan(engine, document, "a new plan")
    sessions = current_sessions(engine)
    assert sessions is not None
    flat = [s for week in document["weeks"] for s in week["sessions"]]
    assert [s.day.isoformat() for s in sessions] == [s["date"] for s in flat]
    assert [s.why for s in sessions] == [s["why"] for s in flat]
    replacement = planned(capsys, weeks="4", start="2027-01-04")
    save_plan(engine, replacement, "a new plan")
    replaced = current_sessions(engine)
    assert replaced is not None
    assert replaced[0].day == date(2027, 1, 5)
    engine.dispose()


def test_today_and_next_without_a_saved_plan_say_how_to_make_one(own_database, capsys):
    for command in ("today", "next"):
        code, _, err = run([command], capsys)
        assert code == 2
        assert err == "error: no saved plan: make one with `speedplay plan ... --save`\n"
    assert not own_database.exists()


def test_plan_save_then_next_and_today_in_the_runners_paces(tmp_path, capsys):
    run(["profile", "--race", "5k=22:30", "--lthr", "168"], capsys)
    code, out, err = run(
        ["plan", "--weeks", "8", "--start", "2026-12-07", "--level", "intermediate", "--save",
         "--json"],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert "saved as your current plan" in err
    first = json.loads(out)["weeks"][0]["sessions"][0]

    code, out, _ = run(["next", "--date", "2026-12-06", "--json"], capsys)
    assert code == 0
    shown = json.loads(out)
    assert shown["date"] == first["date"]
    assert shown["why"] == first["why"]
    assert "pace_s_per_km" in shown["workout"]["items"][0]["resolved"], "in the runner's paces"

    code, out, _ = run(["today", "--date", "2026-12-06"], capsys)
    assert code == 0
    assert (
        out.strip()
        == f"no session on 2026-12-06; the next is on {first['date']} ({first['family']})"
    )
    code, out, _ = run(["today", "--date", first["date"]], capsys)
    assert code == 0
    assert "Why:" in out

    target = tmp_path / "next.fit"
    code, _, err = run(["next", "--date", "2026-12-06", "--to", "fit", "-o", str(target)], capsys)
    assert code == 0, err
    exported = tmp_path / "export.fit"
    code, _, _ = run(
        ["export", first["workout"]["text"], "--to", "fit", "-o", str(exported)], capsys
    )
    assert code == 0
    assert read(target) == read(exported)


def read(path):
    return read_workout_file(path.read_bytes(), path.name).workout


def test_next_and_today_after_the_plan_ends_say_so_and_what_to_do(capsys):
    run(["plan", "--weeks", "2", "--start", "2026-12-07", "--save"], capsys)
    code, out, _ = run(["next", "--date", "2027-06-01"], capsys)
    assert code == 0
    assert "no session on or after 2027-06-01" in out
    assert "speedplay plan --weeks N --save" in out
    code, out, _ = run(["today", "--date", "2027-06-01"], capsys)
    assert code == 0
    assert out.startswith("no session on 2027-06-01; your plan ended on 2026-12-15: plan the")


def test_next_needs_to_and_output_together(capsys):
    run(["plan", "--weeks", "2", "--start", "2026-12-07", "--save"], capsys)
    code, _, err = run(["next", "--date", "2026-12-06", "--to", "fit"], capsys)
    assert code == 2
    assert err == "error: give --to and -o together\n"
