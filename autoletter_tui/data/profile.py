"""Everything the profile pane shows about one customer, read in one short session.

Plain frozen results, never live ORM objects: the pane renders them on the UI thread after the
session is gone. Built for a customer with a thousand orders: the statistics come from one pass
over the light order facts with the same ``order_figures`` that fills the list's cached columns
(so list and profile agree), the order list is only the newest page, and the timeline is the
newest entries of each kind merged.
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, defer

from autoletter_tui.data import money
from autoletter_tui.data.address_rules import (
    AddressProblem,
    PostalAddress,
    delivery_problems,
    street_line,
)
from autoletter_tui.data.figures import ZERO, OrderFact, counting_order, counts, order_figures
from autoletter_tui.data.models import (
    AbandonedCheckout,
    Address,
    AddressKind,
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
from autoletter_tui.data.names import display_name
from autoletter_tui.data.sync_status import AccountSync, account_syncs
from autoletter_tui.i18n import N_

ORDERS_SHOWN = 10
TIMELINE_SHOWN = 50
TOP_PRODUCTS = 5
SPARK_MONTHS = 12


@dataclass(frozen=True, slots=True)
class SourceBadge:
    kind: SourceKind
    label: str
    synced_at: datetime | None  # when the shop last changed this record
    account: str = ""
    sync: AccountSync | None = None  # of the shop account, once it was synced


@dataclass(frozen=True, slots=True)
class Contact:
    id: int
    number: str
    first_name: str
    last_name: str
    email: str
    company: str
    phone: str
    birthday: date | None
    status: RegistrationStatus
    comment: str
    created_at: datetime
    country: str  # where the customer lives (the cached home country of the list)
    kept_apart: bool = False  # a guest's order or cart as an entry of its own

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name, self.email)


@dataclass(frozen=True, slots=True)
class AddressView:
    kind: AddressKind
    name: str
    company: str
    street: str
    house_number: str
    line2: str
    postcode: str
    city: str
    region: str
    country: str

    @property
    def postal(self) -> PostalAddress:
        return PostalAddress(
            self.street, self.house_number, self.postcode, self.city, self.region, self.country
        )

    def lines(self) -> list[str]:
        """The address as it reads on an envelope, without blank lines."""
        candidates = (
            self.name,
            self.company,
            street_line(self.street, self.house_number, self.country),
            self.line2,
            f"{self.postcode} {self.city}",
            self.region,
            self.country,
        )
        return [line.strip() for line in candidates if line.strip()]

    def same_place(self, other: AddressView) -> bool:
        """Whether both name the same recipient at the same place, whatever the spelling case
        and spacing."""

        def key(a: AddressView) -> tuple[str, ...]:
            return tuple(" ".join(v.split()).casefold() for v in a.lines())

        return key(self) == key(other)


@dataclass(frozen=True, slots=True)
class Addresses:
    delivery: AddressView | None
    billing: AddressView | None
    letter: AddressView | None
    # Why a letter to the letter address would not arrive; empty when it is complete (and when
    # there is no letter address at all, which ``letter is None`` says).
    letter_problems: tuple[AddressProblem, ...]

    @property
    def letter_differs(self) -> bool:
        """The letter address is set and is not the delivery address."""
        if self.letter is None or self.delivery is None:
            return False
        return not self.letter.same_place(self.delivery)


@dataclass(frozen=True, slots=True)
class OrderLine:
    id: int
    number: str
    placed_at: datetime
    total: Decimal
    currency: str
    status: OrderStatus
    is_test: bool
    source_kind: SourceKind | None
    source_label: str
    from_checkout: bool  # completed a checkout that had been abandoned


@dataclass(frozen=True, slots=True)
class ItemLine:
    sku: str
    title: str
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class CurrencyTotal:
    currency: str
    orders: int
    total: Decimal

    @property
    def average(self) -> Decimal:
        return money.rounded(self.total / self.orders, self.currency)


@dataclass(frozen=True, slots=True)
class OrderSummary:
    """Over every order, test, canceled and returned ones included: what the list shows."""

    orders: int
    totals: tuple[CurrencyTotal, ...]  # per currency, largest number of orders first


@dataclass(frozen=True, slots=True)
class Statistics:
    """Over the orders that count (no test, no canceled orders; abandoned checkouts never)."""

    orders: int
    lifetime_value: Decimal
    currency: str | None
    average: Decimal | None  # of the counting orders in the lifetime value's currency
    other_values: tuple[tuple[str, Decimal], ...]  # counting orders in other currencies
    first_order_at: datetime | None
    last_order_at: datetime | None
    days_since_last: int | None
    monthly: tuple[int, ...]  # orders per calendar month, oldest first, this month last


@dataclass(frozen=True, slots=True)
class TopProduct:
    sku: str
    title: str
    quantity: int


@dataclass(frozen=True, slots=True)
class CheckoutLine:
    id: int
    created_at: datetime
    value: Decimal
    currency: str
    products: tuple[str, ...]
    recovered_order: str | None  # the number of the order it became


@dataclass(frozen=True, slots=True)
class LetterLine:
    id: int
    campaign: str
    campaign_kind: CampaignKind
    status: LetterStatus
    status_at: datetime
    accepted_at: datetime
    delivered_at: datetime | None
    failure_reason: str
    scanned_at: datetime | None
    order_after_days: int | None  # days from delivery to the next counting order, if any
    address_lines: tuple[str, ...]  # as printed
    has_pdf: bool


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime
    kind: EventKind
    actor: str
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Profile:
    contact: Contact
    sources: tuple[SourceBadge, ...]
    addresses: Addresses
    orders: tuple[OrderLine, ...]  # newest first
    summary: OrderSummary
    statistics: Statistics
    top_products: tuple[TopProduct, ...]
    checkouts: tuple[CheckoutLine, ...]  # newest first
    letters: tuple[LetterLine, ...]  # newest first
    last_letter_at: datetime | None
    timeline: tuple[TimelineEntry, ...]  # newest first
    timeline_complete: bool

    @property
    def all_orders_shown(self) -> bool:
        return len(self.orders) >= self.summary.orders


def load_profile(
    session: Session,
    customer_id: int,
    now: datetime,
    *,
    orders: int | None = ORDERS_SHOWN,
    timeline: int = TIMELINE_SHOWN,
) -> Profile | None:
    """The profile, or None when the customer no longer exists. ``orders=None``: every order."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    contact = Contact(
        id=customer.id,
        number=customer.number,
        first_name=customer.first_name,
        last_name=customer.last_name,
        email=customer.email,
        company=customer.company,
        phone=customer.phone,
        birthday=customer.birthday,
        status=customer.status,
        comment=customer.comment,
        created_at=customer.created_at,
        country=customer.country,
        kept_apart=customer.kept_apart,
    )
    facts = _order_facts(session, customer_id)
    letters = _letters(session, customer_id, facts)
    order_lines = order_list(session, customer_id, limit=orders)
    entries, complete = _timeline(session, customer_id, letters, timeline)
    return Profile(
        contact=contact,
        sources=_sources(session, customer_id),
        addresses=_addresses(session, customer_id),
        orders=tuple(order_lines),
        summary=_summary(facts),
        statistics=_statistics(facts, now),
        top_products=_top_products(session, customer_id),
        checkouts=_checkouts(session, customer_id),
        letters=letters,
        last_letter_at=customer.last_letter_at,
        timeline=entries,
        timeline_complete=complete,
    )


def _sources(session: Session, customer_id: int) -> tuple[SourceBadge, ...]:
    rows = session.execute(
        select(
            CustomerSource.kind, CustomerSource.label, CustomerSource.synced_at,
            CustomerSource.account,
        )
        .where(CustomerSource.customer_id == customer_id)
        .order_by(CustomerSource.id)
    ).all()  # fmt: skip
    syncs = account_syncs(session, [(r.kind, r.account) for r in rows if r.kind.is_shop])
    return tuple(SourceBadge(*row, syncs.get((row.kind, row.account))) for row in rows)


def _addresses(session: Session, customer_id: int) -> Addresses:
    views: dict[AddressKind, AddressView] = {}
    for a in session.scalars(select(Address).where(Address.customer_id == customer_id)):
        views[a.kind] = AddressView(
            a.kind, a.name, a.company, a.street, a.house_number, a.line2, a.postcode, a.city,
            a.region, a.country,
        )  # fmt: skip
    letter = views.get(AddressKind.LETTER)
    problems = tuple(delivery_problems(letter.postal)) if letter else ()
    return Addresses(
        views.get(AddressKind.DELIVERY), views.get(AddressKind.BILLING), letter, problems
    )


def _order_facts(session: Session, customer_id: int) -> list[OrderFact]:
    rows = session.execute(
        select(Order.placed_at, Order.total, Order.currency, Order.status, Order.is_test)
        .where(Order.customer_id == customer_id)
        .order_by(Order.placed_at)
    )
    return [OrderFact(*row) for row in rows]


def order_list(session: Session, customer_id: int, *, limit: int | None) -> list[OrderLine]:
    """The customer's orders, newest first; ``limit=None`` for all of them."""
    stmt = (
        select(
            Order.id,
            Order.number,
            Order.placed_at,
            Order.total,
            Order.currency,
            Order.status,
            Order.is_test,
            CustomerSource.kind,
            func.coalesce(CustomerSource.label, ""),
            # Every online order carries a checkout token: only one that completed a checkout
            # the shop reported abandoned is a recovered cart.
            exists().where(
                AbandonedCheckout.customer_id == customer_id,
                AbandonedCheckout.recovered_order_id == Order.id,
            ),
        )
        .outerjoin(CustomerSource, CustomerSource.id == Order.source_id)
        .where(Order.customer_id == customer_id)
        .order_by(Order.placed_at.desc(), Order.id.desc())
        .limit(limit)
    )
    return [OrderLine(*tuple(row)) for row in session.execute(stmt)]


def order_items(session: Session, order_id: int) -> list[ItemLine]:
    rows = session.execute(
        select(OrderItem.sku, OrderItem.title, OrderItem.quantity, OrderItem.unit_price)
        .where(OrderItem.order_id == order_id)
        .order_by(OrderItem.id)
    )
    return [ItemLine(*row) for row in rows]


def _summary(facts: Sequence[OrderFact]) -> OrderSummary:
    per: dict[str, list[Decimal]] = defaultdict(list)
    for f in facts:
        per[f.currency].append(f.total)
    totals = sorted(
        (CurrencyTotal(c, len(v), sum(v, ZERO)) for c, v in per.items()),
        key=lambda t: (-t.orders, t.currency),
    )
    return OrderSummary(len(facts), tuple(totals))


def _month_index(moment: datetime) -> int:
    local = moment.astimezone()
    return local.year * 12 + local.month - 1


def _statistics(facts: Sequence[OrderFact], now: datetime) -> Statistics:
    figures = order_figures(facts)
    counting = [f for f in facts if counts(f.status, f.is_test)]
    in_currency = sum(1 for f in counting if f.currency == figures.currency)
    this_month = _month_index(now)
    monthly = [0] * SPARK_MONTHS
    for f in counting:
        back = this_month - _month_index(f.placed_at)
        if 0 <= back < SPARK_MONTHS:
            monthly[SPARK_MONTHS - 1 - back] += 1
    others: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for f in counting:
        if f.currency != figures.currency:
            others[f.currency] += f.total
    first = counting[0].placed_at if counting else None  # facts come oldest first
    last = counting[-1].placed_at if counting else None
    return Statistics(
        orders=figures.order_count,
        lifetime_value=figures.lifetime_value,
        currency=figures.currency,
        average=money.rounded(figures.lifetime_value / in_currency, figures.currency)
        if in_currency
        else None,
        other_values=tuple(sorted(others.items())),
        first_order_at=first,
        last_order_at=last,
        days_since_last=(now.astimezone().date() - last.astimezone().date()).days if last else None,
        monthly=tuple(monthly),
    )


def _top_products(session: Session, customer_id: int) -> tuple[TopProduct, ...]:
    # By SKU; items without one are told apart by title. Orders that do not count (test,
    # canceled) are not what the customer bought, nor are negative lines (returns, credits).
    key = func.coalesce(func.nullif(OrderItem.sku, ""), OrderItem.title)
    quantity = func.sum(OrderItem.quantity)
    rows = session.execute(
        select(func.max(OrderItem.sku), func.max(OrderItem.title), quantity)
        .join(Order, Order.id == OrderItem.order_id)
        .where(Order.customer_id == customer_id, counting_order(), OrderItem.unit_price >= ZERO)
        .group_by(key)
        .order_by(quantity.desc(), key)
        .limit(TOP_PRODUCTS)
    )
    return tuple(TopProduct(sku, title, int(q)) for sku, title, q in rows)


def _checkouts(session: Session, customer_id: int) -> tuple[CheckoutLine, ...]:
    rows = session.execute(
        select(
            AbandonedCheckout.id,
            AbandonedCheckout.created_at,
            AbandonedCheckout.value,
            AbandonedCheckout.currency,
            Order.number,
        )
        .outerjoin(Order, Order.id == AbandonedCheckout.recovered_order_id)
        .where(AbandonedCheckout.customer_id == customer_id)
        .order_by(AbandonedCheckout.created_at.desc(), AbandonedCheckout.id.desc())
    ).all()
    if not rows:
        return ()
    products: dict[int, list[str]] = defaultdict(list)
    for checkout_id, title in session.execute(
        select(CheckoutItem.checkout_id, CheckoutItem.title)
        .where(CheckoutItem.checkout_id.in_([r[0] for r in rows]))
        .order_by(CheckoutItem.id)
    ):
        products[checkout_id].append(title)
    return tuple(
        CheckoutLine(cid, at, value, currency, tuple(products[cid]), number)
        for cid, at, value, currency, number in rows
    )


def _status_at(letter: Letter) -> datetime:
    stamp = {
        LetterStatus.ACCEPTED: letter.accepted_at,
        LetterStatus.IN_PRODUCTION: letter.in_production_at,
        LetterStatus.SHIPPED: letter.shipped_at,
        LetterStatus.DELIVERED: letter.delivered_at,
        LetterStatus.FAILED: letter.failed_at,
    }[letter.status]
    return stamp or letter.accepted_at


def _letters(
    session: Session, customer_id: int, facts: Sequence[OrderFact]
) -> tuple[LetterLine, ...]:
    placed = [f.placed_at for f in facts if counts(f.status, f.is_test)]  # oldest first
    lines: list[LetterLine] = []
    for letter, name, kind, has_pdf in session.execute(
        select(Letter, Campaign.name, Campaign.kind, Letter.pdf.is_not(None))
        .join(Campaign, Campaign.id == Letter.campaign_id)
        .where(Letter.customer_id == customer_id)
        .order_by(Letter.accepted_at.desc(), Letter.id.desc())
        # The PDF bytes stay in the database until someone opens one.
        .options(defer(Letter.pdf))
    ):
        after = None
        if letter.delivered_at is not None:
            i = bisect.bisect_right(placed, letter.delivered_at)
            if i < len(placed):
                after = (placed[i] - letter.delivered_at).days
        lines.append(
            LetterLine(
                id=letter.id,
                campaign=name,
                campaign_kind=kind,
                status=letter.status,
                status_at=_status_at(letter),
                accepted_at=letter.accepted_at,
                delivered_at=letter.delivered_at,
                failure_reason=letter.failure_reason,
                scanned_at=letter.scanned_at,
                order_after_days=after,
                address_lines=tuple(letter.address_lines.splitlines()),
                has_pdf=bool(has_pdf),
            )
        )
    return tuple(lines)


def _timeline(
    session: Session, customer_id: int, letters: Sequence[LetterLine], limit: int
) -> tuple[tuple[TimelineEntry, ...], bool]:
    """The newest ``limit`` entries of: orders, letters sent and delivered, QR scans and the
    stored events (edits, comments, merges, imports); and whether that is all of them."""
    orders = session.execute(
        select(Order.placed_at, Order.number, Order.total, Order.currency, CustomerSource.label)
        .outerjoin(CustomerSource, CustomerSource.id == Order.source_id)
        .where(Order.customer_id == customer_id)
        .order_by(Order.placed_at.desc(), Order.id.desc())
        .limit(limit + 1)
    ).all()
    events = session.execute(
        select(TimelineEvent.at, TimelineEvent.kind, TimelineEvent.actor, TimelineEvent.details)
        .where(TimelineEvent.customer_id == customer_id)
        .order_by(TimelineEvent.at.desc(), TimelineEvent.id.desc())
        .limit(limit + 1)
    ).all()
    streams: list[Iterable[TimelineEntry]] = [
        (
            TimelineEntry(
                at,
                EventKind.ORDER_PLACED,
                label or "",
                {"number": number, "total": total, "currency": currency},
            )
            for at, number, total, currency, label in orders
        ),
        (
            TimelineEntry(at, kind, actor, dict(details or {}))
            for at, kind, actor, details in events
        ),
        sorted(_letter_entries(letters), key=lambda e: e.at, reverse=True),
    ]
    merged = list(heapq.merge(*streams, key=lambda e: e.at, reverse=True))
    return tuple(merged[:limit]), len(merged) <= limit


def _letter_entries(letters: Iterable[LetterLine]) -> Iterable[TimelineEntry]:
    for letter in letters:
        details = {"campaign": letter.campaign}
        yield TimelineEntry(letter.accepted_at, EventKind.LETTER_SENT, "AutoLetter", details)
        if letter.delivered_at is not None:
            yield TimelineEntry(
                letter.delivered_at, EventKind.LETTER_DELIVERED, N_("print service"), details
            )
        if letter.scanned_at is not None:
            yield TimelineEntry(letter.scanned_at, EventKind.QR_SCANNED, N_("customer"), details)


@dataclass(frozen=True, slots=True)
class CustomerOrders:
    """Every order of the customer with this number, for the order overview."""

    customer_id: int
    name: str
    orders: tuple[OrderLine, ...]


def orders_by_number(session: Session, number: str) -> CustomerOrders | None:
    row = session.execute(
        select(Customer.id, Customer.first_name, Customer.last_name, Customer.email).where(
            Customer.number == number.strip()
        )
    ).first()
    if row is None:
        return None
    return CustomerOrders(
        row.id,
        display_name(row.first_name, row.last_name, row.email),
        tuple(order_list(session, row.id, limit=None)),
    )
