"""A letter shown in the terminal, where no PDF viewer can open it (SSH without a display):
where its PDF was saved, and the letter as text."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from autoletter_tui.i18n import N_, _
from autoletter_tui.letters.viewing import LetterDocument
from autoletter_tui.screens.base import DeskModal
from autoletter_tui.widgets.literal import clean, clean_text


class LetterPreview(DeskModal[None]):
    DEFAULT_CSS = """
    LetterPreview { align: center middle; }
    LetterPreview > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    LetterPreview #letter-path { margin-bottom: 1; }
    LetterPreview #letter-address {
        margin-bottom: 1; padding: 0 1; background: $boost; width: auto;
    }
    LetterPreview VerticalScroll { height: auto; max-height: 30; }
    """
    BINDINGS = [Binding("escape", "close", N_("Close"), id="letter_preview.close")]

    def __init__(self, document: LetterDocument, path: Path) -> None:
        super().__init__()
        self.document = document
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.document.as_sent:
                saved = _(
                    "[b]The letter's PDF is saved to[/]\n$path\n"
                    "[dim]No display here to open it: copy it with scp, or use "
                    "autoletter-tui serve. The letter as printed:[/]"
                )
            else:
                saved = _(
                    "[b]The letter's PDF is saved to[/] (rendered from the letter's snapshot)\n"
                    "$path\n"
                    "[dim]No display here to open it: copy it with scp, or use "
                    "autoletter-tui serve. The letter as printed:[/]"
                )
            yield Static(Content.from_markup(saved, path=str(self.path)), id="letter-path")
            yield Static(
                Content("\n".join(clean(line) for line in self.document.address_lines)),
                id="letter-address",
            )
            with VerticalScroll():
                yield Static(Content(clean_text(self.document.body)), id="letter-body")

    def action_close(self) -> None:
        self.dismiss()
