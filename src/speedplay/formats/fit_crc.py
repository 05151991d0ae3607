"""The FIT file checksum (CRC-16/ARC: reflected polynomial 0xA001, initial value 0), computed
a block at a time with numpy.

A CRC is sequential, one byte after another, and a Python loop over a 3 MB file takes most of
a second. But with an initial value of 0 the CRC is linear over GF(2): the checksum of ``A``
followed by ``B`` is the checksum of ``A`` pushed through ``len(B)`` zero bytes, XOR the
checksum of ``B``. So the file is cut into equal blocks whose checksums are computed side by
side (one numpy step per byte position, all blocks at once), then folded together, each fold
a pass through ``len(block)`` zero bytes, which is itself linear: two 256-entry tables.
The FIT SDK's byte-at-a-time table (FIT protocol document, "CRC") is kept as the reference
the tests hold this to.
"""

from __future__ import annotations

import functools

import numpy as np

POLYNOMIAL = 0xA001
MIN_LANES = 256
MAX_LANES = 16384
"""Blocks computed side by side: from 256 (smaller inputs go a byte at a time) up to 16,384."""


def _byte_table() -> np.ndarray:
    table = np.zeros(256, dtype=np.uint16)
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ POLYNOMIAL if crc & 1 else crc >> 1
        table[byte] = crc
    return table


TABLE = _byte_table()
"""The checksum of each byte value from a zero state: one byte is ``TABLE[(crc ^ b) & 0xFF]
^ (crc >> 8)``."""


def _word_table() -> np.ndarray:
    states = np.arange(1 << 16, dtype=np.uint32)
    for _ in range(2):
        states = TABLE[states & 0xFF].astype(np.uint32) ^ (states >> 8)
    return states.astype(np.uint16)


WORD_TABLE = _word_table()
"""Two bytes at once: a 16-bit state is all shifted out by two bytes, so the checksum after
bytes ``b0, b1`` is ``WORD_TABLE[crc ^ (b0 | b1 << 8)]``."""


def crc16_reference(data: bytes, crc: int = 0) -> int:
    """The checksum a byte at a time, as the FIT SDK computes it."""
    for byte in data:
        crc = int(TABLE[(crc ^ byte) & 0xFF]) ^ (crc >> 8)
    return crc


def crc16(data: bytes | np.ndarray) -> int:
    """The FIT checksum of ``data``; 0 over a file whose last two bytes are its checksum."""
    buffer = np.frombuffer(data, dtype=np.uint8) if isinstance(data, bytes | bytearray) else data
    size = len(buffer)
    lanes = _lanes(size)
    if lanes == 0:
        return crc16_reference(buffer.tobytes())
    length = -(-size // (2 * lanes)) * 2  # whole 16-bit words
    padded = np.zeros(length * lanes, dtype=np.uint8)
    padded[length * lanes - size :] = buffer  # zeros in front leave a zero state at zero
    words = padded.view("<u2").reshape(lanes, length // 2)
    states = np.zeros(lanes, dtype=np.uint16)
    for step in range(length // 2):  # every block two bytes further, side by side
        # a strided read: each block's next word sits in the cache line the last one
        # brought in (a transposed copy first costs more than it saves: a 3 MB file's CRC
        # took 7.5 ms with one, 4.6 ms without)
        states = WORD_TABLE[states ^ words[:, step]]
    for low, high in _fold_tables(length, lanes.bit_length() - 1):
        # fold neighbours: the left one pushed through the right one's length of zero bytes
        states = (low[states[0::2] & 0xFF] ^ high[states[0::2] >> 8]) ^ states[1::2]
    return int(states[0])


def _lanes(size: int) -> int:
    """Blocks side by side (a power of two, for the fold): about as many as each is long,
    so that neither the byte loop nor the blocks' width dominates; 0 for a small input."""
    if size < 4 * MIN_LANES:
        return 0
    lanes = MIN_LANES
    while lanes * lanes < size * 64 and lanes < MAX_LANES:
        lanes *= 2
    return lanes


@functools.lru_cache(maxsize=256)
def _fold_tables(length: int, levels: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """The zero-byte maps of each fold: ``length`` bytes, then twice that, and so on. Files of
    about the same size share them, so an archive computes them once."""
    tables = [_zero_bytes_tables(length)]
    for _ in range(levels - 1):
        tables.append(_twice(*tables[-1]))
    return tuple(tables)


def _zero_bytes_tables(count: int) -> tuple[np.ndarray, np.ndarray]:
    """Where ``count`` zero bytes take each state, split by its low and high byte (the map is
    linear, so a state's image is the XOR of its two halves' images); built by squaring."""
    states = np.arange(256, dtype=np.uint16)
    low, high = _one_zero_byte(states), _one_zero_byte((states << 8).astype(np.uint16))
    result_low, result_high = states.copy(), (states << 8).astype(np.uint16)  # identity
    while count:
        if count & 1:
            result_low = low[result_low & 0xFF] ^ high[result_low >> 8]
            result_high = low[result_high & 0xFF] ^ high[result_high >> 8]
        low, high = _twice(low, high)
        count >>= 1
    return result_low, result_high


def _one_zero_byte(states: np.ndarray) -> np.ndarray:
    out: np.ndarray = TABLE[states & 0xFF] ^ (states >> 8)
    return out


def _twice(low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The map applied twice."""
    return low[low & 0xFF] ^ high[low >> 8], low[high & 0xFF] ^ high[high >> 8]
