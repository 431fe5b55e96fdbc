"""Languages: every message the code marks has a translation in German and Spanish, no catalog
holds what the code no longer has, placeholders survive translation, and the language comes
from the setting, else the environment, else English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from babel.messages.catalog import Catalog

from autoletter_tui import formatting, i18n
from autoletter_tui.data.errors import UserError
from autoletter_tui.i18n import Lazy, _, choose, set_language
from tools.messages import TRANSLATED, extract, forms, read

PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


@pytest.fixture(scope="module")
def template() -> Catalog:
    return extract()


@pytest.fixture
def language() -> Iterator[None]:
    yield
    set_language("en")


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_has_a_translation(template: Catalog, code: str) -> None:
    catalog = read(code)
    missing = [(m.context, m.id) for m in template if m.id and catalog.get(m.id, m.context) is None]
    assert missing == [], f"not in {code}: run make messages and translate"
    untranslated = [
        m.id for m in catalog if m.id and (m.fuzzy or not all(forms(m.string)))
    ]  # fmt: skip
    assert untranslated == []
    unused = [(m.context, m.id) for m in catalog if m.id and template.get(m.id, m.context) is None]
    assert unused == [], f"in {code} but not in the code: run make messages"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_every_placeholder(code: str) -> None:
    for message in read(code):
        if not message.id:
            continue
        wanted = {name for i in forms(message.id) for name in PLACEHOLDER.findall(i)}
        for form in forms(message.string):
            assert set(PLACEHOLDER.findall(form)) == wanted, (message.id, form)


def test_the_setting_wins_then_the_environment_then_english() -> None:
    assert choose("es", {"LANG": "de_AT.UTF-8"}) == ("es", "de_AT")
    assert choose("", {"LANG": "de_AT.UTF-8"}) == ("de", "de_AT")
    assert choose("", {"LC_ALL": "es_MX.UTF-8", "LANG": "de_DE.UTF-8"}) == ("es", "es_MX")
    assert choose("", {"LC_MESSAGES": "de_CH", "LANG": "en_US"}) == ("de", "de_CH")
    assert choose("", {"LANG": "fr_FR.UTF-8"}) == ("en", None)  # not a language of the desk
    assert choose("", {"LANG": "C.UTF-8"}) == ("en", None)
    assert choose("", {}) == ("en", None)


def test_switching_changes_messages_and_formats(language: None) -> None:
    amount, when = Decimal("1234.56"), datetime(2026, 11, 5, 9, 30, tzinfo=UTC)
    set_language("de")
    assert _("Error") == "Fehler"
    assert formatting.money(amount, "EUR") == "1.234,56\xa0€"
    assert formatting.day(when) == "05.11.2026"
    assert formatting.percent(0.375, decimals=1) == "37,5\xa0%"
    set_language("es")
    assert _("Error") == "Error"
    assert formatting.money(amount, "EUR") == "1.234,56\xa0€"
    set_language("en")
    assert _("Error") == "Error"
    assert formatting.money(amount, "EUR") == "€1,234.56"
    assert formatting.moment(when) == "05/11/2026 09:30"
    assert formatting.percent(-0.22, sign=True) == "-22%"
    set_language("de", "de_CH")  # the region's formats, the language's messages
    assert i18n.locale().territory == "CH"
    with pytest.raises(ValueError, match="not a language"):
        set_language("fr")


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("en", ["KWD1,234.500", "JP¥1,000", "€1,234.50", "HUF1,990.50", "CLF1.2345", "-€0.01"]),
        ("de", ["1.234,500\xa0KWD", "1.000\xa0¥", "1.234,50\xa0€", "1.990,50\xa0HUF",
                "1,2345\xa0CLF", "-0,01\xa0€"]),
    ],
)  # fmt: skip
def test_money_shows_each_currencys_iso_digits_in_the_locales_pattern(
    language: None, code: str, shown: list[str]
) -> None:
    """ISO 4217's digits, not CLDR's cash digits (which Babel has: none for HUF): KWD three,
    JPY none, HUF two; the amount as read from the database (1000.00) or as summed (1234.5)."""
    set_language(code)
    amounts = [
        (Decimal("1234.5"), "KWD"),
        (Decimal("1000.00"), "JPY"),
        (Decimal("1234.5"), "EUR"),
        (Decimal("1990.50"), "HUF"),
        (Decimal("1.2345"), "CLF"),
        (Decimal("-0.01"), "EUR"),
    ]
    assert [formatting.money(value, currency) for value, currency in amounts] == shown


def test_a_lazy_message_is_translated_when_shown_and_stored_as_the_message(
    language: None,
) -> None:
    hint = Lazy("{message} {hint}", message=Lazy("no answer in time"), hint="Try later.")
    tries = Lazy.plural(
        3, "{service} did not answer {path} after {n} try: {reason}.",
        "{service} did not answer {path} after {n} tries: {reason}.",
        service="Shopify", path="/x", reason=hint,
    )  # fmt: skip
    stored = tries.to_stored()
    assert str(tries) == "Shopify did not answer /x after 3 tries: no answer in time Try later.."
    set_language("de")
    assert tries.to_stored() == stored  # the stored form does not depend on the language
    again = Lazy.from_stored(stored)
    assert again == tries
    assert str(again) == (
        "Shopify hat /x nach 3 Versuchen nicht beantwortet: keine Antwort in der Zeit Try later.."
    )
    # Text stored by an older version, or not a message of ours, is shown as it is.
    assert Lazy.from_stored("connection reset") == "connection reset"
    assert Lazy.from_stored('{"message": broken') == '{"message": broken'
    assert Lazy.of(UserError(tries)) is tries
    assert Lazy.of(ValueError("plain")) == "plain"
    assert Lazy.of(KeyError()) == "KeyError"
