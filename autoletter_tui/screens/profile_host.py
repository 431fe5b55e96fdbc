"""A screen that shows a customer's profile pane and answers what the pane asks for: the
profile itself, an order's items, every order, older timeline entries, comment edits.

Every read and write runs in a thread worker; an answer for a customer who is no longer the
open one is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from textual import work
from textual.binding import Binding
from textual.message import Message

from autoletter_tui.data.comment import CommentConflict, save_comment
from autoletter_tui.data.db import Database
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.profile import (
    TIMELINE_SHOWN,
    ItemLine,
    OrderLine,
    Profile,
    load_profile,
    order_items,
)
from autoletter_tui.screens.base import DeskScreen
from autoletter_tui.screens.comment import CommentScreen
from autoletter_tui.screens.orders import OrdersScreen
from autoletter_tui.widgets.profile import TABS, ProfilePane


@dataclass
class ProfileLoaded(Message):
    customer_id: int
    profile: Profile | None


@dataclass
class ItemsLoaded(Message):
    customer_id: int
    order: OrderLine
    items: list[ItemLine]


@dataclass
class CommentSaved(Message):
    customer_id: int
    changed: bool


@dataclass
class CommentRefused(Message):
    customer_id: int
    reason: str
    attempted: str  # what the operator wrote, so that it is not lost
    current: str | None  # the stored comment, when someone else changed it meanwhile


# Section keys and what each tab offers. Shown in the footer only while they apply.
PROFILE_BINDINGS = [
    *(
        Binding(key, f"section('{section}')", title, show=False, id=f"profile.{section}")
        for key, section, title in (
            ("d", "details", "Details"),
            ("o", "orders", "Orders"),
            ("i", "statistics", "Statistics"),
            ("l", "letters", "Letters"),
            ("t", "timeline", "Timeline"),
        )
    ),
    Binding("c", "edit_comment", "Comment", id="profile.comment"),
    Binding("a", "all_orders", "All orders", id="profile.all_orders"),
    Binding("O", "order_overview", "Order overview", id="profile.order_overview"),
    Binding("v", "open_letter", "View PDF", id="profile.open_letter"),
    Binding("m", "more_timeline", "Older", id="profile.more_timeline"),
]
# Actions that need an open profile, and the tab they belong to (None: any tab).
PROFILE_ACTIONS: dict[str, str | None] = {
    "section": None,
    "edit_comment": None,
    "all_orders": "orders",
    "order_overview": "orders",
    "open_letter": "letters",
    "more_timeline": "timeline",
}


class ProfileHost(DeskScreen[None]):
    def __init__(self, database: Database, now: Callable[[], datetime], operator: str) -> None:
        super().__init__()
        self.database = database
        self.now = now
        self.operator = operator
        self.open_customer: int | None = None
        self.all_orders = False  # "show all" for the open customer
        self.timeline_limit = TIMELINE_SHOWN
        self._comment_base = ""  # the comment the open dialog started from

    @property
    def pane(self) -> ProfilePane:
        return self.query_one(ProfilePane)

    def open_profile(self, customer_id: int, name: str) -> None:
        if customer_id != self.open_customer:
            self.all_orders = False
            self.timeline_limit = TIMELINE_SHOWN
        self.open_customer = customer_id
        pane = self.pane
        pane.add_class("-open")
        pane.loading_for(name)
        self.load_profile(customer_id, self.all_orders, self.timeline_limit)
        self.refresh_bindings()

    def close_profile(self) -> None:
        self.open_customer = None
        self.pane.remove_class("-open")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in PROFILE_ACTIONS:
            return True
        if self.open_customer is None:
            return False
        tab = PROFILE_ACTIONS[action]
        return tab is None or self.pane.section == tab

    # -- workers --------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="profile", exit_on_error=False)
    def load_profile(self, customer_id: int, all_orders: bool, timeline: int) -> None:
        with self.database.sessions() as session:
            profile = load_profile(
                session, customer_id, self.now(), orders=None if all_orders else 10,
                timeline=timeline,
            )  # fmt: skip
        self.post_message(ProfileLoaded(customer_id, profile))

    @work(thread=True, exclusive=True, group="items", exit_on_error=False)
    def load_items(self, customer_id: int, order: OrderLine) -> None:
        with self.database.sessions() as session:
            items = order_items(session, order.id)
        self.post_message(ItemsLoaded(customer_id, order, items))

    @work(thread=True, group="comment", exit_on_error=False)
    def store_comment(self, customer_id: int, base: str, new: str) -> None:
        try:
            with self.database.sessions() as session:
                changed = save_comment(
                    session, customer_id, base=base, new=new, actor=self.operator, now=self.now()
                )
        except CommentConflict as conflict:
            reason = "Someone else changed the comment meanwhile; it was not saved."
            self.post_message(CommentRefused(customer_id, reason, new, conflict.current))
            return
        except UserError as error:
            self.post_message(CommentRefused(customer_id, f"Not saved: {error}", new, None))
            return
        self.post_message(CommentSaved(customer_id, changed))

    # -- answers --------------------------------------------------------------------------
    def on_profile_loaded(self, message: ProfileLoaded) -> None:
        if message.customer_id == self.open_customer:
            self.pane.show(message.profile, self.now())
            self.refresh_bindings()

    def on_items_loaded(self, message: ItemsLoaded) -> None:
        if message.customer_id == self.open_customer:
            self.pane.show_items(message.order, message.items)

    def on_profile_pane_order_opened(self, message: ProfilePane.OrderOpened) -> None:
        if message.customer_id == self.open_customer:
            self.load_items(message.customer_id, message.order)

    def on_comment_saved(self, message: CommentSaved) -> None:
        if message.changed:
            self.notify("Comment saved.", timeout=3)
        if message.customer_id == self.open_customer:
            self.load_profile(message.customer_id, self.all_orders, self.timeline_limit)

    def on_comment_refused(self, message: CommentRefused) -> None:
        if message.customer_id != self.open_customer:
            self.notify(message.reason, title="Comment", severity="error", markup=False)
            return
        self.load_profile(message.customer_id, self.all_orders, self.timeline_limit)
        # Nothing is lost: the dialog comes back with the operator's text and says why; after
        # a conflict it shows what is stored now, and saving again replaces that knowingly.
        base = message.current if message.current is not None else self._comment_base
        self._edit_comment(
            message.customer_id, base, draft=message.attempted, stored=message.current,
            error=None if message.current is not None else message.reason,
        )  # fmt: skip

    # -- actions --------------------------------------------------------------------------
    def action_section(self, section: str) -> None:
        if section in TABS:
            self.pane.show_section(section)
            self.refresh_bindings()

    def action_all_orders(self) -> None:
        if self.open_customer is not None and not self.all_orders:
            self.all_orders = True
            self.load_profile(self.open_customer, True, self.timeline_limit)

    def action_more_timeline(self) -> None:
        profile = self.pane.profile
        if self.open_customer is not None and profile and not profile.timeline_complete:
            self.timeline_limit *= 4
            self.load_profile(self.open_customer, self.all_orders, self.timeline_limit)

    def action_order_overview(self) -> None:
        profile = self.pane.profile
        if profile is not None:
            self.app.push_screen(OrdersScreen(self.database, profile.contact.number))

    def action_open_letter(self) -> None:
        letter = self.pane.highlighted_letter()
        if letter is None:
            self.notify("This customer has no letters.", timeout=4)
            return
        # Rendering and opening PDFs comes with the letters feature (issue 7).
        self.notify(
            f"The PDF of the letter from campaign {letter.campaign!r} is not yet available.",
            markup=False,
            timeout=5,
        )

    def action_edit_comment(self) -> None:
        profile = self.pane.profile
        if profile is not None:
            self._edit_comment(profile.contact.id, profile.contact.comment)

    def _edit_comment(
        self,
        customer_id: int,
        base: str,
        *,
        draft: str | None = None,
        stored: str | None = None,
        error: str | None = None,
    ) -> None:
        profile = self.pane.profile
        name = profile.contact.name if profile else ""
        self._comment_base = base

        def done(new: str | None) -> None:
            if new is not None:
                self.store_comment(customer_id, base, new)

        dialog = CommentScreen(name, base if draft is None else draft, stored=stored, error=error)
        self.app.push_screen(dialog, done)
