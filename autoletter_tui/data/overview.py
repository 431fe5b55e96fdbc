"""Read side of the customer overview: sorted, searched, filtered pages by keyset.

Every sort key has a canonical order that one index serves in a single scan; the reversed sort
is exactly the reversed list (the same index scanned backwards). Ties go by name, then id, in
the direction of the sort. Rows without a value for the key (no order, no email, no company,
no address) form a section of their own, ordered by name, after the others in the canonical
direction: customers without orders come last in the default order. Each section is paged
with the index-friendly keyset form ``c1 <= v AND (c1 < v OR (rest) > (...))``; nothing
pages with OFFSET deep into a list.

Random access (a scrollbar dragged to the middle) uses anchors: every ``ANCHOR_EVERY``-th
row's key, computed once per query in the database (``anchors``), from which a page is at most
that many rows away.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from autoletter_tui.data.models import Customer, CustomerSource, RegistrationStatus, SourceKind
from autoletter_tui.data.names import display_name
from autoletter_tui.data.search import POSTGRES_SEARCH_VECTOR, SQLITE_FTS_TABLE, tokens

ANCHOR_EVERY = 256


class SortKey(StrEnum):
    LAST_ORDER = "last_order"
    NAME = "name"
    EMAIL = "email"
    COMPANY = "company"
    LOCATION = "location"
    STATUS = "status"
    ORDERS = "orders"
    VALUE = "value"


@dataclass(frozen=True, slots=True)
class _SortSpec:
    primary: tuple[InstrumentedAttribute[Any], ...]
    descending: bool  # canonical direction
    # How the first primary column says "no value": NULL (no order, no email) or "" (no
    # company, no address). Such rows form a section of their own, after the others.
    absent: Literal["null", "empty"] | None = None

    def present(self) -> ColumnElement[bool]:
        key = self.primary[0]
        # "> ''" rather than "!= ''": a range the sort index serves, not a filter per row.
        return key.is_not(None) if self.absent == "null" else key > ""

    def missing(self) -> ColumnElement[bool]:
        key = self.primary[0]
        return key.is_(None) if self.absent == "null" else key == ""

    def is_missing(self, value: Any) -> bool:
        return value is None if self.absent == "null" else value == ""


_SORTS: dict[SortKey, _SortSpec] = {
    SortKey.LAST_ORDER: _SortSpec((Customer.last_order_at,), descending=True, absent="null"),
    SortKey.NAME: _SortSpec((), descending=False),
    SortKey.EMAIL: _SortSpec((Customer.email_key,), descending=False, absent="null"),
    SortKey.COMPANY: _SortSpec((Customer.company,), descending=False, absent="empty"),
    SortKey.LOCATION: _SortSpec(
        (Customer.country, Customer.city), descending=False, absent="empty"
    ),
    SortKey.STATUS: _SortSpec((Customer.status,), descending=False),
    SortKey.ORDERS: _SortSpec((Customer.order_count,), descending=True),
    SortKey.VALUE: _SortSpec((Customer.lifetime_value,), descending=True),
}
_TIEBREAK: tuple[InstrumentedAttribute[Any], ...] = (Customer.sort_name, Customer.id)


def default_descending(key: SortKey) -> bool:
    """The direction a column sorts in when it is first chosen."""
    return _SORTS[key].descending


@dataclass(frozen=True, slots=True)
class Contacted:
    """Last contacted by letter: never, more than ``days`` ago, or within ``days``."""

    kind: Literal["never", "older", "within"]
    days: int = 30


@dataclass(frozen=True, slots=True)
class CustomerFilter:
    sources: frozenset[SourceKind] = frozenset()
    status: RegistrationStatus | None = None
    test_orders: bool = False
    letter_incomplete: bool = False
    qr_scanned: bool = False
    contacted: Contacted | None = None

    @property
    def active(self) -> bool:
        return self != CustomerFilter()


@dataclass(frozen=True, slots=True)
class ListQuery:
    sort: SortKey = SortKey.LAST_ORDER
    descending: bool = True
    search: str = ""
    filter: CustomerFilter = field(default_factory=CustomerFilter)

    @property
    def reversed(self) -> bool:
        """Whether this is the canonical order of the sort key scanned backwards."""
        return self.descending != _SORTS[self.sort].descending


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a row stands in a query's order: its section and its ordering values."""

    section: int  # 0: the sort key has a value, 1: it has none (NULL or "")
    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class ListRow:
    id: int
    number: str
    first_name: str
    last_name: str
    email: str
    company: str
    city: str
    country: str
    status: RegistrationStatus
    order_count: int
    lifetime_value: Decimal
    currency: str | None
    last_order_at: datetime | None
    has_test_orders: bool
    qr_scanned: bool
    sources: tuple[tuple[SourceKind, str], ...]
    cursor: Cursor

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name, self.email)


# -- building blocks ------------------------------------------------------------------------


def _section_columns(spec: _SortSpec, section: int) -> tuple[InstrumentedAttribute[Any], ...]:
    if section == 1:
        return _TIEBREAK
    return spec.primary + _TIEBREAK


def _section_descending(query: ListQuery, section: int) -> bool:
    canonical = _SORTS[query.sort].descending if section == 0 else False
    return canonical != query.reversed


def _sections(query: ListQuery) -> list[int]:
    spec = _SORTS[query.sort]
    order = [0, 1] if spec.absent else [0]
    return order[::-1] if query.reversed else order


def _after(
    columns: Sequence[InstrumentedAttribute[Any]], values: Sequence[Any], descending: bool
) -> ColumnElement[bool]:
    """Rows strictly after ``values`` in this order, in the form indexes serve."""
    first, rest = columns[0], columns[1:]
    v, rest_v = values[0], values[1:]
    if not rest:
        return cast("ColumnElement[bool]", first < v if descending else first > v)
    later = tuple_(*rest) < tuple_(*rest_v) if descending else tuple_(*rest) > tuple_(*rest_v)
    if descending:
        return and_(first <= v, or_(first < v, later))
    return and_(first >= v, or_(first > v, later))


# Up to this many matches a page is read from the FTS matches and sorted; beyond it, along the
# sort index, testing each row's search text, which stops as soon as the page is full: "sch"
# (92k matches of 1M) takes 12 ms that way and 110 ms the other, "s" (776k) 10 ms against 180.
NARROW_SEARCH = 5000


def _fts_match(words: Sequence[str]) -> str:
    return " ".join(f'"{w}"*' for w in words)


def _fts_count(session: Session, match: str, at_most: int | None = None) -> int:
    """Matches of an FTS query; with ``at_most``, counting stops there (cheap at any size)."""
    inner = f"SELECT rowid FROM {SQLITE_FTS_TABLE} WHERE {SQLITE_FTS_TABLE} MATCH :m"
    if at_most is not None:
        inner += f" LIMIT {int(at_most)}"
    hits: int = session.execute(text(f"SELECT count(*) FROM ({inner})"), {"m": match}).scalar_one()
    return hits


def _word_prefix(word: str) -> ColumnElement[bool]:
    """Some word of the search text starts with ``word``: what the FTS prefix query finds."""
    pattern = "% " + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return (literal(" ") + Customer.search_text).like(pattern, escape="\\")


def _narrow_matches(session: Session, words: Sequence[str]) -> ColumnElement[bool] | None:
    """The customers matching ``words`` when they are few (a page is then read from them and
    sorted); None when they are many (a page is then read along the sort index, testing each
    row's text)."""
    if _dialect(session) == "sqlite":
        match = _fts_match(words)
        if _many(session, match, lambda: _fts_count(session, match, at_most=NARROW_SEARCH + 1)):
            return None
        ids = text(
            f"SELECT rowid FROM {SQLITE_FTS_TABLE} WHERE {SQLITE_FTS_TABLE} MATCH :match"
        ).bindparams(match=match)
        return Customer.id.in_(ids.columns(literal_column("rowid")))
    tsquery = " & ".join(f"{w}:*" for w in words)
    matching = literal_column(f"customer.{POSTGRES_SEARCH_VECTOR}").bool_op("@@")(
        func.to_tsquery(literal_column("'simple'"), tsquery)
    )

    def counted() -> int:
        # The planner's estimate (1 ms) is good for words; when it says "few" a capped count
        # (about 7 ms) confirms, as it can be far off for number prefixes ("k1": 367 against
        # 200,000).
        if (estimate := _pg_matches_estimated(session, tsquery)) > 4 * NARROW_SEARCH:
            return estimate
        capped = select(literal(1)).select_from(Customer).where(matching)
        limited = capped.limit(NARROW_SEARCH + 1).subquery()
        return session.execute(select(func.count()).select_from(limited)).scalar_one()

    if _many(session, tsquery, counted):
        return matching  # along the sort index, the stored vector tested per row
    # Few: read once through the GIN index (MATERIALIZED) and sorted. Left to itself the
    # planner walks the sort index testing every row: "schmidt" (4,006 of 1M) took 90 ms in
    # the default order and 2 s sorted by name, 17 ms both this way.
    matches = select(Customer.id).where(matching).cte("search_matches").prefix_with("MATERIALIZED")
    return Customer.id.in_(select(matches.c.id))


_DECIDED: dict[tuple[str, str, int], tuple[float, bool]] = {}
DECISION_KEPT = 60.0  # seconds


def _many(session: Session, key: str, count: Callable[[], int]) -> bool:
    """Whether more than NARROW_SEARCH customers match. A list reads its first page, count
    and anchors with the same search at once: it is decided once a minute per database and
    search. Only the plan depends on it, never the rows, so an answer a little old is safe."""
    now = time.monotonic()
    slot = (str(session.get_bind().engine.url), key, NARROW_SEARCH)
    decided = _DECIDED.get(slot)
    if decided is not None and now - decided[0] < DECISION_KEPT:
        return decided[1]
    many = count() > NARROW_SEARCH
    if len(_DECIDED) > 1000:
        _DECIDED.clear()
    _DECIDED[slot] = (now, many)
    return many


def _pg_matches_estimated(session: Session, tsquery: str) -> int:
    """PostgreSQL's estimate of how many customers match (from the planner's statistics)."""
    plan = session.execute(
        text(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM customer "
            f"WHERE {POSTGRES_SEARCH_VECTOR} @@ to_tsquery('simple', :q)"
        ),
        {"q": tsquery},
    ).scalar_one()
    return int(plan[0]["Plan"]["Plan Rows"])


def _search_condition(session: Session, text_query: str) -> ColumnElement[bool] | None:
    words = tokens(text_query)
    if not words:
        return None
    # One-letter prefixes match most customers and are slow for the text indexes (SQLite has
    # no one-letter prefix index): they are always tested row by row; longer words decide.
    longer = [w for w in words if len(w) > 1]
    narrow = _narrow_matches(session, longer) if longer else None
    if narrow is not None:
        return and_(narrow, *(_word_prefix(w) for w in words if len(w) == 1))
    return and_(*(_word_prefix(w) for w in words))


def _filter_conditions(
    session: Session, query: ListQuery, now: datetime, *, counting: bool = False
) -> list[ColumnElement[bool]]:
    f = query.filter
    conditions: list[ColumnElement[bool]] = []
    if f.sources:
        if counting:  # the planner reads the source index once: 150 ms instead of 1 s at 1M
            with_source = select(CustomerSource.customer_id).where(
                CustomerSource.kind.in_(f.sources)
            )
            conditions.append(Customer.id.in_(with_source))
        else:  # probed row by row along the sort index, so the first page comes at once
            conditions.append(
                exists().where(
                    CustomerSource.customer_id == Customer.id, CustomerSource.kind.in_(f.sources)
                )
            )
    if f.status is not None:
        conditions.append(Customer.status == f.status)
    if f.test_orders:
        conditions.append(Customer.has_test_orders.is_(True))
    if f.letter_incomplete:
        conditions.append(Customer.letter_address_complete.is_(False))
    if f.qr_scanned:
        conditions.append(Customer.last_scan_at.is_not(None))
    if f.contacted is not None:
        since = now - timedelta(days=f.contacted.days)
        if f.contacted.kind == "never":
            conditions.append(Customer.last_letter_at.is_(None))
        elif f.contacted.kind == "older":
            conditions.append(Customer.last_letter_at < since)
        else:
            conditions.append(Customer.last_letter_at >= since)
    search = _search_condition(session, query.search)
    if search is not None:
        conditions.append(search)
    return conditions


def _dialect(session: Session) -> str:
    bind = session.get_bind()
    return bind.dialect.name


_ROW_COLUMNS = (
    Customer.id, Customer.number, Customer.first_name, Customer.last_name, Customer.email,
    Customer.company, Customer.city, Customer.country, Customer.status, Customer.order_count,
    Customer.lifetime_value, Customer.currency, Customer.last_order_at, Customer.has_test_orders,
    Customer.last_scan_at,
)  # fmt: skip
_ROW_KEYS = {c.key for c in _ROW_COLUMNS}
_LIST_FIELDS = tuple(k for k in _ROW_KEYS if k != "last_scan_at")


def _section_conditions(
    session: Session, query: ListQuery, section: int, now: datetime
) -> list[ColumnElement[bool]]:
    conditions = _filter_conditions(session, query, now)
    spec = _SORTS[query.sort]
    if spec.absent:
        conditions.append(spec.missing() if section == 1 else spec.present())
    return conditions


def _section_select(
    session: Session,
    query: ListQuery,
    section: int,
    now: datetime,
    *,
    after: Cursor | None,
    backwards: bool,
) -> Select[*tuple[Any, ...]]:
    columns = _section_columns(_SORTS[query.sort], section)
    descending = _section_descending(query, section) != backwards
    extra = [c for c in columns if c.key not in _ROW_KEYS]
    stmt = select(*_ROW_COLUMNS, *extra).where(*_section_conditions(session, query, section, now))
    if after is not None and after.section == section:
        stmt = stmt.where(_after(columns, after.values, descending))
    return stmt.order_by(*(c.desc() if descending else c.asc() for c in columns))


def _rows(
    session: Session, query: ListQuery, stmt: Select[*tuple[Any, ...]], section: int
) -> list[ListRow]:
    spec = _SORTS[query.sort]
    columns = _section_columns(spec, section)
    result = session.execute(stmt).all()
    ids = [r.id for r in result]
    sources: dict[int, list[tuple[SourceKind, str]]] = defaultdict(list)
    if ids:
        for customer_id, kind, label in session.execute(
            select(CustomerSource.customer_id, CustomerSource.kind, CustomerSource.label)
            .where(CustomerSource.customer_id.in_(ids))
            .order_by(CustomerSource.id)
        ):
            sources[customer_id].append((kind, label))
    rows = []
    for r in result:
        fields = {name: getattr(r, name) for name in _LIST_FIELDS}
        rows.append(
            ListRow(
                **fields,
                qr_scanned=r.last_scan_at is not None,
                sources=tuple(sources[r.id]),
                cursor=Cursor(section, tuple(getattr(r, c.key) for c in columns)),
            )
        )
    return rows


# -- the API ----------------------------------------------------------------------------------


def page(
    session: Session,
    query: ListQuery,
    now: datetime,
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    from_end: bool = False,
    limit: int = 100,
    skip: int = 0,
) -> list[ListRow]:
    """Up to ``limit`` rows in the query's order: from the start, after a cursor, just before a
    cursor or at the end of the list (the last two read backwards, returned in list order).
    ``skip`` passes over that many rows first; callers keep it below ``ANCHOR_EVERY``."""
    backwards = before is not None or from_end
    cursor = before if before is not None else after
    sections = _sections(query)
    if backwards:
        sections = sections[::-1]
    if cursor is not None:
        sections = sections[sections.index(cursor.section) :]
    wanted = limit + skip
    rows: list[ListRow] = []
    for section in sections:
        stmt = _section_select(session, query, section, now, after=cursor, backwards=backwards)
        rows += _rows(session, query, stmt.limit(wanted - len(rows)), section)
        if len(rows) >= wanted:
            break
    rows = rows[skip:]
    return rows[::-1] if backwards else rows


def matching_ids(session: Session, query: ListQuery, now: datetime) -> Select[int]:
    """The ids of the customers the query's search and filters select (its order aside): a
    campaign's segment."""
    conditions = _filter_conditions(session, query, now, counting=True)
    return select(Customer.id).where(*conditions)


def count(session: Session, query: ListQuery, now: datetime) -> int:
    words = tokens(query.search)
    if words and not query.filter.active and _dialect(session) == "sqlite":
        return _fts_count(session, _fts_match(words))  # the index counts its own matches
    conditions = _filter_conditions(session, query, now, counting=True)
    return session.execute(
        select(func.count()).select_from(Customer).where(*conditions)
    ).scalar_one()


def anchors(
    session: Session, query: ListQuery, now: datetime, every: int = ANCHOR_EVERY
) -> list[Cursor]:
    """The cursor of row ``every * k - 1`` for k = 1, 2, ...: the row just before position
    ``every * k``, so that ``page(after=anchors[k-1])`` starts exactly there."""
    cursors: list[Cursor] = []
    offset = 0  # rows in the sections before this one
    for section in _sections(query):
        columns = _section_columns(_SORTS[query.sort], section)
        descending = _section_descending(query, section)
        conditions = _section_conditions(session, query, section, now)
        order = [c.desc() if descending else c.asc() for c in columns]
        numbered = (
            select(*columns, func.row_number().over(order_by=order).label("n"))
            .where(*conditions)
            .subquery()
        )
        # Row n (1-based, within the section) stands at list position offset + n - 1.
        keys = [numbered.c[c.key] for c in columns]
        for row in session.execute(
            select(*keys).where((numbered.c.n + offset) % every == 0).order_by(numbered.c.n)
        ):
            cursors.append(Cursor(section, tuple(row)))
        offset += session.execute(
            select(func.count()).select_from(Customer).where(*conditions)
        ).scalar_one()
    return cursors


def position_of(session: Session, query: ListQuery, now: datetime, cursor: Cursor) -> int:
    """How many rows of the list come before the row at ``cursor`` (its 0-based position)."""
    before = 0
    for section in _sections(query):
        conditions = _section_conditions(session, query, section, now)
        if section == cursor.section:
            columns = _section_columns(_SORTS[query.sort], section)
            descending = _section_descending(query, section)
            conditions.append(_after(columns, cursor.values, not descending))
        stmt = select(func.count()).select_from(Customer).where(*conditions)
        before += session.execute(stmt).scalar_one()
        if section == cursor.section:
            return before
    return before


def cursor_of(session: Session, query: ListQuery, customer_id: int) -> Cursor | None:
    """The cursor of one customer in this query's order (None if there is no such customer)."""
    spec = _SORTS[query.sort]
    row = session.execute(
        select(*spec.primary, *_TIEBREAK).where(Customer.id == customer_id)
    ).first()
    if row is None:
        return None
    if spec.absent and spec.is_missing(row[0]):
        return Cursor(1, tuple(row[len(spec.primary) :]))
    return Cursor(0, tuple(row))


@dataclass(frozen=True, slots=True)
class Fetch:
    """How to read the rows at positions ``start ..``: the arguments for ``page``."""

    start: int
    limit: int
    after: Cursor | None = None
    before: Cursor | None = None
    from_end: bool = False
    skip: int = 0


def plan_fetch(
    start: int,
    limit: int,
    total: int,
    *,
    cursor_at: dict[int, Cursor],
    anchors: Sequence[Cursor] | None,
    every: int = ANCHOR_EVERY,
) -> Fetch | None:
    """The cheapest way to read positions ``start .. start + limit - 1`` of a list of
    ``total`` rows, given the cursors of rows already loaded and the anchors (if computed).
    None when it needs anchors that are not there yet."""
    start = max(0, min(start, total - 1))
    limit = max(0, min(limit, total - start))
    end = start + limit
    if start == 0:
        return Fetch(0, limit)
    if (previous := cursor_at.get(start - 1)) is not None:
        return Fetch(start, limit, after=previous)
    if (following := cursor_at.get(end)) is not None:
        return Fetch(start, limit, before=following)
    if end >= total:
        return Fetch(start, limit, from_end=True)
    if start < every:
        return Fetch(start, limit, skip=start)
    if anchors is None:
        return None
    k = min(start // every, len(anchors))
    if k == 0:  # no anchors although the count promised rows (deleted meanwhile): be right
        return Fetch(start, limit, skip=start)
    return Fetch(start, limit, after=anchors[k - 1], skip=start - k * every)


def run_fetch(session: Session, query: ListQuery, now: datetime, fetch: Fetch) -> list[ListRow]:
    return page(
        session,
        query,
        now,
        after=fetch.after,
        before=fetch.before,
        from_end=fetch.from_end,
        limit=fetch.limit,
        skip=fetch.skip,
    )
