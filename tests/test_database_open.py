"""Opening databases: creation, migration, and refusing what is not ours without touching it."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import URL, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from autoletter_tui.data import overview as ov
from autoletter_tui.data.db import (
    Database,
    DatabaseError,
    downgrade,
    head_revision,
    open_database,
    upgrade,
)
from autoletter_tui.data.models import (
    AbandonedCheckout,
    Base,
    CheckoutItem,
    Customer,
    Order,
    OrderItem,
    OrderStatus,
    RegistrationStatus,
)
from autoletter_tui.data.search import is_search_index
from tests.conftest import AS_OF


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_new_sqlite_file_is_created_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    db = open_database(str(path))
    try:
        with db.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.close()
    assert path.exists()


def test_reopening_keeps_data(db: Database) -> None:
    with db.sessions.begin() as session:
        session.execute(
            insert(Customer).values(
                number="K1", status=RegistrationStatus.GUEST, created_at=AS_OF, updated_at=AS_OF
            )
        )
    again = open_database(db.url)
    try:
        with again.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Customer)) == 1
    finally:
        again.close()


def test_models_and_migrations_agree(db: Database) -> None:
    def include(obj: object, name: str | None, kind: str, reflected: bool, other: object) -> bool:
        return not is_search_index(name)

    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_and_upgrade_round_trip(db: Database) -> None:
    downgrade(db.engine, "base")
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is None
    upgrade(db.engine)
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()


def test_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("Einkaufsliste: Kaffee, Tee\n" * 100)
    before = _fingerprint(path)
    with pytest.raises(DatabaseError, match="not an SQLite database"):
        open_database(str(path))
    assert _fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_other_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT)")
    conn.commit()
    conn.close()
    before = _fingerprint(path)
    with pytest.raises(DatabaseError, match="not an AutoLetter database"):
        open_database(str(path))
    assert _fingerprint(path) == before


def test_newer_schema_is_refused_untouched(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    db.close()
    path = Path(db.url.database or "") if db.is_sqlite else None
    before = _fingerprint(path) if path else None
    with pytest.raises(DatabaseError, match="newer than this autoletter-tui"):
        open_database(db.url)
    if path:
        assert _fingerprint(path) == before


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense://", "unsupported database kind"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/none", "cannot open"),
        ("/no/such/folder/autoletter.db", "does not exist"),
    ],
)
def test_unusable_urls_give_one_line_errors(url: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message) as caught:
        open_database(url)
    assert "\n" not in str(caught.value)


def test_password_is_not_shown_in_errors() -> None:
    with pytest.raises(DatabaseError) as caught:
        open_database("postgresql://operator:s3cret@127.0.0.1:1/none")
    assert "s3cret" not in str(caught.value)


def test_cli_exits_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"\x00\x01garbage" * 50)
    before = _fingerprint(path)
    result = subprocess.run(
        [sys.executable, "-m", "autoletter_tui", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("autoletter-tui: error: ")
    assert _fingerprint(path) == before


def test_revision_files_read_without_alembic_agree_with_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", "autoletter_tui.data:migrations")
    script = ScriptDirectory.from_config(cfg)
    assert head_revision() == script.get_current_head()


def test_starting_on_an_up_to_date_database_does_not_load_alembic(sqlite_path: Path) -> None:
    code = (
        "import sys\n"
        "from autoletter_tui.data.db import open_database\n"
        f"open_database({str(sqlite_path)!r}).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


def test_upgrading_from_the_first_schema_keeps_data(database_url: URL) -> None:
    db = open_database(database_url)
    try:
        downgrade(db.engine, "0001")
        with db.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO customer (number, status, first_name, last_name, email, company, "
                "phone, comment, manual, created_at, updated_at, version, order_count, "
                "lifetime_value, has_test_orders, letter_address_complete, sort_name, city, "
                "country, search_text) VALUES ('K7', 'guest', 'Jürgen', 'Müller', '', '', '', "
                "'', false, '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00', 1, 0, 0, false, "
                "false, 'muller jurgen', '', '', 'jurgen muller k7')"
            )
            # Migration 0004 gives existing customers their address key from the delivery
            # address (the home address), not the letter address.
            for kind, street in (("letter", "Marktplatz"), ("delivery", "Hauptstraße")):
                conn.exec_driver_sql(
                    "INSERT INTO address (customer_id, kind, name, company, street, "
                    "house_number, line2, postcode, city, region, country) SELECT id, "
                    f"'{kind}', '', '', '{street}', '5', '', '01067', 'Dresden', '', 'DE' "
                    "FROM customer"
                )
    finally:
        db.close()
    upgraded = open_database(database_url)  # migrates to the head on open
    try:
        with upgraded.sessions() as session:
            names = session.execute(select(Customer.first_name, Customer.last_name)).all()
            found = session.execute(
                select(func.count()).select_from(Customer).where(Customer.search_text != "")
            ).scalar_one()
        assert names == [("Jürgen", "Müller")]
        assert found == 1
        with upgraded.sessions() as session:
            key = session.scalar(select(Customer.address_key))
        assert key == "jurgen|muller|hauptstrasse5|01067|dresden"
        if upgraded.url.get_backend_name() == "postgresql":
            with upgraded.engine.connect() as conn:
                hits = conn.exec_driver_sql(
                    "SELECT count(*) FROM customer "
                    "WHERE search_vector @@ to_tsquery('simple', 'mul:*')"
                ).scalar_one()
            assert hits == 1
    finally:
        upgraded.close()


# Migration 0007: stored cents become ten-thousandths. Rows in cents as revision 0006 stored
# them, and the amounts they must read as afterwards.
_IN_CENTS = (
    "INSERT INTO customer (id, number, status, first_name, last_name, email, company, phone, "
    "comment, manual, created_at, updated_at, version, order_count, lifetime_value, "
    "has_test_orders, letter_address_complete, sort_name, city, country, search_text, "
    "kept_apart) VALUES (1, 'K1', 'guest', 'Jürgen', 'Müller', '', '', '', '', false, "
    "'2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 1, 2, 123456789, false, "
    "false, 'muller jurgen', '', '', 'jurgen muller k1', false)",
    "INSERT INTO orders (id, customer_id, number, placed_at, total, currency, status, is_test) "
    "VALUES (1, 1, '1', '2026-01-01 00:00:00.000000', 1230, 'EUR', 'paid', false), "
    "(2, 1, '2', '2026-01-02 00:00:00.000000', -550, 'EUR', 'returned', false)",
    "INSERT INTO order_item (id, order_id, sku, title, quantity, unit_price) "
    "VALUES (1, 1, 'A', 'Tasse', 1, 1)",
    "INSERT INTO abandoned_checkout (id, customer_id, token, created_at, value, currency) "
    "VALUES (1, 1, 't', '2026-01-01 00:00:00.000000', 99999999999, 'EUR')",
    "INSERT INTO checkout_item (id, checkout_id, sku, title, quantity, unit_price) "
    "VALUES (1, 1, 'A', 'Tasse', 1, 0)",
)
_READ_AFTER = {
    "customer.lifetime_value": ["1234567.89"],
    "orders.total": ["12.30", "-5.50"],
    "order_item.unit_price": ["0.01"],
    "abandoned_checkout.value": ["999999999.99"],
    "checkout_item.unit_price": ["0.00"],
}
_MONEY_COLUMNS = {
    "customer.lifetime_value": Customer.lifetime_value,
    "orders.total": Order.total,
    "order_item.unit_price": OrderItem.unit_price,
    "abandoned_checkout.value": AbandonedCheckout.value,
    "checkout_item.unit_price": CheckoutItem.unit_price,
}


def _at_0006_with(database_url: URL, *statements: str) -> None:
    db = open_database(database_url)
    try:
        downgrade(db.engine, "0006")
        with db.engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        db.close()


def _schema_objects(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        if db.is_sqlite:
            return sorted(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
        return sorted(
            conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
            ).scalars()
        )


def test_upgrading_from_cents_keeps_every_amount(database_url: URL) -> None:
    _at_0006_with(database_url, *_IN_CENTS)
    with closing(open_database(database_url, migrate=False)) as before:
        objects = _schema_objects(before)
    upgraded = open_database(database_url)  # migrates to the head on open
    try:
        with upgraded.sessions() as session:
            read = {
                name: [str(v) for v in session.scalars(select(column).order_by(column.class_.id))]
                for name, column in _MONEY_COLUMNS.items()
            }
            # The search triggers survived (no table rebuild): the customer is still found.
            found = ov.page(session, ov.ListQuery(search="mull"), AS_OF)
        assert read == _READ_AFTER
        assert [row.id for row in found] == [1]
        # Nothing was rebuilt or lost; 0008 adds its index.
        assert set(_schema_objects(upgraded)) == {*objects, "ix_orders_external_id"}
    finally:
        upgraded.close()


def test_an_amount_too_large_for_four_decimals_stops_the_upgrade_unchanged(
    database_url: URL,
) -> None:
    """Beyond ±92 trillion no BIGINT holds the amount at four decimals: the upgrade refuses
    with one line naming the rows, and the database stays at 0006 with its cents."""
    too_large = 2**63 // 100 + 1
    _at_0006_with(
        database_url,
        *_IN_CENTS,
        f"UPDATE orders SET total = {too_large} WHERE id = 2",
    )
    with pytest.raises(DatabaseError, match=r"orders\.total: 1 amount\(s\) too large .*ids 2"):
        open_database(database_url)
    with closing(open_database(database_url, migrate=False)) as db, db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0006"
        totals = conn.execute(text("SELECT total FROM orders ORDER BY id")).scalars().all()
        assert totals == [1230, too_large]


def test_downgrading_to_cents_refuses_fractions_of_a_cent(db: Database) -> None:
    with db.sessions.begin() as session:
        customer = Customer(
            number="K1", status=RegistrationStatus.GUEST, created_at=AS_OF, updated_at=AS_OF
        )
        customer.orders = [
            Order(number="1", placed_at=AS_OF, total=Decimal("12.345"), currency="KWD",
                  status=OrderStatus.PAID)
        ]  # fmt: skip
        session.add(customer)
    with pytest.raises(SQLAlchemyError, match=r"lifetime_value: 1 amount\(s\) with fractions"):
        downgrade(db.engine, "0006")
    with db.sessions.begin() as session:
        session.scalars(select(Order)).one().total = Decimal("12.34")  # the figures follow
    downgrade(db.engine, "0006")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT total FROM orders")).scalar() == 1234
