"""Column types that keep the domain's conventions on every engine.

- ``UTCDateTime``: times are timezone-aware UTC in Python on SQLite and PostgreSQL alike; a naive
  datetime is a bug and is refused at bind time instead of being stored ambiguously.
- ``Money``: amounts are ``Decimal`` in Python and integer minor units (cents) in the database.
  SQLite has no decimal type (SQLAlchemy would store floats and lose cents in sums); integers are
  exact on both engines and ``SUM()`` stays exact.
- ``FieldSetType``: a set of owned field names, stored as a bit mask (see ``fields.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from autoletter_tui.data.fields import FieldSet, mask_of, set_of

CENT = Decimal("0.01")


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


def to_cents(value: Decimal) -> int:
    """Exact conversion; amounts with fractions of a cent must be rounded by the source first."""
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{value} has fractions of a cent; round it where it enters the system")
    return int(cents)


class Money(TypeDecorator[Decimal]):
    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        return None if value is None else to_cents(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else (Decimal(int(value)) / 100).quantize(CENT)


class FieldSetType(TypeDecorator[FieldSet]):
    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: FieldSet | None, dialect: Dialect) -> int | None:
        return None if value is None else mask_of(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> FieldSet | None:
        return None if value is None else set_of(int(value))
