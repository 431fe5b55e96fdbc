"""`import api`: customers with addresses and orders as JSON (one object, a list, JSON Lines),
validated by pydantic and the editor's rules, stored with the source "API" on both engines;
invalid objects reported by index and field, the valid ones stored; sending the same data again
changes nothing."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from autoletter_tui.cli import main
from autoletter_tui.data.db import Database
from autoletter_tui.data.edits import field_values
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.models import Customer, Order, OrderItem, SourceKind
from autoletter_tui.sources.api_import import import_api
from autoletter_tui.sources.ingest import Summary
from tests.conftest import AS_OF

NOW = AS_OF + timedelta(days=1)
ANNA: dict[str, Any] = {
    "id": "c-1",
    "first_name": "Anna",
    "last_name": "Schmidt",
    "email": "Anna@Example.DE",
    "phone": "030 1234567",
    "birthday": "1984-05-17",
    "address": {"street": "Hauptstraße", "house_number": "5", "postcode": "10115",
                "city": "Berlin", "country": "DE"},
    "letter_address": {"name": "Anna Schmidt", "street": "Postfach", "house_number": "12",
                       "postcode": "10117", "city": "Berlin", "country": "DE"},
    "orders": [{"id": "o-1", "number": "1001", "placed_at": "2026-11-02T10:15:00+01:00",
                "total": "59.90", "currency": "EUR",
                "items": [{"sku": "MUG-01", "title": "Tasse", "quantity": 2,
                           "unit_price": "29.95"}]}],
}  # fmt: skip


def send(db: Database, text: str, **options: Any) -> Summary:
    return import_api(db.engine, io.StringIO(text), "test", NOW, **options)


def anna(db: Database) -> Customer:
    with db.sessions() as session:
        found = session.scalars(
            select(Customer)
            .where(Customer.email_key == "anna@example.de")
            .options(selectinload(Customer.sources), selectinload(Customer.addresses))
        ).one()
        return found


def count(db: Database, model: Any) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_customer_with_addresses_and_orders_is_stored(db: Database) -> None:
    summary = send(db, json.dumps(ANNA))
    assert (summary.created, summary.orders, summary.skipped) == (1, 1, 0)
    stored = anna(db)
    values = field_values(stored)
    assert stored.phone == "+49301234567"
    assert values["delivery.street"] == "Hauptstraße"
    assert values["billing.postcode"] == "10115"  # "address" stands for every kind not given
    assert values["letter.street"] == "Postfach"  # a kind given on its own wins
    assert [(s.kind, s.label, s.external_id) for s in stored.sources] == [
        (SourceKind.API, "API", "c-1")
    ]
    assert (stored.order_count, stored.lifetime_value) == (1, Decimal("59.90"))
    with db.sessions() as session:
        item = session.scalars(select(OrderItem)).one()
        assert (item.sku, item.quantity, item.unit_price) == ("MUG-01", 2, Decimal("29.95"))


@pytest.mark.parametrize("shape", ["list", "lines"])
def test_lists_and_json_lines_report_invalid_objects_by_index_and_field(
    db: Database, shape: str
) -> None:
    objects = [
        ANNA,
        {"email": "not-an-email", "first_name": "X"},
        {"first_name": "Ben", "orders": [{"id": "o-2", "number": "2", "total": "1",
                                          "currency": "EUR", "placed_at": "2026-11-02"}]},
        {"first_name": "Cem", "shoe_size": 44},
        {"first_name": "Dora", "phone": "12"},
    ]  # fmt: skip
    text = json.dumps(objects) if shape == "list" else "\n".join(map(json.dumps, objects))
    summary = send(db, text)
    assert summary.created == 1
    found = [(p.where, p.column) for p in summary.problems]
    assert found == [
        ("object 1", "email"),
        ("object 2", "orders.0.placed_at"),  # a time without its offset is ambiguous
        ("object 3", "shoe_size"),
        ("object 4", "phone"),  # strict: the client fixes the object and sends it again
    ]
    assert count(db, Customer) == 1


def test_amounts_are_checked_against_their_currencys_digits(db: Database) -> None:
    """KWD has three decimals, EUR two, JPY none: 12.345 is an amount in KWD and not in EUR;
    an invalid amount or currency is reported by its field and the object left out whole."""

    def with_order(number: str, total: Any, currency: str, **item: Any) -> dict[str, Any]:
        order = {"id": f"o-{number}", "number": number, "placed_at": "2026-11-02T10:15:00Z",
                 "total": total, "currency": currency}  # fmt: skip
        if item:
            order["items"] = [{"title": "Tasse", **item}]
        return {"id": f"c-{number}", "first_name": f"Kunde {number}", "orders": [order]}

    summary = send(db, json.dumps([
        with_order("1", "12.345", "KWD", unit_price=12.345),  # a JSON number as well
        with_order("2", "1000", "JPY"),
        with_order("3", "12.345", "EUR"),
        with_order("4", "1000.5", "JPY"),
        with_order("5", "1.00", "EUR", unit_price="0.005"),
        with_order("6", "1.00", "eur"),
        with_order("7", "-1", "EUR"),
        with_order("8", "1e13", "EUR"),
    ]))  # fmt: skip
    assert [(p.where, p.column, p.reason) for p in summary.problems] == [
        ("object 2", "orders.0.total", "12.345 EUR has more decimals than the currency's 2"),
        ("object 3", "orders.0.total", "1000.5 JPY has more decimals than the currency's 0"),
        ("object 4", "orders.0.items", "0.005 EUR has more decimals than the currency's 2"),
        ("object 5", "orders.0.currency", "'eur' is not an ISO 4217 currency code"),
        ("object 6", "orders.0.total", "-1 EUR is negative"),
        ("object 7", "orders.0.total", "1E+13 EUR is beyond any real amount"),
    ]
    with db.sessions() as session:
        stored = session.execute(select(Order.currency, Order.total).order_by(Order.id)).all()
        price = session.scalars(select(OrderItem.unit_price)).one()
    assert [(c, str(t)) for c, t in stored] == [("KWD", "12.345"), ("JPY", "1000.00")]
    assert str(price) == "12.345"


def test_sending_the_same_data_again_changes_nothing(db: Database) -> None:
    send(db, json.dumps(ANNA))
    version = anna(db).version
    again = send(db, json.dumps([ANNA]))
    assert (again.created, again.changed, again.orders) == (0, 0, 0)
    assert count(db, Order) == 1
    assert anna(db).version == version


def test_our_customer_id_matches_after_the_other_keys(db: Database) -> None:
    send(db, json.dumps(ANNA))
    customer_id = anna(db).id
    update = {"customer_id": customer_id, "company": "Schmidt GmbH",
              "orders": [{"id": "o-7", "number": "1007", "placed_at": "2026-11-10T09:00:00Z",
                          "total": "10.00", "currency": "EUR"}]}  # fmt: skip
    summary = send(db, json.dumps(update))
    assert (summary.merged, summary.changed, summary.orders) == (1, 1, 1)
    assert anna(db).company == "Schmidt GmbH"
    assert anna(db).order_count == 2
    unknown = send(db, json.dumps({"customer_id": 987654, "company": "Nobody"}))
    assert [(p.column, p.reason) for p in unknown.problems] == [
        ("customer_id", "No customer has this id.")
    ]


@pytest.mark.parametrize(
    "text", ['[{"email": "x@example.de"', '{"email": "a@example.de"}\n{oops}\n', "   "]
)
def test_input_that_is_no_json_is_refused_and_nothing_stored(db: Database, text: str) -> None:
    with pytest.raises(UserError):
        send(db, text)
    assert count(db, Customer) == 0


def test_the_command_reads_stdin_and_exits_1_when_objects_were_skipped(
    sqlite_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps([ANNA, {"email": "bad"}])))
    assert main(["--db", str(sqlite_path), "import", "api", "-"]) == 1
    out, err = capsys.readouterr()
    assert "2 records: 1 new customer, 1 skipped, 1 order stored" in out
    assert "object 1, email" in err
