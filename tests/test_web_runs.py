"""Uploads, the history and a run's analysis in the web app, on SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from datetime import datetime

import pytest

from speedplay.cli.app import main
from speedplay.formats.chart_json import read_series
from speedplay.units import UnitSystem, format_clock, format_pace
from speedplay.web import runs as web_runs
from tests.conftest import SAMPLES
from tests.test_web_plans import page_text
from tests.web import Browser

INTERVALS = SAMPLES / "fit" / "goldencheetah-ipbike-intervals-4x6min.fit"
"""A real run of 4 x 6 min with 3 min jogs."""
STEADY_FIT = SAMPLES / "fit" / "heartandsole-4426508309.fit"
STEADY_GPX = SAMPLES / "gpx" / "heartandsole-4426508309.gpx"
"""One steady run, as the watch's FIT and as GPX: the same run twice."""


@pytest.fixture
def browser(engine):
    browser = Browser(engine)
    browser.sign_up("a@example.org")
    return browser


def upload(browser: Browser, *files: tuple[str, bytes]):
    return browser.client.post(
        "/upload",
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        data={"csrf_token": browser.token("/upload")},
    )


def outcomes(page: str) -> list[tuple[str, str]]:
    rows = re.findall(r'<tr class="status-(\w+)">\s*<td>(?:<a href="[^"]+">)?([^<]+)<', page)
    return [(source, status) for status, source in rows]


def analysis_ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/runs/(\d+)"', page)]


def test_an_uploaded_run_is_analysed_as_speedplay_analyze_does(browser, capsys):
    response = upload(browser, (INTERVALS.name, INTERVALS.read_bytes()))
    assert response.status_code == 200
    assert outcomes(response.text) == [(INTERVALS.name, "run")]
    [analysis_id] = analysis_ids(response.text)
    page = page_text(browser, f"/runs/{analysis_id}")

    assert main(["analyze", str(INTERVALS), "--json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    assert len(expected["reps"]) == 4
    for rep in expected["reps"]:
        assert format_pace(rep["pace_s_per_km"], UnitSystem.KM) in page
    assert "4 reps" in page


def series_times(series):
    """The time of each point, as run_chart.js counts it: ``step_s`` apart from zero."""
    return [float(i * series["step_s"]) for i in range(len(series["speed_cm_s"]))]


def test_a_runs_page_carries_its_chart_with_the_reps(browser):
    response = upload(browser, (INTERVALS.name, INTERVALS.read_bytes()))
    [analysis_id] = analysis_ids(response.text)
    page = browser.client.get(f"/runs/{analysis_id}").text
    found = re.search(r'<script type="application/json" id="run-data">(.*?)</script>', page, re.S)
    assert found
    chart = json.loads(found.group(1))
    assert len(chart["reps"]) == 4
    assert chart["unit"] == "km"
    # the series as stored, with the scales that bring it to SI, as run_chart.js applies them
    series = {
        name: [None if v is None else v / scale for v in chart["series"][stored]]
        for name, stored, scale in chart["channels"]
    }
    assert {"time": series_times(chart["series"]), **series} == read_series(
        json.dumps(chart["series"])
    )
    moving = [v for v in series["speed"] if v]
    # the sample is 2,763 one-second records (46 min, shared/samples/README.md): a point
    # every five seconds
    assert len(moving) <= len(series["speed"]) == pytest.approx(2763 / 5, abs=10)
    assert chart["series"]["step_s"] == 5
    # its reps run at 3:39-4:13/km (3.9-4.6 m/s) between slower jogs (the same README)
    assert 2.0 < sum(moving) / len(moving) < 4.6
    assert any(v for v in series["heart_rate"])


def test_the_same_run_twice_is_one_run_and_a_file_again_is_already_there(browser):
    first = upload(browser, (STEADY_GPX.name, STEADY_GPX.read_bytes()))
    assert outcomes(first.text) == [(STEADY_GPX.name, "run")]
    second = upload(browser, (STEADY_FIT.name, STEADY_FIT.read_bytes()))
    [(source, status)] = outcomes(second.text)
    assert (source, status) == (STEADY_FIT.name, "run")
    assert "kept instead of" in second.text  # the FIT carries more than the GPX
    again = upload(browser, (STEADY_FIT.name, STEADY_FIT.read_bytes()))
    assert outcomes(again.text) == [(STEADY_FIT.name, "already")]
    listed = browser.client.get("/runs").text
    assert len(analysis_ids(listed)) == 1


def test_an_export_zip_and_gzipped_files_are_read_whole(browser):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("activities/intervals.fit.gz", gzip.compress(INTERVALS.read_bytes()))
        zipped.writestr("activities/steady.gpx", STEADY_GPX.read_bytes())
        zipped.writestr("notes.txt", b"not a recording")
    response = upload(browser, ("export.zip", archive.getvalue()))
    assert sorted(outcomes(response.text)) == [
        ("export.zip!activities/intervals.fit.gz", "run"),
        ("export.zip!activities/steady.gpx", "run"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.fit", b"\x0e\x10" + b"\x00" * 40, "not read"),
        ("notes.txt", b"hello", "not a FIT, TCX or GPX file"),
        ("export.zip", b"PK\x03\x04 not really", "not a readable zip"),
        ("run.fit.gz", b"\x1f\x8b not gzip", "not a readable gzip file"),
    ],
)
def test_a_file_that_cannot_be_read_is_listed_with_the_reason(browser, name, data, message):
    response = upload(browser, (name, data), (INTERVALS.name, INTERVALS.read_bytes()))
    assert response.status_code == 200
    assert dict(outcomes(response.text)) == {name: "failed", INTERVALS.name: "run"}
    assert message in response.text


def test_uploads_are_bounded_in_size_count_and_zip_entries(browser, monkeypatch):
    monkeypatch.setattr(web_runs, "MAX_FILE_BYTES", 1000)
    big = upload(browser, (INTERVALS.name, INTERVALS.read_bytes()))
    assert dict(outcomes(big.text)) == {INTERVALS.name: "failed"}
    assert "larger than" in big.text
    monkeypatch.setattr(web_runs, "MAX_FILES", 2)
    many = upload(browser, *[(f"{n}.gpx", b"<gpx/>") for n in range(3)])
    assert many.status_code == 400
    assert "At most 2 files" in many.text
    monkeypatch.setattr(web_runs, "MAX_ZIP_RECORDINGS", 1)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.gpx", b"<gpx/>")
        zipped.writestr("b.gpx", b"<gpx/>")
    refused = upload(browser, ("two.zip", archive.getvalue()))
    assert "holds 2 recordings; at most 1" in refused.text


def test_a_zip_bomb_and_an_entry_climbing_out_are_refused_or_read_never_written(
    browser, tmp_path, monkeypatch
):
    """A zip whose entry unpacks past the limit is refused, that entry alone; an entry named
    to climb out of its folder is read from memory like any other, never written anywhere."""
    folder = tmp_path / "server" / "files"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)  # where a careless server would write the entries
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("activities/bomb.gpx", b"<gpx>" + b" " * 300_000_000)
        zipped.writestr("../../escape.fit", INTERVALS.read_bytes())
    assert len(archive.getvalue()) < 1_000_000, "a bomb: small packed, huge unpacked"
    sent = upload(browser, ("export.zip", archive.getvalue()))
    assert sent.status_code == 200
    found = dict(outcomes(sent.text))
    assert found == {
        "export.zip!activities/bomb.gpx": "failed",
        "export.zip!../../escape.fit": "run",
    }
    assert "larger than" in sent.text
    assert list((tmp_path / "server").rglob("*")) == [folder]
    assert not list(tmp_path.rglob("escape.fit"))


def test_an_upload_without_the_form_token_is_refused(browser):
    response = browser.client.post(
        "/upload", files=[("files", (INTERVALS.name, INTERVALS.read_bytes()))]
    )
    assert response.status_code == 403
    assert analysis_ids(browser.client.get("/runs").text) == []


def test_the_runner_says_how_it_felt(browser):
    [analysis_id] = analysis_ids(upload(browser, (INTERVALS.name, INTERVALS.read_bytes())).text)
    token = browser.token(f"/runs/{analysis_id}")
    said = browser.client.post(
        f"/runs/{analysis_id}/log", data={"rpe": "8", "note": "windy", "csrf_token": token}
    )
    assert said.status_code == 303
    page = browser.client.get(f"/runs/{analysis_id}").text
    assert 'name="rpe" inputmode="decimal" maxlength="4" value="8"' in page
    assert ">windy</textarea>" in page
    listed = page_text(browser, "/runs")
    assert " 8 " in listed
    wrong = browser.client.post(f"/runs/{analysis_id}/log", data={"rpe": "11", "csrf_token": token})
    assert wrong.status_code == 400
    assert "runs from 1 to 10" in wrong.text


def test_another_runner_can_neither_see_nor_log_my_run(browser, engine):
    [analysis_id] = analysis_ids(upload(browser, (INTERVALS.name, INTERVALS.read_bytes())).text)
    other = Browser(engine)
    other.sign_up("b@example.org")
    assert other.client.get(f"/runs/{analysis_id}").status_code == 404
    token = other.token("/runs")
    logged = other.client.post(f"/runs/{analysis_id}/log", data={"rpe": "3", "csrf_token": token})
    assert logged.status_code == 404
    assert analysis_ids(other.client.get("/runs").text) == []


def test_a_stored_series_reads_back_in_si_units():
    from speedplay.analysis.segmentation import on_grid
    from speedplay.formats.activity_files import read_activities
    from speedplay.formats.chart_json import series_json

    activity = read_activities(INTERVALS.read_bytes(), INTERVALS.name)[0]
    grid = on_grid(activity)
    series = read_series(series_json(grid))
    five = grid.speed[:5].mean()
    assert series["speed"][0] == pytest.approx(five, abs=0.005)
    assert series["time"][:3] == [0.0, 5.0, 10.0]
    assert series["heart_rate"][1] == pytest.approx(grid.heart_rate[5:10].mean(), abs=0.5)


def test_the_progress_page_gives_the_report_speedplay_progress_gives(browser, capsys):
    assert "No runs yet" in page_text(browser, "/progress")
    upload(
        browser,
        (INTERVALS.name, INTERVALS.read_bytes()),
        (STEADY_FIT.name, STEADY_FIT.read_bytes()),
    )
    assert main(["import", str(INTERVALS), str(STEADY_FIT), "--json"]) == 0
    capsys.readouterr()
    assert main(["progress", "--json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    page = browser.client.get("/progress").text
    found = re.search(
        r'<script type="application/json" id="progress-data">(.*?)</script>', page, re.S
    )
    assert found
    shown = json.loads(found.group(1))
    assert shown["today"] == expected["today"]
    assert shown["vdot_by_month"] == expected["vdot_by_month"]
    assert [b["label"] for b in shown["best_efforts"]] == [
        b["label"] for b in expected["best_efforts"]
    ]
    text = " ".join(page_text(browser, "/progress").split())
    assert f"fitness {expected['today']['fitness']:.0f}" in text
    for effort in expected["best_efforts"]:  # a distance's time, a duration's distance
        best = effort["best"]
        result = (
            f"{best['metres'] / 1000:.2f} km"
            if effort["label"].endswith("min")
            else format_clock(best["seconds"])
        )
        assert f"{effort['label']} {result} (" in text, effort


def test_a_request_too_large_or_of_unknown_length_is_refused_before_it_is_read(browser):
    from speedplay.web.app import MAX_REQUEST_BYTES

    headers = {
        "Content-Length": str(MAX_REQUEST_BYTES + 1),
        "Content-Type": "multipart/form-data; boundary=x",
    }
    too_large = browser.client.post("/upload", content=b"--x--", headers=headers)
    assert too_large.status_code == 413
    assert "At most 128 MB" in too_large.text
    assert too_large.headers["X-Frame-Options"] == "DENY"

    def chunks():
        yield b"--x--"

    unknown = browser.client.post(
        "/upload", content=chunks(), headers={"Content-Type": "multipart/form-data; boundary=x"}
    )
    assert unknown.status_code == 411


def test_a_runner_downloads_all_their_data_and_only_theirs(browser, engine):
    """The web app's "My data": the files of ``speedplay export-all``, for the runner signed
    in, and nothing of another's."""
    from tests.test_web_plans import ANSWERS, onboard

    onboard(browser, ANSWERS)
    [analysis_id] = analysis_ids(upload(browser, (INTERVALS.name, INTERVALS.read_bytes())).text)
    browser.client.post(
        f"/runs/{analysis_id}/log",
        data={"rpe": "8", "note": "my own note", "csrf_token": browser.token("/runs")},
    )
    mine = browser.client.get("/account/export")
    assert mine.status_code == 200
    assert mine.headers["content-type"] == "application/zip"
    assert "attachment" in mine.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(mine.content)) as archive:
        runs = json.loads(archive.read("runs.json"))
        names = archive.namelist()
        everything = b"".join(archive.read(name) for name in names)
    assert [run["file"] for run in runs] == [INTERVALS.name]
    assert any(name.startswith("plans/") for name in names)
    assert b"my own note" in everything
    other = Browser(engine)
    other.sign_up("someone-else@example.org")
    theirs = other.client.get("/account/export")
    with zipfile.ZipFile(io.BytesIO(theirs.content)) as archive:
        assert json.loads(archive.read("runs.json")) == []
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"my own note" not in everything
    assert INTERVALS.name.encode() not in everything


def test_the_runs_are_listed_a_page_at_a_time_newest_first(browser, monkeypatch):
    """Ten years of runs are thousands: a page lists RUNS_PER_PAGE of them, newest first,
    with links to the older and newer pages."""
    monkeypatch.setattr(web_runs, "RUNS_PER_PAGE", 2)
    for path in (
        INTERVALS,
        SAMPLES / "tcx/runpandas-sample.tcx",
        SAMPLES / "fit/heartandsole-4426508309.fit",
    ):
        assert "status-run" in upload(browser, (path.name, path.read_bytes())).text
    first = browser.client.get("/runs").text
    second = browser.client.get("/runs?page=2").text
    shown = [re.findall(r'href="/runs/(\d+)"', page) for page in (first, second)]
    assert [len(ids) for ids in shown] == [2, 1]
    assert ("Older runs" in first, "Newer runs" in first) == (True, False)
    assert ("Older runs" in second, "Newer runs" in second) == (False, True)
    dates = [re.findall(r'href="/runs/\d+">([^<]+)<', page) for page in (first, second)]
    everything = [date_ for page in dates for date_ in page]
    parsed = [datetime.strptime(text, "%a %d %b %Y") for text in everything]
    assert parsed == sorted(parsed, reverse=True), "newest first, across pages"
    assert browser.client.get("/runs?page=0").status_code == 422
    assert "No runs yet" not in browser.client.get("/runs?page=9").text
