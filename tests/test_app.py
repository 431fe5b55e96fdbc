"""The customer overview, driven as an operator drives it (Pilot) and pinned by snapshots."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, RadioSet, Static, TabbedContent
from textual.widgets._footer import FooterKey  # not exported by textual.widgets
from textual.worker import WorkerFailed

from autoletter_tui.app import AutoLetterApp
from autoletter_tui.data import overview as ov
from autoletter_tui.data.db import Database, open_database, parse_url
from autoletter_tui.data.demo import DemoSpec, build_demo
from autoletter_tui.data.models import RegistrationStatus, SourceKind
from autoletter_tui.screens.customers import CustomersScreen
from autoletter_tui.screens.filters import FilterScreen
from autoletter_tui.widgets.customer_list import COLUMNS, CustomerList, ListHeader
from autoletter_tui.widgets.profile import TABS, ProfilePane
from tests.conftest import AS_OF

THEME = "textual-dark"  # pinned: TEXTUAL_THEME in the environment must not change snapshots
CUSTOMERS = 600


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("app") / "demo.db"
    build_demo(parse_url(str(path)), DemoSpec(customers=CUSTOMERS, seed=1, as_of=AS_OF))
    db = open_database(str(path))
    yield db
    db.close()


def make_app(db: Database) -> AutoLetterApp:
    return AutoLetterApp(db, operator="test", theme=THEME, clock=lambda: AS_OF)


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and their answers reach the screen (a few rounds: answers can start
    more work, e.g. rows after a count)."""
    for _ in range(4):
        with contextlib.suppress(WorkerFailed):  # failures are the screen's to report
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def screen_of(app: AutoLetterApp) -> CustomersScreen:
    screen = app.screen
    assert isinstance(screen, CustomersScreen)
    return screen


def status(app: AutoLetterApp) -> str:
    return str(screen_of(app).query_one("#status", Static).render())


def visible_ids(app: AutoLetterApp, count: int = 10) -> list[int]:
    lst = screen_of(app).customer_list
    rows = [lst.row_at(p) for p in range(count)]
    return [r.id for r in rows if r is not None]


def expected_ids(db: Database, query: ov.ListQuery, count: int = 10) -> list[int]:
    with db.sessions() as session:
        return [r.id for r in ov.page(session, query, AS_OF, limit=count)]


async def test_opens_on_the_default_order_and_quits_with_q(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert visible_ids(app) == expected_ids(demo_db, ov.ListQuery())
        assert f"{CUSTOMERS} customers" in status(app)
        assert "sorted by Last order ▼" in status(app)
        tiles = str(screen_of(app).query_one("#kpi-customers", Static).render())
        assert "600" in tiles
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize("number", range(1, len(COLUMNS) + 1))
async def test_every_column_sorts_both_ways_from_the_keyboard(
    demo_db: Database, number: int
) -> None:
    key = COLUMNS[number - 1].key
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = ov.default_descending(key)
        if key is ov.SortKey.LAST_ORDER:  # already the sort: the key flips it
            first = not first
        await pilot.press(str(number))
        await settle(pilot)
        assert visible_ids(app) == expected_ids(demo_db, ov.ListQuery(key, first))
        header = screen_of(app).query_one(ListHeader)
        assert (header.sort, header.descending) == (key, first)
        await pilot.press(str(number))
        await settle(pilot)
        assert visible_ids(app) == expected_ids(demo_db, ov.ListQuery(key, not first))


async def test_clicking_a_column_title_sorts_by_it(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click(ListHeader, offset=(1, 0))  # "Name"
        await settle(pilot)
        assert visible_ids(app) == expected_ids(demo_db, ov.ListQuery(ov.SortKey.NAME, False))
        assert "sorted by Name ▲" in status(app)


async def test_search_as_you_type(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"muller")  # no Enter: the list follows after a pause
        await pilot.pause(0.5)
        await settle(pilot)
        query = ov.ListQuery(search="muller")
        with demo_db.sessions() as session:
            total = ov.count(session, query, AS_OF)
        assert total > 0
        assert f"{total} customers" in status(app)
        assert visible_ids(app) == expected_ids(demo_db, query)
        lst = screen_of(app).customer_list
        row = lst.row_at(0)
        assert row is not None
        assert "müller" in f"{row.name} {row.email}".casefold().replace("mueller", "müller")


@pytest.mark.parametrize("text", ['"', "*", "OR", "NEAR(", "%", "_", "'", "[@click=app.quit]"])
async def test_search_syntax_is_plain_text(demo_db: Database, text: str) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *text, "enter")
        await settle(pilot)
        assert app.is_running
        assert " customer" in status(app)  # "1 customer", "0 customers"


FILTER_STEPS: dict[str, tuple[list[str], ov.CustomerFilter]] = {
    "source": (["#source-shopify"], ov.CustomerFilter(sources=frozenset({SourceKind.SHOPIFY}))),
    "two sources": (["#source-csv", "#source-manual"],
                    ov.CustomerFilter(sources=frozenset({SourceKind.CSV, SourceKind.MANUAL}))),
    "test orders": (["#test-orders"], ov.CustomerFilter(test_orders=True)),
    "letter incomplete": (["#letter-incomplete"], ov.CustomerFilter(letter_incomplete=True)),
    "qr scanned": (["#qr-scanned"], ov.CustomerFilter(qr_scanned=True)),
    "guest": (["status=2"], ov.CustomerFilter(status=RegistrationStatus.GUEST)),
    "never contacted": (["contacted=1"], ov.CustomerFilter(contacted=ov.Contacted("never"))),
    "contacted within 60 days": (["contacted=3", "days=60"],
                                 ov.CustomerFilter(contacted=ov.Contacted("within", 60))),
    "not contacted for 60 days": (["contacted=2", "days=60"],
                                  ov.CustomerFilter(contacted=ov.Contacted("older", 60))),
}  # fmt: skip


@pytest.mark.parametrize("name", FILTER_STEPS)
async def test_every_filter(demo_db: Database, name: str) -> None:
    steps, expected = FILTER_STEPS[name]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FilterScreen)
        for step in steps:
            if step.startswith("#"):
                dialog.query_one(step, Checkbox).toggle()
            elif step.startswith("days="):
                dialog.query_one("#days", Input).value = step.removeprefix("days=")
            else:
                which, index = step.split("=")
                radio = dialog.query_one(f"#{which}", RadioSet)
                list(radio.query("RadioButton"))[int(index)].value = True  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        query = ov.ListQuery(filter=expected)
        assert screen_of(app).list_query == query
        with demo_db.sessions() as session:
            total = ov.count(session, query, AS_OF)
        assert total > 0
        assert f"{total} customers" in status(app)
        assert "filters:" in status(app)
        assert visible_ids(app) == expected_ids(demo_db, query)


async def open_filters(pilot: Pilot[Any], *checkboxes: str) -> None:
    await settle(pilot)
    await pilot.press("f")
    await pilot.pause()
    for checkbox in checkboxes:
        pilot.app.screen.query_one(checkbox, Checkbox).toggle()


async def test_filters_combine_with_search_and_sort(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_filters(pilot, "#source-billbee")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("slash", "d", "e", "enter", "7")  # search "de", sort by value
        await settle(pilot)
        query = ov.ListQuery(
            ov.SortKey.VALUE,
            True,
            "de",
            ov.CustomerFilter(sources=frozenset({SourceKind.BILLBEE})),
        )
        assert screen_of(app).list_query == query
        assert visible_ids(app) == expected_ids(demo_db, query)


async def test_escape_cancels_the_filter_dialog(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_filters(pilot, "#qr-scanned")
        await pilot.press("escape")
        await settle(pilot)
        assert screen_of(app).list_query == ov.ListQuery()


async def test_enter_expands_the_profile_and_escape_collapses_it(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        screen = screen_of(app)
        lst = screen.customer_list
        row = lst.row_at(3)
        assert row is not None
        pane = screen.query_one(ProfilePane)
        assert pane.has_class("-open")
        text = " ".join(str(w.render()) for w in pane.query(Static))
        assert row.number in text
        assert all(label in text for _, label in row.sources)
        await pilot.press("down")
        await settle(pilot)
        following = lst.row_at(4)
        assert following is not None
        assert following.number in " ".join(str(w.render()) for w in pane.query(Static))
        await pilot.press("escape")
        await pilot.pause()
        assert not pane.has_class("-open")
        assert lst.cursor == 4  # the list keeps its place and selection


async def test_the_mouse_does_what_the_keys_do(demo_db: Database) -> None:
    """Mouse optional, and working: a key of the footer runs its action, a dialog's button
    answers it, a row opens its profile, a tab shows its section, a column title sorts."""
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)

        def footer_key(key: str) -> FooterKey:
            return next(k for k in screen.query(FooterKey) if k.key == key)

        await pilot.click(footer_key("f"))  # "Filters"
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)
        await pilot.click("#qr-scanned")
        assert app.screen.query_one("#qr-scanned", Checkbox).value
        await pilot.click("#cancel")
        await settle(pilot)
        assert screen_of(app) is screen
        assert screen.list_query.filter == ov.CustomerFilter()  # cancelled: nothing applied

        await pilot.click(CustomerList, offset=(10, 2))  # the third row
        await settle(pilot)
        row = screen.customer_list.row_at(2)
        assert row is not None
        assert screen.query_one(ProfilePane).has_class("-open")
        assert screen.open_customer == row.id
        await pilot.click(f"#--content-tab-{TABS['orders']}")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == TABS["orders"]

        await pilot.click(ListHeader, offset=(1, 0))  # "Name"
        await settle(pilot)
        assert screen.list_query.sort is ov.SortKey.NAME


async def test_end_and_page_down_reach_every_part_of_the_list(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lst = screen_of(app).customer_list
        await pilot.press("end")
        await settle(pilot)
        assert lst.cursor == CUSTOMERS - 1
        with demo_db.sessions() as session:
            tail = ov.page(session, ov.ListQuery(), AS_OF, from_end=True, limit=1)
        last = lst.row_at(CUSTOMERS - 1)
        assert last is not None
        assert last.id == tail[0].id
        assert f"row {CUSTOMERS} of {CUSTOMERS}" in status(app)
        await pilot.press("home", "pagedown", "pagedown")
        await settle(pilot)
        assert lst.cursor > 40
        assert lst.row_at(lst.cursor) is not None


async def test_palette_finds_a_customer_and_jumps_to_them(demo_db: Database) -> None:
    with demo_db.sessions() as session:
        target = ov.page(session, ov.ListQuery(ov.SortKey.NAME, False), AS_OF, limit=300)[-1]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*target.number)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        hits = palette.query_one(CommandList)
        for _ in range(200):  # the palette searches in a thread: wait for its hits, not a clock
            if hits.option_count and target.number in str(hits.get_option_at_index(0).prompt):
                break
            await pilot.pause(0.05)
        await pilot.press("enter")
        await settle(pilot)
        lst = screen_of(app).customer_list
        row = lst.row_at(lst.cursor)
        assert row is not None
        assert row.id == target.id
        assert screen_of(app).open_customer == target.id


async def test_user_data_never_acts_as_markup(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"click", "enter")  # the customer named [@click=app.quit]
        await settle(pilot)
        lst = screen_of(app).customer_list
        row = lst.row_at(0)
        assert row is not None
        assert "[@click=app.quit]" in row.name
        await pilot.click(CustomerList, offset=(5, 0))
        await settle(pilot)
        pane = screen_of(app).query_one(ProfilePane)
        assert "[@click=app.quit]" in str(pane.query_one("#profile-name", Static).render())
        await pilot.click(ProfilePane, offset=(3, 0))
        await pilot.pause()
        assert app.is_running


async def test_worker_errors_are_reported_not_fatal(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "broken.db"))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE customer_source")
        conn.exec_driver_sql(
            "INSERT INTO customer (number, status, first_name, last_name, email, company, "
            "phone, comment, manual, created_at, updated_at, version, order_count, "
            "lifetime_value, has_test_orders, letter_address_complete, sort_name, city, "
            "country, search_text) VALUES ('K1', 'guest', 'A', 'B', '', '', '', '', 0, "
            "'2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 1, 0, 0, 0, 0, "
            "'b a', '', '', 'a b k1')"
        )
    app = make_app(db)
    try:
        async with app.run_test() as pilot:
            await settle(pilot)
            assert app.is_running
            messages = [n.message for n in app._notifications]
            assert any("customer_source" in m for m in messages)
    finally:
        db.close()


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
def test_snapshot(snap_compare: Any, demo_db: Database, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=settle)


def test_snapshot_profile_open(snap_compare: Any, demo_db: Database) -> None:
    async def open_profile(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)

    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=open_profile)


async def test_a_jump_into_the_middle_reads_anchors_then_rows(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        lst = screen.customer_list
        assert screen.anchors is None  # not read until needed (or the list is left alone)
        lst.scroll_to(y=400, animate=False, immediate=True)  # as a scrollbar drag does
        await pilot.pause()
        await settle(pilot)
        assert screen.anchors is not None
        with demo_db.sessions() as session:
            rows = ov.page(session, ov.ListQuery(), AS_OF, limit=CUSTOMERS)
        shown = lst.row_at(400)
        assert shown is not None
        assert shown.id == rows[400].id


async def test_a_jump_before_the_count_lands_on_the_customer(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    real_count = ov.count

    def slow_count(*args: Any, **kwargs: Any) -> int:
        time.sleep(0.5)  # a count at a million rows with filters takes this long
        return real_count(*args, **kwargs)

    monkeypatch.setattr(ov, "count", slow_count)
    with demo_db.sessions() as session:
        target = ov.page(session, ov.ListQuery(), AS_OF, limit=CUSTOMERS)[500]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen_of(app).jump_to_customer(target.id)
        await settle(pilot)
        lst = screen_of(app).customer_list
        assert lst.cursor == 500
        row = lst.row_at(500)
        assert row is not None
        assert row.id == target.id
        assert screen_of(app).open_customer == target.id


async def test_a_jump_far_into_a_fresh_list_scrolls_there(demo_db: Database) -> None:
    """Right after the count the list's scrollbar is not yet recomputed; the jump must scroll
    anyway (it used to stay at the top, with the cursor on a row that was never loaded)."""
    with demo_db.sessions() as session:
        target = ov.page(session, ov.ListQuery(), AS_OF, limit=CUSTOMERS)[-3]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        screen.jump_to_customer(target.id)
        lst = screen.customer_list
        for _ in range(50):
            await settle(pilot)
            row = lst.row_at(lst.cursor)
            if row is not None and row.id == target.id:
                break
        assert lst.cursor == CUSTOMERS - 3
        row = lst.row_at(lst.cursor)
        assert row is not None
        assert row.id == target.id
        assert lst.scroll_offset.y > 0
        assert screen.open_customer == target.id
