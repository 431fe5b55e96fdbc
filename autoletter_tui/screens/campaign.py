"""A new campaign from the overview's current search and filters: name, type, letter text,
and before launch how many customers get a letter and how many are skipped, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static, TextArea

from autoletter_tui import formatting
from autoletter_tui.data import overview as ov
from autoletter_tui.data.db import Database
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.models import CampaignKind
from autoletter_tui.i18n import N_, _, ngettext
from autoletter_tui.labels import label
from autoletter_tui.letters.campaigns import (
    RECENT_DAYS,
    Plan,
    check_template,
    create_campaign,
    launch,
    plan,
)
from autoletter_tui.letters.rendering import Renderer, default_workers
from autoletter_tui.screens.base import DeskModal
from autoletter_tui.widgets.literal import clean

DEFAULT_TEXT = (
    "Hallo {vorname},\n\nvielen Dank für Ihre letzte Bestellung vom {letzte_bestellung}. "
    "Als kleines Dankeschön ...\n\nHerzliche Grüße"
)
PLAN_DELAY = 0.3  # seconds of quiet typing in the days field before the plan is counted again


@dataclass
class Planned(Message):
    days: int
    plan: Plan


@dataclass
class Launched(Message):
    name: str
    letters: int


@dataclass
class Generating(Message):
    done: int
    total: int


@dataclass
class Refused(Message):
    reason: str


class CampaignScreen(DeskModal[None]):
    DEFAULT_CSS = """
    CampaignScreen { align: center middle; }
    CampaignScreen > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    CampaignScreen Horizontal { height: auto; }
    CampaignScreen Label { width: 16; color: $text-muted; }
    CampaignScreen Input { width: 1fr; }
    CampaignScreen #days { width: 8; }
    CampaignScreen RadioSet { border: none; height: auto; }
    CampaignScreen TextArea { height: 8; }
    CampaignScreen #plan { height: auto; margin: 1 0; }
    CampaignScreen #campaign-error { color: $error; height: auto; }
    CampaignScreen #campaign-buttons { align-horizontal: right; }
    CampaignScreen Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "launch", N_("Launch"), id="campaign.launch"),
        Binding("escape", "cancel", N_("Cancel"), id="campaign.cancel"),
    ]

    def __init__(
        self,
        database: Database,
        query: ov.ListQuery,
        segment: str,
        now: datetime,
        recent_days: int = RECENT_DAYS,
    ) -> None:
        super().__init__()
        self.database = database
        self.list_query = query
        self.segment = segment
        self.now = now
        self.recent_days = recent_days  # the settings' default for "skip contacted"
        self.plan: Plan | None = None
        self.launching = False
        self._plan_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content.from_markup(
                    _("[b]New campaign[/] for the customers of the current list: $segment"),
                    segment=clean(self.segment),
                )
            )
            with Horizontal():
                yield Label(_("Name"))
                yield Input(id="name", compact=True)
            with Horizontal():
                yield Label(_("Type"))
                with RadioSet(id="kind", compact=True):
                    yield RadioButton(label(CampaignKind.ONE_TIME), value=True)
                    yield RadioButton(_("recurring: new matching customers join until ended"))
            with Horizontal():
                # TRANSLATORS: one line: "Skip contacted [30] days ago or less".
                yield Label(_("Skip contacted"))
                yield Input(str(self.recent_days), id="days", compact=True, type="integer")
                # TRANSLATORS: one line: "Skip contacted [30] days ago or less".
                yield Static(" " + _("days ago or less"))
            yield Static(
                # TRANSLATORS: {placeholders}: the placeholders a letter text may use.
                _("Text ({placeholders})").format(
                    placeholders="{vorname} {nachname} {letzte_bestellung} / {first_name} "
                    "{last_name} {last_order}"
                ),
                markup=False,
            )
            yield TextArea(DEFAULT_TEXT, id="text")
            yield Static(_("Counting…"), id="plan")
            yield Static(id="campaign-error")
            with Horizontal(id="campaign-buttons"):
                yield Button(_("Cancel (esc)"), id="cancel")
                yield Button(_("Launch (ctrl+s)"), id="launch", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self._plan()

    def _days(self) -> int:
        value = self.query_one("#days", Input).value
        return int(value) if value.isdigit() else self.recent_days

    @on(Input.Changed, "#days")
    def _days_changed(self) -> None:
        # Counting reads the whole segment: wait until the operator has stopped typing.
        if self._plan_timer is not None:
            self._plan_timer.stop()
        self._plan_timer = self.set_timer(PLAN_DELAY, self._plan)

    def _plan(self) -> None:
        self.count(self._days())

    @work(thread=True, exclusive=True, group="campaign-plan", exit_on_error=False)
    def count(self, days: int) -> None:
        with self.database.sessions() as session:
            result = plan(session, self.list_query, self.now, recent_days=days)
        self.post_message(Planned(days, result))

    def on_planned(self, message: Planned) -> None:
        if message.days != self._days():
            return
        self.plan = message.plan
        p = message.plan
        skipped = p.skipped_lines()
        if skipped:
            template = ngettext(
                "[b]$n letter[/] to $n of $matching matching customers; skipped: $skipped",
                "[b]$n letters[/] to $n of $matching matching customers; skipped: $skipped",
                p.letters,
            )
        else:
            template = ngettext(
                "[b]$n letter[/] to $n of $matching matching customers",
                "[b]$n letters[/] to $n of $matching matching customers",
                p.letters,
            )
        self.query_one("#plan", Static).update(
            Content.from_markup(
                template,
                n=formatting.count(p.letters),
                matching=formatting.count(p.matching),
                skipped=", ".join(skipped),
            )
        )

    def action_launch(self) -> None:
        if self.launching:
            return
        name = self.query_one("#name", Input).value.strip()
        text = self.query_one("#text", TextArea).text
        error = self.query_one("#campaign-error", Static)
        try:
            if not name:
                raise UserError(_("A campaign needs a name."))
            check_template(text)
        except UserError as problem:
            error.update(Content(str(problem)))
            return
        kind = (
            CampaignKind.ONE_TIME
            if self.query_one(RadioSet).pressed_index <= 0
            else CampaignKind.RECURRING
        )
        self.launching = True
        error.update(Content(_("Generating the letters…")))
        self.run_launch(name, kind, text, self._days())

    @work(thread=True, group="campaign-launch", exit_on_error=False)
    def run_launch(self, name: str, kind: CampaignKind, text: str, days: int) -> None:
        try:
            with self.database.sessions.begin() as session, Renderer(default_workers()) as pool:
                campaign_id = create_campaign(
                    session, name=name, kind=kind, text=text, query=self.list_query,
                    now=self.now, recent_days=days,
                )  # fmt: skip
                result = launch(
                    session, campaign_id, self.now, progress=self._progress, renderer=pool
                )
        except UserError as problem:
            self.post_message(Refused(str(problem)))
            return
        except Exception as error:  # the dialog must not stay "generating" forever
            # The transaction was rolled back: no campaign and no letter were stored.
            self.post_message(
                Refused(_("The launch failed, nothing was stored: {error}").format(error=error))
            )
            return
        self.post_message(Launched(name, result.letters))

    def _progress(self, done: int, total: int) -> None:  # called in the launch worker
        self.post_message(Generating(done, total))

    def on_generating(self, message: Generating) -> None:
        self.query_one("#campaign-error", Static).update(
            Content(
                _("Generating the letters… {done} of {total}").format(
                    done=formatting.count(message.done), total=formatting.count(message.total)
                )
            )
        )

    def on_refused(self, message: Refused) -> None:
        self.launching = False
        self.query_one("#campaign-error", Static).update(Content(message.reason))

    def on_launched(self, message: Launched) -> None:
        self.app.notify(
            ngettext(
                "Campaign {name} launched: {n} letter generated.",
                "Campaign {name} launched: {n} letters generated.",
                message.letters,
            ).format(name=repr(message.name), n=formatting.count(message.letters)),
            markup=False,
        )
        self.dismiss()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "launch":
            self.action_launch()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        if not self.launching:
            self.dismiss()
