"""The start page: what speedplay is, for a visitor; for a runner, the next session as the
coach has adapted it, and why."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from speedplay.formats.plan_json import sessions_from_dict
from speedplay.storage.plans import session_from
from speedplay.web.clock import today
from speedplay.web.context import current_account, render, state
from speedplay.web.runner import runner_view

router = APIRouter()


@router.get("/")
def home(request: Request) -> Response:
    account = current_account(request)
    context: dict[str, object] = {
        "account": account,
        "password_changed": request.query_params.get("password") == "changed",
        "has_plan": False,
    }
    if account is not None:
        view = runner_view(state(request).engine, account)
        document = view.document()
        if view.plan is not None and document is not None:
            upcoming = session_from(sessions_from_dict(document), today())
            context.update(
                has_plan=True,
                next_session=upcoming,
                next_name=upcoming.workout.name if upcoming else "",
                version=view.plan.version,
                reason=view.plan.reason,
            )
    return render(request, "home.html", context)
