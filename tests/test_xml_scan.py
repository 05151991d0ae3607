"""The XML scan and its text values against lxml and Python: the same elements, parents,
namespaces and texts on generated documents (and nothing at all where lxml would object),
the same floats as ``float``, the same instants as ``datetime.fromisoformat``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from speedplay.formats import xml_values
from speedplay.formats.xml_scan import scan

NAMES = (b"trkpt", b"Time", b"Value", b"ns3:Speed", b"ax:hr", b"ele", b"Lap", b"x")
VOCABULARY = (b"trkpt", b"Time", b"Value", b"Speed", b"hr", b"ele", b"Lap")
ATTRIBUTES = (
    b' a="1"',
    b" a='x y'",
    b' lat="1.5" lon="-2"',
    b' a="1" a="2"',
    b' a="1" b="2" c="3"',
    b' a="x=y"',
    b' a = "1"',
    b' a="1"  b="2"',
    b' _a.b-c="1"',
    b' ax:a="1"',
    b' zz:a="1"',
    b' a="1"/',
)
"""Attributes well formed and not (a name twice, an undeclared prefix...)."""


@st.composite
def element(draw: st.DrawFn, depth: int = 0) -> bytes:
    name = draw(st.sampled_from(NAMES))
    attributes = draw(st.sampled_from(ATTRIBUTES)) if draw(st.booleans()) else b""
    if depth and draw(st.integers(0, 9)) == 0:
        attributes += b' xmlns="urn:inner"'
    blank = draw(st.sampled_from([b"", b"\n  ", b" ", b"\r\n\t"]))
    if depth > 3 or draw(st.integers(0, 2)) == 0:
        text = draw(
            st.sampled_from([b"", b"12", b"-0.5", b"2020-01-11T19:45:27Z", b"\xc3\xa9t\xc3\xa9"])
        )
        if not text and draw(st.booleans()):
            return b"<" + name + attributes + b"/>"
        return b"<" + name + attributes + b">" + text + b"</" + name + b">"
    children = draw(st.lists(element(depth + 1), max_size=4))
    inner = b"".join(blank + child for child in children) + blank
    return b"<" + name + attributes + b">" + inner + b"</" + name + b">"


@st.composite
def document(draw: st.DrawFn) -> bytes:
    declaration = draw(st.sampled_from([b"", b'<?xml version="1.0" encoding="UTF-8"?>\n']))
    namespaces = b' xmlns="urn:default" xmlns:ns3="urn:ext" xmlns:ax="urn:ax"'
    children = draw(st.lists(element(1), max_size=5))
    return declaration + b"<root" + namespaces + b">" + b"\n".join(children) + b"</root>\n"


def lxml_view(data: bytes) -> list[tuple[str, str | None, int, str | None]] | None:
    """(local name, namespace, parent's position, leaf text) of each element, as lxml
    reads the document; None if lxml finds anything wrong with it."""
    parser = etree.XMLParser(recover=False, resolve_entities=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    if parser.error_log:
        return None
    elements = list(root.iter())
    if any(not isinstance(e.tag, str) for e in elements):
        return None
    where = {id(e): i for i, e in enumerate(elements)}
    view = []
    for e in elements:
        qname = etree.QName(e)
        parent = e.getparent()
        text = e.text if len(e) == 0 else "<children>"
        view.append(
            (qname.localname, qname.namespace, -1 if parent is None else where[id(parent)], text)
        )
    return view


def scan_view(data: bytes) -> list[tuple[str, str | None, int, str | None]] | None:
    found = scan(data, VOCABULARY)
    if found is None:
        return None
    names = [*(n.decode() for n in VOCABULARY)]
    view = []
    for row in range(len(found.name)):
        index = found.name[row]
        if index >= 0:
            local = names[index]
        else:
            tag = found.start_tag(row)[1:].split(b">")[0].split()[0].rstrip(b"/")
            local = tag.split(b":")[-1].decode()
        space = found.namespace[row]
        uri = None if space < 0 else found.uris[space].decode()
        raw = found.text(row)
        text = (
            (raw.decode().replace("\r\n", "\n").replace("\r", "\n") or None)
            if found.leaf[row]
            else "<children>"
        )
        view.append((local, uri, int(found.parent[row]), text))
    return view


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_the_scan_sees_the_elements_lxml_sees(data):
    expected = lxml_view(data)
    found = scan_view(data)
    if expected is None:
        assert found is None  # an attribute malformed on purpose: the scan refuses it too
    else:
        assert found == expected


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document(), st.data())
def test_a_damaged_document_is_refused_or_read_as_lxml_reads_it(data, draw):
    positions = st.integers(0, max(len(data) - 1, 0))  # each once: a second drop at the
    cuts = draw.draw(st.lists(positions, min_size=1, max_size=3, unique=True))  # end is out
    damaged = bytearray(data)
    for at in sorted(cuts, reverse=True):
        action = draw.draw(st.sampled_from(["drop", "<", ">", "/", '"', "&", "\x00", ":"]))
        if action == "drop":
            del damaged[at]
        else:
            damaged[at:at] = action.encode()
    found = scan_view(bytes(damaged))
    if found is not None:
        assert found == lxml_view(bytes(damaged))


def test_what_the_scan_leaves_to_the_parser():
    plain = b'<?xml version="1.0"?><a><b>1</b></a>'
    assert scan(plain, (b"a", b"b")) is not None
    for document_ in (
        b"<a><!-- note --><b>1</b></a>",
        b"<a><![CDATA[1]]></a>",
        b"<!DOCTYPE a><a/>",
        b"<a>&amp;</a>",
        b"<a><?pi x?></a>",
        b'<?xml version="1.0" encoding="ISO-8859-1"?><a/>',
        b"<a><b>1</c></a>",
        b"<a><b>1</b>",
        b"<a></a><a></a>",
        b"<a><p:b>1</p:b></a>",
        b'<a x="1>2"/>',
        b"<a>\x01</a>",
        b"<a>\xff</a>",
        b"<a>1 > 0</a>",
        b"text<a/>",
        b"<a/>text",
    ):
        assert scan(document_, (b"a", b"b")) is None, document_


decimal_text = st.from_regex(
    r"\A[-+]?([0-9]{1,25}(\.[0-9]{0,25})?|\.[0-9]{1,25})\Z", fullmatch=True
)


@settings(max_examples=500, deadline=None)
@given(st.lists(decimal_text, min_size=1, max_size=40))
def test_plain_decimals_are_what_float_makes_of_them(texts):
    data = "<".join(texts).encode()
    start = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    end = start + np.array([len(t) for t in texts])
    read = xml_values.decimals(data, start, end)
    assert read is not None
    expected = np.array([float(t) for t in texts])
    assert np.array_equal(read, expected)
    assert np.array_equal(np.signbit(read), np.signbit(expected))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(-1e7, 1e7, allow_nan=False), min_size=1, max_size=20), st.data())
def test_doubles_written_out_in_full_read_back_exactly(values, data):
    """A double's exact decimal expansion (as GPX exports write coordinates, 30 digits and
    more), cut anywhere: every length of mantissa, past 2**53 and past 19 digits."""
    texts = [format(Decimal(v), "f") for v in values]
    texts = [t[: data.draw(st.integers(len(t.split(".")[0]) or 1, 40))] for t in texts]
    joined = " ".join(texts).encode()
    start = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    read = xml_values.decimals(joined, start, start + np.array([len(t) for t in texts]))
    assert read is not None
    assert read.tolist() == [float(t) for t in texts]


def test_what_is_not_a_plain_decimal():
    for text in (b"1e5", b"nan", b"inf", b" 1", b"1 ", b"--1", b"1.2.3", b"+", b".", b"1,5"):
        assert xml_values.decimals(text, np.array([0]), np.array([len(text)])) is None, text
    empty = xml_values.decimals(b"", np.array([0]), np.array([0]))
    assert empty is not None
    assert np.isnan(empty[0])


moments = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 30))
zones = st.sampled_from(["Z", "", "+00:00", "+05:30", "-08:00", "+14:00", "-00:45"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(moments, st.integers(0, 6), zones), min_size=1, max_size=20))
def test_plain_times_are_the_instants_python_reads(stamps):
    texts = []
    for when, places, zone in stamps:
        fraction = f"{when.microsecond:06d}"[:places]
        day = f"{when.year:04d}-{when.month:02d}-{when.day:02d}"
        clock = f"{when.hour:02d}:{when.minute:02d}:{when.second:02d}"
        texts.append(f"{day}T{clock}" + ("." + fraction if places else "") + zone)
    data = "|".join(texts).encode()
    start = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    read = xml_values.times(data, start, start + np.array([len(t) for t in texts]))
    assert read is not None
    micro, offset, zoned = read
    for text, us, minutes, has_zone in zip(texts, micro, offset, zoned, strict=True):
        expected = xml_values.moment(text)
        assert expected is not None
        assert datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(us)) == expected
        assert has_zone == (text[-1] == "Z" or text[-6] in "+-")
        assert timedelta(minutes=int(minutes)) == (expected.utcoffset() or timedelta(0))


def test_what_is_not_a_plain_time():
    for text in (
        b"2020-02-30T10:00:00Z",
        b"2021-02-29T10:00:00Z",
        b"2020-01-01T24:00:00Z",
        b"2020-01-01T10:60:00Z",
        b"2020-01-01T10:00:60Z",
        b"2020-01-01 10:00:00Z",
        b"2020-01-01T10:00:00.1234567Z",
        b"2020-01-01T10:00:00.Z",
        b"2020-01-01T10:00:00+0100",
        b"2020-01-01T10:00:00 Z",
        b"2020-1-01T10:00:00Z",
        b"0000-01-01T10:00:00Z",
        b"2020-01-01",
    ):
        assert xml_values.times(text, np.array([0]), np.array([len(text)])) is None, text
    leap = b"2020-02-29T23:59:59.5Z"
    assert xml_values.times(leap, np.array([0]), np.array([len(leap)])) is not None
