"""A rendered letter read back as a reader would: the text where the envelope window is, the
QR code decoded from the page as an image, every character of the names printed."""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium
import pytest
import zxingcpp
from reportlab.lib.units import mm

from autoletter_tui.i18n import set_language
from autoletter_tui.letters.address import envelope_lines
from autoletter_tui.letters.pdf import ADDRESS_LINES, AddressTooLong, LetterPage, render
from autoletter_tui.letters.rendering import Renderer

HEIGHT = 297 * mm
URL = "https://l.autoletter.example/q/4f2a9c0e5b7d41e3a6c8f0b2d4e6a8c0"


def page(lines: tuple[str, ...], body: str = "Hallo,\n\ndanke für 12,90 €.") -> LetterPage:
    return LetterPage(
        sender_line="Teeladen Müller · Hauptstraße 1 · 10115 Berlin",
        address_lines=lines,
        body=body,
        tracking_url=URL,
        dated=date(2026, 11, 20),
    )


def text_in(pdf: bytes, left: float, top: float, right: float, bottom: float) -> list[str]:
    """The lines of text inside a rectangle given in mm from the page's top left corner."""
    document = pdfium.PdfDocument(pdf)
    text = (
        document[0]
        .get_textpage()
        .get_text_bounded(left * mm, HEIGHT - bottom * mm, right * mm, HEIGHT - top * mm)
    )
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


ADDRESS = (
    "Łukasz Woźniak",
    "Černý & Söhne GmbH",
    "Königstraße 147",
    "Hinterhaus",
    "1010 WIEN",
    "AUSTRIA",
)


def test_the_address_sits_in_the_window_zone() -> None:
    pdf = render(page(ADDRESS))
    # DIN 5008 form B: the recipient zone 62.7-90 mm from the top, 20-105 mm from the left.
    assert text_in(pdf, 20, 62.7, 105, 90) == list(ADDRESS)
    # ... with the sender's return line in the 17.7 mm above it, and nothing else there.
    assert text_in(pdf, 20, 45, 105, 62.7) == ["Teeladen Müller · Hauptstraße 1 · 10115 Berlin"]
    whole = text_in(pdf, 0, 0, 210, 297)
    assert whole.count("Łukasz Woźniak") == 1  # printed once, in the window


def test_blank_lines_are_left_out() -> None:
    pdf = render(page(("Anna Schmidt", "", "  ", "Hauptstraße 5a", "10115 BERLIN")))
    assert text_in(pdf, 20, 62.7, 105, 90) == ["Anna Schmidt", "Hauptstraße 5a", "10115 BERLIN"]


def test_more_lines_than_the_window_shows_are_refused() -> None:
    with pytest.raises(AddressTooLong, match="7 lines"):
        render(page((*ADDRESS, "one too many")))
    assert len(ADDRESS) == ADDRESS_LINES


def test_a_line_too_wide_for_the_window_is_cut_inside_it() -> None:
    pdf = render(page(("Prof. Dr. " + "Maximiliane-Friederike " * 4 + "Schmidt", "10115 BERLIN")))
    inside = text_in(pdf, 20, 62.7, 105, 90)
    assert inside[0].startswith("Prof. Dr. Maximiliane")
    assert inside[0].endswith("…")
    assert text_in(pdf, 105, 62.7, 160, 90) == []  # nothing runs out of the window


def test_the_qr_code_decodes_to_the_letters_url() -> None:
    document = pdfium.PdfDocument(render(page(ADDRESS)))
    image = document[0].render(scale=3).to_pil()
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [URL]


def test_the_body_prints_umlauts_accents_and_the_euro_sign() -> None:
    body = "Grüße an Chloé, Łukasz und Zoë: 12,90 € – danke!"
    text = "\n".join(text_in(render(page(ADDRESS, body)), 0, 95, 210, 297))
    assert body in text
    assert "20.11.2026" in text


def test_the_same_letter_renders_to_the_same_bytes() -> None:
    assert render(page(ADDRESS)) == render(page(ADDRESS))


def test_envelope_lines_follow_the_country_and_name_foreign_countries() -> None:
    common = {"name": "Anna Schmidt", "company": "", "line2": "", "region": ""}
    home = envelope_lines(
        **common, street="Hauptstraße", house_number="5a", postcode="10115", city="Berlin",
        country="DE",
    )  # fmt: skip
    assert home == ("Anna Schmidt", "Hauptstraße 5a", "10115 BERLIN")  # no country line
    vienna = envelope_lines(
        **{**common, "company": "Acme GmbH"}, street="Graben", house_number="12",
        postcode="1010", city="Wien", country="at",
    )  # fmt: skip
    assert vienna == ("Acme GmbH", "Anna Schmidt", "Graben 12", "1010 WIEN", "AUSTRIA")
    us = envelope_lines(
        **{**common, "region": "CA"}, street="Main St", house_number="1", postcode="94103",
        city="San Francisco", country="US",
    )  # fmt: skip
    assert us[-2:] == ("SAN FRANCISCO, CA 94103", "UNITED STATES")


# (country, street, house number, postcode, city, region) and the street line as printed
PLACES = [
    (("GB", "Downing Street", "10", "SW1A 2AA", "London", ""), "10 Downing Street"),
    (("US", "Chestnut Street", "92", "02108", "Boston", "MA"), "92 Chestnut Street"),
    (("FR", "rue de la Paix", "12", "75002", "Paris", ""), "12 rue de la Paix"),
    (("DE", "Hauptstraße", "5a", "10115", "Berlin", ""), "Hauptstraße 5a"),
    (("AT", "Graben", "12", "1010", "Wien", ""), "Graben 12"),
    (("CH", "Bahnhofstrasse", "1", "8001", "Zürich", ""), "Bahnhofstrasse 1"),
]


@pytest.mark.parametrize(("place", "printed"), PLACES, ids=[p[0][0] for p in PLACES])
def test_the_letter_prints_the_house_number_where_the_country_puts_it(
    place: tuple[str, str, str, str, str, str], printed: str
) -> None:
    country, street, number, postcode, city, region = place
    lines = envelope_lines(
        name="Jane Doe", company="", street=street, house_number=number, line2="",
        postcode=postcode, city=city, region=region, country=country,
    )  # fmt: skip
    window = text_in(render(page(lines)), 20, 62.7, 105, 90)
    assert window[:2] == ["Jane Doe", printed]


def test_worker_processes_speak_the_callers_language() -> None:
    # A spawned worker starts in English; what it raises reaches the operator as worded there.
    set_language("de")
    try:
        with Renderer(2, parallel_from=0) as renderer, pytest.raises(AddressTooLong) as raised:
            list(renderer.render([page(("x",) * (ADDRESS_LINES + 1))], expected=1))
    finally:
        set_language("en")
    assert (
        str(raised.value) == f"die Adresse hat 7 Zeilen; ein Fensterumschlag zeigt {ADDRESS_LINES}"
    )
