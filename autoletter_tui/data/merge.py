"""Which customer a record from a source belongs to, and what merging it changes.

Pure rules over plain values, so that every way records arrive (CSV import, API ingest, shop
syncs; record by record or in bulk batches) merges the same way. The callers look up the
candidates and store the outcome.

Matching, tried in this order (the first that finds a customer wins):
1. the email, trimmed and lower-cased;
2. the customer number;
3. the full address: first name, last name, street and house number, postcode and city, all
   equal after folding (case, accents, ß/ss, spacing and punctuation do not matter);
4. the internal id (a record that names one, such as an API update).

Merging: empty fields are filled from the record; a filled field keeps its value (sources own
what they supplied; shop syncs overwrite instead, see ``overwritten``). The name is the
exception: it comes from the first record that has both a first and a last name,
so a first-name-only record never overwrites a full name, and a full name replaces a partial
one. Two more rules keep a merge from making things up:
- a field that a source supplied and an operator cleared since stays empty ("cleared fields
  stay empty"), so re-importing a file does not undo the operator;
- an address is filled as a whole when the customer has none of that kind, and field by field
  only when it is the same place (same street and house number, and city or postcode): a
  postcode from one address never completes a street from another.
Applying the same record twice changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum

from autoletter_tui.data.search import fold

_NOT_WORD = re.compile(r"[\W_]+")


class MatchedBy(StrEnum):
    EMAIL = "email"
    NUMBER = "number"
    ADDRESS = "address"
    ID = "id"


def email_key(email: str) -> str:
    return email.strip().lower()


def stored_email_key(email: str, kept_apart: int | None = None) -> str | None:
    """The customer's ``email_key`` column: the merge key, None without an email. An entry
    kept apart (``kept_apart`` is its id) stores the key and its id: unique like every key,
    never equal to a merge key (an address has no space), and sorted with its email."""
    key = email_key(email)
    if not key:
        return None
    return key if kept_apart is None else f"{key} #{kept_apart}"


def _folded(value: str) -> str:
    return _NOT_WORD.sub("", fold(value))


def address_key(
    first_name: str, last_name: str, *, street: str, house_number: str, postcode: str, city: str
) -> str:
    """The full-address match key; empty when any part is missing (a partial address would
    merge different people who share a house)."""
    parts = [first_name, last_name, f"{street}{house_number}", postcode, city]
    folded = [_folded(p) for p in parts]
    if not all(folded) or not _folded(house_number):
        return ""
    return "|".join(folded)


@dataclass(frozen=True, slots=True)
class Keys:
    email: str = ""
    number: str = ""
    address: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Match:
    customer_id: int
    by: MatchedBy


def match(
    keys: Keys,
    *,
    by_email: Mapping[str, int],
    by_number: Mapping[str, int],
    by_address: Mapping[str, int],
    ids: AbstractSet[int] = frozenset(),
) -> Match | None:
    """The customer these keys belong to, looked up in the candidates found for a batch."""
    if keys.email and keys.email in by_email:
        return Match(by_email[keys.email], MatchedBy.EMAIL)
    if keys.number and keys.number in by_number:
        return Match(by_number[keys.number], MatchedBy.NUMBER)
    if keys.address and keys.address in by_address:
        return Match(by_address[keys.address], MatchedBy.ADDRESS)
    if keys.id is not None and keys.id in ids:
        return Match(keys.id, MatchedBy.ID)
    return None


def merged(
    stored: Mapping[str, str],
    supplied: Mapping[str, str],
    *,
    cleared: AbstractSet[str] = frozenset(),
) -> dict[str, str]:
    """The fields that change when ``supplied`` merges into ``stored`` (field -> new value).

    Both map owned-field names (``first_name``, ``letter.city``, ...) to values; a field
    missing from ``stored`` is empty. ``cleared``: fields an operator emptied (a source owns
    them, and they are empty), which stay so."""
    changes: dict[str, str] = {}
    stored_full = bool(stored.get("first_name") and stored.get("last_name"))
    supplied_full = bool(supplied.get("first_name") and supplied.get("last_name"))
    places: dict[str, bool] = {}  # address prefix -> may be filled
    for name, value in supplied.items():
        if not value or stored.get(name, "") == value or name in cleared:
            continue
        prefix, dot, _ = name.rpartition(".")
        if dot:
            if prefix not in places:
                places[prefix] = _fillable(stored, supplied, f"{prefix}.")
            if places[prefix] and not stored.get(name):
                changes[name] = value
        elif name in ("first_name", "last_name"):
            if stored_full:
                continue  # the first full name stays
            if supplied_full or not stored.get(name):
                changes[name] = value
        elif not stored.get(name):
            changes[name] = value
    return changes


def overwritten(
    stored: Mapping[str, str],
    supplied: Mapping[str, str],
    *,
    replaced: AbstractSet[str] = frozenset(),
) -> dict[str, str]:
    """The fields that change when a shop, which owns what it supplies, sends ``supplied``:
    every supplied value that differs. The name rule holds here too: a first-name-only record
    never overwrites a full name. ``replaced``: fields the shop owned and now sends empty
    within an address it sends whole (a removed second address line); they are cleared."""
    changes = {n: v for n, v in supplied.items() if v and stored.get(n, "") != v}
    if (
        stored.get("first_name") and stored.get("last_name")
        and not (supplied.get("first_name") and supplied.get("last_name"))
    ):  # fmt: skip
        changes.pop("first_name", None)
        changes.pop("last_name", None)
    changes.update({n: "" for n in replaced if stored.get(n) and not supplied.get(n)})
    return changes


_PLACE = ("street", "house_number", "postcode", "city")


def _fillable(stored: Mapping[str, str], supplied: Mapping[str, str], prefix: str) -> bool:
    """Whether the supplied address may fill the stored one's empty fields: there is none
    yet, or it is the same place."""
    mine = {n: stored.get(prefix + n, "") for n in _PLACE}
    if not any(mine.values()):
        return True
    theirs = {n: supplied.get(prefix + n, "") for n in _PLACE}
    same_street = _folded(mine["street"] + mine["house_number"]) == _folded(
        theirs["street"] + theirs["house_number"]
    )
    same_town = any(
        mine[n] and _folded(mine[n]) == _folded(theirs[n]) for n in ("postcode", "city")
    )
    return bool(mine["street"]) and same_street and same_town
