"""The desk in German and Spanish: snapshots of the overview and the profile, and the switch
from the command palette, which rebuilds the desk in the new language on the same list and the
same customer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rich.cells import cell_len
from textual.command import CommandList, CommandPalette
from textual.widgets import Footer, Input

from autoletter_tui.app import AutoLetterApp
from autoletter_tui.data.db import Database
from autoletter_tui.data.models import RegistrationStatus
from autoletter_tui.data.overview import SortKey
from autoletter_tui.i18n import LANGUAGES, _, language, set_language
from autoletter_tui.labels import label
from autoletter_tui.screens.customers import CustomersScreen
from autoletter_tui.widgets.customer_list import COLUMNS, GAP, layout
from tests.conftest import AS_OF
from tests.test_app import THEME, settle
from tests.test_profile_screen import SIZE, opened


def make_app(db: Database) -> AutoLetterApp:
    return AutoLetterApp(db, operator="t", theme=THEME, clock=lambda: AS_OF)


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("code", ["de", "es"])
def test_snapshot_overview(
    snap_compare: Any, cast_copy: Database, code: str, size: tuple[int, int]
) -> None:
    set_language(code)
    assert snap_compare(make_app(cast_copy), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("code", list(LANGUAGES))
@pytest.mark.parametrize("width", [80, 100, 120, 160, 200])
def test_list_columns_are_as_wide_as_their_titles_and_values(code: str, width: int) -> None:
    set_language(code)
    spec = layout(width)
    for column, cell_width in spec.columns:
        assert cell_len(column.label()) + 1 <= cell_width, (column.label(), cell_width)
    widths = {c.key: w for c, w in spec.columns}
    # At 80 columns every language keeps name, status, orders, value and last order.
    for key in (SortKey.NAME, SortKey.STATUS, SortKey.ORDERS, SortKey.VALUE,
                SortKey.LAST_ORDER):  # fmt: skip
        assert key in widths
    assert max(cell_len(label(s)) for s in RegistrationStatus) <= widths[SortKey.STATUS]
    used = sum(widths.values()) + GAP * (len(widths) - 1) + 2  # and the two marks
    assert used == width


def test_column_titles_have_words_of_their_own() -> None:
    """The list's titles are translated in their own context: German buys ("Käufe") fit the
    narrow column where the profile's tab says "Bestellungen"."""
    set_language("de")
    assert [c.label() for c in COLUMNS] == [
        "Name", "E-Mail", "Firma", "Ort", "Status", "Käufe", "Umsatz", "Letzter Kauf",
    ]  # fmt: skip
    assert _("Orders") == "Bestellungen"
    set_language("es")
    assert COLUMNS[-1].label() == "Últ. pedido"


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
