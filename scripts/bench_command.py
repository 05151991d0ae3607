"""The command a runner types, for the benchmarks to time: the installed ``speedplay`` script
beside this Python (what ``pip install`` puts on the PATH), or ``python -m speedplay`` where
there is none. The two differ a little: each worker process of an import runs the script
that started it again (loading the command line), not ``speedplay.__main__``."""

from __future__ import annotations

import sys
from pathlib import Path


def speedplay_command() -> list[str]:
    """The start of a ``speedplay`` command line."""
    script = Path(sys.executable).with_name("speedplay")
    return [str(script)] if script.exists() else [sys.executable, "-m", "speedplay"]
