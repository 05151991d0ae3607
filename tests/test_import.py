"""speedplay import: files, folders, .gz and export zips; each run once; bad files listed."""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from speedplay.cli.app import main
from speedplay.formats import archive
from tests.conftest import SAMPLES

RUN = "fit/activity-small-fenix2-run.fit"
RIDE = "tcx/sweatpy-5039744860.tcx"
PHONE = "gpx/runpandas-038a22f7-eb5e-44f9-a551-de14d84d8524.gpx"


def imported(args, capsys) -> dict[str, Any]:
    code = main(["import", *args, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


@pytest.fixture
def folder(tmp_path):
    """A folder as a runner keeps it: a run, a ride, a phone GPX and a file that is no run."""
    for name in (RUN, RIDE, PHONE):
        (tmp_path / name.split("/")[1]).write_bytes((SAMPLES / name).read_bytes())
    (tmp_path / "notes.fit").write_bytes(b"not a recording at all")
    return tmp_path


def test_a_folder_imports_runs_records_other_sports_and_lists_bad_files(folder, capsys):
    summary = imported([str(folder)], capsys)
    assert summary["runs"] == 2
    assert summary["skipped"] == 1
    assert [f["file"] for f in summary["failed"]] == [str(folder / "notes.fit")]
    assert "\n" not in summary["failed"][0]["error"]


def test_a_watch_started_by_mistake_is_kept_as_skipped_not_as_a_run(own_database, capsys):
    """The FIT SDK's example activity: 13 s and 6 m of running. Not a session: it is neither
    in the history nor a candidate for the day's planned session; the file is remembered."""
    summary = imported([str(SAMPLES / "fit/Activity.fit"), str(SAMPLES / RUN)], capsys)
    assert (summary["runs"], summary["skipped"]) == (1, 1)
    with sqlite3.connect(own_database) as connection:
        skipped = connection.execute("SELECT message FROM activities WHERE status = 'skipped'")
        assert [row[0] for row in skipped] == [
            "0:13 and 6 m, too short to be a run (a watch started by mistake)"
        ]
    assert main(["history", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_importing_again_adds_nothing(folder, capsys):
    imported([str(folder)], capsys)
    again = imported([str(folder)], capsys)
    assert again == {
        "runs": 0,
        "skipped": 0,
        "already": 4,
        "scored": [],
        "plan_changes": [],
        "duplicates": [],
        "failed": [],
    }


def test_the_same_run_loose_gzipped_or_zipped_is_one_run(tmp_path, capsys):
    data = (SAMPLES / RUN).read_bytes()
    loose = tmp_path / "run.fit"
    loose.write_bytes(data)
    gzipped = tmp_path / "run.fit.gz"
    gzipped.write_bytes(gzip.compress(data))
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as zipped:
        zipped.writestr("activities/123.fit.gz", gzip.compress(data))
        zipped.writestr("activities/124.gpx", (SAMPLES / PHONE).read_bytes())
        zipped.writestr("profile.json", "{}")
    assert imported([str(export)], capsys)["runs"] == 2
    summary = imported([str(loose), str(gzipped)], capsys)
    assert summary["already"] == 2
    assert summary["runs"] == summary["skipped"] == 0


def test_an_oversized_entry_is_refused_and_the_batch_goes_on(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(archive, "MAX_RECORDING_BYTES", 200_000)
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("activities/bomb.gpx", b"<gpx>" + b" " * 1_000_000)
        zipped.writestr("activities/small.fit", (SAMPLES / RUN).read_bytes())
    summary = imported([str(export)], capsys)
    assert summary["runs"] == 1
    assert summary["failed"][0]["file"].endswith("!activities/bomb.gpx")
    assert "larger than" in summary["failed"][0]["error"]


def test_a_missing_path_is_listed_not_fatal(tmp_path, capsys):
    summary = imported([str(tmp_path / "nowhere"), str(SAMPLES / RUN)], capsys)
    assert summary["runs"] == 1
    assert summary["failed"] == [
        {"file": str(tmp_path / "nowhere"), "error": "no such file or folder"}
    ]


def test_the_plain_summary(folder, capsys):
    assert main(["import", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "2 runs imported, 1 skipped (another sport, or too short to be a run), "
        "1 file could not be read"
    )


@pytest.mark.slow
def test_kill_9_mid_import_loses_nothing_committed_and_a_rerun_finishes(tmp_path, own_database):
    """A real ``speedplay import`` process killed with SIGKILL halfway through."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time
    from datetime import date, timedelta

    source = (SAMPLES / PHONE).read_bytes()
    files = 400  # enough to be killed halfway, as fast as GPX files are read
    for n in range(files):  # distinct runs: the same route on as many different days
        day = f"<time>{date(2019, 1, 1) + timedelta(days=n)}T".encode()
        (tmp_path / f"run-{n:03d}.gpx").write_bytes(source.replace(b"<time>2021-04-21T", day))
    command = [sys.executable, "-c", "from speedplay.cli.app import main; raise SystemExit(main())",
               "import", str(tmp_path)]  # fmt: skip

    def stored() -> list[str]:
        if not own_database.exists():
            return []
        with sqlite3.connect(own_database) as connection:
            try:
                rows = connection.execute("SELECT content_hash, status FROM activities").fetchall()
            except sqlite3.OperationalError:
                return []
        assert all(status == "run" for _, status in rows)
        return [digest for digest, _ in rows]

    def children(pid: int) -> set[int]:
        """The processes whose parent is ``pid`` (the import's workers)."""
        found = set()
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in text:
                found.add(int(status.parent.name))
        return found

    process = subprocess.Popen([*command, "--jobs", "2"], env=os.environ.copy())
    deadline = time.monotonic() + 60
    while len(stored()) < 5 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the import finished before it could be killed"
    workers = children(process.pid)
    assert workers, "the import reads in worker processes"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    assert not left, "the workers end with the killed import"
    committed = stored()
    assert 5 <= len(committed) < files
    finished = subprocess.run(command, env=os.environ.copy(), capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert f"{files - len(committed)} runs imported" in finished.stdout
    assert f"{len(committed)} already imported" in finished.stdout
    final = stored()
    assert len(final) == len(set(final)) == files


def test_the_same_run_from_two_services_is_stored_once_keeping_the_richer_file(capsys):
    """heartandsole-4426508309 as a GPX (imported first), then as a FIT and a TCX. The FIT has
    laps but no altitude; the TCX has laps and altitude too: the TCX is the richest."""
    gpx, fit, tcx = (
        SAMPLES / f"{kind}/heartandsole-4426508309.{kind}" for kind in ("gpx", "fit", "tcx")
    )
    assert imported([str(gpx)], capsys)["runs"] == 1
    summary = imported([str(fit), str(tcx)], capsys)
    assert summary["duplicates"] == [
        {"kept": str(fit), "duplicate": str(gpx)},
        {"kept": str(tcx), "duplicate": str(fit)},
    ]
    from speedplay.cli.storage import database
    from speedplay.storage.activities import activity_count

    assert activity_count(database())["run"] == 1
    assert activity_count(database())["duplicate"] == 2
    assert main(["import", str(fit)]) == 0
    assert "1 already imported" in capsys.readouterr().out


def test_a_gzip_bomb_is_refused_and_the_batch_goes_on(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(archive, "MAX_RECORDING_BYTES", 200_000)
    (tmp_path / "bomb.gpx.gz").write_bytes(gzip.compress(b"<gpx>" + b" " * 1_000_000))
    (tmp_path / "run.fit").write_bytes((SAMPLES / RUN).read_bytes())
    summary = imported([str(tmp_path)], capsys)
    assert summary["runs"] == 1
    assert "larger than" in summary["failed"][0]["error"]


def test_a_zip_entry_that_climbs_out_of_its_folder_is_read_never_written(tmp_path, capsys):
    inside = tmp_path / "inside"
    inside.mkdir()
    export = inside / "export.zip"
    with zipfile.ZipFile(export, "w") as zipped:
        zipped.writestr("../../escape.fit", (SAMPLES / RUN).read_bytes())
    before = sorted(p.name for p in tmp_path.rglob("*"))
    summary = imported([str(export)], capsys)
    assert summary["runs"] == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == before, "nothing written anywhere"


def test_a_folder_of_ten_thousand_other_files_is_passed_over_quickly(tmp_path, capsys):
    for n in range(10_000):
        (tmp_path / f"note-{n}.txt").write_bytes(b"x")
    (tmp_path / "run.fit").write_bytes((SAMPLES / RUN).read_bytes())
    began = time.perf_counter()
    summary = imported([str(tmp_path)], capsys)
    assert summary["runs"] == 1
    assert summary["failed"] == []
    assert time.perf_counter() - began < 10


def test_a_locked_database_is_one_line_and_the_command_can_be_run_again(
    own_database, capsys, monkeypatch
):
    from speedplay.storage import errors

    assert main(["log", "2026-11-26", "--rpe", "6"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(errors, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(own_database, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        assert main(["log", "2026-11-26", "--rpe", "7"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: the database is busy")
        assert len(err.strip().splitlines()) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert main(["log", "2026-11-26", "--rpe", "7", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rpe"] == 7


def test_of_two_copies_the_one_with_more_channels_is_richer_whatever_its_format():
    from dataclasses import replace

    import numpy as np

    from speedplay.formats.activity_files import read_activity
    from speedplay.services.reading import richness

    gpx = SAMPLES / "gpx/heartandsole-4426508309.gpx"
    fit = SAMPLES / "fit/heartandsole-4426508309.fit"
    from_gpx = read_activity(gpx.read_bytes(), str(gpx))
    from_fit = read_activity(fit.read_bytes(), str(fit))
    assert np.isfinite(from_gpx.heart_rate).any(), "the GPX carries heart rate"
    assert richness(from_fit, str(fit)) > richness(from_gpx, str(gpx)), "laps, and FIT"
    no_heart = replace(from_fit, heart_rate=np.full(len(from_fit.heart_rate), np.nan), laps=())
    assert richness(no_heart, str(fit)) < richness(from_gpx, str(gpx))


def test_workers_store_what_one_process_stores(tmp_path, monkeypatch, capsys):
    """Every sample (runs, rides, damaged files, one run in three formats) imported by two
    worker processes and by the importing process alone: the same summary, the same history,
    whichever worker finished first."""
    from speedplay.cli.storage import use_database
    from speedplay.services.recordings import MIN_PARALLEL

    files = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".fit", ".tcx", ".gpx"))
    assert len(files) >= 2 * MIN_PARALLEL
    results = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("SPEEDPLAY_DB", str(tmp_path / f"jobs-{jobs}.db"))
        use_database(None)
        summary = imported([*map(str, files), "--jobs", jobs], capsys)
        assert main(["history", "--json", "--limit", "1000"]) == 0
        history = json.loads(capsys.readouterr().out)
        results.append((summary, history))
    use_database(None)
    (one, one_history), (two, two_history) = results
    assert one == two
    assert one_history == two_history
    assert one["runs"] >= 10
    assert one["failed"]


def test_the_runs_an_import_holds_in_memory_find_the_copies_the_database_finds(empty_database):
    """Of recordings starting near stored runs (a minute either way, lengths within 2 %), the
    import's in-memory index names the same stored run as the query, on SQLite and
    PostgreSQL (whose starts come back with and without their time zone)."""
    import random
    from datetime import UTC, datetime, timedelta

    from speedplay.storage.activities import KnownRuns, add_activity, same_run
    from speedplay.storage.database import open_database
    from speedplay.storage.records import ImportedFile
    from speedplay.storage.runners import ensure_runner

    rng = random.Random(5)
    engine = open_database(empty_database)
    first = datetime(2025, 3, 1, 7, tzinfo=UTC)
    starts = []
    try:
        with engine.begin() as connection:
            ensure_runner(connection)
            for n in range(60):
                start = first + timedelta(minutes=rng.choice([0, 1, 2, 30, 600]) * n)
                starts.append(start)
                status = "run" if n % 7 else "duplicate"
                add_activity(connection, ImportedFile(f"{n:064x}", f"{n}.fit", status,
                                                      start_time=start,
                                                      elapsed_s=rng.uniform(1800, 3600)))  # fmt: skip
        with engine.connect() as connection:
            known = KnownRuns(connection)
            found = 0
            for _ in range(300):
                start = rng.choice(starts) + timedelta(seconds=rng.uniform(-90, 90))
                elapsed = rng.uniform(1750, 3700)
                expected = same_run(connection, start, elapsed)
                got = known.same_run(start, elapsed)
                assert (got is None) == (expected is None)
                found += got is not None
            assert found > 10, "some recordings are copies"
    finally:
        engine.dispose()


def test_each_best_effort_belongs_to_the_analysis_of_its_own_run(tmp_path, own_database, capsys):
    """An import writes a batch's analyses and best efforts together: each effort must still
    point at the analysis of the run it was found in (the runs here are on different days)."""
    source = (SAMPLES / PHONE).read_bytes()
    for n in range(12):
        day = f"<time>2021-05-{1 + n:02d}T".encode()
        (tmp_path / f"run-{n:02d}.gpx").write_bytes(source.replace(b"<time>2021-04-21T", day))
    assert imported([str(tmp_path), "--jobs", "1"], capsys)["runs"] == 12
    with sqlite3.connect(own_database) as connection:
        pairs = connection.execute(
            "SELECT be.run_on, an.run_on FROM best_efforts AS be"
            " JOIN analyses AS an ON an.id = be.analysis_id"
        ).fetchall()
        analysed = connection.execute("SELECT COUNT(*) FROM analyses").fetchone()[0]
    assert analysed == 12
    assert len(pairs) >= 12
    assert all(effort_day == run_day for effort_day, run_day in pairs)


HELD_FAULTS = """
import resource, sys
import numpy as np
from speedplay.services.workers import hold_freed_memory
if sys.argv[1] == "held":
    hold_freed_memory()
def one_file():  # a file's worth of arrays: allocated, used, freed
    arrays = [np.ones(60_000) for _ in range(8)]
    return sum(float(a[-1]) for a in arrays)
one_file()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(50):
    one_file()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_worker_keeps_the_memory_it_frees_for_the_next_file():
    """File after file, a worker needs the same arrays again: with its allocator told to hold
    freed memory it faults no page back in, where by default it faults them all again."""

    def page_faults(mode: str) -> int:
        done = subprocess.run([sys.executable, "-c", HELD_FAULTS, mode],
                              capture_output=True, text=True, check=True)  # fmt: skip
        return int(done.stdout)

    assert page_faults("default") > 50 * 100  # 8 arrays of 480 kB: ~118 pages each, each time
    assert page_faults("held") < 50
