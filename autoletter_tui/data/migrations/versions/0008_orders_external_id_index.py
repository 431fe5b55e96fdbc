"""Orders found by the shop's id alone

A guest's order sent again, and the order of a record nothing else identifies, is looked up
by the shop's order id across the shop's sources (``ingest._find_purchases``). No index
began with ``external_id``: at 1M customers and 3M orders one batch's look-up walked every
source of the shop (51 s on SQLite); with this index it takes milliseconds.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 04:45:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# IF (NOT) EXISTS: SQLite's driver commits DDL as it runs, so a downgrade that fails in an
# older revision leaves this one's index dropped while the version still says 0008.
def upgrade() -> None:
    op.create_index("ix_orders_external_id", "orders", ["external_id"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_orders_external_id", table_name="orders", if_exists=True)
