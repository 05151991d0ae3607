"""The vectorised FIT reader against fitdecode, its oracle: value for value on every sample,
the same activities, and the checksum against the FIT SDK's byte-at-a-time table."""

from __future__ import annotations

import io
import math
import struct
import warnings
from typing import Any

import fitdecode
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speedplay.errors import FormatError
from speedplay.formats import activity_files, fit_decoder
from speedplay.formats.fit_crc import MIN_LANES, crc16, crc16_reference
from tests.conftest import SAMPLES

MESSAGES = {0: "file_id", 18: "session", 19: "lap", 20: "record", 21: "event"}
FIT_FILES = sorted((SAMPLES / "fit").rglob("*.fit"))
PLAIN = [
    "2013-02-06-12-11-14.fit",
    "Activity.fit",
    "activity-large-fenxi2-multisport.fit",
    "activity-small-fenix2-run.fit",
    "developer-types-sample.fit",
    "garmin-fenix-5-run.fit",
    "goldencheetah-hrv-run-laps.fit",
    "goldencheetah-ipbike-intervals-4x6min.fit",
    "goldencheetah-multisport-large.fit",
    "heartandsole-4426508309.fit",
    "heartandsole-long-run.fit",
    "heartandsole-run-manual-laps.fit",
    "sample-activity.fit",
    "MonitoringFile.fit",
    "Settings.fit",
    "elemnt-bolt-no-application-id-inside-developer-data-id.fit",
    "ipbike-good.fit",
    "compressed-speed-distance.fit",
    "event_timestamp.fit",
]
"""Samples the vectorised reader reads itself (the others it leaves to fitdecode)."""


def fitdecode_rows(data: bytes) -> dict[int, list[dict[str, Any]]]:
    """The messages as fitdecode gives them, developer fields aside."""
    rows: dict[int, list[dict[str, Any]]] = {number: [] for number in MESSAGES}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with fitdecode.FitReader(io.BytesIO(data)) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage) and frame.global_mesg_num in rows:
                    rows[frame.global_mesg_num].append(
                        {
                            f.name: f.value
                            for f in frame.fields
                            if f.field_def is None or not f.field_def.is_dev
                        }
                    )
    return rows


def same(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, tuple) and isinstance(theirs, tuple):
        return len(ours) == len(theirs) and all(map(same, ours, theirs))
    if isinstance(ours, float) or isinstance(theirs, float):
        if ours is None or theirs is None:
            return ours is theirs
        return math.isclose(ours, theirs, rel_tol=1e-12, abs_tol=1e-12)
    return bool(ours == theirs) and type(ours) is type(theirs)


def differences(data: bytes) -> list[str]:
    decoded = fit_decoder.decode(data, frozenset(MESSAGES))
    found = []
    for number, theirs in fitdecode_rows(data).items():
        ours = decoded.rows(number)
        if len(ours) != len(theirs):
            found.append(f"{MESSAGES[number]}: {len(ours)} messages, fitdecode {len(theirs)}")
            continue
        for index, (mine, reference) in enumerate(zip(ours, theirs, strict=True)):
            if set(mine) != set(reference):
                found.append(f"{MESSAGES[number]} {index}: fields {set(mine) ^ set(reference)}")
            found += [
                f"{MESSAGES[number]} {index} {name}: {mine[name]!r} != {reference[name]!r}"
                for name in set(mine) & set(reference)
                if not same(mine[name], reference[name])
            ]
    return found[:10]


@pytest.mark.parametrize("name", PLAIN)
def test_every_plain_sample_reads_value_for_value_as_fitdecode_reads_it(name):
    (path,) = [p for p in FIT_FILES if p.name == name]
    assert differences(path.read_bytes()) == []


@pytest.mark.parametrize("path", FIT_FILES, ids=lambda p: p.name)
def test_what_the_reader_leaves_aside_it_leaves_to_fitdecode_and_the_activity_is_the_same(path):
    data = path.read_bytes()
    try:
        fit_decoder.decode(data, activity_files.FIT_MESSAGES)
    except fit_decoder.UnsupportedFitError:
        assert path.name not in PLAIN
        return
    assert path.name in PLAIN, "a sample the fast path now reads: add it to PLAIN"
    fast, fast_error = outcome(activity_files.read_fit_activities, data, path.name)
    slow, slow_error = outcome(activity_files.read_fit_activities_with_fitdecode, data, path.name)
    assert fast_error == slow_error
    assert len(fast) == len(slow)
    for ours, theirs in zip(fast, slow, strict=True):
        for name in ("elapsed_s", "distance_m", "speed_m_s", "heart_rate", "altitude_m",
                     "cadence", "latitude", "longitude"):  # fmt: skip
            np.testing.assert_array_equal(getattr(ours, name), getattr(theirs, name), name)
        for name in ("laps", "start_time", "device", "sport", "warnings", "timer_stops"):
            assert getattr(ours, name) == getattr(theirs, name), name


def outcome(read: Any, data: bytes, name: str) -> tuple[list[Any], str | None]:
    try:
        return read(data, name), None
    except FormatError as error:
        return [], str(error)


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=0, max_size=9 * MIN_LANES * 4 + 13))
def test_the_block_checksum_is_the_byte_at_a_time_checksum(data):
    assert crc16(data) == crc16_reference(data)


def test_a_files_checksum_over_itself_is_zero():
    data = (SAMPLES / "fit" / "goldencheetah-multisport-large.fit").read_bytes()
    assert len(data) > 4 * MIN_LANES
    assert crc16(data) == 0
    assert crc16(data[:-1] + bytes([data[-1] ^ 1])) != 0


# --- generated files: random field sets, both byte orders -------------------------------

RECORD_FIELDS = [  # (number, base type, struct code, invalid)
    (253, 0x86, "I", 0xFFFFFFFF),  # timestamp
    (0, 0x85, "i", 0x7FFFFFFF),  # position_lat
    (1, 0x85, "i", 0x7FFFFFFF),  # position_long
    (2, 0x84, "H", 0xFFFF),  # altitude
    (3, 0x02, "B", 0xFF),  # heart_rate
    (4, 0x02, "B", 0xFF),  # cadence
    (5, 0x86, "I", 0xFFFFFFFF),  # distance
    (6, 0x84, "H", 0xFFFF),  # speed
    (13, 0x01, "b", 0x7F),  # temperature
    (73, 0x86, "I", 0xFFFFFFFF),  # enhanced_speed
]


@st.composite
def fit_files(draw: st.DrawFn) -> bytes:
    """A FIT activity, or two chained: each a file_id, then records of a random field set in
    a random byte order with invalid values among them, a redefinition maybe, and records
    with compressed timestamp headers maybe."""
    count = draw(st.integers(1, 2))
    return b"".join(_fit_file(draw) for _ in range(count))


def _fit_file(draw: st.DrawFn) -> bytes:
    big = draw(st.booleans())
    order = ">" if big else "<"

    def definition(local: int, number: int, fields: list[tuple[int, int, str, int]]) -> bytes:
        head = bytes([0x40 | local, 0, int(big)]) + struct.pack(order + "H", number)
        return (
            head
            + bytes([len(fields)])
            + b"".join(bytes([n, struct.calcsize(code), base]) for n, base, code, _ in fields)
        )

    def values_of(fields: list[tuple[int, int, str, int]]) -> bytes:
        values = [
            invalid if draw(st.integers(0, 9)) == 0 else draw(_value(code))
            for _, _, code, invalid in fields
        ]
        return struct.pack(order + "".join(code for _, _, code, _ in fields), *values)

    # file_id (local 0): type (enum) and manufacturer (uint16): an activity, by Garmin
    body = bytearray(definition(0, 0, [(0, 0x00, "B", 0xFF), (1, 0x84, "H", 0xFFFF)]))
    body += bytes([0x00]) + struct.pack(order + "BH", 4, 1)
    for local in range(1, draw(st.integers(1, 2)) + 1):
        chosen = draw(st.lists(st.sampled_from(RECORD_FIELDS), min_size=1, unique=True))
        body += definition(local, 20, chosen)
        for _ in range(draw(st.integers(1, 40))):
            body += bytes([local]) + values_of(chosen)
    if draw(st.booleans()):  # a full timestamp, then records with compressed headers
        stamp = draw(st.integers(0x10000000, 0x40000000))
        body += definition(3, 20, [RECORD_FIELDS[0]])
        body += bytes([3]) + struct.pack(order + "I", stamp)
        chosen = draw(st.lists(st.sampled_from(RECORD_FIELDS[1:]), min_size=1, unique=True))
        body += definition(2, 20, chosen)
        for _ in range(draw(st.integers(1, 60))):
            stamp += draw(st.integers(0, 31))
            body += bytes([0x80 | (2 << 5) | (stamp & 0x1F)]) + values_of(chosen)
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", crc16_reference(header))
    data = header + bytes(body)
    return data + struct.pack("<H", crc16_reference(data))


def _value(code: str) -> st.SearchStrategy[int]:
    bits = struct.calcsize(code) * 8
    if code.islower():
        return st.integers(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    return st.integers(0, 2**bits - 1)


@settings(max_examples=80, deadline=None)
@given(fit_files())
def test_generated_files_read_value_for_value_as_fitdecode_reads_them(data):
    assert differences(data) == []


def fields_named(data: bytes, names: dict[int, frozenset[str]]) -> list[str]:
    """Where decoding only some fields differs from decoding all and keeping those."""
    every = fit_decoder.decode(data, frozenset(names))
    some = fit_decoder.decode(data, frozenset(names), names)
    found = []
    for number, wanted in names.items():
        full, chosen = every.rows(number), some.rows(number)
        if len(full) != len(chosen):
            found.append(f"{number}: {len(chosen)} messages of {len(full)}")
            continue
        for index, (whole, part) in enumerate(zip(full, chosen, strict=True)):
            expected = {k: v for k, v in whole.items() if k in wanted}
            got = {k: v for k, v in part.items() if k in wanted}
            if set(expected) != set(got) or not all(same(got[k], expected[k]) for k in got):
                found.append(f"{number} {index}: {got} != {expected}")
    return found[:10]


@pytest.mark.parametrize("name", PLAIN)
def test_decoding_only_the_fields_an_activity_needs_gives_those_fields_as_decoding_all(name):
    (path,) = [p for p in FIT_FILES if p.name == name]
    assert fields_named(path.read_bytes(), activity_files.FIT_FIELDS) == []


@settings(max_examples=40, deadline=None)
@given(fit_files(), st.sets(st.sampled_from(["timestamp", "heart_rate", "speed", "enhanced_speed",
                                             "distance", "cadence", "altitude", "power"])))  # fmt: skip
def test_generated_files_decode_any_chosen_fields_as_decoding_all(data, chosen):
    assert fields_named(data, {20: frozenset(chosen)}) == []
