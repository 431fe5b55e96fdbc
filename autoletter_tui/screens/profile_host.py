"""A screen that shows a customer's profile pane and answers what the pane asks for: the
profile itself, an order's items, every order, older timeline entries, comment edits.

Every read and write runs in a thread worker. Each read carries a request number and only the
answer to the latest request is shown: a slower, older answer (for another customer, or for
this one before "show all") never overwrites a newer one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.worker import Worker, WorkerState

from autoletter_tui import formatting
from autoletter_tui.data import edits
from autoletter_tui.data import profile as data
from autoletter_tui.data.comment import CommentConflict, save_comment
from autoletter_tui.data.db import Database
from autoletter_tui.data.errors import UserError
from autoletter_tui.i18n import N_, _
from autoletter_tui.letters import viewing
from autoletter_tui.screens.comment import CommentScreen
from autoletter_tui.screens.edit import EditScreen
from autoletter_tui.screens.letter_opening import LetterOpening
from autoletter_tui.screens.orders import OrdersScreen
from autoletter_tui.widgets.profile import TABS, ProfilePane


@dataclass
class ProfileLoaded(Message):
    request: int
    profile: data.Profile | None


@dataclass
class ProfileItemsLoaded(Message):
    request: int
    order: data.OrderLine
    items: list[data.ItemLine]


@dataclass
class EditStateLoaded(Message):
    state: edits.EditState | None
    name: str
    section: str
    draft: dict[str, str] | None = None
    errors: dict[str, str] | None = None
    meanwhile: list[edits.Change] | None = None


@dataclass
class EditsSaved(Message):
    customer_id: int
    changes: list[edits.Change]


@dataclass
class EditsRefused(Message):
    reason: str


@dataclass
class CommentSaved(Message):
    customer_id: int
    changed: bool


@dataclass
class CommentRefused(Message):
    customer_id: int
    name: str
    reason: str
    base: str  # what the operator started from
    attempted: str  # what the operator wrote, so that it is not lost
    current: str | None  # the stored comment, when someone else changed it meanwhile


# Section keys and what each tab offers. Shown in the footer only while they apply.
PROFILE_BINDINGS = [
    *(
        Binding(key, f"section('{section}')", title, show=False, id=f"profile.{section}")
        for key, section, title in (
            ("d", "details", N_("Details")),
            ("o", "orders", N_("Orders")),
            ("i", "statistics", N_("Statistics")),
            ("l", "letters", N_("Letters")),
            ("t", "timeline", N_("Timeline")),
        )
    ),
    Binding("e", "edit", N_("Edit"), id="profile.edit"),
    Binding("c", "edit_comment", N_("Comment"), id="profile.comment"),
    Binding("a", "all_orders", N_("All orders"), id="profile.all_orders"),
    Binding("O", "order_overview", N_("Order overview"), id="profile.order_overview"),
    Binding("v", "open_letter", N_("View PDF"), id="profile.open_letter"),
    Binding("m", "more_timeline", N_("Older"), id="profile.more_timeline"),
]
# Actions that need a shown profile, and the tab they belong to (None: any tab).
PROFILE_ACTIONS: dict[str, str | None] = {
    "section": None,
    "edit_comment": None,
    "edit": None,
    "all_orders": "orders",
    "order_overview": "orders",
    "open_letter": "letters",
    "more_timeline": "timeline",
}


class ProfileHost(LetterOpening):
    def __init__(
        self,
        database: Database,
        now: Callable[[], datetime],
        operator: str,
        tracking_url: str = viewing.DEFAULT_TRACKING_URL,
    ) -> None:
        super().__init__()
        self.tracking_url = tracking_url
        self.database = database
        self.now = now
        self.operator = operator
        self.open_customer: int | None = None
        self.all_orders = False  # "show all" for the open customer
        self.timeline_limit = data.TIMELINE_SHOWN
        self._profile_request = 0
        self._items_request = 0

    @property
    def pane(self) -> ProfilePane:
        return self.query_one(ProfilePane)

    def open_profile(self, customer_id: int, name: str) -> None:
        if customer_id != self.open_customer:
            self.all_orders = False
            self.timeline_limit = data.TIMELINE_SHOWN
        self.open_customer = customer_id
        pane = self.pane
        pane.add_class("-open")
        pane.loading_for(customer_id, name)
        self._reload()

    def _reload(self) -> None:
        if self.open_customer is None:
            return
        self._profile_request += 1
        self.fetch_profile(
            self._profile_request, self.open_customer, self.all_orders, self.timeline_limit
        )
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
        if action == "section":
            return True
        profile = self.pane.profile
        # While the next customer loads, the keys must not act on the one still shown.
        if profile is None or profile.contact.id != self.open_customer:
            return False
        tab = PROFILE_ACTIONS[action]
        if tab is not None and self.pane.section != tab:
            return False
        if action == "all_orders":
            return not profile.all_orders_shown
        if action == "more_timeline":
            return not profile.timeline_complete
        if action == "open_letter":
            return bool(profile.letters)
        return True

    def profile_commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """Palette entries for what the profile offers right now (the footer cannot show all
        of them on a narrow terminal)."""
        for binding in PROFILE_BINDINGS:
            name, _paren, argument = binding.action.partition("(")
            parameters = (argument.rstrip(")").strip("'"),) if argument else ()
            if self.check_action(name, parameters):
                yield (
                    _("Profile: {action}").format(action=_(binding.description)),
                    _("Key {key}").format(key=binding.key),
                    partial(self.run_action, binding.action),
                )

    # -- workers --------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="profile", exit_on_error=False)
    def fetch_profile(
        self, request: int, customer_id: int, all_orders: bool, timeline: int
    ) -> None:
        with self.database.sessions() as session:
            profile = data.load_profile(
                session, customer_id, self.now(),
                orders=None if all_orders else data.ORDERS_SHOWN, timeline=timeline,
            )  # fmt: skip
        self.post_message(ProfileLoaded(request, profile))

    @work(thread=True, exclusive=True, group="items", exit_on_error=False)
    def fetch_items(self, request: int, order: data.OrderLine) -> None:
        with self.database.sessions() as session:
            items = data.order_items(session, order.id)
        self.post_message(ProfileItemsLoaded(request, order, items))

    @work(thread=True, group="comment", exit_on_error=False)
    def store_comment(self, customer_id: int, name: str, base: str, new: str) -> None:
        def refused(reason: str, current: str | None = None) -> None:
            self.post_message(CommentRefused(customer_id, name, reason, base, new, current))

        try:
            with self.database.sessions() as session:
                changed = save_comment(
                    session, customer_id, base=base, new=new, actor=self.operator, now=self.now()
                )
        except CommentConflict as conflict:
            refused(
                _("Someone else changed the comment meanwhile; it was not saved."),
                conflict.current,
            )
            return
        except UserError as error:
            refused(_("Not saved: {error}").format(error=error))
            return
        except Exception as error:  # the database went away, ...: keep the text, say why
            why = f"{type(error).__name__}: {error}"
            refused(_("Not saved: {error}").format(error=why).splitlines()[0])
            raise
        self.post_message(CommentSaved(customer_id, changed))

    @work(thread=True, exclusive=True, group="edit", exit_on_error=False)
    def fetch_edit_state(
        self,
        customer_id: int,
        name: str,
        section: str,
        *,
        draft: dict[str, str] | None = None,
        errors: dict[str, str] | None = None,
        meanwhile: list[edits.Change] | None = None,
    ) -> None:
        with self.database.sessions() as session:
            state = edits.edit_state(session, customer_id)
        self.post_message(EditStateLoaded(state, name, section, draft, errors, meanwhile))

    @work(thread=True, group="edit-save", exit_on_error=False)
    def store_edits(
        self, state: edits.EditState, name: str, section: str, changed: dict[str, str]
    ) -> None:
        def again(
            errors: dict[str, str] | None = None, meanwhile: list[edits.Change] | None = None
        ) -> None:
            # Back to the form, re-read, with the operator's changes on top: nothing is lost.
            self.fetch_edit_state(
                state.customer_id, name, section, draft=changed, errors=errors, meanwhile=meanwhile
            )

        try:
            with self.database.sessions() as session:
                result = edits.save_edits(
                    session, state.customer_id, version=state.version, base=state.values,
                    edits=changed, actor=self.operator, now=self.now(),
                )  # fmt: skip
        except edits.StaleEdit as stale:
            again(meanwhile=stale.meanwhile)
            return
        except edits.ValidationFailed as failed:
            again(errors=failed.errors)
            return
        except edits.EmailTaken as taken:
            again(errors={"email": str(taken)})
            return
        except edits.LockedField as locked:
            again(errors={lock.field: lock.message for lock in locked.locks})
            return
        except UserError as error:  # the customer is gone, ...: say so; the form cannot help
            self.post_message(EditsRefused(str(error)))
            return
        self.post_message(EditsSaved(state.customer_id, result.changes))

    # -- answers --------------------------------------------------------------------------
    def on_edit_state_loaded(self, message: EditStateLoaded) -> None:
        state = message.state
        if state is None:
            self.notify(_("This customer no longer exists."), severity="error")
            return

        def done(changed: dict[str, str] | None) -> None:
            if changed:
                self.store_edits(state, message.name, message.section, changed)

        self.app.push_screen(
            EditScreen(
                message.name, state, self.now().astimezone().date(), draft=message.draft,
                errors=message.errors, meanwhile=message.meanwhile, section=message.section,
            ),
            done,
        )  # fmt: skip

    def on_edits_refused(self, message: EditsRefused) -> None:
        self.notify(message.reason, title=_("Not saved"), severity="error", markup=False)

    def on_edits_saved(self, message: EditsSaved) -> None:
        n = len(message.changes)
        self.notify(
            formatting.plural(n, "Saved {n} change.", "Saved {n} changes.")
            if n
            else _("Nothing changed.")
        )
        if message.customer_id == self.open_customer:
            self._reload()

    def on_profile_loaded(self, message: ProfileLoaded) -> None:
        if message.request == self._profile_request:
            self.pane.show(message.profile, self.now())
            self.refresh_bindings()

    def on_profile_items_loaded(self, message: ProfileItemsLoaded) -> None:
        if message.request == self._items_request:
            self.pane.show_items(message.order, message.items)

    def on_profile_pane_order_opened(self, message: ProfilePane.OrderOpened) -> None:
        if message.customer_id == self.open_customer:
            self._items_request += 1
            self.fetch_items(self._items_request, message.order)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # DeskScreen's handler (Textual calls each class's) reports the error itself.
        if event.state is WorkerState.ERROR and event.worker.group == "profile":
            self.pane.load_failed()

    def on_comment_saved(self, message: CommentSaved) -> None:
        if message.changed:
            self.notify(_("Comment saved."), timeout=3)
        if message.customer_id == self.open_customer:
            self._reload()

    def on_comment_refused(self, message: CommentRefused) -> None:
        if message.customer_id == self.open_customer:
            self._reload()
        # Nothing is lost, even if the operator has moved on to another customer: the dialog
        # comes back with their text and says why; after a conflict it shows what is stored
        # now, and saving again replaces that knowingly.
        conflict = message.current is not None
        self._edit_comment(
            message.customer_id, message.name,
            base=message.current if message.current is not None else message.base,
            draft=message.attempted, stored=message.current,
            error=None if conflict else message.reason,
        )  # fmt: skip

    # -- actions --------------------------------------------------------------------------
    def action_section(self, section: str) -> None:
        if section not in TABS:
            return
        pane = self.pane
        inside = self.focused is not None and pane in self.focused.ancestors
        pane.show_section(section)
        if inside:  # the focused widget was in the tab that just hid: follow into the new one
            self.call_after_refresh(pane.focus_section)
        self.refresh_bindings()

    def action_all_orders(self) -> None:
        if not self.all_orders:
            self.all_orders = True
            self._reload()

    def action_more_timeline(self) -> None:
        self.timeline_limit *= 4
        self._reload()

    def action_order_overview(self) -> None:
        profile = self.pane.profile
        if profile is not None:
            self.app.push_screen(OrdersScreen(self.database, profile.contact.number))

    def action_open_letter(self) -> None:
        letter = self.pane.highlighted_letter()
        if letter is None:
            return
        self.open_letter(letter.id)

    def action_edit(self, section: str = "contact") -> None:
        profile = self.pane.profile
        if profile is not None and self.check_action("edit", ()):
            self.fetch_edit_state(profile.contact.id, profile.contact.name, section)

    def on_profile_pane_edit_wanted(self, message: ProfilePane.EditWanted) -> None:
        self.action_edit(message.section)

    def action_edit_comment(self) -> None:
        profile = self.pane.profile
        if profile is not None:
            c = profile.contact
            self._edit_comment(c.id, c.name, base=c.comment)

    def _edit_comment(
        self,
        customer_id: int,
        name: str,
        *,
        base: str,
        draft: str | None = None,
        stored: str | None = None,
        error: str | None = None,
    ) -> None:
        def done(new: str | None) -> None:
            if new is not None:
                self.store_comment(customer_id, name, base, new)

        dialog = CommentScreen(name, base if draft is None else draft, stored=stored, error=error)
        self.app.push_screen(dialog, done)
