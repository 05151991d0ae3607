"""The runner's profile and races.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runners",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200)),
        sa.Column("lthr", sa.Float),
        sa.Column("max_hr", sa.Float),
        sa.Column("rest_hr", sa.Float),
        sa.Column("units", sa.String(8)),
        sa.Column("level", sa.String(20)),
        sa.Column("weekly_km", sa.Float),
        sa.Column("speed_day", sa.String(3)),
        sa.Column("days_available", sa.String(40)),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
    )
    op.create_table(
        "races",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "runner_id",
            sa.Integer,
            sa.ForeignKey("runners.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("metres", sa.Float, nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
        sa.Column("run_on", sa.Date),
    )
    op.create_index("ix_races_runner_id", "races", ["runner_id"])


def downgrade() -> None:
    op.drop_index("ix_races_runner_id", table_name="races")
    op.drop_table("races")
    op.drop_table("runners")
