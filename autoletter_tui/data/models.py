"""The customer domain as typed SQLAlchemy 2.0 models.

Facts that have a table of their own (orders, letters, QR scans) are not copied into
``timeline_event``: the timeline is read as the union of those tables and the stored events, so
the two can never disagree. ``timeline_event`` holds what has no other record: edits, comment
changes, merges, imports.

Full-text search is engine-specific and lives outside the ORM metadata (an FTS5 table kept by
triggers on SQLite, a stored generated tsvector column with a GIN index on PostgreSQL): see
migrations 0001 and 0002 and search.py.

The ``customer`` row carries cached figures that the overview sorts and filters on (order count,
lifetime value, last order, search text, ...). ``figures.refresh_customers`` computes them from
the facts and runs after every flush that touches a customer's facts (see ``figures.py``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from autoletter_tui.data.column_types import FieldSetType, Money, UTCDateTime
from autoletter_tui.data.fields import AddressKind, FieldSet

__all__ = [
    "AbandonedCheckout",
    "Address",
    "AddressKind",
    "Base",
    "Campaign",
    "CampaignKind",
    "CheckoutItem",
    "Customer",
    "CustomerSource",
    "EventKind",
    "Letter",
    "LetterStatus",
    "Order",
    "OrderItem",
    "OrderStatus",
    "RegistrationStatus",
    "SourceKind",
    "SyncState",
    "TimelineEvent",
]


class RegistrationStatus(StrEnum):
    REGISTERED = "registered"
    GUEST = "guest"


class SourceKind(StrEnum):
    SHOPIFY = "shopify"
    BILLBEE = "billbee"
    CSV = "csv"
    API = "api"
    MANUAL = "manual"

    @property
    def is_shop(self) -> bool:
        """Shop-synced sources own their fields: they are changed in the shop, not here."""
        return self in (SourceKind.SHOPIFY, SourceKind.BILLBEE)


class OrderStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    FULFILLED = "fulfilled"
    CANCELED = "canceled"
    RETURNED = "returned"
    REFUNDED = "refunded"


class CampaignKind(StrEnum):
    ONE_TIME = "one_time"
    RECURRING = "recurring"


class LetterStatus(StrEnum):
    ACCEPTED = "accepted"
    IN_PRODUCTION = "in_production"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    FAILED = "failed"


class EventKind(StrEnum):
    # Read from their own tables by the timeline query, never stored as events:
    ORDER_PLACED = "order_placed"
    LETTER_SENT = "letter_sent"
    LETTER_DELIVERED = "letter_delivered"
    QR_SCANNED = "qr_scanned"
    # Stored in timeline_event:
    CUSTOMER_CREATED = "customer_created"
    FIELD_EDITED = "field_edited"
    ADDRESS_CHANGED = "address_changed"
    COMMENT_CHANGED = "comment_changed"
    SOURCE_MERGED = "source_merged"
    IMPORTED = "imported"


def _enum(cls: type[StrEnum]) -> Enum:
    # Stored as the value string without a CHECK constraint, so that adding a member later needs
    # no table rebuild on SQLite; the ORM validates on the way in.
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


# Stable constraint names so that Alembic migrations can refer to them on both engines.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        Decimal: Money(),
        date: Date(),
        str: String(255),
        int: Integer(),
        bool: Boolean(),
    }


ID = BigInteger().with_variant(Integer(), "sqlite")  # INTEGER PRIMARY KEY is the rowid on SQLite


class Customer(Base):
    __tablename__ = "customer"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[RegistrationStatus] = mapped_column(_enum(RegistrationStatus))
    first_name: Mapped[str] = mapped_column(default="")
    last_name: Mapped[str] = mapped_column(default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    # Merge key: trimmed, lower-cased email; NULL when there is no email. Unique, because two
    # customers with one email would be a merge that did not happen.
    email_key: Mapped[str | None] = mapped_column(String(320), unique=True)
    company: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    birthday: Mapped[date | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    manual: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=1)

    # Cached figures (figures.py keeps them correct).
    last_order_at: Mapped[datetime | None]
    order_count: Mapped[int] = mapped_column(default=0)
    lifetime_value: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    currency: Mapped[str | None] = mapped_column(String(3))
    has_test_orders: Mapped[bool] = mapped_column(default=False)
    last_letter_at: Mapped[datetime | None]
    last_scan_at: Mapped[datetime | None]
    letter_address_complete: Mapped[bool] = mapped_column(default=False)
    sort_name: Mapped[str] = mapped_column(String(320), default="")
    city: Mapped[str] = mapped_column(default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    # merge.address_key of the name and home address; NULL when incomplete. Imports and syncs
    # find "the same person at the same address" through its index.
    address_key: Mapped[str | None] = mapped_column(String(512), index=True)
    # A guest's order or abandoned checkout stored as an entry of its own, because guest
    # merging was off (the ``merge_guests`` setting): no record is merged into it, and its
    # email_key is made unique (``merge.stored_email_key``).
    kept_apart: Mapped[bool] = mapped_column(default=False, server_default=false())

    sources: Mapped[list[CustomerSource]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="CustomerSource.id"
    )
    addresses: Mapped[list[Address]] = relationship(
        back_populates="customer", cascade="all, delete-orphan"
    )
    orders: Mapped[list[Order]] = relationship(
        back_populates="customer", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # One index per overview sort key; the name tiebreak makes keyset pages stable.
        Index("ix_customer_sort_last_order", "last_order_at", "sort_name", "id"),
        Index("ix_customer_sort_name", "sort_name", "id"),
        Index("ix_customer_sort_email", "email_key", "sort_name", "id"),
        Index("ix_customer_sort_company", "company", "sort_name", "id"),
        Index("ix_customer_sort_location", "country", "city", "sort_name", "id"),
        Index("ix_customer_sort_status", "status", "sort_name", "id"),
        Index("ix_customer_sort_orders", "order_count", "sort_name", "id"),
        Index("ix_customer_sort_value", "lifetime_value", "sort_name", "id"),
        Index("ix_customer_created", "created_at"),
    )

    def address(self, kind: AddressKind) -> Address | None:
        return next((a for a in self.addresses if a.kind == kind), None)


class CustomerSource(Base):
    """One external record that was merged into a customer."""

    __tablename__ = "customer_source"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    kind: Mapped[SourceKind] = mapped_column(_enum(SourceKind))
    # Which account the record came from: shop domain, Billbee user, CSV file label, API client.
    account: Mapped[str] = mapped_column(default="")
    label: Mapped[str] = mapped_column(default="")  # badge text, e.g. "Shopify: My Store"
    external_id: Mapped[str | None] = mapped_column(String(128))
    synced_at: Mapped[datetime | None]
    fields: Mapped[FieldSet] = mapped_column(FieldSetType(), default=frozenset())

    customer: Mapped[Customer] = relationship(back_populates="sources")

    __table_args__ = (
        UniqueConstraint("kind", "account", "external_id", name="uq_customer_source_record"),
        Index("ix_customer_source_customer", "customer_id"),
        Index("ix_customer_source_kind", "kind", "customer_id"),
    )


class Address(Base):
    __tablename__ = "address"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    kind: Mapped[AddressKind] = mapped_column(_enum(AddressKind))
    name: Mapped[str] = mapped_column(default="")
    company: Mapped[str] = mapped_column(default="")
    street: Mapped[str] = mapped_column(default="")
    house_number: Mapped[str] = mapped_column(String(32), default="")
    line2: Mapped[str] = mapped_column(default="")
    postcode: Mapped[str] = mapped_column(String(32), default="")
    city: Mapped[str] = mapped_column(default="")
    region: Mapped[str] = mapped_column(default="")
    country: Mapped[str] = mapped_column(String(2), default="")  # ISO 3166-1 alpha-2

    customer: Mapped[Customer] = relationship(back_populates="addresses")

    __table_args__ = (UniqueConstraint("customer_id", "kind", name="uq_address_customer_kind"),)


class LineItemColumns:
    sku: Mapped[str] = mapped_column(String(64), default="")
    title: Mapped[str] = mapped_column(default="")
    quantity: Mapped[int] = mapped_column(default=1)
    unit_price: Mapped[Decimal]


class Order(Base):
    __tablename__ = "orders"  # ORDER is an SQL keyword

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("customer_source.id", ondelete="SET NULL")
    )
    external_id: Mapped[str | None] = mapped_column(String(128))
    number: Mapped[str] = mapped_column(String(64))
    placed_at: Mapped[datetime]
    total: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[OrderStatus] = mapped_column(_enum(OrderStatus))
    is_test: Mapped[bool] = mapped_column(default=False)
    checkout_token: Mapped[str | None] = mapped_column(String(64))

    customer: Mapped[Customer] = relationship(back_populates="orders")
    source: Mapped[CustomerSource | None] = relationship()
    items: Mapped[list[OrderItem]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderItem.id"
    )

    __table_args__ = (
        UniqueConstraint("source_id", "external_id", name="uq_orders_source_external"),
        Index("ix_orders_customer_placed", "customer_id", "placed_at"),
        # A sync links an abandoned checkout to the order that completed it by this token.
        Index("ix_orders_checkout_token", "checkout_token"),
        # A guest's order sent again is found by the shop's id of it (migration 0008).
        Index("ix_orders_external_id", "external_id"),
    )


class OrderItem(LineItemColumns, Base):
    __tablename__ = "order_item"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)

    order: Mapped[Order] = relationship(back_populates="items")


class AbandonedCheckout(Base):
    """A Shopify checkout that was not completed; ``recovered_order_id`` once it became one."""

    __tablename__ = "abandoned_checkout"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("customer_source.id", ondelete="SET NULL")
    )
    token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    value: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    recovered_order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="SET NULL")
    )

    items: Mapped[list[CheckoutItem]] = relationship(
        back_populates="checkout", cascade="all, delete-orphan", order_by="CheckoutItem.id"
    )

    __table_args__ = (
        UniqueConstraint("source_id", "token", name="uq_abandoned_checkout_token"),
        Index("ix_abandoned_checkout_customer", "customer_id"),
        Index("ix_abandoned_checkout_token", "token"),
    )


class CheckoutItem(LineItemColumns, Base):
    __tablename__ = "checkout_item"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    checkout_id: Mapped[int] = mapped_column(
        ForeignKey("abandoned_checkout.id", ondelete="CASCADE"), index=True
    )

    checkout: Mapped[AbandonedCheckout] = relationship(back_populates="items")


class Campaign(Base):
    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    name: Mapped[str]
    kind: Mapped[CampaignKind] = mapped_column(_enum(CampaignKind))
    text: Mapped[str] = mapped_column(Text, default="")  # letter template with placeholders
    segment: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # overview search + filters
    created_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class Letter(Base):
    """One letter to one customer. The address and text are a snapshot as printed: later edits
    to the customer never change a letter that exists."""

    __tablename__ = "letter"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    status: Mapped[LetterStatus] = mapped_column(_enum(LetterStatus))
    token: Mapped[str] = mapped_column(String(64), unique=True)  # in the QR code; unguessable
    address_lines: Mapped[str] = mapped_column(Text)  # newline-separated, as printed
    body: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    accepted_at: Mapped[datetime]
    in_production_at: Mapped[datetime | None]
    shipped_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    failure_reason: Mapped[str] = mapped_column(default="")
    scanned_at: Mapped[datetime | None]

    campaign: Mapped[Campaign] = relationship()
    customer: Mapped[Customer] = relationship()

    __table_args__ = (
        Index("ix_letter_customer", "customer_id", "accepted_at"),
        # scanned_at: the campaigns screen counts statuses and scans from the index alone
        Index("ix_letter_campaign", "campaign_id", "status", "scanned_at"),
    )


class TimelineEvent(Base):
    __tablename__ = "timeline_event"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor: Mapped[str] = mapped_column(String(128), default="")

    __table_args__ = (Index("ix_timeline_event_customer", "customer_id", "at"),)


class SyncState(Base):
    """Where a shop sync stands, per shop account and resource (customers, orders, ...).

    ``since`` is the watermark of the last complete run: the next run asks only for what
    changed after it. ``resume`` is the next page of a run that stopped part-way (every page
    before it is stored, each in its own transaction), so that the next run carries on there
    rather than from the start; ``started_at`` is that run's start, which becomes the
    watermark when it completes."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    kind: Mapped[SourceKind] = mapped_column(_enum(SourceKind))
    account: Mapped[str]
    resource: Mapped[str] = mapped_column(String(32))
    since: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    resume: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None]  # of the last complete run
    error: Mapped[str] = mapped_column(Text, default="")  # of the last run, if it failed

    __table_args__ = (
        UniqueConstraint("kind", "account", "resource", name="uq_sync_state_resource"),
    )
