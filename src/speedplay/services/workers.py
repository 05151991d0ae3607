"""Where an import's worker processes come from.

A worker must be a clean process: no database connection, no open file of the importing
process. Spawning one starts a new interpreter that imports numpy and the analysis again,
a quarter of a second of CPU each. Where the platform allows, workers are instead forked
from a *fork server*: a clean process started at the very beginning of an import, which
imports the reading code once, on the core the importing process leaves idle while it
loads its database library and opens the database. Each worker is then a fork of it, ready
at once. Elsewhere (Windows, macOS without the fork server) workers are spawned.

This module imports nothing heavy, so that the fork server can start before anything else.
"""

from __future__ import annotations

import multiprocessing
import sys
from multiprocessing.context import BaseContext

WORKER_MODULES = ["speedplay.services.reading", "speedplay.formats.fit_decoder"]
"""What every worker runs (and the FIT decoder, which the reading code loads only for a FIT
file): imported once, by the fork server. The TCX and GPX readers load in a few ms at a
worker's first file of theirs."""


def _context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(WORKER_MODULES)
        return context
    return multiprocessing.get_context("spawn")


def start_early(jobs: int) -> None:
    """Start the fork server now, in the background, when ``jobs`` workers may be needed.

    Cheap to call when it is already running; when the import turns out too small for
    workers, it has cost a little CPU on an otherwise idle core and is ended with this
    process."""
    if jobs <= 1 or _context().get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    forkserver.ensure_running()  # returns at once; the server imports while we go on


def worker_context() -> BaseContext:
    """The multiprocessing context to start workers with (the fork server where there is
    one)."""
    return _context()


M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameters (``malloc.h``)."""

HELD_MEMORY = 64 << 20
MAPPED_ALONE = 32 << 20


def hold_freed_memory() -> None:
    """Let this process's allocator keep the memory it frees, up to 64 MB, instead of handing
    it back to the system after every file.

    A worker reads file after file, each needing the same few hundred kB of arrays. By default
    glibc returns freed memory at the top of its heap to the system, and the next file faults
    it in again, page by page: 146 page faults a one-hour FIT run, 0.4 ms of the ~5 ms a worker
    spends on it (import measured 13% faster with this). Arrays over 32 MB still get memory
    of their own, returned as soon as they are freed. Nothing to do off glibc."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a libc without it
        return
    mallopt(M_TRIM_THRESHOLD, HELD_MEMORY)
    mallopt(M_MMAP_THRESHOLD, MAPPED_ALONE)
