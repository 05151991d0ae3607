"""The activities indexed by runner and start time together: the import's one query per file
(is this run stored already, from another service?) read every one of the runner's files
through the (runner, content hash) index before.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_activities_runner_start", "activities", ["runner_id", "start_time"])
    op.drop_index("ix_activities_start_time", table_name="activities")


def downgrade() -> None:
    op.create_index("ix_activities_start_time", "activities", ["start_time"])
    op.drop_index("ix_activities_runner_start", table_name="activities")
