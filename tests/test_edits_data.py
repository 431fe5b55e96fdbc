"""Operator edits in the data layer, on both engines: which fields are locked and why, what a
valid value is, one timeline event per save, stale saves refused with what changed meanwhile
(two real sessions), the email merge key, sent letters untouched, cached figures following."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import event
from sqlalchemy.orm import Session

from autoletter_tui.data.address_rules import AddressProblem
from autoletter_tui.data.comment import CustomerGone
from autoletter_tui.data.db import Database
from autoletter_tui.data.edits import (
    PROBLEM_TEXT,
    Change,
    EditState,
    EmailTaken,
    LockedField,
    SaveResult,
    StaleEdit,
    ValidationFailed,
    edit_state,
    locks,
    national_phone,
    save_edits,
    validate,
)
from autoletter_tui.data.fields import OWNED_FIELDS, AddressKind, address_fields
from autoletter_tui.data.models import (
    Campaign,
    CampaignKind,
    Customer,
    CustomerSource,
    EventKind,
    Letter,
    LetterStatus,
    SourceKind,
    TimelineEvent,
)
from autoletter_tui.data.profile import load_profile
from tests.conftest import AS_OF
from tests.profile_customers import Cast, build, customer, events_of, home, source, stored_values

SHOPIFY_LOCK = "Synced from Shopify: My Store - change it in Shopify"
BILLBEE_LOCK = "Synced from Billbee - change it in Billbee"


@pytest.fixture
def cast(db: Database) -> Cast:
    return build(db)


# -- helpers: every step in its own session, as the app's workers do ------------------------


def state(db: Database, customer_id: int) -> EditState:
    with db.sessions() as session:
        found = edit_state(session, customer_id)
    assert found is not None
    return found


def save(
    db: Database,
    customer_id: int,
    edits: Mapping[str, str],
    *,
    start: EditState | None = None,
    actor: str = "jonas",
    now: datetime = AS_OF,
) -> SaveResult:
    start = start or state(db, customer_id)
    with db.sessions() as session:
        return save_edits(
            session,
            customer_id,
            version=start.version,
            base=start.values,
            edits=edits,
            actor=actor,
            now=now,
        )


def stored(db: Database, customer_id: int) -> dict[str, str]:
    return stored_values(db, customer_id)


def row(db: Database, customer_id: int) -> Customer:
    with db.sessions() as session:
        found = session.get(Customer, customer_id)
        assert found is not None
        return found


def edit_events(db: Database, customer_id: int) -> list[TimelineEvent]:
    return events_of(db, customer_id, EventKind.FIELD_EDITED)


def refused(db: Database, customer_id: int, edits: Mapping[str, str]) -> dict[str, str]:
    """The messages of a refused save; checks that nothing was stored."""
    before = stored(db, customer_id)
    version = state(db, customer_id).version
    with pytest.raises(ValidationFailed) as caught:
        save(db, customer_id, edits)
    assert stored(db, customer_id) == before
    assert state(db, customer_id).version == version
    assert edit_events(db, customer_id) == []
    return caught.value.errors


def add_customer(db: Database, number: str, sources: list[CustomerSource], **values: Any) -> int:
    with db.sessions.begin() as session:
        new = customer(
            number,
            "Mia",
            "Roth",
            f"{number.lower()}@example.de",
            sources=sources,
            addresses=home("Mia Roth"),
            **values,
        )
        session.add(new)
        session.flush()
        return new.id


def owning(kind: SourceKind, external: str, fields: set[str]) -> CustomerSource:
    src = source(kind, external)
    src.fields = frozenset(fields)
    return src


ALL_FIELDS = set(OWNED_FIELDS)
LETTER = set(address_fields(AddressKind.LETTER))
DELIVERY = set(address_fields(AddressKind.DELIVERY))
BILLING = set(address_fields(AddressKind.BILLING))


# -- locks -----------------------------------------------------------------------------------


def test_shopify_customer_has_every_supplied_field_locked(db: Database, cast: Cast) -> None:
    found = state(db, cast.shopify).locks
    assert set(found) == ALL_FIELDS  # the cast's sources supply every field
    assert {lock.message for lock in found.values()} == {SHOPIFY_LOCK}
    assert {lock.source_label for lock in found.values()} == {"Shopify: My Store"}


def test_billbee_customer_says_change_it_in_billbee(db: Database, cast: Cast) -> None:
    found = state(db, cast.billbee).locks
    assert set(found) == ALL_FIELDS
    assert {lock.message for lock in found.values()} == {BILLBEE_LOCK}


@pytest.mark.parametrize("case", ["csv", "api", "manual", "no_orders", "tricky"])
def test_csv_api_and_manual_fields_are_editable(db: Database, cast: Cast, case: str) -> None:
    assert state(db, getattr(cast, case)).locks == {}


def test_merged_cast_customer_is_locked_by_its_first_shop(db: Database, cast: Cast) -> None:
    """Shopify, Billbee and CSV each supply every field: each field is locked, by the first
    shop source (Shopify), and the CSV source unlocks nothing."""
    found = state(db, cast.merged).locks
    assert set(found) == ALL_FIELDS
    assert {(lock.source_kind, lock.message) for lock in found.values()} == {
        (SourceKind.SHOPIFY, SHOPIFY_LOCK)
    }


def merged_per_field(db: Database) -> int:
    """Shopify supplies the name, email and delivery address; Billbee the billing address and
    the email too; CSV the phone and the letter address; API the birthday; nobody the company."""
    return add_customer(
        db,
        "K2001",
        [
            owning(
                SourceKind.SHOPIFY, "6000000000100", {"first_name", "last_name", "email"} | DELIVERY
            ),
            owning(SourceKind.BILLBEE, "80000100", BILLING | {"email"}),
            owning(SourceKind.CSV, "K2001", LETTER | {"phone"}),
            owning(SourceKind.API, "api-2001", {"birthday"}),
        ],
    )


def test_merged_customer_has_exactly_the_per_field_locks(db: Database) -> None:
    merged = merged_per_field(db)
    found = state(db, merged).locks
    expected = {n: SHOPIFY_LOCK for n in {"first_name", "last_name", "email"} | DELIVERY}
    expected |= {n: BILLBEE_LOCK for n in BILLING}
    assert {n: lock.message for n, lock in found.items()} == expected
    editable = ALL_FIELDS - set(found)
    assert editable == LETTER | {"phone", "birthday", "company"}

    # The data layer enforces the same decision, field by field.
    result = save(
        db,
        merged,
        {
            "letter.city": "Potsdam",
            "letter.postcode": "14467",
            "phone": "030 1234567",
            "company": "Roth KG",
            "birthday": "1990-02-03",
        },
    )
    assert {c.field for c in result.changes} == {
        "letter.city",
        "letter.postcode",
        "phone",
        "company",
        "birthday",
    }
    for name, value in [
        ("billing.city", "Bremen"),
        ("delivery.street", "Ring"),
        ("email", "neu@example.de"),
        ("first_name", "Neu"),
    ]:
        with pytest.raises(LockedField) as caught:
            save(db, merged, {name: value})
        assert [(lock.field, lock.message) for lock in caught.value.locks] == [
            (name, expected[name])
        ]


def test_locks_from_sources_directly() -> None:
    found = locks(
        [
            (SourceKind.CSV, "CSV Import", ["first_name", "phone"]),
            (SourceKind.BILLBEE, "Billbee", ["phone"]),
            (SourceKind.SHOPIFY, "Shopify: My Store", ["phone", "email"]),
            (SourceKind.API, "API", ["company"]),
            (SourceKind.MANUAL, "Manual", ["last_name"]),
        ]
    )
    assert {n: lock.message for n, lock in found.items()} == {
        "phone": BILLBEE_LOCK,  # the first shop source that supplies it
        "email": SHOPIFY_LOCK,
    }


# -- saving ----------------------------------------------------------------------------------


def test_a_locked_field_is_refused_and_nothing_is_stored(db: Database, cast: Cast) -> None:
    before = stored(db, cast.shopify)
    version = state(db, cast.shopify).version
    with pytest.raises(LockedField) as caught:
        # The company is locked too: nothing of the save is stored, the editable-looking
        # field neither.
        save(db, cast.shopify, {"first_name": "Anne", "company": "Other GmbH"})
    assert {lock.field for lock in caught.value.locks} == {"first_name", "company"}
    assert SHOPIFY_LOCK in str(caught.value)
    assert stored(db, cast.shopify) == before
    assert state(db, cast.shopify).version == version
    assert edit_events(db, cast.shopify) == []


def test_an_editable_field_is_changed_with_one_event(db: Database, cast: Cast) -> None:
    start = state(db, cast.csv)
    result = save(db, cast.csv, {"first_name": "Zoé", "letter.line2": "Bâtiment B"}, actor="maria")
    assert result.changes == [
        Change("first_name", "Chloé", "Zoé"),
        Change("letter.line2", "", "Bâtiment B"),
    ]
    assert result.version == start.version + 1 == state(db, cast.csv).version
    now = stored(db, cast.csv)
    assert now == {**start.values, "first_name": "Zoé", "letter.line2": "Bâtiment B"}
    [edited] = edit_events(db, cast.csv)
    assert edited.actor == "maria"
    assert edited.at == AS_OF
    assert edited.details == {
        "changes": [
            {"field": "first_name", "old": "Chloé", "new": "Zoé"},
            {"field": "letter.line2", "old": "", "new": "Bâtiment B"},
        ]
    }
    # The timeline the profile shows has it, with the operator.
    with db.sessions() as session:
        profile = load_profile(session, cast.csv, AS_OF)
    assert profile is not None
    [entry] = [e for e in profile.timeline if e.kind is EventKind.FIELD_EDITED]
    assert entry.actor == "maria"


def test_each_save_writes_its_own_event(db: Database, cast: Cast) -> None:
    save(db, cast.no_orders, {"company": "Neumann & Co"}, actor="maria")
    save(
        db,
        cast.no_orders,
        {"company": "", "last_name": "Neumann-Berg"},
        actor="jonas",
        now=AS_OF + timedelta(minutes=1),
    )
    first, second = edit_events(db, cast.no_orders)
    assert (first.actor, first.details["changes"]) == (
        "maria",
        [{"field": "company", "old": "", "new": "Neumann & Co"}],
    )
    assert (second.actor, second.details["changes"]) == (
        "jonas",
        [
            {"field": "last_name", "old": "Neumann", "new": "Neumann-Berg"},
            {"field": "company", "old": "Neumann & Co", "new": ""},
        ],
    )


def test_cleared_fields_are_stored_empty(db: Database, cast: Cast) -> None:
    start = state(db, cast.api)
    result = save(
        db, cast.api, {"email": "", "company": "  ", "delivery.name": "", "billing.line2": ""}
    )
    assert result.changes == [
        Change("email", "sven@example.dk", ""),
        Change("delivery.name", "Sven Larsen", ""),
    ]
    after = row(db, cast.api)
    assert (after.email, after.email_key, after.company) == ("", None, "")
    assert stored(db, cast.api) == {**start.values, "email": "", "delivery.name": ""}
    # ... and stays so: the next form starts empty, and a later save of another field keeps it.
    assert state(db, cast.api).values["email"] == ""
    save(db, cast.api, {"first_name": "Svend"})
    assert stored(db, cast.api)["email"] == ""
    assert stored(db, cast.api)["delivery.name"] == ""


def test_a_birthday_and_phone_can_be_cleared(db: Database, cast: Cast) -> None:
    save(db, cast.no_orders, {"birthday": "1990-01-02", "phone": "030 1234567"})
    save(db, cast.no_orders, {"birthday": "", "phone": ""}, now=AS_OF + timedelta(seconds=1))
    after = row(db, cast.no_orders)
    assert (after.birthday, after.phone) == (None, "")


def test_a_save_without_a_real_change_writes_nothing(db: Database, cast: Cast) -> None:
    start = state(db, cast.csv)
    # Surrounding spaces are not a change; neither is a lower-case country.
    result = save(db, cast.csv, {"first_name": "  Chloé ", "letter.country": "fr"})
    assert result.changes == []
    assert result.version == start.version == state(db, cast.csv).version
    assert edit_events(db, cast.csv) == []
    assert stored(db, cast.csv) == start.values


def test_unknown_fields_and_a_gone_customer(db: Database, cast: Cast) -> None:
    with pytest.raises(ValueError, match="not editable"):
        save(db, cast.csv, {"comment": "x"})
    start = state(db, cast.csv)
    with db.sessions.begin() as session:
        session.delete(session.get(Customer, cast.csv))
    with pytest.raises(CustomerGone):
        save(db, cast.csv, {"first_name": "Zoé"}, start=start)


# -- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-email", "must have an @-sign"),
        ("anna@example", "It should have a period"),
        ("anna@example..de", "two periods in a row"),
        ("anna@-example.de", "hyphen"),
        ("Anna <anna@example.de>", "display name"),
        ("anna schmidt@example.de", "invalid characters before the @-sign: SPACE"),
    ],
)
def test_email_syntax_and_domain_form(db: Database, cast: Cast, email: str, message: str) -> None:
    errors = refused(db, cast.no_orders, {"email": email})
    assert list(errors) == ["email"]
    assert message in errors["email"]


def test_the_plain_email_fast_path_agrees_with_email_validator() -> None:
    """Imports check most addresses with a fast path; it must accept and store exactly what
    email-validator would, on addresses built to hit it and its edges."""
    rng = random.Random(7)
    atoms = ["anna", "B", "x9", "o'neil", "a+tag", "_", "-", "", "ä", " ", "..", "q~"]
    labels = ["example", "Web", "gmx", "x", "-x", "x-", "xn--p1ai", "a--b", "1", "", "ü"]
    tlds = ["de", "COM", "d", "123", "local", "test", "Onion", "museum", "x1", ""]
    today = date(2026, 11, 25)
    hits = 0
    for _ in range(20_000):
        local = ".".join(rng.choice(atoms) for _ in range(rng.randrange(1, 3)))
        domain = ".".join([*(rng.choice(labels) for _ in range(rng.randrange(1, 3))),
                           rng.choice(tlds)])  # fmt: skip
        address = f"{local}@{domain}" if rng.random() < 0.95 else local + domain
        try:
            expected: str | None = validate_email(address, check_deliverability=False).normalized
        except EmailNotValidError:
            expected = None
        cleaned, errors = validate({"email": address}, ["email"], today)
        assert cleaned.get("email") == expected, address
        assert ("email" in errors) == (expected is None), address
        hits += expected is not None
    assert hits > 2_000  # the valid side was tried often enough to mean something


def test_a_valid_email_is_stored_normalized(db: Database, cast: Cast) -> None:
    save(db, cast.no_orders, {"email": "  Noah.N@Example.DE "})
    after = row(db, cast.no_orders)
    assert (after.email, after.email_key) == ("Noah.N@example.de", "noah.n@example.de")


@pytest.mark.parametrize(
    ("case", "typed", "shown"),
    [  # shown: (stored in E.164, shown back in the customer's national form)
        ("no_orders", "030 1234567", ("+49301234567", "030 1234567")),  # Germany
        ("no_orders", "0171/1234567", ("+491711234567", "0171 1234567")),
        ("csv", "01 42 68 53 00", ("+33142685300", "01 42 68 53 00")),  # France
        ("api", "33 12 34 56", ("+4533123456", "33 12 34 56")),  # Denmark
        ("no_orders", "+41 44 668 18 00", ("+41446681800", "+41 44 668 18 00")),  # abroad
    ],
)
def test_phone_is_read_for_the_customers_country_and_stored_e164(
    db: Database, cast: Cast, case: str, typed: str, shown: tuple[str, str]
) -> None:
    e164, national = shown
    customer_id = getattr(cast, case)
    result = save(db, customer_id, {"phone": typed})
    assert result.changes[0].new == e164
    assert row(db, customer_id).phone == e164
    again = state(db, customer_id)
    assert national_phone(again.values["phone"], again.country) == national


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("call me", "Not a phone number."),
        ("123", "Not a valid phone number for DE."),
        ("+49 30", "Not a valid phone number for DE."),
    ],
)
def test_a_phone_that_is_not_one_is_refused(
    db: Database, cast: Cast, typed: str, message: str
) -> None:
    assert refused(db, cast.no_orders, {"phone": typed}) == {"phone": message}


@pytest.mark.parametrize("typed", ["1984-05-17", "17.05.1984", " 17.05.1984 "])
def test_birthday_iso_and_german_form(db: Database, cast: Cast, typed: str) -> None:
    result = save(db, cast.no_orders, {"birthday": typed})
    assert result.changes == [Change("birthday", "", "1984-05-17")]
    assert row(db, cast.no_orders).birthday == date(1984, 5, 17)


def test_birthday_today_and_120_years_ago_are_accepted(db: Database, cast: Cast) -> None:
    save(db, cast.no_orders, {"birthday": AS_OF.date().isoformat()})
    assert row(db, cast.no_orders).birthday == AS_OF.date()
    save(db, cast.csv, {"birthday": "01.01.1906"})
    assert row(db, cast.csv).birthday == date(1906, 1, 1)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2026-11-21", "A birthday cannot be in the future."),  # the day after AS_OF
        ("01.01.2100", "A birthday cannot be in the future."),
        ("1900-01-01", "More than 120 years ago: please check the year."),
        ("0001-01-01", "More than 120 years ago: please check the year."),
        ("1990-02-30", "Not a date: write 1984-05-17 or 17.05.1984."),
        ("31.02.1990", "Not a date: write 1984-05-17 or 17.05.1984."),
        ("17.05.84", "Not a date: write 1984-05-17 or 17.05.1984."),
        ("05/17/1984", "Not a date: write 1984-05-17 or 17.05.1984."),
        ("yesterday", "Not a date: write 1984-05-17 or 17.05.1984."),
    ],
)
def test_birthday_refused(db: Database, cast: Cast, typed: str, message: str) -> None:
    assert refused(db, cast.no_orders, {"birthday": typed}) == {"birthday": message}


@pytest.mark.parametrize("code", ["XX", "ZZ", "D1", "1"])
def test_a_country_that_is_not_iso_is_refused(db: Database, cast: Cast, code: str) -> None:
    errors = refused(db, cast.no_orders, {"delivery.country": code})
    assert errors == {"delivery.country": PROBLEM_TEXT[AddressProblem.INVALID_COUNTRY]}


def test_a_country_name_is_too_long_for_a_code(db: Database, cast: Cast) -> None:
    errors = refused(db, cast.no_orders, {"billing.country": "Deutschland"})
    assert errors == {"billing.country": "Too long: 11 characters, at most 2."}


def test_an_iso_country_is_stored_upper_case(db: Database, cast: Cast) -> None:
    save(
        db,
        cast.no_orders,
        {"delivery.country": "at", "delivery.postcode": "1010", "delivery.city": "Wien"},
    )
    assert stored(db, cast.no_orders)["delivery.country"] == "AT"


@pytest.mark.parametrize("kind", list(AddressKind))
@pytest.mark.parametrize(
    ("edits", "field"),
    [
        ({"postcode": "1234"}, "postcode"),  # DE postcodes have five digits
        ({"postcode": "ABCDE"}, "postcode"),
        ({"country": "AT"}, "postcode"),  # 10115 is no Austrian postcode
    ],
)
def test_a_postcode_invalid_for_the_country_is_refused(
    db: Database, cast: Cast, kind: AddressKind, edits: dict[str, str], field: str
) -> None:
    prefixed = {f"{kind.value}.{n}": v for n, v in edits.items()}
    errors = refused(db, cast.no_orders, prefixed)
    assert errors == {f"{kind.value}.{field}": "Not a valid postcode for this country."}


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ({"house_number": ""}, {"house_number": "A letter needs a house number."}),
        ({"street": "", "house_number": ""}, {"street": "A letter needs a street."}),
        ({"city": ""}, {"city": "A letter needs a city."}),
        ({"postcode": ""}, {"postcode": "A letter needs a postcode in this country."}),
        (
            {"country": "US", "postcode": "94043", "city": "Mountain View"},
            {"region": "A letter needs a region (state, province) in this country."},
        ),
        (
            {"country": "US", "postcode": "94043", "city": "Mountain View", "region": "XY"},
            {"region": "Not a region of this country."},
        ),
    ],
)
def test_an_incomplete_letter_address_is_refused_at_its_field(
    db: Database, cast: Cast, edits: dict[str, str], expected: dict[str, str]
) -> None:
    errors = refused(db, cast.no_orders, {f"letter.{n}": v for n, v in edits.items()})
    assert errors == {f"letter.{n}": message for n, message in expected.items()}


def test_a_complete_foreign_letter_address_is_accepted(db: Database, cast: Cast) -> None:
    save(
        db,
        cast.no_orders,
        {
            "letter.country": "US",
            "letter.postcode": "94043",
            "letter.city": "Mountain View",
            "letter.region": "CA",
            "letter.street": "Amphitheatre Pkwy",
            "letter.house_number": "1600",
        },
    )
    assert row(db, cast.no_orders).letter_address_complete


def test_only_the_letter_address_must_be_complete(db: Database, cast: Cast) -> None:
    result = save(db, cast.no_orders, {"delivery.house_number": "", "billing.city": ""})
    assert {c.field for c in result.changes} == {"delivery.house_number", "billing.city"}


def test_an_address_can_be_cleared_entirely(db: Database, cast: Cast) -> None:
    cleared = {
        f"billing.{n}": ""
        for n in ("name", "street", "house_number", "postcode", "city", "country")
    }
    save(db, cast.no_orders, cleared)
    assert all(stored(db, cast.no_orders)[n] == "" for n in cleared)


@pytest.mark.parametrize("name", ["first_name", "company", "letter.name", "delivery.street"])
def test_overlong_values_are_refused(db: Database, cast: Cast, name: str) -> None:
    errors = refused(db, cast.no_orders, {name: "x" * 10_000})
    assert errors == {name: "Too long: 10,000 characters, at most 255."}


def test_overlong_email_and_house_number(db: Database, cast: Cast) -> None:
    errors = refused(
        db,
        cast.no_orders,
        {"email": "a" * 10_000 + "@example.de", "letter.house_number": "1" * 10_000},
    )
    assert errors == {
        "email": "Too long: 10,011 characters, at most 320.",
        "letter.house_number": "Too long: 10,000 characters, at most 32.",
    }


@pytest.mark.parametrize(
    "text", ["Anna\x1b[31m", "bell\x07", "tab\tbed", "line\nbreak", "cr\r", "nul\x00", "del\x7f"]
)
def test_control_characters_are_refused(db: Database, cast: Cast, text: str) -> None:
    errors = refused(db, cast.no_orders, {"last_name": text})
    assert errors == {
        "last_name": "Control characters (line breaks, tabs, ...) are not allowed here."
    }


def test_a_lone_surrogate_is_refused_not_a_crash(db: Database, cast: Cast) -> None:
    errors = refused(db, cast.no_orders, {"company": "Caf\ud800"})
    assert errors == {"company": "Contains a character that cannot be stored."}


FAITHFUL = {
    "first_name": "[b]Bold[/b] [@click=app.quit]",
    "last_name": "😀 👍🏽 👨‍👩‍👧 Ünïcödé",
    "company": "شركة المثال للتجارة",  # right-to-left
    "letter.name": "\u202eevil\u202c אבג",  # a bidi override and Hebrew
    "letter.line2": "<script>alert(1)</script> & ' \" %s {0} $(rm)",
    "delivery.city": "東京",
}


def test_markup_emoji_and_rtl_are_stored_faithfully(db: Database, cast: Cast) -> None:
    result = save(db, cast.no_orders, FAITHFUL)
    assert {c.field: c.new for c in result.changes} == FAITHFUL
    after = stored(db, cast.no_orders)
    assert {n: after[n] for n in FAITHFUL} == FAITHFUL
    [edited] = edit_events(db, cast.no_orders)
    assert {c["field"]: c["new"] for c in edited.details["changes"]} == FAITHFUL


def test_nothing_is_stored_while_any_field_is_invalid(db: Database, cast: Cast) -> None:
    errors = refused(
        db,
        cast.no_orders,
        {"first_name": "Valid", "company": "Fine GmbH", "email": "bad", "letter.postcode": "1"},
    )
    assert set(errors) == {"email", "letter.postcode"}


def test_every_invalid_field_gets_its_message(db: Database, cast: Cast) -> None:
    errors = refused(
        db,
        cast.no_orders,
        {
            "email": "x",
            "phone": "x",
            "birthday": "x",
            "billing.country": "XX",
            "first_name": "a\x1b",
        },
    )
    assert set(errors) == {"email", "phone", "birthday", "billing.country", "first_name"}


# -- stale saves -----------------------------------------------------------------------------


def test_stale_save_is_refused_with_what_changed_meanwhile(db: Database, cast: Cast) -> None:
    """Operators A and B open the form; A saves; B's save is refused with A's change, and
    nothing of B's is stored. Every step in its own session, as the app's workers do."""
    a_form = state(db, cast.no_orders)
    b_form = state(db, cast.no_orders)
    save(
        db,
        cast.no_orders,
        {"first_name": "Noa", "letter.city": "Potsdam", "letter.postcode": "14467"},
        start=a_form,
        actor="A",
    )
    with pytest.raises(StaleEdit) as caught:
        save(
            db,
            cast.no_orders,
            {"last_name": "Berg", "letter.city": "Bonn", "letter.postcode": "53111"},
            start=b_form,
            actor="B",
        )
    assert caught.value.meanwhile == [
        Change("first_name", "Noah", "Noa"),
        Change("letter.postcode", "10115", "14467"),
        Change("letter.city", "Berlin", "Potsdam"),
    ]
    after = stored(db, cast.no_orders)
    assert (after["first_name"], after["last_name"], after["letter.city"]) == (
        "Noa",
        "Neumann",
        "Potsdam",
    )
    assert [e.actor for e in edit_events(db, cast.no_orders)] == ["A"]
    # Reloaded, B's change goes through.
    save(db, cast.no_orders, {"last_name": "Berg"}, actor="B")
    assert stored(db, cast.no_orders)["last_name"] == "Berg"


def test_stale_save_with_one_long_lived_session_per_operator(db: Database, cast: Cast) -> None:
    """Each operator keeps one session (one connection) for reading and saving: B's session
    still holds the customer as it read it, so only the version column at B's write sees A's
    save."""
    with db.sessions() as a, db.sessions() as b:
        a_form = edit_state(a, cast.csv)
        b_form = edit_state(b, cast.csv)
        assert a_form is not None
        assert b_form is not None
        a.commit()
        b.commit()
        save_edits(
            a,
            cast.csv,
            version=a_form.version,
            base=a_form.values,
            edits={"company": "Dubois SARL"},
            actor="A",
            now=AS_OF,
        )
        with pytest.raises(StaleEdit) as caught:
            save_edits(
                b,
                cast.csv,
                version=b_form.version,
                base=b_form.values,
                edits={"company": "Dubois & Fils", "first_name": "Zoé"},
                actor="B",
                now=AS_OF,
            )
    assert caught.value.meanwhile == [Change("company", "", "Dubois SARL")]
    after = stored(db, cast.csv)
    assert (after["company"], after["first_name"]) == ("Dubois SARL", "Chloé")
    assert [e.actor for e in edit_events(db, cast.csv)] == ["A"]


def test_a_save_between_read_and_write_is_caught(db: Database, cast: Cast) -> None:
    """A's save lands after B's save has read the customer and before it writes."""
    a_form = state(db, cast.no_orders)
    b_form = state(db, cast.no_orders)

    def meanwhile(session: Session, *_: object) -> None:
        save(db, cast.no_orders, {"phone": "030 1234567"}, start=a_form, actor="A")

    with db.sessions() as session:
        event.listen(session, "before_flush", meanwhile, once=True)
        with pytest.raises(StaleEdit) as caught:
            save_edits(
                session,
                cast.no_orders,
                version=b_form.version,
                base=b_form.values,
                edits={"letter.street": "Ringstraße"},
                actor="B",
                now=AS_OF,
            )
    assert caught.value.meanwhile == [Change("phone", "", "+49301234567")]
    after = stored(db, cast.no_orders)
    assert (after["phone"], after["letter.street"]) == ("+49301234567", "Hauptstraße")
    assert [e.actor for e in edit_events(db, cast.no_orders)] == ["A"]


def test_an_address_only_save_between_read_and_write_is_caught(db: Database, cast: Cast) -> None:
    """Address rows carry no version: the customer row's does, and an address-only save must
    write it."""
    a_form = state(db, cast.no_orders)
    b_form = state(db, cast.no_orders)

    def meanwhile(session: Session, *_: object) -> None:
        save(db, cast.no_orders, {"billing.line2": "Hinterhaus"}, start=a_form, actor="A")

    with db.sessions() as session:
        event.listen(session, "before_flush", meanwhile, once=True)
        with pytest.raises(StaleEdit) as caught:
            save_edits(
                session,
                cast.no_orders,
                version=b_form.version,
                base=b_form.values,
                edits={"billing.line2": "Vorderhaus"},
                actor="B",
                now=AS_OF,
            )
    assert caught.value.meanwhile == [Change("billing.line2", "", "Hinterhaus")]
    assert stored(db, cast.no_orders)["billing.line2"] == "Hinterhaus"


def test_saves_within_one_clock_tick_still_make_forms_stale(db: Database, cast: Cast) -> None:
    """Two address-only saves at the same ``now`` (the clock's resolution): the second must
    bump the version, or a form opened between them would overwrite it unnoticed."""
    save(db, cast.no_orders, {"letter.line2": "2. OG"}, actor="A")
    b_form = state(db, cast.no_orders)
    c_form = state(db, cast.no_orders)
    b = save(db, cast.no_orders, {"letter.line2": "3. OG"}, start=b_form, actor="B")
    assert b.version == b_form.version + 1
    with pytest.raises(StaleEdit) as caught:
        save(db, cast.no_orders, {"letter.line2": "4. OG"}, start=c_form, actor="C")
    assert caught.value.meanwhile == [Change("letter.line2", "2. OG", "3. OG")]
    assert stored(db, cast.no_orders)["letter.line2"] == "3. OG"


# -- the email: the merge key ----------------------------------------------------------------


def test_an_email_of_another_customer_is_refused(db: Database, cast: Cast) -> None:
    before = stored(db, cast.no_orders)
    version = state(db, cast.no_orders).version
    with pytest.raises(EmailTaken, match=r"ANNA\.SCHMIDT@example\.de"):
        # The key is case-insensitive; the other edit of this save is not stored either.
        save(db, cast.no_orders, {"email": "ANNA.SCHMIDT@example.de", "company": "X"})
    assert stored(db, cast.no_orders) == before
    assert state(db, cast.no_orders).version == version
    assert edit_events(db, cast.no_orders) == []
    assert row(db, cast.no_orders).email_key == "noah@example.de"


def test_changing_the_email_changes_the_merge_key(db: Database, cast: Cast) -> None:
    result = save(db, cast.no_orders, {"email": "Noah.Neumann@Example.de"})
    assert result.changes == [Change("email", "noah@example.de", "Noah.Neumann@example.de")]
    assert row(db, cast.no_orders).email_key == "noah.neumann@example.de"
    # The old address is free again for another customer.
    save(db, cast.csv, {"email": "noah@example.de"})
    assert row(db, cast.csv).email_key == "noah@example.de"


# -- letters already generated ---------------------------------------------------------------

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n\x00\x01\x02\xff\xfe binary \r\n stream\n%%EOF\n"


def test_a_sent_letters_snapshot_and_pdf_stay_byte_identical(db: Database, cast: Cast) -> None:
    with db.sessions.begin() as session:
        campaign = Campaign(
            name="Danke",
            kind=CampaignKind.ONE_TIME,
            text="Danke {first_name}",
            created_at=AS_OF - timedelta(days=30),
        )
        letter = Letter(
            campaign=campaign,
            customer_id=cast.no_orders,
            status=LetterStatus.DELIVERED,
            token="tok-snapshot",
            address_lines="Noah Neumann\nHauptstraße 5a\n10115 Berlin",
            body="Lieber Noah,\n\ndanke für Ihren Einkauf! 😀\n",
            pdf=PDF,
            accepted_at=AS_OF - timedelta(days=10),
            delivered_at=AS_OF - timedelta(days=7),
        )
        session.add_all([campaign, letter])
        session.flush()
        letter_id = letter.id

    def snapshot() -> tuple[str, str, bytes | None]:
        with db.sessions() as session:
            found = session.get(Letter, letter_id)
            assert found is not None
            return found.address_lines, found.body, found.pdf

    before = snapshot()
    save(
        db,
        cast.no_orders,
        {
            "first_name": "Noa",
            "letter.name": "Noa Neumann",
            "letter.street": "Ringstraße",
            "letter.house_number": "9",
            "letter.postcode": "80331",
            "letter.city": "München",
        },
    )
    after = snapshot()
    assert after == before
    assert after[2] == PDF
    # The profile's letter list still shows the address the letter was printed with.
    with db.sessions() as session:
        profile = load_profile(session, cast.no_orders, AS_OF)
    assert profile is not None
    [shown] = profile.letters
    assert shown.address_lines == ("Noah Neumann", "Hauptstraße 5a", "10115 Berlin")
    assert shown.has_pdf


# -- cached figures --------------------------------------------------------------------------


def test_cached_figures_follow_an_address_edit(db: Database, cast: Cast) -> None:
    before = row(db, cast.api)
    assert not before.letter_address_complete  # the API sent no letter address
    assert before.city == "København"
    assert "aarhus" not in before.search_text
    save(
        db,
        cast.api,
        {
            "letter.name": "Sven Larsen",
            "letter.street": "Bredgade",
            "letter.house_number": "3",
            "letter.postcode": "1050",
            "letter.city": "København",
            "letter.country": "DK",
            "delivery.postcode": "8000",
            "delivery.city": "Aarhus",
        },
    )
    after = row(db, cast.api)
    assert after.letter_address_complete
    assert after.city == "Aarhus"
    assert "aarhus" in after.search_text


def test_cached_figures_follow_a_name_and_country_edit(db: Database, cast: Cast) -> None:
    save(
        db,
        cast.no_orders,
        {
            "last_name": "Zander",
            "delivery.country": "AT",
            "delivery.postcode": "1010",
            "delivery.city": "Wien",
        },
    )
    after = row(db, cast.no_orders)
    assert (after.country, after.city) == ("AT", "Wien")
    assert after.sort_name.startswith("zander")
    assert {"zander", "wien", "at"} <= set(after.search_text.split())
    assert "neumann" not in after.search_text.split()


def test_a_cleared_letter_address_is_not_complete(db: Database, cast: Cast) -> None:
    assert row(db, cast.no_orders).letter_address_complete
    save(
        db,
        cast.no_orders,
        {
            f"letter.{n}": ""
            for n in ("name", "street", "house_number", "postcode", "city", "country")
        },
    )
    assert not row(db, cast.no_orders).letter_address_complete
