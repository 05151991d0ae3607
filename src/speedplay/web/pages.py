"""The runner's pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from speedplay.storage.plans import newest_version
from speedplay.web.context import current_account, render, state

router = APIRouter()


@router.get("/")
def home(request: Request) -> Response:
    """What speedplay is, for a visitor; the runner's own start page once signed in."""
    account = current_account(request)
    changed = request.query_params.get("password") == "changed"
    has_plan = account is not None and (
        newest_version(state(request).engine, account.runner_id) is not None
    )
    context = {"account": account, "password_changed": changed, "has_plan": has_plan}
    return render(request, "home.html", context)
