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
from textual.events import Click
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from autoletter_tui import formatting
from autoletter_tui.data.models import AddressKind
from autoletter_tui.data.profile import ItemLine, LetterLine, OrderLine, Profile
from autoletter_tui.i18n import N_, _
from autoletter_tui.widgets import profile_text as pt
from autoletter_tui.widgets.literal import clean, clean_text

TABS = {  # section key -> tab id
    "details": "tab-details",
    "orders": "tab-orders",
    "statistics": "tab-statistics",
    "letters": "tab-letters",
    "timeline": "tab-timeline",
}
NARROW = 66  # below this pane width, addresses stack and tiles go two to a row
LOADING_AFTER = 0.15  # seconds: a quick load keeps the old content instead of flashing
TILE_TITLES = {
    "orders": N_("Orders"),
    "value": N_("Lifetime value"),
    "average": N_("Average order"),
    "first": N_("First order"),
    "last": N_("Last order"),
    "since": N_("Days since last"),
}


class StatTile(Static):
    def show(self, title: str, value: str, note: str = "") -> None:
        self.update(
            Content.from_markup(
                "[dim]$title[/]\n[b]$value[/] [dim]$note[/]", title=title, value=value, note=note
            )
        )


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
        max-height: 14;
    }
    ProfilePane #order-items, ProfilePane #checkouts, ProfilePane #letter-detail {
        height: auto;
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

    @dataclass
    class EditWanted(Message):
        """The operator clicked contact details or an address: edit that part."""

        section: str  # "contact" or an address kind

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.profile: Profile | None = None
        self._loading_timer: Timer | None = None
        self._now = datetime.min.replace(tzinfo=UTC)
        self._stale: set[str] = set()  # sections not yet filled from ``profile``
        self._items_for: int | None = None  # the order whose items are shown

    def compose(self) -> ComposeResult:
        yield Static(id="profile-name")
        yield Static(id="letter-warning")
        with TabbedContent(id="profile-tabs"):
            with (
                # TRANSLATORS: a tab's title and, after it, the key that opens it (keep it).
                TabPane(_("Details d"), id=TABS["details"]),
                VerticalScroll(can_focus=True, id="details-scroll"),
            ):
                yield Static(id="profile-contact", classes="section")
                yield Static(id="profile-sources", classes="section")
                yield Static(id="profile-comment", classes="section")
                with Horizontal(id="addresses"):
                    for kind in AddressKind:
                        yield Static(id=f"address-{kind.value}")
            with (
                TabPane(_("Orders o"), id=TABS["orders"]),
                VerticalScroll(id="orders-scroll"),
            ):
                yield Static(id="order-summary")
                yield DataTable(id="orders", cursor_type="row", zebra_stripes=True)
                yield Static(id="orders-more", classes="hint")
                yield Static(id="order-items")
                yield Static(id="checkouts")
            with (
                TabPane(_("Statistics i"), id=TABS["statistics"]),
                VerticalScroll(can_focus=True, id="statistics-scroll"),
            ):
                with Vertical(id="stat-tiles"):
                    for name in ("orders", "value", "average", "first", "last", "since"):
                        yield StatTile(id=f"stat-{name}")
                yield Static(id="orders-per-month", classes="section")
                yield Static(id="top-products", classes="section")
            with TabPane(_("Letters l"), id=TABS["letters"]):
                yield Static(id="last-contacted", classes="section")
                yield DataTable(id="letters", cursor_type="row", zebra_stripes=True)
                yield Static(id="letter-detail")
            with (
                TabPane(_("Timeline t"), id=TABS["timeline"]),
                VerticalScroll(can_focus=True, id="timeline-scroll"),
            ):
                yield Static(id="timeline")

    def on_mount(self) -> None:
        self.query_one("#orders", DataTable).add_columns(*map(_, pt.ORDER_COLUMNS))
        self.query_one("#letters", DataTable).add_columns(*map(_, pt.LETTER_COLUMNS))

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

    def loading_for(self, customer_id: int, name: str) -> None:
        """A customer is on the way: name them now, show a spinner if it takes long (a quick
        load keeps the previous content instead of flashing; the screen's keys wait for it)."""
        if customer_id == self.customer_id:
            return  # a reload of the one shown
        if name:
            self.query_one("#profile-name", Static).update(Content(clean(name)))
        self._stop_loading_timer()
        if self.profile is None:
            self.loading = True
        else:
            self._loading_timer = self.set_timer(LOADING_AFTER, self._show_loading)

    def _show_loading(self) -> None:
        self.loading = True

    def _stop_loading_timer(self) -> None:
        if self._loading_timer is not None:
            self._loading_timer.stop()
            self._loading_timer = None

    def load_failed(self) -> None:
        """The profile could not be read (the screen says why): show that, not old content."""
        self._stop_loading_timer()
        self.loading = False
        self.profile = None
        self.query_one("#profile-name", Static).update(_("This customer could not be loaded."))
        self.query_one("#letter-warning", Static).update("")
        self.query_one(TabbedContent).display = False

    def show(self, profile: Profile | None, now: datetime) -> None:
        self._stop_loading_timer()
        self.loading = False
        previous = self.customer_id
        self.profile = profile
        tabs = self.query_one(TabbedContent)
        if profile is None:
            self.query_one("#profile-name", Static).update(_("This customer no longer exists."))
            self.query_one("#letter-warning", Static).update("")
            tabs.display = False  # nothing of the customer shown before may stay
            return
        tabs.display = True
        c = profile.contact
        self.query_one("#profile-name", Static).update(
            Content.from_markup("$name [dim]$number[/]", name=clean(c.name), number=clean(c.number))
        )
        self.query_one("#letter-warning", Static).update(pt.letter_warning(profile.addresses))
        if c.id != previous:
            self._items_for = None
        # Only the open tab is filled now; the others when they are opened: an operator
        # browsing the list with the profile open sees one tab per customer.
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
        if section == "details":
            self._show_details(profile, self._now)
        elif section == "orders":
            self._show_orders(profile)
        elif section == "statistics":
            self._show_statistics(profile, self._now)
        elif section == "letters":
            self._show_letters(profile, self._now)
        else:
            self.query_one("#timeline", Static).update(
                pt.timeline(profile.timeline, profile.timeline_complete)
            )

    def show_items(self, order: OrderLine, items: list[ItemLine]) -> None:
        if self.profile is None or order.id not in {o.id for o in self.profile.orders}:
            return  # the list has moved on
        self._items_for = order.id
        shown = self.query_one("#order-items", Static)
        shown.update(pt.order_items(order, items))
        self.call_after_refresh(self.query_one("#orders-scroll").scroll_to_widget, shown)

    def highlighted_letter(self) -> LetterLine | None:
        table = self.query_one("#letters", DataTable)
        if self.profile is None or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((x for x in self.profile.letters if str(x.id) == key), None)

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
            Content.from_markup(_("[b]Comment[/] [dim](c to edit)[/]"))
            + Content("\n")
            + (Content(clean_text(comment)) if comment else Content.from_markup(_("[dim]none[/]")))
        )

    def _refill(self, table: DataTable[object], rows: dict[str, tuple[object, ...]]) -> None:
        """Replace the rows, keeping the cursor on the row it was on if that is still there."""
        keep: str | None = None
        if table.row_count:
            keep = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        table.clear()
        for key, cells in rows.items():
            table.add_row(*cells, key=key)
        if rows:
            keys = list(rows)
            table.move_cursor(row=keys.index(keep) if keep in keys else 0, animate=False)

    def _show_orders(self, profile: Profile) -> None:
        self.query_one("#order-summary", Static).update(pt.order_summary(profile.summary))
        table = self.query_one("#orders", DataTable)
        self._refill(table, {str(o.id): pt.order_cells(o) for o in profile.orders})
        shown, total = len(profile.orders), profile.summary.orders
        if profile.all_orders_shown:
            hint = _("enter: items · O: order overview")
        else:
            hint = _("Newest {shown} of {total} · a: show all · enter: items · O: order overview")
            hint = hint.format(shown=formatting.count(shown), total=formatting.count(total))
        self.query_one("#orders-more", Static).update(Content(hint) if total else Content(""))
        if self._items_for not in {o.id for o in profile.orders}:
            self._items_for = None
            self.query_one("#order-items", Static).update("")
        self.query_one("#checkouts", Static).update(pt.checkouts(profile.checkouts))

    def _show_statistics(self, profile: Profile, now: datetime) -> None:
        s = profile.statistics
        others = " + ".join(formatting.money(v, c) for c, v in s.other_values)
        tiles = {
            "orders": formatting.count(s.orders),
            "value": formatting.money(s.lifetime_value, s.currency),
            "average": formatting.money(s.average, s.currency) if s.average is not None else "–",
            "first": formatting.day(s.first_order_at) or "–",
            "last": formatting.day(s.last_order_at) or "–",
            "since": (
                formatting.count(s.days_since_last) if s.days_since_last is not None else "–"
            ),
        }
        for name, value in tiles.items():
            note = f"+ {others}" if name == "value" and others else ""
            self.query_one(f"#stat-{name}", StatTile).show(_(TILE_TITLES[name]), value, note)
        self.query_one("#orders-per-month", Static).update(pt.orders_per_month(s.monthly, now))
        self.query_one("#top-products", Static).update(pt.top_products(profile.top_products))

    def _show_letters(self, profile: Profile, now: datetime) -> None:
        self.query_one("#last-contacted", Static).update(
            pt.last_contacted(profile.last_letter_at, now)
        )
        table = self.query_one("#letters", DataTable)
        self._refill(table, {str(letter.id): pt.letter_cells(letter) for letter in profile.letters})
        table.display = bool(profile.letters)
        self._show_letter_detail()

    def _show_letter_detail(self) -> None:
        letter = self.highlighted_letter()
        self.query_one("#letter-detail", Static).update(
            pt.letter_detail(letter) if letter else Content("")
        )

    # -- events ---------------------------------------------------------------------------
    def on_click(self, event: Click) -> None:
        widget = event.widget
        if widget is None or self.profile is None:
            return
        if widget.id == "profile-contact":
            self.post_message(self.EditWanted("contact"))
        elif widget.id and widget.id.startswith("address-"):
            self.post_message(self.EditWanted(widget.id.removeprefix("address-")))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "letters":
            self._show_letter_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "orders" or self.profile is None:
            return
        event.stop()
        order_id = int(str(event.row_key.value))
        line = next((o for o in self.profile.orders if o.id == order_id), None)
        if line is not None:
            self.post_message(self.OrderOpened(self.profile.contact.id, line))
