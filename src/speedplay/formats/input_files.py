"""Reading a file a runner names: only a regular file, and never more than a limit.

A device (``/dev/zero``) would be read for ever and fill the memory; a FIFO waits for ever for
someone to write to it; a folder is not a file. Each is refused in one line before a byte is
read, and a file is read with a bound, so that a file growing while it is read cannot make
it endless either.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from speedplay.errors import InvalidValueError


class UnreadableFileError(InvalidValueError):
    """A file that cannot be read, with why, in one line that names it (``reason`` alone is
    the why, for a list that names the file itself)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.reason = reason


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise UnreadableFileError(path, "no such file") from None
    except OSError as error:
        raise UnreadableFileError(path, str(error.strerror or error)) from None
    found = os.fstat(descriptor)
    problem = None
    if stat.S_ISDIR(found.st_mode):
        problem = "a folder, not a file"
    elif not stat.S_ISREG(found.st_mode):
        problem = "not a regular file (a device or a pipe)"
    elif found.st_size > limit:
        problem = f"larger than {_size(limit)}"
    if problem is not None:
        os.close(descriptor)
        raise UnreadableFileError(path, problem)
    with os.fdopen(descriptor, "rb") as stream:
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise UnreadableFileError(path, str(error.strerror or error)) from None
    if len(data) > limit:
        raise UnreadableFileError(path, f"larger than {_size(limit)}")
    return data


def _size(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 1024} KB"
