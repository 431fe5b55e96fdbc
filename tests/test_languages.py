"""The desk in German and Spanish: snapshots of the overview and the profile, and the switch
from the command palette, which rebuilds the desk in the new language on the same list and the
same customer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Footer, Input

from autoletter_tui.app import AutoLetterApp
from autoletter_tui.data.db import Database
from autoletter_tui.i18n import language, set_language
from autoletter_tui.screens.customers import CustomersScreen
from tests.conftest import AS_OF
from tests.test_app import THEME, settle
from tests.test_profile_screen import SIZE, opened


def make_app(db: Database) -> AutoLetterApp:
    return AutoLetterApp(db, operator="t", theme=THEME, clock=lambda: AS_OF)


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")


@pytest.mark.parametrize("code", ["de", "es"])
def test_snapshot_overview(snap_compare: Any, cast_copy: Database, code: str) -> None:
    set_language(code)
    assert snap_compare(make_app(cast_copy), terminal_size=(120, 40), run_before=settle)


@pytest.mark.parametrize("code", ["de", "es"])
def test_snapshot_profile(snap_compare: Any, cast_copy: Database, code: str) -> None:
    set_language(code)
    assert snap_compare(make_app(cast_copy), terminal_size=SIZE, run_before=opened("merged"))


def footer_text(app: AutoLetterApp) -> str:
    footer = app.screen.query_one(Footer)
    return " ".join(str(key.render()) for key in footer.children)


async def test_the_palette_switches_the_language_on_the_same_list(cast_copy: Database) -> None:
    app = make_app(cast_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"fischer", "enter")
        await settle(pilot)
        await pilot.press("enter")  # open the first match
        await settle(pilot)
        before = app.screen
        assert isinstance(before, CustomersScreen)
        query, customer = before.list_query, before.open_customer
        assert customer is not None
        assert "Quit" in footer_text(app)

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Deutsch")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        hits = palette.query_one(CommandList)
        for _ in range(200):
            if hits.option_count and "Deutsch" in str(hits.get_option_at_index(0).prompt):
                break
            await pilot.pause(0.05)
        await pilot.press("enter")
        await settle(pilot)

        assert language() == "de"
        after = app.screen
        assert isinstance(after, CustomersScreen)
        assert after is not before  # built again, in German
        assert "Beenden" in footer_text(app)
        assert after.list_query == query
        assert after.query_one("#search", Input).value == "fischer"
        assert after.open_customer == customer
