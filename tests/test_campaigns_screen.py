"""The campaigns screen from the keyboard: figures per campaign, a campaign's letters a page
at a time, setting a letter's status, ending a recurring campaign, opening a letter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from autoletter_tui.data.db import Database
from autoletter_tui.data.models import Campaign, Letter, LetterStatus
from autoletter_tui.screens.campaigns import CampaignsScreen
from autoletter_tui.screens.confirm import Confirm
from autoletter_tui.screens.customers import CustomersScreen
from autoletter_tui.screens.letter_preview import LetterPreview
from autoletter_tui.screens.letter_status import LetterStatusScreen
from tests.conftest import AS_OF
from tests.test_app import settle
from tests.test_letter_opening import _only
from tests.test_profile_screen import SIZE, make_app, wait_for


def letter(db: Database, token: str) -> Letter:
    with db.sessions() as session:
        found: Letter = session.scalars(select(Letter).where(Letter.token == token)).one()
        return found


def campaigns_of(app: Any) -> CampaignsScreen:
    screen = app.screen
    assert isinstance(screen, CampaignsScreen)
    return screen


async def opened(pilot: Pilot[Any]) -> CampaignsScreen:
    await settle(pilot)
    await pilot.press("C")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CampaignsScreen))
    screen = campaigns_of(pilot.app)
    await wait_for(pilot, lambda: bool(screen.letters))
    return screen


def figures(screen: CampaignsScreen) -> str:
    return str(screen.query_one("#campaign-figures").render())


async def highlight(pilot: Pilot[Any], screen: CampaignsScreen, name: str) -> None:
    """Wait until the campaign ``name`` is shown with its letters."""
    letters = screen.query_one("#campaign-letters", DataTable)
    await wait_for(pilot, lambda: name in figures(screen) and letters.row_count > 0)


def test_snapshot(snap_compare: Any, shared_db: Database) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await opened(pilot)
        await pilot.press("down")
        await highlight(pilot, campaigns_of(pilot.app), "Danke-Karte")

    assert snap_compare(make_app(shared_db), terminal_size=SIZE, run_before=run_before)


def test_snapshot_status_dialog(snap_compare: Any, shared_db: Database) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await opened(pilot)
        await pilot.press("down")
        await highlight(pilot, screen, "Danke-Karte")
        await pilot.press("enter", "down", "s")  # Eva Fischer's letter: accepted
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, LetterStatusScreen))

    assert snap_compare(make_app(shared_db), terminal_size=SIZE, run_before=run_before)


async def test_figures_and_a_letters_status(cast_copy: Database) -> None:
    app = make_app(cast_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert "Willkommen zurück" in figures(screen)  # the newest campaign first
        await pilot.press("down")
        await highlight(pilot, screen, "Danke-Karte")
        assert "recurring" in figures(screen)
        await pilot.press("enter")  # into the campaign's letters
        assert screen.query_one("#campaign-letters", DataTable).has_focus
        first = screen.highlighted_letter()
        assert first is not None
        assert (first.token, first.status) == ("tok-a2-K1001", LetterStatus.SHIPPED)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterStatusScreen))
        await pilot.press("ctrl+s")  # the first step offered: delivered
        await wait_for(pilot, lambda: letter(cast_copy, "tok-a2-K1001").delivered_at is not None)
        table = screen.query_one("#campaign-letters", DataTable)
        await wait_for(pilot, lambda: "Delivered" in str(table.get_row_at(0)))
        assert any("delivered" in str(n.message) for n in app._notifications)
        await pilot.press("s")  # delivered is final: nothing to offer
        await settle(pilot)
        assert app.screen is screen

        await pilot.press("down")
        accepted = screen.highlighted_letter()
        assert accepted is not None
        assert accepted.token == "tok-c1-K1009"
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterStatusScreen))
        dialog = app.screen
        await pilot.press("down", "down", "down", "enter")  # the last of four steps: failed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "needs a reason" in str(dialog.query_one("#status-error").render())
        assert dialog.query_one("#reason", Input).has_focus
        await pilot.press(*"Adresse [/] unbekannt", "enter")
        await wait_for(pilot, lambda: letter(cast_copy, "tok-c1-K1009").status
                       is LetterStatus.FAILED)  # fmt: skip
    stored = letter(cast_copy, "tok-c1-K1009")
    assert (stored.failed_at, stored.failure_reason) == (AS_OF, "Adresse [/] unbekannt")
    assert letter(cast_copy, "tok-a2-K1001").delivered_at == AS_OF


async def test_ending_a_recurring_campaign(cast_copy: Database) -> None:
    app = make_app(cast_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("E")  # "Willkommen zurück" is one-time: it ends by itself
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("down")
        await highlight(pilot, screen, "Danke-Karte")
        await pilot.press("E")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("escape")  # keep it running
        await settle(pilot)
        await pilot.press("E")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "ended" in figures(screen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))
    with cast_copy.sessions() as session:
        ended = session.scalars(select(Campaign.ended_at).where(Campaign.name == "Danke-Karte"))
        assert ended.one() == AS_OF


async def test_more_letters_and_opening_one(
    cast_copy: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("autoletter_tui.screens.campaigns.LETTERS_SHOWN", 2)
    _only({"SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}, monkeypatch)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    app = make_app(cast_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        table = screen.query_one("#campaign-letters", DataTable)
        assert table.row_count == 2
        assert "m: more" in str(screen.query_one("#letters-more").render())
        await pilot.press("m")
        await wait_for(pilot, lambda: table.row_count == 4)
        await pilot.press("enter", "v")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterPreview))
        preview = app.screen
        assert isinstance(preview, LetterPreview)
        assert "Anna Schmidt" in str(preview.query_one("#letter-address").render())
    assert preview.path.read_bytes().startswith(b"%PDF")


async def test_newcomers_get_letters_rendered_in_worker_processes(
    cast_copy: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Inside the app, sys.stderr is Textual's capture (fileno -1): worker processes must start
    # all the same.
    monkeypatch.setattr("autoletter_tui.letters.rendering.PARALLEL_FROM", 0)
    with cast_copy.sessions.begin() as session:
        thanks = session.scalars(select(Campaign).where(Campaign.name == "Danke-Karte")).one()
        thanks.segment = {"search": "berlin", "recent_days": 30}
        before = session.scalar(select(func.count()).where(Letter.campaign_id == thanks.id)) or 0
    app = make_app(cast_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("R")  # "Willkommen zurück" is one-time: nothing to send
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("down")
        await highlight(pilot, screen, "Danke-Karte")
        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        question = str(app.screen.query_one(Static).render())
        assert "Send 5 letters for Danke-Karte?" in question
        assert "3 had a letter from it already" in question
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("5 letters generated" in str(n.message)
                                          for n in app._notifications))  # fmt: skip
    with cast_copy.sessions() as session:
        letters = list(session.scalars(select(Letter).where(Letter.campaign_id == thanks.id)))
    assert len(letters) == before + 5
    assert all(x.pdf for x in letters if not x.token.startswith("tok-"))
