"""Every campaign with its figures, and the letters of the highlighted one.

The campaigns table is small (one row per campaign) and read whole; a campaign's letters can
be tens of thousands, so they come a page at a time (``m`` for more, keyset by id). From the
letters: ``v`` opens a letter's PDF, ``s`` sets its delivery status. ``E`` ends a recurring
campaign. Every read and write runs in a worker; reads carry a request number and only the
latest answer is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from autoletter_tui import formatting
from autoletter_tui.data.db import Database
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.models import CampaignKind
from autoletter_tui.i18n import N_, _, ngettext
from autoletter_tui.labels import label
from autoletter_tui.letters.campaigns import Plan, campaign_plan, end_campaign, launch
from autoletter_tui.letters.lifecycle import set_status
from autoletter_tui.letters.rendering import Renderer, default_workers
from autoletter_tui.letters.results import (
    LETTERS_SHOWN,
    CampaignLetter,
    CampaignResult,
    campaign_letters,
    campaign_results,
)
from autoletter_tui.screens.confirm import Confirm
from autoletter_tui.screens.letter_opening import LetterOpening
from autoletter_tui.screens.letter_status import LetterStatusScreen, StatusChoice, next_statuses
from autoletter_tui.widgets import campaign_text as ct
from autoletter_tui.widgets.literal import clean


@dataclass
class CampaignsLoaded(Message):
    request: int
    results: list[CampaignResult]


@dataclass
class LettersLoaded(Message):
    request: int
    campaign_id: int
    letters: list[CampaignLetter]
    more: bool
    append: bool


@dataclass
class Changed(Message):
    """A write succeeded: say so and read again."""

    note: str


@dataclass
class Refused(Message):
    reason: str


@dataclass
class RunPlanned(Message):
    campaign_id: int
    name: str
    plan: Plan


# Actions that need a highlighted letter, or a highlighted campaign.
LETTER_ACTIONS = frozenset({"open_letter", "set_status"})


def _cursor_key(table: DataTable[object]) -> int | None:
    """The id of the row under the cursor (rows are keyed by id)."""
    if not table.row_count:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return None if key is None else int(key)


class CampaignsScreen(LetterOpening):
    DEFAULT_CSS = """
    CampaignsScreen #campaigns { height: auto; max-height: 40%; }
    CampaignsScreen #campaign-figures {
        height: auto; padding: 0 1; margin: 1 0 0 0; background: $boost;
    }
    CampaignsScreen #campaign-letters { height: 1fr; }
    CampaignsScreen .hint { color: $text-muted; padding: 0 1; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="campaigns.back"),
        Binding("v", "open_letter", N_("View PDF"), id="campaigns.open_letter"),
        Binding("s", "set_status", N_("Set status"), id="campaigns.set_status"),
        Binding("m", "more_letters", N_("More letters"), id="campaigns.more_letters"),
        Binding("R", "run_campaign", N_("Send to newcomers"), id="campaigns.run"),
        Binding("E", "end_campaign", N_("End campaign"), id="campaigns.end"),
        Binding("ctrl+r", "reload", N_("Reload"), id="campaigns.reload"),
    ]

    def __init__(self, database: Database, now: Callable[[], datetime], tracking_url: str) -> None:
        super().__init__()
        self.database = database
        self.now = now
        self.tracking_url = tracking_url
        self.results: dict[int, CampaignResult] = {}
        self.letters: dict[int, CampaignLetter] = {}
        self.more_letters = False
        self.shown_campaign: int | None = None
        self._letters_request = 0
        self._campaigns_request = 0
        self.running = False  # a run of a recurring campaign is under way

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="campaigns", cursor_type="row", zebra_stripes=True)
        yield Static(id="campaign-figures")
        yield DataTable(id="campaign-letters", cursor_type="row", zebra_stripes=True)
        yield Static(id="letters-more", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        campaigns = self.query_one("#campaigns", DataTable)
        for key, title, width in ct.CAMPAIGN_COLUMNS:
            campaigns.add_column(_(title), key=key, width=width)
        letters = self.query_one("#campaign-letters", DataTable)
        for key, title, width in ct.LETTER_COLUMNS:
            letters.add_column(_(title), key=key, width=width)
        campaigns.focus()
        self.action_reload()

    # -- reading ---------------------------------------------------------------------------

    def action_reload(self) -> None:
        self._campaigns_request += 1
        self.load_campaigns(self._campaigns_request)

    @work(thread=True, group="campaigns", exit_on_error=False)
    def load_campaigns(self, request: int) -> None:
        with self.database.sessions() as session:
            results = campaign_results(session)
        self.post_message(CampaignsLoaded(request, results))

    def on_campaigns_loaded(self, message: CampaignsLoaded) -> None:
        if message.request != self._campaigns_request:
            return  # an older read that finished late
        table = self.query_one("#campaigns", DataTable)
        keep = self.highlighted_campaign()
        self.results = {r.id: r for r in message.results}
        table.clear()
        for result in message.results:
            table.add_row(*ct.campaign_cells(result), key=str(result.id))
        if not message.results:
            self.query_one("#campaign-figures", Static).update(
                Content(_("No campaigns yet. Create one from the customer list with n."))
            )
            return
        if keep is not None and keep.id in self.results:
            table.move_cursor(row=table.get_row_index(str(keep.id)), scroll=True)
        self._show_campaign()

    def highlighted_campaign(self) -> CampaignResult | None:
        key = _cursor_key(self.query_one("#campaigns", DataTable))
        return None if key is None else self.results.get(key)

    @on(DataTable.RowHighlighted, "#campaigns")
    def _show_campaign(self) -> None:
        result = self.highlighted_campaign()
        if result is None:
            return
        self.refresh_bindings()  # R and E depend on the campaign
        self.query_one("#campaign-figures", Static).update(ct.campaign_figures(result))
        if result.id != self.shown_campaign:
            self.shown_campaign = result.id
            self.query_one("#campaign-letters", DataTable).clear()
            self.letters = {}
            self.more_letters = False
            self.query_one("#letters-more", Static).update("")
        self._load_letters(result.id, after=0, limit=max(len(self.letters), 1), append=False)

    @on(DataTable.RowHighlighted, "#campaign-letters")
    def _letter_highlighted(self) -> None:
        self.refresh_bindings()  # s is dimmed on delivered and failed letters

    @on(DataTable.RowSelected, "#campaigns")
    def _enter_letters(self) -> None:
        letters = self.query_one("#campaign-letters", DataTable)
        if letters.row_count:
            letters.focus()

    def _load_letters(self, campaign_id: int, *, after: int, limit: int, append: bool) -> None:
        self._letters_request += 1
        self.fetch_letters(self._letters_request, campaign_id, after, limit, append)

    @work(thread=True, group="campaign-letters", exit_on_error=False)
    def fetch_letters(
        self, request: int, campaign_id: int, after: int, limit: int, append: bool
    ) -> None:
        with self.database.sessions() as session:
            letters, more = campaign_letters(
                session, campaign_id, after=after, limit=max(limit, LETTERS_SHOWN)
            )
        self.post_message(LettersLoaded(request, campaign_id, letters, more, append))

    def on_letters_loaded(self, message: LettersLoaded) -> None:
        if message.request != self._letters_request or message.campaign_id != self.shown_campaign:
            return
        table = self.query_one("#campaign-letters", DataTable)
        if not message.append:
            keep = self.highlighted_letter()
            table.clear()
            self.letters = {}
        else:
            keep = None
        for letter in message.letters:
            self.letters[letter.id] = letter
            table.add_row(*ct.letter_cells(letter), key=str(letter.id))
        if keep is not None and keep.id in self.letters:
            table.move_cursor(row=table.get_row_index(str(keep.id)))
        self.more_letters = message.more
        result = self.results.get(message.campaign_id)
        total = result.letters if result else len(self.letters)
        hint = ngettext("{shown} of {n} letter", "{shown} of {n} letters", total).format(
            shown=formatting.count(len(self.letters)), n=formatting.count(total)
        )
        if message.more:
            hint += " · " + _("m: more")
        self.query_one("#letters-more", Static).update(Content(hint))
        self.refresh_bindings()

    def action_more_letters(self) -> None:
        if self.shown_campaign is not None and self.more_letters:
            self._load_letters(self.shown_campaign, after=max(self.letters), limit=0, append=True)

    def highlighted_letter(self) -> CampaignLetter | None:
        key = _cursor_key(self.query_one("#campaign-letters", DataTable))
        return None if key is None else self.letters.get(key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in LETTER_ACTIONS:
            letter = self.highlighted_letter()
            if letter is None:
                return False
            if action == "set_status" and not next_statuses(letter.status):
                return None  # shown dimmed: delivered and failed are final
        if action == "more_letters" and not self.more_letters:
            return False
        if action == "run_campaign" and self.running:
            return False
        if action in ("end_campaign", "run_campaign"):
            campaign = self.highlighted_campaign()
            if campaign is None or campaign.ended_at is not None:
                return False
            if campaign.kind is not CampaignKind.RECURRING:
                return None
        return True

    # -- acting ----------------------------------------------------------------------------

    def action_open_letter(self) -> None:
        letter = self.highlighted_letter()
        if letter is not None:
            self.open_letter(letter.id)

    def action_set_status(self) -> None:
        letter = self.highlighted_letter()
        if letter is None or not next_statuses(letter.status):
            return

        def chosen(choice: StatusChoice | None) -> None:
            if choice is not None:
                self.store_status(letter, choice)

        self.app.push_screen(LetterStatusScreen(letter.name, letter.status), chosen)

    @work(thread=True, group="campaign-write", exit_on_error=False)
    def store_status(self, letter: CampaignLetter, choice: StatusChoice) -> None:
        def change(session: Session) -> str:
            set_status(session, letter.token, choice.status, self.now(), choice.reason)
            return _("Letter to {name}: {status}.").format(
                name=letter.name, status=label(choice.status).lower()
            )

        self._write(change)

    def action_run_campaign(self) -> None:
        campaign = self.highlighted_campaign()
        if campaign is not None and campaign.state == "active":
            self.plan_run(campaign.id)

    @work(thread=True, group="campaign-write", exit_on_error=False)
    def plan_run(self, campaign_id: int) -> None:
        try:
            with self.database.sessions() as session:
                name, planned = campaign_plan(session, campaign_id, self.now())
        except UserError as problem:
            self.post_message(Refused(str(problem)))
            return
        self.post_message(RunPlanned(campaign_id, name, planned))

    def on_run_planned(self, message: RunPlanned) -> None:
        planned = message.plan
        skipped = planned.skipped_lines()
        if skipped:
            template = ngettext(
                "$already had a letter from it already; skipped: $skipped.",
                "$already had a letter from it already; skipped: $skipped.",
                planned.already,
            )
        else:
            template = ngettext(
                "$already had a letter from it already.",
                "$already had a letter from it already.",
                planned.already,
            )
        details = Content.from_markup(
            template, already=formatting.count(planned.already), skipped=", ".join(skipped)
        )
        if not planned.letters:
            self.notify(
                _("No new customers for {name}: {details}").format(
                    name=message.name, details=details.plain
                ),
                markup=False,
            )
            return
        question = (
            Content.from_markup(
                ngettext(
                    "[b]Send $n letter for $name?[/]\n\n"
                    "To the customers who newly match its segment. ",
                    "[b]Send $n letters for $name?[/]\n\n"
                    "To the customers who newly match its segment. ",
                    planned.letters,
                ),
                n=formatting.count(planned.letters),
                name=clean(message.name),
            )
            + details
        )

        def answered(yes: bool | None) -> None:
            if yes and not self.running:
                self.running = True  # one run at a time from here; R waits for it
                self.refresh_bindings()
                self.notify(_("Generating the letters…"), timeout=3)
                self.store_run(message.campaign_id)

        self.app.push_screen(Confirm(question, yes=_("Send"), no=_("Not now")), answered)

    @work(thread=True, group="campaign-write", exit_on_error=False)
    def store_run(self, campaign_id: int) -> None:
        def change(session: Session) -> str:
            with Renderer(default_workers()) as pool:
                done = launch(session, campaign_id, self.now(), renderer=pool)
            return ngettext(
                "{campaign}: {n} letter generated.",
                "{campaign}: {n} letters generated.",
                done.letters,
            ).format(campaign=done.campaign, n=formatting.count(done.letters))

        self._write(change)

    def action_end_campaign(self) -> None:
        campaign = self.highlighted_campaign()
        if campaign is None or campaign.kind is not CampaignKind.RECURRING:
            return
        question = Content.from_markup(
            _(
                "[b]End the campaign $name?[/]\n\nNo new customers will join it. Its letters and "
                "their statuses stay as they are."
            ),
            name=clean(campaign.name),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.store_end(campaign.id, campaign.name)

        self.app.push_screen(Confirm(question, yes=_("End it"), no=_("Keep it running")), answered)

    @work(thread=True, group="campaign-write", exit_on_error=False)
    def store_end(self, campaign_id: int, name: str) -> None:
        def change(session: Session) -> str:
            end_campaign(session, campaign_id, self.now())
            return _("Campaign {name} ended.").format(name=name)

        self._write(change)

    def _write(self, change: Callable[[Session], str]) -> None:
        """Run ``change`` in one transaction (in the calling worker) and say how it went."""
        try:
            with self.database.sessions.begin() as session:
                note = change(session)
        except UserError as problem:
            self.post_message(Refused(str(problem)))
        except Exception as error:  # the database, a render worker: rolled back, say so
            self.post_message(
                Refused(
                    _("Nothing was stored: {error}").format(
                        error=f"{type(error).__name__}: {error}"
                    )
                )
            )
        else:
            self.post_message(Changed(note))

    def on_changed(self, message: Changed) -> None:
        self.running = False
        self.notify(message.note, markup=False, timeout=4)
        self.action_reload()

    def on_refused(self, message: Refused) -> None:
        self.running = False
        reason = clean(message.reason.splitlines()[0]) if message.reason else ""
        self.notify(reason, title=_("Not changed"), severity="error", markup=False)
        self.action_reload()

    def action_back(self) -> None:
        if self.query_one("#campaign-letters", DataTable).has_focus:
            self.query_one("#campaigns", DataTable).focus()
        else:
            self.dismiss()
