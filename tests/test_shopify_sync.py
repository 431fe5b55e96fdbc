"""`sync shopify`: customers, orders and abandoned checkouts replayed through
``httpx.MockTransport`` in the Admin REST API's shapes, stored on both engines: paging to the
end, throttling, retries, faults that stop a sync part-way and the run that resumes it, the
one-way ownership rule, and a second run that changes nothing."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from autoletter_tui.data.db import Database
from autoletter_tui.data.edits import locks
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.fields import AddressKind
from autoletter_tui.data.models import (
    AbandonedCheckout,
    Customer,
    CustomerSource,
    EventKind,
    Order,
    OrderItem,
    OrderStatus,
    RegistrationStatus,
    SourceKind,
    SyncState,
    TimelineEvent,
)
from autoletter_tui.data.profile import order_list
from autoletter_tui.data.sync_status import account_syncs
from autoletter_tui.i18n import set_language
from autoletter_tui.sources import shopify
from autoletter_tui.sources.api_import import import_api
from autoletter_tui.sources.fetching import Refused, SyncError
from autoletter_tui.sources.shopify_domain import shop_domain
from autoletter_tui.sources.syncing import OVERLAP, ShopSync
from tests.conftest import AS_OF
from tests.shop_replay import (
    DOMAIN,
    SHARED,
    TOKEN,
    ShopifyReplay,
    customer,
    load,
    serving,
    shopify_check,
    shopify_pages,
)
from tests.test_api_import import count

NOW = AS_OF + timedelta(days=1)


def replay(**options: Any) -> ShopifyReplay:
    return ShopifyReplay(shopify_pages(), check=shopify_check, **options)


def sync(
    db: Database,
    shop: ShopifyReplay,
    *,
    at: datetime = NOW,
    token: str = TOKEN,
    sleeps: list[float] | None = None,
) -> ShopSync:
    waits = sleeps if sleeps is not None else []
    return shopify.sync(
        db.engine, DOMAIN, token, lambda: at, transport=shop.transport(), sleep=waits.append
    )


def by_source_id(db: Database, external_id: str) -> Customer:
    with db.sessions() as session:
        return session.scalars(
            select(Customer)
            .join(CustomerSource)
            .where(CustomerSource.external_id == external_id)
            .options(selectinload(Customer.sources), selectinload(Customer.addresses))
        ).one()


def test_a_sync_stores_customers_orders_and_checkouts(db: Database) -> None:
    shop = replay()
    done = sync(db, shop)
    summary = done.report.summary
    assert done.origin.label == "Shopify: Test Shop"
    assert done.origin.account == DOMAIN
    assert (summary.created, summary.orders, summary.checkouts) == (4, 3, 2)
    assert summary.skipped == 0
    assert done.report.pages == 5  # customers took two pages: the Link header was followed

    lena = customer(db, "lena.fischer@example.de")
    assert (lena.first_name, lena.last_name, lena.email) == (
        "Lena", "Fischer", "Lena.Fischer@example.de",
    )  # fmt: skip
    assert lena.phone == "+4930123456"
    assert lena.company == "Fischer Feinkost"
    assert lena.status is RegistrationStatus.REGISTERED
    delivery = lena.address(AddressKind.DELIVERY)
    assert delivery is not None
    assert (delivery.street, delivery.house_number, delivery.postcode, delivery.city,
            delivery.country) == ("Kastanienallee", "12b", "10435", "Berlin", "DE")  # fmt: skip
    assert [(s.kind, s.label, s.external_id) for s in lena.sources] == [
        (SourceKind.SHOPIFY, "Shopify: Test Shop", "7001")
    ]
    # Two orders, the refunded part taken off; one was a test order.
    assert lena.order_count == 1  # test orders do not count
    assert lena.has_test_orders
    with db.sessions() as session:
        orders = {o.number: o for o in session.scalars(select(Order))}
        items = session.execute(
            select(OrderItem.sku, OrderItem.title, OrderItem.quantity, OrderItem.unit_price)
            .where(OrderItem.order_id == orders["#1001"].id)
            .order_by(OrderItem.id)
        ).all()
    assert [tuple(i) for i in items] == [
        ("TEA-GREEN-100", "Grüner Tee - 100 g", 2, Decimal("14.95")),
        ("MUG-01", "Teetasse", 1, Decimal("30.00")),
    ]
    assert orders["#1001"].status is OrderStatus.FULFILLED
    assert orders["#1002"].total == Decimal("29.90")
    assert orders["#1002"].status is OrderStatus.PAID
    assert orders["#1002"].is_test

    guest = customer(db, "gast@example.de")
    assert guest.status is RegistrationStatus.GUEST
    assert (guest.first_name, guest.last_name) == ("Greta", "Gast")
    assert {a.kind for a in guest.addresses} == set(AddressKind)
    assert orders["#1003"].status is OrderStatus.OPEN

    jonas = customer(db, "jonas@example.at")
    assert jonas.status is RegistrationStatus.GUEST  # "disabled": no account, only orders


def test_only_the_order_that_completed_an_abandoned_checkout_is_a_recovered_cart(
    db: Database,
) -> None:
    sync(db, replay())
    with db.sessions() as session:
        checkouts = {c.token: c for c in session.scalars(select(AbandonedCheckout))}
        first = session.scalars(select(Order).where(Order.number == "#1001")).one()
        lena = customer(db, "lena.fischer@example.de")
        lines = {line.number: line for line in order_list(session, lena.id, limit=None)}
    assert checkouts["ck-recovered-1"].recovered_order_id == first.id
    assert checkouts["ck-open-2"].recovered_order_id is None
    assert checkouts["ck-open-2"].value == Decimal("24.90")
    # #1002 has a checkout token too (every online order does), but no abandoned checkout.
    assert lines["#1001"].from_checkout
    assert not lines["#1002"].from_checkout


def test_a_cart_recovered_before_it_was_seen_comes_from_the_closed_checkouts(
    db: Database,
) -> None:
    pages = shopify_pages()
    listed = json.loads(pages["checkouts"][0])["checkouts"]
    recovered = [c for c in listed if c["completed_at"]]
    pages["checkouts"] = [json.dumps({"checkouts": [c for c in listed if not c["completed_at"]]})]
    pages["closed_checkouts"] = [json.dumps({"checkouts": recovered})]
    sync(db, ShopifyReplay(pages, check=shopify_check))
    with db.sessions() as session:
        checkouts = {c.token: c for c in session.scalars(select(AbandonedCheckout))}
        first = session.scalars(select(Order).where(Order.number == "#1001")).one()
    assert checkouts["ck-recovered-1"].recovered_order_id == first.id
    assert checkouts["ck-open-2"].recovered_order_id is None


def test_markup_and_bad_values_are_kept_literally_or_left_out_with_a_warning(
    db: Database,
) -> None:
    done = sync(db, replay())
    odd = by_source_id(db, "7003")
    assert (odd.first_name, odd.last_name) == ("x[/]", "[b]Markup[/b]")
    assert odd.email == ""  # not an email address: left out, the customer kept
    assert odd.phone == ""
    warnings = "\n".join(done.report.summary.warnings)
    assert "Shopify customer 7003: email:" in warnings
    assert "Shopify customer 7003: phone:" in warnings


def test_a_second_run_asks_only_for_changes_and_changes_nothing(db: Database) -> None:
    sync(db, replay())
    lena = customer(db, "lena.fischer@example.de")
    events = count(db, TimelineEvent)
    later = NOW + timedelta(hours=6)
    shop = replay()
    again = sync(db, shop, at=later)
    summary = again.report.summary
    assert (summary.created, summary.changed, summary.orders, summary.checkouts) == (0, 0, 0, 0)
    assert summary.orders_updated == 0
    assert count(db, TimelineEvent) == events
    assert customer(db, "lena.fischer@example.de").version == lena.version
    since = (NOW - OVERLAP).isoformat()
    firsts = [
        r for r in shop.requests if "page_info" not in str(r.url) and "shop" not in r.url.path
    ]
    assert [r.url.params.get("updated_at_min") for r in firsts] == [since] * 4
    assert [r.url.params.get("status") for r in firsts] == [None, "any", None, "closed"]
    with db.sessions() as session:
        states = session.scalars(select(SyncState).order_by(SyncState.id)).all()
    assert [(s.resource, s.since, s.finished_at, s.resume) for s in states] == [
        (name, later - OVERLAP, later, None)
        for name in ("customers", "orders", "checkouts", "closed_checkouts")
    ]


def test_a_shop_overwrites_and_locks_what_it_supplies_and_leaves_the_letter_address_ours(
    db: Database,
) -> None:
    # The customer came from the API first, with another phone and company.
    api = {"id": "a-1", "first_name": "Lena", "last_name": "Fischer",
           "email": "lena.fischer@example.de", "phone": "+49 30 999999", "company": "Alt GmbH",
           "letter_address": {"name": "Lena Fischer", "street": "Postfach", "house_number": "7",
                              "postcode": "10437", "city": "Berlin", "country": "DE"}}  # fmt: skip
    import_api(db.engine, io.StringIO(json.dumps(api)), "test", NOW)
    sync(db, replay())
    lena = customer(db, "lena.fischer@example.de")
    assert lena.phone == "+4930123456"
    assert lena.company == "Fischer Feinkost"
    letter = lena.address(AddressKind.LETTER)
    assert letter is not None
    assert letter.street == "Postfach"  # ours: not overwritten
    sources = {s.kind: s for s in lena.sources}
    assert {"phone", "company", "email"} <= sources[SourceKind.SHOPIFY].fields
    assert not {"phone", "company"} & sources[SourceKind.API].fields
    locked = locks((s.kind, s.label, s.fields) for s in lena.sources)
    assert "phone" in locked
    assert "letter.street" not in locked
    with db.sessions() as session:
        merged = session.scalars(
            select(TimelineEvent).where(
                TimelineEvent.customer_id == lena.id,
                TimelineEvent.kind == EventKind.SOURCE_MERGED,
            )
        ).one()
    assert merged.details["matched_by"] == "email"
    assert "phone" in merged.details["taken_over"]


def test_a_customer_who_changed_their_email_in_the_shop_stays_one_customer(
    db: Database,
) -> None:
    sync(db, replay())
    pages = shopify_pages()
    page = json.loads(pages["customers"][0])
    page["customers"][0]["email"] = "lena@new.example"
    pages["customers"][0] = json.dumps(page)
    orders = json.loads(pages["orders"][0])  # orders name the customer as they are now
    for order in orders["orders"][:2]:
        order["customer"]["email"] = "lena@new.example"
    pages["orders"][0] = json.dumps(orders)
    checkouts = json.loads(pages["checkouts"][0])
    checkouts["checkouts"][0]["customer"]["email"] = "lena@new.example"
    pages["checkouts"][0] = json.dumps(checkouts)
    sync(db, ShopifyReplay(pages, check=shopify_check), at=NOW + timedelta(hours=1))
    lena = by_source_id(db, "7001")
    assert lena.email == "lena@new.example"
    assert count(db, Customer) == 4


def test_a_refund_after_the_first_sync_updates_the_order_and_the_figures(db: Database) -> None:
    sync(db, replay())
    pages = shopify_pages()
    orders = json.loads(pages["orders"][0])
    orders["orders"][0].update(financial_status="refunded", current_total_price="0.00")
    pages["orders"] = [json.dumps(orders)]
    done = sync(db, ShopifyReplay(pages, check=shopify_check), at=NOW + timedelta(hours=1))
    assert done.report.summary.orders_updated == 1
    with db.sessions() as session:
        first = session.scalars(select(Order).where(Order.number == "#1001")).one()
    assert first.status is OrderStatus.REFUNDED
    assert first.total == Decimal("0.00")
    # Refunded orders still count as orders, at what was kept: nothing.
    assert customer(db, "lena.fischer@example.de").lifetime_value == Decimal("0.00")


def test_a_phone_and_company_removed_in_the_shop_are_removed_here(db: Database) -> None:
    sync(db, replay())

    def removed(customer: dict[str, Any]) -> None:  # as the shop sends Lena from now on
        if customer.get("id") == 7001:
            customer["phone"] = None
            customer.get("default_address", {})["company"] = ""

    pages = shopify_pages()
    body = json.loads(pages["customers"][0])
    removed(body["customers"][0])
    body["customers"][0]["last_name"] = ""
    pages["customers"][0] = json.dumps(body)
    orders = json.loads(pages["orders"][0])
    for order in orders["orders"]:  # an order embeds its customer as the shop has it now
        removed(order.get("customer") or {})
    pages["orders"][0] = json.dumps(orders)
    sync(db, ShopifyReplay(pages, check=shopify_check), at=NOW + timedelta(hours=1))
    found = customer(db, "lena.fischer@example.de")
    assert (found.phone, found.company) == ("", "")
    assert found.last_name == "Fischer"  # a name is never emptied by a record lacking part
    (source,) = found.sources
    assert "phone" not in source.fields  # no longer the shop's: ours to fill or edit
    assert "email" in source.fields
    with db.sessions() as session:
        (event,) = [
            e for e in session.scalars(
                select(TimelineEvent)
                .where(TimelineEvent.customer_id == found.id)
                .where(TimelineEvent.kind == EventKind.FIELD_EDITED)
            )
            if e.details["where"] == "Shopify customer 7001"
        ]  # fmt: skip
    assert {c["field"] for c in event.details["changes"]} >= {"phone", "company"}


def test_an_order_edited_in_the_shop_gets_its_new_items(db: Database) -> None:
    sync(db, replay())
    pages = shopify_pages()
    orders = json.loads(pages["orders"][0])
    edited = orders["orders"][0]
    edited["line_items"] = edited["line_items"][:1]
    edited["line_items"][0]["quantity"] = 1
    pages["orders"] = [json.dumps(orders)]
    done = sync(db, ShopifyReplay(pages, check=shopify_check), at=NOW + timedelta(hours=1))
    assert done.report.summary.orders_updated == 1
    with db.sessions() as session:
        order = session.scalars(select(Order).where(Order.number == "#1001")).one()
        items = session.scalars(select(OrderItem).where(OrderItem.order_id == order.id)).all()
        everything = session.scalars(select(OrderItem)).all()
    assert [(i.sku, i.quantity) for i in items] == [(edited["line_items"][0]["sku"], 1)]
    again = sync(db, ShopifyReplay(pages, check=shopify_check), at=NOW + timedelta(hours=2))
    assert again.report.summary.orders_updated == 0  # the same items: nothing to replace
    with db.sessions() as session:
        assert len(session.scalars(select(OrderItem)).all()) == len(everything)


@pytest.mark.parametrize("newest_first", [False, True])
def test_a_registered_customers_billing_address_is_the_newest_orders(
    db: Database, newest_first: bool
) -> None:
    pages = shopify_pages()
    orders = json.loads(pages["orders"][0])
    older, newer = orders["orders"][0], orders["orders"][1]  # Lena's, 1 October and 1 November
    newer["billing_address"] = {**older["billing_address"], "address1": "Neue Straße 2"}
    if newest_first:
        orders["orders"].reverse()
    pages["orders"] = [json.dumps(orders)]
    sync(db, ShopifyReplay(pages, check=shopify_check))
    lena = customer(db, "lena.fischer@example.de")
    addresses = {a.kind: a for a in lena.addresses}
    assert (addresses[AddressKind.BILLING].street, addresses[AddressKind.BILLING].house_number) == (
        "Neue Straße", "2"
    )  # fmt: skip
    # The customer's own address stays the delivery and letter address.
    assert addresses[AddressKind.DELIVERY].street == "Kastanienallee"
    assert addresses[AddressKind.LETTER].street == "Kastanienallee"


def test_throttling_waits_as_long_as_the_shop_says(db: Database) -> None:
    throttled = httpx.Response(429, headers={"Retry-After": "2.0"}, json={"errors": "Throttled"})
    shop = replay(faults=[("orders.json", throttled)])
    sleeps: list[float] = []
    done = sync(db, shop, sleeps=sleeps)
    assert 2.0 in sleeps
    assert done.waited >= 2.0
    assert done.report.summary.orders == 3


def test_the_call_limit_header_slows_down_before_the_bucket_is_full(db: Database) -> None:
    shop = replay(headers={"X-Shopify-Shop-Api-Call-Limit": "36/40"})
    sleeps: list[float] = []
    sync(db, shop, sleeps=sleeps)
    # 36 of 40 used: wait until it drains to 75% (30) at 2 calls a second, less the time
    # since the last answer (storing a page in between; the first call follows at once).
    assert sleeps
    assert sleeps[0] == pytest.approx(3.0, abs=0.1)
    assert all(0 < s <= 3.0 for s in sleeps)


@pytest.mark.parametrize(
    "fault",
    [
        httpx.Response(500, text="Internal Server Error"),
        httpx.Response(503, text="Service Unavailable"),
        httpx.ReadTimeout("timed out"),
        httpx.ConnectError("connection reset"),
    ],
    ids=["500", "503", "timeout", "dropped"],
)
def test_server_errors_and_timeouts_are_retried_with_backoff(
    db: Database, fault: httpx.Response | Exception
) -> None:
    shop = replay(faults=[("customers.json", fault), ("customers.json", fault)])
    sleeps: list[float] = []
    done = sync(db, shop, sleeps=sleeps)
    assert sleeps[:2] == [1.0, 2.0]
    assert done.report.summary.created == 4


def test_a_server_that_keeps_failing_stops_the_sync_with_a_clear_message(db: Database) -> None:
    shop = replay(faults=[("orders.json", httpx.Response(502, text="Bad Gateway"))] * 5)
    with pytest.raises(SyncError, match=r"did not answer /admin/api/2026-07/orders.json after 5"):
        sync(db, shop)
    assert count(db, Customer) == 3  # the customers' pages stayed stored


def test_an_expired_token_is_a_clear_error_that_does_not_show_the_token(db: Database) -> None:
    with pytest.raises(Refused) as raised:
        sync(db, replay(), token="shpat_expired")
    message = str(raised.value)
    assert "HTTP 401" in message
    assert "AUTOLETTER_SHOPIFY_TOKEN" in message
    assert "shpat_expired" not in message
    assert count(db, Customer) == 0


def test_malformed_json_stops_the_sync_and_the_next_run_resumes_after_the_stored_pages(
    db: Database,
) -> None:
    broken = httpx.Response(200, text='{"customers": [{"id": 7003,', headers={})
    shop = replay(faults=[("page_info=p1", broken)])
    with pytest.raises(SyncError, match="not JSON"):
        sync(db, shop)
    assert count(db, Customer) == 2  # the first page is stored
    with db.sessions() as session:
        state = session.scalars(select(SyncState).where(SyncState.resource == "customers")).one()
    assert state.resume is not None
    assert "page_info=p1" in state.resume
    assert "not JSON" in state.error
    assert state.since is None

    later = NOW + timedelta(minutes=10)
    shop = replay()
    done = sync(db, shop, at=later)
    assert done.report.resumed == ["customers"]
    first = next(r for r in shop.requests if "customers" in r.url.path)
    assert first.url.params.get("page_info") == "p1"  # carried on, not from the start
    assert count(db, Customer) == 4
    with db.sessions() as session:
        state = session.scalars(select(SyncState).where(SyncState.resource == "customers")).one()
    # The watermark is the start of the run that stopped: what changed since is fetched next.
    assert state.since == NOW - OVERLAP
    assert state.error == ""


def test_a_recorded_failure_is_read_in_the_readers_language(db: Database) -> None:
    # A sync run by cron in English fails; a German operator reads why in German.
    broken = httpx.Response(200, text='{"customers": [{"id": 7003,', headers={})
    with pytest.raises(SyncError):
        sync(db, replay(faults=[("page_info=p1", broken)]))
    with db.sessions() as session:
        (state,) = account_syncs(session).values()
    assert str(state.error).startswith("Shopify sent an answer that is not JSON for /admin/api/")
    try:
        set_language("de")
        assert str(state.error).startswith("Shopify hat für /admin/api/")
        assert "nichts davon wurde gespeichert" in str(state.error)
    finally:
        set_language("en")


def test_a_cursor_the_shop_no_longer_takes_starts_the_resource_over(db: Database) -> None:
    broken = httpx.Response(200, text='{"customers": [{"id": 7003,', headers={})
    with pytest.raises(SyncError):
        sync(db, replay(faults=[("page_info=p1", broken)]))
    expired = httpx.Response(
        400, json={"errors": {"page_info": "Invalid value."}}, headers={}
    )  # fmt: skip
    shop = replay(faults=[("page_info=p1", expired)])
    done = sync(db, shop, at=NOW + timedelta(minutes=10))
    asked = [r.url.params.get("page_info") for r in shop.requests if "customers" in r.url.path]
    assert asked == ["p1", None, "p1"]  # refused, then from the first page to the end
    assert count(db, Customer) == 4
    assert done.report.summary.created == 2  # the first page again changed nothing
    with db.sessions() as session:
        state = session.scalars(select(SyncState).where(SyncState.resource == "customers")).one()
    assert (state.resume, state.error) == (None, "")


def test_a_malformed_object_is_skipped_and_the_rest_stored(db: Database) -> None:
    pages = shopify_pages()
    orders = json.loads(pages["orders"][0])
    del orders["orders"][1]["created_at"], orders["orders"][1]["processed_at"]
    pages["orders"] = [json.dumps(orders)]
    done = sync(db, ShopifyReplay(pages, check=shopify_check))
    summary = done.report.summary
    assert summary.orders == 2
    assert [str(p) for p in summary.problems] == ["Shopify order #1002, created_at: missing"]


def test_an_answer_without_its_list_is_refused(db: Database) -> None:
    pages = shopify_pages()
    pages["checkouts"] = [json.dumps({"errors": "Not available"})]
    with pytest.raises(SyncError, match="no list of checkouts"):
        sync(db, ShopifyReplay(pages, check=shopify_check))


def test_the_cli_syncs_the_configured_shop_from_a_local_server(
    db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from autoletter_tui.cli import main

    with serving(replay().answer) as base:
        monkeypatch.setenv("AUTOLETTER_SHOPIFY_SHOP", "test-shop")
        monkeypatch.setenv("AUTOLETTER_SHOPIFY_TOKEN", TOKEN)
        assert main(["sync", "shopify", "--db", str(db.url), "--api-base", base]) == 0
        out, err = capsys.readouterr()
        assert "Shopify: Test Shop: 5 pages, 6 requests" in out
        assert "3 orders stored, 2 abandoned checkouts stored" in out
        assert "Shopify customer 7003: phone: Not a phone number. Left out." in err
        assert TOKEN not in out + err
        with db.sessions() as session:
            (account,) = session.scalars(select(CustomerSource.account).distinct())
        assert account == DOMAIN  # the account is the admin domain, whatever was typed
        monkeypatch.delenv("AUTOLETTER_SHOPIFY_SHOP")
        assert main(["sync", "shopify", "--db", str(db.url), "--api-base", base]) == 2
        assert "Which shop?" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("given", "domain"),
    [
        ("my-store", "my-store.myshopify.com"),
        ("https://My-Store.myshopify.com/", "my-store.myshopify.com"),
    ],
)
def test_shop_names_become_their_admin_domain(given: str, domain: str) -> None:
    assert shop_domain(given) == domain


@pytest.mark.parametrize("given", ["evil.example.com", "a b", "my-store.myshopify.com/x"])
def test_other_domains_are_refused(given: str) -> None:
    with pytest.raises(UserError, match="not a shop domain"):
        shop_domain(given)


# -- conformance: the payloads of Shopify's own API libraries ---------------------------------


def _shared(folder: str) -> Callable[[str], str]:
    base = SHARED / folder
    if not base.is_dir():
        pytest.skip(f"{base} is not here: the shared Shopify fixtures come with CI's checkout")
    return lambda name: load(base / name)


def test_the_2026_07_payloads_sync(db: Database) -> None:
    page = _shared("shopify_rest_2026_07")
    pages = {
        "customers": [page("customers.json")],
        "orders": [page("orders_status_any.json")],
        "checkouts": [page("checkouts.json")],
    }
    done = sync(db, ShopifyReplay(pages, check=shopify_check))
    summary = done.report.summary
    assert (summary.created, summary.orders, summary.checkouts, summary.skipped) == (1, 1, 1, 0)
    bob = customer(db, "bob.norman@mail.example.com")
    assert (bob.first_name, bob.last_name, bob.phone) == ("Bob", "Norman", "+16136120707")
    delivery = bob.address(AddressKind.DELIVERY)
    assert delivery is not None
    assert (delivery.street, delivery.house_number, delivery.city, delivery.region,
            delivery.country) == ("Chestnut Street", "92", "Louisville", "KY", "US")  # fmt: skip
    with db.sessions() as session:
        order = session.scalars(select(Order)).one()
        skus = session.scalars(select(OrderItem.sku).order_by(OrderItem.id)).all()
    assert (order.number, order.total, order.currency) == ("#1001", Decimal("199.65"), "USD")
    assert skus == ["IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK"]
    events = count(db, TimelineEvent)
    again = sync(db, ShopifyReplay(pages, check=shopify_check), at=NOW + timedelta(hours=1))
    assert again.report.summary.changed == 0
    assert count(db, TimelineEvent) == events  # Shopify's own payloads twice: no event


def test_the_legacy_payloads_sync(db: Database) -> None:
    page = _shared("shopify_rest_legacy")
    pages = {
        "customers": [page("customers_search.json")],
        "orders": [page("orders.json")],
        "checkouts": [page("checkouts.json")],
    }
    done = sync(db, ShopifyReplay(pages, check=shopify_check))
    summary = done.report.summary
    assert summary.skipped == 0
    assert summary.orders == 1
    assert summary.checkouts == 1
    assert count(db, Customer) >= 1
    events = count(db, TimelineEvent)
    again = sync(db, ShopifyReplay(pages, check=shopify_check), at=NOW + timedelta(hours=1))
    assert (again.report.summary.changed, again.report.summary.created) == (0, 0)
    assert count(db, TimelineEvent) == events
