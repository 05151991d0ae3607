"""``speedplay serve``: the web app, on the same database as the commands."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Annotated, Any

import typer

from speedplay.cli.storage import current_url, database
from speedplay.errors import InvalidValueError

if TYPE_CHECKING:
    from fastapi import FastAPI

LOOPBACK = "127.0.0.1"


HOST = re.compile(r"[A-Za-z0-9.:\-]{1,253}")
"""A host name, an IPv4 or an IPv6 address: letters, digits, dots, hyphens and colons."""


def serve(
    host: Annotated[
        str,
        typer.Option(help="The address to listen on; other machines reach it only if told."),
    ] = LOOPBACK,
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(help="Server processes (default: one per core, at most 4)."),
    ] = None,
) -> None:
    """Serve the web app (sign up, plan, sessions, timer, analysis) in a browser, on this
    machine only unless --host says otherwise."""
    if not HOST.fullmatch(host):
        raise InvalidValueError(f"--host: '{host}' is not a host name or an IP address")
    if not 0 < port < 65536:
        raise InvalidValueError(f"--port: {port} is not a port (1-65535)")
    processes = workers if workers is not None else min(4, os.cpu_count() or 1)
    if not 1 <= processes <= 64:
        raise InvalidValueError(f"--workers: {processes} is not 1 to 64 processes")
    import uvicorn

    engine = database()  # created and migrated here, so that a problem is one line
    shown = engine.url.render_as_string(hide_password=True)
    typer.echo(f"speedplay on http://{host}:{port}/ (database {shown}); Ctrl-C stops it")
    if processes == 1:
        from speedplay.web.app import create_app

        app: FastAPI | str = create_app(engine)
    else:  # each worker process opens the database itself
        os.environ["SPEEDPLAY_DB"] = current_url()
        engine.dispose()
        app = "speedplay.web.app:from_environment"
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "proxy_headers": True,
    }
    if processes == 1:
        uvicorn.run(app, **options)
        return
    _serve_in_processes(uvicorn.Config(app, factory=True, workers=processes, **options))


def _serve_in_processes(config: Any) -> None:
    """What ``uvicorn.run`` does for several workers, closing the listening socket it binds
    when they stop (left open, Python warns about it at exit)."""
    from uvicorn.supervisors import Multiprocess

    listening = config.bind_socket()
    try:
        Multiprocess(config, sockets=[listening]).run()
    except KeyboardInterrupt:
        pass
    finally:
        listening.close()
