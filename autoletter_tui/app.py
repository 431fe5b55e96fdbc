"""The Textual application: screens, global bindings, theme."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from autoletter_tui.data.db import Database
from autoletter_tui.screens.customers import CustomersScreen


class AutoLetterApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "AutoLetter"
    BINDINGS = [Binding("q", "quit", "Quit", id="app.quit")]

    def __init__(self, database: Database, *, operator: str, theme: str | None = None) -> None:
        super().__init__()
        self.database = database
        self.operator = operator
        self._theme = theme

    def on_mount(self) -> None:
        if self._theme:
            self.theme = self._theme
        self.sub_title = self.database.short_name
        self.push_screen(CustomersScreen(self.database))
