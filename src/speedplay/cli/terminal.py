"""Rich's console and tables, loaded when a command prints one: a command asked for JSON, or
for a file, never loads them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def new_console() -> Console:
    from rich.console import Console

    return Console()


def new_table(**options: Any) -> Table:
    from rich.table import Table

    return Table(**options)


def counted(number: int, thing: str) -> str:
    """``1 run``, ``3 runs``: a count and its noun."""
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"
