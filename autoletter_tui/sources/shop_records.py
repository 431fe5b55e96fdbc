"""A shop's customer (from Shopify or Billbee, already mapped to our field names) as a customer
record, checked by the editor's rules like every other source.

A shop is the system of record for its customers, so its data is not refused for one bad
value: a phone, postcode, country or even email that does not check out is left out with a
warning, and the customer, its orders and checkouts are kept. A record is skipped only when
nothing identifies the customer (no shop id, no email, no name).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from autoletter_tui.data.edits import validate
from autoletter_tui.data.fields import ADDRESS_FIELDS, CONTACT_FIELDS, AddressKind
from autoletter_tui.i18n import N_, _
from autoletter_tui.sources import values
from autoletter_tui.sources.fetching import excerpt
from autoletter_tui.sources.records import (
    REFERENCE,
    CheckoutRecord,
    CustomerRecord,
    OrderRecord,
    Problem,
)

# A country that cannot be read, per address kind.
_ADDRESS_LEFT_OUT = {
    AddressKind.DELIVERY: N_("delivery address: {reason} Left out."),
    AddressKind.BILLING: N_("billing address: {reason} Left out."),
    AddressKind.LETTER: N_("letter address: {reason} Left out."),
}


def text(value: Any) -> str:
    """A shop's value as text, trimmed; null is empty."""
    return "" if value is None else str(value).strip()


def reference(value: Any) -> str:
    """The shop's reference of a record (an order number, an id) as ``where`` names it: on
    one line, cut at ``REFERENCE`` characters; "?" when there is none."""
    return excerpt(text(value), REFERENCE) or "?"


def not_an_object(kind: str, item: Any) -> Problem:
    """An entry of a page's list that is no object (``null``, a number): skipped, named."""
    return Problem(f"{kind} ?", "", _("not an object: {value}").format(value=reference(item)))


def number(value: Any, name: str) -> Decimal:
    """A shop's amount or quantity: a JSON number (read as ``Decimal``) or a decimal string;
    null or empty is 0. Anything else is the record's problem, named by its field."""
    if not isinstance(value, bool) and isinstance(value, Decimal | int | float | str | None):
        try:
            return Decimal(text(value) or "0")
        except InvalidOperation:
            pass
    raise ValueError(
        _("{field}: {value} is not a number").format(field=name, value=excerpt(repr(value), 40))
    )


def shop_address(
    *,
    name: str = "",
    company: str = "",
    street_line: str = "",
    street: str = "",
    house_number: str = "",
    line2: str = "",
    postcode: str = "",
    city: str = "",
    region: str = "",
    country: str = "",
) -> dict[str, str]:
    """An address in our fields. ``street_line`` is a street with its number in it, as
    Shopify's ``address1`` holds it ("Hauptstraße 5a", "10 Downing Street": split in the
    order of the ``country``'s addresses); Billbee gives the two apart."""
    if street_line and not street:
        try:  # the country's order of street and number; a name ("United Kingdom") too
            code = values.country_code(country)
        except ValueError:
            code = ""  # shop_record says what is wrong with it
        street, house_number, rest = values.split_street(street_line, code)
        line2 = ", ".join(part for part in (rest, line2) if part)
    return {
        "name": name, "company": company, "street": street, "house_number": house_number,
        "line2": line2, "postcode": postcode, "city": city, "region": region,
        "country": country,
    }  # fmt: skip


def order_addresses(
    delivery: dict[str, str] | None, billing: dict[str, str] | None
) -> dict[AddressKind, dict[str, str]]:
    """An order's addresses by kind; the letter goes where the parcel went."""
    kinds = ((AddressKind.DELIVERY, delivery), (AddressKind.BILLING, billing),
             (AddressKind.LETTER, delivery or billing))  # fmt: skip
    return {kind: address for kind, address in kinds if address}


def guarded(where: str, read: Callable[[], CustomerRecord | Problem]) -> CustomerRecord | Problem:
    """A shop object that lacks a field or holds one that cannot be read is skipped with what
    was wrong, not the whole page. Every exception: what a shop sends is data, and no value of
    one record (a date in year 1, a number with 5,000 digits, a list where a text belongs) may
    stop the others."""
    try:
        return read()
    except KeyError as error:
        return Problem(where, str(error.args[0]), _("missing"))
    except Exception as error:
        return Problem(
            where, "", _("cannot be read: {error}").format(error=str(error) or type(error).__name__)
        )


def shop_record(
    where: str,
    *,
    external_id: str,
    contact: Mapping[str, str],
    addresses: Mapping[AddressKind, Mapping[str, str]],
    today: date,
    registered: bool | None = None,
    orders: tuple[OrderRecord, ...] = (),
    checkouts: tuple[CheckoutRecord, ...] = (),
    as_of: datetime | None = None,
    whole: frozenset[str] = frozenset(),
    copied: frozenset[str] = frozenset(),
) -> CustomerRecord | Problem:
    """``contact``: CONTACT_FIELDS (missing ones empty); ``addresses``: per kind, the fields of
    ``shop_address`` with the country as an ISO code or a name."""
    contact = {n: (contact.get(n) or "").strip() for n in CONTACT_FIELDS}
    if not (external_id or contact["email"] or contact["first_name"] or contact["last_name"]):
        return Problem(where, "", _("no shop id, no email and no name: cannot tell who this is"))
    warnings: list[str] = []
    form = dict(contact)
    told: set[str] = set()  # fields already warned about
    for kind, address in addresses.items():
        fields = {n: (address.get(n) or "").strip() for n in ADDRESS_FIELDS}
        try:
            fields["country"] = values.country_code(fields["country"])
        except ValueError as error:
            fields["country"] = ""
            told.add(f"{kind.value}.country")
            warnings.append(_(_ADDRESS_LEFT_OUT[kind]).format(reason=error))
        fields["postcode"] = values.postcode(fields["postcode"], fields["country"])
        form.update({f"{kind.value}.{n}": v for n, v in fields.items()})
    cleaned, errors = validate(form, [n for n, v in form.items() if v], today)
    for name, reason in errors.items():
        if name not in told:
            warnings.append(_("{column}: {reason} Left out.").format(column=name, reason=reason))
        cleaned.pop(name, None)
    return CustomerRecord(
        where=where,
        external_id=external_id,
        contact={n: cleaned.get(n, "") for n in CONTACT_FIELDS},
        addresses={
            kind: {n: cleaned.get(f"{kind.value}.{n}", "") for n in ADDRESS_FIELDS}
            for kind in addresses
        },
        warnings=tuple(warnings),
        orders=orders,
        checkouts=checkouts,
        registered=registered,
        as_of=as_of,
        whole=whole,
        copied=copied,
    )
