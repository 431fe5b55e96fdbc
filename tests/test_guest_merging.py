"""The guest-merging privacy setting: with ``merge_guests`` off, a Shopify sync stores each
guest order (and each guest's abandoned checkout) as an entry of its own that nothing merges
into; with it on (the default) guests merge by email like everyone else. Both engines."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from autoletter_tui.config import load_settings
from autoletter_tui.data.db import Database
from autoletter_tui.data.models import Customer, Order, RegistrationStatus
from autoletter_tui.data.overview import ListQuery, SortKey, page
from autoletter_tui.sources import shopify
from autoletter_tui.sources.accounts import shopify_account
from autoletter_tui.sources.api_import import import_api
from autoletter_tui.sources.syncing import ShopSync
from tests.shop_replay import DOMAIN, TOKEN, ShopifyReplay, serving, shopify_check, shopify_pages
from tests.test_api_import import count
from tests.test_shopify_sync import NOW

GUEST = "gast@example.de"


def pages() -> dict[str, list[str]]:
    """The shop of test_shopify_sync, plus a second order and a left cart of the guest
    (Greta Gast, #1003), and a registered customer with the guest's email."""
    result = shopify_pages()
    orders = json.loads(result["orders"][0])
    (first,) = [o for o in orders["orders"] if o["email"] == GUEST]
    second = json.loads(json.dumps(first))
    second.update(id=9004, name="#1004", checkout_token="ck-guest-4",
                  created_at="2026-11-20T11:00:00+01:00",
                  processed_at="2026-11-20T11:00:00+01:00")  # fmt: skip
    orders["orders"].append(second)
    result["orders"] = [json.dumps(orders)]
    checkouts = json.loads(result["checkouts"][0])
    cart = json.loads(json.dumps(checkouts["checkouts"][1]))
    cart.update(id=5009, token="ck-guest-cart", email=GUEST, customer=None,
                billing_address=first["billing_address"])  # fmt: skip
    checkouts["checkouts"].append(cart)
    result["checkouts"] = [json.dumps(checkouts)]
    customers = json.loads(result["customers"][1])
    registered = json.loads(json.dumps(customers["customers"][-1]))
    registered.update(id=7009, email=GUEST, first_name="Greta", last_name="Gast", phone=None)
    customers["customers"].append(registered)
    result["customers"][1] = json.dumps(customers)
    return result


def sync(db: Database, merge_guests: bool, **changes: Any) -> ShopSync:
    return shopify.sync(
        db.engine, DOMAIN, TOKEN, lambda: changes.get("at", NOW),
        transport=ShopifyReplay(changes.get("shop", pages()), check=shopify_check).transport(),
        sleep=lambda _: None, merge_guests=merge_guests,
    )  # fmt: skip


def with_email(db: Database, email: str) -> list[Customer]:
    with db.sessions() as session:
        return list(
            session.scalars(
                select(Customer)
                .where(func.lower(Customer.email) == email)
                .options(selectinload(Customer.orders))
                .order_by(Customer.id)
            )
        )


def test_guests_merge_by_email_by_default(db: Database) -> None:
    sync(db, merge_guests=True)
    (greta,) = with_email(db, GUEST)
    assert greta.status is RegistrationStatus.REGISTERED  # the shop knows her account
    assert sorted(o.number for o in greta.orders) == ["#1003", "#1004"]
    assert not greta.kept_apart


def test_with_merging_off_each_guest_order_and_cart_is_an_entry_of_its_own(
    db: Database,
) -> None:
    done = sync(db, merge_guests=False)
    summary = done.report.summary
    assert (summary.skipped, summary.guests_passed) == (0, 1)  # Jonas's record: no account
    assert "1 guest record without an order passed over (guest merging" in summary.describe()
    registered, *entries = with_email(db, GUEST)
    assert (registered.status, registered.kept_apart, registered.orders) == (
        RegistrationStatus.REGISTERED, False, [],
    )  # fmt: skip
    assert registered.email_key == GUEST  # the merge key stays the registered customer's
    assert [(e.status, e.kept_apart, [o.number for o in e.orders]) for e in entries] == [
        (RegistrationStatus.GUEST, True, ["#1003"]),
        (RegistrationStatus.GUEST, True, ["#1004"]),
        (RegistrationStatus.GUEST, True, []),  # the abandoned cart
    ]
    assert [(e.first_name, e.last_name, e.order_count) for e in entries] == [
        ("Greta", "Gast", 1), ("Greta", "Gast", 1), ("Greta", "Gast", 0),
    ]  # fmt: skip
    assert [e.email_key for e in entries] == [f"{GUEST} #{e.id}" for e in entries]
    # Sorted by email, the entries stand next to the customer with their email.
    with db.sessions() as session:
        rows = page(session, ListQuery(sort=SortKey.EMAIL, descending=False), NOW, limit=50)
    emails = [row.email.lower() for row in rows]
    first = emails.index(GUEST)
    assert emails[first : first + 4] == [GUEST] * 4


def test_a_later_sync_updates_each_entry_and_adds_none(db: Database) -> None:
    sync(db, merge_guests=False)
    before = count(db, Customer)
    shop = pages()
    orders = json.loads(shop["orders"][0])
    orders["orders"][-1].update(financial_status="refunded", current_total_price="0.00")
    shop["orders"] = [json.dumps(orders)]
    done = sync(db, merge_guests=False, shop=shop, at=NOW + timedelta(hours=1))
    assert (done.report.summary.created, done.report.summary.orders_updated) == (0, 1)
    assert count(db, Customer) == before
    refunded = [e for e in with_email(db, GUEST) if [o.number for o in e.orders] == ["#1004"]]
    assert [e.lifetime_value for e in refunded] == [0]


def test_switching_merging_on_again_never_stores_an_order_twice(db: Database) -> None:
    sync(db, merge_guests=False)
    orders, entries = count(db, Order), len(with_email(db, GUEST))
    done = sync(db, merge_guests=True, at=NOW + timedelta(hours=1))
    # The orders and the carts sent again stay with the entries that hold them; Jonas, a shop
    # customer without an account, was known only by his cart so far, and is stored now.
    assert count(db, Order) == orders
    assert len(with_email(db, GUEST)) == entries
    assert done.report.summary.created == 1
    (jonas, cart) = with_email(db, "jonas@example.at")[::-1]
    assert (jonas.kept_apart, cart.kept_apart) == (False, True)


def test_other_sources_never_merge_into_an_entry_kept_apart(db: Database) -> None:
    sync(db, merge_guests=False)
    api = [{"email": GUEST, "first_name": "Greta", "last_name": "Gast", "company": "Gast GmbH"}]
    summary = import_api(db.engine, io.StringIO(json.dumps(api)), "test", NOW)
    assert (summary.created, summary.merged) == (0, 1)
    registered, *entries = with_email(db, GUEST)
    assert registered.company == "Gast GmbH"
    assert {e.company for e in entries} == {""}


def test_the_setting_comes_from_the_file_the_environment_or_the_command_line(
    db: Database, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from autoletter_tui.cli import main

    config = tmp_path / "config.toml"
    config.write_text('shopify_shop = "test-shop"\nmerge_guests = false\n')
    assert not shopify_account(load_settings(config)).merge_guests
    monkeypatch.setenv("AUTOLETTER_MERGE_GUESTS", "true")
    assert shopify_account(load_settings(config)).merge_guests
    monkeypatch.setenv("AUTOLETTER_SHOPIFY_TOKEN", TOKEN)
    with serving(ShopifyReplay(pages(), check=shopify_check).answer) as base:
        argv = ["sync", "shopify", "--db", str(db.url), "--config", str(config), "--api-base", base]
        assert main([*argv, "--no-merge-guests"]) == 0
    assert len(with_email(db, GUEST)) == 4


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_profile_of_an_entry_says_why_the_guest_appears_once_per_order(
    db: Database,
) -> None:
    from tests.test_profile_screen import make_app, open_customer, text_of

    sync(db, merge_guests=False)
    registered, entry, *_ = with_email(db, GUEST)
    app = make_app(db)
    async with app.run_test(size=(140, 44)) as pilot:
        await open_customer(pilot, entry.id)
        status = text_of(app, "#profile-contact").splitlines()[1]
        assert status.split() == ["Status", "Guest,", "one", "order", "kept", "apart",
                                  "(guest", "merging", "is", "off)"]  # fmt: skip
        await open_customer(pilot, registered.id)
        assert "kept apart" not in text_of(app, "#profile-contact")
