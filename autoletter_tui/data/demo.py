"""Deterministic demo and benchmark data at any size.

Customers from Germany, Austria, Switzerland and elsewhere in Europe with plausible addresses;
from one, two or three merged sources; guests; manually added customers without orders; test,
canceled and returned orders; Shopify abandoned and recovered carts; campaigns with letters in
every status and some QR scans; incomplete letter addresses; names with umlauts, accents and
markup-like brackets.

The same (customers, seed, as_of) always gives the same database: each batch of customers draws
from its own generator seeded by (seed, batch number), and rows get consecutive ids. Rows are
built as plain lists and appended with ``bulk.BulkWriter``; cached figures come from the same
functions that keep them correct on every later write (``figures.py``).
"""

from __future__ import annotations

import bisect
import itertools
import multiprocessing
import os
import random
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import URL, Connection, Table, func, select

from autoletter_tui.data import demo_pools as pools
from autoletter_tui.data.address_rules import PostalAddress, street_line
from autoletter_tui.data.bulk import (
    BulkWriter,
    Row,
    advance_sequences,
    prepare_rows,
    sqlite_indexes_deferred,
)
from autoletter_tui.data.db import open_database
from autoletter_tui.data.errors import DemoError
from autoletter_tui.data.fields import (
    CONTACT_FIELDS,
    AddressKind,
    FieldSet,
    address_fields,
)
from autoletter_tui.data.figures import AddressFact, OrderFact, order_figures, profile_figures
from autoletter_tui.data.merge import stored_email_key
from autoletter_tui.data.models import (
    AbandonedCheckout,
    Address,
    Campaign,
    CampaignKind,
    CheckoutItem,
    Customer,
    CustomerSource,
    EventKind,
    Letter,
    LetterStatus,
    Order,
    OrderItem,
    OrderStatus,
    RegistrationStatus,
    SourceKind,
    TimelineEvent,
)
from autoletter_tui.data.search import fold
from autoletter_tui.i18n import ngettext

T = TypeVar("T")

BATCH = 5_000
TRICKY_EVERY = 100  # one customer in this many has a name that tests literal rendering
YEARS_OF_HISTORY = 6
CURRENCY = {"CH": "CHF", "PL": "PLN", "CZ": "CZK", "DK": "DKK"}
DOMAINS = ("gmail.com", "web.de", "gmx.de", "t-online.de", "gmx.at", "bluewin.ch", "outlook.com")
CONTACT: FieldSet = frozenset(CONTACT_FIELDS)

# Source combinations and their shares (per mille): most customers come from one shop.
PROFILES: tuple[tuple[tuple[SourceKind, ...], int], ...] = (
    ((SourceKind.SHOPIFY,), 560),
    ((SourceKind.BILLBEE,), 140),
    ((SourceKind.CSV,), 90),
    ((SourceKind.API,), 50),
    ((SourceKind.SHOPIFY, SourceKind.BILLBEE), 60),
    ((SourceKind.SHOPIFY, SourceKind.CSV), 40),
    ((SourceKind.BILLBEE, SourceKind.API), 20),
    ((SourceKind.SHOPIFY, SourceKind.BILLBEE, SourceKind.CSV), 20),
    ((SourceKind.MANUAL,), 20),
)
# Orders per customer who has any: 1..12, ~3 on average.
ORDER_COUNTS = (1, 2, 3, 4, 5, 6, 7, 8, 10, 12)
ORDER_COUNT_WEIGHTS = (30, 22, 15, 10, 8, 5, 4, 3, 2, 1)
ORDER_STATUSES = (
    (OrderStatus.FULFILLED, 800),
    (OrderStatus.PAID, 70),
    (OrderStatus.OPEN, 40),
    (OrderStatus.CANCELED, 40),
    (OrderStatus.RETURNED, 35),
    (OrderStatus.REFUNDED, 15),
)
LETTER_STATUSES = (
    (LetterStatus.DELIVERED, 650),
    (LetterStatus.SHIPPED, 120),
    (LetterStatus.IN_PRODUCTION, 80),
    (LetterStatus.ACCEPTED, 90),
    (LetterStatus.FAILED, 60),
)
LETTER_STEPS = (
    LetterStatus.ACCEPTED,
    LetterStatus.IN_PRODUCTION,
    LetterStatus.SHIPPED,
    LetterStatus.DELIVERED,
)
# Countries whose cities the demo draws, weighted towards Germany as the product's market is.
CITY_WEIGHTS = tuple({"DE": 30, "AT": 8, "CH": 8}.get(country, 2) for country, *_ in pools.CITIES)
SHOP_DOMAINS = tuple(
    fold(label).replace(" ", "-").replace("&", "und").replace(".", "") + ".myshopify.com"
    for label in pools.SHOP_LABELS
)


def _ascii(name: str) -> str:
    return "".join(c for c in fold(name) if c.isascii() and c.isalnum()) or "kunde"


_PRODUCTS = tuple((sku, title, Decimal(cents) / 100) for sku, title, cents in pools.PRODUCTS)
_FIRST_ASCII = tuple(_ascii(n) for n in pools.FIRST_NAMES)
_LAST_ASCII = tuple(_ascii(n) for n in pools.LAST_NAMES)


def _cumulative(weights: Sequence[int]) -> list[int]:
    return list(itertools.accumulate(weights))


@dataclass(frozen=True, slots=True)
class DemoSpec:
    customers: int
    seed: int = 1
    as_of: datetime = field(default_factory=lambda: datetime.now(UTC))
    shops: int = 2  # Shopify shops in this database


@dataclass
class DemoSummary:
    rows: dict[str, int]


@dataclass
class _Ids:
    """Next free id per table. A batch numbers its child rows from 1 (``write_demo`` shifts them
    to follow the previous batch's), so that batches can be generated in parallel."""

    counters: dict[str, Iterator[int]] = field(default_factory=dict)

    def counter(self, table: str) -> Callable[[], int]:
        counter = self.counters.get(table)
        if counter is None:
            counter = self.counters[table] = itertools.count(1)
        return counter.__next__

    def take(self, table: str) -> int:
        return self.counter(table)()


# Columns holding batch-local ids, and the table whose ids they are.
LOCAL_IDS: dict[str, tuple[tuple[int, str], ...]] = {
    "customer_source": ((0, "customer_source"),),
    "address": ((0, "address"),),
    "orders": ((0, "orders"), (2, "customer_source")),
    "order_item": ((0, "order_item"), (1, "orders")),
    "abandoned_checkout": ((0, "abandoned_checkout"), (2, "customer_source"), (7, "orders")),
    "checkout_item": ((0, "checkout_item"), (1, "abandoned_checkout")),
    "letter": ((0, "letter"),),
    "timeline_event": ((0, "timeline_event"),),
}


class _Batch:
    """Rows of one batch of customers, table by table, in table column order."""

    def __init__(self, spec: DemoSpec, number: int, campaigns: list[_CampaignInfo]):
        self.spec = spec
        self.rng = random.Random(f"{spec.seed}:{number}")
        self.random = self.rng.random
        self.ids = _Ids()
        self.first_customer = number * BATCH + 1
        self.campaigns = campaigns
        self.rows: dict[str, list[Row]] = {t.name: [] for t in TABLES}
        self.now = spec.as_of
        self.oldest = self.now - timedelta(days=365 * YEARS_OF_HISTORY)
        self.order_seq = 0

    # -- random helpers (random.randrange/choice cost 3x more than one random() call) ------
    def below(self, n: int) -> int:
        return int(self.random() * n)

    def between(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low))

    def choice(self, options: Sequence[T]) -> T:
        return options[int(self.random() * len(options))]

    def when(self, start: datetime, end: datetime | None = None) -> datetime:
        end = end or self.now
        span = max((end - start).total_seconds(), 1.0)
        return start + timedelta(seconds=int(self.rng.random() * span))

    def token(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    # -- one customer ---------------------------------------------------------------------
    def customer(self, profile: tuple[SourceKind, ...], city_index: int) -> None:
        rng = self.rng
        cid = self.first_customer + self.ids.take("customer") - 1
        kinds = profile
        manual = kinds == (SourceKind.MANUAL,)
        shop = kinds[0].is_shop
        fi = self.below(len(pools.FIRST_NAMES))
        li = self.below(len(pools.LAST_NAMES))
        first, last = pools.FIRST_NAMES[fi], pools.LAST_NAMES[li]
        if cid % TRICKY_EVERY == 7:  # placed, not drawn, so that every demo shows some
            first, last = pools.TRICKY_NAMES[(cid // TRICKY_EVERY) % len(pools.TRICKY_NAMES)]
        has_email = shop or rng.random() < 0.85
        email = (
            f"{_FIRST_ASCII[fi]}.{_LAST_ASCII[li]}{cid}@{self.choice(DOMAINS)}" if has_email else ""
        )
        if rng.random() < 0.01:
            email = email.upper() if rng.random() < 0.5 else f" {email} "  # as shops send them
        company = self.choice(pools.COMPANIES) if rng.random() < 0.12 else ""
        country, postcode, city, region, streets = pools.CITIES[city_index]
        phone = f"+{_DIAL.get(country, '49')}{self.between(30, 990)}{self.between(10**6, 10**7)}"
        phone = phone if rng.random() < 0.5 else ""
        birthday = (
            date(self.between(1940, 2006), self.between(1, 13), self.between(1, 29))
            if rng.random() < 0.35
            else None
        )
        created = self.when(self.oldest)
        status = (
            RegistrationStatus.GUEST
            if shop and rng.random() < 0.25
            else RegistrationStatus.REGISTERED
        )
        name = f"{first} {last}"
        street = self.choice(streets)
        home = [
            name,
            company,
            street,
            str(self.between(1, 150)),
            "",
            postcode,
            city,
            region,
            country,
        ]

        addresses: dict[AddressKind, list[str]] = {}
        if not manual:
            addresses[AddressKind.DELIVERY] = home
            other = pools.CITIES[self.below(len(pools.CITIES))]
            addresses[AddressKind.BILLING] = (
                [
                    name,
                    company,
                    self.choice(other[4]),
                    str(self.between(1, 90)),
                    "",
                    other[1],
                    other[2],
                    other[3],
                    other[0],
                ]
                if rng.random() < 0.2
                else list(home)
            )
        if manual or rng.random() < 0.9:
            letter = list(home)
            roll = rng.random()
            if roll < 0.05:  # incomplete: what real imports lose
                letter[(3, 5, 6)[self.below(3)]] = ""
            elif roll < 0.12:
                letter[2], letter[3] = self.choice(streets), str(self.between(1, 60))
            addresses[AddressKind.LETTER] = letter

        # Sources, and which fields each supplied.
        sources: list[tuple[int, SourceKind, str]] = []
        for position, kind in enumerate(kinds):
            sid = self.ids.take("customer_source")
            label, account, external = self.source_identity(kind, cid, rng)
            owned = _owned_fields(position, len(kinds), tuple(addresses))
            synced = self.when(created) if kind.is_shop else None
            self.rows["customer_source"].append(
                [sid, cid, kind, account, label, external, synced, owned]
            )
            sources.append((sid, kind, label))

        for address_kind, a in addresses.items():
            self.rows["address"].append([self.ids.take("address"), cid, address_kind, *a])

        order_facts = (
            []
            if manual or (not shop and rng.random() < 0.3)
            else self.orders(cid, sources, created, country, test=rng.random() < 0.02)
        )
        if any(k is SourceKind.SHOPIFY for k in kinds) and rng.random() < 0.06:
            self.abandoned_checkout(cid, sources[0][0], created, country, order_facts)

        last_letter, last_scan = self.letters(
            cid, addresses.get(AddressKind.LETTER), first, last, order_facts
        )
        comment = ""
        if rng.random() < 0.04:
            comment = self.choice(_COMMENTS)
            self.event(
                cid,
                self.when(created),
                EventKind.COMMENT_CHANGED,
                {"old": "", "new": comment},
                "support",
            )
        if manual:
            self.event(cid, created, EventKind.CUSTOMER_CREATED, {}, "support")
        for _, _, label in sources[1:]:
            self.event(
                cid, self.when(created), EventKind.SOURCE_MERGED, {"source": label}, "system"
            )

        of = order_figures(f for f, _ in order_facts)
        pf = profile_figures(
            number=f"K{100000 + cid}",
            first_name=first,
            last_name=last,
            email=email,
            company=company,
            addresses=[
                AddressFact(k, PostalAddress(*a[2:4], *a[5:9])) for k, a in addresses.items()
            ],
            source_labels=[label for _, _, label in sources],
        )
        updated = max([created, *(f.placed_at for f, _ in order_facts)])
        self.rows["customer"].append([
            cid, f"K{100000 + cid}", status, first, last, email,
            stored_email_key(email), company, phone, birthday, comment, manual, created,
            updated, 1, of.last_order_at, of.order_count, of.lifetime_value, of.currency,
            of.has_test_orders, last_letter, last_scan, pf.letter_address_complete,
            pf.sort_name, pf.city, pf.country, pf.search_text, pf.address_key, False,
        ])  # fmt: skip

    def source_identity(
        self, kind: SourceKind, cid: int, rng: random.Random
    ) -> tuple[str, str, str | None]:
        if kind is SourceKind.SHOPIFY:
            shop = 0 if self.spec.shops == 1 or rng.random() < 0.8 else 1
            return (
                f"Shopify: {pools.SHOP_LABELS[shop]}",
                SHOP_DOMAINS[shop],
                str(6_000_000_000_000 + cid),
            )
        if kind is SourceKind.BILLBEE:
            return "Billbee", "billbee", str(80_000_000 + cid)
        if kind is SourceKind.CSV:
            return "CSV Import", "Frühjahrsmesse 2026.csv", f"K{100000 + cid}"
        if kind is SourceKind.API:
            return "API", "api", f"api-{cid}"
        return "Manual", "", None

    def orders(
        self,
        cid: int,
        sources: list[tuple[int, SourceKind, str]],
        created: datetime,
        country: str,
        *,
        test: bool,
    ) -> list[tuple[OrderFact, int]]:
        rng = self.rng
        count = ORDER_COUNTS[bisect.bisect(_ORDER_CUM, rng.random() * _ORDER_CUM[-1])]
        currency = CURRENCY.get(country, "EUR")
        shop_sources = [s for s in sources if s[1].is_shop] or sources
        times = sorted(self.when(created) for _ in range(count))
        facts: list[tuple[OrderFact, int]] = []
        next_order = self.ids.counter("orders")
        next_item = self.ids.counter("order_item")
        items = self.rows["order_item"]
        for n, placed in enumerate(times):
            oid = next_order()
            sid, kind, _ = shop_sources[n % len(shop_sources)]
            status = ORDER_STATUSES[bisect.bisect(_STATUS_CUM, rng.random() * _STATUS_CUM[-1])][0]
            total = Decimal(0)
            for _ in range(1 + (rng.random() < 0.35) + (rng.random() < 0.1)):
                sku, title, price = _PRODUCTS[self.below(len(_PRODUCTS))]
                qty = 2 if rng.random() < 0.2 else 1
                total += price * qty if qty > 1 else price
                items.append([next_item(), oid, sku, title, qty, price])
            is_test = test and n == 0
            number = 1000 + cid * 16 + n  # unique across batches: at most 12 orders a customer
            self.rows["orders"].append([
                oid, cid, sid, str(number), f"{_ORDER_PREFIX[kind]}{number}", placed, total,
                currency, status, is_test, None,
            ])  # fmt: skip
            facts.append((OrderFact(placed, total, currency, status, is_test), oid))
        return facts

    def abandoned_checkout(
        self,
        cid: int,
        source_id: int,
        created: datetime,
        country: str,
        orders: list[tuple[OrderFact, int]],
    ) -> None:
        rng = self.rng
        token = self.token()
        recovered = orders[-1] if orders and rng.random() < 0.3 else None
        if recovered:
            # The shop marks the completing order with the checkout's token.
            order_row = next(r for r in reversed(self.rows["orders"]) if r[0] == recovered[1])
            order_row[-1] = token
            at = recovered[0].placed_at - timedelta(hours=self.between(2, 72))
        else:
            at = self.when(created)
        chk = self.ids.take("abandoned_checkout")
        value = Decimal(0)
        for _ in range(1 + (rng.random() < 0.4)):
            sku, title, price = _PRODUCTS[self.below(len(_PRODUCTS))]
            value += price
            self.rows["checkout_item"].append(
                [self.ids.take("checkout_item"), chk, sku, title, 1, price]
            )
        self.rows["abandoned_checkout"].append([
            chk, cid, source_id, token, at, value, CURRENCY.get(country, "EUR"),
            recovered[1] if recovered else None,
        ])  # fmt: skip

    def letters(
        self,
        cid: int,
        address: list[str] | None,
        first: str,
        last: str,
        orders: list[tuple[OrderFact, int]],
    ) -> tuple[datetime | None, datetime | None]:
        rng = self.rng
        if address is None or rng.random() >= 0.25:
            return None, None
        last_letter: datetime | None = None
        last_scan: datetime | None = None
        lines = "\n".join(
            line
            for line in (
                address[0],
                address[1],
                street_line(address[2], address[3], address[8]),
                f"{address[5]} {address[6]}".strip(),
                "" if address[8] == "DE" else _COUNTRY_LINE.get(address[8], address[8]),
            )
            if line
        )
        last_order = max(f.placed_at for f, _ in orders).strftime("%d.%m.%Y") if orders else "–"
        for campaign in rng.sample(self.campaigns, k=1 + (rng.random() < 0.3)):
            accepted = self.when(max(campaign.created_at, self.now - timedelta(days=700)))
            status = LETTER_STATUSES[bisect.bisect(_LETTER_CUM, rng.random() * _LETTER_CUM[-1])][0]
            stamps: dict[LetterStatus, datetime] = {LetterStatus.ACCEPTED: accepted}
            at = accepted
            reached = LETTER_STEPS.index(status) if status in LETTER_STEPS else 1
            for step in LETTER_STEPS[1 : reached + 1]:
                at = min(at + timedelta(hours=self.between(6, 72)), self.now)
                stamps[step] = at
            failed = None
            if status is LetterStatus.FAILED:
                failed = min(at + timedelta(hours=self.between(6, 72)), self.now)
            scanned = None
            if status is LetterStatus.DELIVERED and rng.random() < 0.15:
                scanned = min(
                    stamps[LetterStatus.DELIVERED] + timedelta(days=self.between(0, 20)), self.now
                )
                last_scan = max(filter(None, (last_scan, scanned)))
            if status is not LetterStatus.FAILED:
                last_letter = max(filter(None, (last_letter, accepted)))
            body = campaign.text.format(vorname=first, nachname=last, letzte_bestellung=last_order)
            self.rows["letter"].append([
                self.ids.take("letter"), campaign.id, cid, status, self.token(), lines, body, None,
                accepted, stamps.get(LetterStatus.IN_PRODUCTION),
                stamps.get(LetterStatus.SHIPPED), stamps.get(LetterStatus.DELIVERED), failed,
                "Empfänger unbekannt verzogen" if failed else "", scanned,
            ])  # fmt: skip
        return last_letter, last_scan

    def event(
        self, cid: int, at: datetime, kind: EventKind, details: dict[str, Any], actor: str
    ) -> None:
        self.rows["timeline_event"].append(
            [self.ids.take("timeline_event"), cid, at, kind, details, actor]
        )


@lru_cache(maxsize=256)
def _owned_fields(position: int, sources: int, addresses: tuple[AddressKind, ...]) -> FieldSet:
    """Which fields the record at ``position`` supplied: the first record brings the contact
    details and the addresses; a merged second record brings the letter address."""
    owned: set[str] = set()
    if position == 0:
        owned |= CONTACT
        for kind in addresses:
            if kind is not AddressKind.LETTER or sources == 1:
                owned |= address_fields(kind)
    elif position == 1 and AddressKind.LETTER in addresses:
        owned |= address_fields(AddressKind.LETTER)
    return frozenset(owned)


_ORDER_PREFIX = {SourceKind.SHOPIFY: "#", SourceKind.BILLBEE: "BB-"}
_ORDER_PREFIX.update({k: "A-" for k in SourceKind if k not in _ORDER_PREFIX})


@dataclass(frozen=True, slots=True)
class _CampaignInfo:
    id: int
    created_at: datetime
    text: str


_DIAL = {"DE": "49", "AT": "43", "CH": "41", "NL": "31", "FR": "33", "IT": "39", "PL": "48",
         "DK": "45", "BE": "32", "LU": "352", "CZ": "420", "ES": "34"}  # fmt: skip
_COUNTRY_LINE = {"AT": "ÖSTERREICH", "CH": "SCHWEIZ", "NL": "NIEDERLANDE", "FR": "FRANKREICH",
                 "IT": "ITALIEN", "PL": "POLEN", "DK": "DÄNEMARK", "BE": "BELGIEN",
                 "LU": "LUXEMBURG", "CZ": "TSCHECHIEN", "ES": "SPANIEN"}  # fmt: skip
_COMMENTS = (
    "Bitte nur per Brief kontaktieren, keine Anrufe.",
    "Stammkundin, bevorzugt Lieferung an die Firmenadresse.",
    "Reklamation 03/2026 kulant gelöst.",
    "Wünscht keine Werbung zu Weihnachten.",
)
_ORDER_CUM = _cumulative(ORDER_COUNT_WEIGHTS)
_STATUS_CUM = _cumulative([w for _, w in ORDER_STATUSES])
_LETTER_CUM = _cumulative([w for _, w in LETTER_STATUSES])
_PROFILE_CUM = _cumulative([w for _, w in PROFILES])
_CITY_CUM = _cumulative(CITY_WEIGHTS)

# Parents before children, so that foreign keys hold at every moment of the load. Campaigns
# are written once, before the first batch.
TABLES: tuple[Table, ...] = tuple(
    m.__table__  # type: ignore[misc]
    for m in (Customer, CustomerSource, Address, Order, OrderItem, AbandonedCheckout,
              CheckoutItem, Letter, TimelineEvent)
)  # fmt: skip


def _campaigns(spec: DemoSpec) -> tuple[list[Row], list[_CampaignInfo]]:
    rng = random.Random(f"{spec.seed}:campaigns")
    rows: list[Row] = []
    infos: list[_CampaignInfo] = []
    for n, (name, kind) in enumerate(pools.CAMPAIGNS, start=1):
        created = spec.as_of - timedelta(days=rng.randrange(30, 900))
        text = pools.LETTER_TEXTS[n % len(pools.LETTER_TEXTS)]
        ended = created + timedelta(days=14) if kind == "one_time" else None
        rows.append([n, name, CampaignKind(kind), text, None, created, ended])
        infos.append(_CampaignInfo(n, created, text))
    return rows, infos


def generate_batch(spec: DemoSpec, number: int, dialect: str) -> dict[str, list[Row]]:
    """Rows of customers ``number * BATCH + 1 ...``, converted for ``dialect``, with local ids."""
    _, campaigns = _campaigns(spec)
    batch = _Batch(spec, number, campaigns)
    size = min(BATCH, spec.customers - number * BATCH)
    rng = batch.rng
    profiles = [
        PROFILES[bisect.bisect(_PROFILE_CUM, rng.random() * _PROFILE_CUM[-1])][0]
        for _ in range(size)
    ]
    cities = [bisect.bisect(_CITY_CUM, rng.random() * _CITY_CUM[-1]) for _ in range(size)]
    for i in range(size):
        batch.customer(profiles[i], cities[i])
    for table in TABLES:
        prepare_rows(table, batch.rows[table.name], dialect)
    return batch.rows


def _batches(spec: DemoSpec, dialect: str, workers: int) -> Iterator[dict[str, list[Row]]]:
    """Batches in order; with workers, generated ahead in other processes (at most a few
    batches in flight, so memory stays flat in the demo's size)."""
    numbers = range((spec.customers + BATCH - 1) // BATCH)
    if workers <= 1:
        for number in numbers:
            yield generate_batch(spec, number, dialect)
        return
    context = multiprocessing.get_context("spawn")  # no inherited database connections
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: deque[Future[dict[str, list[Row]]]] = deque()
        for number in numbers:
            pending.append(pool.submit(generate_batch, spec, number, dialect))
            if len(pending) > 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def write_demo(
    conn: Connection,
    spec: DemoSpec,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> DemoSummary:
    """Append demo data on this connection (in the caller's transaction)."""
    writer = BulkWriter(conn)
    campaign_rows, _ = _campaigns(spec)
    counts: dict[str, int] = {"campaign": len(campaign_rows)}
    writer.append(Campaign.__table__, campaign_rows)  # type: ignore[arg-type]
    done = 0
    for rows in _batches(spec, writer.dialect, workers):
        for table in TABLES:
            table_rows = rows[table.name]
            offsets = [
                (column, counts.get(name, 0)) for column, name in LOCAL_IDS.get(table.name, ())
            ]
            for row in table_rows:
                for column, offset in offsets:
                    if row[column] is not None:
                        row[column] += offset
            writer.append_prepared(table, table_rows)
        for name, table_rows in rows.items():
            counts[name] = counts.get(name, 0) + len(table_rows)
        done += len(rows["customer"])
        if progress:
            progress(done)
    advance_sequences(conn, [Campaign.__table__, *TABLES])  # type: ignore[list-item]
    return DemoSummary(counts)


def build_demo(
    url: URL,
    spec: DemoSpec,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> DemoSummary:
    """Fill the database at ``url`` (which must hold no customers yet) with demo data.

    An SQLite file is built under a temporary name with journaling off and indexes deferred,
    then renamed into place: a build that is interrupted leaves the target as it was. On
    PostgreSQL the rows are copied in one transaction. Large demos are generated by ``workers``
    processes (default: one per core) while this one writes.
    """
    if workers is None:
        workers = min(os.cpu_count() or 1, 2) if spec.customers > 4 * BATCH else 1
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        db = open_database(url)
        try:
            with db.engine.begin() as conn:
                summary = _write_checked(conn, spec, progress, workers)
            with db.engine.begin() as conn:
                # Fresh statistics: without them the planner takes the just-loaded tables for
                # small and scans millions of order items for one customer's top products.
                conn.exec_driver_sql("ANALYZE")
            return summary
        finally:
            db.close()

    final = Path(url.database)
    if final.exists():
        db = open_database(url)
        try:
            with db.engine.connect() as conn:
                _refuse_if_filled(conn)
        finally:
            db.close()
    building = final.with_name(f".{final.name}.building")
    _remove_with_journals(building)
    db = open_database(url.set(database=str(building)))
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode = OFF")  # the rename is the atomic step
            conn.exec_driver_sql("PRAGMA synchronous = OFF")
            conn.exec_driver_sql("PRAGMA cache_size = -262144")  # 256 MiB
            conn.exec_driver_sql("PRAGMA threads = 2")  # index builds sort in helper threads
            conn.commit()
            with conn.begin(), sqlite_indexes_deferred(conn):
                summary = _write_checked(conn, spec, progress, workers)
            conn.exec_driver_sql("PRAGMA optimize")
            conn.exec_driver_sql("PRAGMA journal_mode = WAL")
            conn.commit()
    except BaseException:
        db.close()
        _remove_with_journals(building)
        raise
    db.close()
    _remove_with_journals(final)
    os.replace(building, final)
    return summary


def _refuse_if_filled(conn: Connection) -> None:
    existing = conn.execute(select(func.count()).select_from(Customer)).scalar_one()
    if existing:
        raise DemoError(
            ngettext(
                "the database already holds {n} customer; "
                "build the demo into a new file or an empty database",
                "the database already holds {n} customers; "
                "build the demo into a new file or an empty database",
                existing,
            ).format(n=existing)
        )


def _write_checked(
    conn: Connection, spec: DemoSpec, progress: Callable[[int], None] | None, workers: int
) -> DemoSummary:
    _refuse_if_filled(conn)
    return write_demo(conn, spec, progress, workers)


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
