"""The merge rules, one test each: match order, address folding, the name rule, filling
empty fields, idempotence."""

from __future__ import annotations

from autoletter_tui.data.merge import (
    Keys,
    Match,
    MatchedBy,
    address_key,
    email_key,
    match,
    merged,
)

DRESDEN = address_key(
    "Jürgen", "Müller", street="Hauptstraße", house_number="5", postcode="01067", city="Dresden"
)


def find(keys: Keys) -> Match | None:
    return match(
        keys,
        by_email={"anna@example.de": 1},
        by_number={"10001": 2},
        by_address={DRESDEN: 3},
        ids={4},
    )


def test_the_email_is_tried_first_then_number_address_and_id() -> None:
    everything = Keys(
        email="anna@example.de",
        number="10001",
        address=DRESDEN,
        id=4,
    )
    assert find(everything) == Match(1, MatchedBy.EMAIL)
    assert find(Keys(email="x@example.de", number="10001", id=4)) == Match(2, MatchedBy.NUMBER)
    by_address = Keys(address=everything.address, id=4)
    assert find(by_address) == Match(3, MatchedBy.ADDRESS)
    assert find(Keys(id=4)) == Match(4, MatchedBy.ID)
    assert find(Keys(email="new@example.de", number="99")) is None


def test_emails_match_trimmed_and_in_any_case() -> None:
    assert email_key("  Anna@Example.DE ") == "anna@example.de"


def test_addresses_match_after_folding_and_only_when_complete() -> None:
    key = address_key(
        "Jürgen", "Müller", street="Hauptstraße", house_number="5", postcode="01067", city="Dresden"
    )
    assert key == address_key(
        "jürgen",
        "MÜLLER",
        street="Haupt-Strasse",
        house_number=" 5 ",
        postcode="01067",
        city="dresden",
    )
    assert key != address_key(
        "Jürgen", "Müller", street="Hauptstraße", house_number="7", postcode="01067", city="Dresden"
    )
    assert (
        address_key(
            "Jürgen",
            "Müller",
            street="Hauptstraße",
            house_number="",
            postcode="01067",
            city="Dresden",
        )
        == ""
    )
    assert (
        address_key(
            "", "Müller", street="Hauptstraße", house_number="5", postcode="01067", city="Dresden"
        )
        == ""
    )


def test_a_full_name_is_never_overwritten() -> None:
    stored = {"first_name": "Anna", "last_name": "Schmidt"}
    assert merged(stored, {"first_name": "Annette"}) == {}
    assert merged(stored, {"first_name": "Annette", "last_name": "Schulz"}) == {}


def test_a_full_name_replaces_a_partial_one() -> None:
    assert merged({"first_name": "Anna"}, {"first_name": "Anne", "last_name": "Schmidt"}) == {
        "first_name": "Anne",
        "last_name": "Schmidt",
    }
    assert merged({"first_name": "Anna"}, {"last_name": "Schmidt"}) == {"last_name": "Schmidt"}
    assert merged({"first_name": "Anna"}, {"first_name": "Anne"}) == {}


def test_empty_fields_are_filled_and_filled_ones_kept() -> None:
    stored = {"email": "anna@example.de", "phone": "", "company": "Alt GmbH"}
    supplied = {"email": "other@example.de", "phone": "+4930123456", "company": "",
                "birthday": "1984-05-17"}  # fmt: skip
    assert merged(stored, supplied) == {"phone": "+4930123456", "birthday": "1984-05-17"}


def test_an_address_is_taken_whole_when_there_is_none() -> None:
    supplied = {"letter.street": "Hauptstraße", "letter.house_number": "5",
                "letter.postcode": "01067", "letter.city": "Dresden"}  # fmt: skip
    assert merged({"delivery.city": "Berlin"}, supplied) == supplied


def test_an_address_is_completed_only_from_the_same_place() -> None:
    stored = {"letter.street": "Hauptstraße", "letter.house_number": "5",
              "letter.city": "Dresden"}  # fmt: skip
    same = {"letter.street": "Haupt-Strasse", "letter.house_number": "5",
            "letter.postcode": "01067", "letter.city": "DRESDEN"}  # fmt: skip
    assert merged(stored, same) == {"letter.postcode": "01067"}
    elsewhere = {**same, "letter.street": "Marktplatz", "letter.postcode": "50667",
                 "letter.city": "Köln"}  # fmt: skip
    assert merged(stored, elsewhere) == {}
    # a street without its town is no place to complete
    assert merged({"letter.postcode": "01067"}, same) == {}


def test_a_field_an_operator_cleared_stays_empty() -> None:
    stored = {"email": "anna@example.de", "phone": "", "letter.line2": ""}
    supplied = {"phone": "+4930123456", "letter.line2": "Hinterhaus", "company": "Neu GmbH"}
    assert merged(stored, supplied, cleared={"phone", "letter.line2"}) == {"company": "Neu GmbH"}
    assert merged({}, {"first_name": "Anna", "last_name": "Schmidt"}, cleared={"last_name"}) == {
        "first_name": "Anna"
    }


def test_merging_twice_changes_nothing() -> None:
    stored = {"first_name": "", "email": "anna@example.de"}
    supplied = {"first_name": "Anna", "last_name": "Schmidt", "phone": "+4930123456"}
    once = {**stored, **merged(stored, supplied)}
    assert merged(once, supplied) == {}
