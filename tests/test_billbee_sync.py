"""`sync billbee`: orders page by page with their customers, replayed through
``httpx.MockTransport`` in the API's shapes: the credentials Billbee needs, German time for
offset-less timestamps, long decimals read exactly, throttling, Billbee's own error codes,
and an old order that must not overwrite newer details."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from autoletter_tui.cli import main
from autoletter_tui.data.db import Database
from autoletter_tui.data.fields import AddressKind
from autoletter_tui.data.models import Order, OrderItem, OrderStatus, SourceKind
from autoletter_tui.sources import billbee
from autoletter_tui.sources.fetching import Refused, SyncError
from autoletter_tui.sources.syncing import OVERLAP, ShopSync
from tests.conftest import AS_OF
from tests.shop_replay import (
    BILLBEE_KEY,
    BILLBEE_PASSWORD,
    BILLBEE_USER,
    SHARED,
    BillbeeReplay,
    billbee_check,
    billbee_pages,
    customer,
    load,
    serving,
)

NOW = AS_OF + timedelta(days=1)


def replay(**options: Any) -> BillbeeReplay:
    return BillbeeReplay(billbee_pages(), check=billbee_check, **options)


def sync(
    db: Database,
    shop: BillbeeReplay,
    *,
    at: datetime = NOW,
    password: str = BILLBEE_PASSWORD,
    sleeps: list[float] | None = None,
) -> ShopSync:
    waits = sleeps if sleeps is not None else []
    return billbee.sync(
        db.engine, BILLBEE_KEY, BILLBEE_USER, password, lambda: at,
        transport=shop.transport(), sleep=waits.append,
    )  # fmt: skip


def test_orders_and_their_customers_are_stored(db: Database) -> None:
    shop = replay()
    done = sync(db, shop)
    summary = done.report.summary
    assert done.origin.label == "Billbee"
    assert (summary.created, summary.merged, summary.orders, summary.skipped) == (2, 1, 3, 0)
    assert done.report.pages == 2
    assert [r.url.params["pageSize"] for r in shop.requests] == ["250", "250"]
    assert [r.url.params["page"] for r in shop.requests] == ["1", "2"]

    weiss = customer(db, "j.weiss@example.de")
    assert (weiss.first_name, weiss.last_name, weiss.company) == (
        "Jürgen", "Weiß", "Weiß & Söhne GmbH",
    )  # fmt: skip
    assert weiss.phone == "+49711123456"
    assert [(s.kind, s.external_id) for s in weiss.sources] == [
        (SourceKind.BILLBEE, "200000000000001")
    ]
    delivery, billing = weiss.address(AddressKind.DELIVERY), weiss.address(AddressKind.BILLING)
    assert delivery is not None
    assert billing is not None
    # The newest order's addresses, not those of the older order that came after it.
    assert (delivery.street, delivery.house_number, delivery.line2) == ("Lagerweg", "3", "Tor 2")
    assert (billing.street, billing.house_number) == ("Königstraße", "7")
    with db.sessions() as session:
        orders = {o.number: o for o in session.scalars(select(Order))}
        items = session.execute(
            select(OrderItem.sku, OrderItem.quantity, OrderItem.unit_price)
            .where(OrderItem.order_id == orders["BB-101"].id)
            .order_by(OrderItem.id)
        ).all()
    first = orders["BB-101"]
    assert first.total == Decimal("846.19")  # 846.1929411764705882352941177, not a float
    assert first.status is OrderStatus.FULFILLED
    # 2026-10-05T14:56:23.843 without an offset is German summer time.
    assert first.placed_at == datetime.fromisoformat("2026-10-05T12:56:23.843+00:00")
    assert [tuple(i) for i in items] == [
        ("ESP-9", 1, Decimal("799.00")),
        ("BEAN-1000", 3, Decimal("14.10")),
    ]
    assert orders["BB-102"].status is OrderStatus.CANCELED
    assert customer(db, "ana@example.es").address(AddressKind.LETTER) is not None


def test_every_request_carries_the_key_and_basic_auth(db: Database) -> None:
    shop = replay()
    sync(db, shop)
    assert all(r.headers["X-Billbee-Api-Key"] == BILLBEE_KEY for r in shop.requests)
    assert all(r.headers["Authorization"].startswith("Basic ") for r in shop.requests)


def test_calls_are_spaced_to_billbees_rate(db: Database) -> None:
    sleeps: list[float] = []
    sync(db, replay(), sleeps=sleeps)
    assert sleeps  # the second page waited for the first call's half second
    assert max(sleeps) <= billbee.CALL_INTERVAL


def test_a_second_run_asks_for_orders_modified_since_in_german_time(db: Database) -> None:
    sync(db, replay())
    shop = replay()
    later = NOW + timedelta(hours=3)
    again = sync(db, shop, at=later)
    assert (again.report.summary.created, again.report.summary.changed) == (0, 0)
    since = (NOW - OVERLAP).astimezone(billbee.BERLIN).isoformat(timespec="seconds")
    assert shop.requests[0].url.params["modifiedAtMin"] == since
    assert since.endswith("+01:00")


def test_429_waits_for_retry_after(db: Database) -> None:
    throttled = httpx.Response(429, headers={"Retry-After": "1.5"})
    sleeps: list[float] = []
    done = sync(db, replay(faults=[("page=2", throttled)]), sleeps=sleeps)
    assert 1.5 in sleeps
    assert done.report.summary.orders == 3


def test_wrong_credentials_say_which_settings_to_check(db: Database) -> None:
    with pytest.raises(Refused, match="AUTOLETTER_BILLBEE_PASSWORD") as raised:
        sync(db, replay(), password="wrong")
    assert "wrong" not in str(raised.value)


def test_an_error_code_in_the_envelope_stops_the_sync(db: Database) -> None:
    pages = billbee_pages()
    body = json.loads(pages["orders"][1])
    body.update(ErrorCode=3, ErrorMessage="Internal error", Data=None)  # as Billbee sends it
    pages["orders"][1] = json.dumps(body)
    with pytest.raises(SyncError, match="error 3 for orders: Internal error"):
        sync(db, BillbeeReplay(pages, check=billbee_check))
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Order)) == 2  # page 1 kept
    done = sync(db, replay(), at=NOW + timedelta(minutes=5))
    assert done.report.resumed == ["orders"]
    assert done.report.summary.orders == 1


def test_the_cli_reports_without_showing_credentials(
    db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with serving(BillbeeReplay(billbee_pages(), check=billbee_check).answer) as base:
        monkeypatch.setenv("AUTOLETTER_BILLBEE_API_KEY", BILLBEE_KEY)
        monkeypatch.setenv("AUTOLETTER_BILLBEE_USER", BILLBEE_USER)
        monkeypatch.setenv("AUTOLETTER_BILLBEE_PASSWORD", BILLBEE_PASSWORD)
        assert main(["sync", "billbee", "--db", str(db.url), "--api-base", base]) == 0
        out, err = capsys.readouterr()
        assert "Billbee: 2 pages" in out
        assert "3 orders stored" in out
        monkeypatch.setenv("AUTOLETTER_BILLBEE_PASSWORD", "not-the-password")
        assert main(["sync", "billbee", "--db", str(db.url), "--api-base", base]) == 2
        out2, err2 = capsys.readouterr()
        assert "refused the credentials (HTTP 401)" in err2
        for secret in (BILLBEE_KEY, BILLBEE_PASSWORD, "not-the-password"):
            assert secret not in out + err + out2 + err2
        monkeypatch.delenv("AUTOLETTER_BILLBEE_API_KEY")
        assert main(["sync", "billbee", "--db", str(db.url)]) == 2
        assert "Set AUTOLETTER_BILLBEE_API_KEY" in capsys.readouterr().err


def test_billbees_sdk_payload_syncs(db: Database) -> None:
    folder = SHARED / "billbee"
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here: the shared Billbee fixtures come with CI's checkout")
    pages = {"orders": [load(folder / "Response_get_orders_response.json")]}
    done = sync(db, BillbeeReplay(pages, check=billbee_check))
    summary = done.report.summary
    assert (summary.created, summary.orders) == (1, 1)
    with db.sessions() as session:
        order = session.scalars(select(Order)).one()
        sku = session.scalars(select(OrderItem.sku)).one()
    assert (order.number, order.total, order.currency) == ("Test", Decimal("170.76"), "EUR")
    assert sku == "TESTBESTAND"
    buyer = customer(db, "max@mustermann.tld")
    assert (buyer.first_name, buyer.last_name) == ("Vorname", "Nachname")
    again = sync(db, BillbeeReplay(pages, check=billbee_check), at=NOW + timedelta(hours=1))
    assert (again.report.summary.changed, again.report.summary.orders) == (0, 0)
