"""Shopify: customers, orders (every status, with line items) and abandoned checkouts, read
from the Admin REST API and mapped to customer records.

Why REST and not GraphQL: the recovered-cart link needs the checkout token on both sides. The
REST order carries ``checkout_token`` and the REST abandoned checkout its ``token``; the
GraphQL ``Order`` and ``AbandonedCheckout`` objects expose neither, so GraphQL could not tell
which order recovered which cart. One API for all three resources keeps a single throttling
and paging scheme. REST is "legacy" for new public apps, but it is versioned and served for
custom apps such as ours (2026-07 is the version we test against).

Paging follows the ``Link`` header (``rel="next"``, a ``page_info`` cursor that carries the
filters); throttling is the leaky bucket the ``X-Shopify-Shop-Api-Call-Limit`` header reports
(``32/40``), kept below ``BUCKET_USE`` of its size, plus ``429`` with ``Retry-After``.
Incremental runs ask for ``updated_at_min``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import httpx
from sqlalchemy import Engine

from autoletter_tui.data.fields import CONTACT_FIELDS, AddressKind
from autoletter_tui.data.models import OrderStatus, SourceKind
from autoletter_tui.i18n import N_, Lazy, _
from autoletter_tui.sources.fetching import TIMEOUT, JsonApi, Refused, SyncError, excerpt
from autoletter_tui.sources.ingest import Origin
from autoletter_tui.sources.records import (
    CheckoutRecord,
    CustomerRecord,
    Item,
    OrderRecord,
    Problem,
)
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
from autoletter_tui.sources.syncing import (
    Clock,
    Page,
    ShopSync,
    SyncProgress,
    record_failure,
    run_sync,
)

API_VERSION = "2026-07"
PAGE_SIZE = 250  # the most a page may hold
LEAK_PER_SECOND = 2.0  # the bucket drains this many calls a second (standard plans)
BUCKET_USE = 0.75  # of the bucket's size; above it we wait for it to drain
TOKEN_HINT = N_(
    "The access token is wrong, expired or revoked: create one in the shop's admin (Settings >"
    " Apps > Develop apps, with read_customers and read_orders) and set"
    " AUTOLETTER_SHOPIFY_TOKEN."
)  # translated where it is shown (``JsonApi``)


def call_limit_pace(response: httpx.Response) -> float:
    """Seconds to wait before the next call so that the bucket stays below ``BUCKET_USE``."""
    used, _sep, size = response.headers.get("X-Shopify-Shop-Api-Call-Limit", "").partition("/")
    try:
        over = int(used) - int(size) * BUCKET_USE
    except ValueError:
        return 0.0
    return max(0.0, over / LEAK_PER_SECOND)


def connect(
    domain: str,
    token: str,
    *,
    api_base: str | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> JsonApi:
    client = httpx.Client(
        base_url=api_base or f"https://{domain}",
        headers={"X-Shopify-Access-Token": token, "Accept": "application/json"},
        timeout=TIMEOUT,
        transport=transport,
    )
    return JsonApi(client, "Shopify", refused_hint=TOKEN_HINT, pace=call_limit_pace, sleep=sleep)


@dataclass(frozen=True, slots=True)
class Shop:
    api: JsonApi
    domain: str
    api_version: str = API_VERSION

    def path(self, resource: str) -> str:
        return f"/admin/api/{self.api_version}/{resource}.json"

    def origin(self) -> Origin:
        """The shop's source: its domain as the account, its name on the badge."""
        body = self.api.get(self.path("shop")).body
        shop = body.get("shop") if isinstance(body, dict) else None
        name = excerpt(_text(shop.get("name")), 60) if isinstance(shop, dict) else ""
        return Origin(SourceKind.SHOPIFY, self.domain, f"Shopify: {name or self.domain}")

    def resources(self, today: date) -> list[Listing]:
        def checkout(c: Mapping[str, Any]) -> CustomerRecord | Problem:
            return checkout_record(c, today)

        return [
            Listing(self, "customers", {}, lambda c: customer_record(c, today)),
            Listing(self, "orders", {"status": "any"}, lambda o: order_record(o, today)),
            Listing(self, "checkouts", {}, checkout),
            # Closed: completed since they were abandoned (recovered carts) or archived. Open
            # ones alone would miss a cart abandoned and recovered between two syncs.
            Listing(self, "closed_checkouts", {"status": "closed"}, checkout, "checkouts"),
        ]


@dataclass(frozen=True, slots=True)
class Listing:
    """One REST list endpoint, page by page."""

    shop: Shop
    name: str  # the resource as the sync's state knows it
    params: Mapping[str, str]
    read: Callable[[Mapping[str, Any]], CustomerRecord | Problem]
    endpoint: str = ""  # the REST resource, and the key of its list in the answer; "": name

    @property
    def key(self) -> str:
        return self.endpoint or self.name

    def page(self, since: datetime | None, resume: str | None) -> Page:
        if resume is not None:  # the cursor URL carries the filters; only limit may join it
            try:
                answer = self.shop.api.get(resume)
            except Refused as error:
                if error.status in (401, 403):
                    raise
                # A cursor the shop no longer takes (they expire): start this resource over
                # from its watermark; storing its first pages again changes nothing.
                return self.page(since, None)
        else:
            params: dict[str, str | int] = {"limit": PAGE_SIZE, **self.params}
            if since is not None:
                params["updated_at_min"] = since.isoformat()
            answer = self.shop.api.get(self.shop.path(self.key), params)
        items = answer.body.get(self.key) if isinstance(answer.body, dict) else None
        if not isinstance(items, list):
            raise SyncError(
                Lazy("Shopify's answer for {resource} holds no list of {key}.",
                     resource=self.name, key=self.key)
            )  # fmt: skip
        following = answer.response.links.get("next", {}).get("url")
        return Page([self.read(item) for item in items], following)


# -- Shopify's objects as records ---------------------------------------------------------------


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(_text(value))
    if moment.tzinfo is None:
        raise ValueError(_("time without an offset: {value}").format(value=repr(value)))
    return moment


def _address(a: Mapping[str, Any] | None) -> dict[str, str] | None:
    if not a:
        return None
    name = _text(a.get("name")) or " ".join(
        p for p in (_text(a.get("first_name")), _text(a.get("last_name"))) if p
    )
    return shop_address(
        name=name,
        company=_text(a.get("company")),
        street_line=_text(a.get("address1")),
        line2=_text(a.get("address2")),
        postcode=_text(a.get("zip")),
        city=_text(a.get("city")),
        region=_text(a.get("province_code")) or _text(a.get("province")),
        country=_text(a.get("country_code")) or _text(a.get("country")),
    )


def _items(lines: Any) -> tuple[Item, ...]:
    return tuple(
        (
            _text(line.get("sku")),
            _title(line),
            _quantity(line["quantity"]),
            number(line["price"], "price"),
        )
        for line in lines or ()
    )


def _title(line: Mapping[str, Any]) -> str:
    """What the customer bought, with its variant: an order's line item has it in ``name``
    ("Grüner Tee - 100 g"); a checkout's has no name, so it is made the way Shopify makes it."""
    if name := _text(line.get("name")):
        return name
    title, variant = _text(line.get("title")), _text(line.get("variant_title"))
    return f"{title} - {variant}" if title and variant else title or variant


def _quantity(value: Any) -> int:
    """A whole number as Shopify sends it (``2``); anything else is a problem of the record,
    not a quantity of one (``record_checks`` refuses 0 and the absurd)."""
    pieces = number(value, "quantity")
    # Bounded before int(): 1E+5000 pieces would be a number of 5,000 digits.
    if not pieces.is_finite() or pieces != pieces.to_integral_value() or pieces.adjusted() > 9:
        raise ValueError(_("quantity {value} is not a whole number").format(value=repr(value)))
    return int(pieces)


def _safely(
    kind: str,
    read: Callable[[Mapping[str, Any], date], CustomerRecord | Problem],
    item: Any,
    today: date,
) -> CustomerRecord | Problem:
    if not isinstance(item, Mapping):
        return not_an_object(f"Shopify {kind}", item)
    where = f"Shopify {kind} {reference(item.get('name') or item.get('id'))}"
    return guarded(where, lambda: read(item, today))


# Fields a customer object can clear: a key it sends empty or null was cleared in the shop. A
# key it leaves out was not sent (Shopify omits ``phone`` in some versions and field sets),
# which clears nothing. Not the name: a name is never emptied by a record that lacks part of
# it (the merge rule).
CLEARABLE = ("email", "phone")


def _person(customer: Mapping[str, Any]) -> dict[str, str]:
    address = customer.get("default_address") or {}
    return {
        "first_name": _text(customer.get("first_name")),
        "last_name": _text(customer.get("last_name")),
        "email": _text(customer.get("email")),
        "phone": _text(customer.get("phone")),
        "company": _text(address.get("company")),
    }


def _sent(customer: Mapping[str, Any]) -> frozenset[str]:
    """The clearable contact fields this customer object sends (empty or not)."""
    sent = {name for name in CLEARABLE if name in customer}
    address = customer.get("default_address")
    if isinstance(address, Mapping) and "company" in address:
        sent.add("company")
    return frozenset(sent)


def customer_record(c: Mapping[str, Any], today: date) -> CustomerRecord | Problem:
    return _safely("customer", _customer, c, today)


def order_record(o: Mapping[str, Any], today: date) -> CustomerRecord | Problem:
    return _safely("order", _order, o, today)


def checkout_record(c: Mapping[str, Any], today: date) -> CustomerRecord | Problem:
    return _safely("checkout", _checkout, c, today)


def _customer(c: Mapping[str, Any], today: date) -> CustomerRecord | Problem:
    """A customer: contact details and the default address (delivery; the letter address too,
    where we have none)."""
    address = _address(c.get("default_address"))
    addresses = {AddressKind.DELIVERY: address, AddressKind.LETTER: address} if address else {}
    return shop_record(
        f"Shopify customer {c['id']}",
        external_id=str(c["id"]),
        contact=_person(c),
        addresses=addresses,
        today=today,
        registered=_text(c.get("state")) == "enabled",  # an account; else only orders
        whole=_sent(c),
    )


def order_status(o: Mapping[str, Any]) -> OrderStatus:
    financial = _text(o.get("financial_status"))
    if o.get("cancelled_at") or financial == "voided":
        return OrderStatus.CANCELED
    if financial == "refunded":
        return OrderStatus.REFUNDED
    if _text(o.get("fulfillment_status")) == "fulfilled":
        return OrderStatus.FULFILLED
    if financial in ("paid", "partially_refunded"):
        return OrderStatus.PAID
    return OrderStatus.OPEN  # pending, authorized, partially paid


def _buyer(o: Mapping[str, Any], where: str, today: date, **facts: Any) -> CustomerRecord | Problem:
    """The customer of an order or checkout: the shop's customer by its id, or a guest known
    by email and the addresses given."""
    customer = o.get("customer")
    shipping, billing = _address(o.get("shipping_address")), _address(o.get("billing_address"))
    if customer and customer.get("id"):
        contact = _person(customer)
        contact["email"] = contact["email"] or _text(o.get("email"))
        # The customer resource owns a registered customer's delivery address. A billing
        # address exists only on orders: the newest order's (as_of: an older one only fills).
        # The customer inside an order is a copy, as it was when the order was placed: its
        # contact fields describe a customer the customers resource has not sent (yet), and
        # never undo what the customer object says.
        ordered = "orders" in facts
        return shop_record(
            where, external_id=str(customer["id"]), contact=contact,
            addresses={AddressKind.BILLING: billing} if billing and ordered else {},
            today=today, registered=_text(customer.get("state")) == "enabled",
            as_of=_moment(o.get("processed_at") or o["created_at"]) if ordered else None,
            copied=frozenset(CONTACT_FIELDS), **facts,
        )  # fmt: skip
    named = billing or shipping or {}
    first, _sep, last = named.get("name", "").partition(" ")
    contact = {
        "first_name": _text((o.get("billing_address") or {}).get("first_name")) or first,
        "last_name": _text((o.get("billing_address") or {}).get("last_name")) or last,
        "email": _text(o.get("email")) or _text(o.get("contact_email")),
        "phone": _text(o.get("phone")),
    }
    addresses = order_addresses(shipping, billing)
    return shop_record(
        where, external_id="", contact=contact, addresses=addresses, today=today,
        registered=False, as_of=_moment(o.get("processed_at") or o["created_at"]), **facts,
    )  # fmt: skip


def _order(o: Mapping[str, Any], today: date) -> CustomerRecord | Problem:
    order = OrderRecord(
        external_id=str(o["id"]),
        number=_text(o.get("name")) or str(o["id"]),
        placed_at=_moment(o.get("processed_at") or o["created_at"]),
        total=number(
            o.get("current_total_price") or o.get("total_price"), "total_price"
        ),  # after refunds
        currency=_text(o.get("currency")) or "EUR",
        status=order_status(o),
        is_test=bool(o.get("test")),
        items=_items(o.get("line_items")),
        checkout_token=_text(o.get("checkout_token")),
    )
    return _buyer(o, f"Shopify order {order.number}", today, orders=(order,))


def _checkout(c: Mapping[str, Any], today: date) -> CustomerRecord | Problem:
    checkout = CheckoutRecord(
        token=_text(c["token"]),
        created_at=_moment(c["created_at"]),
        value=number(c.get("total_price"), "total_price"),
        currency=_text(c.get("currency")) or "EUR",
        items=_items(c.get("line_items")),
    )
    return _buyer(c, f"Shopify checkout {_text(c.get('id'))}", today, checkouts=(checkout,))


def sync(
    engine: Engine,
    domain: str,
    token: str,
    clock: Clock,
    *,
    api_version: str = API_VERSION,
    api_base: str | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: SyncProgress | None = None,
    merge_guests: bool = True,
) -> ShopSync:
    """Customers, then orders, then abandoned checkouts: what changed since the last complete
    run, or from where a failed run stopped. ``merge_guests`` False keeps each guest order
    (and guest checkout) apart, as an entry of its own."""
    api = connect(domain, token, api_base=api_base, transport=transport, sleep=sleep)
    with api.client:
        shop = Shop(api, domain, api_version)
        try:
            origin = replace(shop.origin(), merge_guests=merge_guests)
        except Exception as error:  # e.g. a refused token: the account's state says so
            record_failure(engine, Origin(SourceKind.SHOPIFY, domain, ""), "customers", error)
            raise
        report = run_sync(engine, origin, shop.resources(clock().date()), clock, progress=progress)
    return ShopSync(origin, report, api.requests, api.waited)
