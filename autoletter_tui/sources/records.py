"""One customer as a source supplies it: what the CSV import, the API ingest and the shop
syncs hand to the merge, and what went wrong where for the records that could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from autoletter_tui.data.fields import AddressKind
from autoletter_tui.data.models import OrderStatus
from autoletter_tui.i18n import N_, _

Item = tuple[str, str, int, Decimal]  # sku, title, quantity, unit price
REFERENCE = 80  # characters of a shop's reference that name a record ("Shopify order #1001")


@dataclass(frozen=True, slots=True)
class OrderRecord:
    external_id: str  # the source's id of the order: sending it again changes nothing
    number: str
    placed_at: datetime
    total: Decimal
    currency: str
    status: OrderStatus
    is_test: bool = False
    items: tuple[Item, ...] = ()
    # The shop's checkout this order completed: an abandoned checkout with this token was
    # recovered by it. Every online order has one, so it says nothing on its own.
    checkout_token: str = ""


@dataclass(frozen=True, slots=True)
class CheckoutRecord:
    """A shop checkout the customer left without paying (Shopify's abandoned checkouts)."""

    token: str
    created_at: datetime
    value: Decimal
    currency: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class CustomerRecord:
    where: str  # "line 12" / "object 3": for messages and the timeline
    number: str = ""  # the customer number the source gives, if any
    external_id: str = ""  # the source's own id of the customer, if any
    customer_id: int | None = None  # one of our customers, when the source names one
    contact: dict[str, str] = field(default_factory=dict)  # CONTACT_FIELDS -> cleaned value
    # ADDRESS_FIELDS -> cleaned value: the customer's address, for every kind not in
    # ``addresses`` (a CSV row has one address: delivery, billing and letter alike)
    address: dict[str, str] = field(default_factory=dict)
    addresses: dict[AddressKind, dict[str, str]] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)  # stated, not stored as fields
    warnings: tuple[str, ...] = ()  # values left out, and why
    orders: tuple[OrderRecord, ...] = ()
    checkouts: tuple[CheckoutRecord, ...] = ()
    # Whether the customer has an account with the source (None: the source does not say);
    # a customer any source knows as registered is registered.
    registered: bool | None = None
    # When the record's details were true, for a shop that sends them with each order: an
    # order older than the customer's latest does not overwrite newer details.
    as_of: datetime | None = None
    # Contact fields the source sent, empty or not (the keys of a shop's customer object):
    # one the source owned and now sends empty was cleared there, and is cleared here.
    whole: frozenset[str] = frozenset()
    # Fields the record holds as a copy: the customer inside a Shopify order, as it was when
    # the order was placed. They describe a customer the shop has not sent us yet, and are left
    # out once it has (its source is stored): a copy never undoes the customer object.
    copied: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Problem:
    """A record that was skipped: where, which column or field, and why."""

    where: str
    column: str
    reason: str

    def __str__(self) -> str:
        """For the operator, in their language (``where`` itself stays English: it is stored
        in the timeline)."""
        where = where_text(self.where)
        if self.column:
            return _("{where}, {column}: {reason}").format(
                where=where, column=self.column, reason=self.reason
            )
        return _("{where}: {reason}").format(where=where, reason=self.reason)


# How the sources name a record (``CustomerRecord.where``), stored as written here; shown
# through ``where_text`` in the operator's language.
_WHERE = (
    ("line ", N_("line {number}")),
    ("object ", N_("object {index}")),
    ("Shopify customer ", N_("Shopify customer {id}")),
    ("Shopify order ", N_("Shopify order {number}")),
    ("Shopify checkout ", N_("Shopify checkout {id}")),
    ("Billbee order ", N_("Billbee order {number}")),
)


def where_text(where: str) -> str:
    """A record's ``where`` (``line 12``, ``Shopify order #1001``) in the operator's language."""
    for prefix, message in _WHERE:
        if where.startswith(prefix):
            rest = where.removeprefix(prefix)
            return _(message).format(number=rest, index=rest, id=rest)
    return where
