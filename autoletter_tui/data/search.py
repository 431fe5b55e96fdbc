"""Text folding for search and sorting, shared by both engines.

The search index holds text we fold ourselves (lower case, accents removed, split into word
tokens), so SQLite's FTS5 and PostgreSQL's ``simple`` text search see the same tokens and an
operator's query finds the same customers on both: "muller" finds "Müller", "gmail" finds
"anna@gmail.com". Query strings go through the same tokenizer, so quotes, ``*``, ``OR`` or
``NEAR(`` in a search are plain text and never query syntax.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

SQLITE_FTS_TABLE = "customer_search"
POSTGRES_SEARCH_VECTOR = "search_vector"  # a stored generated tsvector column (migration 0002)


def is_search_index(name: str | None) -> bool:
    """Engine-specific search objects that migrations create outside the models (the FTS5
    table and its shadow tables; PostgreSQL's tsvector column and its index); schema
    comparison skips them."""
    return bool(name) and (
        str(name).startswith((SQLITE_FTS_TABLE, "ix_customer_search"))
        or name == POSTGRES_SEARCH_VECTOR
    )


# Letters and digits; "_" separates words as it does for FTS5's unicode61 tokenizer.
_WORD = re.compile(r"[^\W_]+")
# Letters that NFKD does not decompose into base letter + accent.
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th"})


def fold(value: str) -> str:
    """Lower case without accents: the form used for search and for name sorting."""
    if value.isascii():
        return value.lower()
    decomposed = unicodedata.normalize("NFKD", value.casefold().translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=16384)  # names, cities and labels repeat across customers
def tokens(value: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(value)))


def search_text(parts: Iterable[str]) -> str:
    """The indexed text of a customer: unique tokens of all searchable fields, in order."""
    seen: dict[str, None] = {}
    for part in parts:
        for token in tokens(part):
            seen.setdefault(token, None)
    return " ".join(seen)


def sort_name(first_name: str, last_name: str, email: str) -> str:
    """Name sort key: last name, then first name; the email when there is no name."""
    name = f"{last_name} {first_name}".strip()
    return fold(name or email)[:320]
