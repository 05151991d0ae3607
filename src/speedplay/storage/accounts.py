"""Accounts of the web app and their signed-in sessions.

Each account is a runner of its own: signing up creates the runner row every other table hangs
from, so an account can only ever reach its own runner's data. Passwords arrive here already
hashed, and session tokens as their SHA-256: what is stored opens nothing by itself.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from speedplay.storage.tables import accounts, runners, web_sessions, web_settings


@dataclass(frozen=True)
class Account:
    """A signed-up user: who they are, and the runner they coach."""

    id: int
    email: str
    runner_id: int
    password_hash: str


class EmailTakenError(Exception):
    """An account with this e-mail address exists already."""


def create_account(engine: Engine, email: str, password_hash: str) -> Account:
    """A new account with a runner of its own; :class:`EmailTakenError` when the address is in use
    (checked by the database's unique index, so two sign-ups at once cannot both win)."""
    with engine.begin() as connection:
        runner_id = connection.execute(insert(runners).returning(runners.c.id)).scalar_one()
        try:
            account_id = connection.execute(
                insert(accounts)
                .values(email=email, password_hash=password_hash, runner_id=runner_id)
                .returning(accounts.c.id)
            ).scalar_one()
        except IntegrityError as error:
            raise EmailTakenError(email) from error
    return Account(account_id, email, runner_id, password_hash)


def account_by_email(engine: Engine, email: str) -> Account | None:
    with engine.connect() as connection:
        row = connection.execute(_SELECT_ACCOUNT.where(accounts.c.email == email)).first()
    return Account(*row) if row else None


def set_password(engine: Engine, account_id: int, password_hash: str) -> None:
    """A new password, and every session of the account ended (the caller starts a new one)."""
    with engine.begin() as connection:
        connection.execute(
            update(accounts).where(accounts.c.id == account_id).values(password_hash=password_hash)
        )
        connection.execute(delete(web_sessions).where(web_sessions.c.account_id == account_id))


def start_session(engine: Engine, account_id: int, token_hash: str, expires_at: datetime) -> None:
    with engine.begin() as connection:
        connection.execute(
            insert(web_sessions).values(
                token_hash=token_hash, account_id=account_id, expires_at=expires_at
            )
        )


def session_account(engine: Engine, token_hash: str, now: datetime) -> Account | None:
    """The account a session token belongs to, while the session has not expired. Asked by
    every page: plain SQL through the driver (``reading.py``), a fifth of the time of the
    same query through SQLAlchemy."""
    from speedplay.storage.reading import Reader, reader_of

    with reader_of(engine) as reader:
        found = reader.rows(
            "SELECT a.id, a.email, a.runner_id, a.password_hash, s.expires_at"
            " FROM accounts a JOIN web_sessions s ON s.account_id = a.id"
            " WHERE s.token_hash = ?",
            [token_hash],
        )
    if not found:
        return None
    *account, expires_at = found[0]
    expires = Reader.moment(expires_at)
    if expires is None or _aware(expires) <= now:
        return None
    return Account(*account)


SECRETS = ("feed_token_hash", "api_token_hash")
"""The account's secrets besides its password: its calendar feed's and its API token's."""


def set_secret(engine: Engine, account_id: int, which: str, token_hash: str | None) -> None:
    """Set one of the account's :data:`SECRETS` to a new hash (the old secret stops working),
    or clear it."""
    assert which in SECRETS
    with engine.begin() as connection:
        connection.execute(
            update(accounts).where(accounts.c.id == account_id).values({which: token_hash})
        )


def account_by_secret(engine: Engine, which: str, token_hash: str) -> Account | None:
    """The account whose secret ``which`` hashes to ``token_hash``."""
    assert which in SECRETS
    with engine.connect() as connection:
        row = connection.execute(_SELECT_ACCOUNT.where(accounts.c[which] == token_hash)).first()
    return Account(*row) if row else None


def has_secret(engine: Engine, account_id: int, which: str) -> bool:
    assert which in SECRETS
    with engine.connect() as connection:
        found = connection.execute(
            select(accounts.c[which]).where(accounts.c.id == account_id)
        ).scalar()
    return found is not None


def end_session(engine: Engine, token_hash: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(web_sessions).where(web_sessions.c.token_hash == token_hash))


def setting(engine: Engine, name: str) -> str:
    """A setting of the web app, created at first use as 32 random bytes (hex): the first
    server process to ask writes it, every later one reads that value."""
    query = select(web_settings.c.value).where(web_settings.c.name == name)
    with engine.connect() as connection:
        found = connection.execute(query).scalar()
    if found is not None:
        return str(found)
    try:
        with engine.begin() as connection:
            connection.execute(insert(web_settings).values(name=name, value=secrets.token_hex(32)))
    except IntegrityError:
        pass  # another process wrote it first: theirs is the one
    with engine.connect() as connection:
        return str(connection.execute(query).scalar_one())


_SELECT_ACCOUNT = select(
    accounts.c.id, accounts.c.email, accounts.c.runner_id, accounts.c.password_hash
)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back UTC times without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
