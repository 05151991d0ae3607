"""The runner's private calendar feed: the hash of the secret in its address.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("feed_token_hash", sa.String(64)))
        batch.create_unique_constraint("uq_accounts_feed_token_hash", ["feed_token_hash"])


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_constraint("uq_accounts_feed_token_hash", type_="unique")
        batch.drop_column("feed_token_hash")
