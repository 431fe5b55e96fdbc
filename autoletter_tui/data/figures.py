"""Cached figures on the customer row, and the hook that keeps them correct on every write.

The overview sorts and filters a million customers on order count, lifetime value, last order,
city and search text; computing those per page from the orders would be far too slow, so the
customer row caches them. They are computed here and only here: ``refresh_customers`` recomputes
them from the facts, and an ORM ``after_flush`` hook calls it for every customer whose orders,
addresses, sources, letters or searchable fields a flush touched (bulk ``update()``/``insert()``
statements bypass the ORM and must call ``refresh_customers`` themselves, as the demo does by
computing the figures as it writes). The demo generator builds rows
through the same pure functions (``order_figures``, ``profile_figures``), so there is one
definition of each figure.

Which orders count: every order that is neither a test order nor canceled (returned and
refunded orders happened and count, as the profile's statistics do). The lifetime value is in
the currency of the customer's latest counting order and sums the counting orders in it.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    bindparam,
    case,
    event,
    func,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import InstanceState, Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.util import identity_key

from autoletter_tui.data import search
from autoletter_tui.data.address_rules import PostalAddress, delivery_problems
from autoletter_tui.data.merge import address_key
from autoletter_tui.data.models import (
    Address,
    AddressKind,
    Customer,
    CustomerSource,
    Letter,
    LetterStatus,
    Order,
    OrderStatus,
)

ZERO = Decimal("0.00")
_CHUNK = 500  # ids per IN (...) list: well below every engine's parameter limit


@dataclass(frozen=True, slots=True)
class OrderFigures:
    order_count: int = 0
    lifetime_value: Decimal = ZERO
    currency: str | None = None
    last_order_at: datetime | None = None
    has_test_orders: bool = False


class OrderFact(NamedTuple):  # a NamedTuple: built millions of times by the demo generator
    placed_at: datetime
    total: Decimal
    currency: str
    status: OrderStatus
    is_test: bool


def counts(status: OrderStatus, is_test: bool) -> bool:
    return not is_test and status is not OrderStatus.CANCELED


def counting_order() -> ColumnElement[bool]:
    """``counts`` as a condition on ``Order`` rows, for queries."""
    return and_(Order.is_test.is_(False), Order.status != OrderStatus.CANCELED)


def order_figures(orders: Iterable[OrderFact]) -> OrderFigures:
    count = 0
    has_test = False
    last: datetime | None = None
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    latest: tuple[datetime, str] | None = None
    for o in orders:
        has_test = has_test or o.is_test
        if not o.is_test and (last is None or o.placed_at > last):
            last = o.placed_at
        if counts(o.status, o.is_test):
            count += 1
            sums[o.currency] += o.total
            if latest is None or o.placed_at > latest[0]:
                latest = (o.placed_at, o.currency)
    currency = latest[1] if latest else None
    value = sums[currency] if currency else ZERO
    return OrderFigures(count, value, currency, last, has_test)


@dataclass(frozen=True, slots=True)
class ProfileFigures:
    sort_name: str
    city: str
    country: str
    search_text: str
    letter_address_complete: bool
    address_key: str | None


class AddressFact(NamedTuple):
    kind: AddressKind
    address: PostalAddress


def profile_figures(
    *,
    number: str,
    first_name: str,
    last_name: str,
    email: str,
    company: str,
    addresses: Sequence[AddressFact],
    source_labels: Sequence[str],
) -> ProfileFigures:
    by_kind = {a.kind: a.address for a in addresses}
    home = home_address(by_kind)
    letter = by_kind.get(AddressKind.LETTER)
    city = home.city if home else ""
    country = home.country if home else ""
    key = (
        address_key(
            first_name, last_name, street=home.street, house_number=home.house_number,
            postcode=home.postcode, city=home.city,
        )
        if home
        else ""
    )  # fmt: skip
    return ProfileFigures(
        sort_name=search.sort_name(first_name, last_name, email),
        city=city,
        country=country,
        search_text=search.search_text(
            [first_name, last_name, email, company, city, country, number, *source_labels]
        ),
        letter_address_complete=letter is not None and not delivery_problems(letter),
        address_key=key or None,
    )


def home_address(by_kind: Mapping[AddressKind, PostalAddress]) -> PostalAddress | None:
    """Where the customer lives, as the list shows it and merging compares it: the delivery
    address first, as shops do, then billing, then letter."""
    for kind in (AddressKind.DELIVERY, AddressKind.BILLING, AddressKind.LETTER):
        if kind in by_kind:
            return by_kind[kind]
    return None


def refresh_customers(conn: Connection, customer_ids: Iterable[int]) -> None:
    """Recompute the cached figures of these customers from their facts."""
    ids = sorted(set(customer_ids))
    for start in range(0, len(ids), _CHUNK):
        _refresh_chunk(conn, ids[start : start + _CHUNK])


def _refresh_chunk(conn: Connection, ids: list[int]) -> None:
    orders: dict[int, list[OrderFact]] = defaultdict(list)
    for row in conn.execute(
        select(
            Order.customer_id,
            Order.placed_at,
            Order.total,
            Order.currency,
            Order.status,
            Order.is_test,
        ).where(Order.customer_id.in_(ids))
    ):
        orders[row.customer_id].append(
            OrderFact(row.placed_at, row.total, row.currency, row.status, row.is_test)
        )
    addresses: dict[int, list[AddressFact]] = defaultdict(list)
    for a in conn.execute(select(Address).where(Address.customer_id.in_(ids))):
        addresses[a.customer_id].append(
            AddressFact(
                a.kind,
                PostalAddress(a.street, a.house_number, a.postcode, a.city, a.region, a.country),
            )
        )
    labels: dict[int, list[str]] = defaultdict(list)
    for source in conn.execute(
        select(CustomerSource.customer_id, CustomerSource.label)
        .where(CustomerSource.customer_id.in_(ids))
        .order_by(CustomerSource.id)
    ):
        labels[source.customer_id].append(source.label)
    letters = {
        row.customer_id: row
        for row in conn.execute(
            select(
                Letter.customer_id,
                func.max(case((Letter.status != LetterStatus.FAILED, Letter.accepted_at))).label(
                    "last_letter_at"
                ),
                func.max(Letter.scanned_at).label("last_scan_at"),
            )
            .where(Letter.customer_id.in_(ids))
            .group_by(Letter.customer_id)
        )
    }
    values: list[dict[str, Any]] = []
    for c in conn.execute(
        select(
            Customer.id,
            Customer.number,
            Customer.first_name,
            Customer.last_name,
            Customer.email,
            Customer.company,
        ).where(Customer.id.in_(ids))
    ):
        of = order_figures(orders[c.id])
        pf = profile_figures(
            number=c.number,
            first_name=c.first_name,
            last_name=c.last_name,
            email=c.email,
            company=c.company,
            addresses=addresses[c.id],
            source_labels=labels[c.id],
        )
        letter = letters.get(c.id)
        values.append(
            {
                "b_id": c.id,
                "order_count": of.order_count,
                "lifetime_value": of.lifetime_value,
                "currency": of.currency,
                "last_order_at": of.last_order_at,
                "has_test_orders": of.has_test_orders,
                "last_letter_at": letter.last_letter_at if letter else None,
                "last_scan_at": letter.last_scan_at if letter else None,
                "sort_name": pf.sort_name,
                "city": pf.city,
                "country": pf.country,
                "search_text": pf.search_text,
                "letter_address_complete": pf.letter_address_complete,
                "address_key": pf.address_key,
            }
        )
    if values:
        stmt = (
            update(Customer)
            .where(Customer.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in values[0] if k != "b_id"})
        )
        conn.execute(stmt, values)


# Cached columns: written by refresh_customers, never by the ORM, and expired after a refresh so
# that loaded objects read the new values.
CACHED_COLUMNS = (
    "order_count",
    "lifetime_value",
    "currency",
    "last_order_at",
    "has_test_orders",
    "last_letter_at",
    "last_scan_at",
    "sort_name",
    "city",
    "country",
    "search_text",
    "letter_address_complete",
    "address_key",
)
_AFFECTS = (Order, Address, CustomerSource, Letter)
_PENDING = "autoletter_refreshed_customers"


def _touched_customers(session: Session) -> set[int]:
    ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Customer):
            if obj.id is not None and obj not in session.deleted:
                ids.add(obj.id)
        elif isinstance(obj, _AFFECTS):
            if obj.customer_id is not None:
                ids.add(obj.customer_id)
            # An order or source moved to another customer changes the old one's figures too,
            # whether the key or the relationship was reassigned.
            state: InstanceState[Any] = inspect(obj)
            ids.update(i for i in state.attrs.customer_id.history.deleted if i is not None)
            if "customer" in state.attrs:
                ids.update(c.id for c in state.attrs.customer.history.deleted if c is not None)
    return ids


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    ids = _touched_customers(session)
    if ids:
        refresh_customers(session.connection(), ids)
        session.info.setdefault(_PENDING, set()).update(ids)


def _after_flush_postexec(session: Session, flush_context: UOWTransaction) -> None:
    for customer_id in session.info.pop(_PENDING, ()):
        customer = session.identity_map.get(identity_key(Customer, customer_id))
        if customer is not None:
            session.expire(customer, CACHED_COLUMNS)


# Factories the hooks are on. Not ``event.contains``: SQLAlchemy's event registry keys targets
# by id(), and a new sessionmaker that reuses a collected one's address reads as installed
# already, so its sessions would silently keep no figures (it happened to every test database
# after the first, at random).
_INSTALLED: weakref.WeakSet[sessionmaker[Session]] = weakref.WeakSet()


def install(sessions: sessionmaker[Session]) -> None:
    """Keep cached figures correct for every flush of sessions from this factory."""
    if sessions in _INSTALLED:
        return
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "after_flush_postexec", _after_flush_postexec)
    _INSTALLED.add(sessions)
