"""The profile pane that expands from the list: a customer's seven sections in five tabs.

Details (contact, sources, the three addresses, the comment), Orders (summary, the newest
orders, the opened order's items, abandoned and recovered checkouts), Statistics (tiles,
orders per month, top products), Letters (campaigns and letters) and Timeline. The letter
address warning sits over the tabs, so it is on the first screen whatever tab is open.

The pane renders what it is given and asks for more with messages; the screen owns the
database and answers in workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from autoletter_tui import formatting
from autoletter_tui.data.models import AddressKind
from autoletter_tui.data.profile import ItemLine, LetterLine, OrderLine, Profile
from autoletter_tui.widgets import profile_text as pt
from autoletter_tui.widgets.literal import clean

TABS = {  # section key -> tab id
    "details": "tab-details",
    "orders": "tab-orders",
    "statistics": "tab-statistics",
    "letters": "tab-letters",
    "timeline": "tab-timeline",
}
NARROW = 72  # below this pane width, addresses stack and tiles go two to a row
LOADING_AFTER = 0.15  # seconds: a quick load keeps the old content instead of flashing


class StatTile(Static):
    def show(self, title: str, value: str) -> None:
        self.update(Content.from_markup("[dim]$title[/]\n[b]$value[/]", title=title, value=value))


class ProfilePane(Vertical):
    DEFAULT_CSS = """
    ProfilePane {
        width: 3fr;
        min-width: 40;
        border-left: vkey $primary;
        padding: 0 0 0 1;
        display: none;
    }
    ProfilePane.-open {
        display: block;
    }
    ProfilePane #profile-name {
        text-style: bold;
        color: $text-primary;
    }
    ProfilePane #letter-warning {
        height: auto;
    }
    ProfilePane #profile-tabs {
        height: 1fr;
    }
    ProfilePane TabPane {
        padding: 0;
    }
    ProfilePane .section {
        height: auto;
        margin-bottom: 1;
    }
    ProfilePane #addresses {
        height: auto;
        margin-bottom: 1;
    }
    ProfilePane #addresses > Static {
        width: 1fr;
        height: auto;
        margin-right: 1;
    }
    ProfilePane.-narrow #addresses {
        layout: vertical;
    }
    ProfilePane.-narrow #addresses > Static {
        margin-bottom: 1;
    }
    ProfilePane #orders, ProfilePane #letters {
        height: auto;
        max-height: 1fr;
    }
    ProfilePane #order-items, ProfilePane #checkouts {
        height: auto;
        max-height: 12;
        margin-top: 1;
    }
    ProfilePane #stat-tiles {
        layout: grid;
        grid-size: 3;
        grid-gutter: 0 1;
        height: auto;
        margin-bottom: 1;
    }
    ProfilePane.-narrow #stat-tiles {
        grid-size: 2;
    }
    ProfilePane StatTile {
        height: 2;
        background: $boost;
        padding: 0 1;
    }
    ProfilePane .hint {
        color: $text-muted;
    }
    """

    @dataclass
    class OrderOpened(Message):
        """The operator opened an order: its items are wanted."""

        customer_id: int
        order: OrderLine

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.profile: Profile | None = None
        self._loading_timer: Timer | None = None
        self._now = datetime.min.replace(tzinfo=UTC)
        self._stale: set[str] = set()  # sections not yet filled from ``profile``
        self._filled_for: dict[str, int] = {}  # section -> customer it was last filled for

    def compose(self) -> ComposeResult:
        yield Static(id="profile-name")
        yield Static(id="letter-warning")
        with TabbedContent(id="profile-tabs"):
            with (
                TabPane("Details d", id=TABS["details"]),
                VerticalScroll(can_focus=True, id="details-scroll"),
            ):
                yield Static(id="profile-contact", classes="section")
                yield Static(id="profile-sources", classes="section")
                yield Static(id="profile-comment", classes="section")
                with Horizontal(id="addresses"):
                    for kind in AddressKind:
                        yield Static(id=f"address-{kind.value}")
            with TabPane("Orders o", id=TABS["orders"]):
                yield Static(id="order-summary")
                yield DataTable(id="orders", cursor_type="row", zebra_stripes=True)
                yield Static(id="orders-more", classes="hint")
                yield Static(id="order-items")
                yield Static(id="checkouts")
            with (
                TabPane("Statistics i", id=TABS["statistics"]),
                VerticalScroll(can_focus=True, id="statistics-scroll"),
            ):
                with Vertical(id="stat-tiles"):
                    for name in ("orders", "value", "average", "first", "last", "since"):
                        yield StatTile(id=f"stat-{name}")
                yield Static(id="orders-per-month", classes="section")
                yield Static(id="top-products", classes="section")
            with TabPane("Letters l", id=TABS["letters"]):
                yield Static(id="last-contacted", classes="section")
                yield DataTable(id="letters", cursor_type="row", zebra_stripes=True)
                yield Static(
                    "v: open the letter's PDF as it was sent", id="letters-hint", classes="hint"
                )
            with (
                TabPane("Timeline t", id=TABS["timeline"]),
                VerticalScroll(can_focus=True, id="timeline-scroll"),
            ):
                yield Static(id="timeline")

    def on_mount(self) -> None:
        self.query_one("#orders", DataTable).add_columns(*pt.ORDER_COLUMNS)
        self.query_one("#letters", DataTable).add_columns(*pt.LETTER_COLUMNS)

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    # -- what the screen calls ------------------------------------------------------------
    @property
    def customer_id(self) -> int | None:
        return self.profile.contact.id if self.profile else None

    @property
    def section(self) -> str:
        active = self.query_one(TabbedContent).active
        return next((key for key, tab in TABS.items() if tab == active), "details")

    def show_section(self, key: str) -> None:
        self.query_one(TabbedContent).active = TABS[key]

    def focus_section(self) -> None:
        """Focus what the active tab is worked with: a table or the scrolled text."""
        target = {
            "orders": "#orders",
            "letters": "#letters",
            "details": "#details-scroll",
            "statistics": "#statistics-scroll",
            "timeline": "#timeline-scroll",
        }[self.section]
        self.query_one(target).focus()

    def loading_for(self, name: str) -> None:
        """Another customer is on the way: name them now, show a spinner if it takes long."""
        if name:
            self.query_one("#profile-name", Static).update(Content(clean(name)))
        if self._loading_timer is not None:
            self._loading_timer.stop()
        if self.profile is None:
            self.loading = True
        else:
            self._loading_timer = self.set_timer(LOADING_AFTER, self._show_loading)

    def _show_loading(self) -> None:
        self.loading = True

    def show(self, profile: Profile | None, now: datetime) -> None:
        if self._loading_timer is not None:
            self._loading_timer.stop()
            self._loading_timer = None
        self.loading = False
        self.profile = profile
        if profile is None:
            self.query_one("#profile-name", Static).update("This customer no longer exists.")
            self.query_one("#letter-warning", Static).update("")
            return
        c = profile.contact
        self.query_one("#profile-name", Static).update(
            Content.from_markup("$name [dim]$number[/]", name=clean(c.name), number=c.number)
        )
        self.query_one("#letter-warning", Static).update(pt.letter_warning(profile.addresses))
        # Only the open tab is filled now; the others when they are opened. Filling a table
        # costs a few ms a row, and an operator browsing the list sees one tab per customer.
        self._now = now
        self._stale = set(TABS)
        self._fill(self.section)

    def on_tabbed_content_tab_activated(self) -> None:
        self._fill(self.section)

    def _fill(self, section: str) -> None:
        profile = self.profile
        if profile is None or section not in self._stale:
            return
        self._stale.discard(section)
        # Tables keep their cursor when they are refilled for the customer they showed.
        same = self._filled_for.get(section) == profile.contact.id
        self._filled_for[section] = profile.contact.id
        if section == "details":
            self._show_details(profile, self._now)
        elif section == "orders":
            self._show_orders(profile, keep_cursor=same)
        elif section == "statistics":
            self._show_statistics(profile, self._now)
        elif section == "letters":
            self._show_letters(profile, self._now, keep_cursor=same)
        else:
            self.query_one("#timeline", Static).update(
                pt.timeline(profile.timeline, profile.timeline_complete)
            )

    def show_items(self, order: OrderLine, items: list[ItemLine]) -> None:
        self.query_one("#order-items", Static).update(pt.order_items(order, items))

    def highlighted_letter(self) -> LetterLine | None:
        table = self.query_one("#letters", DataTable)
        if self.profile is None or not self.profile.letters or table.row_count == 0:
            return None
        return self.profile.letters[min(table.cursor_row, len(self.profile.letters) - 1)]

    # -- sections -------------------------------------------------------------------------
    def _show_details(self, profile: Profile, now: datetime) -> None:
        self.query_one("#profile-contact", Static).update(pt.contact(profile.contact, now))
        self.query_one("#profile-sources", Static).update(pt.sources(profile.sources))
        a = profile.addresses
        views = {AddressKind.DELIVERY: a.delivery, AddressKind.BILLING: a.billing,
                 AddressKind.LETTER: a.letter}  # fmt: skip
        for kind, view in views.items():
            self.query_one(f"#address-{kind.value}", Static).update(pt.address(kind, view, a))
        comment = profile.contact.comment
        self.query_one("#profile-comment", Static).update(
            Content.from_markup("[b]Comment[/] [dim](c to edit)[/]\n")
            + (Content(clean(comment)) if comment else Content.from_markup("[dim]none[/]"))
        )

    def _show_orders(self, profile: Profile, *, keep_cursor: bool) -> None:
        self.query_one("#order-summary", Static).update(pt.order_summary(profile.summary))
        table = self.query_one("#orders", DataTable)
        cursor = table.cursor_row if keep_cursor else 0
        table.clear()
        for line in profile.orders:
            table.add_row(*pt.order_cells(line), key=str(line.id))
        if profile.orders:
            table.move_cursor(row=min(cursor, len(profile.orders) - 1), animate=False)
        shown, total = len(profile.orders), profile.summary.orders
        more = (
            f"Newest {shown} of {formatting.count(total)} · a: show all · " if shown < total else ""
        )
        self.query_one("#orders-more", Static).update(
            Content(f"{more}enter: items · O: order overview") if total else Content("")
        )
        if not keep_cursor:
            self.query_one("#order-items", Static).update("")
        self.query_one("#checkouts", Static).update(pt.checkouts(profile.checkouts))

    def _show_statistics(self, profile: Profile, now: datetime) -> None:
        s = profile.statistics
        tiles = {
            "orders": ("Orders", formatting.count(s.orders)),
            "value": ("Lifetime value", formatting.money(s.lifetime_value, s.currency)),
            "average": (
                "Average order",
                formatting.money(s.average, s.currency) if s.average is not None else "–",
            ),
            "first": ("First order", formatting.day(s.first_order_at) or "–"),
            "last": ("Last order", formatting.day(s.last_order_at) or "–"),
            "since": (
                "Days since last",
                formatting.count(s.days_since_last) if s.days_since_last is not None else "–",
            ),
        }
        for name, (title, value) in tiles.items():
            self.query_one(f"#stat-{name}", StatTile).show(title, value)
        self.query_one("#orders-per-month", Static).update(pt.orders_per_month(s.monthly, now))
        self.query_one("#top-products", Static).update(pt.top_products(profile.top_products))

    def _show_letters(self, profile: Profile, now: datetime, *, keep_cursor: bool) -> None:
        self.query_one("#last-contacted", Static).update(
            pt.last_contacted(profile.last_letter_at, now)
        )
        table = self.query_one("#letters", DataTable)
        cursor = table.cursor_row if keep_cursor else 0
        table.clear()
        for line in profile.letters:
            table.add_row(*pt.letter_cells(line), key=str(line.id))
        if profile.letters:
            table.move_cursor(row=min(cursor, len(profile.letters) - 1), animate=False)
        table.display = bool(profile.letters)
        self.query_one("#letters-hint", Static).display = bool(profile.letters)

    # -- events ---------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "orders" or self.profile is None:
            return
        event.stop()
        order_id = int(str(event.row_key.value))
        line = next((o for o in self.profile.orders if o.id == order_id), None)
        if line is not None:
            self.post_message(self.OrderOpened(self.profile.contact.id, line))
