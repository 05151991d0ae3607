"""The account's token for the JSON API: the hash of it.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("api_token_hash", sa.String(64)))
        batch.create_unique_constraint("uq_accounts_api_token_hash", ["api_token_hash"])


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_constraint("uq_accounts_api_token_hash", type_="unique")
        batch.drop_column("api_token_hash")
