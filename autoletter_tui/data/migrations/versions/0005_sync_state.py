"""Shop syncs remember where they stand, and find recovered checkouts by their token

One row per shop account and resource: the watermark of the last complete run (the next run
asks only for what changed since), and the next page of a run that stopped part-way, so that
the next run resumes there. Orders and abandoned checkouts get an index on the checkout token
that links a recovered checkout to its order.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 10:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "shopify",
                "billbee",
                "csv",
                "api",
                "manual",
                name="sourcekind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("account", sa.String(length=255), nullable=False),
        sa.Column("resource", sa.String(length=32), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resume", sa.Text(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
        sa.UniqueConstraint("kind", "account", "resource", name="uq_sync_state_resource"),
    )
    op.create_index("ix_orders_checkout_token", "orders", ["checkout_token"])
    op.create_index("ix_abandoned_checkout_token", "abandoned_checkout", ["token"])


def downgrade() -> None:
    op.drop_index("ix_abandoned_checkout_token", table_name="abandoned_checkout")
    op.drop_index("ix_orders_checkout_token", table_name="orders")
    op.drop_table("sync_state")
