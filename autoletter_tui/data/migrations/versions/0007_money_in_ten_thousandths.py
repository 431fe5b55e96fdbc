"""Amounts are stored in ten-thousandths instead of cents

Every money column held integer cents, which cannot hold KWD 12.345 or CLF 1.2345. It now
holds ten-thousandths (four decimals, the most any ISO 4217 currency has): each stored value is
multiplied by 100, exactly, on both engines. The columns stay BIGINT.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 10:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every Money column of the schema at this revision (table, column).
MONEY_COLUMNS = (
    ("customer", "lifetime_value"),
    ("orders", "total"),
    ("order_item", "unit_price"),
    ("abandoned_checkout", "value"),
    ("checkout_item", "unit_price"),
)
FACTOR = 100  # cents -> ten-thousandths
BIGINT_MAX = 2**63 - 1
SHOWN = 5  # ids named when values cannot be converted


def _refuse_unless_none(where: str, problem: str) -> None:
    """Stop the migration (and so roll it back) when ``where`` finds rows: naming the first
    ids, so that they can be corrected with the version that wrote them."""
    conn = op.get_bind()
    for table, column in MONEY_COLUMNS:
        condition = where.format(column=column)
        count = conn.execute(sa.text(f"SELECT count(*) FROM {table} WHERE {condition}")).scalar()
        if not count:
            continue
        ids = conn.execute(
            sa.text(f"SELECT id FROM {table} WHERE {condition} ORDER BY id LIMIT {SHOWN}")
        ).scalars()
        # An SQLAlchemy error: opening the database reports it as one line, not a traceback.
        raise sa.exc.SQLAlchemyError(
            f"{table}.{column}: {count} amount(s) {problem} (ids {', '.join(map(str, ids))})"
        )


def _scale(operation: str) -> None:
    """Every money column set to ``column <operation>`` ("* 100", "/ 100")."""
    if op.get_bind().dialect.name == "postgresql":
        # A rewrite of each table with its indexes built anew: an UPDATE would write a new
        # version of every row and insert it into each index (the customer table has 14, one
        # of them GIN): 27 s against 6 s for the 100,000-customer demo.
        for table, column in MONEY_COLUMNS:
            op.execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} TYPE BIGINT USING {column} {operation}"
            )
        # The rewrite drops the columns' statistics; the planner wants them for value sorts.
        op.execute(f"ANALYZE {', '.join(sorted({table for table, _ in MONEY_COLUMNS}))}")
        return
    # SQLite: a plain UPDATE, no table rebuild, so the customer table keeps its search
    # triggers (they fire on search_text only, which is not touched). 1.4 s for 100,000
    # customers.
    for table, column in MONEY_COLUMNS:
        op.execute(f"UPDATE {table} SET {column} = {column} {operation}")


def upgrade() -> None:
    # Amounts beyond +-92 trillion cannot be held at four decimals: PostgreSQL would stop on
    # the overflow, SQLite would silently turn them into floating point. None is a real
    # amount, but none is lost either: the upgrade stops before it changes anything.
    limit = BIGINT_MAX // FACTOR
    _refuse_unless_none(
        f"{{column}} > {limit} OR {{column}} < -{limit}",
        "too large to be kept at four decimals",
    )
    _scale(f"* {FACTOR}")


def downgrade() -> None:
    # Back to cents only when no amount has a fraction of a cent (KWD 12.345): nothing lost.
    _refuse_unless_none(f"{{column}} % {FACTOR} <> 0", "with fractions of a cent")
    _scale(f"/ {FACTOR}")
