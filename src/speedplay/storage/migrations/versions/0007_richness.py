"""How much a stored run's file carries (channels, laps, format), so that of two copies of one
run the richer is kept.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("richness", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("richness")
