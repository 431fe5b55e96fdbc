"""Editing a customer's internal comment in a dialog over the profile."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static, TextArea

from autoletter_tui import formatting
from autoletter_tui.data.comment import MAX_COMMENT
from autoletter_tui.i18n import N_, _
from autoletter_tui.screens.base import DeskModal
from autoletter_tui.widgets.literal import clean, clean_text


class CommentScreen(DeskModal[str | None]):
    """Returns the new comment, or None when cancelled."""

    DEFAULT_CSS = """
    CommentScreen {
        align: center middle;
    }
    CommentScreen > Vertical {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    CommentScreen TextArea {
        height: 10;
    }
    CommentScreen #comment-error {
        color: $error;
        height: auto;
    }
    CommentScreen Horizontal {
        height: auto;
        align-horizontal: right;
    }
    CommentScreen Button {
        margin-left: 1;
    }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="comment.save"),
        Binding("escape", "cancel", N_("Cancel"), id="comment.cancel"),
    ]

    def __init__(
        self, name: str, comment: str, *, stored: str | None = None, error: str | None = None
    ) -> None:
        """``stored``: after a refused save, the comment as someone else left it; ``error``:
        why the last save was refused."""
        super().__init__()
        self.customer_name = name
        self.comment = comment
        self.stored = stored
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content.from_markup(
                    _(
                        "[b]Internal comment[/] for $name\n"
                        "[dim]Seen only here; every change is kept in the timeline.[/]"
                    ),
                    name=clean(self.customer_name),
                )
            )
            if self.stored is not None:
                yield Static(
                    Content.from_markup(
                        _(
                            "[b $warning]Changed by someone else meanwhile.[/] It now reads:\n"
                            "$stored\n[dim]Below is your text; saving replaces theirs.[/]"
                        ),
                        stored=clean_text(self.stored) or _("(empty)"),
                    ),
                    id="comment-conflict",
                )
            # Control characters made visible: an ESC from an import must not reach the terminal.
            yield TextArea(clean_text(self.comment), id="comment-text", soft_wrap=True)
            yield Static(Content(self.error or ""), id="comment-error")
            with Horizontal():
                yield Button(_("Cancel (esc)"), id="cancel")
                yield Button(_("Save (ctrl+s)"), id="save", variant="primary")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        if len(text) > MAX_COMMENT:
            self.query_one("#comment-error", Static).update(
                Content(
                    _("Too long: {length} characters, at most {limit}.").format(
                        length=formatting.count(len(text)), limit=formatting.count(MAX_COMMENT)
                    )
                )
            )
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
