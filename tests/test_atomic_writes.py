"""Files are written whole or not at all: a process killed while writing leaves the old file
(or none), never half a file, and never a half-file under the name asked for."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import fitdecode
import pytest
from icalendar import Calendar

from speedplay.cli.app import main
from speedplay.formats.output_files import write_file

BIG = 200 * 2**20
"""Large enough that writing it takes a while: the kill lands in the middle."""

WRITER = """
import sys
from pathlib import Path
from speedplay.formats.output_files import write_file
write_file(Path(sys.argv[1]), b"n" * int(sys.argv[2]))
"""


def _kill_while_writing(target: Path) -> None:
    """Start a process writing ``BIG`` bytes to ``target``; kill it (SIGKILL) once its
    temporary file holds some of them."""
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(target), str(BIG)])
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            partial = [p for p in target.parent.iterdir() if p.name.startswith(f".{target.name}.")]
            if partial and partial[0].stat().st_size > 0:
                break
            if child.poll() is not None:
                pytest.fail("the writer finished before it could be killed")
            time.sleep(0.002)
        else:
            pytest.fail("the writer never started writing")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()


def test_a_write_killed_half_way_leaves_the_old_file_whole(tmp_path):
    target = tmp_path / "session.fit"
    target.write_bytes(b"the old file")
    _kill_while_writing(target)
    assert target.read_bytes() == b"the old file"
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["session.fit"]


def test_a_write_killed_half_way_leaves_no_file_where_there_was_none(tmp_path):
    target = tmp_path / "session.fit"
    _kill_while_writing(target)
    assert not target.exists()


def test_what_a_killed_write_left_behind_goes_with_the_next_write_of_the_name(tmp_path):
    """A killed write leaves its hidden temporary file; the next write of the same name
    removes it once it is old (a recent one may be another write under way: it stays), and
    leaves other names' alone."""
    target = tmp_path / "session.fit"
    _kill_while_writing(target)
    [left] = [p for p in tmp_path.iterdir() if p.name.startswith(".session.fit.")]
    recent = tmp_path / ".session.fit.0123abcd"
    recent.write_bytes(b"a write under way")
    other = tmp_path / ".plan.ics.0123abcd"
    other.write_bytes(b"another name's")
    hours_ago = time.time() - 2 * 3600
    os.utime(left, (hours_ago, hours_ago))
    os.utime(other, (hours_ago, hours_ago))
    write_file(target, b"the new file")
    assert target.read_bytes() == b"the new file"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".plan.ics.0123abcd", ".session.fit.0123abcd", "session.fit"]
    )


def test_a_finished_write_is_the_whole_file_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "plan.ics"
    target.write_bytes(b"old")
    write_file(target, b"new and longer")
    assert target.read_bytes() == b"new and longer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.ics"]


def test_a_plan_export_killed_at_any_moment_leaves_only_whole_files(tmp_path, capsys):
    """``export --plan`` killed at ten moments of its run: every watch file and calendar it
    left under its own name reads back whole."""
    plan = tmp_path / "plan.json"
    assert main(["plan", "--race", "5k=22:30", "--weeks", "16", "--json"]) == 0
    plan.write_text(capsys.readouterr().out)
    command = [sys.executable, "-m", "speedplay", "export", "--plan", str(plan), "--to", "fit"]
    started = time.monotonic()
    subprocess.run([*command, "-o", str(tmp_path / "whole")], check=True, capture_output=True)
    whole = time.monotonic() - started
    sessions = len(list((tmp_path / "whole").glob("*.fit")))
    assert sessions == len(
        [s for w in json.loads(plan.read_text())["weeks"] for s in w["sessions"]]
    )
    for attempt in range(10):
        folder = tmp_path / f"killed-{attempt}"
        child = subprocess.Popen([*command, "-o", str(folder)], stdout=subprocess.DEVNULL)
        time.sleep(whole * (0.5 + attempt / 15))
        child.send_signal(signal.SIGKILL)
        child.wait()
        for path in folder.glob("*.fit") if folder.exists() else []:
            with fitdecode.FitReader(path, check_crc=fitdecode.CrcCheck.ENABLED) as reader:
                assert any(isinstance(f, fitdecode.FitDataMessage) for f in reader), path
        if (folder / "plan.ics").exists():
            Calendar.from_ical((folder / "plan.ics").read_bytes())
