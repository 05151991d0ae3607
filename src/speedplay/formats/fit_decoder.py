"""A vectorised reader of FIT files: the messages an activity needs, in numpy columns.

fitdecode (MIT) reads a FIT file a field at a time in Python, about 20,000 records a second;
a ten-year archive takes half an hour. A FIT file is simple enough to read another way
(FIT protocol document, "File structure" and "Record header"):

1. One pass over the message headers in Python. A definition message is parsed; a data
   message costs one look-up of its definition's size. A run of data messages of the same
   kind (the records of a run, one a second) is skipped in one numpy comparison of the bytes
   at every ``size + 1`` offset with the header byte.
2. numpy does the rest, once per definition: the messages' bytes are gathered into an array
   of a structured dtype built from the definition (either byte order), invalid values become
   NaN, scale and offset are applied, components (``speed`` -> ``enhanced_speed``) and
   subfields (``product`` -> ``garmin_product``) are resolved from the FIT profile that
   fitdecode ships (``fitdecode.profile``: the names, types, scales and enums of the SDK's
   Profile.xlsx), and the header and file checksums are verified (``fit_crc``).

The values are fitdecode's, value for value (the tests compare them on every sample file).
What this reader does not handle (compressed timestamp headers, accumulated components,
developer data messages, chained files, damage) raises :class:`UnsupportedFitError`, and the
caller reads the file with fitdecode instead.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from fitdecode import profile

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
DATETIME_MIN = 0x10000000
"""A ``date_time`` below this is seconds from the device's power-up, not from the epoch."""

RUN_PROBE = 32
"""Data messages compared at once when skipping a run of one kind (doubling while it lasts)."""


class UnsupportedFitError(Exception):
    """The file uses something this reader leaves to fitdecode (or is damaged: fitdecode
    keeps the valid part and says what is wrong)."""


# base type number -> (numpy kind, size, invalid raw value or None for NaN floats)
BASE_TYPES: dict[int, tuple[str, int, int | None]] = {
    0x00: ("u1", 1, 0xFF),  # enum
    0x01: ("i1", 1, 0x7F),  # sint8
    0x02: ("u1", 1, 0xFF),  # uint8
    0x83: ("i2", 2, 0x7FFF),  # sint16
    0x84: ("u2", 2, 0xFFFF),  # uint16
    0x85: ("i4", 4, 0x7FFFFFFF),  # sint32
    0x86: ("u4", 4, 0xFFFFFFFF),  # uint32
    0x07: ("S", 1, None),  # string
    0x88: ("f4", 4, None),  # float32
    0x89: ("f8", 8, None),  # float64
    0x0A: ("u1", 1, 0x00),  # uint8z
    0x8B: ("u2", 2, 0x0000),  # uint16z
    0x8C: ("u4", 4, 0x00000000),  # uint32z
    0x0D: ("u1", 1, 0xFF),  # byte
    0x8E: ("i8", 8, 0x7FFFFFFFFFFFFFFF),  # sint64
    0x8F: ("u8", 8, 0xFFFFFFFFFFFFFFFF),  # uint64
    0x90: ("u8", 8, 0x0000000000000000),  # uint64z
}
BYTE = 0x0D
STRING = 0x07
FLOATS = (0x88, 0x89)


@dataclass(frozen=True)
class FieldDefinition:
    number: int
    size: int
    base_type: int


@dataclass
class Definition:
    """A definition message: the layout of the data messages of one local type."""

    global_number: int
    big_endian: bool
    fields: tuple[FieldDefinition, ...]
    size: int
    """Bytes of a data message after its header, developer fields included."""
    offsets: list[int] = field(default_factory=list)
    """Where each of its data messages starts (after the header byte)."""
    order: list[int] = field(default_factory=list)
    """Each message's place among all the file's data messages."""


@dataclass
class Entry:
    """One named field over the messages of one definition: values (float64 with NaN, or an
    object array) and the messages where the name applies (a subfield applies where its
    reference field says so)."""

    name: str
    values: np.ndarray
    where: np.ndarray
    kind: str
    """``number`` (int or float), ``float`` (scaled), ``enum``, ``datetime``, ``bool``,
    ``array`` (one row of values per message), ``object`` (strings, bytes)."""
    enum: dict[int, str] | None = None
    scaled: bool = False


@dataclass
class Block:
    """The messages of one definition, decoded."""

    order: np.ndarray
    entries: list[Entry]


@dataclass
class Decoded:
    """A FIT file's messages by global number, each kind as blocks in file order."""

    blocks: dict[int, list[Block]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def rows(self, number: int) -> list[dict[str, Any]]:
        """The messages of one kind as ``{name: value}``, as fitdecode's fields give them
        (the later of two fields of one name wins, as in a dict built from them)."""
        found: list[tuple[int, dict[str, Any]]] = []
        for block in self.blocks.get(number, []):
            rows: list[dict[str, Any]] = [{} for _ in range(len(block.order))]
            for entry in block.entries:
                for index in np.flatnonzero(entry.where).tolist():
                    rows[index][entry.name] = _python(entry, index)
            found.extend(zip(block.order.tolist(), rows, strict=True))
        found.sort(key=lambda pair: pair[0])
        return [row for _, row in found]

    def columns(self, number: int, names: Iterable[str]) -> dict[str, np.ndarray]:
        """Numeric fields of one kind of message as float arrays in file order (NaN where a
        message lacks the field or its value is invalid); the later of two fields of one name
        wins, as in :meth:`rows`."""
        blocks = self.blocks.get(number, [])
        order = np.concatenate([b.order for b in blocks]) if blocks else np.zeros(0, int)
        sort = np.argsort(order, kind="stable")
        out = {}
        for name in names:
            parts = []
            for block in blocks:
                column = np.full(len(block.order), np.nan)
                for entry in block.entries:
                    if entry.name == name:
                        if entry.kind in ("object", "array"):
                            continue
                        values = entry.values.astype(float)
                        column[entry.where] = values[entry.where]
                parts.append(column)
            out[name] = np.concatenate(parts)[sort] if parts else np.zeros(0)
        return out


def decode(data: bytes, wanted: frozenset[int] | None = None) -> Decoded:
    """The data messages of a FIT file (of the global numbers in ``wanted``, or all). A file
    that is malformed in any way is left to fitdecode, which says what is wrong and where."""
    try:
        return _decode(data, wanted)
    except (IndexError, KeyError, ValueError, struct.error) as error:
        raise UnsupportedFitError(f"malformed: {error}") from error


def _decode(data: bytes, wanted: frozenset[int] | None) -> Decoded:
    buffer = np.frombuffer(data, dtype=np.uint8)
    header_size, data_size = _header(data)
    end = header_size + data_size
    decoded = Decoded()
    if end + 2 < len(data):
        raise UnsupportedFitError("bytes after the file: chained FIT files, or damage")
    definitions = _scan(data, buffer, header_size, min(end, len(data)), decoded)
    _check_crc(data, header_size, end, decoded)
    for definition in definitions:
        if not definition.offsets:
            continue
        if wanted is not None and definition.global_number not in wanted:
            continue
        block = _decode_block(buffer, definition)
        if block is not None:
            decoded.blocks.setdefault(definition.global_number, []).append(block)
    return decoded


def _header(data: bytes) -> tuple[int, int]:
    if len(data) < 12 or data[8:12] != b".FIT":
        raise UnsupportedFitError("not a FIT file")
    header_size = data[0]
    if header_size not in (12, 14) or len(data) < header_size:
        raise UnsupportedFitError(f"a FIT header of {header_size} bytes")
    (data_size,) = struct.unpack_from("<I", data, 4)
    if header_size == 14:
        from speedplay.formats.fit_crc import crc16_reference

        (stored,) = struct.unpack_from("<H", data, 12)
        if stored and crc16_reference(data[:12]) != stored:
            raise UnsupportedFitError("a header checksum that does not match")
    return header_size, data_size


def _check_crc(data: bytes, header_size: int, end: int, decoded: Decoded) -> None:
    from speedplay.formats.fit_crc import crc16

    if end + 2 > len(data):
        raise UnsupportedFitError("a file cut short of its checksum")
    if crc16(np.frombuffer(data, dtype=np.uint8)[: end + 2]) != 0:
        raise UnsupportedFitError("a file checksum that does not match")


def _scan(
    data: bytes, buffer: np.ndarray, position: int, end: int, decoded: Decoded
) -> list[Definition]:
    """Every definition, each with the offsets of its data messages, in one pass."""
    local: dict[int, Definition] = {}
    definitions: list[Definition] = []
    count = 0
    while position < end:
        header = data[position]
        if header & 0x80:
            raise UnsupportedFitError("compressed timestamp headers")
        if header & 0x40:
            definition, position = _definition(data, position, header, end)
            local[header & 0x0F] = definition
            definitions.append(definition)
            continue
        if header & 0x20:
            raise UnsupportedFitError("a data message with the developer flag")
        used = local.get(header & 0x0F)
        if used is None:
            raise UnsupportedFitError(f"local message {header & 0x0F} used before its definition")
        stride = used.size + 1
        run = _run_length(data, buffer, position, stride, header, end)
        if run == 0:
            raise UnsupportedFitError("a data message cut short")
        used.offsets.extend(range(position + 1, position + 1 + run * stride, stride))
        used.order.extend(range(count, count + run))
        count += run
        position += run * stride
    if position > end:
        raise UnsupportedFitError("messages run past the data size")
    return definitions


def _run_length(
    data: bytes, buffer: np.ndarray, position: int, stride: int, header: int, end: int
) -> int:
    """How many data messages of one local type follow each other from ``position`` (whole
    messages only, before ``end``)."""
    fits = (end - position) // stride
    if fits < 2 or data[position + stride] != header:
        return min(fits, 1)  # a lone message (between others): no numpy call for it
    run, probe = 0, RUN_PROBE
    while run < fits:
        take = min(probe, fits - run)
        start = position + run * stride
        heads = buffer[start : start + take * stride : stride]
        differ = np.flatnonzero(heads != header)
        if len(differ):
            return run + int(differ[0])
        run += take
        probe *= 2
    return run


def _definition(data: bytes, position: int, header: int, end: int) -> tuple[Definition, int]:
    if position + 6 > end:
        raise UnsupportedFitError("a definition cut short")
    big_endian = data[position + 2] == 1
    (number,) = struct.unpack_from(">H" if big_endian else "<H", data, position + 3)
    count = data[position + 5]
    cursor = position + 6
    fields = []
    for _ in range(count):
        number_, size, base = data[cursor], data[cursor + 1], data[cursor + 2]
        fields.append(FieldDefinition(number_, size, base))
        cursor += 3
    developer = 0
    if header & 0x20:
        developer_count = data[cursor]
        cursor += 1
        for _ in range(developer_count):
            developer += data[cursor + 1]
            cursor += 3
    if cursor > end:
        raise UnsupportedFitError("a definition cut short")
    size = sum(f.size for f in fields) + developer
    return Definition(number, big_endian, tuple(fields), size), cursor


def _decode_block(buffer: np.ndarray, definition: Definition) -> Block | None:
    offsets = np.asarray(definition.offsets, dtype=np.int64)
    raw = buffer[offsets[:, None] + np.arange(definition.size)]
    message_type = profile.MESSAGE_TYPES.get(definition.global_number)
    order = np.asarray(definition.order, dtype=np.int64)
    values: dict[int, np.ndarray] = {}
    entries: list[Entry] = []
    start = 0
    layout = []
    for field_definition in definition.fields:
        column = raw[:, start : start + field_definition.size]
        start += field_definition.size
        layout.append((field_definition, column))
    for field_definition, column in layout:
        values[field_definition.number] = _raw_values(column, field_definition, definition)
    everyone = np.ones(len(offsets), dtype=bool)
    for field_definition, _ in layout:
        raw_value = values[field_definition.number]
        known = message_type.fields.get(field_definition.number) if message_type else None
        if known is None:
            entries.append(_plain(f"unknown_{field_definition.number}", raw_value, everyone))
            continue
        for variant, where in _variants(known, definition, values, everyone):
            if variant.components:
                entries.extend(_components(variant, message_type, definition, raw_value, where,
                                           values))  # fmt: skip
            entries.append(_rendered(variant, raw_value, where))
    return Block(order, entries)


def _raw_values(column: np.ndarray, field: FieldDefinition, definition: Definition) -> np.ndarray:
    """A field's raw values: float64 with NaN for invalid; an object array of tuples, bytes or
    strings for arrays, byte fields and strings."""
    kind, size, invalid = BASE_TYPES.get(field.base_type, ("u1", 1, 0xFF))
    count = len(column)
    if field.base_type == STRING:
        return np.array([_string(bytes(row)) for row in column], dtype=object)
    if field.size % size:
        raise UnsupportedFitError(f"a field of {field.size} bytes of a {size}-byte type")
    order = ">" if definition.big_endian else "<"
    numbers = np.ascontiguousarray(column).view(f"{order}{kind}").reshape(count, field.size // size)
    if field.base_type == BYTE:  # a tuple of byte values, None when all are invalid
        out = np.empty(count, dtype=object)
        for index, row in enumerate(column.tolist()):
            out[index] = None if all(b == 0xFF for b in row) else tuple(row)
        return out
    floats = numbers.astype(float)  # a float's invalid value, all ones, is a NaN already
    if field.base_type not in FLOATS:
        floats[numbers == invalid] = np.nan
    return floats[:, 0] if numbers.shape[1] == 1 else floats  # an array field: one row each


def _string(raw: bytes) -> str | None:
    text = raw.split(b"\x00", 1)[0]
    return text.decode("utf-8", errors="replace") or None


def _variants(
    known: Any, definition: Definition, values: dict[int, np.ndarray], everyone: np.ndarray
) -> list[tuple[Any, np.ndarray]]:
    """The field, or in the messages whose reference field says so, one of its subfields."""
    if not known.subfields:
        return [(known, everyone)]
    remaining = everyone.copy()
    out = []
    for sub in known.subfields:
        matches = np.zeros(len(everyone), dtype=bool)
        for reference in sub.ref_fields:
            raw = values.get(reference.def_num)
            if raw is not None and raw.dtype != object and raw.ndim == 1:
                matches |= raw == reference.raw_value
        matches &= remaining
        if matches.any():
            out.append((sub, matches))
            remaining &= ~matches
    if remaining.any():
        out.append((known, remaining))
    return out


def _components(
    variant: Any,
    message_type: Any,
    definition: Definition,
    raw_value: np.ndarray,
    where: np.ndarray,
    values: dict[int, np.ndarray],
) -> list[Entry]:
    if raw_value.dtype == object or raw_value.ndim > 1:
        raise UnsupportedFitError("components of an array field")
    entries = []
    for component in variant.components:
        if component.accumulate:
            raise UnsupportedFitError("accumulated components")
        finite = np.isfinite(raw_value)
        integers = np.where(finite, raw_value, 0).astype(np.uint64)
        part = (integers >> np.uint64(component.bit_offset or 0)) & np.uint64(
            (1 << component.bits) - 1
        )
        cmp_raw = np.where(finite, part.astype(float), np.nan)
        target = message_type.fields[component.def_num]
        scaled = _scaled(component, cmp_raw)
        for cmp_variant, cmp_where in _variants(target, definition, values, where):
            entries.append(_typed(cmp_variant, scaled, cmp_where & where, component.scale))
    return entries


def _scaled(field_or_component: Any, raw: np.ndarray) -> np.ndarray:
    """Value / scale - offset, in fitdecode's order (item by item in an array field)."""
    if raw.dtype == object:
        return raw
    out = raw
    if field_or_component.scale:
        out = out / field_or_component.scale
    if field_or_component.offset:
        out = out - field_or_component.offset
    return out


def _rendered(variant: Any, raw_value: np.ndarray, where: np.ndarray) -> Entry:
    return _typed(variant, _scaled(variant, raw_value), where, variant.scale)


def _typed(variant: Any, values: np.ndarray, where: np.ndarray, scale: Any) -> Entry:
    type_name = variant.type.name
    enum = getattr(variant.type, "enum", None)
    if values.dtype == object:
        return Entry(variant.name, values, where, "object")
    if values.ndim > 1:
        return Entry(variant.name, values, where, "array", scaled=bool(scale))
    if type_name == "date_time" or type_name == "local_date_time":
        return Entry(variant.name, values, where, "datetime")
    if type_name == "bool":
        return Entry(variant.name, values, where, "bool")
    if enum:
        return Entry(variant.name, values, where, "enum", enum)
    return Entry(variant.name, values, where, "float" if scale else "number")


def _plain(name: str, values: np.ndarray, where: np.ndarray) -> Entry:
    if values.dtype == object:
        return Entry(name, values, where, "object")
    return Entry(name, values, where, "array" if values.ndim > 1 else "number")


def _python(entry: Entry, index: int) -> Any:
    """One value as fitdecode gives it."""
    value = entry.values[index]
    if entry.kind == "object":
        return value
    if entry.kind == "array":
        return tuple(
            None if v != v else float(v) if entry.scaled or not v.is_integer() else int(v)
            for v in value.tolist()
        )
    if value != value:
        return None
    if entry.kind == "float":
        return float(value)
    number = int(value) if float(value).is_integer() else float(value)
    if entry.kind == "enum" and entry.enum is not None:
        return entry.enum.get(int(value), number)
    if entry.kind == "datetime":
        if value >= DATETIME_MIN:
            return FIT_EPOCH + timedelta(seconds=float(value))
        return number
    if entry.kind == "bool":
        return bool(value)
    return number
