"""Each run's analysis (against the planned session it was matched to, if any), and the
runner's log of how sessions felt or why they were skipped.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analyses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "activity_id",
            sa.Integer,
            sa.ForeignKey("activities.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column(
            "runner_id",
            sa.Integer,
            sa.ForeignKey("runners.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("run_on", sa.Date, nullable=False),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="SET NULL")),
        sa.Column("planned_on", sa.Date),
        sa.Column("matched", sa.Boolean, nullable=False),
        sa.Column("compliance", sa.Float),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("moving_s", sa.Float, nullable=False),
        sa.Column("distance_m", sa.Float, nullable=False),
        sa.Column("trimp", sa.Float),
        sa.Column("rtss", sa.Float),
        sa.Column("document", sa.Text, nullable=False),
    )
    op.create_index("ix_analyses_runner_run_on", "analyses", ["runner_id", "run_on"])
    op.create_table(
        "session_logs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "runner_id",
            sa.Integer,
            sa.ForeignKey("runners.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("rpe", sa.Float),
        sa.Column("note", sa.Text),
        sa.Column("skipped", sa.String(20)),
        sa.Column(
            "logged_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.UniqueConstraint("runner_id", "day"),
    )


def downgrade() -> None:
    op.drop_table("session_logs")
    op.drop_index("ix_analyses_runner_run_on", table_name="analyses")
    op.drop_table("analyses")
