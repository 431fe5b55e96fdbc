"""Keys: every binding has an id that the settings' ``[keymap]`` rebinds, a wrong id or a key
taken from another binding is named, ``?`` shows every key of the screen, and README lists
every id."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.widgets import HelpPanel, Input

from autoletter_tui.app import AutoLetterApp
from autoletter_tui.data.db import Database
from autoletter_tui.keys import all_bindings
from autoletter_tui.screens.customers import CustomersScreen
from autoletter_tui.screens.shop_sync import ShopSyncScreen
from tests.conftest import AS_OF
from tests.test_app import THEME, settle

README = Path(__file__).parents[1] / "README.md"


def make_app(db: Database, keymap: dict[str, str]) -> AutoLetterApp:
    return AutoLetterApp(db, operator="t", theme=THEME, clock=lambda: AS_OF, keymap=keymap)


def notes(app: AutoLetterApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_the_keymap_rebinds_a_key_by_its_id(cast_copy: Database) -> None:
    app = make_app(cast_copy, {"customers.sync": "ctrl+y"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)  # S is no longer the sync key
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert isinstance(app.screen, ShopSyncScreen)
        assert notes(app) == []


async def test_an_unknown_id_and_a_taken_key_are_named(cast_copy: Database) -> None:
    app = make_app(cast_copy, {"customers.snyc": "x", "customers.sync": "s"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ShopSyncScreen)  # the keymap's binding has the key now
        messages = notes(app)
        assert any("no binding has the id customers.snyc" in m for m in messages)
        assert any("customers.sort (s)" in m for m in messages)


async def test_question_mark_shows_every_key_of_the_screen_and_hides_them(
    cast_copy: Database,
) -> None:
    app = make_app(cast_copy, {})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        (panel,) = app.screen.query(HelpPanel)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(panel.query_one("BindingsTable").render())
        table = console.export_text()
        for description in ("Sync shops", "Import", "Sort by Last order", "Filters", "Quit"):
            assert description in table  # the footer's keys and the hidden ones
        await pilot.press("question_mark")
        await settle(pilot)
        assert not app.screen.query(HelpPanel)
        await pilot.press("slash", "question_mark")  # in the search box it is a character
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "?"
        assert not app.screen.query(HelpPanel)


def test_every_binding_has_an_id_that_readme_lists() -> None:
    readme = README.read_text(encoding="utf-8")
    bindings: dict[str, Any] = all_bindings()
    assert len(bindings) > 50
    missing = [i for i in bindings if f"`{i}`" not in readme]
    assert missing == []
