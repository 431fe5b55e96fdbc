"""The one-way sync rule on both engines: a shop record updates what it supplies, never a field
only CSV/API supplied, takes over (and locks) a CSV-owned field it starts supplying, and is
subject to the same optimistic check as an operator's save."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from autoletter_tui.data.comment import CustomerGone
from autoletter_tui.data.db import Database
from autoletter_tui.data.edits import (
    Change,
    EditState,
    EmailTaken,
    LockedField,
    StaleEdit,
    edit_state,
    save_edits,
)
from autoletter_tui.data.fields import AddressKind, FieldSet, address_fields
from autoletter_tui.data.models import (
    Customer,
    CustomerSource,
    EventKind,
    SourceKind,
    TimelineEvent,
)
from autoletter_tui.data.ownership import ATTEMPTS, SyncConflict, apply_shop_record
from tests.conftest import AS_OF
from tests.profile_customers import customer, events_of, home, source, stored_values

LATER = AS_OF + timedelta(hours=1)
DELIVERY = frozenset(address_fields(AddressKind.DELIVERY))
LETTER = frozenset(address_fields(AddressKind.LETTER))
SHOP_FIELDS = frozenset({"first_name", "last_name", "email"}) | DELIVERY
CSV_FIELDS = frozenset({"phone"}) | LETTER
API_FIELDS = frozenset({"company"})


def owning(kind: SourceKind, external: str, fields: FieldSet) -> CustomerSource:
    src = source(kind, external)
    src.fields = fields
    return src


def merged(db: Database, shop_kind: SourceKind = SourceKind.SHOPIFY) -> tuple[int, int, int]:
    """A customer from a shop (name, email, delivery address), a CSV import (phone, letter
    address) and the API (company): (customer id, shop source id, CSV source id)."""
    with db.sessions.begin() as session:
        shop = owning(shop_kind, "6000000000200", SHOP_FIELDS)
        csv = owning(SourceKind.CSV, "K3001", CSV_FIELDS)
        new = customer(
            "K3001",
            "Mia",
            "Roth",
            "mia@example.de",
            phone="+49301234567",
            company="Roth KG",
            sources=[shop, csv, owning(SourceKind.API, "api-3001", API_FIELDS)],
            addresses=home("Mia Roth"),
        )
        session.add(new)
        session.flush()
        return new.id, shop.id, csv.id


def sync(
    db: Database, customer_id: int, source_id: int, supplied: Mapping[str, str], now: datetime
) -> list[Change]:
    with db.sessions() as session:
        return apply_shop_record(session, customer_id, source_id, supplied, now)


def state(db: Database, customer_id: int) -> EditState:
    with db.sessions() as session:
        found = edit_state(session, customer_id)
    assert found is not None
    return found


def stored(db: Database, customer_id: int) -> dict[str, str]:
    return stored_values(db, customer_id)


def owned(db: Database, source_id: int) -> FieldSet:
    with db.sessions() as session:
        found = session.get(CustomerSource, source_id)
        assert found is not None
        return found.fields


def events(db: Database, customer_id: int) -> list[TimelineEvent]:
    return events_of(db, customer_id, EventKind.FIELD_EDITED)


def operator_save(
    db: Database, customer_id: int, start: EditState, edits: Mapping[str, str], now: datetime
) -> None:
    with db.sessions() as session:
        save_edits(
            session,
            customer_id,
            version=start.version,
            base=start.values,
            edits=edits,
            actor="maria",
            now=now,
        )


# -- the rule --------------------------------------------------------------------------------


def test_sync_updates_what_it_supplies_and_nothing_else(db: Database) -> None:
    customer_id, shop, csv = merged(db)
    before = stored(db, customer_id)
    version = state(db, customer_id).version
    changes = sync(
        db,
        customer_id,
        shop,
        {
            "first_name": "Mia-Sophie",
            "last_name": "Roth",
            "email": "",  # empty: not supplied
            "delivery.street": "Neue Straße",
            "delivery.house_number": "12",
        },
        LATER,
    )
    assert changes == [
        Change("first_name", "Mia", "Mia-Sophie"),
        Change("delivery.street", "Hauptstraße", "Neue Straße"),
        Change("delivery.house_number", "5a", "12"),
    ]
    after = stored(db, customer_id)
    assert after == {
        **before,
        "first_name": "Mia-Sophie",
        "delivery.street": "Neue Straße",
        "delivery.house_number": "12",
    }
    assert state(db, customer_id).version == version + 1
    [edited] = events(db, customer_id)
    assert (edited.actor, edited.at) == ("Shopify: My Store", LATER)
    assert edited.details["changes"][0] == {
        "field": "first_name",
        "old": "Mia",
        "new": "Mia-Sophie",
    }
    assert owned(db, shop) == SHOP_FIELDS  # nothing new supplied, nothing taken over
    assert owned(db, csv) == CSV_FIELDS
    with db.sessions() as session:
        src = session.get(CustomerSource, shop)
        assert src is not None
        assert src.synced_at == LATER


def test_sync_never_overwrites_csv_or_api_only_fields(db: Database) -> None:
    """The operator corrected CSV/API fields; a sync that does not supply them keeps them."""
    customer_id, shop, csv = merged(db)
    operator_save(
        db,
        customer_id,
        state(db, customer_id),
        {
            "phone": "0171 1234567",
            "company": "Roth & Partner",
            "letter.line2": "c/o Büro",
        },
        AS_OF,
    )
    corrected = stored(db, customer_id)
    sync(
        db,
        customer_id,
        shop,
        {"first_name": "Mia", "last_name": "Roth-Weber", "phone": "", "company": "  "},
        LATER,
    )
    after = stored(db, customer_id)
    assert after == {**corrected, "last_name": "Roth-Weber"}
    assert (after["phone"], after["company"], after["letter.line2"]) == (
        "+491711234567",
        "Roth & Partner",
        "c/o Büro",
    )
    assert owned(db, csv) == CSV_FIELDS
    locks = state(db, customer_id).locks
    assert not {"phone", "company"} & set(locks)
    assert not LETTER & set(locks)


def test_a_sync_without_news_changes_nothing(db: Database) -> None:
    customer_id, shop, _ = merged(db)
    version = state(db, customer_id).version
    assert (
        sync(db, customer_id, shop, {"first_name": "Mia", "email": "mia@example.de"}, LATER) == []
    )
    assert state(db, customer_id).version == version  # open forms stay valid
    assert events(db, customer_id) == []


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (SourceKind.SHOPIFY, "Synced from Shopify: My Store - change it in Shopify"),
        (SourceKind.BILLBEE, "Synced from Billbee - change it in Billbee"),
    ],
)
def test_a_shop_supplying_a_csv_field_takes_it_over_and_locks_it(
    db: Database, kind: SourceKind, message: str
) -> None:
    customer_id, shop, csv = merged(db, kind)
    assert "phone" not in state(db, customer_id).locks
    changes = sync(db, customer_id, shop, {"phone": "+4940555123", "letter.city": "Berlin"}, LATER)
    assert changes == [Change("phone", "+49301234567", "+4940555123")]  # the city was Berlin
    assert owned(db, shop) == SHOP_FIELDS | {"phone", "letter.city"}
    assert owned(db, csv) == CSV_FIELDS - {"phone", "letter.city"}
    [edited] = events(db, customer_id)
    assert edited.details["taken_over"] == ["letter.city", "phone"]
    after = state(db, customer_id)
    assert {n: after.locks[n].message for n in ("phone", "letter.city")} == {
        "phone": message,
        "letter.city": message,
    }
    # The rest of the CSV letter address stays editable ...
    assert not (LETTER - {"letter.city"}) & set(after.locks)
    operator_save(db, customer_id, after, {"letter.line2": "Hinterhaus"}, LATER)
    # ... and the taken-over fields are refused to operators.
    with pytest.raises(LockedField) as caught:
        operator_save(db, customer_id, state(db, customer_id), {"phone": "030 1234567"}, LATER)
    assert [lock.message for lock in caught.value.locks] == [message]
    assert stored(db, customer_id)["phone"] == "+4940555123"


def test_a_takeover_without_a_new_value_locks_open_forms_too(db: Database) -> None:
    """The shop starts supplying the phone the CSV had: the value stays, the lock is new, so a
    form opened before (with the phone editable) must not save it."""
    customer_id, shop, _ = merged(db)
    before = state(db, customer_id)
    assert sync(db, customer_id, shop, {"phone": "+49301234567"}, LATER) == []
    assert state(db, customer_id).version == before.version + 1
    with pytest.raises(LockedField):  # no value changed meanwhile: the lock did
        operator_save(db, customer_id, before, {"phone": "030 999999"}, LATER)
    assert stored(db, customer_id)["phone"] == "+49301234567"
    assert "phone" in state(db, customer_id).locks


def test_two_shops_share_a_field_and_the_latest_sync_wins(db: Database) -> None:
    customer_id, shop, _ = merged(db)
    with db.sessions.begin() as session:
        bb = owning(SourceKind.BILLBEE, "80000300", frozenset({"email"}))
        bb.customer_id = customer_id
        session.add(bb)
        session.flush()
        billbee = bb.id
    sync(db, customer_id, billbee, {"email": "mia.roth@example.de"}, LATER)
    assert owned(db, shop) == SHOP_FIELDS  # a shop never takes a field from another shop
    assert owned(db, billbee) == {"email"}
    assert stored(db, customer_id)["email"] == "mia.roth@example.de"
    assert state(db, customer_id).locks["email"].source_kind is SourceKind.SHOPIFY


def test_bad_calls_are_refused(db: Database) -> None:
    customer_id, shop, csv = merged(db)
    with pytest.raises(ValueError, match="not a shop source"):
        sync(db, customer_id, csv, {"first_name": "X"}, LATER)
    with pytest.raises(ValueError, match="not owned fields"):
        sync(db, customer_id, shop, {"comment": "X"}, LATER)
    with pytest.raises(ValueError, match="isoformat"):
        sync(db, customer_id, shop, {"birthday": "17.05.1984"}, LATER)  # the sync maps to ISO
    other, other_shop = merged_other(db)
    with pytest.raises(ValueError, match="not a shop source"):
        sync(db, customer_id, other_shop, {"first_name": "X"}, LATER)
    with pytest.raises(CustomerGone):
        sync(db, 10**9, shop, {"first_name": "X"}, LATER)
    assert events(db, customer_id) == [] == events(db, other)


def merged_other(db: Database) -> tuple[int, int]:
    """Another shop customer: (customer id, shop source id)."""
    with db.sessions.begin() as session:
        shop = owning(SourceKind.SHOPIFY, "6000000000201", SHOP_FIELDS)
        new = customer(
            "K3002", "Ben", "Kurz", "ben@example.de", sources=[shop], addresses=home("Ben Kurz")
        )
        session.add(new)
        session.flush()
        return new.id, shop.id


def test_a_synced_email_of_another_customer_is_refused(db: Database) -> None:
    customer_id, shop, _ = merged(db)
    merged_other(db)
    before = stored(db, customer_id)
    with pytest.raises(EmailTaken):
        sync(db, customer_id, shop, {"email": "BEN@example.de", "first_name": "X"}, LATER)
    assert stored(db, customer_id) == before


def test_the_birthday_is_supplied_as_an_iso_date(db: Database) -> None:
    customer_id, shop, _ = merged(db)
    sync(db, customer_id, shop, {"birthday": "1984-05-17"}, LATER)
    assert stored(db, customer_id)["birthday"] == "1984-05-17"
    assert "birthday" in state(db, customer_id).locks


# -- the same optimistic check as an operator's save -----------------------------------------


def test_an_operators_form_opened_before_a_sync_is_stale(db: Database) -> None:
    customer_id, shop, _ = merged(db)
    form = state(db, customer_id)
    sync(db, customer_id, shop, {"last_name": "Roth-Weber"}, LATER)
    with pytest.raises(StaleEdit) as caught:
        # The operator edits a CSV field the sync did not touch: still refused, with what the
        # sync changed, so the operator reloads and reapplies.
        operator_save(db, customer_id, form, {"letter.line2": "2. OG"}, LATER)
    assert caught.value.meanwhile == [Change("last_name", "Roth", "Roth-Weber")]
    assert stored(db, customer_id)["letter.line2"] == ""
    operator_save(db, customer_id, state(db, customer_id), {"letter.line2": "2. OG"}, LATER)
    assert stored(db, customer_id)["letter.line2"] == "2. OG"


def test_a_sync_between_an_operators_read_and_write_is_caught(db: Database) -> None:
    customer_id, shop, _ = merged(db)
    form = state(db, customer_id)

    def meanwhile(session: Session, *_: object) -> None:
        sync(
            db, customer_id, shop, {"delivery.city": "Potsdam", "delivery.postcode": "14467"}, LATER
        )

    with db.sessions() as session:
        event.listen(session, "before_flush", meanwhile, once=True)
        with pytest.raises(StaleEdit) as caught:
            save_edits(
                session,
                customer_id,
                version=form.version,
                base=form.values,
                edits={"company": "Roth GmbH"},
                actor="maria",
                now=LATER,
            )
    assert caught.value.meanwhile == [
        Change("delivery.postcode", "10115", "14467"),
        Change("delivery.city", "Berlin", "Potsdam"),
    ]
    after = stored(db, customer_id)
    assert (after["company"], after["delivery.city"]) == ("Roth KG", "Potsdam")


def test_an_operators_save_during_a_sync_is_kept_and_the_sync_retried(db: Database) -> None:
    """The operator saves CSV fields between the sync's read and write: the sync's write is
    refused by the version, it reads again and applies the record to the new state, keeping
    the operator's values."""
    customer_id, shop, _ = merged(db)
    form = state(db, customer_id)

    def meanwhile(session: Session, *_: object) -> None:
        operator_save(db, customer_id, form, {"phone": "040 1234567", "company": "Roth AG"}, AS_OF)

    with db.sessions() as session:
        event.listen(session, "before_flush", meanwhile, once=True)
        changes = apply_shop_record(session, customer_id, shop, {"first_name": "Mia-Sophie"}, LATER)
    assert changes == [Change("first_name", "Mia", "Mia-Sophie")]
    after = stored(db, customer_id)
    assert (after["first_name"], after["phone"], after["company"]) == (
        "Mia-Sophie",
        "+49401234567",
        "Roth AG",
    )
    assert [e.actor for e in events(db, customer_id)] == ["maria", "Shopify: My Store"]


def test_a_customer_that_keeps_changing_ends_the_retries(db: Database) -> None:
    customer_id, shop, _ = merged(db)
    tick = iter(range(1, 100))

    def meanwhile(session: Session, *_: object) -> None:
        n = next(tick)
        operator_save(
            db,
            customer_id,
            state(db, customer_id),
            {"company": f"Roth {n}"},
            AS_OF + timedelta(seconds=n),
        )

    with db.sessions() as session:
        event.listen(session, "before_flush", meanwhile)
        with pytest.raises(SyncConflict):
            apply_shop_record(session, customer_id, shop, {"first_name": "Mia-Sophie"}, LATER)
    assert next(tick) == ATTEMPTS + 1
    after = stored(db, customer_id)
    assert (after["first_name"], after["company"]) == ("Mia", f"Roth {ATTEMPTS}")
    assert [e.actor for e in events(db, customer_id)] == ["maria"] * ATTEMPTS


def test_a_reused_session_reads_the_customer_afresh(db: Database) -> None:
    """The sync may keep one session for many records; an older copy of the customer in it
    must not decide what is changed (one attempt: read afresh, not saved by a retry)."""
    customer_id, shop, _ = merged(db)
    with db.sessions() as session:
        held = session.get(Customer, customer_id)
        assert held is not None
        assert held.phone == "+49301234567"
        session.commit()  # the copy stays: the app's sessions do not expire on commit
        operator_save(db, customer_id, state(db, customer_id), {"phone": "040 1234567"}, LATER)
        changes = apply_shop_record(
            session, customer_id, shop, {"phone": "+49301234567"}, LATER, attempts=1
        )
    assert changes == [Change("phone", "+49401234567", "+49301234567")]
    assert stored(db, customer_id)["phone"] == "+49301234567"
