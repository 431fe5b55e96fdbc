"""Real shop data (issue 18): one record a sync cannot store is skipped and named, never stops
the sync or the next run; a guest's order never rewrites a customer's email; the same data
twice changes nothing; Billbee's and Shopify's details as their APIs document them. Both
engines, pages in the shops' shapes through ``httpx.MockTransport``."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from autoletter_tui.cli import main
from autoletter_tui.data.db import Database
from autoletter_tui.data.fields import AddressKind
from autoletter_tui.data.models import (
    AbandonedCheckout,
    CheckoutItem,
    Customer,
    Order,
    OrderItem,
    RegistrationStatus,
    SyncState,
    TimelineEvent,
)
from autoletter_tui.data.profile import load_profile
from autoletter_tui.sources import billbee, shopify
from autoletter_tui.sources.api_import import import_api
from autoletter_tui.sources.csv_import import import_csv
from autoletter_tui.sources.syncing import ShopSync
from tests.conftest import AS_OF
from tests.shop_replay import (
    BILLBEE_KEY,
    BILLBEE_PASSWORD,
    BILLBEE_USER,
    DOMAIN,
    FIXTURES,
    TOKEN,
    BillbeeReplay,
    ShopifyReplay,
    billbee_check,
    customer,
    serving,
    shopify_check,
)

NOW = AS_OF + timedelta(days=1)
LATER = NOW + timedelta(hours=6)


def events(db: Database) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(TimelineEvent)) or 0


def rows(db: Database, model: type[Any]) -> list[Any]:
    with db.sessions() as session:
        return list(session.scalars(select(model).order_by(model.id)))


# -- Shopify -------------------------------------------------------------------------------


def shopify_fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "shopify" / name).read_text("utf-8"))
    return data


def shopify_sync(db: Database, pages: dict[str, list[Any]], *, at: Any = NOW) -> ShopSync:
    bodies = {name: [json.dumps(page) for page in listed] for name, listed in pages.items()}
    for resource in ("customers", "orders", "checkouts"):
        bodies.setdefault(resource, [json.dumps({resource: []})])
    shop = ShopifyReplay(bodies, check=shopify_check)
    return shopify.sync(
        db.engine, DOMAIN, TOKEN, lambda: at, transport=shop.transport(), sleep=lambda _s: None
    )


def an_order(**changes: Any) -> dict[str, Any]:
    order: dict[str, Any] = copy.deepcopy(shopify_fixture("orders.json")["orders"][0])
    order.update(changes)
    return order


def test_a_kwd_order_keeps_its_three_decimals(db: Database) -> None:
    kwd = an_order(currency="KWD", total_price="12.345", current_total_price="12.345")
    kwd["line_items"] = [{"sku": "K1", "name": "Dates", "quantity": 1, "price": "12.345"}]
    done = shopify_sync(db, {"customers": [{"customers": []}], "orders": [{"orders": [kwd]}]})
    assert done.report.summary.skipped == 0
    (order,) = rows(db, Order)
    assert (order.total, order.currency) == (Decimal("12.345"), "KWD")
    (item,) = rows(db, OrderItem)
    assert item.unit_price == Decimal("12.345")


def test_a_record_that_cannot_be_stored_is_skipped_and_named_and_the_rest_is_stored(
    db: Database,
) -> None:
    cents = an_order(id=9101, name="#2001", total_price="12.345", current_total_price="12.345")
    fine = an_order(id=9102, name="#2002")
    page = {"orders": [cents, fine, "not an order"]}
    done = shopify_sync(db, {"customers": [{"customers": []}], "orders": [page]})
    summary = done.report.summary
    assert (summary.orders, summary.skipped) == (1, 2)
    reasons = [str(p) for p in summary.problems]
    assert reasons[0].startswith("Shopify order #2001, total: 12.345 EUR has more decimals")
    assert reasons[1].startswith("Shopify order ?: not an object")
    assert [o.number for o in rows(db, Order)] == ["#2002"]
    # The run finished: the next one starts from the watermark, not at the page it skipped.
    with db.sessions() as session:
        states = session.scalars(select(SyncState)).all()
    assert all(s.resume is None and s.error == "" for s in states)
    again = shopify_sync(
        db, {"customers": [{"customers": []}], "orders": [page]}, at=LATER
    ).report.summary
    assert (again.orders, again.changed, again.skipped) == (0, 0, 2)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("currency", "commodo", "'commodo' is not an ISO 4217 currency code"),
        ("current_total_price", "-5.00", "-5.00 EUR is negative"),
        ("current_total_price", "1e17", "is beyond any real amount"),
        ("processed_at", "1890-03-01T10:00:00+01:00", "is no date an order can have"),
        ("name", "#" + "9" * 70, "Too long: 71 characters, at most 64."),
        ("current_total_price", "zwölf", "total_price: 'zwölf' is not a number"),
    ],
)
def test_values_no_order_can_have_skip_the_order(
    db: Database, field: str, value: str, reason: str
) -> None:
    done = shopify_sync(
        db, {"customers": [{"customers": []}], "orders": [{"orders": [an_order(**{field: value})]}]}
    )
    (problem,) = done.report.summary.problems
    assert reason in str(problem)
    assert rows(db, Order) == []
    assert rows(db, Customer) == []  # nothing of the record is stored


@pytest.mark.parametrize("quantity", [0, 2.5, "zwei", None, 98_000_000])
def test_a_quantity_that_is_no_whole_number_of_pieces_skips_the_order(
    db: Database, quantity: Any
) -> None:
    order = an_order()
    order["line_items"][0]["quantity"] = quantity
    done = shopify_sync(db, {"customers": [{"customers": []}], "orders": [{"orders": [order]}]})
    assert done.report.summary.skipped == 1
    assert "Shopify order #1001" in str(done.report.summary.problems[0])
    assert rows(db, Order) == []


def test_a_line_item_without_a_name_keeps_its_variant(db: Database) -> None:
    checkouts = shopify_fixture("checkouts.json")
    checkout = checkouts["checkouts"][0]
    checkout["line_items"] = [
        {"sku": "T-1", "title": "Grüner Tee", "variant_title": "100 g", "quantity": 1,
         "price": "9.90"},
        {"sku": "T-2", "title": "Grüner Tee", "variant_title": "250 g", "quantity": 1,
         "price": "19.90"},
        {"sku": "T-3", "title": "Teetasse", "variant_title": None, "quantity": 1, "price": "5.00"},
    ]  # fmt: skip
    checkouts["checkouts"] = [checkout]
    shopify_sync(db, {"customers": [{"customers": []}], "orders": [{"orders": []}],
                      "checkouts": [checkouts]})  # fmt: skip
    assert [i.title for i in rows(db, CheckoutItem)] == [
        "Grüner Tee - 100 g", "Grüner Tee - 250 g", "Teetasse",
    ]  # fmt: skip


def test_a_key_the_shop_leaves_out_clears_nothing_and_twice_changes_nothing(db: Database) -> None:
    """Shopify's own fixtures send a customer object without ``phone`` and the same customer
    with a phone inside its order: it was read as "cleared" and filled back, 2 changes on
    every run. Now the second run changes nothing and writes no event."""
    customers = shopify_fixture("customers_page1.json")
    lena = customers["customers"][0]
    lena.pop("phone")
    customers["customers"] = [lena]
    pages = {"customers": [customers], "orders": [{"orders": [an_order()]}]}
    shopify_sync(db, pages)
    stored = customer(db, "lena.fischer@example.de")
    assert stored.phone == ""  # the customer object has none; the order's copy is older
    before = events(db)
    again = shopify_sync(db, pages, at=LATER).report.summary
    assert (again.created, again.changed, again.orders) == (0, 0, 0)
    assert events(db) == before
    # A phone sent, then an explicit null: cleared.
    lena["phone"] = "+49 30 123456"
    shopify_sync(db, {"customers": [customers]}, at=LATER + timedelta(hours=1))
    assert customer(db, "lena.fischer@example.de").phone == "+4930123456"
    lena["phone"] = None
    shopify_sync(db, {"customers": [customers]}, at=LATER + timedelta(hours=2))
    assert customer(db, "lena.fischer@example.de").phone == ""


def test_the_customer_inside_an_order_never_undoes_the_customer_object(db: Database) -> None:
    customers = shopify_fixture("customers_page1.json")
    customers["customers"] = [customers["customers"][0]]
    customers["customers"][0]["email"] = "lena.new@example.de"  # changed in the shop since
    order = an_order()  # carries the old email in its copy of the customer
    pages = {"customers": [customers], "orders": [{"orders": [order]}]}
    shopify_sync(db, pages)
    assert customer(db, "lena.new@example.de").email == "lena.new@example.de"
    before = events(db)
    assert shopify_sync(db, pages, at=LATER).report.summary.changed == 0
    assert events(db) == before


def registered_lena(db: Database) -> None:
    customers = shopify_fixture("customers_page1.json")
    customers["customers"] = [customers["customers"][0]]
    shopify_sync(db, {"customers": [customers]})


def test_a_guest_order_never_rewrites_a_registered_customers_email(db: Database) -> None:
    registered_lena(db)
    guest = an_order(id=9200, name="#3001", email="other.person@example.com", customer=None)
    done = shopify_sync(db, {"orders": [{"orders": [guest]}]}, at=LATER)
    assert done.report.summary.created == 0  # the same name and address: the same person
    lena = customer(db, "lena.fischer@example.de")
    assert (lena.email, lena.phone, lena.status) == (
        "Lena.Fischer@example.de", "+4930123456", RegistrationStatus.REGISTERED,
    )  # fmt: skip
    assert [o.number for o in rows(db, Order)] == ["#3001"]
    with db.sessions() as session:
        assert session.scalar(select(Order.customer_id)) == lena.id


# -- Billbee -------------------------------------------------------------------------------


def billbee_order(**changes: Any) -> dict[str, Any]:
    page = json.loads((FIXTURES / "billbee" / "orders_page1.json").read_text("utf-8"))
    order: dict[str, Any] = page["Data"][0]
    order.update(changes)
    return order


def envelope(orders: list[Any], paging: Any = None) -> dict[str, Any]:
    if paging is None:
        paging = {"Page": 1, "TotalPages": 1, "TotalRows": len(orders), "PageSize": 250}
    return {"Paging": paging, "ErrorCode": 0, "ErrorMessage": None, "Data": orders}


def billbee_sync(db: Database, *pages: dict[str, Any], at: Any = NOW) -> ShopSync:
    shop = BillbeeReplay({"orders": [json.dumps(p) for p in pages]}, check=billbee_check)
    return billbee.sync(
        db.engine, BILLBEE_KEY, BILLBEE_USER, BILLBEE_PASSWORD, lambda: at,
        transport=shop.transport(), sleep=lambda _s: None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"CreatedAt": "0001-01-01T00:00:00"}, "is no date an order can have"),
        ({"CreatedAt": "1890-05-01T00:00:00"}, "is no date an order can have"),
        ({"CreatedAt": "9999-12-31T23:59:59"}, "is no date an order can have"),
        ({"TotalCost": 1e17}, "is beyond any real amount"),
        ({"TotalCost": -12.5}, "is negative"),
        ({"Currency": "commodo occaecat enim"}, "is not an ISO 4217 currency code"),
        ({"BillBeeOrderId": None}, "id: missing"),
    ],
)
def test_a_billbee_order_no_shop_can_have_is_skipped_and_the_page_goes_on(
    db: Database, changes: dict[str, Any], reason: str
) -> None:
    bad = billbee_order(OrderNumber="BB-BAD", **changes)
    fine = billbee_order(BillBeeOrderId=7, OrderNumber="BB-FINE")
    done = billbee_sync(db, envelope([bad, fine]))
    summary = done.report.summary
    assert (summary.orders, summary.skipped) == (1, 1)
    assert reason in str(summary.problems[0])
    assert str(summary.problems[0]).startswith("Billbee order BB-BAD")
    assert [o.number for o in rows(db, Order)] == ["BB-FINE"]


def test_a_quantity_of_98_million_is_no_quantity(db: Database) -> None:
    order = billbee_order()
    order["OrderItems"][0].update(Quantity=98_000_000.0, TotalPrice=98_000_000.0)
    done = billbee_sync(db, envelope([order]))
    assert "is not a whole number of pieces from 1 to 1,000,000" in str(
        done.report.summary.problems[0]
    )


@pytest.mark.parametrize(
    "paging",
    ["not an object", {"TotalPages": "many"}, {"TotalPages": None}, {}, [1, 2]],
)
def test_a_malformed_paging_object_is_read_past(db: Database, paging: Any) -> None:
    first = envelope([billbee_order()], paging)
    second = envelope([billbee_order(BillBeeOrderId=8, OrderNumber="BB-2")], paging)
    done = billbee_sync(db, first, second)
    assert done.report.summary.orders == 2  # on to the first empty page
    assert done.report.summary.skipped == 0


def test_line2_and_name_addition_go_to_the_address(db: Database) -> None:
    order = billbee_order()
    order["ShippingAddress"].update(NameAddition="c/o Müller", Line2="Hinterhaus")
    billbee_sync(db, envelope([order]))
    delivery = customer(db, "j.weiss@example.de").address(AddressKind.DELIVERY)
    assert delivery is not None
    assert delivery.line2 == "c/o Müller, Hinterhaus"


def test_fractional_and_negative_lines_are_stored_as_what_they_are(db: Database) -> None:
    order = billbee_order(TotalCost=11.98)
    order["OrderItems"] = [
        {"Product": {"SKU": "KAESE", "Title": "Bergkäse"}, "Quantity": 0.5,
         "TotalPrice": 11.99},
        {"Product": {"SKU": "PFAND", "Title": "Pfandflasche"}, "Quantity": -1,
         "TotalPrice": -0.01},
        {"Product": {"SKU": "TASSE", "Title": "Tasse"}, "Quantity": -1, "TotalPrice": 5},
    ]  # fmt: skip
    billbee_sync(db, envelope([order]))
    items = [(i.sku, i.title, i.quantity, i.unit_price) for i in rows(db, OrderItem)]
    assert items == [
        ("KAESE", "0.5 × Bergkäse", 1, Decimal("11.99")),  # the exact line total
        ("PFAND", "Pfandflasche", 1, Decimal("-0.01")),  # a credit, not a purchase
        ("TASSE", "Tasse", 1, Decimal("-5.00")),  # given back: money back
    ]
    buyer = customer(db, "j.weiss@example.de")
    with db.sessions() as session:
        profile = load_profile(session, buyer.id, NOW)
    assert profile is not None
    assert [p.sku for p in profile.top_products] == ["KAESE"]  # what was given back was not bought


def test_the_same_billbee_pages_twice_change_nothing(db: Database) -> None:
    pages = [json.loads((FIXTURES / "billbee" / n).read_text("utf-8"))
             for n in ("orders_page1.json", "orders_page2.json")]  # fmt: skip
    billbee_sync(db, *pages)
    before = events(db)
    again = billbee_sync(db, *pages, at=LATER).report.summary
    assert (again.created, again.changed, again.orders, again.orders_updated) == (0, 0, 0, 0)
    assert events(db) == before


def test_a_billbee_order_with_another_email_never_rewrites_the_customers(db: Database) -> None:
    billbee_sync(db, envelope([billbee_order()]))
    other = billbee_order(BillBeeOrderId=9, OrderNumber="BB-9")
    other["Customer"] = {"Id": 999, "Email": "someone.else@example.de"}
    for address in ("InvoiceAddress", "ShippingAddress"):
        other[address]["Email"] = "someone.else@example.de"
    other["InvoiceAddress"]["Phone"] = "0711 999999"
    billbee_sync(db, envelope([other]), at=LATER)
    weiss = customer(db, "j.weiss@example.de")  # found by address, key unchanged
    assert weiss.email == "J.Weiss@example.de"
    assert weiss.phone == "+49711123456"
    assert len(rows(db, Order)) == 2


# -- CSV and API: the same rule ------------------------------------------------------------


def test_a_csv_row_with_anothers_number_never_changes_the_email(
    db: Database, tmp_path: Any
) -> None:
    registered_lena(db)
    lena = customer(db, "lena.fischer@example.de")
    path = tmp_path / "rows.csv"
    path.write_text(
        f"Customer Number,Email,First Name,Last Name,Phone\n"
        f"{lena.number},someone.else@example.de,Lena,Fischer,+49 30 999999\n",
        encoding="utf-8",
    )
    import_csv(db.engine, path, LATER)
    after = customer(db, "lena.fischer@example.de")
    assert (after.email, after.phone) == ("Lena.Fischer@example.de", "+4930123456")


def test_an_api_record_found_by_address_never_changes_the_email(db: Database) -> None:
    registered_lena(db)
    record = {
        "email": "someone.else@example.de", "first_name": "Lena", "last_name": "Fischer",
        "address": {"street": "Kastanienallee", "house_number": "12b", "postcode": "10435",
                    "city": "Berlin", "country": "DE"},
    }  # fmt: skip
    summary = import_api(db.engine, io.StringIO(json.dumps([record])), "crm", LATER)
    assert summary.created == 0
    assert customer(db, "lena.fischer@example.de").email == "Lena.Fischer@example.de"


# -- the command line ----------------------------------------------------------------------


def test_the_cli_names_skipped_records_and_never_shows_a_traceback(
    db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = BillbeeReplay(
        {"orders": [json.dumps(envelope([billbee_order(CreatedAt="0001-01-01T00:00:00")]))]},
        check=billbee_check,
    )
    monkeypatch.setenv("AUTOLETTER_BILLBEE_API_KEY", BILLBEE_KEY)
    monkeypatch.setenv("AUTOLETTER_BILLBEE_USER", BILLBEE_USER)
    monkeypatch.setenv("AUTOLETTER_BILLBEE_PASSWORD", BILLBEE_PASSWORD)
    run: Callable[[], int] = lambda: main(  # noqa: E731
        ["sync", "billbee", "--db", str(db.url), "--api-base", base]
    )
    with serving(shop.answer) as base:
        assert run() == 1  # something was skipped
        out, err = capsys.readouterr()
        assert "Billbee order BB-101" in out + err
        assert "Traceback" not in out + err
        shop.pages["orders"] = ['{"Data": "nothing"}']
        assert run() == 2
        out, err = capsys.readouterr()
        assert err.strip().splitlines() == [
            "autoletter-tui: error: Billbee's answer for orders holds no list of orders (Data)."
        ]


def test_the_stored_rows_keep_what_the_order_said(db: Database) -> None:
    """The order's addresses and items land with the customer they belong to (a sanity check
    that skipping bad records did not move good ones)."""
    billbee_sync(db, envelope([billbee_order()]))
    with db.sessions() as session:
        order = session.scalars(select(Order).options(selectinload(Order.items))).one()
        assert order.customer.email_key == "j.weiss@example.de"
        assert [i.sku for i in order.items] == ["ESP-9", "BEAN-1000"]
        assert session.scalar(select(func.count()).select_from(AbandonedCheckout)) == 0


def test_a_defect_of_ours_is_one_line_unless_asked_for(
    db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> ShopSync:
        raise RuntimeError("a bug")

    monkeypatch.setattr(billbee, "sync", broken)
    monkeypatch.setenv("AUTOLETTER_BILLBEE_API_KEY", BILLBEE_KEY)
    monkeypatch.setenv("AUTOLETTER_BILLBEE_USER", BILLBEE_USER)
    monkeypatch.setenv("AUTOLETTER_BILLBEE_PASSWORD", BILLBEE_PASSWORD)
    assert main(["sync", "billbee", "--db", str(db.url)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "autoletter-tui: unexpected error (RuntimeError: a bug); AUTOLETTER_DEBUG=1 shows where"
    ]
    monkeypatch.setenv("AUTOLETTER_DEBUG", "1")
    with pytest.raises(RuntimeError, match="a bug"):
        main(["sync", "billbee", "--db", str(db.url)])


def test_two_accounts_of_one_shop_stay_two_and_twice_change_nothing(db: Database) -> None:
    """Same name and address, other ids and emails: two customers. The same email under two
    ids (Shopify forbids it; an export or a bug may not): one customer, whose details the
    second only fills, so that the two do not overwrite each other on every run."""
    customers = shopify_fixture("customers_page1.json")
    lena = customers["customers"][0]
    twin = copy.deepcopy(lena) | {"id": 7999, "email": "lena.twin@example.de"}
    same_email = copy.deepcopy(lena) | {"id": 7998, "first_name": "Lene", "phone": None}
    pages = {"customers": [{"customers": [lena, twin, same_email]}]}
    shopify_sync(db, pages)
    assert len(rows(db, Customer)) == 2
    assert customer(db, "lena.fischer@example.de").first_name == "Lena"
    before = events(db)
    again = shopify_sync(db, pages, at=LATER).report.summary
    assert (again.created, again.changed) == (0, 0)
    assert events(db) == before


@pytest.mark.parametrize("quantity", ["1E+5000", 1e300])
def test_a_quantity_of_thousands_of_digits_is_a_problem_of_its_record(
    db: Database, quantity: Any
) -> None:
    order = an_order()
    order["line_items"][0]["quantity"] = quantity
    bee = billbee_order()
    bee["OrderItems"][0]["Quantity"] = quantity
    shop = shopify_sync(db, {"orders": [{"orders": [order]}]}).report.summary
    bill = billbee_sync(db, envelope([bee])).report.summary
    assert (shop.skipped, bill.skipped) == (1, 1)
    assert "quantity" in str(shop.problems[0])
    assert "is not a whole number of pieces from 1 to 1,000,000" in str(bill.problems[0])


def test_a_newest_test_order_changes_nothing_the_second_time(db: Database) -> None:
    real = an_order()
    test = an_order(id=9301, name="#1301", test=True, processed_at="2026-11-10T10:00:00+01:00")
    test["billing_address"] = dict(real["billing_address"], address1="Torstraße 1")
    pages = {"orders": [{"orders": [real, test]}]}
    shopify_sync(db, pages)
    before = events(db)
    assert shopify_sync(db, pages, at=LATER).report.summary.changed == 0
    assert events(db) == before


def test_a_us_street_keeps_its_direction_and_a_country_name_its_order(db: Database) -> None:
    customers = shopify_fixture("customers_page1.json")
    lena = customers["customers"][0]
    lena["default_address"] |= {"address1": "100 N Main St", "country_code": None,
                                "country": "United States", "zip": "40202",
                                "city": "Louisville", "province_code": "KY"}  # fmt: skip
    shopify_sync(db, {"customers": [{"customers": [lena]}]})
    delivery = customer(db, "lena.fischer@example.de").address(AddressKind.DELIVERY)
    assert delivery is not None
    assert (delivery.street, delivery.house_number, delivery.country) == ("N Main St", "100", "US")


def test_two_rows_with_one_number_and_two_ids_are_one_customer(db: Database) -> None:
    records = [
        {"id": "1", "number": "K1", "first_name": "Ana", "last_name": "García"},
        {"id": "2", "number": "K1", "first_name": "Ana", "last_name": "Garcia",
         "email": "ana@example.es"},
    ]  # fmt: skip
    summary = import_api(db.engine, io.StringIO(json.dumps(records)), "crm", NOW)
    assert (summary.created, summary.merged, summary.skipped) == (1, 1, 0)
    (only,) = rows(db, Customer)
    assert (only.number, only.email) == ("K1", "ana@example.es")


def test_an_api_order_may_have_a_credit_line(db: Database) -> None:
    record = {"first_name": "Ana", "last_name": "García", "orders": [{
        "id": "o-1", "number": "1", "placed_at": "2026-11-02T10:15:00Z", "total": "5.00",
        "currency": "EUR", "items": [{"title": "Tasse", "unit_price": "10.00"},
                                     {"title": "Gutschein", "unit_price": "-5.00"}]}]}  # fmt: skip
    summary = import_api(db.engine, io.StringIO(json.dumps([record])), "crm", NOW)
    assert summary.skipped == 0
    assert [i.unit_price for i in rows(db, OrderItem)] == [Decimal("10.00"), Decimal("-5.00")]
