"""Customers carry their full-address merge key

Imports and syncs merge a record into the customer with the same name at the same address
(``merge.address_key``). The key is cached on the customer row with an index, so that a batch
of records finds its candidates with one indexed IN query rather than by comparing addresses.
Existing customers get their key here, computed by the same functions as every later write.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 19:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from autoletter_tui.data.address_rules import PostalAddress
from autoletter_tui.data.fields import AddressKind
from autoletter_tui.data.figures import home_address
from autoletter_tui.data.merge import address_key

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000


def upgrade() -> None:
    # Plain ALTER TABLE on both engines: a batch (table rebuild) on SQLite would drop the
    # search triggers on customer.
    op.add_column("customer", sa.Column("address_key", sa.String(length=512), nullable=True))
    conn = op.get_bind()
    last = 0
    while True:
        people = conn.execute(
            sa.text(
                "SELECT id, first_name, last_name FROM customer WHERE id > :last "
                "ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not people:
            break
        last = people[-1].id
        homes: dict[int, dict[AddressKind, PostalAddress]] = {}
        for a in conn.execute(
            sa.text(
                "SELECT customer_id, kind, street, house_number, postcode, city, region, "
                "country FROM address WHERE customer_id > :first AND customer_id <= :last"
            ),
            {"first": people[0].id - 1, "last": last},
        ):
            homes.setdefault(a.customer_id, {})[AddressKind(a.kind)] = PostalAddress(
                a.street, a.house_number, a.postcode, a.city, a.region, a.country
            )
        keys = []
        for person in people:
            home = home_address(homes.get(person.id, {}))
            if home is None:
                continue
            key = address_key(
                person.first_name, person.last_name, street=home.street,
                house_number=home.house_number, postcode=home.postcode, city=home.city,
            )  # fmt: skip
            if key:
                keys.append({"id": person.id, "key": key})
        if keys:
            conn.execute(sa.text("UPDATE customer SET address_key = :key WHERE id = :id"), keys)
    op.create_index("ix_customer_address_key", "customer", ["address_key"])


def downgrade() -> None:
    op.drop_index("ix_customer_address_key", table_name="customer")
    op.execute("ALTER TABLE customer DROP COLUMN address_key")  # SQLite 3.35+, no rebuild
