"""The elements of a plain XML document as numpy columns, found in a few passes over its bytes.

A one-hour TCX file is two megabytes of XML holding some twenty thousand numbers; building a
tree of it (lxml, gpxpy) and walking it in Python takes 100-150 ms, fifty times what the FIT
reader needs for the same run. The activity readers only need, for each element, its name,
where it lies and what text it holds, so this module finds exactly that with numpy:

1. every ``<`` and ``>`` of the document (one comparison each over the bytes), paired into
   tags; the byte after ``<`` tells an end tag, a declaration, a start tag;
2. each tag's name: the end of a name is ``>`` (or ``/>``), or its first blank when the tag
   holds attributes (a ``=`` inside it); its local part begins after its ``:``; names are
   compared eight bytes at a time through an unaligned ``uint64`` view of the document;
3. depth by a cumulative sum of +1 (start tag) and -1 (end tag); start and end tags paired
   by a stable sort on depth (at each depth they alternate), their names checked equal;
4. each element's parent: the last element one level up that begins before it; its
   namespace: its own declaration, else its parent's, level by level from the root;
5. attributes: each tag's checked well formed (quoted, no name twice, prefixes declared),
   the ``name="value"`` tags all at once, the others one regular expression each.

It reads *plain* documents only, which is what watches and apps write: UTF-8, no comments,
CDATA, DOCTYPE, processing instructions or entity references, no ``<`` or ``>`` inside
attribute values. Anything else makes :func:`scan` return ``None``, and the caller reads the
file with a full XML parser instead, so that what the two readers make of a file never
differs (held equal to lxml's tree by tests on generated documents, whole and damaged).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import numpy as np

from speedplay.formats import xml_values

LT, GT, SLASH, QUESTION, BANG, COLON, EQUALS, QUOTE = (ord(c) for c in '<>/?!:="')
XMLNS = int.from_bytes(b"xmlns", "little")
MAX_NAME = 32
"""Longest tag name read (bytes, prefix included); a longer one leaves the file to the parser."""
MAX_DEPTH = 255
"""lxml refuses documents nested deeper than 256 without ``huge_tree``."""
DECLARATION = re.compile(
    rb"""<\?xml\s+version\s*=\s*(["'])1\.\d+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\2)?"""
    rb"""(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>"""
)
ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
MASKS = np.array([(1 << (8 * n)) - 1 for n in range(9)], dtype=np.uint64)
"""The low ``n`` bytes of a little-endian word."""
ATTRIBUTE = re.compile(rb"""\s([\w:.-]+)\s*=\s*(["'])(.*?)\2""", re.S)
ATTRIBUTES = re.compile(
    rb"""<[^\s/>]+(?:\s+([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*=\s*(?:"[^"<]*"|'[^'<]*')"""
    rb"""(?!(?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s+\1\s*=))*\s*/?>"""
)
"""A start tag with well-formed attributes, no name twice (the lookahead at each attribute
refuses one named again later)."""
BLANKS_TO_SPACES = bytes.maketrans(b"\t\r\n", b"   ")
PLAIN_ENCODINGS = frozenset({b"utf-8", b"utf8", b"us-ascii", b"ascii"})


@dataclass(frozen=True)
class Elements:
    """A document's elements in document order (index 0 is the root), one array each."""

    data: bytes
    """The document, a UTF-8 byte order mark removed; offsets below are into it."""
    name: np.ndarray
    """Index of the element's local name in the vocabulary :func:`scan` was given; -1 else."""
    start: np.ndarray
    """Offset of the ``<`` of the start tag."""
    text_start: np.ndarray
    """Offset just after the start tag's ``>``."""
    end: np.ndarray
    """Offset of the ``<`` of the end tag (``text_start`` for an empty-element tag)."""
    depth: np.ndarray
    """The root is at depth 1."""
    parent: np.ndarray
    """Index of the parent element; -1 for the root."""
    leaf: np.ndarray
    """Whether the element holds text only (no child element), so that its text is
    ``data[text_start:end]``; an empty-element tag is a leaf with no text."""
    namespace: np.ndarray
    """Index in ``uris`` of the namespace of the element's name; -1 for none."""
    uris: tuple[bytes, ...]
    """The namespace names (URIs) the document declares."""

    def in_namespace(self, uri: bytes) -> np.ndarray:
        """Per element, whether its name is in namespace ``uri``."""
        if uri not in self.uris:
            return np.zeros(len(self.name), dtype=bool)
        same: np.ndarray = self.namespace == self.uris.index(uri)
        return same

    def text(self, element: int) -> bytes:
        return self.data[self.text_start[element] : self.end[element]]

    def start_tag(self, element: int) -> bytes:
        return self.data[self.start[element] : self.text_start[element]]


def attribute(tag: bytes, name: str) -> str | None:
    """The value of one attribute of a start tag as an XML parser gives it (line ends and
    blanks made spaces), None if the tag has none of that name. For few tags: the readers
    ask this of the root, activities and laps, never of each point."""
    for found, _, value in ATTRIBUTE.findall(tag):
        if found.decode() == name:
            text: bytes = value.replace(b"\r\n", b" ").translate(BLANKS_TO_SPACES)
            return text.decode()
    return None


def scan(data: bytes, vocabulary: tuple[bytes, ...]) -> Elements | None:
    """The elements of ``data``, their local names looked up in ``vocabulary``; ``None`` for
    a document outside what this reads (see the module's docstring)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    view = np.frombuffer(data, dtype=np.uint8)
    if not _plain(data, view):
        return None
    tags = _tags(data, view)
    if tags is None:
        return None
    lt, gt, kind = tags
    padded = np.frombuffer(data + bytes(MAX_NAME + 8), dtype=np.uint8)
    words = np.ndarray((len(data) + MAX_NAME,), dtype="<u8", buffer=padded.data, strides=(1,))
    is_element = kind != CLOSE
    if not is_element.any():
        return None
    starts, element_gt = lt[is_element], gt[is_element]
    names = _start_names(view, words, starts, element_gt, kind[is_element] == EMPTY)
    if names is None:
        return None
    nesting = _nesting(words, lt, gt, kind, names)
    if nesting is None:
        return None
    ends, depth = nesting
    levels = [np.flatnonzero(depth == level) for level in range(1, int(depth.max()) + 1)]
    parent = _parents(starts, levels)
    attributes = _attributes(data, view, words, starts, element_gt, names)
    if attributes is None:
        return None
    found = _namespaces(attributes, names.prefix, parent, levels)
    if found is None:
        return None
    following = np.append(starts[1:], len(data))
    return Elements(
        data=data,
        name=_lookup(words, names, vocabulary),
        start=starts,
        text_start=element_gt + 1,
        end=ends,
        depth=depth,
        parent=parent,
        leaf=following >= ends,
        namespace=found[0],
        uris=found[1],
    )


def _plain(data: bytes, view: np.ndarray) -> bool:
    """No entity reference, no control character but blanks; UTF-8 or ASCII."""
    if b"&" in data:
        return False
    declared = ENCODING.match(data)
    if declared and declared.group(1).lower() not in PLAIN_ENCODINGS:
        return False
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
    control = view[view < 32]
    return bool(((control == 10) | (control == 13) | (control == 9)).all())


OPEN, EMPTY, CLOSE = 1, 0, -1


def _tags(data: bytes, view: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The offsets of ``<`` and ``>`` of each tag in document order, and its kind (OPEN,
    EMPTY, CLOSE), the XML declaration set aside; None unless each ``<`` is closed by a ``>``
    before the next ``<`` and nothing but blanks lies outside the root."""
    lt = np.flatnonzero(view == LT)
    gt = np.flatnonzero(view == GT)
    if len(lt) < 2 or len(lt) != len(gt):
        return None
    if not ((lt < gt).all() and (gt[:-1] < lt[1:]).all()):
        return None
    if data[: lt[0]].strip() or data[gt[-1] + 1 :].strip():
        return None
    after = view[lt + 1]
    if ((after == BANG) | (after == QUESTION))[1:].any():
        return None  # a comment, CDATA section, DOCTYPE or processing instruction
    if after[0] == BANG:
        return None
    if after[0] == QUESTION:
        if lt[0] != 0 or not DECLARATION.fullmatch(data, 0, int(gt[0]) + 1):
            return None
        if data[gt[0] + 1 : lt[1]].strip():
            return None
        lt, gt, after = lt[1:], gt[1:], after[1:]
    kind = np.where(after == SLASH, CLOSE, np.where(view[gt - 1] == SLASH, EMPTY, OPEN))
    return lt, gt, kind.astype(np.int8)


@dataclass(frozen=True)
class _Names:
    """The names of the start tags."""

    start: np.ndarray
    end: np.ndarray
    local_start: np.ndarray
    """Where the local part begins: after the ``:`` of a prefixed name."""
    prefix: np.ndarray
    """The prefix as a little-endian word (0: none)."""
    with_attributes: np.ndarray
    """The tags that hold attributes (a ``=`` inside)."""
    fingerprint: np.ndarray
    """``(n, 3)``: length, first and last eight bytes (see :func:`_fingerprints`)."""


def _start_names(
    view: np.ndarray, words: np.ndarray, lt: np.ndarray, gt: np.ndarray, empty: np.ndarray
) -> _Names | None:
    """The name of each start tag; None for a name empty, longer than :data:`MAX_NAME`, not
    led by a letter or ``_``, holding a byte no name holds, or with a ``:`` that does not
    split it in two.

    A tag without ``=`` holds no attribute: its name runs to its ``>`` (``/>``); the few
    with attributes are looked at byte by byte for the blank that ends their name."""
    start, end = lt + 1, gt - empty
    equals = np.flatnonzero(view == EQUALS)
    with_attributes = np.flatnonzero(np.searchsorted(equals, gt) > np.searchsorted(equals, lt))
    if len(with_attributes):
        reach = view[np.minimum(start[with_attributes, None] + SPAN, len(view) - 1)]
        blank = (reach == 32) | (reach == 9) | (reach == 10) | (reach == 13)
        if not blank.any(axis=1).all():
            return None
        end[with_attributes] = start[with_attributes] + np.argmax(blank, axis=1)
    length = end - start
    if length.min() < 1 or length.max() > MAX_NAME:
        return None
    lead = view[start] | 32  # lower case; "_" becomes 127
    if not ((lead >= 127) | ((lead >= 97) & (lead <= 122))).all():
        return None
    fingerprint = _fingerprints(words, start, end)
    colon = _colon(np.ascontiguousarray(fingerprint[:, 1]), words, start, length)
    if colon is None:
        return None
    prefixed = np.flatnonzero(colon >= 0)
    prefix = np.zeros(len(start), dtype=np.uint64)
    if len(prefixed):
        if colon[prefixed].max() > 8:
            return None
        prefix[prefixed] = words[start[prefixed]] & MASKS[colon[prefixed]]
    local_start = np.where(colon >= 0, start + colon + 1, start)
    return _Names(start, end, local_start, prefix, with_attributes, fingerprint)


SPAN = np.arange(MAX_NAME + 1)


def _fingerprints(words: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Length, first eight bytes (masked to the name) and last eight bytes (0 for a name of
    eight or fewer) of each name: equal fingerprints, equal names, up to 16 bytes."""
    length = end - start
    prints = np.zeros((len(start), 3), dtype=np.uint64)
    prints[:, 0] = length
    prints[:, 1] = words[start] & MASKS[np.minimum(length, 8)]
    long = np.flatnonzero(length > 8)
    prints[long, 2] = words[end[long] - 8]
    return prints


def _colon(
    first: np.ndarray, words: np.ndarray, start: np.ndarray, length: np.ndarray
) -> np.ndarray | None:
    """Where the ``:`` of each name is (-1: none); None for a name with two, led or ended
    by one, or holding a byte that is not a name's (a blank: ``<a b>``).

    Eight bytes of each name at a time, through ``bytes.translate`` (a table lookup in C):
    a name byte becomes 0, a colon 1, anything else 2; the words are then tested whole."""
    found = np.full(len(first), -1, dtype=np.int64)
    count = np.zeros(len(first), dtype=np.int64)
    rows = np.arange(len(first))
    word = first
    for chunk in range(MAX_NAME // 8):
        size = np.minimum(length[rows] - 8 * chunk, 8)
        if chunk:
            rows, size = rows[size > 0], size[size > 0]
            if not len(rows):
                break
            word = words[start[rows] + 8 * chunk] & MASKS[size]
        kinds = np.frombuffer(word.tobytes().translate(NAME_KINDS), dtype="<u8") & MASKS[size]
        if (kinds & ~ONES).any():
            return None  # a byte no name holds
        colons = np.flatnonzero(kinds)
        if len(colons):
            chars = kinds[colons].view(np.uint8).reshape(-1, 8)
            count[rows[colons]] += chars.sum(axis=1, dtype=np.int64)
            found[rows[colons]] = 8 * chunk + np.argmax(chars, axis=1)
    if (count > 1).any() or (found == 0).any() or (found == length - 1).any():
        return None
    return found


NAME_KINDS = bytes(
    1 if b == COLON else 0 if (chr(b).isalnum() and b < 128) or chr(b) in "-._" or b >= 128 else 2
    for b in range(256)
)
"""Per byte: 0 for one a name may hold (letters, digits, ``-._``, any non-ASCII), 1 for
``:``, 2 for any other."""
ONES = np.uint64(0x0101_0101_0101_0101)


def _keys(words: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Names as four ``uint64`` words each (bytes past the name zeroed): equal rows, equal
    names, for names up to 32 bytes."""
    keys = np.empty((len(start), 4), dtype=np.uint64)
    for chunk in range(4):
        keys[:, chunk] = words[start + 8 * chunk] & MASKS[np.clip(length - 8 * chunk, 0, 8)]
    return keys


def _lookup(words: np.ndarray, names: _Names, vocabulary: tuple[bytes, ...]) -> np.ndarray:
    """Each local name's index in ``vocabulary``, -1 for a name not in it."""
    start, end = names.local_start, names.end
    length = end - start
    first = np.where(start == names.start, names.fingerprint[:, 1], words[start])
    first &= MASKS[np.minimum(length, 8)]
    found = np.full(len(start), -1, dtype=np.int64)
    for index, name in enumerate(vocabulary):
        rows = np.flatnonzero(first == int.from_bytes(name[:8], "little"))
        rows = rows[length[rows] == len(name)]
        if len(name) > 8:
            rows = rows[words[end[rows] - 8] == int.from_bytes(name[-8:], "little")]
        if len(name) > 16:
            whole = np.frombuffer(name.ljust(MAX_NAME, b"\0"), dtype="<u8")
            rows = rows[(_keys(words, start[rows], length[rows]) == whole).all(axis=1)]
        found[rows] = index
    return found


def _nesting(
    words: np.ndarray, lt: np.ndarray, gt: np.ndarray, kind: np.ndarray, names: _Names
) -> tuple[np.ndarray, np.ndarray] | None:
    """The offset of each element's end tag (the end of the start tag, for an empty-element
    tag) and its depth; None unless every end tag names its own start tag, or for a depth
    past :data:`MAX_DEPTH`.

    Depth is a cumulative sum of +1 at each start tag and -1 at each end tag; at each depth,
    start and end tags alternate, so a stable sort by depth brings each next to its own."""
    after = np.cumsum(kind, dtype=np.int64)
    if after.min() < 0 or (after[:-1] == 0).any() or after[-1] != 0:
        return None  # an end tag with no start tag, or a second root
    if after.max() > MAX_DEPTH:
        return None
    paired = np.flatnonzero(kind != EMPTY)
    level = (after[paired] + (kind[paired] == CLOSE)).astype(np.uint8)
    by_level = paired[np.argsort(level, kind="stable")]
    opening, closing = by_level[0::2], by_level[1::2]
    if (kind[opening] != OPEN).any() or (kind[closing] != CLOSE).any():
        return None
    is_element = kind != CLOSE
    element = (np.cumsum(is_element) - 1)[opening]
    closed = _fingerprints(words, lt[closing] + 2, gt[closing])
    if not np.array_equal(names.fingerprint[element], closed):
        return None
    longer = np.flatnonzero(closed[:, 0] > 16)
    if len(longer):
        length = closed[longer, 0].astype(np.int64)
        mine = names.start[element[longer]]
        if not np.array_equal(
            _keys(words, mine, length), _keys(words, lt[closing[longer]] + 2, length)
        ):
            return None
    ends = gt[is_element] + 1
    ends[element] = lt[closing]
    depth = after[is_element] + (kind[is_element] == EMPTY)
    return ends, depth


def _parents(starts: np.ndarray, levels: list[np.ndarray]) -> np.ndarray:
    """The last element one level up that starts before each element: its parent."""
    parent = np.full(len(starts), -1, dtype=np.int64)
    for above, children in itertools.pairwise(levels):
        parent[children] = above[np.searchsorted(starts[above], starts[children]) - 1]
    return parent


@dataclass(frozen=True)
class _Attributes:
    declared: dict[int, dict[bytes | None, bytes]]
    """Per element declaring namespaces: prefix (None: the default) -> URI."""
    prefixes: dict[int, set[bytes]]
    """Per element with prefixed attribute names: the prefixes they use."""


def _attributes(
    data: bytes,
    view: np.ndarray,
    words: np.ndarray,
    starts: np.ndarray,
    gt: np.ndarray,
    names: _Names,
) -> _Attributes | None:
    """The namespace declarations and attribute prefixes of the tags holding attributes;
    None if one is malformed (a value unquoted, a name twice). Tags of the plain shape
    (:func:`_plain_attributes`: one a point in GPX) are checked all at once; the others
    (a namespace declared, an attribute prefixed, quotes of the other kind) one at a time."""
    rows = names.with_attributes
    plain = np.zeros(len(rows), dtype=bool)
    if len(rows) > FEW_ATTRIBUTE_TAGS:
        plain = _plain_attributes(data, view, words, starts[rows], names.end[rows], gt[rows])
    found = _Attributes({}, {})
    for row in rows[~plain].tolist():
        begin, end = int(starts[row]), int(gt[row]) + 1
        if ATTRIBUTES.fullmatch(data, begin, end) is None:
            return None
        declared, prefixes = {}, set()
        for name, _, value in ATTRIBUTE.findall(data, begin, end):
            if name == b"xmlns" or name.startswith(b"xmlns:"):
                declared[name[6:] or None] = value
            elif b":" in name:
                prefixes.add(name.split(b":")[0])
        if declared:
            found.declared[row] = declared
        if prefixes - {b"xml"}:
            found.prefixes[row] = prefixes - {b"xml"}
    return found


FEW_ATTRIBUTE_TAGS = 64
"""So few tags with attributes (a TCX file's root, activities, laps) are checked one by one:
the two passes over the file that checking all at once takes would cost more."""


def _plain_attributes(
    data: bytes,
    view: np.ndarray,
    words: np.ndarray,
    lt: np.ndarray,
    name_end: np.ndarray,
    gt: np.ndarray,
) -> np.ndarray:
    """Per tag, whether its attributes are of the plain shape: `` name="value"`` each (one
    blank before, double quotes, no ``=`` in a value), names of a letter and up to 15 more
    name bytes with no ``:`` (so no namespace business), at most two and not the same,
    then ``>`` or ``/>``. Such a tag is well formed."""
    plain = np.zeros(len(lt), dtype=bool)
    if not len(lt):
        return plain
    equals = np.flatnonzero(view == EQUALS)
    quotes = np.append(np.flatnonzero(view == QUOTE), np.full(8, len(view)))
    first_equal, first_quote = np.searchsorted(equals, lt), np.searchsorted(quotes, lt)
    count = np.searchsorted(equals, gt) - first_equal
    candidates = np.flatnonzero(
        (count <= 2) & (np.searchsorted(quotes, gt) - first_quote == 2 * count)
    )
    # one row per attribute: its tag, its place in the tag, its = and its quotes
    tag = np.repeat(candidates, count[candidates])
    place = np.arange(len(tag)) - np.repeat(
        np.cumsum(count[candidates]) - count[candidates], count[candidates]
    )
    equal = equals[first_equal[tag] + place]
    opening = quotes[first_quote[tag] + 2 * place]
    closing = quotes[first_quote[tag] + 2 * place + 1]
    name_start = np.where(
        place == 0, name_end[tag] + 1, quotes[first_quote[tag] + 2 * place - 1] + 2
    )
    length = equal - name_start
    good = (opening == equal + 1) & (length >= 1) & (length <= 16)
    before = view[np.maximum(name_start - 1, 0)]
    good &= (before == 32) | (before == 9) | (before == 10) | (before == 13)
    lead = view[np.minimum(name_start, len(view) - 1)] | 32
    good &= (lead == 127) | ((lead >= 97) & (lead <= 122))
    chars = xml_values.windows(data, equal, 16)
    inside = length[:, None] > np.arange(16)[::-1]
    kinds = np.frombuffer(chars.tobytes().translate(NAME_KINDS), dtype=np.uint8)
    good &= ((kinds.reshape(-1, 16) == 0) | ~inside).all(axis=1)  # name bytes, no colon
    key = words[np.maximum(name_start, 0)] & MASKS[np.clip(length, 0, 8)]
    good &= ~((length == 5) & (key == XMLNS))
    last = place == count[tag] - 1
    ended = (gt[tag] == closing + 1) | ((gt[tag] == closing + 2) & (view[closing + 1] == SLASH))
    good &= ~last | ended
    # two attributes, two names
    second = np.flatnonzero(place == 1)
    tail = words[np.maximum(equal - 8, 0)]
    same = (length[second] == length[second - 1]) & (key[second] == key[second - 1])
    same &= (length[second] <= 8) | (tail[second] == tail[second - 1])
    good[second[same]] = False
    plain[candidates] = True
    plain[tag[~good]] = False
    return plain


UNDECLARED = -2
ABSOLUTE_URI = re.compile(rb"[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9._~:/?#@!$()*+,;=%\[\]'-]*")
"""A namespace name libxml2 takes without a warning: an absolute URI of plain characters."""


def _namespaces(
    attributes: _Attributes,
    prefix: np.ndarray,
    parent: np.ndarray,
    levels: list[np.ndarray],
) -> tuple[np.ndarray, tuple[bytes, ...]] | None:
    """Each element's namespace (an index into the URIs, -1: none) by the declarations in
    scope: the element's own, else its parent's, level by level from the root; None if a
    prefix in use (by a name or an attribute) is not declared in scope, or declared empty."""
    declared = attributes.declared
    mappings = declared.values()
    if any(name is not None and not uri for m in mappings for name, uri in m.items()):
        return None
    if not all(ABSOLUTE_URI.fullmatch(uri) for m in mappings for uri in m.values() if uri):
        return None  # libxml2 warns of a namespace name that is not an absolute URI
    uris = tuple(sorted({uri for mapping in mappings for uri in mapping.values()} - {b""}))
    code = {uri: index for index, uri in enumerate(uris)} | {b"": -1}
    namespace = np.full(len(parent), -1, dtype=np.int64)
    used = {key.to_bytes(8, "little").rstrip(b"\0") or None for key in _distinct(prefix)}
    for name in used | {p for found in attributes.prefixes.values() for p in found}:
        has_own = np.zeros(len(parent), dtype=bool)
        own = np.zeros(len(parent), dtype=np.int64)
        for row, mapping in declared.items():
            if name in mapping:
                has_own[row], own[row] = True, code[mapping[name]]
        scope = np.full(len(parent), UNDECLARED if name else -1, dtype=np.int64)
        scope[0] = own[0] if has_own[0] else scope[0]
        for level in levels[1:]:
            scope[level] = np.where(has_own[level], own[level], scope[parent[level]])
        users = [row for row, found in attributes.prefixes.items() if name in found]
        if (scope[users] == UNDECLARED).any():
            return None
        mine = prefix == (int.from_bytes(name, "little") if name else 0)
        if (scope[mine] == UNDECLARED).any():
            return None
        namespace[mine] = scope[mine]
    return namespace, uris


def _distinct(values: np.ndarray) -> list[int]:
    """The distinct values of an array holding few of them."""
    found = []
    rest = values
    while len(rest):
        found.append(int(rest[0]))
        rest = rest[rest != rest[0]]
    return found
