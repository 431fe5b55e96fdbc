"""Customers as the API takes them: JSON (one object, a list, or JSON Lines) checked by
pydantic, then by the editor's rules for each value. An object with any invalid field is
reported by its index and field and left out whole (an API client should fix and resend it,
not have half of it stored); the valid ones become customer records.

    {"id": "c-17", "first_name": "Anna", "last_name": "Schmidt", "email": "anna@example.de",
     "phone": "+49 30 1234567", "birthday": "1984-05-17",
     "address": {"street": "Hauptstraße", "house_number": "5", "postcode": "10115",
                 "city": "Berlin", "country": "DE"},
     "letter_address": {...}, "orders": [{"id": "o-1", "number": "1001",
     "placed_at": "2026-11-02T10:15:00+01:00", "total": "59.90", "currency": "EUR",
     "items": [{"sku": "MUG-01", "title": "Tasse", "quantity": 2, "unit_price": "29.95"}]}]}

``address`` is the customer's address for every kind not given on its own
(``delivery_address``, ``billing_address``, ``letter_address``). ``customer_id`` names one of
our customers (the last way of matching, after email, number and full address).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import IO, Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from autoletter_tui import formatting
from autoletter_tui.data import money
from autoletter_tui.data.edits import validate
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.fields import ADDRESS_FIELDS, CONTACT_FIELDS, AddressKind
from autoletter_tui.data.models import OrderStatus
from autoletter_tui.i18n import _, ngettext
from autoletter_tui.library_messages import validation_error_text
from autoletter_tui.sources.records import CustomerRecord, OrderRecord, Problem

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=320)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]
# An amount's decimals and bounds depend on its currency (KWD 12.345, JPY 1000): the order
# checks its amounts against its currency (``_in_currency``), pydantic only that it is a number.
Amount = Annotated[Decimal, Field(allow_inf_nan=False)]


def _iso_currency(code: str) -> str:
    if (problem := money.currency_problem(code)) is not None:
        raise ValueError(problem)  # translated where raised (see validation_error_text)
    return code


Currency = Annotated[str, AfterValidator(_iso_currency)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ApiAddress(_Strict):
    name: Text = ""
    company: Text = ""
    street: Text = ""
    house_number: Text = ""
    line2: Text = ""
    postcode: Text = ""
    city: Text = ""
    region: Text = ""
    country: Text = ""


class ApiItem(_Strict):
    sku: Text = ""
    title: Text
    quantity: int = Field(1, ge=1)
    unit_price: Amount


def _in_currency(value: Decimal, info: ValidationInfo, *, signed: bool = False) -> None:
    currency = info.data.get("currency")
    if currency is None:  # the currency itself is wrong, and reported as such
        return
    if (problem := money.amount_problem(value, currency, signed=signed)) is not None:
        raise ValueError(problem)


class ApiOrder(_Strict):
    id: Id
    number: Text
    placed_at: AwareDatetime
    currency: Currency  # before the amounts: their checks read it (fields validate in order)
    total: Amount
    status: OrderStatus = OrderStatus.PAID
    is_test: bool = False
    items: list[ApiItem] = []

    @field_validator("total")
    @classmethod
    def _total_in_currency(cls, total: Decimal, info: ValidationInfo) -> Decimal:
        _in_currency(total, info)
        return total

    @field_validator("items")
    @classmethod
    def _prices_in_currency(cls, items: list[ApiItem], info: ValidationInfo) -> list[ApiItem]:
        for item in items:  # a line may be negative: a return or a credit (record_checks)
            _in_currency(item.unit_price, info, signed=True)
        return items


class ApiCustomer(_Strict):
    id: Id | None = None  # the client's own id: re-sending it updates the same record
    customer_id: int | None = None
    number: Text = ""
    first_name: Text = ""
    last_name: Text = ""
    email: Text = ""
    company: Text = ""
    phone: Text = ""
    birthday: date | None = None
    address: ApiAddress | None = None
    delivery_address: ApiAddress | None = None
    billing_address: ApiAddress | None = None
    letter_address: ApiAddress | None = None
    orders: list[ApiOrder] = []


def documents(stream: IO[str], name: str) -> Iterator[tuple[int, Any]]:
    """(index, object) for each JSON object: the whole input as one object or a list, else
    one object per line (JSON Lines). Raises ``UserError`` for input that is no JSON."""
    text = stream.read()
    stripped = text.lstrip()
    if not stripped:
        raise UserError(_("{name} is empty.").format(name=name))
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as error:
        if stripped.startswith("["):
            raise UserError(
                _("{name} is not valid JSON: {error}.").format(name=name, error=error)
            ) from None
        yield from _lines(text, name)
        return
    if isinstance(whole, list):
        yield from enumerate(whole)
    else:
        yield 0, whole


def _lines(text: str, name: str) -> Iterator[tuple[int, Any]]:
    index = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield index, json.loads(line)
        except json.JSONDecodeError as error:
            raise UserError(
                _(
                    "{name}, line {number}: not JSON ({error}); send one object, a list, "
                    "or one object per line."
                ).format(name=name, number=number, error=error.msg)
            ) from None
        index += 1


def records(stream: IO[str], name: str, today: date) -> Iterator[CustomerRecord | Problem]:
    for index, document in documents(stream, name):
        yield _record(index, document, today)


def _and_more(reason: str, more: int) -> str:
    """The first problem of an object, and how many more it has."""
    if not more:
        return reason
    return ngettext("{reason} (and {n} more)", "{reason} (and {n} more)", more).format(
        reason=reason, n=formatting.count(more)
    )


def _record(index: int, document: Any, today: date) -> CustomerRecord | Problem:
    where = f"object {index}"
    try:
        customer = ApiCustomer.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        return Problem(
            where, field, _and_more(validation_error_text(first), error.error_count() - 1)
        )
    contact = {n: getattr(customer, n) for n in CONTACT_FIELDS if n != "birthday"}
    contact["birthday"] = customer.birthday.isoformat() if customer.birthday else ""
    nameless = not (contact["email"] or contact["first_name"] or contact["last_name"])
    if nameless and customer.customer_id is None and not customer.number:
        return Problem(where, "", _("no email, no name and no customer: cannot tell who"))
    general = customer.address.model_dump() if customer.address else {}
    addresses = {
        kind: given.model_dump()
        for kind, given in (
            (AddressKind.DELIVERY, customer.delivery_address),
            (AddressKind.BILLING, customer.billing_address),
            (AddressKind.LETTER, customer.letter_address),
        )
        if given is not None
    }
    form = dict(contact)
    for kind in AddressKind:
        for name, value in addresses.get(kind, general).items():
            form[f"{kind.value}.{name}"] = value
    cleaned, errors = validate(form, [n for n, v in form.items() if v], today)
    if errors:
        field, reason = next(iter(errors.items()))
        return Problem(where, field, _and_more(reason, len(errors) - 1))
    return CustomerRecord(
        where=where,
        number=customer.number,
        external_id=customer.id or "",
        customer_id=customer.customer_id,
        contact={n: cleaned.get(n, "") for n in CONTACT_FIELDS},
        addresses={
            kind: {n: cleaned.get(f"{kind.value}.{n}", "") for n in ADDRESS_FIELDS}
            for kind in AddressKind
            if kind in addresses or customer.address
        },
        orders=tuple(
            OrderRecord(
                external_id=o.id,
                number=o.number,
                placed_at=o.placed_at,
                total=o.total,
                currency=o.currency,
                status=o.status,
                is_test=o.is_test,
                items=tuple((i.sku, i.title, i.quantity, i.unit_price) for i in o.items),
            )
            for o in customer.orders
        ),
    )
