"""The Textual application: screens, global bindings, theme, command palette."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import HelpPanel

from autoletter_tui.commands import CustomerCommands
from autoletter_tui.data.db import Database
from autoletter_tui.i18n import LANGUAGES, N_, _, language, set_language, system_locale
from autoletter_tui.letters.campaigns import RECENT_DAYS
from autoletter_tui.letters.viewing import DEFAULT_TRACKING_URL
from autoletter_tui.screens.customers import CustomersScreen
from autoletter_tui.sources.accounts import ShopAccount
from autoletter_tui.themes import THEMES


def _now() -> datetime:
    return datetime.now(UTC)


class AutoLetterApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "AutoLetter"
    BINDINGS = [
        Binding("q", "quit", N_("Quit"), id="app.quit"),
        Binding("question_mark", "toggle_keys", N_("Keys"), id="app.keys"),
    ]
    COMMANDS = App.COMMANDS | {CustomerCommands}

    def __init__(
        self,
        database: Database,
        *,
        operator: str,
        tracking_url: str = DEFAULT_TRACKING_URL,
        theme: str | None = None,
        clock: Callable[[], datetime] = _now,
        shops: Sequence[ShopAccount] = (),
        recent_days: int = RECENT_DAYS,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        for own in THEMES:
            self.register_theme(own)
        self._user_keymap = dict(keymap or {})
        self.shops = shops
        self.recent_days = recent_days
        self.database = database
        self.operator = operator
        self.tracking_url = tracking_url
        self.clock = clock
        self._theme = theme

    def on_mount(self) -> None:
        if self._user_keymap:
            self._apply_keymap(self._user_keymap)
        if self._theme in self.available_themes:
            self.theme = self._theme
        elif self._theme:  # a typo in the settings must not keep the desk from opening
            known = ", ".join(sorted(self.available_themes))
            self.notify(_("Unknown theme {theme}; known: {known}").format(
                theme=repr(self._theme), known=known), severity="warning", markup=False,
                timeout=10)  # fmt: skip
        self.sub_title = self.database.short_name
        self.push_screen(self._customers_screen())

    def _customers_screen(self) -> CustomersScreen:
        return CustomersScreen(
            self.database, self.clock, self.operator, self.tracking_url,
            shops=self.shops, recent_days=self.recent_days,
        )  # fmt: skip

    def switch_language(self, code: str) -> None:
        """Messages and formats in ``code`` from now on. Screens compose their texts when they
        are built, so the desk is built again in the new language, on the same list (search,
        filters, sort) and the same customer; dialogs open at the switch are closed."""
        set_language(code, system_locale() or None)
        old = next(s for s in self.screen_stack if isinstance(s, CustomersScreen))
        query, customer = old.list_query, old.open_customer
        while self.screen is not old:
            self.pop_screen()
        new = self._customers_screen()
        self.switch_screen(new)

        def restore() -> None:
            new.restore(query, customer)

        new.call_after_refresh(restore)
        self.refresh_bindings()

    def _apply_keymap(self, keymap: Mapping[str, str]) -> None:
        from autoletter_tui.keys import all_bindings, clashes  # imports every screen

        known = all_bindings()
        unknown = sorted(set(keymap) - set(known))
        if unknown:  # a typo must not silently leave a key unbound
            self.notify(_("keymap: no binding has the id {ids} (README lists them)").format(
                ids=", ".join(unknown)), severity="warning", markup=False, timeout=10)  # fmt: skip
        if lost := clashes(keymap):
            self.notify(_("keymap: these bindings lost their key to another: {ids}").format(
                ids=", ".join(lost)), severity="warning", markup=False, timeout=10)  # fmt: skip
        self.set_keymap({i: keys for i, keys in keymap.items() if i in known})

    def action_toggle_keys(self) -> None:
        """``?``: every key of the current screen (in the footer or not), or away again."""
        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, CustomersScreen):
            yield SystemCommand(
                _("Campaigns"), _("Every campaign: letters by status, scans, orders that followed"),
                screen.action_campaigns,
            )  # fmt: skip
            yield SystemCommand(
                _("New campaign"), _("A campaign for the customers of the current list"),
                screen.action_new_campaign,
            )  # fmt: skip
            yield SystemCommand(
                _("Import customers from CSV"),
                _("A Shopify export, Excel file or AutoLetter list"), screen.action_import_csv,
            )  # fmt: skip
            yield SystemCommand(
                _("Sync shops"),
                _("Fetch what changed in the configured Shopify and Billbee shops"),
                screen.action_sync_shops,
            )  # fmt: skip
            for code, name in LANGUAGES.items():
                if code != language():
                    # The language's own name: findable by someone who cannot read the current.
                    yield SystemCommand(
                        f"Language: {name}", _("Show the desk in {language}").format(language=name),
                        partial(self.switch_language, code),
                    )  # fmt: skip
            for title, help_text, callback in screen.sort_commands():
                yield SystemCommand(title, help_text, callback)
            for title, help_text, action in screen.profile_commands():
                yield SystemCommand(title, help_text, action)
