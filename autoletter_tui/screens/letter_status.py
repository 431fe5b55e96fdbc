"""Setting a letter's delivery status by hand: the steps it may still take, and a reason
when it failed. The data layer refuses a step backwards (``lifecycle.allowed``); this dialog
offers only the steps forward, so that refusal only comes from a change made meanwhile."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from autoletter_tui.data.models import LetterStatus
from autoletter_tui.i18n import N_, _
from autoletter_tui.labels import label
from autoletter_tui.letters.lifecycle import allowed
from autoletter_tui.screens.base import DeskModal
from autoletter_tui.widgets.literal import clean


@dataclass(frozen=True, slots=True)
class StatusChoice:
    status: LetterStatus
    reason: str


def next_statuses(current: LetterStatus) -> list[LetterStatus]:
    return [s for s in LetterStatus if allowed(current, s)]


class LetterStatusScreen(DeskModal[StatusChoice | None]):
    DEFAULT_CSS = """
    LetterStatusScreen { align: center middle; }
    LetterStatusScreen > Vertical {
        width: 64; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    LetterStatusScreen RadioSet { border: none; height: auto; margin: 1 0; }
    LetterStatusScreen #reason-row { height: auto; }
    LetterStatusScreen #reason-row Static { width: 8; color: $text-muted; }
    LetterStatusScreen Input { width: 1fr; }
    LetterStatusScreen #status-error { color: $error; height: auto; }
    LetterStatusScreen #status-buttons { height: auto; align-horizontal: right; }
    LetterStatusScreen Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Set status"), id="letter_status.save"),
        Binding("escape", "cancel", N_("Cancel"), id="letter_status.cancel"),
    ]

    def __init__(self, recipient: str, current: LetterStatus) -> None:
        super().__init__()
        self.recipient = recipient
        self.current = current
        self.choices = next_statuses(current)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content.from_markup(
                    _("[b]Letter to $who[/]\nNow: $now. Statuses only move forward."),
                    who=clean(self.recipient),
                    now=label(self.current),
                )
            )
            with RadioSet(id="status", compact=True):
                for n, status in enumerate(self.choices):
                    yield RadioButton(label(status), value=n == 0)
            with Horizontal(id="reason-row"):
                yield Static(_("Reason"))
                yield Input(id="reason", compact=True, placeholder=_("why it failed"))
            yield Static(id="status-error")
            with Horizontal(id="status-buttons"):
                yield Button(_("Cancel (esc)"), id="cancel")
                yield Button(_("Set status (ctrl+s)"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()
        self._show_reason()

    def _chosen(self) -> LetterStatus:
        return self.choices[max(self.query_one(RadioSet).pressed_index, 0)]

    @on(RadioSet.Changed)
    def _show_reason(self) -> None:
        self.query_one("#reason-row").display = self._chosen() is LetterStatus.FAILED

    @on(Input.Submitted)
    def action_save(self) -> None:
        status = self._chosen()
        reason = self.query_one("#reason", Input).value.strip()
        if status is LetterStatus.FAILED and not reason:
            self.query_one("#status-error", Static).update(
                Content(_("A failed letter needs a reason (returned, address unknown, ...)."))
            )
            self.query_one("#reason", Input).focus()
            return
        self.dismiss(StatusChoice(status, reason if status is LetterStatus.FAILED else ""))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)
