"""A campaign created from the overview's current list, driven from the keyboard."""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import Input, Static, TextArea

from autoletter_tui.data.db import Database
from autoletter_tui.data.models import Campaign, Letter
from autoletter_tui.screens.campaign import CampaignScreen
from autoletter_tui.screens.customers import CustomersScreen
from tests.test_app import settle
from tests.test_profile_screen import SIZE, make_app, wait_for


async def test_a_campaign_from_the_search_shows_its_plan_and_launches(
    cast_copy: Database,
) -> None:
    app = make_app(cast_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"berlin", "enter")
        await settle(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, CampaignScreen))
        dialog = app.screen
        assert "search 'berlin'" in str(dialog.query_one(Static).render())
        await wait_for(pilot, lambda: "letters" in str(dialog.query_one("#plan").render()))
        plan = str(dialog.query_one("#plan").render())
        assert "contacted by letter within 30 days" in plan
        await pilot.press("ctrl+s")  # no name yet
        await pilot.pause()
        assert "needs a name" in str(dialog.query_one("#campaign-error").render())
        dialog.query_one("#name", Input).value = "Herbstgruß"
        dialog.query_one("#text", TextArea).text = "Hallo {vorname}, {unbekannt}"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "{unbekannt}" in str(dialog.query_one("#campaign-error").render())
        dialog.query_one("#text", TextArea).text = "Hallo {vorname}!"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))
        assert any("letters generated" in str(n.message) for n in app._notifications)
    with cast_copy.sessions() as session:
        campaign = session.scalars(select(Campaign).where(Campaign.name == "Herbstgruß")).one()
        letters = list(session.scalars(select(Letter).where(Letter.campaign_id == campaign.id)))
    assert campaign.segment is not None
    assert campaign.segment["search"] == "berlin"
    assert letters
    assert all(x.body.startswith("Hallo ") and x.pdf for x in letters)
