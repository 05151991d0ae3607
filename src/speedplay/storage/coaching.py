"""Coaches and their athletes. A coach makes an invitation; the athlete who accepts it is
linked to the coach, who then sees their plan, sessions and runs and may rewrite a session.
Nothing else opens one account's data to another."""

from __future__ import annotations

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from speedplay.storage.accounts import Account
from speedplay.storage.tables import accounts, coach_links, invitations


def invite(engine: Engine, coach_id: int, token_hash: str) -> None:
    with engine.begin() as connection:
        connection.execute(insert(invitations).values(coach_id=coach_id, token_hash=token_hash))


def invitation_coach(engine: Engine, token_hash: str) -> Account | None:
    """The coach who made the invitation with this secret, while it is open."""
    query = (
        select(accounts.c.id, accounts.c.email, accounts.c.runner_id, accounts.c.password_hash)
        .join(invitations, invitations.c.coach_id == accounts.c.id)
        .where(invitations.c.token_hash == token_hash)
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return Account(*row) if row else None


def accept(engine: Engine, token_hash: str, athlete_id: int) -> Account | None:
    """Link the athlete to the coach of the invitation, which is then used up; the coach, or
    None when the invitation is not open (or is the coach's own)."""
    coach = invitation_coach(engine, token_hash)
    if coach is None or coach.id == athlete_id:
        return None
    with engine.begin() as connection:
        connection.execute(delete(invitations).where(invitations.c.token_hash == token_hash))
        try:
            with connection.begin_nested():
                connection.execute(
                    insert(coach_links).values(coach_id=coach.id, athlete_id=athlete_id)
                )
        except IntegrityError:
            pass  # already this coach's athlete
    return coach


def athletes(engine: Engine, coach_id: int) -> list[Account]:
    """The coach's athletes, by address."""
    query = (
        select(accounts.c.id, accounts.c.email, accounts.c.runner_id, accounts.c.password_hash)
        .join(coach_links, coach_links.c.athlete_id == accounts.c.id)
        .where(coach_links.c.coach_id == coach_id)
        .order_by(accounts.c.email)
    )
    with engine.connect() as connection:
        return [Account(*row) for row in connection.execute(query)]


def athlete(engine: Engine, coach_id: int, athlete_id: int) -> Account | None:
    """The athlete ``athlete_id`` when they accepted this coach; None otherwise."""
    return next((a for a in athletes(engine, coach_id) if a.id == athlete_id), None)


def coaches(engine: Engine, athlete_id: int) -> list[str]:
    """The addresses of the athlete's coaches."""
    query = (
        select(accounts.c.email)
        .join(coach_links, coach_links.c.coach_id == accounts.c.id)
        .where(coach_links.c.athlete_id == athlete_id)
    )
    with engine.connect() as connection:
        return list(connection.execute(query).scalars())


def leave(engine: Engine, coach_id: int, athlete_id: int) -> None:
    """End the link (either side may)."""
    with engine.begin() as connection:
        connection.execute(
            delete(coach_links).where(
                coach_links.c.coach_id == coach_id, coach_links.c.athlete_id == athlete_id
            )
        )
