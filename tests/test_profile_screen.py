"""The profile pane, driven from the keyboard (Pilot) and pinned by snapshots, over the named
customers of ``profile_customers``: one per source, merged, guest, carts, incomplete letter
address, no orders, tricky names and a long history."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import DataTable, Static, TabbedContent, TextArea

from autoletter_tui.app import AutoLetterApp
from autoletter_tui.data.db import Database, open_database
from autoletter_tui.data.models import Customer, EventKind, TimelineEvent
from autoletter_tui.data.profile import load_profile
from autoletter_tui.screens.comment import CommentScreen
from autoletter_tui.screens.customers import CustomersScreen
from autoletter_tui.screens.orders import OrdersScreen
from autoletter_tui.screens.profile_host import ProfileLoaded
from autoletter_tui.widgets.profile import ProfilePane
from tests import profile_customers
from tests.conftest import AS_OF
from tests.test_app import THEME, settle

SIZE = (140, 44)


@pytest.fixture(scope="module")
def cast_path(cast_file: Path) -> Path:
    return cast_file


@pytest.fixture(scope="module")
def cast(cast_path: Path) -> profile_customers.Cast:
    database = open_database(str(cast_path))
    try:
        with database.sessions() as session:
            numbers = dict(session.query(Customer.number, Customer.id).all())
    finally:
        database.close()
    # The builder gives the customers these numbers in this order (see profile_customers).
    return profile_customers.Cast(*(numbers[f"K{1001 + n}"] for n in range(12)))


@pytest.fixture
def own_db(cast_copy: Database) -> Database:
    """A copy for tests that write."""
    return cast_copy


def make_app(db: Database) -> AutoLetterApp:
    return AutoLetterApp(db, operator="tester", theme=THEME, clock=lambda: AS_OF)


def screen_of(app: AutoLetterApp) -> CustomersScreen:
    screen = app.screen
    assert isinstance(screen, CustomersScreen)
    return screen


def pane_of(app: AutoLetterApp) -> ProfilePane:
    return screen_of(app).query_one(ProfilePane)


def text_of(app: AutoLetterApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def stored_comment(db: Database, customer_id: int) -> str:
    with db.sessions() as session:
        customer = session.get(Customer, customer_id)
        assert customer is not None
        return customer.comment


async def wait_for(pilot: Pilot[Any], ready: Callable[[], bool]) -> None:
    """Settle, then keep going until ``ready`` (answers can start more work)."""
    for _ in range(100):
        await settle(pilot)
        if ready():
            return
    raise AssertionError("the screen never got there")


async def open_customer(pilot: Pilot[Any], customer_id: int, *keys: str) -> None:
    app = pilot.app
    assert isinstance(app, AutoLetterApp)
    await settle(pilot)
    screen_of(app).jump_to_customer(customer_id)
    await wait_for(pilot, lambda: pane_of(app).customer_id == customer_id)
    if keys:
        await pilot.press(*keys)
        await settle(pilot)


def opened(customer: str, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, AutoLetterApp)
        with app.database.sessions() as session:
            number = f"K{1001 + list(profile_customers.Cast.__dataclass_fields__).index(customer)}"
            customer_id = session.query(Customer.id).filter_by(number=number).scalar()
        await open_customer(pilot, customer_id, *keys)

    return run_before


# -- snapshots: every case the issue names, on the tab that shows it ------------------------
CASES = [
    ("shopify", ()),
    ("shopify", ("o",)),
    ("billbee", ()),
    ("csv", ()),
    ("api", ()),
    ("manual", ()),
    ("merged", ()),
    ("merged", ("t",)),
    ("guest", ()),
    ("carts", ("o",)),
    ("incomplete", ()),
    ("no_orders", ("i",)),
    ("long_history", ("i",)),
    ("long_history", ("l",)),
]


@pytest.mark.parametrize(
    ("customer", "keys"), CASES, ids=[f"{c}-{''.join(k) or 'd'}" for c, k in CASES]
)
def test_snapshot(
    snap_compare: Any, shared_db: Database, customer: str, keys: tuple[str, ...]
) -> None:
    assert snap_compare(make_app(shared_db), terminal_size=SIZE, run_before=opened(customer, *keys))


@pytest.mark.parametrize("keys", [(), ("o",)], ids=["details", "orders"])
def test_snapshot_narrow(snap_compare: Any, shared_db: Database, keys: tuple[str, ...]) -> None:
    assert snap_compare(
        make_app(shared_db), terminal_size=(80, 24), run_before=opened("merged", *keys)
    )


# -- behaviour --------------------------------------------------------------------------
async def test_first_screen_shows_contact_sources_and_the_letter_warning(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.incomplete)
        assert pane_of(app).section == "details"
        assert "K1009" in text_of(app, "#profile-contact")
        assert "Shopify: My Store" in text_of(app, "#profile-sources")
        warning = text_of(app, "#letter-warning")
        assert "Letter address incomplete" in warning
        assert "house number missing" in warning
        assert "postcode not valid" in warning
        assert "differs from delivery" in text_of(app, "#address-letter")

        await open_customer(pilot, cast.api)  # no letter address at all
        assert "No letter address" in text_of(app, "#letter-warning")

        await open_customer(pilot, cast.shopify)  # complete: no warning, same as delivery
        assert text_of(app, "#letter-warning").strip() == ""
        assert "differs" not in text_of(app, "#address-letter")


async def test_addresses_show_the_house_number_where_the_country_puts_it(
    own_db: Database, cast: profile_customers.Cast
) -> None:
    places = {"GB": profile_customers.LONDON, "US": profile_customers.BOSTON}
    with own_db.sessions.begin() as session:
        ids = profile_customers.living_at(session, places)
    app = make_app(own_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, ids["GB"])
        assert "10 Downing Street" in text_of(app, "#address-delivery")
        await open_customer(pilot, ids["US"])
        assert "92 Chestnut Street" in text_of(app, "#address-delivery")
        await open_customer(pilot, cast.shopify)  # in Berlin
        assert "Hauptstraße 5a" in text_of(app, "#address-delivery")


async def test_merged_customer_shows_every_source(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.merged)
        sources = text_of(app, "#profile-sources")
        for label in ("Shopify: My Store", "Billbee", "CSV Import", "Merged from 3 records"):
            assert label in sources
        assert sources.count("synced") == 2  # the shops; CSV records are not synced


async def test_every_section_is_one_key_away(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.shopify)
        for key, section in (("o", "orders"), ("i", "statistics"), ("l", "letters"),
                             ("t", "timeline"), ("d", "details")):  # fmt: skip
            await pilot.press(key)
            assert pane_of(app).section == section
            assert screen_of(app).customer_list.has_focus  # the list keeps browsing


async def test_enter_goes_into_the_profile_and_escape_comes_back(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.shopify, "o")
        screen = screen_of(app)
        await pilot.press("enter")  # on the list row of the open customer: into the orders
        assert app.focused is screen.query_one("#orders", DataTable)
        await pilot.press("escape")
        assert screen.customer_list.has_focus
        assert screen.open_customer == cast.shopify
        await pilot.press("escape")
        assert screen.open_customer is None
        assert not pane_of(app).has_class("-open")


async def test_orders_summary_marks_and_items(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.shopify, "o")
        summary = text_of(app, "#order-summary")
        assert "5 orders" in summary  # test, canceled and returned included
        assert "CHF" in summary
        assert "€" in summary
        table = app.screen.query_one("#orders", DataTable)
        rows = [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        assert rows[0].startswith("#1005")  # newest first
        assert "● test" in rows[1]
        assert "Canceled" in rows[2]
        assert "Returned" in rows[3]
        await pilot.press("enter", "down", "down", "down", "down", "enter")  # the oldest order
        await settle(pilot)
        items = text_of(app, "#order-items")
        assert "Order #1001" in items
        assert "MUG-01" in items
        assert "Earl Grey [loose] 250 g" in items
        assert "2 × Earl Grey" in items


async def test_show_all_orders_and_the_order_overview(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.long_history, "o")
        table = app.screen.query_one("#orders", DataTable)
        assert table.row_count == 10
        assert "Newest 10 of 30" in text_of(app, "#orders-more")
        await pilot.press("a")
        await wait_for(pilot, lambda: table.row_count == 30)

        await pilot.press("O")
        await settle(pilot)
        orders = app.screen
        assert isinstance(orders, OrdersScreen)
        assert orders.query_one("#all-orders", DataTable).row_count == 30
        assert "Maria Hoffmann" in text_of(app, "#orders-title")
        await pilot.press("enter")
        await settle(pilot)
        assert "Order #20000" in text_of(app, "#items")  # the newest comes first
        assert "MUG-01" in text_of(app, "#items")
        await pilot.press("escape")
        assert isinstance(app.screen, CustomersScreen)


async def test_carts_show_abandoned_and_recovered(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.carts, "o")
        carts = text_of(app, "#checkouts")
        assert "Abandoned" in carts
        assert "Recovered" in carts
        assert "order #1801" in carts
        table = app.screen.query_one("#orders", DataTable)
        assert "recovered cart" in " ".join(str(c) for c in table.get_row_at(0))


async def test_statistics_and_top_products(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.no_orders, "i")
        assert "0" in text_of(app, "#stat-orders")
        assert "–" in text_of(app, "#stat-average")
        assert "No products ordered" in text_of(app, "#top-products")
        await open_customer(pilot, cast.shopify)
        # Counting orders only: #1001 (returned #1002 counts too), not the test or canceled.
        assert "3" in text_of(app, "#stat-orders")
        top = text_of(app, "#top-products")
        assert top.index("Earl Grey") < top.index("Tasse")  # 2+3+1 before 1


async def test_letters_section_and_the_pdf_key(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.shopify, "l")
        assert "Last contacted by letter" in text_of(app, "#last-contacted")
        table = app.screen.query_one("#letters", DataTable)
        assert table.row_count == 2
        first = " ".join(str(c) for c in table.get_row_at(0))
        assert "Danke-Karte" in first
        assert "recurring" in first
        assert "Shipped" in first
        assert screen_of(app).check_action("open_letter", ())  # opening: test_letter_opening

        await open_customer(pilot, cast.no_orders)
        assert "Never contacted by letter" in text_of(app, "#last-contacted")
        assert not table.display


async def test_timeline_is_newest_first_and_loads_older_entries(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.long_history, "t")
        text = text_of(app, "#timeline")
        assert "press m for more" in text
        lines = [line for line in text.splitlines() if line[:4].isdigit()]
        assert lines == sorted(lines, reverse=True)
        assert {"Order placed", "Letter sent", "Letter delivered", "QR code scanned"} <= {
            kind for kind in ("Order placed", "Letter sent", "Letter delivered",
                              "QR code scanned") if kind in text
        }  # fmt: skip
        await pilot.press("m")
        await wait_for(pilot, lambda: "press m for more" not in text_of(app, "#timeline"))
        assert len(text_of(app, "#timeline").splitlines()) > len(lines)


async def test_the_comment_is_saved_with_a_timeline_event(
    own_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(own_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.no_orders)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CommentScreen)
        await pilot.press(*"Calls on Fridays [b]only[/b]", "ctrl+s")
        await wait_for(pilot, lambda: "Calls on Fridays" in text_of(app, "#profile-comment"))
        assert "[b]only[/b]" in text_of(app, "#profile-comment")  # literal
        await pilot.press("t")
        assert "Comment changed" in text_of(app, "#timeline")
        assert "tester" in text_of(app, "#timeline")
    assert stored_comment(own_db, cast.no_orders) == "Calls on Fridays [b]only[/b]"
    with own_db.sessions() as session:
        events = session.query(TimelineEvent).filter_by(customer_id=cast.no_orders).all()
        assert [(e.kind, e.actor) for e in events] == [(EventKind.COMMENT_CHANGED, "tester")]


async def test_cancelling_the_comment_stores_nothing(
    own_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(own_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.shopify)
        await pilot.press("c", *" and more", "escape")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
    assert stored_comment(own_db, cast.shopify) == "Prefers letters in German."


async def test_a_comment_changed_meanwhile_is_not_overwritten(
    own_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(own_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.shopify)
        await pilot.press("c")
        await pilot.pause()
        with own_db.sessions.begin() as session:  # another operator, meanwhile
            session.execute(
                update(Customer)
                .where(Customer.id == cast.shopify)
                .values(comment="VIP: call before shipping", version=Customer.version + 1)
            )
        await pilot.press(*" Mine.", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CommentScreen))
        dialog = app.screen
        assert "VIP: call before shipping" in text_of(app, "#comment-conflict")
        assert dialog.query_one(TextArea).text == "Prefers letters in German. Mine."
        assert stored_comment(own_db, cast.shopify) == "VIP: call before shipping"
        await pilot.press("ctrl+s")  # knowingly replaces theirs
        await wait_for(pilot, lambda: "Mine." in text_of(app, "#profile-comment"))
    assert stored_comment(own_db, cast.shopify) == "Prefers letters in German. Mine."


async def test_user_data_renders_literally(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.tricky)
        assert "x[/] [@click=app.quit]" in text_of(app, "#profile-name")
        assert "[b]Bold[/b] Ltd" in text_of(app, "#profile-contact")
        comment = text_of(app, "#profile-comment")
        assert "[red]not red[/red]" in comment
        assert "\x1b" not in comment
        assert "␛" in comment
        await pilot.press("o")
        table = app.screen.query_one("#orders", DataTable)
        assert str(table.get_row_at(0)[0]) == "[#1]"
        await pilot.click("#profile-name")
        assert app.is_running  # nothing clickable in the name


async def test_a_deleted_customer_says_so(own_db: Database, cast: profile_customers.Cast) -> None:
    app = make_app(own_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.guest)
        with own_db.sessions.begin() as session:
            session.delete(session.get(Customer, cast.guest))
        screen = screen_of(app)
        screen.close_profile()
        screen.open_profile(cast.guest, "")
        await wait_for(pilot, lambda: "no longer exists" in text_of(app, "#profile-name"))
        assert not pane_of(app).query_one(TabbedContent).display  # nothing of theirs stays
        assert not screen.check_action("edit_comment", ())


async def test_narrow_terminals_stack_the_addresses(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_customer(pilot, cast.merged)
        pane = pane_of(app)
        assert pane.has_class("-narrow")
        boxes = [pane.query_one(f"#address-{k}").region for k in ("delivery", "billing")]
        assert boxes[0].x == boxes[1].x
        assert boxes[1].y > boxes[0].y
    app = make_app(shared_db)
    async with app.run_test(size=(200, 60)) as pilot:
        await open_customer(pilot, cast.merged)
        pane = pane_of(app)
        assert not pane.has_class("-narrow")
        boxes = [pane.query_one(f"#address-{k}").region for k in ("delivery", "billing")]
        assert boxes[0].y == boxes[1].y
        assert boxes[1].x > boxes[0].x
        assert pane.query_one(TabbedContent).active == "tab-details"


async def test_keys_wait_for_the_customer_on_the_way(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.shopify)
        screen = screen_of(app)
        assert screen.check_action("edit_comment", ())
        screen.open_profile(cast.guest, "Guest")  # still showing Anna until the guest arrives
        assert not screen.check_action("edit_comment", ())
        await wait_for(pilot, lambda: pane_of(app).customer_id == cast.guest)
        assert screen.check_action("edit_comment", ())


async def test_an_older_answer_never_replaces_a_newer_one(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.long_history, "o")
        screen = screen_of(app)
        with shared_db.sessions() as session:
            ten = load_profile(session, cast.long_history, AS_OF)
        await pilot.press("a")
        table = app.screen.query_one("#orders", DataTable)
        await wait_for(pilot, lambda: table.row_count == 30)
        # The first load's answer, slower than the "show all" one, arrives last:
        screen.post_message(ProfileLoaded(screen._profile_request - 1, ten))
        await settle(pilot)
        assert table.row_count == 30
        assert not screen.check_action("all_orders", ())  # every order is shown


async def test_keys_inside_the_profile_stay_inside(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.shopify, "o", "enter")
        screen = screen_of(app)
        orders = app.screen.query_one("#orders", DataTable)
        assert app.focused is orders
        query = screen.list_query
        await pilot.press("r", "s", "1")  # the list's keys: not from inside the profile
        assert screen.list_query == query
        assert screen.open_customer == cast.shopify
        await pilot.press("l")  # another tab: the focus follows into it
        await pilot.pause()
        assert app.focused is app.screen.query_one("#letters", DataTable)
        assert "Sent to" in text_of(app, "#letter-detail")
        assert "Anna Schmidt" in text_of(app, "#letter-detail")  # the address as printed
        await pilot.press("escape")
        assert screen.customer_list.has_focus
        assert screen.open_customer == cast.shopify


async def test_comment_lines_and_control_characters(
    own_db: Database, cast: profile_customers.Cast
) -> None:
    with own_db.sessions.begin() as session:
        customer = session.get(Customer, cast.no_orders)
        assert customer is not None
        customer.comment = "first line\nsecond\x1b[31m line"
    app = make_app(own_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.no_orders)
        shown = text_of(app, "#profile-comment").splitlines()
        assert shown[1:] == ["first line", "second␛[31m line"]
        await pilot.press("c")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "first line\nsecond␛[31m line"


async def test_lifetime_value_names_other_currencies(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, cast.shopify, "i")
        tile = text_of(app, "#stat-value")
        assert "CHF10.50" in tile  # the latest order's currency
        assert "+ €55.40" in tile  # the counting EUR orders (#1001, returned #1002)


async def test_profile_actions_are_in_the_command_palette(
    shared_db: Database, cast: profile_customers.Cast
) -> None:
    app = make_app(shared_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_customer(pilot, cast.long_history)
        titles = [t for t, _, _ in screen_of(app).profile_commands()]
        assert "Profile: Orders" in titles
        assert "Profile: All orders" not in titles  # only on the orders tab
        await pilot.press("ctrl+p", *"Profile: Orders")
        palette = app.screen
        hits = palette.query_one(CommandList)
        for _ in range(200):
            if hits.option_count and "Profile: Orders" in str(hits.get_option_at_index(0).prompt):
                break
            await pilot.pause(0.05)
        await pilot.press("enter")
        await settle(pilot)
        assert pane_of(app).section == "orders"
        assert "Profile: All orders" in [t for t, _, _ in screen_of(app).profile_commands()]
