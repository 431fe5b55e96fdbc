"""The fields whose ownership is tracked, and their compact storage form.

Every contact field and every field of each address has one owning source per customer: the
source that supplied it. Whether an operator may edit a field follows from the kind of its owner
(shop-synced fields are locked). Ownership is stored on ``customer_source.fields`` as a bit mask
over ``OWNED_FIELDS`` rather than as a row per field: a row per field would be ~35 rows per
customer (35 million at the benchmark size) for data that is only ever read per customer.

``OWNED_FIELDS`` is append-only: a field's position is its bit in stored data.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Final, TypeAlias

FieldSet: TypeAlias = frozenset[str]


class AddressKind(StrEnum):
    DELIVERY = "delivery"
    BILLING = "billing"
    LETTER = "letter"


CONTACT_FIELDS: Final = ("first_name", "last_name", "email", "company", "phone", "birthday")
ADDRESS_FIELDS: Final = (
    "name",
    "company",
    "street",
    "house_number",
    "line2",
    "postcode",
    "city",
    "region",
    "country",
)

OWNED_FIELDS: Final[tuple[str, ...]] = CONTACT_FIELDS + tuple(
    f"{kind.value}.{name}" for kind in AddressKind for name in ADDRESS_FIELDS
)
_BIT: Final = {name: 1 << i for i, name in enumerate(OWNED_FIELDS)}


_ADDRESS_FIELDS: Final = {
    kind: frozenset(f"{kind.value}.{name}" for name in ADDRESS_FIELDS) for kind in AddressKind
}


def address_fields(kind: AddressKind) -> FieldSet:
    """The owned-field names of one address, e.g. ``letter.street``."""
    return _ADDRESS_FIELDS[kind]


@lru_cache(maxsize=1024)  # customers share a handful of distinct field sets
def mask_of(fields: FieldSet) -> int:
    if not fields:
        return 0
    try:
        return sum(_BIT[name] for name in fields)
    except KeyError as exc:
        raise ValueError(f"unknown owned field {exc.args[0]!r}") from None


def set_of(mask: int) -> FieldSet:
    return frozenset(name for name, bit in _BIT.items() if mask & bit)
