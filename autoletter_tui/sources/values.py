"""Values as shop exports and Excel write them, read into the forms we store.

Pure functions, shared by the CSV import and the API ingest. Each raises ``ValueError`` with
a message for the operator when a value cannot be read.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale

from autoletter_tui.data import address_rules
from autoletter_tui.i18n import _

# Countries by the names shops and Excel files use for them, in the languages of our shops.
NAME_LOCALES = ("de", "en", "fr", "it", "es", "nl", "pl", "cs", "da")
# Postcodes that Excel turned into numbers lose their leading zeros: the digits they need.
POSTCODE_DIGITS = {"DE": 5, "FR": 5, "IT": 5, "ES": 5, "US": 5, "AT": 4, "CH": 4, "BE": 4,
                   "DK": 4, "NL": 4}  # fmt: skip


def unquoted(text: str) -> str:
    """Shopify exports prefix ids, phones and postcodes with an apostrophe (``'01067``) to
    keep spreadsheets from reading them as numbers."""
    text = text.strip()
    return text[1:] if text.startswith("'") else text


@cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code in NAME_LOCALES:
        for territory, name in Locale.parse(code).territories.items():
            if len(territory) == 2 and territory.isalpha():
                names.setdefault(name.casefold(), territory)
    return names


def country_code(text: str) -> str:
    """``DE``, ``de``, ``Deutschland``, ``Germany`` -> ``DE``; empty stays empty."""
    text = text.strip()
    if not text:
        return ""
    if len(text) == 2 and text.isalpha():
        return text.upper()
    code = _country_names().get(text.casefold())
    if code is None:
        raise ValueError(
            _("Unknown country {text}: use its ISO code (DE) or its name.").format(text=repr(text))
        )
    return code


def postcode(text: str, country: str) -> str:
    """The postcode with the leading zeros a spreadsheet took away restored (``1067`` in
    Germany is ``01067``)."""
    text = unquoted(text).upper()  # "a1b 2c3" is "A1B 2C3"
    digits = POSTCODE_DIGITS.get(country)
    if digits and text.isdigit() and len(text) < digits:
        return text.zfill(digits)
    return text


def one_line(text: str) -> str:
    """A value over several lines (a quoted CSV field: "Hinterhaus\nc/o Müller") as one line,
    its lines joined with ", "."""
    if "\n" not in text and "\r" not in text:
        return text
    return ", ".join(part.strip() for part in text.splitlines() if part.strip())


# A letter after the number only when attached ("221B"): "100 N Main St" is number 100 on
# North Main Street. "12 bis" is French for 12a.
_NUMBER = r"\d+(?:\s?(?:bis|ter|quater)\b|[a-zA-Z]\b)?(?:\s?[-/]\s?\d+(?:[a-zA-Z]\b)?)?"
_HOUSE_NUMBER = re.compile(
    r"^(?P<street>.*?\D)\s*(?P<number>\d+\s?[a-zA-Z]?(?:\s?[-/]\s?\d+\s?[a-zA-Z]?)?)$"
)
# What comes before a number that is no house number, where the number goes first.
_UNIT = re.compile(
    r"(?i)(?:flat|apt|apartment|appt|appartement|unit|suite|ste|room|floor|fl|level|lvl|"
    r"building|bldg|block|lot|p\.?\s?o\.?\s?box|box|bâtiment|bât|étage|etage)\.?(?:\s?no\.?)?"
)
# A part of the line (between commas) that starts with the number: "10 Downing Street", or
# the number as a part of its own before the street ("12, rue de la Paix").
_NUMBER_THEN_STREET = re.compile(
    rf"(?:^|,)\s*(?P<number>{_NUMBER})(?:\s*,\s*|\s+)(?P<street>[^\d\s,][^,]*?)\s*(?=,|$)"
)


def split_street(line: str, country: str = "") -> tuple[str, str, str]:
    """A street line as people type it, as (street, house number, rest), in the order of the
    address's country (an ISO code; unknown or empty: the number after the street):
    ``Hauptstraße 5a`` -> (``Hauptstraße``, ``5a``, ``""``); ``Am Markt 1, Hinterhaus`` ->
    (``Am Markt``, ``1``, ``Hinterhaus``); in GB, ``Flat 3, 10 Downing Street`` ->
    (``Downing Street``, ``10``, ``Flat 3``). Where the number goes first, a line without a
    number before a street is read with the number after it (``Chestnut Street 92``, as
    Shopify's own examples write US addresses), unless what comes before the number is a
    flat, unit or box (``Flat 3``, ``PO Box 12``). A line without a number stays whole as the
    street."""
    line = " ".join(line.split())
    number_first = address_rules.number_first(country)
    if number_first and (found := _NUMBER_THEN_STREET.search(line)) is not None:
        before, after = line[: found.start()].strip(" ,"), line[found.end() :].strip(" ,")
        rest = ", ".join(part for part in (before, after) if part)
        return found["street"], found["number"].replace(" ", ""), rest
    head, _sep, rest = line.partition(",")
    # The part before a comma first: "Hauptstraße 5, Whg 3" is number 5 with "Whg 3" after.
    for candidate, extra in ((head, rest.strip()), (line, "")):
        match = _HOUSE_NUMBER.match(candidate.strip())
        if match is not None:
            street = match["street"].rstrip(" ,")
            if number_first and _UNIT.fullmatch(street):
                break
            return street, match["number"].replace(" ", ""), extra
    return line, "", ""


def german_decimal(text: str) -> Decimal:
    """``1.234,56`` / ``€ 12,00`` / ``99,90`` / ``1234.50`` -> Decimal."""
    cleaned = re.sub(r"[€$£\s]|EUR|CHF", "", text.strip())
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("Not an amount: {text}.").format(text=repr(text))) from None


def day(text: str) -> date:
    """``31.12.2023`` (German), ``2023-12-31`` (ISO) -> date."""
    text = text.strip()
    german = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if german:
            return date(int(german[3]), int(german[2]), int(german[1]))
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("Not a date: {text} (use 31.12.2023 or 2023-12-31).").format(text=repr(text))
        ) from None
