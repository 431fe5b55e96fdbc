"""Column types that keep the domain's conventions on every engine.

- ``UTCDateTime``: times are timezone-aware UTC in Python on SQLite and PostgreSQL alike; a naive
  datetime is a bug and is refused at bind time instead of being stored ambiguously.
- ``Money``: amounts are ``Decimal`` in Python and integer ten-thousandths in the database
  (``money.STORED_DIGITS``): four decimals are the most any ISO 4217 currency has (CLF), so KWD
  12.345, JPY 1000 and EUR 0.01 are all stored exactly, whatever the currency, in one column.
  SQLite has no decimal type (SQLAlchemy would store floats and lose cents in sums); integers are
  exact on both engines and ``SUM()`` stays exact. Amounts read back with as many decimals as
  they have but at least two, so that euro amounts read ``12.30`` as they always did.
- ``FieldSetType``: a set of owned field names, stored as a bit mask (see ``fields.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from autoletter_tui.data.fields import FieldSet, mask_of, set_of
from autoletter_tui.data.money import STORED_DIGITS

# Scaling by a power of ten in this context is exact: in the default one (28 digits) a value
# with more digits would be rounded silently before the check for leftover decimals.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
_STORED_MAX = 2**63 - 1  # BIGINT on both engines
_READ_DIGITS = 2  # decimals an amount reads back with at least: 12.30 as before, not 12.3


class UTCDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: times are stored timezone-aware")
        value = value.astimezone(UTC)
        # SQLite stores text; keep one canonical UTC form so that text order is time order.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def to_stored(value: Decimal) -> int:
    """The stored integer of an amount (ten-thousandths), exactly. A value the column cannot
    hold is refused: sources check amounts against their currency before they store them
    (``money.amount_problem``), so reaching this is a bug, never a rounding."""
    if not value.is_finite():
        raise ValueError(f"{value} is not an amount")
    # adjusted(): the power of ten of the first digit. Refusing the far too large here spares
    # int() building a number of a million digits for 1E+999999 (a minute).
    if value.adjusted() > 18:
        raise ValueError(f"{value} is beyond what an amount column holds")
    scaled = value.scaleb(STORED_DIGITS, _EXACT)
    stored = int(scaled)
    if stored != scaled:
        raise ValueError(
            f"{value} has more than {STORED_DIGITS} decimals; amounts are stored to "
            f"{STORED_DIGITS} decimals (check them against their currency where they enter)"
        )
    if not -_STORED_MAX <= stored <= _STORED_MAX:
        raise ValueError(f"{value} is beyond what an amount column holds")
    return stored


def from_stored(stored: int) -> Decimal:
    """The amount of a stored integer, with its decimals but at least two: 12.30, 12.345,
    1.2345, 1000.00."""
    places = STORED_DIGITS
    while places > _READ_DIGITS and stored % 10 == 0:  # trailing zeros beyond the second
        stored //= 10
        places -= 1
    return Decimal(stored).scaleb(-places)


class Money(TypeDecorator[Decimal]):
    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        return None if value is None else to_stored(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        # int(): PostgreSQL's SUM() of a BIGINT is a NUMERIC (read as Decimal), SQLite's an int.
        return None if value is None else from_stored(int(value))


class FieldSetType(TypeDecorator[FieldSet]):
    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: FieldSet | None, dialect: Dialect) -> int | None:
        return None if value is None else mask_of(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> FieldSet | None:
        return None if value is None else set_of(int(value))
