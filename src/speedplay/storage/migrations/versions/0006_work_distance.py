"""The distance of a run's reps, so that the progress shows rep pace without opening each
analysis.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("analyses") as batch:
        batch.add_column(sa.Column("work_m", sa.Float))


def downgrade() -> None:
    with op.batch_alter_table("analyses") as batch:
        batch.drop_column("work_m")
