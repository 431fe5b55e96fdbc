"""The domain on both engines: exact money, UTC times, ownership, optimistic locking, cached
figures kept correct on every write, and the search index."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from autoletter_tui.data import figures
from autoletter_tui.data.db import Database
from autoletter_tui.data.fields import OWNED_FIELDS, AddressKind, address_fields, mask_of, set_of
from autoletter_tui.data.models import (
    Address,
    Base,
    Campaign,
    CampaignKind,
    Customer,
    CustomerSource,
    Letter,
    LetterStatus,
    Order,
    OrderItem,
    OrderStatus,
    RegistrationStatus,
    SourceKind,
)
from autoletter_tui.data.search import fold, search_text, tokens
from tests.conftest import AS_OF


def new_customer(number: str = "K1", **values: object) -> Customer:
    fields: dict[str, object] = {
        "number": number,
        "status": RegistrationStatus.REGISTERED,
        "created_at": AS_OF,
        "updated_at": AS_OF,
    }
    fields.update(values)
    return Customer(**fields)


def order(
    number: str,
    total: str,
    *,
    days_ago: int = 1,
    status: OrderStatus = OrderStatus.FULFILLED,
    is_test: bool = False,
    currency: str = "EUR",
) -> Order:
    return Order(
        number=number,
        placed_at=AS_OF - timedelta(days=days_ago),
        total=Decimal(total),
        currency=currency,
        status=status,
        is_test=is_test,
    )


def reload(session: Session, customer_id: int) -> Customer:
    session.expire_all()
    customer = session.get(Customer, customer_id)
    assert customer is not None
    return customer


def test_money_is_exact_decimal(db: Database) -> None:
    with db.sessions.begin() as session:
        c = new_customer()
        c.orders = [order(f"#{n}", "0.10") for n in range(10)]
        c.orders[0].items = [OrderItem(sku="A", title="t", quantity=3, unit_price=Decimal("0.10"))]
        session.add(c)
    with db.sessions() as session:
        loaded = reload(session, c.id)
        assert loaded.lifetime_value == Decimal("1.00")  # ten times 0.10, no float drift
        assert loaded.orders[0].items[0].unit_price == Decimal("0.10")


@pytest.mark.parametrize(
    ("amount", "currency", "read"),
    [
        ("12.345", "KWD", "12.345"),
        ("1000", "JPY", "1000.00"),
        ("0.01", "EUR", "0.01"),
        ("1.2345", "CLF", "1.2345"),
        ("-3.5", "EUR", "-3.50"),
    ],
)
def test_every_currencys_amounts_are_stored_exactly(
    db: Database, amount: str, currency: str, read: str
) -> None:
    """Amounts read back with their decimals, at least two: 12.345, 1000.00, 0.01, 1.2345."""
    with db.sessions.begin() as session:
        c = new_customer()
        c.orders = [order("#1", amount, currency=currency)]
        c.orders[0].items = [OrderItem(title="t", unit_price=Decimal(amount))]
        session.add(c)
    with db.sessions() as session:
        loaded = reload(session, c.id)
        total, price = loaded.orders[0].total, loaded.orders[0].items[0].unit_price
        assert str(total) == str(price) == str(loaded.lifetime_value) == read
        assert loaded.currency == currency


def test_sums_of_many_amounts_stay_exact(db: Database) -> None:
    """SQL's SUM() over the stored integers, as the KPIs sum lifetime values: no float drift,
    however many amounts, whatever their decimals."""
    amounts = {"KWD": Decimal("0.001"), "EUR": Decimal("0.10"), "CLF": Decimal("0.0001")}
    with db.sessions.begin() as session:
        for i in range(300):
            currency = list(amounts)[i % 3]
            c = new_customer(f"K{i}")
            c.orders = [order("#1", str(amounts[currency]), currency=currency)]
            session.add(c)
    with db.sessions() as session:
        sums = session.execute(
            select(Customer.currency, func.sum(Customer.lifetime_value)).group_by(Customer.currency)
        ).all()
    assert {c: str(v) for c, v in sums} == {"KWD": "0.10", "EUR": "10.00", "CLF": "0.01"}


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("846.1929411764705882352941177", "more than 4 decimals"),
        ("12.34567", "more than 4 decimals"),
        ("1e17", "beyond what an amount column holds"),
        ("NaN", "not an amount"),
    ],
)
def test_amounts_the_column_cannot_hold_are_refused(
    db: Database, amount: str, message: str
) -> None:
    with db.sessions() as session:
        c = new_customer()
        c.orders = [order("#1", amount)]
        session.add(c)
        with pytest.raises(StatementError, match=message):
            session.flush()


def test_times_are_utc_aware_and_naive_times_refused(db: Database) -> None:
    berlin = datetime.fromisoformat("2026-03-29T03:30:00+02:00")
    with db.sessions.begin() as session:
        c = new_customer(created_at=berlin)
        session.add(c)
    with db.sessions() as session:
        loaded = reload(session, c.id)
        assert loaded.created_at == berlin
        assert loaded.created_at.tzinfo == UTC
    with db.sessions() as session:
        session.add(new_customer("K2", created_at=datetime(2026, 1, 1)))  # noqa: DTZ001
        with pytest.raises(StatementError, match="naive datetime"):
            session.flush()


def test_field_ownership_round_trips_as_a_set(db: Database) -> None:
    owned = frozenset({"email", "phone", *address_fields(AddressKind.LETTER)})
    with db.sessions.begin() as session:
        c = new_customer()
        c.sources = [CustomerSource(kind=SourceKind.CSV, label="CSV Import", fields=owned)]
        session.add(c)
    with db.sessions() as session:
        assert reload(session, c.id).sources[0].fields == owned


def test_field_set_encoding_is_stable() -> None:
    # The bit of a field is its position in OWNED_FIELDS: stored data depends on it.
    assert OWNED_FIELDS[:6] == ("first_name", "last_name", "email", "company", "phone", "birthday")
    assert mask_of(frozenset({"first_name", "email"})) == 0b101
    assert set_of(mask_of(frozenset(OWNED_FIELDS))) == frozenset(OWNED_FIELDS)
    with pytest.raises(ValueError, match="unknown owned field"):
        mask_of(frozenset({"shoe_size"}))


def test_stale_version_is_refused(db: Database) -> None:
    with db.sessions.begin() as session:
        c = new_customer(first_name="Anna")
        session.add(c)
    first, second = db.sessions(), db.sessions()
    try:
        a = first.get(Customer, c.id)
        b = second.get(Customer, c.id)
        assert a is not None
        assert b is not None
        a.first_name = "Anne"
        first.commit()
        b.first_name = "Annette"
        with pytest.raises(StaleDataError):
            second.commit()
    finally:
        first.close()
        second.close()
    with db.sessions() as session:
        stored = reload(session, c.id)
        assert (stored.first_name, stored.version) == ("Anne", 2)


def test_email_merge_key_is_unique(db: Database) -> None:
    with db.sessions() as session:
        session.add_all(
            [new_customer("K1", email_key="anna@example.com"),
             new_customer("K2", email_key="anna@example.com")]
        )  # fmt: skip
        with pytest.raises(IntegrityError):
            session.flush()


def test_order_figures_follow_every_write(db: Database) -> None:
    with db.sessions.begin() as session:
        c = new_customer()
        session.add(c)
    with db.sessions.begin() as session:
        customer = reload(session, c.id)
        customer.orders.append(order("#1", "10.00", days_ago=30))
        customer.orders.append(order("#2", "5.50", days_ago=3, status=OrderStatus.RETURNED))
        customer.orders.append(order("#3", "99.00", days_ago=2, status=OrderStatus.CANCELED))
        customer.orders.append(order("#4", "1.00", days_ago=1, is_test=True))
        session.flush()
        # The same session sees the refreshed figures right after the flush.
        assert customer.order_count == 2
    with db.sessions() as session:
        customer = reload(session, c.id)
        assert customer.order_count == 2  # canceled and test orders do not count
        assert customer.lifetime_value == Decimal("15.50")
        assert customer.currency == "EUR"
        assert customer.has_test_orders
        assert customer.last_order_at == AS_OF - timedelta(days=2)  # a canceled order was placed
    with db.sessions.begin() as session:
        customer = reload(session, c.id)
        session.delete(next(o for o in customer.orders if o.number == "#1"))
    with db.sessions() as session:
        customer = reload(session, c.id)
        assert (customer.order_count, customer.lifetime_value) == (1, Decimal("5.50"))


def test_lifetime_value_is_in_the_latest_currency(db: Database) -> None:
    with db.sessions.begin() as session:
        c = new_customer()
        c.orders = [
            order("#1", "10.00", days_ago=40, currency="EUR"),
            order("#2", "20.00", days_ago=5, currency="CHF"),
            order("#3", "30.00", days_ago=9, currency="CHF"),
        ]
        session.add(c)
    with db.sessions() as session:
        customer = reload(session, c.id)
        assert (customer.currency, customer.lifetime_value) == ("CHF", Decimal("50.00"))
        assert customer.order_count == 3


def test_profile_figures_follow_address_and_source_changes(db: Database) -> None:
    with db.sessions.begin() as session:
        c = new_customer(first_name="Jürgen", last_name="Müller", email="J.Mueller@Example.com")
        c.addresses = [
            Address(kind=AddressKind.DELIVERY, street="Hauptstraße", house_number="5a",
                    postcode="10115", city="Berlin", country="DE"),
            Address(kind=AddressKind.LETTER, street="Hauptstraße", house_number="",
                    postcode="10115", city="Berlin", country="DE"),
        ]  # fmt: skip
        c.sources = [CustomerSource(kind=SourceKind.SHOPIFY, label="Shopify: Kaffeerösterei")]
        session.add(c)
    with db.sessions() as session:
        customer = reload(session, c.id)
        assert (customer.city, customer.country) == ("Berlin", "DE")
        assert customer.sort_name == "muller jurgen"
        assert not customer.letter_address_complete  # no house number
        assert {"jurgen", "muller", "berlin", "kaffeerosterei", "k1"} <= set(
            customer.search_text.split()
        )
    with db.sessions.begin() as session:
        customer = reload(session, c.id)
        letter = customer.address(AddressKind.LETTER)
        assert letter is not None
        letter.house_number = "7"
    with db.sessions() as session:
        assert reload(session, c.id).letter_address_complete


def test_letter_figures(db: Database) -> None:
    with db.sessions.begin() as session:
        c = new_customer()
        campaign = Campaign(name="Danke", kind=CampaignKind.ONE_TIME, created_at=AS_OF)
        session.add_all([c, campaign])
        session.flush()
        session.add_all([
            Letter(campaign_id=campaign.id, customer_id=c.id, status=LetterStatus.DELIVERED,
                   token="t1", address_lines="A", body="B", accepted_at=AS_OF - timedelta(days=9),
                   scanned_at=AS_OF - timedelta(days=2)),
            Letter(campaign_id=campaign.id, customer_id=c.id, status=LetterStatus.FAILED,
                   token="t2", address_lines="A", body="B", accepted_at=AS_OF - timedelta(days=1)),
        ])  # fmt: skip
    with db.sessions() as session:
        customer = reload(session, c.id)
        assert customer.last_letter_at == AS_OF - timedelta(days=9)  # a failed letter never came
        assert customer.last_scan_at == AS_OF - timedelta(days=2)


def test_folding_matches_how_operators_type() -> None:
    assert fold("Müller") == "muller"
    assert fold("STRAßE") == "strasse"
    assert fold("Łukasz Ødegaard") == "lukasz odegaard"
    assert tokens('x[/] "OR" NEAR(*') == ("x", "or", "near")
    assert search_text(["Anna", "anna@gmail.com", "Anna"]) == "anna gmail com"


def _search_ids(session: Session, query: str) -> set[int]:
    """Customers whose indexed text has every token of ``query`` as a prefix of some word."""
    words = tokens(query)
    if session.bind is not None and session.bind.dialect.name == "sqlite":
        match = " ".join(f'"{w}"*' for w in words)
        sql = "SELECT rowid FROM customer_search WHERE customer_search MATCH :q"
        return set(session.execute(text(sql), {"q": match}).scalars())
    tsquery = " & ".join(f"{w}:*" for w in words)
    sql = "SELECT id FROM customer WHERE search_vector @@ to_tsquery('simple', :q)"
    return set(session.execute(text(sql), {"q": tsquery}).scalars())


def test_search_index_is_accent_insensitive_and_kept_in_step(db: Database) -> None:
    with db.sessions.begin() as session:
        mueller = new_customer("K1", first_name="Jürgen", last_name="Müller", email="jm@web.de")
        schmidt = new_customer("K2", first_name="Anna", last_name="Schmidt", email="as@gmail.com")
        session.add_all([mueller, schmidt])
    with db.sessions() as session:
        assert _search_ids(session, "muller") == {mueller.id}
        assert _search_ids(session, "MÜL") == {mueller.id}
        assert _search_ids(session, "gmail") == {schmidt.id}
        assert _search_ids(session, "anna sch") == {schmidt.id}
        assert _search_ids(session, '"sch" OR *') == set()  # syntax is text, and "or" matches none
    with db.sessions.begin() as session:
        reload(session, schmidt.id).last_name = "Schulz-Ödegaard"
    with db.sessions() as session:
        assert _search_ids(session, "odegaard") == {schmidt.id}
        assert _search_ids(session, "schmidt") == set()
    with db.sessions.begin() as session:
        session.delete(reload(session, mueller.id))
    with db.sessions() as session:
        assert _search_ids(session, "muller") == set()


def test_deleting_a_customer_removes_their_records(db: Database) -> None:
    with db.sessions.begin() as session:
        c = new_customer()
        c.orders = [order("#1", "1.00")]
        c.orders[0].items = [OrderItem(sku="A", title="t", unit_price=Decimal("1.00"))]
        session.add(c)
    with db.sessions.begin() as session:
        session.delete(reload(session, c.id))
    with db.sessions() as session:
        assert session.scalars(select(Order)).all() == []
        assert session.scalars(select(OrderItem)).all() == []


@pytest.mark.parametrize("how", ["foreign key", "relationship"])
def test_moving_an_order_updates_both_customers(db: Database, how: str) -> None:
    with db.sessions.begin() as session:
        a, b = new_customer("K1"), new_customer("K2")
        a.orders = [order("#1", "10.00"), order("#2", "5.00")]
        session.add_all([a, b])
    with db.sessions.begin() as session:
        moved = session.scalars(select(Order).where(Order.number == "#1")).one()
        if how == "foreign key":
            moved.customer_id = b.id
        else:
            target = session.get(Customer, b.id)
            assert target is not None
            moved.customer = target
    with db.sessions() as session:
        assert reload(session, a.id).order_count == 1
        assert reload(session, a.id).lifetime_value == Decimal("5.00")
        assert reload(session, b.id).order_count == 1
        assert reload(session, b.id).lifetime_value == Decimal("10.00")


def test_every_session_factory_keeps_figures_even_at_a_reused_address() -> None:
    """A sessionmaker created after another was garbage-collected often gets its address;
    SQLAlchemy's event registry then reads the hook as installed. Every factory must still
    refresh figures (a database opened later in a process, every test database)."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    for n in range(40):
        sessions = sessionmaker(engine)
        figures.install(sessions)
        with sessions.begin() as session:
            c = new_customer(f"K{n}")
            c.addresses = [Address(kind=AddressKind.DELIVERY, city="Berlin", country="DE")]
            session.add(c)
        with engine.connect() as conn:
            city = conn.scalar(select(Customer.city).where(Customer.number == f"K{n}"))
        assert city == "Berlin", n
        del sessions
        gc.collect()
