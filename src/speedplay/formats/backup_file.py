"""A backup as a file: a zip archive holding the database's rows as one JSON document.

Zip, because it is compressed (a run's chart series is text that shrinks fivefold), every
system opens it, and it can carry more than one document. Written whole or not at all; read
with bounds, so that a damaged or hostile file is one line, never a crash or a full memory.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from speedplay.errors import InvalidValueError
from speedplay.formats.archive import ZIP_ERRORS
from speedplay.formats.input_files import read_file
from speedplay.formats.output_files import write_zip

DOCUMENT = "speedplay-backup.json"
"""The archive member that holds the rows."""

MAX_BACKUP_BYTES = 2**30
MAX_DOCUMENT_BYTES = 4 * 2**30
"""A backup file of at most 1 GB whose document unpacks to at most 4 GB: ten years of daily
runs are a few hundred MB."""


class DamagedBackupError(InvalidValueError):
    """A file that is not a readable speedplay backup, with why."""


def write_backup(path: Path, document: dict[str, Any]) -> None:
    """Write ``document`` (as :func:`storage.backup.dump` makes it) to ``path``."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    write_zip(path, {DOCUMENT: text.encode()})


def read_backup(path: Path) -> Any:
    """The JSON document of the backup at ``path`` (its layout is checked by the storage
    layer, which knows the tables)."""
    data = read_file(path, MAX_BACKUP_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            member = next((m for m in archive.infolist() if m.filename == DOCUMENT), None)
            if member is None or member.file_size > MAX_DOCUMENT_BYTES:
                raw = None
            else:
                with archive.open(member) as stream:
                    raw = stream.read(MAX_DOCUMENT_BYTES + 1)
    except ZIP_ERRORS as error:
        raise DamagedBackupError(f"{path}: not a readable backup ({error})") from None
    if raw is None:
        raise DamagedBackupError(f"{path}: not a speedplay backup (no {DOCUMENT} of at most 4 GB)")
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise DamagedBackupError(f"{path}: a backup document larger than 4 GB")
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise DamagedBackupError(f"{path}: a damaged backup ({error})") from None
