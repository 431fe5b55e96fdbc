"""The model's own rules for the orders and carts a record brings, checked before anything of
the record is stored: a record that breaks one is skipped whole, with where and why, and the
rest of the page, file or sync goes on.

Every source passes through here (``ingest``), so a CSV file, the API and a shop sync cannot
store what another would refuse. The rules are those of the tables: an ISO 4217 currency and
amounts it allows (``data.money``), times a shop can really have, quantities that are whole
and positive, texts that fit their columns (read from the model, so a column that changes
changes the rule).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Column, String

from autoletter_tui.data import money
from autoletter_tui.data.edits import text_problem
from autoletter_tui.data.models import AbandonedCheckout, Customer, CustomerSource, Order, OrderItem
from autoletter_tui.formatting import count
from autoletter_tui.i18n import _
from autoletter_tui.sources.records import (
    CheckoutRecord,
    CustomerRecord,
    Item,
    OrderRecord,
    Problem,
)

FIRST_YEAR = 1900  # no shop took an order before; earlier dates are placeholders (0001-01-01)
EARLIEST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
FUTURE = timedelta(days=366)  # an order "placed" later than this after the sync is no date
MAX_QUANTITY = 1_000_000  # of one line; Billbee's doubles allow 98 million of anything


def checked(record: CustomerRecord | Problem, now: datetime) -> CustomerRecord | Problem:
    """The record, or the first rule it, or one of its orders or carts, breaks."""
    if isinstance(record, Problem):
        return record
    try:
        for column, reason in _problems(record, now):
            return Problem(record.where, column, reason)
    except Exception as error:  # a value no rule foresaw: the record's problem, not the sync's
        return Problem(record.where, "", _("cannot be read: {error}").format(error=error))
    return record


def _problems(record: CustomerRecord, now: datetime) -> Iterator[tuple[str, str]]:
    yield from _text("id", record.external_id, _EXTERNAL_ID)
    yield from _text("number", record.number, _NUMBER)
    for order in record.orders:
        yield from _order(order, now)
    for checkout in record.checkouts:
        yield from _checkout(checkout, now)


def _length(column: Column[str] | object) -> int:
    assert isinstance(column, Column)
    assert isinstance(column.type, String)
    return column.type.length or 255


_ORDER_TEXTS = {
    "external_id": _length(Order.__table__.c.external_id),
    "number": _length(Order.__table__.c.number),
    "checkout_token": _length(Order.__table__.c.checkout_token),
}
_EXTERNAL_ID = _length(CustomerSource.__table__.c.external_id)
_NUMBER = _length(Customer.__table__.c.number)
_CHECKOUT_TOKEN = _length(AbandonedCheckout.__table__.c.token)
# Order and checkout items share their columns (``LineItemColumns``).
_ITEM_TEXTS = {
    "sku": _length(OrderItem.__table__.c.sku),
    "title": _length(OrderItem.__table__.c.title),
}


def _order(order: OrderRecord, now: datetime) -> Iterator[tuple[str, str]]:
    for name, limit in _ORDER_TEXTS.items():
        yield from _text(name, getattr(order, name), limit)
    if not order.external_id:
        yield "id", _("missing")
    yield from _moment("placed_at", order.placed_at, now)
    yield from _amount("total", order.total, order.currency)
    yield from _items(order.items, order.currency)


def _checkout(checkout: CheckoutRecord, now: datetime) -> Iterator[tuple[str, str]]:
    if not checkout.token:
        yield "token", _("missing")
    yield from _text("token", checkout.token, _CHECKOUT_TOKEN)
    yield from _moment("created_at", checkout.created_at, now)
    yield from _amount("total", checkout.value, checkout.currency)
    yield from _items(checkout.items, checkout.currency)


def _text(name: str, value: str, limit: int) -> Iterator[tuple[str, str]]:
    if (problem := text_problem(value, limit)) is not None:
        yield name, problem


def _moment(name: str, moment: datetime, now: datetime) -> Iterator[tuple[str, str]]:
    # Years first: converting 0001-01-01 or 9999-12-31 to another zone overflows.
    latest = now + FUTURE
    if (
        moment.year < FIRST_YEAR
        or moment.year > latest.year
        or not EARLIEST <= moment.astimezone(UTC) <= latest
    ):
        yield (
            name,
            _("{moment} is no date an order can have").format(
                moment=moment.isoformat(timespec="minutes")
            ),
        )


def _amount(
    name: str, value: object, currency: str, *, signed: bool = False
) -> Iterator[tuple[str, str]]:
    if not isinstance(value, Decimal):
        yield name, _("{value} is not an amount").format(value=value)
        return
    if (reason := money.amount_problem(value, currency, signed=signed)) is not None:
        yield name, reason


def _items(items: tuple[Item, ...], currency: str) -> Iterator[tuple[str, str]]:
    for number, (sku, title, quantity, price) in enumerate(items, start=1):
        line = _("line item {number}").format(number=number)
        yield from _text(f"{line}, sku", sku, _ITEM_TEXTS["sku"])
        yield from _text(f"{line}, title", title, _ITEM_TEXTS["title"])
        if not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
            yield (
                f"{line}, quantity",
                _("{quantity} is not a whole number of pieces from 1 to {most}").format(
                    quantity=quantity, most=count(MAX_QUANTITY)
                ),
            )
        # A line may be negative: a return or a credit on the order. Its total is summed
        # in the database, so it keeps the bound of an amount too.
        yield from _amount(f"{line}, price", price, currency, signed=True)
        if isinstance(price, Decimal) and isinstance(quantity, int) and price.is_finite():
            total = price * quantity
            if abs(total) >= money.MAX_AMOUNT:
                yield from _amount(f"{line}, total", total, currency, signed=True)
