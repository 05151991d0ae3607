"""The runner's pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from speedplay.web.context import current_account, render

router = APIRouter()


@router.get("/")
def home(request: Request) -> Response:
    """What speedplay is, for a visitor; the runner's own start page once signed in."""
    account = current_account(request)
    changed = request.query_params.get("password") == "changed"
    return render(request, "home.html", {"account": account, "password_changed": changed})
