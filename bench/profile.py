"""Figures of the customer profile (issue: customer profile), printed as medians.

    python -m bench.profile --db /path/to/demo.db [--db postgresql+psycopg://...] [--runs 20]

For each database (built with ``autoletter-tui --db FILE demo --customers N``):
- on first use, adds one heavy customer, number ``BENCH-HEAVY``: 1,000 orders of 1-3 items
  (some test, some canceled), 50 letters in the demo's campaigns, a few abandoned checkouts
  (one recovered) and timeline events. Inserted through the ORM in one transaction, so the
  cached figures are the app's; later runs find the customer again by its number and add
  nothing;
- load: ``load_profile`` for that customer, a fresh session per run; the median and p95, the
  first (cold) run, and the rows it read; and for comparison the demo customer with the most
  orders;
- on screen: from the key press that opens the profile to the profile drawn (``on_screen_ms``).
Asserts nothing: the targets are read off the output.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from autoletter_tui.app import AutoLetterApp
from autoletter_tui.data.bulk import advance_sequences
from autoletter_tui.data.db import Database, open_database
from autoletter_tui.data.fields import AddressKind
from autoletter_tui.data.models import (
    AbandonedCheckout,
    Address,
    Base,
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
from autoletter_tui.data.profile import Profile, load_profile
from autoletter_tui.screens.customers import CustomersScreen
from autoletter_tui.widgets.profile import ProfilePane

HEAVY = "BENCH-HEAVY"
ORDERS = 1_000
LETTERS = 50
CHECKOUTS = 5
EVENTS = 20
PRODUCTS = (
    ("MUG-01", "Tasse „Guten Morgen“", Decimal("12.90")),
    ("TEA-07", "Earl Grey 250 g", Decimal("8.50")),
    ("CARD-3", "Grußkarte Sommer", Decimal("3.20")),
    ("SOCK-2", "Wollsocken [Gr. 39-42]", Decimal("14.95")),
    ("CAND-5", "Bienenwachskerze", Decimal("6.40")),
    ("", "Geschenkverpackung", Decimal("2.00")),
)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


# -- the heavy customer ------------------------------------------------------------------------


def _heavy_customer(session: Session, now: datetime) -> Customer:
    rng = random.Random(HEAVY)

    def when(days_back: float) -> datetime:
        return now - timedelta(days=days_back)

    shop = CustomerSource(
        kind=SourceKind.SHOPIFY, account="bench.myshopify.com", label="Shopify: Bench",
        external_id="bench-heavy", synced_at=when(1), fields=frozenset({"email"}),
    )  # fmt: skip
    csv = CustomerSource(kind=SourceKind.CSV, account="bench.csv", label="CSV Import")
    place = {"street": "Hauptstraße", "house_number": "1", "postcode": "10115", "city": "Berlin"}
    heavy = Customer(
        number=HEAVY, status=RegistrationStatus.REGISTERED, first_name="Bench",
        last_name="Heavy", email="bench.heavy@example.invalid",
        email_key="bench.heavy@example.invalid", company="Vielbesteller GmbH",
        comment="Benchmark customer: 1,000 orders.", created_at=when(6 * 365),
        updated_at=when(1), sources=[shop, csv],
        addresses=[Address(kind=k, name="Bench Heavy", country="DE", **place) for k in AddressKind],
    )  # fmt: skip
    orders: list[Order] = []
    for n in range(ORDERS):  # newest first: 0 is 1 day old, the oldest almost 6 years
        items = [
            OrderItem(sku=sku, title=title, quantity=rng.choice((1, 1, 1, 2, 3)), unit_price=price)
            for sku, title, price in rng.sample(PRODUCTS, k=rng.randint(1, 3))
        ]
        roll = rng.random()
        status = (
            OrderStatus.CANCELED if roll < 0.05
            else OrderStatus.RETURNED if roll < 0.08
            else OrderStatus.FULFILLED
        )  # fmt: skip
        orders.append(
            Order(
                source=shop, external_id=f"bench-{n}", number=f"#B{100000 + ORDERS - n}",
                placed_at=when(1 + n * 2.15 + rng.random()),
                total=sum((i.unit_price * i.quantity for i in items), Decimal("0.00")),
                currency="EUR", status=status, is_test=rng.random() < 0.02, items=items,
            )
        )  # fmt: skip
    heavy.orders = orders
    return heavy


def _letters(session: Session, heavy: Customer, now: datetime, rng: random.Random) -> list[Letter]:
    campaigns = list(session.scalars(select(Campaign).order_by(Campaign.id).limit(8)))
    if not campaigns:
        created = now - timedelta(days=2100)
        campaigns = [Campaign(name="Bench: Danke", kind=CampaignKind.RECURRING, created_at=created)]
    letters = []
    for n in range(LETTERS):
        accepted = now - timedelta(days=2 + n * 40 + rng.random() * 10)
        status = (
            LetterStatus.FAILED if n % 10 == 7
            else LetterStatus.SHIPPED if n == 0
            else LetterStatus.DELIVERED
        )  # fmt: skip
        delivered = accepted + timedelta(days=3) if status is LetterStatus.DELIVERED else None
        letters.append(
            Letter(
                campaign=campaigns[n % len(campaigns)], customer=heavy, status=status,
                token=f"bench-heavy-{n}", address_lines="Bench Heavy\nHauptstraße 1\n10115 Berlin",
                body="Hallo Bench", accepted_at=accepted,
                in_production_at=accepted + timedelta(hours=12),
                shipped_at=accepted + timedelta(days=1),
                delivered_at=delivered,
                failed_at=accepted + timedelta(days=4) if status is LetterStatus.FAILED else None,
                failure_reason="Empfänger unbekannt" if status is LetterStatus.FAILED else "",
                scanned_at=delivered + timedelta(days=2) if delivered and n % 3 == 0 else None,
            )
        )  # fmt: skip
    return letters


def ensure_heavy(database: Database) -> tuple[int, bool]:
    """The heavy customer's id, and whether this call added it."""
    with database.sessions() as session:
        found = session.scalar(select(Customer.id).where(Customer.number == HEAVY))
    if found is not None:
        return found, False
    with database.sessions.begin() as session:
        # Demos built before the demo advanced PostgreSQL's id sequences left them at 1.
        advance_sequences(session.connection(), Base.metadata.sorted_tables)
        now = session.scalar(select(func.max(Order.placed_at))) or datetime.now(UTC)
        rng = random.Random(f"{HEAVY}:extras")
        heavy = _heavy_customer(session, now)
        session.add(heavy)
        session.flush()
        shop = heavy.sources[0]
        recovered = heavy.orders[3]
        recovered.checkout_token = "bench-heavy-chk-0"
        for n in range(CHECKOUTS):
            at = (
                recovered.placed_at - timedelta(hours=5) if n == 0 else now - timedelta(days=n * 30)
            )
            picked = rng.sample(PRODUCTS, k=1 + n % 2)
            session.add(
                AbandonedCheckout(
                    customer_id=heavy.id, source_id=shop.id, token=f"bench-heavy-chk-{n}",
                    created_at=at, value=sum((p for _, _, p in picked), Decimal("0.00")),
                    currency="EUR", recovered_order_id=recovered.id if n == 0 else None,
                    items=[CheckoutItem(sku=s, title=t, quantity=1, unit_price=p)
                           for s, t, p in picked],
                )
            )  # fmt: skip
        session.add_all(_letters(session, heavy, now, rng))
        kinds = (EventKind.FIELD_EDITED, EventKind.ADDRESS_CHANGED, EventKind.COMMENT_CHANGED)
        session.add_all(
            [
                TimelineEvent(customer_id=heavy.id, at=now - timedelta(days=6 * 365),
                              kind=EventKind.CUSTOMER_CREATED, details={}, actor="system"),
                TimelineEvent(customer_id=heavy.id, at=now - timedelta(days=1000),
                              kind=EventKind.SOURCE_MERGED, details={"source": "CSV Import"},
                              actor="system"),
                *(
                    TimelineEvent(customer_id=heavy.id, at=now - timedelta(days=3 + n * 97),
                                  kind=kinds[n % 3], details={"field": "phone", "n": n},
                                  actor="bench")
                    for n in range(EVENTS - 2)
                ),
            ]
        )  # fmt: skip
        return heavy.id, True


# -- timings ---------------------------------------------------------------------------------


def load_times(
    database: Database, customer_id: int, now: datetime, runs: int
) -> tuple[list[float], Profile]:
    """Seconds per ``load_profile``, each in a fresh session as the pane does it."""
    times: list[float] = []
    loaded: Profile | None = None
    for _ in range(runs):
        with database.sessions() as session:
            started = time.perf_counter()
            loaded = load_profile(session, customer_id, now)
            times.append(time.perf_counter() - started)
    assert loaded is not None
    return times, loaded


# The section of each tab whose first paint after the profile arrived means "on screen", and
# the method that paints it.
PROBES = {
    "details": ("#profile-contact", "render"),
    "orders": ("#orders", "render_line"),
    "letters": ("#letters", "render_line"),
    "timeline": ("#timeline", "render"),
}


def on_screen_ms(database: Database, customer_id: int, runs: int) -> dict[str, list[float]]:
    """Per tab, milliseconds from the Enter that opens this customer's profile to the tab's
    content drawn, one per run (Pilot, in-process, like bench.overview)."""
    return asyncio.run(_on_screen(database, customer_id, runs))


async def _on_screen(database: Database, customer_id: int, runs: int) -> dict[str, list[float]]:
    app = AutoLetterApp(database, operator="bench", theme="textual-dark")
    times: dict[str, list[float]] = {tab: [] for tab in PROBES}
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.screen
        assert isinstance(screen, CustomersScreen)
        pane = screen.query_one(ProfilePane)
        screen.jump_to_customer(customer_id)  # the list, positioned on the customer
        lst = screen.customer_list

        def on_customer() -> bool:
            row = lst.row_at(lst.cursor)
            return row is not None and row.id == customer_id

        await _until(lambda: pane.customer_id == customer_id and on_customer())
        await pilot.pause()
        painted: list[float] = []
        arrived = [False]  # the profile of this run has reached the pane
        original_show = pane.show

        def show(profile: Profile | None, now: datetime) -> None:
            original_show(profile, now)
            arrived[0] = True

        pane.show = show  # type: ignore[method-assign]
        for tab, (selector, method) in PROBES.items():
            widget = screen.query_one(selector)
            original = getattr(widget, method)

            def probe(*args: Any, _original: Any = original) -> Any:
                if arrived[0]:
                    painted.append(time.perf_counter())
                return _original(*args)

            setattr(widget, method, probe)
            await pilot.press(tab[0] if tab != "letters" else "l")
            await pilot.pause()
            for _ in range(runs):
                await pilot.press("escape")  # close the profile; the list keeps the customer
                await pilot.pause()
                arrived[0], painted[:] = False, []
                started = time.perf_counter()
                await pilot.press("enter")
                await _until(lambda: bool(painted))
                times[tab].append((painted[0] - started) * 1000)
            setattr(widget, method, original)
    return times


async def _until(ready: Callable[[], bool]) -> None:
    deadline = time.perf_counter() + 30
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError("the profile never showed")
        await asyncio.sleep(0.001)


def describe(p: Profile) -> str:
    return (
        f"{p.summary.orders:,} orders ({len(p.orders)} listed), {len(p.letters)} letters, "
        f"{len(p.checkouts)} checkouts, {len(p.top_products)} top products, "
        f"{len(p.timeline)} timeline entries"
        f"{'' if p.timeline_complete else ' (more exist)'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", required=True, help="database (repeatable)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    for url in args.db:
        database = open_database(url)
        with database.sessions() as session:
            total = session.scalar(select(func.count()).select_from(Customer)) or 0
        print(f"\n{database.short_name}: {total:,} customers ({database.url.get_backend_name()})")
        started = time.perf_counter()
        heavy, added = ensure_heavy(database)
        if added:
            print(f"  added {HEAVY} in {time.perf_counter() - started:.1f} s")
        with database.sessions() as session:
            now = session.scalar(select(func.max(Order.placed_at))) or datetime.now(UTC)
            busiest = session.scalar(
                select(Customer.id)
                .where(Customer.number != HEAVY)
                .order_by(Customer.order_count.desc(), Customer.id)
                .limit(1)
            )
        times, loaded = load_times(database, heavy, now, args.runs)
        print(f"  load_profile {HEAVY}   median {ms(statistics.median(times))}"
              f"  p95 {ms(p95(times))}  first {ms(times[0])}  ({args.runs} runs)")  # fmt: skip
        print(f"    read: {describe(loaded)}")
        if busiest is not None:
            times, loaded = load_times(database, busiest, now, args.runs)
            print(f"  load_profile busiest demo  median {ms(statistics.median(times))}"
                  f"  p95 {ms(p95(times))}  ({describe(loaded)})")  # fmt: skip
        for tab, shown in on_screen_ms(database, heavy, args.runs).items():
            print(f"  Enter to profile drawn, {tab + ' tab':<13} median "
                  f"{statistics.median(shown):7.1f} ms  p95 {p95(shown):7.1f} ms")  # fmt: skip
        database.close()


if __name__ == "__main__":
    main()
