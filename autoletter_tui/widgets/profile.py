"""The profile pane that expands from the list. Its first section: who the customer is and
where their records come from (the full seven sections follow in their own issue)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from autoletter_tui import formatting
from autoletter_tui.data.queries import ProfileBasics
from autoletter_tui.widgets.literal import clean


def _line(label: str, value: str) -> Content:
    # $value is substituted as text, never parsed: user data stays literal.
    return Content.from_markup("[dim]$label[/] $value", label=f"{label:<10}", value=clean(value))


class ProfilePane(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    ProfilePane {
        width: 1fr;
        min-width: 36;
        border-left: vkey $primary;
        padding: 0 1;
        display: none;
    }
    ProfilePane.-open {
        display: block;
    }
    ProfilePane #profile-name {
        text-style: bold;
        color: $text-primary;
    }
    ProfilePane #profile-sources {
        margin-bottom: 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="profile-name")
        yield Static(id="profile-sources")
        yield Static(id="profile-contact")

    def loading_for(self, name: str) -> None:
        self.loading = True
        self.query_one("#profile-name", Static).update(Content(clean(name)))

    def show(self, basics: ProfileBasics | None) -> None:
        self.loading = False
        name = self.query_one("#profile-name", Static)
        sources = self.query_one("#profile-sources", Static)
        contact = self.query_one("#profile-contact", Static)
        if basics is None:
            name.update("This customer no longer exists.")
            sources.update("")
            contact.update("")
            return
        name.update(Content(clean(basics.name)))
        badges = [
            Content.from_markup(
                "[reverse] $label [/] [dim]$synced[/]",
                label=clean(s.label),
                synced=f"synced {formatting.day(s.synced_at)}" if s.synced_at else "",
            )
            for s in basics.sources
        ]
        sources.update(Content("\n").join(badges) if badges else Content("No source"))
        rows = [
            _line("Number", basics.number),
            _line("Status", basics.status.value.capitalize()),
            _line("Email", basics.email),
            _line("Company", basics.company),
            _line("Phone", basics.phone),
        ]
        if basics.birthday:
            rows.append(_line("Birthday", basics.birthday.isoformat()))
        contact.update(Content("\n").join(rows))
