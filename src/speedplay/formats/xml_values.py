"""Numbers and times written as text in XML activity files, read many at once with numpy.

Both functions take a document's bytes and the ``[start, end)`` spans of the texts to read,
and answer ``None`` for any text outside the plain forms below, so that the caller leaves
the file to a full parser rather than read a value differently from it.

Numbers: ``[+-]digits[.digits]`` (or ``.digits``), what devices and apps write. Each is
Python's ``float`` of its text, bit for bit: the digits make an exact integer mantissa ``m``
and ``k`` digits follow the point, and when ``m <= 2**53`` and ``k <= 22`` both ``m`` and
``10**k`` are exact doubles, so one IEEE division rounds ``m / 10**k`` correctly (Clinger,
"How to read floating point numbers accurately", PLDI 1990: the "fast path"). Longer
mantissas (coordinates written to 17 or 30 digits) are left to ``float`` itself.

Times: ``YYYY-MM-DDTHH:MM:SS[.f]`` with one to six decimals, then ``Z``, ``+HH:MM``,
``-HH:MM`` or nothing, as microseconds from 1970 (UTC; a time without an offset taken as
UTC). Days are counted with the days-from-civil algorithm of H. Hinnant ("chrono-compatible
low-level date algorithms", 2013), in integers; a date that does not exist is not plain.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

MAX_DIGITS = 64
"""Longest number text read (bytes); a longer one is not plain."""
EXACT_MANTISSA = 2**53
"""Integers up to this are exact doubles (IEEE 754 binary64 has a 53-bit significand)."""
POWERS = np.array([10**n for n in range(20)], dtype=np.uint64)
DIGIT, DOT, MINUS, PLUS = ord("0"), ord("."), ord("-"), ord("+")
WIDTH = 19
"""Bytes of a number read in integers: 18 digits and a point stay below 2**64."""
COLUMNS_FROM_RIGHT = np.arange(WIDTH)[::-1]
PLACE_VALUES = POWERS[:WIDTH][::-1].copy()
"""The power of ten of each column of a right-aligned number."""


def decimals(data: bytes, start: np.ndarray, end: np.ndarray) -> np.ndarray | None:
    """Each text as a float, NaN for an empty text; None if any is not a plain decimal.

    Up to :data:`WIDTH` bytes, a text is read whole (:func:`_columns`), and its mantissa
    divided by its power of ten: exactly rounded in doubles up to 2**53, in long doubles
    past it (:func:`_extended`). A longer text (coordinates written to 30 digits) lies
    between its first :data:`WIDTH` bytes ``h`` and ``h`` plus one unit of their last place;
    where both ends round to the same double, so does the text (rounding is monotonic).
    What is left, one in thousands, is read by ``float``."""
    values = np.full(len(start), np.nan)
    length = end - start
    filled = np.flatnonzero(length > 0)
    if not len(filled):
        return values
    if length.max() > MAX_DIGITS:
        return None
    start, end, length = start[filled], end[filled], length[filled]
    short = length <= WIDTH
    read = _columns(
        windows(data, np.where(short, end, start + WIDTH), WIDTH), np.minimum(length, WIDTH)
    )
    if read is None:
        return None
    mantissa, places, negative = read
    magnitude = mantissa.astype(np.float64) / 10.0 ** places.astype(np.float64)
    parsed = np.where(negative, -magnitude, magnitude)
    unsettled = ~short | (mantissa > EXACT_MANTISSA)
    wide = np.flatnonzero(short & (mantissa > EXACT_MANTISSA))
    if len(wide) and EXTENDED:
        parsed[wide], settled = _extended(mantissa[wide], places[wide], negative[wide])
        unsettled[wide[settled]] = False
    long = np.flatnonzero(~short)
    if len(long):
        if not _plain_tails(data, start[long] + WIDTH, end[long], places[long] > 0):
            return None
        if EXTENDED:
            low, low_settled = _extended(mantissa[long], places[long], negative[long])
            high, high_settled = _extended(
                mantissa[long] + np.uint64(1), places[long], negative[long]
            )
            settled = low_settled & high_settled & (low == high) & (places[long] > 0)
            parsed[long[settled]] = low[settled]
            unsettled[long[settled]] = False
    rest = np.flatnonzero(unsettled)
    if len(rest):
        texts = [data[a:b] for a, b in zip(start[rest].tolist(), end[rest].tolist(), strict=True)]
        parsed[rest] = [float(text) for text in texts]
    values[filled] = parsed
    return values


def _columns(
    chars: np.ndarray, length: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The mantissa, decimal places and sign of right-aligned numbers of ``length`` bytes;
    None unless each is a plain decimal.

    Each column is a power of ten: taking the point for a zero digit,
    ``T = sum(digit * 10**column)`` is one integer product per row, ``F = T mod 10**k`` its
    ``k`` decimals, and the mantissa ``(T + 9 F) / 10`` (the digits left of the point moved
    one column right)."""
    inside = length[:, None] > COLUMNS_FROM_RIGHT
    digits = chars - np.uint8(DIGIT)
    is_digit = inside & (digits < 10)
    is_dot = inside & (chars == DOT)
    lead = chars[np.arange(len(chars)), WIDTH - length]
    signed = (lead == MINUS) | (lead == PLUS)
    count = is_digit.sum(axis=1)
    dots = is_dot.sum(axis=1)
    if ((length - count - dots - signed != 0) | (count == 0) | (dots > 1)).any():
        return None
    total = np.where(is_digit, digits, 0).astype(np.uint64) @ PLACE_VALUES
    places = np.where(dots > 0, WIDTH - 1 - np.argmax(is_dot, axis=1), 0)
    fraction = total % POWERS[places]
    mantissa = np.where(dots > 0, (total + np.uint64(9) * fraction) // np.uint64(10), total)
    return mantissa, places, lead == MINUS


def _plain_tails(data: bytes, start: np.ndarray, end: np.ndarray, pointed: np.ndarray) -> bool:
    """Whether what follows the first :data:`WIDTH` bytes of long numbers is digits (with
    the point, for a number whose point is not among those bytes)."""
    width = MAX_DIGITS - WIDTH
    chars = windows(data, end, width)
    inside = (end - start)[:, None] > np.arange(width)[::-1]
    digit = (chars - np.uint8(DIGIT)) < 10
    dot = chars == DOT
    dots = (inside & dot).sum(axis=1)
    return bool(((digit | dot | ~inside).all(axis=1) & (dots <= np.where(pointed, 0, 1))).all())


EXTENDED = np.finfo(np.longdouble).nmant >= 63
"""Whether numpy's long double holds a 64-bit mantissa (x87 extended, or quad precision)."""


def _extended(
    mantissa: np.ndarray, places: np.ndarray, negative: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``m / 10**k`` for mantissas past 2**53, and whether each is settled.

    In long double, ``m < 2**64`` and ``10**k`` (k <= 19 < 27) are exact, and the division
    rounds correctly to 64 bits; rounding that again to a double is correct unless the
    first rounding landed exactly halfway between two doubles (double rounding), which is
    seen and left unsettled, for ``float`` to read: about one in two thousand."""
    quotient = mantissa.astype(np.longdouble) / POWERS[places].astype(np.longdouble)
    rounded = quotient.astype(np.float64)
    gap = np.abs(quotient - rounded.astype(np.longdouble))
    halfway = gap == (np.spacing(rounded) / 2).astype(np.longdouble)
    return np.where(negative, -rounded, rounded), ~halfway


def windows(data: bytes, end: np.ndarray, width: int) -> np.ndarray:
    """The ``width`` bytes before each end offset, as rows (zero outside the document)."""
    padded = np.frombuffer(bytes(width) + data + bytes(width), dtype=np.uint8)
    strided = np.lib.stride_tricks.as_strided(
        padded, shape=(len(data) + width + 1, width), strides=(1, 1), writeable=False
    )
    rows: np.ndarray = strided[np.clip(end, 0, len(data) + width)]
    return rows


TIME_SHAPE = b"0000-00-00T00:00:00"
"""Where the digits and separators of a time lie (``0``: a digit)."""
TIME_WIDTH = len(TIME_SHAPE) + 13
"""The longest plain time: six decimals and an offset."""


def times(
    data: bytes, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Each text as microseconds from 1970-01-01 UTC, its UTC offset in minutes, and whether
    it gives one; None if any text is not a plain time."""
    count = len(start)
    if not count:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, bool)
    length = end - start
    if length.min() < len(TIME_SHAPE) or length.max() > TIME_WIDTH:
        return None
    chars = windows(data, start + TIME_WIDTH, TIME_WIDTH).astype(np.int64)
    shape = np.frombuffer(TIME_SHAPE, dtype=np.uint8).astype(np.int64)
    head = chars[:, : len(shape)]
    wanted = shape == DIGIT
    digits = head[:, wanted]
    if ((digits < DIGIT) | (digits > DIGIT + 9)).any():
        return None
    if (head[:, ~wanted] != shape[~wanted]).any():
        return None
    number = head - DIGIT

    def field(first: int, size: int) -> np.ndarray:
        total = np.zeros(count, np.int64)
        for at in range(first, first + size):
            total = total * 10 + number[:, at]
        return total

    year, month, day = field(0, 4), field(5, 2), field(8, 2)
    hour, minute, second = field(11, 2), field(14, 2), field(17, 2)
    if not _valid_dates(year, month, day):
        return None
    if (hour > 23).any() or (minute > 59).any() or (second > 59).any():
        return None
    tail = _tails(chars, length)
    if tail is None:
        return None
    micro, offset, zoned = tail
    seconds = (_days_from_civil(year, month, day) * 24 + hour) * 3600 + minute * 60 + second
    return (seconds - offset * 60) * 1_000_000 + micro, offset, zoned


def _tails(
    chars: np.ndarray, length: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """What follows the seconds: the microseconds of one to six decimals, then the offset in
    minutes and whether there is one (``Z``, ``+HH:MM``, ``-HH:MM``, or nothing)."""
    rows = np.arange(len(chars))
    base = len(TIME_SHAPE)
    padded = np.concatenate([chars, np.zeros((len(chars), 8), np.int64)], axis=1)
    has_fraction = padded[:, base] == DOT
    after = padded[:, base + 1 : base + 8]
    run = np.cumprod((after >= DIGIT) & (after <= DIGIT + 9), axis=1).sum(axis=1)
    places = np.where(has_fraction, run, 0)
    if ((places < 1) & has_fraction).any() or (places > 6).any():
        return None
    micro = np.zeros(len(chars), np.int64)
    for place in range(6):
        micro = micro * 10 + np.where(places > place, after[:, place] - DIGIT, 0)
    zone_at = base + np.where(has_fraction, places + 1, 0)
    zone_length = length - zone_at
    zone = padded[rows, zone_at]
    utc = (zone_length == 1) & (zone == ord("Z"))
    numeric = (zone_length == 6) & ((zone == PLUS) | (zone == MINUS))
    if not (utc | numeric | (zone_length == 0)).all():
        return None
    offset = np.zeros(len(chars), np.int64)
    if numeric.any():
        which = np.flatnonzero(numeric)
        part = padded[which[:, None], zone_at[which, None] + np.arange(6)]
        digits = part[:, [1, 2, 4, 5]]
        if ((digits < DIGIT) | (digits > DIGIT + 9)).any() or (part[:, 3] != ord(":")).any():
            return None
        hours = (part[:, 1] - DIGIT) * 10 + part[:, 2] - DIGIT
        minutes = (part[:, 4] - DIGIT) * 10 + part[:, 5] - DIGIT
        if (hours > 23).any():
            return None
        if (minutes > 59).any():
            return None
        offset[which] = np.where(part[:, 0] == MINUS, -1, 1) * (hours * 60 + minutes)
    return micro, offset, utc | numeric


MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _valid_dates(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> bool:
    if (year < 1).any() or (month < 1).any() or (month > 12).any() or (day < 1).any():
        return False
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    longest = MONTH_DAYS[month] + (leap & (month == 2))
    return bool((day <= longest).all())


def _days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days from 1970-01-01 of a proleptic Gregorian date (Hinnant's ``days_from_civil``)."""
    year = year - (month <= 2)
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    days: np.ndarray = era * 146_097 + day_of_era - 719_468
    return days


def moment(text: str | None) -> datetime | None:
    """One ISO 8601 time as Python reads it (``Z`` for UTC, none taken as UTC), or None."""
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
