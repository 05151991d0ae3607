"""What keeps one runner's data from everyone else: password hashes, session tokens, CSRF
tokens, the sign-in rate limit and the response headers.

OWASP's Application Security Verification Standard, level 1, is the checklist
(https://owasp.org/www-project-application-security-verification-standard/): passwords of at
least 12 characters and up to 128, hashed with argon2id (V2.1, V2.4); random session tokens
stored only as hashes and replaced at sign-in (V3.2); every state-changing form carries a
token an attacker's page cannot know (V4.2.2); a content security policy without inline
scripts and no framing (V14.4).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD = 12
MAX_PASSWORD = 128
"""Password length in characters (ASVS 2.1.1 and 2.1.2)."""

MAX_EMAIL = 254
"""The longest e-mail address a mail server accepts (RFC 5321 with its errata)."""

_hasher = PasswordHasher()
"""argon2id with the library's defaults (RFC 9106's second recommended setting)."""


def password_problem(password: str, email: str) -> str | None:
    """Why a new password is refused, or None when it is fine."""
    if len(password) < MIN_PASSWORD:
        return f"the password needs at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"the password can have at most {MAX_PASSWORD} characters"
    if password.strip().lower() == email.strip().lower():
        return "the password cannot be the e-mail address"
    return None


def email_problem(email: str) -> str | None:
    """Why an e-mail address is refused, or None. Only its shape is checked: one ``@`` with
    something either side, a dot in the domain, no spaces or control characters."""
    if not email or len(email) > MAX_EMAIL:
        return f"give an e-mail address of at most {MAX_EMAIL} characters"
    local, at, domain = email.rpartition("@")
    if not at or not local or "." not in domain.strip(".") or any(c.isspace() for c in email):
        return f"'{email[:60]}' is not an e-mail address"
    if any(ord(c) < 32 or ord(c) == 127 for c in email):
        return "the e-mail address has control characters"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASH = hash_password(secrets.token_hex(16))


def spend_a_verification() -> None:
    """The time a password check takes, for a sign-in with an unknown address: answering
    faster would tell which addresses have accounts (ASVS 2.2.1)."""
    password_matches(_DUMMY_HASH, "not the password")


def new_token() -> str:
    """A session token: 256 random bits (ASVS 3.2.2 asks for at least 64)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(key: str, browser_secret: str) -> str:
    """The token a form carries: an HMAC of the browser's own random cookie under the
    server's key. Another site can neither read the cookie nor compute the HMAC, so a post it
    forges carries no valid token (OWASP CSRF cheat sheet, signed double-submit cookie)."""
    return hmac.new(key.encode(), browser_secret.encode(), hashlib.sha256).hexdigest()


def csrf_valid(key: str, browser_secret: str | None, token: str | None) -> bool:
    if not browser_secret or not token:
        return False
    return hmac.compare_digest(csrf_token(key, browser_secret), token)


class FailureStore(Protocol):
    """Where failed sign-ins are kept: in memory, or in the database (shared by every server
    process: see ``storage.sign_ins``). Times are seconds since the epoch."""

    def since(self, key: str, moment: float) -> list[float]:
        """The failures of ``key`` after ``moment``, oldest first."""
        ...

    def add(self, keys: list[str], moment: float) -> None: ...

    def clear(self, key: str) -> None: ...


@dataclass
class MemoryFailures:
    """Failed sign-ins in this process's memory."""

    failures: dict[str, list[float]] = field(default_factory=dict)

    def since(self, key: str, moment: float) -> list[float]:
        kept = [t for t in self.failures.get(key, []) if t > moment]
        self.failures[key] = kept
        return kept

    def add(self, keys: list[str], moment: float) -> None:
        for key in keys:
            self.failures.setdefault(key, []).append(moment)

    def clear(self, key: str) -> None:
        self.failures.pop(key, None)


@dataclass
class SignInLimit:
    """Failed sign-ins allowed in a sliding window, per address and per client (ASVS 2.2.1):
    enough for a runner who mistypes, far too few to guess a password."""

    per_account: int = 5
    per_client: int = 20
    window_s: float = 15 * 60
    store: FailureStore = field(default_factory=MemoryFailures)

    def wait_s(self, email: str, client: str, now: float | None = None) -> float:
        """Seconds until another attempt is allowed (0 when it is allowed now)."""
        now = time.time() if now is None else now
        waits = [
            self._wait(f"account:{email}", self.per_account, now),
            self._wait(f"client:{client}", self.per_client, now),
        ]
        return max(waits)

    def failed(self, email: str, client: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        self.store.add([f"account:{email}", f"client:{client}"], now)

    def succeeded(self, email: str) -> None:
        self.store.clear(f"account:{email}")

    def _wait(self, key: str, allowed: int, now: float) -> float:
        failures = self.store.since(key, now - self.window_s)
        if len(failures) < allowed:
            return 0.0
        return failures[-allowed] + self.window_s - now


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
"""On every response (ASVS 14.4): scripts and styles only from the app's own files."""
