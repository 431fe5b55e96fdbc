"""Named customers for the profile tests, one per case the profile must show well: a customer
from each source, a merged one, a guest, abandoned and recovered carts, an incomplete letter
address, no orders, and a long history. Built through the ORM, so the cached figures are the
ones the app computes, and fixed in time around ``AS_OF``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from autoletter_tui.data.address_rules import street_line
from autoletter_tui.data.db import Database
from autoletter_tui.data.edits import field_values
from autoletter_tui.data.fields import CONTACT_FIELDS, address_fields
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
from tests.conftest import AS_OF

LABELS = {
    SourceKind.SHOPIFY: "Shopify: My Store",
    SourceKind.BILLBEE: "Billbee",
    SourceKind.CSV: "CSV Import",
    SourceKind.API: "API",
    SourceKind.MANUAL: "Manual",
}
PRODUCTS = (
    ("MUG-01", "Tasse „Guten Morgen“", Decimal("12.90")),
    ("TEA-07", "Earl Grey [loose] 250 g", Decimal("8.50")),
    ("CARD-3", "Grußkarte Sommer", Decimal("3.20")),
    ("", "Geschenkverpackung", Decimal("2.00")),
)


def ago(days: float) -> datetime:
    return AS_OF - timedelta(days=days)


def address(kind: AddressKind, name: str, **values: str) -> Address:
    fields = {
        "street": "Hauptstraße",
        "house_number": "5a",
        "postcode": "10115",
        "city": "Berlin",
        "country": "DE",
    }
    fields.update(values)
    return Address(kind=kind, name=name, **fields)


# Places whose addresses put the house number first: "10 Downing Street", "92 Chestnut Street".
LONDON = {"street": "Downing Street", "house_number": "10", "postcode": "SW1A 2AA",
          "city": "London", "country": "GB"}  # fmt: skip
BOSTON = {"street": "Chestnut Street", "house_number": "92", "postcode": "02108",
          "city": "Boston", "region": "MA", "country": "US"}  # fmt: skip


def home(name: str, **values: str) -> list[Address]:
    return [address(k, name, **values) for k in AddressKind]


def source(kind: SourceKind, external: str, *, synced_days: float | None = 2) -> CustomerSource:
    owned = frozenset(CONTACT_FIELDS) | {f for k in AddressKind for f in address_fields(k)}
    return CustomerSource(
        kind=kind,
        account={SourceKind.SHOPIFY: "my-store.myshopify.com"}.get(kind, kind.value),
        label=LABELS[kind],
        external_id=external,
        synced_at=ago(synced_days) if kind.is_shop and synced_days is not None else None,
        fields=owned,
    )


def order(
    number: str,
    days: float,
    products: list[tuple[int, int]],  # (product index, quantity)
    *,
    src: CustomerSource | None = None,
    status: OrderStatus = OrderStatus.FULFILLED,
    is_test: bool = False,
    currency: str = "EUR",
    checkout_token: str | None = None,
) -> Order:
    items = [
        OrderItem(sku=PRODUCTS[i][0], title=PRODUCTS[i][1], quantity=q, unit_price=PRODUCTS[i][2])
        for i, q in products
    ]
    return Order(
        number=number,
        placed_at=ago(days),
        total=sum((it.unit_price * it.quantity for it in items), Decimal("0.00")),
        currency=currency,
        status=status,
        is_test=is_test,
        source=src,
        items=items,
        checkout_token=checkout_token,
    )


def customer(number: str, first: str, last: str, email: str, **values: object) -> Customer:
    fields: dict[str, object] = {
        "number": number,
        "status": RegistrationStatus.REGISTERED,
        "first_name": first,
        "last_name": last,
        "email": email,
        "email_key": email.strip().lower() or None,
        "created_at": ago(400),
        "updated_at": ago(400),
    }
    fields.update(values)
    return Customer(**fields)


def living_at(session: Session, places: dict[str, dict[str, str]]) -> dict[str, int]:
    """A customer "Jane Doe" at each place (every kind of address there): ids by place."""
    ids = {}
    for n, (key, place) in enumerate(places.items()):
        who = customer(
            f"K3{n:03}", "Jane", "Doe", f"jane{n}@example.org", addresses=home("Jane Doe", **place)
        )
        session.add(who)
        session.flush()
        ids[key] = who.id
    return ids


@dataclass(frozen=True)
class Cast:
    """Customer ids by case."""

    shopify: int
    billbee: int
    csv: int
    api: int
    manual: int
    merged: int
    guest: int
    carts: int
    incomplete: int
    no_orders: int
    tricky: int
    long_history: int


def build(database: Database, *, long_orders: int = 30, long_letters: int = 12) -> Cast:
    with database.sessions.begin() as session:
        cast = _build(session, long_orders, long_letters)
    return cast


def _build(session: Session, long_orders: int, long_letters: int) -> Cast:
    welcome = Campaign(
        name="Willkommen zurück", kind=CampaignKind.ONE_TIME, text="Hallo {vorname}",
        created_at=ago(700),
    )  # fmt: skip
    thanks = Campaign(
        name="Danke-Karte", kind=CampaignKind.RECURRING, text="Danke {first_name}",
        created_at=ago(800),
    )  # fmt: skip
    session.add_all([welcome, thanks])

    shop = source(SourceKind.SHOPIFY, "6000000000001")
    shopify = customer(
        "K1001", "Anna", "Schmidt", "anna.schmidt@example.de", phone="+4930123456",
        birthday=date(1984, 5, 17), company="Schmidt & Söhne GmbH",
        sources=[shop], addresses=home("Anna Schmidt"),
        comment="Prefers letters in German.",
    )  # fmt: skip
    shopify.orders = [
        order("#1001", 200, [(0, 1), (1, 2)], src=shop),
        order("#1002", 90, [(1, 3)], src=shop, status=OrderStatus.RETURNED),
        order("#1003", 30, [(2, 1)], src=shop, status=OrderStatus.CANCELED),
        order("#1004", 5, [(0, 2)], src=shop, is_test=True),
        order("#1005", 1, [(1, 1), (3, 1)], src=shop, currency="CHF"),
    ]

    bb = source(SourceKind.BILLBEE, "80000002")
    billbee = customer(
        "K1002", "Jürgen", "Müller", "j.mueller@example.de",
        sources=[bb], addresses=home("Jürgen Müller", city="München", postcode="80331"),
    )  # fmt: skip
    billbee.orders = [order("BB-2001", 45, [(2, 4)], src=bb)]

    csv_src = source(SourceKind.CSV, "K1003")
    csv = customer(
        "K1003", "Chloé", "Dubois", "", sources=[csv_src],
        addresses=home("Chloé Dubois", street="Rue de Rivoli", house_number="12",
                       postcode="75001", city="Paris", country="FR"),
    )  # fmt: skip

    api_src = source(SourceKind.API, "api-4")
    api = customer("K1004", "Sven", "Larsen", "sven@example.dk", sources=[api_src])
    api.addresses = [  # no letter address: the API sent none
        address(kind, "Sven Larsen", postcode="1050", city="København", country="DK",
                street="Bredgade", house_number="3")
        for kind in (AddressKind.DELIVERY, AddressKind.BILLING)
    ]  # fmt: skip
    api.orders = [order("API-1", 12, [(0, 1)], src=api_src, currency="DKK")]

    manual = customer(
        "K1005", "Petra", "Klein", "petra@example.de", manual=True,
        sources=[source(SourceKind.MANUAL, "m-5")],
        addresses=[address(AddressKind.LETTER, "Petra Klein")],
    )  # fmt: skip

    m_shop = source(SourceKind.SHOPIFY, "6000000000006", synced_days=1)
    m_bb = source(SourceKind.BILLBEE, "80000006", synced_days=3)
    m_csv = source(SourceKind.CSV, "K1006")
    merged = customer(
        "K1006", "Lena", "Wagner", "lena.wagner@example.de", sources=[m_shop, m_bb, m_csv],
        addresses=[
            address(AddressKind.DELIVERY, "Lena Wagner"),
            address(AddressKind.BILLING, "Lena Wagner", street="Am Markt", house_number="1",
                    postcode="20095", city="Hamburg"),
            address(AddressKind.LETTER, "Lena Wagner", company="Wagner Design",
                    street="Lindenallee", house_number="7", postcode="50667", city="Köln"),
        ],
    )  # fmt: skip
    merged.orders = [
        order("#1601", 60, [(0, 1)], src=m_shop),
        order("BB-1602", 20, [(1, 1)], src=m_bb),
    ]

    g_shop = source(SourceKind.SHOPIFY, "6000000000007")
    guest = customer(
        "K1007", "", "", "guest.buyer@example.at", status=RegistrationStatus.GUEST,
        sources=[g_shop],
        addresses=home("Guest Buyer", postcode="1010", city="Wien", country="AT",
                       street="Graben", house_number="12"),
    )  # fmt: skip
    guest.orders = [order("#1701", 3, [(3, 1)], src=g_shop)]

    c_shop = source(SourceKind.SHOPIFY, "6000000000008")
    carts = customer(
        "K1008", "Tom", "Becker", "tom.becker@example.de", sources=[c_shop],
        addresses=home("Tom Becker"),
    )  # fmt: skip
    recovered_order = order("#1801", 10, [(0, 1), (2, 1)], src=c_shop, checkout_token="chk-2")
    carts.orders = [recovered_order]

    i_shop = source(SourceKind.SHOPIFY, "6000000000009")
    incomplete = customer(
        "K1009", "Eva", "Fischer", "eva.fischer@example.de", sources=[i_shop],
        addresses=[
            address(AddressKind.DELIVERY, "Eva Fischer"),
            address(AddressKind.BILLING, "Eva Fischer"),
            address(AddressKind.LETTER, "Eva Fischer", house_number="", postcode="1011"),
        ],
    )  # fmt: skip
    incomplete.orders = [order("#1901", 100, [(1, 1)], src=i_shop)]

    no_orders = customer(
        "K1010", "Noah", "Neumann", "noah@example.de",
        sources=[source(SourceKind.CSV, "K1010")], addresses=home("Noah Neumann"),
    )  # fmt: skip

    t_src = source(SourceKind.API, "api-11")
    tricky = customer(
        "K1011", "x[/]", "[@click=app.quit]", "tricky@example.de", sources=[t_src],
        company="[b]Bold[/b] Ltd", comment="[red]not red[/red] \x1b[31m",
        addresses=home("x[/] [@click=app.quit]"),
    )  # fmt: skip
    tricky.orders = [order("[#1]", 4, [(1, 1)], src=t_src)]

    l_shop = source(SourceKind.SHOPIFY, "6000000000012")
    long_history = customer(
        "K1012", "Maria", "Hoffmann", "maria.hoffmann@example.de", sources=[l_shop],
        addresses=home("Maria Hoffmann"),
    )  # fmt: skip
    long_history.orders = [
        order(f"#{20000 + n}", 3 + n * 700 / max(long_orders, 1),
              [(n % len(PRODUCTS), 1 + n % 3)], src=l_shop)
        for n in range(long_orders)
    ]  # fmt: skip

    session.add_all(
        [shopify, billbee, csv, api, manual, merged, guest, carts, incomplete, no_orders,
         tricky, long_history]
    )  # fmt: skip
    session.flush()

    session.add_all(
        [
            AbandonedCheckout(
                customer_id=carts.id, source_id=c_shop.id, token="chk-1", created_at=ago(40),
                value=Decimal("25.80"), currency="EUR",
                items=[CheckoutItem(sku="MUG-01", title=PRODUCTS[0][1], quantity=2,
                                    unit_price=Decimal("12.90"))],
            ),
            AbandonedCheckout(
                customer_id=carts.id, source_id=c_shop.id, token="chk-2", created_at=ago(11),
                value=Decimal("16.10"), currency="EUR", recovered_order_id=recovered_order.id,
                items=[CheckoutItem(sku="MUG-01", title=PRODUCTS[0][1], quantity=1,
                                    unit_price=Decimal("12.90")),
                       CheckoutItem(sku="CARD-3", title=PRODUCTS[2][1], quantity=1,
                                    unit_price=Decimal("3.20"))],
            ),
        ]
    )  # fmt: skip
    session.add_all(
        [
            _letter(welcome, shopify, "a1", LetterStatus.DELIVERED, 100, scanned=95),
            _letter(thanks, shopify, "a2", LetterStatus.SHIPPED, 8),
            _letter(welcome, merged, "b1", LetterStatus.FAILED, 50, reason="Empfänger unbekannt"),
            _letter(thanks, incomplete, "c1", LetterStatus.ACCEPTED, 1),
            *(
                _letter(thanks if n % 2 else welcome, long_history, f"l{n}",
                        LetterStatus.DELIVERED, 5 + n * 600 / max(long_letters, 1),
                        scanned=(1 + n * 600 / long_letters) if n % 4 == 0 else None)
                for n in range(long_letters)
            ),
        ]
    )  # fmt: skip
    session.add_all(
        [
            TimelineEvent(
                customer_id=merged.id, at=ago(70), kind=EventKind.SOURCE_MERGED,
                details={"source": "Billbee"}, actor="system",
            ),
            TimelineEvent(
                customer_id=shopify.id, at=ago(150), kind=EventKind.COMMENT_CHANGED,
                details={"old": "", "new": "Prefers letters in German."}, actor="maria",
            ),
            TimelineEvent(
                customer_id=manual.id, at=ago(400), kind=EventKind.CUSTOMER_CREATED,
                details={}, actor="support",
            ),
        ]
    )  # fmt: skip
    session.flush()
    return Cast(
        shopify.id, billbee.id, csv.id, api.id, manual.id, merged.id, guest.id, carts.id,
        incomplete.id, no_orders.id, tricky.id, long_history.id,
    )  # fmt: skip


def _letter(
    campaign: Campaign,
    who: Customer,
    token: str,
    status: LetterStatus,
    days: float,
    *,
    scanned: float | None = None,
    reason: str = "",
) -> Letter:
    accepted = ago(days)
    steps = {
        LetterStatus.IN_PRODUCTION: accepted + timedelta(hours=12),
        LetterStatus.SHIPPED: accepted + timedelta(days=1),
        LetterStatus.DELIVERED: accepted + timedelta(days=3),
    }
    order_of = list(steps)
    reached = order_of.index(status) + 1 if status in steps else 0
    if status is LetterStatus.FAILED:
        reached = 2
    stamp = {s: steps[s] for s in order_of[:reached]}
    to = next((a for a in who.addresses if a.kind is AddressKind.LETTER), None)
    lines = (
        [to.name, street_line(to.street, to.house_number, to.country), f"{to.postcode} {to.city}"]
        if to
        else [who.number]
    )
    return Letter(
        campaign=campaign,
        customer=who,
        status=status,
        token=f"tok-{token}-{who.number}",
        address_lines="\n".join(lines),
        body="…",
        accepted_at=accepted,
        in_production_at=stamp.get(LetterStatus.IN_PRODUCTION),
        shipped_at=stamp.get(LetterStatus.SHIPPED),
        delivered_at=stamp.get(LetterStatus.DELIVERED),
        failed_at=accepted + timedelta(days=4) if status is LetterStatus.FAILED else None,
        failure_reason=reason,
        scanned_at=ago(scanned) if scanned is not None else None,
    )


def events_of(database: Database, customer_id: int, kind: EventKind) -> list[TimelineEvent]:
    """The stored timeline events of one kind, oldest first."""
    with database.sessions() as session:
        return list(
            session.scalars(
                select(TimelineEvent)
                .where(TimelineEvent.customer_id == customer_id, TimelineEvent.kind == kind)
                .order_by(TimelineEvent.id)
            )
        )


def stored_values(database: Database, customer_id: int) -> dict[str, str]:
    """Every owned field of the customer as stored, as an edit form reads it."""
    with database.sessions() as session:
        found = session.get(Customer, customer_id)
        assert found is not None
        return field_values(found)
