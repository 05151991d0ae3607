"""The questions the column readers ask of a scanned document, answered for all points at once.

``findtext("DistanceMeters")`` on each of three thousand trackpoints is, here, one question
about all of them: of the elements named so, those whose parent is a trackpoint, the first
per trackpoint. :class:`Query` answers such questions over the arrays of
:class:`~speedplay.formats.xml_scan.Elements`, and raises :class:`NotPlainError` where an answer
would need more than the scan knows (text beside child elements), so that the reader leaves
the file to the parser.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from speedplay.formats import xml_values
from speedplay.formats.xml_scan import Elements


class NotPlainError(Exception):
    """The file holds something the column reader does not read exactly as the parser."""


@dataclass(frozen=True)
class Found:
    """At most one element per owner."""

    rows: np.ndarray
    """The elements (indices into the document's elements)."""
    owner: np.ndarray
    """Each one's owner, as a position in the owners asked about."""


@dataclass(frozen=True)
class Query:
    """A scanned document, its names read in the namespace of the format."""

    elements: Elements
    names: np.ndarray
    """Per element: the index of its name in the vocabulary when in the format's namespace,
    else -1."""

    def all(self, name: int) -> np.ndarray:
        return np.flatnonzero(self.names == name)

    def inside(self, rows: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Of ``rows`` (ascending), those inside one of ``owners`` (ascending, not nested),
        with the owner's position in ``owners``."""
        if not len(owners):
            return rows[:0], rows[:0]
        e = self.elements
        owner = np.searchsorted(e.start[owners], e.start[rows], side="right") - 1
        within = (owner >= 0) & (e.start[rows] < e.end[owners[np.maximum(owner, 0)]])
        return rows[within], owner[within]

    def children(self, owners: np.ndarray, name: int, via: int | None = None) -> Found:
        """The first child named ``name`` of each owner (with ``via``, the first such child
        of its ``via`` children): what ``findtext("name")`` (``"via/name"``) reads."""
        rows = self.all(name)
        parent = self.elements.parent[rows]
        if via is not None:
            keep = self.names[parent] == via
            rows, parent = rows[keep], self.elements.parent[parent[keep]]
        if not len(owners):
            return Found(rows[:0], rows[:0])
        at = np.minimum(np.searchsorted(owners, parent), len(owners) - 1)
        keep = owners[at] == parent
        return _first(rows[keep], at[keep], last=False)

    def below(self, owners: np.ndarray, local_name: int, *, last: bool) -> Found:
        """The first (or last) element with text of that local name, in any namespace,
        below each owner: what a walk of ``owner.iter()`` for one with text finds. With
        ``last``, every one before it must hold a plain number too (a walk that stops at
        the first it cannot read would not reach the last)."""
        e = self.elements
        rows = np.flatnonzero(e.name == local_name)
        rows = rows[~e.leaf[rows] | (e.end[rows] > e.text_start[rows])]
        rows, owner = self.inside(rows, owners)
        if last and xml_values.decimals(e.data, *self.texts(rows)) is None:
            raise NotPlainError("a number that is not plain")
        return _first(rows, owner, last=last)

    def first_child_names(self, row: int) -> dict[int, int]:
        """The first child of each name of one element (for the few: laps, the root)."""
        e = self.elements
        following = np.searchsorted(e.start, e.end[row])
        inside = np.arange(row + 1, following)
        mine = inside[e.parent[inside] == row]
        found: dict[int, int] = {}
        for child, name in zip(mine.tolist(), self.names[mine].tolist(), strict=True):
            found.setdefault(name, child)
        return found

    def descendants_of(self, name: int) -> np.ndarray:
        """Per element, whether it lies below an element of that name."""
        e = self.elements
        below = np.zeros(len(e.name), dtype=bool)
        for level in range(2, int(e.depth.max()) + 1):
            rows = np.flatnonzero(e.depth == level)
            parent = e.parent[rows]
            below[rows] = below[parent] | (self.names[parent] == name)
        return below

    def texts(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where the text of each element lies; they must hold no elements."""
        if not self.elements.leaf[rows].all():
            raise NotPlainError("a value holding elements")
        return self.elements.text_start[rows], self.elements.end[rows]

    def text(self, row: int) -> str | None:
        """The text a parser gives an element (None when empty), line ends made ``\\n``."""
        if not self.elements.leaf[row]:
            raise NotPlainError("a text holding elements")
        raw = self.elements.text(row)
        return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").decode() if raw else None

    def numbers(self, count: int, found: dict[str, Found]) -> dict[str, np.ndarray]:
        """Each field's numbers, one per owner (NaN: none), read in one pass."""
        rows = np.concatenate([each.rows for each in found.values()])
        parsed = xml_values.decimals(self.elements.data, *self.texts(rows))
        if parsed is None:
            raise NotPlainError("a number that is not plain")
        columns, at = {}, 0
        for name, each in found.items():
            columns[name] = np.full(count, np.nan)
            columns[name][each.owner] = parsed[at : at + len(each.rows)]
            at += len(each.rows)
        return columns


def _first(rows: np.ndarray, owner: np.ndarray, *, last: bool) -> Found:
    """The first (or last) of ``rows`` per owner (owners ascending with the rows)."""
    if not len(rows):
        return Found(rows, owner)
    change = owner[1:] != owner[:-1]
    keep = np.append(change, True) if last else np.insert(change, 0, True)
    return Found(rows[keep], owner[keep])
