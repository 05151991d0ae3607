"""The recordings inside what a runner points ``import`` at: files, folders, ``.gz`` files and
the bulk-export zips of Garmin Connect and Strava (whose activities folder holds ``.fit``,
``.gpx``, ``.tcx``, each perhaps gzipped).

Every recording comes out decompressed, named by where it was found; what cannot be read comes
out as a problem, so that one bad file never stops the batch.
"""

from __future__ import annotations

import gzip
import io
import lzma
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from speedplay.formats.input_files import UnreadableFileError, read_file

RECORDING_SUFFIXES = (".fit", ".gpx", ".tcx")
MAX_RECORDING_BYTES = 256 * 1024 * 1024
"""A recording larger than this once decompressed (256 MB; a 24-hour 1 Hz FIT is ~5 MB) is
refused: a zip or gzip bomb, not a run."""


ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,  # a damaged directory: "negative seek value"
    IndexError,  # an entry with an empty name
    zlib.error,
    lzma.LZMAError,
    struct.error,
    NotImplementedError,  # a compression method zipfile does not know
    RuntimeError,  # an encrypted entry
)
"""What ``zipfile`` raises for a damaged or unusual archive, found by fuzzing."""


@dataclass(frozen=True)
class Found:
    """A recording's bytes, or why it could not be read (``data`` None)."""

    source: str
    data: bytes | None
    problem: str | None = None


def recordings(paths: list[Path]) -> Iterator[Found]:
    """Every recording under ``paths``, in a stable order."""
    for path in paths:
        if path.is_dir():
            for inner in sorted(p for p in path.rglob("*") if p.is_file()):
                if _is_recording_name(inner.name) or inner.suffix.lower() == ".zip":
                    yield from _from_file(inner)
        elif path.exists():
            yield from _from_file(path)
        else:
            yield Found(str(path), None, "no such file or folder")


def count(paths: list[Path]) -> int:
    """How many recordings ``recordings(paths)`` will yield (names only: nothing is read)."""
    total = 0
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() == ".zip":
                try:
                    with zipfile.ZipFile(file) as archive:
                        total += sum(
                            1
                            for e in archive.infolist()
                            if not e.is_dir() and _is_recording_name(e.filename)
                        )
                except ZIP_ERRORS:
                    total += 1
            elif not path.is_dir() or _is_recording_name(file.name):
                total += 1
    return total


def _is_recording_name(name: str) -> bool:
    lower = name.lower().removesuffix(".gz")
    return lower.endswith(RECORDING_SUFFIXES)


def _from_file(path: Path) -> Iterator[Found]:
    if path.suffix.lower() == ".zip":
        yield from _from_zip(path)
        return
    try:
        raw = read_file(path, MAX_RECORDING_BYTES)
    except UnreadableFileError as error:
        yield Found(str(path), None, error.reason)
        return
    yield _decompressed(str(path), raw, path.name)


def uploaded(name: str, raw: bytes, max_entries: int) -> Iterator[Found]:
    """The recordings in a file sent to the web app: itself (gzipped or not), or each in a zip
    of at most ``max_entries`` recordings (an archive with more is refused whole)."""
    if not name.lower().endswith(".zip"):
        if not _is_recording_name(name):
            yield Found(name, None, "not a FIT, TCX or GPX file (nor .gz or .zip)")
            return
        yield _decompressed(name, raw, name)
        return
    yield from _from_zip(io.BytesIO(raw), name, max_entries)


def _from_zip(
    path: Path | io.BytesIO, label: str | None = None, max_entries: int | None = None
) -> Iterator[Found]:
    shown = label or str(path)
    try:
        archive = zipfile.ZipFile(path)
    except ZIP_ERRORS as error:
        yield Found(shown, None, f"not a readable zip: {error}")
        return
    with archive:
        try:
            entries = [
                e for e in archive.infolist() if not e.is_dir() and _is_recording_name(e.filename)
            ]
        except ZIP_ERRORS as error:
            yield Found(shown, None, f"not a readable zip: {error}")
            return
        if max_entries is not None and len(entries) > max_entries:
            yield Found(shown, None, f"holds {len(entries)} recordings; at most {max_entries}")
            return
        for entry in sorted(entries, key=lambda e: e.filename):
            source = f"{shown}!{entry.filename}"
            if entry.file_size > MAX_RECORDING_BYTES:
                yield Found(source, None, f"larger than {MAX_RECORDING_BYTES // 2**20} MB")
                continue
            try:
                with archive.open(entry) as stream:
                    raw = stream.read(MAX_RECORDING_BYTES + 1)
            except ZIP_ERRORS as error:
                yield Found(source, None, f"damaged in the zip: {error}")
                continue
            if len(raw) > MAX_RECORDING_BYTES:  # the entry understated its size
                yield Found(source, None, f"larger than {MAX_RECORDING_BYTES // 2**20} MB")
                continue
            yield _decompressed(source, raw, entry.filename)


def _decompressed(source: str, raw: bytes, name: str) -> Found:
    if not name.lower().endswith(".gz"):
        return Found(source, raw)
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            data = stream.read(MAX_RECORDING_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        return Found(source, None, f"not a readable gzip file: {error}")
    if len(data) > MAX_RECORDING_BYTES:
        return Found(source, None, f"larger than {MAX_RECORDING_BYTES // 2**20} MB decompressed")
    return Found(source, data)
