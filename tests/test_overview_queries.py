"""Overview pages on both engines: every sort key both ways, keyset walks forwards and
backwards, anchors, search and every filter, checked against plain queries and Python."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import URL, select
from sqlalchemy.orm import Session

from autoletter_tui.data import overview as ov
from autoletter_tui.data.db import Database, open_database
from autoletter_tui.data.demo import DemoSpec, build_demo
from autoletter_tui.data.models import Customer, CustomerSource, RegistrationStatus, SourceKind
from tests.conftest import AS_OF

NOW = AS_OF
CUSTOMERS = 700


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """One demo database per engine for the whole module (the tests only read)."""
    if request.param == "sqlite":
        url: URL | str = str(tmp_path_factory.mktemp("overview") / "demo.db")
        build_demo(URL.create("sqlite", database=str(url)), DemoSpec(CUSTOMERS, 11, AS_OF))
        db = open_database(url)
        yield db
        db.close()
        return
    from tests.conftest import _pg_admin_url, _pg_execute

    admin = _pg_admin_url()
    name = f"autoletter_overview_{tmp_path_factory.getbasetemp().name[-8:]}".replace("-", "_")
    _pg_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_execute(admin, f'CREATE DATABASE "{name}"')
    pg = admin.set(database=name)
    try:
        build_demo(pg, DemoSpec(CUSTOMERS, 11, AS_OF))
        db = open_database(pg)
        yield db
        db.close()
    finally:
        _pg_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def walk(session: Session, query: ov.ListQuery, size: int = 37) -> list[ov.ListRow]:
    rows: list[ov.ListRow] = []
    cursor = None
    while True:
        batch = ov.page(session, query, NOW, after=cursor, limit=size)
        rows += batch
        if len(batch) < size:
            return rows
        cursor = batch[-1].cursor


def walk_back(session: Session, query: ov.ListQuery, size: int = 41) -> list[ov.ListRow]:
    batch = ov.page(session, query, NOW, from_end=True, limit=size)
    rows = list(batch)
    while len(batch) == size:
        batch = ov.page(session, query, NOW, before=batch[0].cursor, limit=size)
        rows = batch + rows
    return rows


ALL_SORTS = [(key, desc) for key in ov.SortKey for desc in (True, False)]


@pytest.mark.parametrize(("key", "descending"), ALL_SORTS)
def test_walks_cover_the_list_once_in_order(
    demo: Database, key: ov.SortKey, descending: bool
) -> None:
    query = ov.ListQuery(sort=key, descending=descending)
    with demo.sessions() as session:
        forward = [r.id for r in walk(session, query)]
        backward = [r.id for r in walk_back(session, query)]
        reverse = [r.id for r in walk(session, ov.ListQuery(sort=key, descending=not descending))]
        whole = [r.id for r in ov.page(session, query, NOW, limit=CUSTOMERS + 1)]
    assert len(forward) == CUSTOMERS
    assert len(set(forward)) == CUSTOMERS
    assert forward == whole  # paging never skips or repeats a row
    assert backward == forward
    assert reverse == forward[::-1]  # the other direction is exactly the reversed list


def test_default_order_newest_first_then_no_orders_by_name(demo: Database) -> None:
    with demo.sessions() as session:
        rows = walk(session, ov.ListQuery())
    dated = [r for r in rows if r.last_order_at is not None]
    never = [r for r in rows if r.last_order_at is None]
    assert never, "the demo has customers without orders"
    assert rows == dated + never  # customers without any order come last
    times = [r.last_order_at for r in dated if r.last_order_at is not None]
    assert times == sorted(times, reverse=True)
    with demo.sessions() as session:
        names = {c.id: c.sort_name for c in session.scalars(select(Customer))}
    assert [names[r.id] for r in never] == sorted(names[r.id] for r in never)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        (ov.SortKey.ORDERS, lambda r: r.order_count),
        (ov.SortKey.VALUE, lambda r: r.lifetime_value),
    ],
)
def test_numbers_sort_biggest_first(demo: Database, key: ov.SortKey, value: object) -> None:
    with demo.sessions() as session:
        rows = walk(session, ov.ListQuery(sort=key, descending=True))
    values = [value(r) for r in rows]  # type: ignore[operator]
    assert values == sorted(values, reverse=True)


def test_anchors_locate_any_position(demo: Database) -> None:
    every = 50
    query = ov.ListQuery(sort=ov.SortKey.LAST_ORDER, descending=False)  # NULL section first
    with demo.sessions() as session:
        ids = [r.id for r in walk(session, query)]
        anchors = ov.anchors(session, query, NOW, every=every)
        assert len(anchors) == CUSTOMERS // every
        for k, anchor in enumerate(anchors, start=1):
            rows = ov.page(session, query, NOW, after=anchor, limit=3, skip=2)
            assert [r.id for r in rows] == ids[k * every + 2 : k * every + 5]


def test_last_page_is_the_end(demo: Database) -> None:
    with demo.sessions() as session:
        ids = [r.id for r in walk(session, ov.ListQuery())]
        tail = ov.page(session, ov.ListQuery(), NOW, from_end=True, limit=30)
    assert [r.id for r in tail] == ids[-30:]


def _all(session: Session) -> list[Customer]:
    return list(session.scalars(select(Customer)))


@pytest.mark.parametrize(
    ("search", "expect"),
    [
        ("muller", lambda c: "muller" in c.search_text.split()
         or any(t.startswith("muller") for t in c.search_text.split())),
        ("Mül", lambda c: any(t.startswith("mul") for t in c.search_text.split())),
        ("sch", lambda c: any(t.startswith("sch") for t in c.search_text.split())),
        ("berlin de", lambda c: c.city == "Berlin"),
        ("a berlin", lambda c: c.city == "Berlin"
         and any(t.startswith("a") for t in c.search_text.split())),
        ("s", lambda c: any(t.startswith("s") for t in c.search_text.split())),
    ],
)  # fmt: skip
@pytest.mark.parametrize("plan", ["from matches", "along the sort index"])
def test_search_is_prefix_and_accent_insensitive(
    demo: Database, search: str, expect: object, plan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if plan == "along the sort index":
        monkeypatch.setattr(ov, "NARROW_SEARCH", 0)
    query = ov.ListQuery(search=search)
    with demo.sessions() as session:
        found = {r.id for r in walk(session, query)}
        wanted = {c.id for c in _all(session) if expect(c)}  # type: ignore[operator]
        assert ov.count(session, query, NOW) == len(found)
    assert found == wanted
    assert found


@pytest.mark.parametrize(
    "text",
    ['"', "*", "OR", "NEAR(", "%", "_", "'", "a' OR '1'='1", '"sch" OR "mül"*', "x[/]", "\\"],
)
def test_query_syntax_in_search_is_text(demo: Database, text: str) -> None:
    with demo.sessions() as session:
        rows = ov.page(session, ov.ListQuery(search=text), NOW, limit=10)
        total = ov.count(session, ov.ListQuery(search=text), NOW)
    assert total >= len(rows)  # no error; symbols alone match everything (no words to look for)


def test_search_finds_customer_number_and_shop_label(demo: Database) -> None:
    with demo.sessions() as session:
        someone = session.scalars(select(Customer).where(Customer.id == 123)).one()
        by_number = {r.id for r in walk(session, ov.ListQuery(search=someone.number))}
        by_label = ov.count(session, ov.ListQuery(search="Kaffeerösterei"), NOW)
    assert someone.id in by_number
    assert by_label > 0


FILTERS = {
    "shopify": (ov.CustomerFilter(sources=frozenset({SourceKind.SHOPIFY})), None),
    "manual or api": (ov.CustomerFilter(sources=frozenset({SourceKind.MANUAL, SourceKind.API})),
                      None),
    "guests": (ov.CustomerFilter(status=RegistrationStatus.GUEST),
               lambda c, s: c.status is RegistrationStatus.GUEST),
    "test orders": (ov.CustomerFilter(test_orders=True), lambda c, s: c.has_test_orders),
    "letter incomplete": (ov.CustomerFilter(letter_incomplete=True),
                          lambda c, s: not c.letter_address_complete),
    "qr scanned": (ov.CustomerFilter(qr_scanned=True), lambda c, s: c.last_scan_at is not None),
    "never contacted": (ov.CustomerFilter(contacted=ov.Contacted("never")),
                        lambda c, s: c.last_letter_at is None),
    "contacted within 90 days": (
        ov.CustomerFilter(contacted=ov.Contacted("within", 90)),
        lambda c, s: c.last_letter_at is not None
        and c.last_letter_at >= NOW - timedelta(days=90),
    ),
    "not contacted for 90 days": (
        ov.CustomerFilter(contacted=ov.Contacted("older", 90)),
        lambda c, s: c.last_letter_at is not None
        and c.last_letter_at < NOW - timedelta(days=90),
    ),
    "guests with test orders": (
        ov.CustomerFilter(status=RegistrationStatus.GUEST, test_orders=True),
        lambda c, s: c.status is RegistrationStatus.GUEST and c.has_test_orders,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", FILTERS)
def test_filters_select_exactly_their_customers(demo: Database, name: str) -> None:
    customer_filter, expect = FILTERS[name]
    with demo.sessions() as session:
        kinds: dict[int, set[SourceKind]] = {}
        for cid, kind in session.execute(select(CustomerSource.customer_id, CustomerSource.kind)):
            kinds.setdefault(cid, set()).add(kind)
        if expect is None:
            wanted = {cid for cid, k in kinds.items() if k & customer_filter.sources}
        else:
            wanted = {c.id for c in _all(session) if expect(c, kinds.get(c.id, set()))}
        for key in (ov.SortKey.LAST_ORDER, ov.SortKey.NAME):
            query = ov.ListQuery(sort=key, descending=True, filter=customer_filter)
            found = [r.id for r in walk(session, query)]
            assert set(found) == wanted
            assert len(found) == len(wanted) == ov.count(session, query, NOW)
    assert wanted, f"the demo has customers for '{name}'"


def test_filters_combine_with_search(demo: Database) -> None:
    query = ov.ListQuery(
        search="de", filter=ov.CustomerFilter(sources=frozenset({SourceKind.BILLBEE}))
    )
    with demo.sessions() as session:
        rows = walk(session, query)
    assert rows
    assert all(any(k is SourceKind.BILLBEE for k, _ in r.sources) for r in rows)


def test_rows_carry_what_the_list_shows(demo: Database) -> None:
    with demo.sessions() as session:
        rows = walk(session, ov.ListQuery())
    assert any(r.has_test_orders for r in rows)
    assert any(r.qr_scanned for r in rows)
    assert any(len(r.sources) == 3 for r in rows)
    nameless = [r for r in rows if not (r.first_name or r.last_name)]
    assert all(r.name == r.email.strip() for r in nameless)


def test_position_and_cursor_of_a_customer(demo: Database) -> None:
    for query in (ov.ListQuery(), ov.ListQuery(sort=ov.SortKey.EMAIL, descending=True)):
        with demo.sessions() as session:
            ids = [r.id for r in walk(session, query)]
            for position in (0, 1, 250, len(ids) - 1):
                cursor = ov.cursor_of(session, query, ids[position])
                assert cursor is not None
                assert ov.position_of(session, query, NOW, cursor) == position
            assert ov.cursor_of(session, query, 10**9) is None


@pytest.mark.parametrize("start", [0, 5, 255, 256, 300, 600, 690])
def test_planned_fetches_read_the_right_rows(demo: Database, start: int) -> None:
    query = ov.ListQuery(sort=ov.SortKey.VALUE, descending=False)
    with demo.sessions() as session:
        ids = [r.id for r in walk(session, query)]
        anchors = ov.anchors(session, query, NOW)
        cold = ov.plan_fetch(start, 20, len(ids), cursor_at={}, anchors=anchors)
        assert cold is not None
        rows = ov.run_fetch(session, query, NOW, cold)
        assert [r.id for r in rows] == ids[start : start + 20]
        if start > 0:
            warm = ov.plan_fetch(
                start, 20, len(ids), cursor_at={start - 1: rows[0].cursor}, anchors=None
            )
            assert warm is not None
            assert warm.after is not None
            assert warm.skip == 0
    assert cold.skip < ov.ANCHOR_EVERY  # never deep


def test_a_jump_waits_for_anchors() -> None:
    assert ov.plan_fetch(5000, 20, 10_000, cursor_at={}, anchors=None) is None
    assert ov.plan_fetch(9990, 20, 10_000, cursor_at={}, anchors=None) == ov.Fetch(
        9990, 10, from_end=True
    )
