"""Demo data: deterministic, varied, consistent with the cached-figure rules, safe to build."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import URL, func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import psycopg
from sqlalchemy.engine import Dialect

from autoletter_tui.cli import main
from autoletter_tui.data import demo_pools
from autoletter_tui.data.bulk import converter
from autoletter_tui.data.db import open_database, parse_url
from autoletter_tui.data.demo import BATCH, DemoSpec, build_demo
from autoletter_tui.data.errors import DemoError
from autoletter_tui.data.figures import CACHED_COLUMNS, refresh_customers
from autoletter_tui.data.models import (
    AbandonedCheckout,
    Base,
    Campaign,
    CampaignKind,
    Customer,
    CustomerSource,
    EventKind,
    Letter,
    LetterStatus,
    Order,
    OrderStatus,
    RegistrationStatus,
    TimelineEvent,
)
from tests.conftest import AS_OF

SMALL = DemoSpec(customers=1500, seed=7, as_of=AS_OF)


def _dump(path: Path) -> str:
    """A digest of every table's rows in id order."""
    conn = sqlite3.connect(path)
    digest = hashlib.sha256()
    for table in Base.metadata.sorted_tables:
        for row in conn.execute(f"SELECT * FROM {table.name} ORDER BY id"):
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(parse_url(str(path)), SMALL)
    return path


def test_same_spec_gives_the_same_database(small_demo: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    build_demo(parse_url(str(again)), SMALL)
    assert _dump(again) == _dump(small_demo)
    other = tmp_path / "other.db"
    build_demo(parse_url(str(other)), DemoSpec(SMALL.customers, seed=8, as_of=AS_OF))
    assert _dump(other) != _dump(small_demo)


def test_parallel_generation_gives_the_same_database(tmp_path: Path) -> None:
    spec = DemoSpec(customers=BATCH * 2 + 10, seed=3, as_of=AS_OF)
    serial, parallel = tmp_path / "serial.db", tmp_path / "parallel.db"
    build_demo(parse_url(str(serial)), spec, workers=1)
    build_demo(parse_url(str(parallel)), spec, workers=2)
    assert _dump(serial) == _dump(parallel)
    conn = sqlite3.connect(parallel)
    # Ids continue across batches and every foreign key holds.
    assert conn.execute("SELECT min(id), max(id), count(*) FROM orders").fetchone()[0] == 1
    assert conn.execute("SELECT max(id) = count(*) FROM order_item").fetchone() == (1,)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT count(DISTINCT number) = count(*) FROM orders").fetchone() == (1,)
    conn.close()


def _assert_figures_follow_the_rules(url: str | URL, customers: int) -> None:
    """Recomputing every cached figure from the facts changes nothing."""
    db = open_database(url)
    cached = [getattr(Customer, name) for name in CACHED_COLUMNS]
    try:
        with db.engine.connect() as conn:
            before = conn.execute(select(Customer.id, *cached).order_by(Customer.id)).all()
            refresh_customers(conn, [row.id for row in before])
            after = conn.execute(select(Customer.id, *cached).order_by(Customer.id)).all()
            conn.rollback()
    finally:
        db.close()
    assert len(before) == customers
    assert before == after


def test_cached_figures_match_the_rules(small_demo: Path) -> None:
    _assert_figures_follow_the_rules(str(small_demo), SMALL.customers)


def test_demo_has_every_case_the_product_shows(small_demo: Path) -> None:
    db = open_database(str(small_demo))
    try:
        with db.sessions() as s:

            def count(*where: Any, model: Any = Customer) -> int:
                return s.scalar(select(func.count()).select_from(model).where(*where)) or 0

            per_customer = (
                select(CustomerSource.customer_id)
                .group_by(CustomerSource.customer_id)
                .having(func.count() == 3)
            )
            assert count(Customer.status == RegistrationStatus.GUEST) > 0
            assert count(Customer.manual, Customer.order_count == 0) > 0
            assert count(Customer.has_test_orders) > 0
            assert count(Customer.id.in_(per_customer)) > 0  # merged from three sources
            assert count(Customer.letter_address_complete.is_(False)) > 0
            assert count(Customer.last_scan_at.is_not(None)) > 0
            for status in (OrderStatus.CANCELED, OrderStatus.RETURNED):
                assert count(Order.status == status, model=Order) > 0
            for letter_status in LetterStatus:
                assert count(Letter.status == letter_status, model=Letter) > 0
            assert count(AbandonedCheckout.recovered_order_id.is_(None), model=AbandonedCheckout)
            assert count(AbandonedCheckout.recovered_order_id.is_not(None),
                         model=AbandonedCheckout)  # fmt: skip
            countries = set(s.scalars(select(Customer.country).distinct()))
            assert {"DE", "AT", "CH"} <= countries
            names = set(s.scalars(select(Customer.last_name)))
            assert any("ü" in n or "ö" in n or "ä" in n for n in names)
            assert any(last in names for _, last in demo_pools.TRICKY_NAMES)
            orders = s.scalar(select(func.count()).select_from(Order)) or 0
            assert 2.5 <= orders / SMALL.customers <= 3.5
    finally:
        db.close()


def test_demo_refuses_a_filled_database_and_leaves_it(small_demo: Path) -> None:
    before = hashlib.sha256(small_demo.read_bytes()).hexdigest()
    with pytest.raises(DemoError, match="already holds 1500 customers"):
        build_demo(parse_url(str(small_demo)), SMALL)
    assert hashlib.sha256(small_demo.read_bytes()).hexdigest() == before


def test_interrupted_build_leaves_no_trace(tmp_path: Path) -> None:
    target = tmp_path / "demo.db"

    def interrupt(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_demo(parse_url(str(target)), SMALL, progress=interrupt)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.pg
def test_demo_on_postgresql(pg_url: URL) -> None:
    spec = DemoSpec(customers=300, seed=5, as_of=AS_OF)
    summary = build_demo(pg_url, spec)
    assert summary.rows["customer"] == 300
    _assert_figures_follow_the_rules(pg_url, 300)
    db = open_database(pg_url)
    try:
        with db.sessions() as session:
            statuses = set(session.scalars(select(Letter.status)))
        assert statuses == set(LetterStatus)  # stored by value, read back as members
        with db.sessions.begin() as session:  # ordinary inserts after the bulk load get new ids
            campaign = Campaign(name="After", kind=CampaignKind.ONE_TIME, created_at=AS_OF)
            session.add(campaign)
            session.add(
                TimelineEvent(customer_id=1, at=AS_OF, kind=EventKind.COMMENT_CHANGED, details={})
            )
        assert campaign.id > summary.rows["campaign"]
        with db.engine.connect() as conn:  # analyzed: the planner knows the tables' sizes
            tuples = conn.exec_driver_sql(
                "SELECT reltuples FROM pg_class WHERE relname = 'order_item'"
            ).scalar_one()
        assert tuples > 0
    finally:
        db.close()


SAMPLES: dict[str, Any] = {
    "UTCDateTime": datetime(2026, 3, 29, 1, 30, 5, 120, tzinfo=UTC),
    "Money": Decimal("1234.50"),
    "FieldSetType": frozenset({"email", "letter.city"}),
    "Date": date(1984, 2, 29),
    "JSON": {"old": "a", "new": "ü"},
}


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_bulk_conversion_equals_the_column_types(dialect: str, name: str) -> None:
    """The bulk path must store exactly what the ORM would (sorting and keyset paging compare
    stored text on SQLite)."""
    dialect_obj: Dialect = (
        sqlite.dialect() if dialect == "sqlite" else psycopg.dialect()  # type: ignore[no-untyped-call]
    )
    column = next(
        c
        for table in Base.metadata.sorted_tables
        for c in table.columns
        if type(c.type).__name__ == name
    )
    value = SAMPLES[name]
    fast = converter(column.type, dialect)
    if name == "JSON":  # drivers wrap JSON in their own adapters; the text is what counts
        assert fast is not None
        assert json.loads(fast(value)) == value
        return
    impl = column.type.dialect_impl(dialect_obj)
    orm: Callable[[Any], Any] | None = impl.bind_processor(dialect_obj)
    expected = orm(value) if orm else value
    assert (fast(value) if fast else value) == expected


@pytest.mark.parametrize("order", ["before", "after"])
def test_cli_demo_takes_db_before_or_after_the_command(
    order: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "cli.db")
    db_args = ["--db", path]
    demo_args = ["demo", "--customers", "40", "--as-of", "2026-11-20"]
    argv = db_args + demo_args if order == "before" else demo_args + db_args
    assert main(argv) == 0
    assert "Demo database ready: 40 customers" in capsys.readouterr().out
    assert main(argv) == 2  # a second demo into the filled database is refused
    assert "already holds 40 customers" in capsys.readouterr().err
