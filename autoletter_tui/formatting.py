"""How values read on screen. One place, so that locale formatting (Babel) can replace it.

Times are stored in UTC and shown in the operator's zone: ``TZ`` / the system zone, which tests
pin to UTC.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

_SYMBOLS = {"EUR": "€", "CHF": "CHF", "GBP": "£", "USD": "$"}


def money(value: Decimal, currency: str | None) -> str:
    """``1,234.50 €``; the currency code where it has no common symbol."""
    amount = f"{value:,.2f}"
    if not currency:
        return amount
    return f"{amount} {_SYMBOLS.get(currency, currency)}"


def day(moment: datetime | None) -> str:
    """The date in the operator's time zone, ISO-style so that it sorts as it reads."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d")


def moment(moment: datetime | None) -> str:
    """Date and minute in the operator's time zone."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def count(value: int) -> str:
    return f"{value:,}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 order``, ``1,000 orders``."""
    return f"{count(n)} {one if n == 1 else (many or one + 's')}"
