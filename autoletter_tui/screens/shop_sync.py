"""Syncing the configured shops from the TUI: each account with its last sync, "Sync now"
with progress page by page, and the summary of what it stored.

The sync runs in a thread worker. Every page is stored in its own transaction
(``sources/syncing.py``): stopping it (Escape) or a failure keeps the pages stored so far,
and the next sync resumes after them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from autoletter_tui import formatting
from autoletter_tui.data.db import Database
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.sync_status import Account, AccountSync, account_syncs
from autoletter_tui.i18n import N_, Lazy, _, ngettext
from autoletter_tui.screens.base import DeskModal
from autoletter_tui.screens.importing import summary_text
from autoletter_tui.sources.accounts import ShopAccount
from autoletter_tui.sources.syncing import ShopSync, Stopped, SyncReport
from autoletter_tui.widgets.literal import clean

NOT_CONFIGURED = N_(
    "No shop is configured. Set AUTOLETTER_SHOPIFY_SHOP and AUTOLETTER_SHOPIFY_TOKEN for a "
    "Shopify shop, AUTOLETTER_BILLBEE_API_KEY, _USER and _PASSWORD for Billbee, or the same keys "
    "in the settings file (autoletter-tui config --init writes one), and start again."
)


@dataclass
class StatesLoaded(Message):
    states: dict[Account, AccountSync]


@dataclass
class SyncAdvanced(Message):
    resource: str
    pages: int
    summary_line: str


@dataclass
class SyncFinished(Message):
    title: str
    done: ShopSync | None
    stored_pages: int  # also when it failed: those pages are kept
    error: str = ""


def account_line(account: ShopAccount | None, key: Account, state: AccountSync | None) -> Content:
    """One account: its badge, when it last synced and how its last run ended."""
    title = state.label if state is not None and state.label else (
        account.title if account is not None else f"{key[0].value}: {key[1]}"
    )  # fmt: skip
    line = Content.from_markup("[b]$title[/]", title=clean(title))
    if state is None:
        line += Content("  ") + Content.from_markup(_("[dim]never synced[/]"))
    else:
        last = formatting.moment(state.finished_at) or _("never completed")
        line += Content("  ") + Content.from_markup(_("[dim]last sync $last[/]"), last=last)
        if state.resumes:
            line += Content("  ") + Content.from_markup(
                _("[$warning]stopped part-way: the next sync resumes[/]")
            )
        if state.error:
            line += Content("\n  ") + Content.from_markup(
                _("[$error]last run failed:[/] $error"), error=clean(str(state.error))
            )
    if account is None:
        line += Content("\n  ") + Content.from_markup(
            _("[dim]not configured here: synced from elsewhere[/]")
        )
    elif account.problem:
        line += Content.from_markup(
            "\n  [$warning]$problem[/]", problem=clean(str(account.problem))
        )
    return line


class ShopSyncScreen(DeskModal[bool]):
    """Returns True when a sync stored pages, so the overview reads its list again."""

    DEFAULT_CSS = """
    ShopSyncScreen { align: center middle; }
    ShopSyncScreen > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ShopSyncScreen OptionList { height: auto; max-height: 12; margin-top: 1; }
    ShopSyncScreen ProgressBar { margin-top: 1; }
    ShopSyncScreen #sync-status { height: auto; max-height: 14; margin-top: 1; overflow-y: auto; }
    ShopSyncScreen #sync-buttons { height: auto; align-horizontal: right; }
    ShopSyncScreen Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "sync", N_("Sync now"), id="sync.start"),
        Binding("escape", "close", N_("Close"), id="sync.close"),
    ]

    def __init__(
        self, database: Database, accounts: Sequence[ShopAccount], now: Callable[[], datetime]
    ) -> None:
        super().__init__()
        self.database = database
        self.accounts = list(accounts)
        self.now = now
        self.states: dict[Account, AccountSync] = {}
        self.running = False
        self.stop_asked = False
        self.stored = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.from_markup(_("[b]Sync shops[/]")))
            yield OptionList(id="accounts")
            yield ProgressBar(total=None, show_eta=False, id="sync-progress")
            yield Static(
                _("Enter or ctrl+s syncs the highlighted shop: what changed since its last sync."),
                id="sync-status",
            )
            with Horizontal(id="sync-buttons"):
                yield Button(_("Close (esc)"), id="close")
                yield Button(_("Sync now (enter)"), id="start", variant="primary")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one(OptionList).focus()
        if not self.accounts:
            self._status(_(NOT_CONFIGURED))
        self._show_accounts()
        self.load_states()

    def _status(self, content: Content | str) -> None:
        self.query_one("#sync-status", Static).update(
            content if isinstance(content, Content) else Content(content)
        )

    @work(thread=True, exclusive=True, group="sync-states", exit_on_error=False)
    def load_states(self) -> None:
        with self.database.sessions() as session:
            states = account_syncs(session)
        self.post_message(StatesLoaded(states))

    def on_states_loaded(self, message: StatesLoaded) -> None:
        self.states = message.states
        self._show_accounts()

    def _keys(self) -> list[Account]:
        """Configured accounts first, in the settings' order; then those synced elsewhere."""
        configured = [(a.kind, a.account) for a in self.accounts]
        return configured + sorted(k for k in self.states if k not in configured)

    def _show_accounts(self) -> None:
        by_key = {(a.kind, a.account): a for a in self.accounts}
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.set_options(
            Option(
                account_line(by_key.get(key), key, self.states.get(key)),
                id=f"{key[0].value}:{key[1]}",
                disabled=key not in by_key,
            )
            for key in self._keys()
        )
        if options.option_count:
            options.highlighted = highlighted if highlighted is not None else 0

    def _chosen(self) -> ShopAccount | None:
        index = self.query_one(OptionList).highlighted
        return self.accounts[index] if index is not None and index < len(self.accounts) else None

    @on(OptionList.OptionSelected, "#accounts")
    def _selected(self) -> None:
        self.action_sync()

    def action_sync(self) -> None:
        if self.running:
            return
        account = self._chosen()
        if account is None:
            self._status(
                _(NOT_CONFIGURED) if not self.accounts else _("Which shop? Choose one above.")
            )
            return
        if account.problem:
            problem = clean(str(account.problem))
            self._status(Content.from_markup("[$error]$problem[/]", problem=problem))
            return
        self.running = True
        self.stop_asked = False
        self.query_one(ProgressBar).display = True
        self._status(
            _("Syncing {shop}… esc stops after the current page.").format(shop=clean(account.title))
        )
        self.run_sync(account)

    @work(thread=True, group="sync-run", exit_on_error=False)
    def run_sync(self, account: ShopAccount) -> None:
        stored = 0

        def progress(resource: str, report: SyncReport) -> None:
            nonlocal stored
            stored = report.pages
            self.post_message(SyncAdvanced(resource, report.pages, report.summary.describe()))
            if self.stop_asked:
                raise Stopped(Lazy("stopped by the operator"))

        try:
            done = account.sync(self.database.engine, self.now, progress)
        except Stopped:
            self.post_message(SyncFinished(account.title, None, stored, _("Stopped.")))
        except UserError as error:  # a refused token, a shop that cannot be reached, ...
            self.post_message(SyncFinished(account.title, None, stored, str(error)))
        except Exception as error:  # stored pages stay consistent: say so, stay usable
            failed = _("The sync failed: {error}").format(error=error)
            self.post_message(SyncFinished(account.title, None, stored, failed))
        else:
            self.post_message(SyncFinished(account.title, done, done.report.pages))

    def on_sync_advanced(self, message: SyncAdvanced) -> None:
        self._status(
            ngettext(
                "{resource}: {n} page stored · {summary} · esc stops",
                "{resource}: {n} pages stored · {summary} · esc stops",
                message.pages,
            ).format(
                resource=message.resource,
                n=formatting.count(message.pages),
                summary=message.summary_line,
            )
        )

    def on_sync_finished(self, message: SyncFinished) -> None:
        self.running = False
        self.query_one(ProgressBar).display = False
        if message.stored_pages:
            self.stored = True
        if message.done is not None:
            self._status(
                Content(message.done.describe()) + Content("\n")
                + summary_text(message.done.report.summary, dry_run=False)
            )  # fmt: skip
        else:
            n = message.stored_pages
            kept = " " + (
                _(
                    "The pages stored so far ({n}) are kept; the next sync resumes after them."
                ).format(n=formatting.count(n))
                if n
                else _("Nothing was stored.")
            )
            failure = Content.from_markup(
                "[$error]$title: $error_text[/]$kept",
                title=clean(message.title), error_text=clean(message.error), kept=kept,
            )  # fmt: skip
            self._status(failure)
        self.load_states()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_sync()
        else:
            self.action_close()

    def action_close(self) -> None:
        if self.running:
            self.stop_asked = True
            self._status(_("Stopping after the current page…"))
            return
        self.dismiss(self.stored)
