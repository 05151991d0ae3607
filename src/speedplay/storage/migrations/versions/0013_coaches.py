"""Coaches and their athletes: invitations and the links they make.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _account(name: str) -> sa.Column[int]:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )


def _created() -> sa.Column[object]:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    )


def upgrade() -> None:
    op.create_table(
        "coach_links",
        sa.Column("id", sa.Integer, primary_key=True),
        _account("coach_id"),
        _account("athlete_id"),
        _created(),
        sa.UniqueConstraint("coach_id", "athlete_id"),
    )
    op.create_index("ix_coach_links_athlete_id", "coach_links", ["athlete_id"])
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer, primary_key=True),
        _account("coach_id"),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _created(),
    )
    op.create_index("ix_invitations_coach_id", "invitations", ["coach_id"])


def downgrade() -> None:
    op.drop_index("ix_invitations_coach_id", table_name="invitations")
    op.drop_table("invitations")
    op.drop_index("ix_coach_links_athlete_id", table_name="coach_links")
    op.drop_table("coach_links")
