"""What the history and the progress read without opening each analysis: the hard seconds and
the planned family of a run, and the best efforts inside it.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("analyses") as batch:
        batch.add_column(sa.Column("work_s", sa.Float))
        batch.add_column(sa.Column("family", sa.String(20)))
    op.create_table(
        "best_efforts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "analysis_id",
            sa.Integer,
            sa.ForeignKey("analyses.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "runner_id",
            sa.Integer,
            sa.ForeignKey("runners.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("run_on", sa.Date, nullable=False),
        sa.Column("label", sa.String(10), nullable=False),
        sa.Column("metres", sa.Float, nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
    )
    op.create_index("ix_best_efforts_runner_label", "best_efforts", ["runner_id", "label"])


def downgrade() -> None:
    op.drop_index("ix_best_efforts_runner_label", table_name="best_efforts")
    op.drop_table("best_efforts")
    with op.batch_alter_table("analyses") as batch:
        batch.drop_column("family")
        batch.drop_column("work_s")
