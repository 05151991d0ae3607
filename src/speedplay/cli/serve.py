"""``speedplay serve``: the web app, on the same database as the commands."""

from __future__ import annotations

from typing import Annotated

import typer

from speedplay.cli.storage import database
from speedplay.errors import InvalidValueError

LOOPBACK = "127.0.0.1"


def serve(
    host: Annotated[
        str,
        typer.Option(help="The address to listen on; other machines reach it only if told."),
    ] = LOOPBACK,
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 8000,
) -> None:
    """Serve the web app (sign up, plan, sessions, timer, analysis) in a browser, on this
    machine only unless ``--host`` says otherwise."""
    if not 0 < port < 65536:
        raise InvalidValueError(f"--port: {port} is not a port (1-65535)")
    import uvicorn

    from speedplay.web.app import create_app

    engine = database()
    app = create_app(engine)
    shown = engine.url.render_as_string(hide_password=True)
    typer.echo(f"speedplay on http://{host}:{port}/ (database {shown}); Ctrl-C stops it")
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)
