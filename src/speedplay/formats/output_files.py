"""Writing a file a runner asked for: checked first, then written whole or not at all.

A file is written to a temporary file in the same folder and renamed into place once all of
it is on disk, so that a command killed half-way leaves the old file (or none), never half a
FIT file that a watch would choke on. Where it cannot be written (no such folder, a folder
in its place, a format the name does not say) the runner is told in one line before any work.
"""

from __future__ import annotations

import glob
import os
import re
import time
from pathlib import Path

from speedplay.errors import InvalidValueError

PICTURES = (".png", ".svg", ".pdf")
"""What a plot can be written as: its name says which."""


class UnwritableFileError(InvalidValueError):
    """A file that cannot be written where it was asked for, with why, in one line."""


def check_output(path: Path, suffixes: tuple[str, ...] = ()) -> None:
    """Refuse, in one line, an output file that could not be written: its folder missing, a
    folder (or something else that is not a file) in its place, or (given ``suffixes``, as
    ``".png"``) a name that does not say one of the formats it can be."""
    folder = path.parent
    if not folder.is_dir():
        raise UnwritableFileError(f"{path}: no such folder {folder}")
    if path.exists() and not path.is_file():
        kind = "a folder" if path.is_dir() else "not a regular file"
        raise UnwritableFileError(f"{path} is {kind}: give a file name to write")
    if suffixes and path.suffix.lower() not in suffixes:
        raise UnwritableFileError(f"{path}: the name must end in {', '.join(suffixes)}")
    if not os.access(folder, os.W_OK):
        raise UnwritableFileError(f"{path}: cannot write in {folder}")


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a temporary file in the same folder,
    flushed to disk, then renamed over ``path``); the file gets the permissions any new file
    of the runner's gets (their umask)."""
    check_output(path)
    _remove_stale_temporaries(path)
    import secrets  # only when writing (hmac, hashlib: a few ms every command would pay)

    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise UnwritableFileError(f"{path}: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UnwritableFileError(f"{path}: {error.strerror or error}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


STALE_AFTER_S = 3600
"""A temporary file this old was left by a write that was killed (a live one is renamed in
seconds); the next write of the same name removes it."""


def _remove_stale_temporaries(path: Path) -> None:
    """Remove what writes of ``path`` killed half-way left behind (``.NAME.xxxxxxxx``),
    when it is old enough not to be another write under way."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{8}}")
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*"))
    except OSError:
        return
    for candidate in candidates:
        try:
            if pattern.fullmatch(candidate.name) and (
                time.time() - candidate.lstat().st_mtime > STALE_AFTER_S
            ):
                candidate.unlink()
        except OSError:
            continue  # gone already, or not ours to remove: the write goes on


def write_zip(path: Path, files: dict[str, bytes]) -> None:
    """Write a zip archive of ``files`` (name in the archive -> content), whole or not at all."""
    write_file(path, zipped(files))


def zipped(files: dict[str, bytes]) -> bytes:
    """A zip archive of ``files`` (name in the archive -> content), compressed."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
