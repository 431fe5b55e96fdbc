"""Importing a CSV file from the TUI: `I` in the overview, the preview of the mapping and the
first rows, the import with its summary, a refused file, and file contents that look like
markup shown literally."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from autoletter_tui.data.db import Database
from autoletter_tui.data.models import Customer
from autoletter_tui.screens.customers import CustomersScreen
from autoletter_tui.screens.importing import ImportScreen
from tests.test_app import settle
from tests.test_profile_screen import SIZE, make_app, wait_for

ROOT = Path(__file__).parents[1]
GERMAN = "tests/fixtures/csv/german_excel_semicolon_cp1252.csv"  # relative: snapshots show it


def customers(db: Database) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Customer)) or 0


def text_of(screen: ImportScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def opened(pilot: Pilot[Any], path: str) -> ImportScreen:
    await settle(pilot)
    await pilot.press("I")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ImportScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one("#path", Input).value = path
    await pilot.press("enter")
    # read: a preview, or the status no longer the opening hint
    await wait_for(pilot, lambda: screen.file is not None
                   or "Shopify exports" not in text_of(screen, "#import-status"))  # fmt: skip
    return screen


@pytest.fixture(autouse=True)
def _from_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_snapshot_of_the_preview(snap_compare: Any, cast_copy: Database) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await opened(pilot, GERMAN)
        await wait_for(pilot, lambda: "Jürgen" in text_of(screen, "#import-preview"))

    assert snap_compare(make_app(cast_copy), terminal_size=SIZE, run_before=run_before)


async def test_importing_a_file_shows_the_summary_and_the_list_follows(
    cast_copy: Database,
) -> None:
    before = customers(cast_copy)
    app = make_app(cast_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, GERMAN)
        preview = text_of(screen, "#import-preview")
        assert "Vorname → first name" in preview
        assert "line 2 Jürgen Müller" in preview
        await pilot.press("tab")
        await pilot.press(*"Fair")
        await wait_for(pilot, lambda: "CSV Import: Fair" in text_of(screen, "#import-status"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "stored" in text_of(screen, "#import-status"))
        assert "3 records: 3 new customers" in text_of(screen, "#import-status")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))
        overview = app.screen
        assert isinstance(overview, CustomersScreen)
        await wait_for(pilot, lambda: overview.customer_list.total == before + 3)
    assert customers(cast_copy) == before + 3


async def test_a_dry_run_stores_nothing(cast_copy: Database) -> None:
    before = customers(cast_copy)
    app = make_app(cast_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, GERMAN)
        screen.query_one("#dry-run", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "dry run" in text_of(screen, "#import-status"))
        assert "3 new customers" in text_of(screen, "#import-status")
    assert customers(cast_copy) == before


async def test_a_file_that_is_no_csv_is_refused_with_its_reason(
    cast_copy: Database, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.csv"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    before = customers(cast_copy)
    app = make_app(cast_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, str(photo))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "NUL bytes" in text_of(screen, "#import-status"))
        assert screen.file is None
        assert not screen.running
    assert customers(cast_copy) == before


async def test_file_contents_that_look_like_markup_show_literally(
    cast_copy: Database, tmp_path: Path
) -> None:
    tricky = tmp_path / "[b]tricky[@click=app.quit].csv"
    tricky.write_text(
        "Email,First Name,Last Name,[@click=app.quit]\nx@example.de,[red]Rot[/],x[/],1\n",
        encoding="utf-8",
    )
    app = make_app(cast_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, str(tricky))
        await wait_for(pilot, lambda: "First rows" in text_of(screen, "#import-preview"))
        preview = text_of(screen, "#import-preview")
        assert "[b]tricky[@click=app.quit].csv" in preview
        assert "[red]Rot[/] x[/]" in preview
        assert "[@click=app.quit]" in preview
        assert app.is_running
