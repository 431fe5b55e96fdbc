"""A yes/no question before a step that cannot be undone, answered from the keyboard."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from autoletter_tui.i18n import N_
from autoletter_tui.screens.base import DeskModal


class Confirm(DeskModal[bool]):
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical {
        width: 64; max-width: 100%; height: auto; border: thick $warning;
        background: $surface; padding: 0 1;
    }
    Confirm Horizontal { height: auto; align-horizontal: right; }
    Confirm Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("escape", "answer(False)", N_("No"), id="confirm.no"),
        Binding("ctrl+s", "answer(True)", N_("Yes"), id="confirm.yes"),
    ]

    def __init__(self, question: Content, *, yes: str, no: str) -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            with Horizontal():
                yield Button(f"{self.no} (esc)", id="no")
                yield Button(f"{self.yes} (ctrl+s)", id="yes", variant="warning")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
