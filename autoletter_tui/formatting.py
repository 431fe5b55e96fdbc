"""How values read on screen, in the operator's locale (Babel, see ``i18n``): "1.234,56 €" in
German, "€1,234.56" in English.

Times are stored in UTC and shown in the operator's zone: ``TZ`` / the system zone, which tests
pin to UTC.
"""

from __future__ import annotations

import copy
import re
from datetime import datetime
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.numbers import NumberPattern, format_decimal, format_percent

from autoletter_tui.data.money import digits
from autoletter_tui.i18n import locale, ngettext


@cache
def _currency_pattern(loc: Locale, places: int) -> NumberPattern:
    """The locale's currency pattern with ``places`` decimals."""
    pattern: NumberPattern = copy.copy(loc.currency_formats["standard"])
    pattern.frac_prec = (places, places)
    return pattern


def money(value: Decimal, currency: str | None) -> str:
    """``€1,234.50`` / ``1.234,50 €``, ``KWD 12.345``, ``¥1,000``: with the currency's
    decimals as ISO 4217 defines them; two decimals without a currency.

    Babel's own currency digits are CLDR's cash digits (none for HUF, IDR, IQD), which would
    show a shop's 1990.50 HUF as 1991: the pattern gets ISO's instead."""
    loc = locale()
    if not currency:
        return format_decimal(value, format="#,##0.00", locale=loc)
    pattern = _currency_pattern(loc, digits(currency))
    text: str = pattern.apply(value, loc, currency=currency, currency_digits=False)
    return text


@cache
def _day_pattern(loc: Locale) -> str:
    """The locale's short date, with day and month of two digits and the year of four, so
    that dates line up in columns: 25/11/2026, 25.11.2026."""
    pattern = loc.date_formats["short"].pattern
    pattern = re.sub("y+", "%Y", pattern)
    pattern = re.sub("d+", "%d", pattern)
    return re.sub("M+", "%m", pattern)


def day(moment: datetime | None) -> str:
    """The date in the operator's time zone."""
    if moment is None:
        return ""
    return moment.astimezone().strftime(_day_pattern(locale()))


def moment(moment: datetime | None) -> str:
    """Date and minute in the operator's time zone (24 hours in every language of the desk)."""
    if moment is None:
        return ""
    return moment.astimezone().strftime(_day_pattern(locale()) + " %H:%M")


def count(value: int | float | Decimal) -> str:
    """A count, or any number such as a validation bound: ``1,234`` / ``1.234`` / ``0,5``."""
    return format_decimal(value, locale=locale())


def percent(value: float, *, decimals: int = 0, sign: bool = False) -> str:
    """``12%`` (``12 %`` in German); with ``sign``, ``+12%`` / ``-12%``."""
    pattern = locale().percent_formats[None].pattern  # "#,##0%", "#,##0 %", ...
    if decimals:
        pattern = pattern.replace("0", "0." + "0" * decimals, 1)
    text = format_percent(abs(value) if sign else value, format=pattern, locale=locale())
    return ("-" if value < 0 else "+") + text if sign else text


def plural(n: int, one: str, many: str) -> str:
    """The message for ``n`` in the current language, with ``{n}`` as a formatted number:
    ``plural(n, "{n} order", "{n} orders")``."""
    return ngettext(one, many, n).format(n=count(n))
