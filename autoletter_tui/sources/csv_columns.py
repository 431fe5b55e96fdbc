"""Which column of a customer CSV file holds what: the headers of Shopify's customer export
and import template (current and pre-2022), AutoLetter-style columns and common German ones.

Headers are compared case- and punctuation-insensitively ("E-Mail", "e_mail" and "Email" are
one header). Columns we do not know are ignored and named in the import's report (how many
and the first ten, when there are more); so is a header the file has twice, of which the first
column is read. A file without an email column and without name columns is not a customer
file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from autoletter_tui.data.errors import UserError
from autoletter_tui.formatting import count
from autoletter_tui.i18n import _

# Where a value goes. ``street_line`` is a street with its house number in it ("Hauptstraße
# 5a"), split on import unless the file has a house number column of its own.
FIELDS = (
    "number", "external_id", "first_name", "last_name", "email", "company", "phone",
    "birthday", "street", "street_line", "house_number", "line2", "postcode", "city",
    "region", "region_name", "country", "address_phone", "revenue", "first_order",
)  # fmt: skip

_HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("customernumber", "customerno", "kundennummer", "kundennr", "kdnr"),
    "external_id": ("customerid", "id"),
    "first_name": ("firstname", "vorname", "givenname"),
    "last_name": ("lastname", "nachname", "familienname", "surname"),
    "email": ("email", "emailaddress", "mail", "emailadresse"),
    "company": ("company", "defaultaddresscompany", "firma", "unternehmen"),
    "phone": ("phone", "telefon", "telephone", "tel", "mobile", "handy"),
    "birthday": ("birthday", "birthdate", "dateofbirth", "geburtstag", "geburtsdatum"),
    "street": ("street",),
    "street_line": (
        "address1", "defaultaddressaddress1", "strasse", "strassehausnummer", "address",
        "anschrift",
    ),
    "house_number": ("housenumber", "hausnummer", "hausnr"),
    "line2": ("address2", "defaultaddressaddress2", "adresszusatz", "zusatz"),
    "postcode": ("zip", "defaultaddresszip", "zipcode", "postcode", "postalcode", "plz"),
    "city": ("city", "defaultaddresscity", "ort", "stadt"),
    "region": ("provincecode", "defaultaddressprovincecode", "region", "state"),
    "region_name": ("province", "bundesland"),
    "country": (
        "countrycode", "defaultaddresscountrycode", "country", "land", "landiso", "countryiso",
    ),
    "address_phone": ("defaultaddressphone",),
    "revenue": ("totalspent", "umsatz", "revenue"),
    "first_order": ("erstbestellung", "firstorder", "firstorderdate"),
}  # fmt: skip
_BY_HEADER = {header: field for field, headers in _HEADERS.items() for header in headers}
# Shopify columns that are not customer data of ours; not reported as unknown.
IGNORED = frozenset(
    (
        "acceptsemailmarketing", "acceptssmsmarketing", "acceptsmarketing", "totalorders",
        "tags", "note", "taxexempt", "anrede", "salutation", "title",
    )
)  # fmt: skip


def normalized(header: str) -> str:
    """``"E-Mail"`` -> ``email``; ``"Straße"`` -> ``strasse``."""
    return re.sub(r"[^0-9a-z]", "", header.casefold().replace("ß", "ss"))


UNKNOWN_LISTED = 10  # unknown columns named; the rest are counted
NAME_SHOWN = 40  # characters of an unknown column's name shown


@dataclass(frozen=True, slots=True)
class Columns:
    index: dict[str, int]  # field -> column position
    headers: tuple[str, ...]  # as the file spells them, for messages
    unknown: tuple[str, ...]  # headers neither mapped nor known to be irrelevant
    # Positions of the columns whose header an earlier column has already (the same header
    # after ``normalized``), by the position of the first: the first is read, not these.
    repeated: dict[int, tuple[int, ...]]

    def header_of(self, field: str) -> str:
        return self.headers[self.index[field]]

    def unknown_text(self) -> str:
        """The unknown columns for the operator: each by name (a long one shortened), or when
        there are many, how many and the first ten."""
        names = ", ".join(
            name if len(name) <= NAME_SHOWN else name[: NAME_SHOWN - 1] + "…"
            for name in self.unknown[:UNKNOWN_LISTED]
        )
        if len(self.unknown) <= UNKNOWN_LISTED:
            return names
        return _("{n} columns, the first {listed}: {names}").format(
            n=count(len(self.unknown)), listed=count(UNKNOWN_LISTED), names=names
        )

    def repeated_text(self) -> list[str]:
        """A line per header the file has more than once: which of its columns is read."""
        return [
            _("{header} is in the file {n} times: column {used} is read, not {others}").format(
                header=self.headers[first],
                n=count(1 + len(others)),
                used=count(first + 1),
                others=", ".join(count(p + 1) for p in others),
            )
            for first, others in self.repeated.items()
        ]


def map_columns(headers: Sequence[str]) -> Columns:
    index: dict[str, int] = {}
    unknown: list[str] = []
    first_of: dict[str, int] = {}  # a header (normalized) -> the first column with it
    repeated: dict[int, list[int]] = {}
    for position, header in enumerate(headers):
        key = normalized(header)
        field = _BY_HEADER.get(key)
        if field is not None and key in first_of:
            repeated.setdefault(first_of[key], []).append(position)
            continue
        first_of.setdefault(key, position)
        if field is None:
            if key and key not in IGNORED:
                unknown.append(header.strip())
        elif field not in index:  # the first of two columns for one field wins
            index[field] = position
    if "email" not in index and not {"first_name", "last_name"} & set(index):
        raise UserError(
            _(
                "This file has no email column and no name columns (such as Email, E-Mail, "
                "First Name, Vorname, Nachname): it is not a customer list."
            )
        )
    return Columns(
        index,
        tuple(h.strip() for h in headers),
        tuple(unknown),
        {first: tuple(others) for first, others in repeated.items()},
    )
