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

Compressed timestamp headers, accumulated components and chained files are read too. The
values are fitdecode's, value for value (the tests compare them on every sample file and on
generated ones). What this reader leaves aside (damage: a bad checksum, a cut; ``hr``
messages) raises :class:`UnsupportedFitError`, and the caller reads the file with fitdecode,
which keeps the valid part and says what is wrong.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from fitdecode import profile

from speedplay.formats.fit_crc import crc16, crc16_reference

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
DATETIME_MIN = 0x10000000
"""A ``date_time`` below this is seconds from the device's power-up, not from the epoch."""

LOOKED_AT = 12
"""Messages of a run looked at one by one before numpy compares the rest: most runs between
interruptions are short (a lap, a device message every few seconds)."""

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
    runs: list[tuple[int, int, int, int, int, bool]] = field(default_factory=list)
    """Its data messages, a run at a time: (where the first starts after its header, how
    many, bytes from one to the next, the first's place among all the file's data messages,
    places from one to the next, whether they came with compressed timestamp headers)."""
    last_run: int = 0
    last_cycles: int = 0
    """The length of its last run, and of its last turns with another kind: the first guesses
    at the next ones."""
    _arrays: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Where each message starts, its place in the file, and whether its header was a
        compressed timestamp one: the runs written out, in numpy."""
        if self._arrays is None:
            table = np.array(self.runs, dtype=np.int64).reshape(-1, 6)
            counts = table[:, 1]
            run_of = np.repeat(np.arange(len(table)), counts)
            within = np.arange(int(counts.sum())) - (np.cumsum(counts) - counts)[run_of]
            offsets = table[run_of, 0] + within * table[run_of, 2]
            order = table[run_of, 3] + within * table[run_of, 4]
            self._arrays = (offsets, order, table[run_of, 5].astype(bool))
        return self._arrays


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


def decode(
    data: bytes,
    wanted: frozenset[int] | None = None,
    names: Mapping[int, frozenset[str]] | None = None,
) -> Decoded:
    """The data messages of a FIT file (of the global numbers in ``wanted``, or all). Of a
    message number in ``names``, only the fields of those names are decoded (each field costs
    a few numpy calls, whatever the number of messages: a reader that needs five fields of a
    lap need not pay for forty). A file that is malformed in any way is left to fitdecode,
    which says what is wrong and where."""
    try:
        return _decode(data, wanted, names or {})
    except (IndexError, KeyError, ValueError, struct.error) as error:
        raise UnsupportedFitError(f"malformed: {error}") from error


def _decode(
    data: bytes, wanted: frozenset[int] | None, names: Mapping[int, frozenset[str]]
) -> Decoded:
    buffer = np.frombuffer(data, dtype=np.uint8)
    definitions: list[Definition] = []
    file_starts: list[int] = []
    position = count = 0
    while True:  # chained FIT files: one after another, each with its header and checksum
        header_size, data_size = _header(data, position)
        end = position + header_size + data_size
        file_starts.append(count)
        count = _scan(data, buffer, position + header_size, min(end, len(data)), count,
                      definitions)  # fmt: skip
        _check_crc(buffer, position, end)
        position = end + 2
        if position >= len(data):
            break
        if data[position + 8 : position + 12] != b".FIT":
            raise UnsupportedFitError("bytes after the file that are not another FIT file")
    chosen = [d for d in definitions if wanted is None or d.global_number in wanted]
    if any(d.global_number == profile.MESG_NUM_HR for d in chosen):
        raise UnsupportedFitError("hr messages (their event times count from another message)")
    accumulating = [d.global_number for d in chosen if d.runs and _accumulates(d)]
    if len(accumulating) != len(set(accumulating)):
        raise UnsupportedFitError("accumulated fields over several definitions of one message")
    compressed = _compressed_timestamps(buffer, definitions, count, file_starts)
    decoded = Decoded()
    for definition in chosen:
        if not definition.runs:
            continue
        block = _decode_block(buffer, definition, compressed, names.get(definition.global_number))
        decoded.blocks.setdefault(definition.global_number, []).append(block)
    return decoded


def _accumulates(definition: Definition) -> bool:
    """Whether a definition holds a field with an accumulated component (whose count runs
    across the messages of the definition)."""
    message_type = profile.MESSAGE_TYPES.get(definition.global_number)
    if message_type is None:
        return False
    for field_definition in definition.fields:
        known = message_type.fields.get(field_definition.number)
        variants = [known, *(known.subfields or ())] if known is not None else []
        if any(c.accumulate for v in variants for c in (v.components or ())):
            return True
    return False


def _compressed_timestamps(
    buffer: np.ndarray, definitions: list[Definition], count: int, file_starts: list[int]
) -> np.ndarray | None:
    """The timestamp of each message that came with a compressed timestamp header (FIT
    protocol, "Compressed Timestamp Header"): its 5-bit offset rolled onto the last timestamp
    before it, the last full one or the last compressed one (NaN elsewhere); None when no
    message has such a header. Each chained file starts from 0, as fitdecode does."""
    if not any(run[5] for d in definitions for run in d.runs):
        return None
    full = np.full(count, np.nan)
    offsets = np.full(count, -1, dtype=np.int64)
    for definition in definitions:
        if not definition.runs:
            continue
        starts, order, flags = definition.arrays()
        stamp = _timestamp_field(buffer, definition)
        if stamp is not None:
            full[order] = stamp
        if flags.any():
            if stamp is not None:
                raise UnsupportedFitError("a compressed header on a message with a timestamp")
            offsets[order[flags]] = buffer[starts[flags] - 1] & 0x1F
    out = np.full(count, np.nan)
    resets = set(file_starts)
    accumulator = 0
    relevant = np.flatnonzero(np.isfinite(full) | (offsets >= 0)).tolist()
    for index in sorted(resets.union(relevant)):
        if index in resets:
            accumulator = 0
        if full[index] == full[index]:
            accumulator = int(full[index])
        offset = int(offsets[index])
        if offset >= 0:
            stamp_value = offset + (accumulator & ~0x1F)
            if offset < (accumulator & 0x1F):
                stamp_value += 0x20
            accumulator = stamp_value
            out[index] = stamp_value
    return out


def _timestamp_field(buffer: np.ndarray, definition: Definition) -> np.ndarray | None:
    """The raw ``timestamp`` (field 253) of a definition's messages, NaN where invalid."""
    start = 0
    for field_definition in definition.fields:
        if field_definition.number == 253 and field_definition.size == 4:
            offsets = definition.arrays()[0] + start
            raw = buffer[offsets[:, None] + np.arange(4)]
            order = ">" if definition.big_endian else "<"
            values = np.ascontiguousarray(raw).view(f"{order}u4")[:, 0].astype(float)
            values[values == 0xFFFFFFFF] = np.nan
            return values
        start += field_definition.size
    return None


def _header(data: bytes, position: int) -> tuple[int, int]:
    if len(data) < position + 12 or data[position + 8 : position + 12] != b".FIT":
        raise UnsupportedFitError("not a FIT file")
    header_size = data[position]
    if header_size not in (12, 14) or len(data) < position + header_size:
        raise UnsupportedFitError(f"a FIT header of {header_size} bytes")
    (data_size,) = struct.unpack_from("<I", data, position + 4)
    if header_size == 14:
        (stored,) = struct.unpack_from("<H", data, position + 12)
        if stored and crc16_reference(data[position : position + 12]) != stored:
            raise UnsupportedFitError("a header checksum that does not match")
    return header_size, data_size


def _check_crc(buffer: np.ndarray, position: int, end: int) -> None:
    if end + 2 > len(buffer):
        raise UnsupportedFitError("a file cut short of its checksum")
    if crc16(buffer[position : end + 2]) != 0:
        raise UnsupportedFitError("a file checksum that does not match")


def _scan(
    data: bytes,
    buffer: np.ndarray,
    position: int,
    end: int,
    count: int,
    definitions: list[Definition],
) -> int:
    """Every definition (into ``definitions``), each with the offsets of its data messages,
    in one pass; the number of data messages so far."""
    local: dict[int, Definition] = {}
    while position < end:
        header = data[position]
        if header & 0x80:  # compressed timestamp header: local type in bits 5-6
            used, mask = local.get((header >> 5) & 0x03), 0xE0
        elif header & 0x40:
            definition, position = _definition(data, position, header, end)
            local[header & 0x0F] = definition
            definitions.append(definition)
            continue
        elif header & 0x20:
            raise UnsupportedFitError("a data message with the developer flag")
        else:
            used, mask = local.get(header & 0x0F), 0xFF
        if used is None:
            raise UnsupportedFitError("a local message used before its definition")
        stride = used.size + 1
        run = _run_length(data, buffer, position, stride, header, mask, end, 2 * used.last_run)
        if run == 0:
            raise UnsupportedFitError("a data message cut short")
        if run == 1:  # two kinds taking turns (a record, then its hrv, every second)?
            pair = _pair(data, local, position + stride, end)
            if pair is not None and _turns_again(data, position, stride, pair, header, mask):
                other, other_mask = pair
                period = stride + other.size + 1
                cycles = _cycles(data, buffer, position, period, (0, stride),
                                 (header & mask, data[position + stride] & other_mask),
                                 (mask, other_mask), end, 2 * used.last_cycles)  # fmt: skip
                used.last_cycles = cycles
                if cycles >= 2:
                    for kind, shift, flag in ((used, 0, mask == 0xE0),
                                              (other, stride, other_mask == 0xE0)):  # fmt: skip
                        place = count + (shift > 0)
                        kind.runs.append((position + shift + 1, cycles, period, place, 2, flag))
                    count += 2 * cycles
                    position += cycles * period
                    continue
        used.runs.append((position + 1, run, stride, count, 1, mask == 0xE0))
        used.last_run = run
        count += run
        position += run * stride
    if position > end:
        raise UnsupportedFitError("messages run past the data size")
    return count


def _pair(
    data: bytes, local: dict[int, Definition], position: int, end: int
) -> tuple[Definition, int] | None:
    """The definition and header mask of the data message at ``position``, if it is one."""
    if position >= end:
        return None
    header = data[position]
    if header & 0x80:
        found, mask = local.get((header >> 5) & 0x03), 0xE0
    elif header & 0x60:
        return None  # a definition, or a reserved flag
    else:
        found, mask = local.get(header & 0x0F), 0xFF
    return None if found is None else (found, mask)


def _turns_again(
    data: bytes,
    position: int,
    stride: int,
    pair: tuple[Definition, int],
    header: int,
    mask: int,
) -> bool:
    """Whether the two messages from ``position`` come again right after (a quick look
    before the numpy comparison of every cycle)."""
    other, other_mask = pair
    period = stride + other.size + 1
    after = position + period
    return (
        after + stride < len(data)
        and data[after] & mask == header & mask
        and data[after + stride] & other_mask == data[position + stride] & other_mask
    )


def _cycles(
    data: bytes,
    buffer: np.ndarray,
    position: int,
    period: int,
    shifts: tuple[int, int],
    heads: tuple[int, int],
    masks: tuple[int, int],
    end: int,
    guess: int = RUN_PROBE,
) -> int:
    """How many whole cycles of two messages (at ``shifts`` within each ``period`` bytes,
    their headers ``heads`` under ``masks``) follow each other from ``position``; the first
    comparison covers ``guess`` cycles, as in :func:`_run_length`."""
    fits = (end - position) // period
    (first_shift, second_shift), (first_head, second_head) = shifts, heads
    first_mask, second_mask = masks
    run, cursor = 0, position
    looked = min(fits, LOOKED_AT)
    while (
        run < looked
        and data[cursor + first_shift] & first_mask == first_head
        and data[cursor + second_shift] & second_mask == second_head
    ):  # a few cycles: cheaper in Python
        run, cursor = run + 1, cursor + period
    if run < looked or run == fits:
        return run
    probe = max(RUN_PROBE, guess)
    while run < fits:
        take = min(probe, fits - run)
        start = position + run * period
        differ = np.zeros(take, dtype=bool)
        for shift, head, mask in zip(shifts, heads, masks, strict=True):
            found = buffer[start + shift : start + shift + take * period : period][:take]
            differ |= (found & mask) != head
        first = int(differ.argmax())
        if differ[first]:
            return run + first
        run += take
        probe *= 2
    return run


def _run_length(
    data: bytes,
    buffer: np.ndarray,
    position: int,
    stride: int,
    header: int,
    mask: int,
    end: int,
    guess: int = RUN_PROBE,
) -> int:
    """How many data messages of one local type follow each other from ``position`` (whole
    messages only, before ``end``): headers equal to ``header`` under ``mask`` (a compressed
    timestamp header carries a time offset that changes from message to message). The first
    comparison covers ``guess`` messages (the last run of this kind, doubled): runs between
    the same interruptions tend to be alike, so one comparison usually settles it."""
    fits = (end - position) // stride
    wanted = header & mask
    if fits < 2 or data[position + stride] & mask != wanted:
        return min(fits, 1)  # a lone message (between others): no numpy call for it
    run, cursor = 2, position + 2 * stride
    looked = min(fits, LOOKED_AT)
    while run < looked and data[cursor] & mask == wanted:  # a short run: cheaper in Python
        run, cursor = run + 1, cursor + stride
    if run < looked or run == fits:
        return run
    probe = max(RUN_PROBE, guess)
    while run < fits:
        take = min(probe, fits - run)
        start = position + run * stride
        differ = (buffer[start : start + take * stride : stride] & mask) != wanted
        first = int(differ.argmax())
        if differ[first]:
            return run + first
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


def _decode_block(
    buffer: np.ndarray,
    definition: Definition,
    compressed: np.ndarray | None,
    names: frozenset[str] | None = None,
) -> Block:
    offsets, order, flags = definition.arrays()
    raw = _gathered(buffer, definition, offsets)
    message_type = profile.MESSAGE_TYPES.get(definition.global_number)
    kept, read = _fields_to_decode(definition, names)
    values: dict[int, np.ndarray] = {}
    entries: list[Entry] = []
    numbers = _numbers(raw, definition)
    start = 0
    for index, field_definition in enumerate(definition.fields):
        if field_definition.number in read:
            column = raw[:, start : start + field_definition.size]
            values[field_definition.number] = _raw_values(
                column, numbers.get(index), field_definition, definition
            )
        start += field_definition.size
    everyone = np.ones(len(offsets), dtype=bool)
    for field_definition in definition.fields:
        if field_definition.number not in kept:
            continue
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
    if compressed is not None and flags.any():  # fitdecode adds it after the fields
        entries.append(_typed(profile.FIELD_TYPE_TIMESTAMP, compressed[order], flags, None))
    return Block(order, entries)


VIEWED_RUN = 4
"""A definition whose runs hold this many messages on average is gathered a run at a time (a
strided view of the file each, copied once); one of shorter runs by one index array over
every byte it needs (a view costs a microsecond or two, an indexed byte a few nanoseconds)."""


def _gathered(buffer: np.ndarray, definition: Definition, offsets: np.ndarray) -> np.ndarray:
    """The bytes of each data message of a definition after its header, a row each, in the
    order of ``offsets``."""
    size = definition.size
    if len(offsets) < VIEWED_RUN * len(definition.runs):
        return buffer[offsets[:, None] + np.arange(size)]
    views = [
        np.ndarray((count, size), dtype=np.uint8, buffer=buffer, offset=start, strides=(step, 1))
        for start, count, step, *_ in definition.runs
    ]
    return np.concatenate(views) if len(views) > 1 else views[0].copy()


def _fields_to_decode(
    definition: Definition, names: frozenset[str] | None
) -> tuple[frozenset[int], frozenset[int]]:
    """Of a definition's fields, those to decode (all, without ``names``), and those whose raw
    values that takes (theirs, and those their subfields refer to)."""
    numbers = tuple(f.number for f in definition.fields)
    if names is None:
        return frozenset(numbers), frozenset(numbers)
    return _wanted_fields(definition.global_number, numbers, names)


@functools.cache
def _wanted_fields(
    global_number: int, numbers: tuple[int, ...], names: frozenset[str]
) -> tuple[frozenset[int], frozenset[int]]:
    message_type = profile.MESSAGE_TYPES.get(global_number)
    if message_type is None:
        return frozenset(), frozenset()
    kept, read = set(), set()
    for number in numbers:
        known = message_type.fields.get(number)
        if known is None or not _gives_any(known, message_type, names):
            continue
        kept.add(number)
        read.add(number)
        read.update(r.def_num for sub in known.subfields or () for r in sub.ref_fields)
    return frozenset(kept), frozenset(read)


def _gives_any(known: Any, message_type: Any, names: frozenset[str]) -> bool:
    """Whether a profile field gives any of ``names``: as itself, as one of its subfields, or
    through its components (``speed`` gives ``enhanced_speed``)."""
    for variant in (known, *(known.subfields or ())):
        if variant.name in names:
            return True
        for component in variant.components or ():
            target = message_type.fields.get(component.def_num)
            if target is not None and any(
                v.name in names for v in (target, *(target.subfields or ()))
            ):
                return True
    return False


def _numbers(raw: np.ndarray, definition: Definition) -> dict[int, np.ndarray]:
    """Every numeric field of the messages at once, by its place in the definition: the
    gathered bytes seen through one structured dtype built from the definition."""
    order = ">" if definition.big_endian else "<"
    names, formats, offsets = [], [], []
    start = 0
    for index, field_definition in enumerate(definition.fields):
        kind, size, _ = BASE_TYPES.get(field_definition.base_type, ("", 1, None))
        numeric = kind and field_definition.base_type not in (STRING, BYTE)
        if numeric and field_definition.size % size == 0:
            count = field_definition.size // size
            names.append(f"f{index}")
            formats.append((f"{order}{kind}", (count,)))
            offsets.append(start)
        start += field_definition.size
    if not names or len(raw) == 0:
        return {}
    layout = np.dtype(
        {"names": names, "formats": formats, "offsets": offsets, "itemsize": definition.size}
    )
    structured = raw.view(layout)[:, 0]
    return {int(name[1:]): structured[name] for name in names}


def _raw_values(
    column: np.ndarray,
    numbers: np.ndarray | None,
    field: FieldDefinition,
    definition: Definition,
) -> np.ndarray:
    """A field's raw values: float64 with NaN for invalid (a row each for an array field);
    an object array of tuples or strings for byte fields and strings."""
    _, size, invalid = BASE_TYPES.get(field.base_type, ("u1", 1, 0xFF))
    count = len(column)
    if field.base_type == STRING:
        return np.array([_string(bytes(row)) for row in column], dtype=object)
    if field.base_type == BYTE:  # a tuple of byte values, None when all are invalid
        out = np.empty(count, dtype=object)
        for index, row in enumerate(column.tolist()):
            out[index] = None if all(b == 0xFF for b in row) else tuple(row)
        return out
    if numbers is None:
        raise UnsupportedFitError(f"a field of {field.size} bytes of a {size}-byte type")
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
    """The fields a field's bits expand into (``speed`` -> ``enhanced_speed``; the speed and
    distance packed in ``compressed_speed_distance``), each with its own scale and offset."""
    if raw_value.ndim > 1:
        raise UnsupportedFitError("components of an array field")
    entries = []
    for component in variant.components:
        numbers = _component_source(raw_value, component)
        if numbers is None:
            continue
        finite = np.isfinite(numbers)
        integers = np.where(finite, numbers, 0).astype(np.uint64)
        mask = np.uint64((1 << component.bits) - 1)
        part = (integers >> np.uint64(component.bit_offset or 0)) & mask
        if component.accumulate:
            part = _accumulated(part, finite, component.bits)
        cmp_raw = np.where(finite, part.astype(float), np.nan)
        target = message_type.fields[component.def_num]
        scaled = _scaled(component, cmp_raw)
        for cmp_variant, cmp_where in _variants(target, definition, values, where):
            entries.append(_typed(cmp_variant, scaled, cmp_where & where, component.scale))
    return entries


def _component_source(raw_value: np.ndarray, component: Any) -> np.ndarray | None:
    """The raw values as numbers: a byte array read as one little-endian number (NaN where
    invalid); None when the component lies beyond the bytes (fitdecode skips it)."""
    if raw_value.dtype != object:
        return raw_value
    numbers = np.full(len(raw_value), np.nan)
    for index, item in enumerate(raw_value):
        if isinstance(item, tuple):
            if component.bit_offset and component.bit_offset >= len(item) * 8:
                return None
            numbers[index] = float(int.from_bytes(bytes(item), "little"))
        elif item is not None:
            raise UnsupportedFitError("components of a string field")
    return numbers


def _accumulated(part: np.ndarray, valid: np.ndarray, bits: int) -> np.ndarray:
    """An accumulated component unrolled: each value is the last one plus its step modulo
    ``2**bits`` (FIT protocol, "Accumulated fields"; the count starts at 0 at the
    definition, as fitdecode's does)."""
    out = part.copy()
    kept = part[valid].astype(np.int64)
    if len(kept):
        steps = np.empty_like(kept)
        steps[0] = kept[0]
        steps[1:] = np.mod(np.diff(kept), 1 << bits)
        out[valid] = np.cumsum(steps).astype(np.uint64)
    return out


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
