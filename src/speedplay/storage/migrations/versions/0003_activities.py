"""Imported activities, one row per file, identified by the hash of its content.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "runner_id",
            sa.Integer,
            sa.ForeignKey("runners.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("message", sa.Text),
        sa.Column("start_time", sa.DateTime(timezone=True)),
        sa.Column("sport", sa.String(40)),
        sa.Column("device", sa.String(100)),
        sa.Column("elapsed_s", sa.Float),
        sa.Column("distance_m", sa.Float),
        sa.Column(
            "imported_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.UniqueConstraint("runner_id", "content_hash"),
    )
    op.create_index("ix_activities_start_time", "activities", ["start_time"])


def downgrade() -> None:
    op.drop_index("ix_activities_start_time", table_name="activities")
    op.drop_table("activities")
