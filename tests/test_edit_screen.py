"""The edit form, driven from the keyboard: locked and editable fields, validation next to the
field, the email confirmation, and a stale save that loses nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update
from textual.pilot import Pilot
from textual.widgets import Input, Static

from autoletter_tui.data.db import Database
from autoletter_tui.data.fields import AddressKind
from autoletter_tui.data.models import Customer, EventKind, TimelineEvent
from autoletter_tui.screens.customers import CustomersScreen
from autoletter_tui.screens.edit import ConfirmEmail, EditScreen
from tests.test_app import settle
from tests.test_profile_screen import SIZE, make_app, open_customer, wait_for

CSV = "K1003"  # Chloé Dubois: a CSV record, every field editable
SHOP = "K1001"  # Anna Schmidt: a Shopify record, every field locked


@pytest.fixture
def db(cast_copy: Database) -> Database:
    return cast_copy


def customer_id(db: Database, number: str) -> int:
    with db.sessions() as session:
        found = session.query(Customer.id).filter_by(number=number).scalar()
        assert isinstance(found, int)
        return found


def stored(db: Database, number: str) -> Customer:
    with db.sessions() as session:
        customer = session.query(Customer).filter_by(number=number).one()
        _ = customer.addresses  # loaded before the session closes
        return customer


async def open_form(pilot: Pilot[Any], db: Database, number: str) -> EditScreen:
    await open_customer(pilot, customer_id(db, number))
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, EditScreen))
    form = pilot.app.screen
    assert isinstance(form, EditScreen)
    return form


def field(form: EditScreen, name: str) -> Input:
    return form.query_one(f"#f-{name.replace('.', '-')}", Input)


def error(form: EditScreen, name: str) -> str:
    shown = form.query_one(f"#ef-{name.replace('.', '-')}", Static)
    return str(shown.render()) if shown.display else ""


def test_snapshot_editable_form(snap_compare: Any, db: Database) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_form(pilot, db, CSV)
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=SIZE, run_before=run_before)


def test_snapshot_locked_form(snap_compare: Any, db: Database) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_form(pilot, db, SHOP)
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=SIZE, run_before=run_before)


async def test_shop_fields_are_locked_and_say_where_to_change_them(db: Database) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, db, SHOP)
        assert not form.query(Input)  # every field comes from Shopify
        city = str(form.query_one("#f-delivery-city", Static).render())
        assert "Berlin" in city
        assert "Synced from Shopify: My Store - change it in Shopify" in city


async def test_an_address_edit_is_saved_with_one_timeline_event(db: Database) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, db, CSV)
        field(form, "delivery.street").value = "Rue du Bac"
        field(form, "delivery.house_number").value = "7"
        field(form, "company").value = ""  # already empty: not a change
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))
        await wait_for(pilot, lambda: "7 Rue du Bac" in _address(app))  # Paris: number first
    customer = stored(db, CSV)
    delivery = customer.address(AddressKind.DELIVERY)
    assert delivery is not None
    assert (delivery.street, delivery.house_number) == ("Rue du Bac", "7")
    with db.sessions() as session:
        events = session.query(TimelineEvent).filter_by(customer_id=customer.id).all()
    assert [e.kind for e in events] == [EventKind.FIELD_EDITED]
    assert events[0].actor == "tester"
    assert {c["field"] for c in events[0].details["changes"]} == {
        "delivery.street",
        "delivery.house_number",
    }


def _address(app: Any) -> str:
    return str(app.screen.query_one("#address-delivery", Static).render())


async def test_invalid_values_are_shown_next_to_their_field_and_nothing_is_stored(
    db: Database,
) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, db, CSV)
        field(form, "first_name").value = "Chloë"  # valid, but nothing may be stored
        field(form, "birthday").value = "31.02.1990"
        field(form, "letter.postcode").value = "ABC"
        field(form, "email").value = "not an email"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Not a date" in error(form, "birthday")
        assert "postcode" in error(form, "letter.postcode")
        assert error(form, "email")
        assert error(form, "first_name") == ""
        await pilot.press("escape")
        await settle(pilot)
    assert stored(db, CSV).first_name == "Chloé"


async def test_changing_the_email_asks_first(db: Database) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, db, CSV)
        field(form, "email").value = "Chloe.Dubois@Example.FR"
        await pilot.press("ctrl+s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmEmail)
        assert "merges records from future imports" in str(confirm.query_one(Static).render())
        await pilot.press("escape")  # keep the old one: back in the form, nothing stored
        await pilot.pause()
        assert app.screen is form
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")  # yes, change it
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))
        await settle(pilot)
    customer = stored(db, CSV)
    assert customer.email == "Chloe.Dubois@example.fr"  # the domain normalized
    assert customer.email_key == "chloe.dubois@example.fr"


async def test_a_stale_save_shows_what_changed_and_keeps_the_operators_edit(
    db: Database,
) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, db, CSV)
        field(form, "company").value = "Dubois SARL"
        with db.sessions.begin() as session:  # another operator saves meanwhile
            session.execute(
                update(Customer)
                .where(Customer.number == CSV)
                .values(last_name="Dubois-Martin", version=Customer.version + 1)
            )
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, EditScreen) and app.screen is not form)
        again = app.screen
        assert isinstance(again, EditScreen)
        meanwhile = str(again.query_one("#meanwhile", Static).render())
        assert "Last name: Dubois → Dubois-Martin" in meanwhile
        assert field(again, "company").value == "Dubois SARL"  # the operator's edit, kept
        assert field(again, "last_name").value == "Dubois-Martin"  # theirs, shown
        assert stored(db, CSV).company == ""  # nothing of the stale save stored
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))
        await settle(pilot)
    customer = stored(db, CSV)
    assert (customer.last_name, customer.company) == ("Dubois-Martin", "Dubois SARL")


async def test_a_click_on_an_address_edits_it(db: Database) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, customer_id(db, CSV))
        await pilot.click("#address-letter")
        await wait_for(pilot, lambda: isinstance(app.screen, EditScreen))
        assert app.focused is field(app.screen, "letter.name")  # type: ignore[arg-type]
