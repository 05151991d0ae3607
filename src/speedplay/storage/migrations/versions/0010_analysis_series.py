"""The run every few seconds with its analysis, for the web app's chart.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("analyses") as batch:
        batch.add_column(sa.Column("series", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("analyses") as batch:
        batch.drop_column("series")
