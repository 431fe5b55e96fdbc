"""Billbee: orders page by page (``GET /api/v1/orders``), and from each order its customer
with contact details and addresses, mapped to customer records.

Billbee has no "changed customers" query, so customers come with their orders, as the issue
asks. An order's addresses are those of the day it was placed: an order older than the
customer's latest one (an old order that was returned today) does not overwrite newer
details, it only fills gaps (``CustomerRecord.as_of``).

Facts about the API that shape this module:
- every request needs the ``X-Billbee-Api-Key`` header and HTTP Basic auth (user name, API
  password);
- about 2 calls a second per endpoint, key and user, ``429`` with ``Retry-After`` beyond;
- pages count from 1, at most 250 orders each, in the envelope
  ``{Paging: {Page, TotalPages, ...}, ErrorCode, ErrorMessage, Data}``;
- timestamps often carry no offset (``2023-04-22T14:56:23.843``): Billbee means German time;
- amounts can be long decimals (``846.1929411764705882352941177``): read as ``Decimal``;
- order addresses spell ``HouseNumber`` / ``CountryISO2``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import Engine

from autoletter_tui.data import money
from autoletter_tui.data.models import OrderStatus, SourceKind
from autoletter_tui.formatting import count
from autoletter_tui.i18n import N_, Lazy, _
from autoletter_tui.sources.fetching import TIMEOUT, JsonApi, SyncError, excerpt
from autoletter_tui.sources.ingest import Origin
from autoletter_tui.sources.record_checks import MAX_QUANTITY
from autoletter_tui.sources.records import REFERENCE, CustomerRecord, Item, OrderRecord, Problem
from autoletter_tui.sources.shop_records import (
    guarded,
    not_an_object,
    number,
    order_addresses,
    reference,
    shop_address,
    shop_record,
)
from autoletter_tui.sources.shop_records import text as _text
from autoletter_tui.sources.syncing import Clock, Page, ShopSync, SyncProgress, run_sync

API_BASE = "https://app.billbee.io"
PAGE_SIZE = 250  # the most a page may hold
CALL_INTERVAL = 0.5  # seconds between calls: Billbee allows about 2 a second
BERLIN = ZoneInfo("Europe/Berlin")
CREDENTIALS_HINT = N_(
    "Check AUTOLETTER_BILLBEE_API_KEY, AUTOLETTER_BILLBEE_USER and AUTOLETTER_BILLBEE_PASSWORD"
    " (the API password from Billbee's settings, not the login password)."
)  # translated where it is shown (``JsonApi``)

# Billbee's order states (OrderStateEnum) as ours.
_STATES = {
    1: OrderStatus.OPEN,  # ordered
    2: OrderStatus.OPEN,  # confirmed
    3: OrderStatus.PAID,  # payment received
    4: OrderStatus.FULFILLED,  # shipped
    5: OrderStatus.RETURNED,  # complaint
    6: OrderStatus.CANCELED,  # deleted
    7: OrderStatus.FULFILLED,  # closed
    8: OrderStatus.CANCELED,  # canceled
    9: OrderStatus.FULFILLED,  # archived
    11: OrderStatus.OPEN,  # offered
    12: OrderStatus.OPEN,  # payment reminder
    13: OrderStatus.OPEN,  # dunning
    14: OrderStatus.OPEN,  # dunning, second
    15: OrderStatus.OPEN,  # dunning, third
    16: OrderStatus.PAID,  # packed
}


def connect(
    api_key: str,
    user: str,
    password: str,
    *,
    api_base: str | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> JsonApi:
    client = httpx.Client(
        base_url=api_base or API_BASE,
        headers={"X-Billbee-Api-Key": api_key, "Accept": "application/json"},
        auth=httpx.BasicAuth(user, password),
        timeout=TIMEOUT,
        transport=transport,
    )
    return JsonApi(
        client, "Billbee", refused_hint=CREDENTIALS_HINT, min_interval=CALL_INTERVAL, sleep=sleep
    )


def origin(user: str) -> Origin:
    """The Billbee account: its user name as the account, "Billbee" on the badge."""
    return Origin(SourceKind.BILLBEE, user, "Billbee")


@dataclass(frozen=True, slots=True)
class Orders:
    """``GET /api/v1/orders``, page by page, with each order's customer."""

    api: JsonApi
    today: date
    name: str = "orders"

    def page(self, since: datetime | None, resume: str | None) -> Page:
        number = int(resume or 1)
        params: dict[str, str | int] = {"page": number, "pageSize": PAGE_SIZE}
        if since is not None:
            params["modifiedAtMin"] = since.astimezone(BERLIN).isoformat(timespec="seconds")
        body = self.api.get("/api/v1/orders", params).body
        if isinstance(body, dict) and body.get("ErrorCode"):  # Billbee's own words first
            raise SyncError(
                Lazy("Billbee reported error {code} for orders: {message}.",
                     code=excerpt(_text(body["ErrorCode"]), REFERENCE),
                     message=excerpt(_text(body.get("ErrorMessage"))) or Lazy("no message"))
            )  # fmt: skip
        if not isinstance(body, dict) or not isinstance(body.get("Data"), list):
            raise SyncError(Lazy("Billbee's answer for orders holds no list of orders (Data)."))
        records = [order_record(o, self.today) for o in body["Data"]]
        last = _last_page(body.get("Paging"))
        if last is None or last < number:  # no page count to go by: on to an empty page
            following = str(number + 1) if body["Data"] else None
        else:
            following = str(number + 1) if number < last and body["Data"] else None
        return Page(records, following)


def _last_page(paging: Any) -> int | None:
    """``Paging.TotalPages``; None when the envelope does not say it as a count."""
    total = paging.get("TotalPages") if isinstance(paging, Mapping) else None
    if isinstance(total, bool) or not isinstance(total, int | str | Decimal):
        return None
    try:
        number = int(str(total))
    except ValueError:
        return None
    return number if number >= 0 else None


def moment(value: Any) -> datetime:
    """A Billbee timestamp; one without an offset is German time."""
    parsed = datetime.fromisoformat(_text(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=BERLIN)


def _address(a: Mapping[str, Any] | None) -> dict[str, str] | None:
    if not a or not any(_text(v) for k, v in a.items() if k != "BillbeeId"):
        return None
    return shop_address(
        name=" ".join(p for p in (_text(a.get("FirstName")), _text(a.get("LastName"))) if p),
        company=_text(a.get("Company")),
        street=_text(a.get("Street")),
        house_number=_text(a.get("HouseNumber")),
        # Both belong under the street: "c/o Müller", "Hinterhaus, 2. OG".
        line2=", ".join(p for p in (_text(a.get("NameAddition")), _text(a.get("Line2"))) if p),
        postcode=_text(a.get("Zip")),
        city=_text(a.get("City")),
        region=_text(a.get("State")),
        country=_text(a.get("CountryISO2")) or _text(a.get("Country")),
    )


def _amount(value: Any, currency: str, name: str) -> Decimal:
    """A Billbee amount in the currency's decimals. Billbee computes in .NET decimals and
    sends what they hold (``846.1929411764705882352941177``); it shows them rounded, as
    merchants do (half up), and so are they stored."""
    amount = number(value, name)
    if not amount.is_finite() or abs(amount) >= money.MAX_AMOUNT:
        return amount  # no amount: record_checks says why, in words
    return amount.quantize(money.quantum(currency), ROUND_HALF_UP)


def _items(lines: Any, currency: str) -> tuple[Item, ...]:
    """Line items. A line of whole pieces is stored as pieces at the unit price Billbee shows
    (``TotalPrice`` over the quantity, rounded). One whose quantity is not whole (0.5 kg) is
    stored as one piece at the line's exact total, its quantity kept in the title
    ("0.5 × Käse"). A negative line (a return, a credit) is stored as what it is: its pieces
    at a negative price, never as a purchase."""  # noqa: RUF002
    items: list[Item] = []
    for line in lines or ():
        product = line.get("Product") or {}
        quantity = number(line.get("Quantity"), "Quantity")
        if not quantity.is_finite() or quantity == 0 or abs(quantity) > MAX_QUANTITY:
            raise ValueError(
                _("{quantity} is not a whole number of pieces from 1 to {most}").format(
                    quantity=quantity, most=count(MAX_QUANTITY)
                )
            )
        total = _amount(line.get("TotalPrice"), currency, "TotalPrice")
        if quantity < 0 < total:  # pieces given back: the line takes money back too
            total = -total
        pieces = abs(quantity)
        sku, title = _text(product.get("SKU")), _text(product.get("Title"))
        if pieces == pieces.to_integral_value():
            items.append((sku, title, int(pieces), _amount(total / pieces, currency, "TotalPrice")))
        else:
            items.append((sku, f"{pieces.normalize():f} × {title}", 1, total))
    return tuple(items)


def order_record(o: Any, today: date) -> CustomerRecord | Problem:
    if not isinstance(o, Mapping):
        return not_an_object("Billbee order", o)
    where = f"Billbee order {reference(o.get('OrderNumber') or o.get('BillBeeOrderId'))}"
    return guarded(where, lambda: _order(o, where, today))


def _order(o: Mapping[str, Any], where: str, today: date) -> CustomerRecord | Problem:
    placed = moment(o.get("CreatedAt") or o["OrderDate"])
    currency = _text(o.get("Currency")) or "EUR"
    order = OrderRecord(
        external_id=_text(o["BillBeeOrderId"]),
        number=_text(o.get("OrderNumber")) or _text(o["BillBeeOrderId"]),
        placed_at=placed,
        total=_amount(o.get("TotalCost"), currency, "TotalCost"),
        currency=currency,
        status=_STATES.get(int(o.get("State") or 1), OrderStatus.OPEN),
        items=_items(o.get("OrderItems"), currency),
    )
    customer = o.get("Customer") or {}
    invoice, shipping = o.get("InvoiceAddress") or {}, o.get("ShippingAddress") or {}
    contact = {
        "first_name": _text(invoice.get("FirstName")) or _text(shipping.get("FirstName")),
        "last_name": _text(invoice.get("LastName")) or _text(shipping.get("LastName")),
        "email": _text(customer.get("Email"))
        or _text(invoice.get("Email"))
        or _text(shipping.get("Email")),
        "company": _text(invoice.get("Company")),
        "phone": _text(customer.get("Tel1")) or _text(invoice.get("Phone")),
    }
    billing, delivery = _address(invoice), _address(shipping)
    addresses = order_addresses(delivery, billing)
    return shop_record(
        where,
        external_id=_text(customer.get("Id")),
        contact=contact,
        addresses=addresses,
        today=today,
        orders=(order,),
        as_of=placed,
    )


def sync(
    engine: Engine,
    api_key: str,
    user: str,
    password: str,
    clock: Clock,
    *,
    api_base: str | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: SyncProgress | None = None,
) -> ShopSync:
    """The orders changed since the last complete run (or from where a failed run stopped),
    with their customers."""
    api = connect(api_key, user, password, api_base=api_base, transport=transport, sleep=sleep)
    with api.client:
        report = run_sync(
            engine, origin(user), [Orders(api, clock().date())], clock, progress=progress
        )
    return ShopSync(origin(user), report, api.requests, api.waited)
