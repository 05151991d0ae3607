"""A browser for the web app's tests: a TestClient that fills in the form token as a page
would, and signs up or in."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from speedplay.web.app import create_app

PASSWORD = "a long enough password"

_TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


class Browser:
    """One browser (its own cookies) on the app."""

    def __init__(self, engine: Engine, *, raise_server_exceptions: bool = True) -> None:
        self.client = TestClient(
            create_app(engine),
            follow_redirects=False,
            raise_server_exceptions=raise_server_exceptions,
        )

    def token(self, page: str = "/signin") -> str:
        """The form token this browser's pages carry."""
        found = _TOKEN.search(self.client.get(page).text)
        assert found, f"no form token on {page}"
        return found.group(1)

    def post(self, path: str, data: dict[str, str] | None = None, page: str = "/signin"):
        return self.client.post(path, data={**(data or {}), "csrf_token": self.token(page)})

    def sign_up(self, email: str, password: str = PASSWORD):
        return self.post("/signup", {"email": email, "password": password, "confirm": password})

    def sign_in(self, email: str, password: str = PASSWORD):
        return self.post("/signin", {"email": email, "password": password})

    def signed_in_as(self) -> str | None:
        """The address the start page greets, or None when signed out."""
        found = re.search(r"Signed in as <strong>([^<]+)</strong>", self.client.get("/").text)
        return found.group(1) if found else None

    def shown_secret(self, path: str, page: str, element: str) -> str:
        """Post ``path`` (a form of ``page``) and read the secret the answer shows once in
        the input ``element``."""
        response = self.client.post(path, data={"csrf_token": self.token(page)})
        assert response.status_code == 200
        found = re.search(rf'id="{element}" value="([^"]+)"', response.text)
        assert found, f"no {element} after {path}"
        return found.group(1)
