"""Guests' orders can be kept apart as entries of their own

With guest merging off (the ``merge_guests`` setting), a Shopify sync stores each guest order
and each guest's abandoned checkout as a customer entry of its own, marked ``kept_apart``:
no record is merged into it. Every customer stored before stays as it was.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 09:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE with a constant default: no table rebuild (it would drop the search
    # triggers on customer), and no rewrite of a million rows on either engine.
    op.add_column(
        "customer",
        sa.Column("kept_apart", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE customer DROP COLUMN kept_apart")  # SQLite 3.35+, no rebuild
