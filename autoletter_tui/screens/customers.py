"""The customer overview: KPI tiles, search, filters and the virtual list of all customers,
with the profile pane that expands from it.

Every database read runs in a thread worker and answers with a message; a reply for a list
that has since been replaced (new search, sort or filter) is dropped by its generation number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static
from textual.worker import Worker, WorkerState

from autoletter_tui import formatting
from autoletter_tui.data import overview as ov
from autoletter_tui.data.db import Database
from autoletter_tui.data.queries import Kpis, kpis
from autoletter_tui.i18n import N_, _
from autoletter_tui.letters.campaigns import RECENT_DAYS
from autoletter_tui.letters.viewing import DEFAULT_TRACKING_URL
from autoletter_tui.screens.campaign import CampaignScreen
from autoletter_tui.screens.campaigns import CampaignsScreen
from autoletter_tui.screens.filters import FilterScreen, describe
from autoletter_tui.screens.importing import ImportScreen
from autoletter_tui.screens.profile_host import PROFILE_BINDINGS, ProfileHost
from autoletter_tui.widgets.customer_list import COLUMNS, CustomerList, ListHeader
from autoletter_tui.widgets.kpis import KpiStrip
from autoletter_tui.widgets.profile import ProfilePane

if TYPE_CHECKING:
    from autoletter_tui.sources.accounts import ShopAccount

SEARCH_DELAY = 0.3  # seconds of quiet typing before the list follows the search box
ANCHORS_WHEN_IDLE = 2.0  # seconds after the count before a list's anchors are read anyway


@dataclass
class RowsLoaded(Message):
    generation: int
    start: int
    rows: list[ov.ListRow]
    exact_total: int | None = None  # known from a first page shorter than asked


@dataclass
class Counted(Message):
    generation: int
    total: int


@dataclass
class AnchorsLoaded(Message):
    generation: int
    anchors: list[ov.Cursor]


@dataclass
class KpisLoaded(Message):
    kpis: Kpis


@dataclass
class Located(Message):
    generation: int
    position: int | None
    customer_id: int


# Whole messages: a binding's description is translated as it is (``screens.base``).
SORT_BY = {
    ov.SortKey.NAME: N_("Sort by Name"),
    ov.SortKey.EMAIL: N_("Sort by Email"),
    ov.SortKey.COMPANY: N_("Sort by Company"),
    ov.SortKey.LOCATION: N_("Sort by Location"),
    ov.SortKey.STATUS: N_("Sort by Status"),
    ov.SortKey.ORDERS: N_("Sort by Orders"),
    ov.SortKey.VALUE: N_("Sort by Value"),
    ov.SortKey.LAST_ORDER: N_("Sort by Last order"),
}

LIST_ACTIONS = frozenset({"sort", "next_sort", "reverse", "filters", "new_campaign"})


class CustomersScreen(ProfileHost):
    DEFAULT_CSS = """
    CustomersScreen #search {
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }
    CustomersScreen #search:focus {
        background: $primary 20%;
    }
    CustomersScreen #status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    CustomersScreen #list-area {
        width: 2fr;
    }
    """
    BINDINGS = [
        Binding("slash", "focus_search", N_("Search"), id="customers.search"),
        Binding("f", "filters", N_("Filters"), id="customers.filters"),
        Binding("n", "new_campaign", N_("New campaign"), id="customers.new_campaign"),
        Binding("C", "campaigns", N_("Campaigns"), id="customers.campaigns"),
        # Occasional: in the palette and README, not taking footer room from the list keys.
        Binding("I", "import_csv", N_("Import"), id="customers.import", show=False),
        Binding("S", "sync_shops", N_("Sync shops"), id="customers.sync", show=False),
        Binding("s", "next_sort", N_("Sort"), id="customers.sort"),
        Binding("r", "reverse", N_("Reverse"), id="customers.reverse"),
        Binding("escape", "back", N_("Close"), id="customers.close"),
        *(
            Binding(str(n), f"sort('{c.key.value}')", SORT_BY[c.key], show=False,
                    id=f"customers.sort_{c.key.value}")
            for n, c in enumerate(COLUMNS, start=1)
        ),
        *PROFILE_BINDINGS,
    ]  # fmt: skip

    def __init__(
        self,
        database: Database,
        now: Callable[[], datetime],
        operator: str = "",
        tracking_url: str = DEFAULT_TRACKING_URL,
        *,
        shops: Sequence[ShopAccount] = (),
        recent_days: int = RECENT_DAYS,
    ) -> None:
        super().__init__(database, now, operator, tracking_url)
        self.shops = list(shops)  # the shop accounts "Sync now" offers
        self.recent_days = recent_days  # a new campaign's default "skip contacted" window
        self.list_query = ov.ListQuery()
        self.list_now = now()
        self.pending_locate: Located | None = None  # a jump that waits for the count
        self.anchors: list[ov.Cursor] | None = None
        self.counted = False
        self.waiting: list[CustomerList.RowsWanted] = []  # need anchors first
        self._anchor_timer: Timer | None = None
        self._anchors_asked = False
        self._search_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield KpiStrip()
        yield Input(placeholder=_("Search name, email, company, city, number…  ( / )"), id="search")
        yield Static(id="status")
        with Horizontal():
            with Vertical(id="list-area"):
                yield ListHeader()
                yield CustomerList(id="customers")
            yield ProfilePane(id="profile")
        yield Footer()

    @property
    def customer_list(self) -> CustomerList:
        return self.query_one(CustomerList)

    def on_mount(self) -> None:
        self.customer_list.focus()
        self.apply_query(self.list_query)
        self.load_kpis()

    # -- the query ------------------------------------------------------------------------
    def apply_query(self, query: ov.ListQuery, *, focus_customer: int | None = None) -> None:
        self.list_query = query
        self.list_now = self.now()  # one "today" for every read of this list (letter filters)
        self.anchors = None
        self.counted = False
        self.waiting.clear()
        self.pending_locate = None
        self._anchors_asked = False
        if self._anchor_timer is not None:
            self._anchor_timer.stop()
        header = self.query_one(ListHeader)
        header.sort, header.descending = query.sort, query.descending
        generation = self.customer_list.reset(0)
        self.load_first_page(generation, query)
        self.count_rows(generation, query)
        if focus_customer is not None:
            self.locate(generation, query, focus_customer)
        self._show_status()

    @work(thread=True, group="rows", exit_on_error=False)
    def load_first_page(self, generation: int, query: ov.ListQuery) -> None:
        with self.database.sessions() as session:
            rows = ov.page(session, query, self.list_now, limit=FIRST_PAGE)
        exact = len(rows) if len(rows) < FIRST_PAGE else None
        self.post_message(RowsLoaded(generation, 0, rows, exact))

    @work(thread=True, group="count", exit_on_error=False)
    def count_rows(self, generation: int, query: ov.ListQuery) -> None:
        with self.database.sessions() as session:
            total = ov.count(session, query, self.list_now)
        self.post_message(Counted(generation, total))

    @work(thread=True, exclusive=True, group="anchors", exit_on_error=False)
    def load_anchors(self, generation: int, query: ov.ListQuery) -> None:
        with self.database.sessions() as session:
            anchors = ov.anchors(session, query, self.list_now)
        self.post_message(AnchorsLoaded(generation, anchors))

    @work(thread=True, group="rows", exit_on_error=False)
    def fetch_rows(self, generation: int, query: ov.ListQuery, fetch: ov.Fetch) -> None:
        with self.database.sessions() as session:
            rows = ov.run_fetch(session, query, self.list_now, fetch)
        self.post_message(RowsLoaded(generation, fetch.start, rows))

    @work(thread=True, group="rows", exit_on_error=False)
    def locate(self, generation: int, query: ov.ListQuery, customer_id: int) -> None:
        with self.database.sessions() as session:
            cursor = ov.cursor_of(session, query, customer_id)
            position = ov.position_of(session, query, self.list_now, cursor) if cursor else None
        self.post_message(Located(generation, position, customer_id))

    @work(thread=True, exclusive=True, group="kpis", exit_on_error=False)
    def load_kpis(self) -> None:
        with self.database.sessions() as session:
            figures = kpis(session, self.now())
        self.post_message(KpisLoaded(figures))

    # -- answers --------------------------------------------------------------------------
    def on_rows_loaded(self, message: RowsLoaded) -> None:
        lst = self.customer_list
        if message.generation != lst.generation:
            return
        if not self.counted:
            # Until the count arrives the list is as long as what is known (+1 while the
            # first page was full, so that it can be scrolled into).
            known = message.start + len(message.rows)
            total = message.exact_total if message.exact_total is not None else known + 1
            if total > lst.total:
                lst.set_total(total)
        lst.put_rows(message.generation, message.start, message.rows)
        self._show_status()

    def on_counted(self, message: Counted) -> None:
        lst = self.customer_list
        if message.generation != lst.generation:
            return
        self.counted = True
        lst.set_total(message.total)
        if self.pending_locate is not None:
            lst.move_to(self.pending_locate.position or 0)
            self.pending_locate = None
        self._show_status()
        if message.total > ov.ANCHOR_EVERY:
            # Anchors cost a pass over the whole list (~1 s at a million rows) and only a far
            # jump needs them: read them when one does, or a little after the count arrived.
            self._anchor_timer = self.set_timer(ANCHORS_WHEN_IDLE, self._ask_anchors)

    def _ask_anchors(self) -> None:
        if not self._anchors_asked and self.counted:
            self._anchors_asked = True
            self.load_anchors(self.customer_list.generation, self.list_query)

    def on_anchors_loaded(self, message: AnchorsLoaded) -> None:
        if message.generation != self.customer_list.generation:
            return
        self.anchors = message.anchors
        waiting, self.waiting = self.waiting, []
        lst = self.customer_list
        top, height = lst.scroll_offset.y, lst.size.height
        for wanted in waiting:  # only what is still on screen; the rest is asked again if seen
            if wanted.start < top + height and wanted.start + wanted.count > top:
                self.on_customer_list_rows_wanted(wanted)
            else:
                lst.forget_request(wanted.start)

    def on_kpis_loaded(self, message: KpisLoaded) -> None:
        self.query_one(KpiStrip).show(message.kpis)

    def on_located(self, message: Located) -> None:
        if message.generation != self.customer_list.generation or message.position is None:
            return
        self.open_profile(message.customer_id, "")
        if self.counted:
            self.customer_list.move_to(message.position)
        else:  # the list is not yet as long as the position: move once it is counted
            self.pending_locate = message

    def on_customer_list_rows_wanted(self, message: CustomerList.RowsWanted) -> None:
        lst = self.customer_list
        if message.generation != lst.generation:
            return
        fetch = ov.plan_fetch(
            message.start, message.count, lst.total, cursor_at=lst.cursors(), anchors=self.anchors
        )
        if fetch is None:
            self.waiting.append(message)
            self._ask_anchors()
        elif fetch.limit > 0:
            self.fetch_rows(message.generation, self.list_query, fetch)

    def on_customer_list_highlighted(self, message: CustomerList.Highlighted) -> None:
        self._show_status()
        row = message.row
        if self.pending_locate is not None or row is None:
            return  # the profile shows the customer being jumped to
        if message.position != self.customer_list.cursor:
            return  # the cursor has moved on since (a jump overtook this message)
        if self.open_customer is not None and row.id != self.open_customer:
            self.open_profile(row.id, row.name)

    def on_customer_list_selected(self, message: CustomerList.Selected) -> None:
        if message.row.id == self.open_customer:  # open already: go into it
            self.pane.focus_section()
        else:
            self.open_profile(message.row.id, message.row.name)

    def on_customer_list_sort_clicked(self, message: CustomerList.SortClicked) -> None:
        self.action_sort(message.key.value)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Textual also calls DeskScreen's handler (every class's in the MRO): it shows the error.
        if event.state is not WorkerState.ERROR:
            return
        group = event.worker.group
        if group == "rows":  # rows that never came are asked for again when next drawn
            self.customer_list.forget_requests()
        elif group == "anchors":
            self._anchors_asked = False
        elif group == "count":
            self.query_one("#status", Static).update(Content(_("count failed")), layout=False)

    # -- the status line ------------------------------------------------------------------
    def _show_status(self) -> None:
        lst = self.customer_list
        q = self.list_query
        total = formatting.count(lst.total) if self.counted else _("counting…")
        position = (
            _("row {row} of {total}").format(row=formatting.count(lst.cursor + 1), total=total)
            if lst.total
            else _("no rows")
        )
        column = next(c.label() for c in COLUMNS if c.key is q.sort)
        customers = formatting.plural(lst.total, "{n} customer", "{n} customers")
        parts = [customers if self.counted else total, position,
                 _("sorted by {column} {arrow}").format(
                     column=column, arrow="▼" if q.descending else "▲")]  # fmt: skip
        if q.filter.active:
            parts.append(_("filters: {filters}").format(filters=describe(q.filter)))
        # Fixed height: no layout pass for a line that changes on every cursor move.
        self.query_one("#status", Static).update(Content(" · ".join(parts)), layout=False)

    # -- search ---------------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._apply_search)

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self._apply_search()
        self.customer_list.focus()

    def _apply_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        text = self.query_one("#search", Input).value
        if text != self.list_query.search:
            self.apply_query(replace(self.list_query, search=text))

    # -- actions --------------------------------------------------------------------------
    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_sort(self, key: str) -> None:
        sort = ov.SortKey(key)
        q = self.list_query
        descending = not q.descending if q.sort is sort else ov.default_descending(sort)
        self.apply_query(replace(q, sort=sort, descending=descending))

    def action_next_sort(self) -> None:
        keys = [c.key for c in COLUMNS]
        following = keys[(keys.index(self.list_query.sort) + 1) % len(keys)]
        self.action_sort(following.value)

    def action_reverse(self) -> None:
        self.apply_query(replace(self.list_query, descending=not self.list_query.descending))

    def action_filters(self) -> None:
        def chosen(result: ov.CustomerFilter | None) -> None:
            if result is not None and result != self.list_query.filter:
                self.apply_query(replace(self.list_query, filter=result))

        self.app.push_screen(FilterScreen(self.list_query.filter), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The list's keys act on the list: from inside the profile they would re-sort it and
        # swap the customer under the operator.
        focused = self.focused
        if action in LIST_ACTIONS and focused is not None and self.pane in focused.ancestors:
            return False
        return super().check_action(action, parameters)

    def action_new_campaign(self) -> None:
        q = self.list_query
        parts = [_("search {text}").format(text=repr(q.search))] if q.search.strip() else []
        if q.filter.active:
            parts.append(describe(q.filter))
        segment = ", ".join(parts) or _("all customers")
        self.app.push_screen(
            CampaignScreen(self.database, q, segment, self.now(), self.recent_days)
        )

    def action_campaigns(self) -> None:
        self.app.push_screen(CampaignsScreen(self.database, self.now, self.tracking_url))

    def _reload_if_stored(self, stored: bool | None) -> None:
        if stored:  # new and changed customers: read the list and the tiles again
            self.apply_query(self.list_query)
            self.load_kpis()

    def action_import_csv(self) -> None:
        self.app.push_screen(ImportScreen(self.database, self.now), self._reload_if_stored)

    def action_sync_shops(self) -> None:
        from autoletter_tui.screens.shop_sync import ShopSyncScreen  # not needed at start-up

        self.app.push_screen(
            ShopSyncScreen(self.database, self.shops, self.now), self._reload_if_stored
        )

    def action_back(self) -> None:
        if self.focused is not self.customer_list:
            self.customer_list.focus()  # out of the search box or the profile, back to the list
        elif self.open_customer is not None:
            self.close_profile()
            self.customer_list.focus()

    def restore(self, query: ov.ListQuery, customer_id: int | None) -> None:
        """The list and the open customer of the screen this one replaces (a language
        switch rebuilds the desk)."""
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = query.search
        self.apply_query(query, focus_customer=customer_id)

    def jump_to_customer(self, customer_id: int) -> None:
        """Show this customer in the full list (search and filters cleared) and open them."""
        self.query_one("#search", Input).value = ""
        query = replace(self.list_query, search="", filter=ov.CustomerFilter())
        self.apply_query(query, focus_customer=customer_id)

    def sort_commands(self) -> Iterable[tuple[str, str, Callable[[], None]]]:
        """Palette entries: sort by each column."""
        for column in COLUMNS:
            yield (
                _(SORT_BY[column.key]),
                _("Sort the customer list by this column (again: reverse)"),
                partial(self.action_sort, column.key.value),
            )


FIRST_PAGE = 120
