"""Money as ISO 4217 defines it: which currency codes exist and how many decimals each has.

KWD, BHD, JOD, OMR, TND, IQD and LYD have three decimals, JPY, KRW and a dozen more none,
CLF and UYW four, most currencies two. The table is ISO's own (the ``iso4217`` package carries
the maintenance agency's list), not CLDR's: CLDR, and so Babel, gives HUF, IDR or IQD the
digits people pay cash with (none), and a shop's 1990.50 HUF would not be a valid amount.

Amounts are stored as integer ten-thousandths (``column_types.Money``), the finest minor
unit of any currency, so every amount a currency allows is stored exactly whatever its
currency, and ``SUM()`` stays exact.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from iso4217 import Currency

from autoletter_tui.i18n import _

STORED_DIGITS = 4  # decimals the database keeps: the most any ISO 4217 currency has
# The largest amount (of an order, a line, a cart) taken as real: far above any order, and
# far enough below what the integer column holds (9.2e14 at four decimals) that a customer's
# lifetime value of thousands of such orders still fits.
MAX_AMOUNT = Decimal(10) ** 11
DEFAULT_DIGITS = 2  # for a code that is not ISO 4217 (stored before codes were checked)


@cache
def _currency(code: str) -> Currency | None:
    try:
        currency = Currency(code)
    except ValueError:
        return None
    # Gold, SDRs, the test and "no currency" codes have no minor unit: not what orders are in.
    return currency if currency.exponent is not None else None


def is_currency(code: str) -> bool:
    """Whether ``code`` is an active ISO 4217 currency (upper case, as shops send it)."""
    return _currency(code) is not None


def digits(code: str | None) -> int:
    """The currency's decimals as ISO 4217 defines them (2 for an unknown code)."""
    currency = _currency(code or "")
    if currency is None or currency.exponent is None:
        return DEFAULT_DIGITS
    return int(currency.exponent)


@cache
def quantum(code: str | None) -> Decimal:
    """The currency's smallest unit: ``0.01`` for EUR, ``0.001`` for KWD, ``1`` for JPY."""
    return Decimal(1).scaleb(-digits(code))


def rounded(value: Decimal, code: str | None) -> Decimal:
    """``value`` rounded to the currency's digits (half to even, as Decimal rounds): for
    figures computed from amounts, such as an average."""
    return value.quantize(quantum(code))


def currency_problem(code: str) -> str | None:
    """Why ``code`` is no currency, in the operator's language; None when it is one."""
    if is_currency(code):
        return None
    return _("{code} is not an ISO 4217 currency code").format(code=repr(code))


def amount_problem(value: Decimal, code: str, *, signed: bool = False) -> str | None:
    """Why ``value`` is no amount in currency ``code``, in the operator's language; None when
    it is one. ``signed``: a negative amount is allowed (a credit or return line)."""
    if (problem := currency_problem(code)) is not None:
        return problem
    if not value.is_finite():
        return _("{value} is not an amount").format(value=value)
    if not signed and value < 0:
        return _("{value} {code} is negative").format(value=value, code=code)
    if abs(value) >= MAX_AMOUNT:
        return _("{value} {code} is beyond any real amount").format(value=value, code=code)
    places = digits(code)
    if value != round(value, places):
        return _("{value} {code} has more decimals than the currency's {places}").format(
            value=value, code=code, places=places
        )
    return None
