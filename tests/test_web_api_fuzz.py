"""The JSON API fuzzed from its own OpenAPI description (schemathesis): whatever a client
sends, with a valid token or without, the server never fails on its side (no 5xx)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok

from speedplay.storage.database import open_database
from speedplay.web.app import create_app
from tests.conftest import SAMPLES
from tests.test_web_plans import ANSWERS, onboard
from tests.web import Browser

EXAMPLES = 25
"""Requests generated for each API operation (each sent with the token and without)."""


@pytest.mark.slow
def test_the_api_never_fails_on_its_side(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'fuzz.db'}")
    browser = Browser(engine)
    browser.sign_up("fuzz@example.org")
    onboard(browser, ANSWERS)
    made = browser.client.post("/account/api", data={"csrf_token": browser.token("/account/api")})
    found = re.search(r'id="api-token" value="([^"]+)"', made.text)
    assert found
    auth = {"Authorization": f"Bearer {found.group(1)}"}
    run = SAMPLES / "fit" / "goldencheetah-ipbike-intervals-4x6min.fit"
    browser.client.post("/api/runs", files=[("files", (run.name, run.read_bytes()))], headers=auth)
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(engine))
    tried = 0
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        if not operation.path.startswith("/api/"):
            continue

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def never_fails(case: Any) -> None:
            for headers in (auth, {}):
                response = case.call(headers=headers)
                assert response.status_code < 500, (case.method, case.path, response.text[:300])

        never_fails()
        tried += 1
    engine.dispose()
    assert tried >= 8
