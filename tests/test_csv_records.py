"""Reading customer CSV files: encodings, delimiters, headers, values as shops and Excel write
them, and rows that are skipped with their line, column and reason.

The files in tests/fixtures/csv are the real-shaped exports written for this project (the
same as ../shared/fixtures/csv, which may be copied); when ../shared exists, its files are
read too, so that a change there shows here."""

from __future__ import annotations

import codecs
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from autoletter_tui.data.errors import UserError
from autoletter_tui.sources import values
from autoletter_tui.sources.csv_format import MAX_FIELD
from autoletter_tui.sources.csv_records import open_csv, records
from autoletter_tui.sources.records import CustomerRecord, Problem
from autoletter_tui.sources.shop_records import shop_address

TODAY = date(2026, 11, 25)
OWN = Path(__file__).parent / "fixtures" / "csv"
SHARED = Path(__file__).parents[2] / "shared" / "fixtures" / "csv"
GERMAN = [
    "german_excel_semicolon_cp1252.csv",
    "german_excel_semicolon_sep_hint_cp1252.csv",
    "german_excel_semicolon_utf8_bom.csv",
]


def read(path: Path) -> list[CustomerRecord | Problem]:
    return list(records(open_csv(path), TODAY))


def good(path: Path) -> list[CustomerRecord]:
    found = read(path)
    assert all(isinstance(r, CustomerRecord) for r in found), found
    return [r for r in found if isinstance(r, CustomerRecord)]


def folders() -> list[Path]:
    return [OWN, SHARED] if SHARED.is_dir() else [OWN]


@pytest.mark.parametrize("folder", folders(), ids=lambda p: p.parent.parent.name)
@pytest.mark.parametrize("name", GERMAN)
def test_german_excel_exports(folder: Path, name: str) -> None:
    first, second, third = good(folder / name)
    assert first.number == "10001"
    assert first.contact == {
        "first_name": "Jürgen", "last_name": "Müller", "email": "juergen.mueller@example.com",
        "company": "", "phone": "+49351123456", "birthday": "",
    }  # fmt: skip
    assert first.address["street"] == "Hauptstraße"
    assert first.address["house_number"] == "5"
    assert first.address["postcode"] == "01067"  # the leading zero kept
    assert first.address["country"] == "DE"  # "Deutschland"
    assert first.facts == {"revenue": "1234.56", "first_order": "2023-12-31"}
    assert second.contact["company"] == "Groß; Söhne GmbH"  # a quoted ';'
    assert second.facts["revenue"] == "99.90"
    assert third.address["country"] == "CH"  # "Schweiz"
    assert (third.address["street"], third.address["house_number"]) == ("Bahnhofstr.", "2a")
    assert third.facts["revenue"] == "12.00"  # "€ 12,00"
    assert first.where == ("line 3" if "sep_hint" in name else "line 2")


@pytest.mark.parametrize("folder", folders(), ids=lambda p: p.parent.parent.name)
def test_shopify_exports(folder: Path) -> None:
    jurgen, anne, sms = good(folder / "shopify_customers_export_format.csv")
    assert jurgen.external_id == "7000000000001"  # the apostrophe gone
    assert jurgen.address["postcode"] == "80331"
    assert jurgen.contact["phone"] == "+49891234567"
    assert (anne.address["street"], anne.address["house_number"]) == ("Am Markt", "1")
    assert anne.address["line2"] == "Hinterhaus, 2. OG"
    assert anne.contact["email"] == ""
    assert sms.where == "line 5"  # after a note over two lines
    assert sms.contact["email"] == "sms.only@example.com"
    (john,) = good(folder / "shopify_customer_legacy_pre2022_header.csv")
    # Canada writes the number first
    assert (john.address["street"], john.address["house_number"]) == ("Fake Street", "123")
    assert john.address["country"] == "CA"
    assert john.warnings == ("Zip: Not a valid postcode for this country. Left out.",)
    assert john.address["postcode"] == ""
    assert good(folder / "shopify_customer_import_template_header.csv") == []


def test_bad_rows_are_named_and_the_good_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "kunden.csv"
    path.write_text(
        "Vorname;Nachname;E-Mail;Geburtstag;Telefon;Land\n"
        "Anna;Schmidt;anna@example.de;17.05.1984;030 123456;DE\n"
        "Bert;Falsch;bert@@example.de;;;DE\n"
        ";;;;;DE\n"
        "Cora;Datum;cora@example.de;31.02.1990;;DE\n"
        "Dirk;Telefon;dirk@example.de;;12;Atlantis\n"
        "\n",
        encoding="utf-8",
    )
    anna, bert, nobody, cora, dirk = read(path)
    assert isinstance(anna, CustomerRecord)
    assert anna.contact["birthday"] == "1984-05-17"
    assert anna.contact["phone"] == "+4930123456"
    assert isinstance(bert, Problem)
    assert (bert.where, bert.column) == ("line 3", "E-Mail")
    assert isinstance(nobody, Problem)
    assert str(nobody) == "line 4: no email and no name: cannot tell who this is"
    assert isinstance(cora, Problem)
    assert (cora.where, cora.column) == ("line 5", "Geburtstag")
    assert "31.02.1990" in cora.reason
    assert isinstance(dirk, CustomerRecord)  # kept, without what does not check out
    assert dirk.contact["phone"] == ""
    assert dirk.address == {}  # its one place value, the country, left out
    assert len(dirk.warnings) == 2
    assert dirk.warnings[0].startswith("Land: Unknown country 'Atlantis'")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL bytes"),
        (b"just one column\nand another line\n", "does not look like a CSV file"),
        (b"Produkt;Preis;Menge\nTasse;12,90;1\n", "not a customer list"),
    ],
)
def test_files_that_are_no_customer_csv_are_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        read(path)


SHOPIFY_HEADER = (
    "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,"
    "Default Address Address1,Default Address Address2,Default Address City,"
    "Default Address Province Code,Default Address Country Code,Default Address Zip,"
    "Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,"
    "Tax Exempt,Tags"
)


def test_a_multi_line_address_field_is_joined_into_one_line(tmp_path: Path) -> None:
    path = tmp_path / "customers_export.csv"
    path.write_text(
        SHOPIFY_HEADER + "\n"
        "'7000000000004,Lena,Vogel,lena@example.de,yes,,Lindenstraße 8,\"Hinterhaus\n"
        "c/o Müller\n\",Leipzig,SN,DE,'04109,,,no,10.00,1,,no,\n"
        '\'7000000000005,Tom,Berg,tom@example.de,no,,"Ringstraße 3\nAufgang B",,Kiel,SH,DE,'
        "'24103,,,no,0.00,0,,no,\n",
        encoding="utf-8",
    )
    lena, tom = good(path)
    assert lena.address["line2"] == "Hinterhaus, c/o Müller"
    assert lena.warnings == ()
    assert (tom.address["street"], tom.address["house_number"]) == ("Ringstraße", "3")
    assert tom.address["line2"] == "Aufgang B"  # the street line's second line
    assert tom.where == "line 5"


def test_a_row_with_a_field_over_the_size_limit_alone_is_skipped(tmp_path: Path) -> None:
    huge = "Notiz " + "x" * MAX_FIELD
    path = tmp_path / "customers_export.csv"
    path.write_text(
        SHOPIFY_HEADER + "\n"
        "'1,Anna,Alt,anna@example.de,no,,,,,,,,,,no,0.00,0,,no,\n"
        f'\'2,Bert,Lang,bert@example.de,no,,,,,,,,,,no,0.00,0,"{huge}\nmehr\n",no,\n'
        "'3,Cora,Neu,cora@example.de,no,,,,,,,,,,no,0.00,0,,no,\n"
        f"'4,Dirk,Roh,dirk@example.de,no,,,,,,,,,,no,0.00,0,{huge},no,\n"
        "'5,Emil,End,emil@example.de,no,,,,,,,,,,no,0.00,0,,no,\n",
        encoding="utf-8",
    )
    anna, bert, cora, dirk, emil = read(path)
    assert isinstance(bert, Problem)
    assert isinstance(dirk, Problem)
    assert str(bert) == (
        "line 3: a field is longer than 1,048,576 characters (is a quotation mark missing?)"
    )
    assert dirk.where == "line 7"
    named = [r.contact["first_name"] for r in (anna, cora, emil) if isinstance(r, CustomerRecord)]
    assert named == ["Anna", "Cora", "Emil"]
    assert [r.where for r in (anna, cora, emil)] == ["line 2", "line 6", "line 8"]


def test_excel_unicode_text_utf16_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode Text": UTF-16 little-endian with BOM, tab-separated, CRLF."""
    path = tmp_path / "kunden.txt"
    text = (
        "Vorname\tNachname\tE-Mail\tStraße\tPLZ\tOrt\tLand\r\n"
        "Jürgen\tMüller\tjuergen@example.de\tHauptstraße 5\t1067\tDresden\tDeutschland\r\n"
        "Zoë\tŁukasiewicz\tzoe@example.de\tUlica 1\t00-950\tWarszawa\tPL\r\n"
    )
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    file = open_csv(path)
    assert (file.form.encoding_name, file.form.delimiter) == ("UTF-16", "\t")
    jurgen, zoe = good(path)
    assert jurgen.contact["last_name"] == "Müller"
    assert jurgen.address["postcode"] == "01067"
    assert zoe.contact["last_name"] == "Łukasiewicz"
    assert zoe.where == "line 3"


def test_cr_only_line_endings_are_read(tmp_path: Path) -> None:
    """Old Mac Excel ends lines with CR alone."""
    path = tmp_path / "kunden.csv"
    path.write_bytes(
        "Vorname;Nachname;E-Mail;Adresszusatz\r"
        'Anna;Schmidt;anna@example.de;"Hof\rLinks"\r'
        "Bert;Kurz;bert@example.de;\r".encode("cp1252")
    )
    anna, bert = good(path)
    assert anna.contact["email"] == "anna@example.de"
    assert anna.address["line2"] == "Hof, Links"
    assert (bert.where, bert.contact["last_name"]) == ("line 4", "Kurz")


def test_a_consistent_latin1_file_is_read_as_such_and_a_real_mix_is_named(
    tmp_path: Path,
) -> None:
    header = "Vorname;Nachname;E-Mail\n"
    plain = "Anna;Schmidt;anna@example.de\n" * 40_000  # over 1 MiB of ASCII first
    latin = tmp_path / "latin.csv"
    latin.write_bytes((header + plain + "Jörg;Groß;j@example.de\n").encode("cp1252"))
    assert open_csv(latin).form.encoding_name == "Latin-1 / Windows-1252"
    *_, jorg = good(latin)
    assert (jorg.contact["first_name"], jorg.where) == ("Jörg", "line 40002")
    mixed = tmp_path / "mixed.csv"
    lines = [header, "Änne;Groß;a@example.de\n", plain, "Jörg;Groß;j@example.de\n", "Z;Z;z@x.de\n"]
    mixed.write_bytes(b"".join(
        line.encode("cp1252" if line.startswith("Jörg") else "utf-8") for line in lines
    ))  # fmt: skip
    assert open_csv(mixed).form.encoding_name == "UTF-8"
    anne, *_, jorg_problem, last = read(mixed)
    assert isinstance(anne, CustomerRecord)
    assert anne.contact["first_name"] == "Änne"
    assert str(jorg_problem) == (
        "line 40003: the file is UTF-8, but this line is Latin-1 / Windows-1252: it mixes "
        "encodings. Save it again as UTF-8."
    )
    assert isinstance(last, CustomerRecord)
    near = tmp_path / "near.csv"  # the other encoding on the very next line: still a mix
    near.write_bytes(
        (header + "Änne;Groß;a@example.de\n").encode() + "Jörg;Groß;j@example.de\n".encode("cp1252")
        + "Zoë;Weiß;z@example.de\n".encode()
    )  # fmt: skip
    assert open_csv(near).form.encoding_name == "UTF-8"
    assert [type(r).__name__ for r in read(near)] == ["CustomerRecord", "Problem", "CustomerRecord"]
    back = tmp_path / "back.csv"  # Windows-1252 with one line of UTF-8
    back.write_bytes(
        (header + "Jörg;Groß;j@example.de\n").encode("cp1252") + "Änne;Groß;a@example.de\n".encode()
    )
    first, second = read(back)
    assert isinstance(first, CustomerRecord)
    assert str(second) == (
        "line 3: the file is Latin-1 / Windows-1252, but this line is UTF-8: it mixes "
        "encodings. Save it again as UTF-8."
    )


def test_a_row_without_an_address_has_none_and_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "newsletter.csv"
    path.write_text("Email,First Name,Last Name\nanna@example.de,Anna,Schmidt\n", "utf-8")
    (anna,) = good(path)
    assert (anna.address, anna.warnings) == ({}, ())


def test_values() -> None:
    assert values.split_street("Hauptstraße 5a") == ("Hauptstraße", "5a", "")
    assert values.split_street("Straße des 17. Juni 135") == ("Straße des 17. Juni", "135", "")
    assert values.split_street("Musterweg 12 b") == ("Musterweg", "12b", "")
    assert values.split_street("Hauptstr. 5-7") == ("Hauptstr.", "5-7", "")
    assert values.split_street("Am Markt 1, Hinterhaus") == ("Am Markt", "1", "Hinterhaus")
    assert values.split_street("123 Fake Street") == ("123 Fake Street", "", "")

    assert values.country_code("deutschland") == "DE"
    assert values.country_code("Germany") == "DE"
    assert values.country_code("Österreich") == "AT"
    assert values.country_code("ch") == "CH"
    with pytest.raises(ValueError, match="Unknown country"):
        values.country_code("Atlantis")
    assert values.postcode("1067", "DE") == "01067"
    assert values.postcode("'01067", "DE") == "01067"
    assert values.postcode("8001", "CH") == "8001"
    assert values.postcode("k1a 0b1", "CA") == "K1A 0B1"
    assert values.german_decimal("1.234,56") == Decimal("1234.56")
    assert values.german_decimal("€ 12,00") == Decimal("12.00")
    assert values.german_decimal("1234.50") == Decimal("1234.50")
    with pytest.raises(ValueError, match="Not an amount"):
        values.german_decimal("zwölf")
    assert values.day("31.12.2023") == date(2023, 12, 31)
    assert values.day("2023-12-31") == date(2023, 12, 31)
    with pytest.raises(ValueError, match="Not a date"):
        values.day("12/31/2023")


def test_house_numbers_are_split_in_the_order_of_the_country(tmp_path: Path) -> None:
    split = values.split_street
    assert split("Flat 3, 10 Downing Street", "GB") == ("Downing Street", "10", "Flat 3")
    assert split("Flat 3, 10 Downing Street", "") == ("Flat", "3", "10 Downing Street")  # as before
    assert split("1600 Pennsylvania Avenue NW", "US") == ("Pennsylvania Avenue NW", "1600", "")
    assert split("12, rue de la Paix", "FR") == ("rue de la Paix", "12", "")
    assert split("5/12 Smith Street", "AU") == ("Smith Street", "5/12", "")
    assert split("PO Box 123", "US") == ("PO Box 123", "", "")  # no number to take
    assert split("Flat 3", "GB") == ("Flat 3", "", "")
    # written the other way round, as Shopify's own examples do
    assert split("Chestnut Street 92, Apt 4", "US") == ("Chestnut Street", "92", "Apt 4")
    assert split("Hauptstraße 5, Whg 3", "DE") == ("Hauptstraße", "5", "Whg 3")
    assert split("Hauptstraße 5a", "DE") == ("Hauptstraße", "5a", "")
    assert split("Rue de la Loi 16", "BE") == ("Rue de la Loi", "16", "")
    address = shop_address(street_line="Flat 3, 10 Downing Street", line2="Westminster",
                           country="GB")  # fmt: skip
    assert (address["street"], address["house_number"], address["line2"]) == (
        "Downing Street", "10", "Flat 3, Westminster",
    )  # fmt: skip
    path = tmp_path / "customers_export.csv"
    path.write_text(
        SHOPIFY_HEADER + '\n\'9,Larry,Cat,larry@example.co.uk,no,,"Flat 3, 10 Downing Street",'
        ",London,,GB,SW1A 2AA,,,no,0.00,0,,no,\n",
        encoding="utf-8",
    )
    (larry,) = good(path)
    assert {n: larry.address[n] for n in ("street", "house_number", "line2", "postcode")} == {
        "street": "Downing Street", "house_number": "10", "line2": "Flat 3",
        "postcode": "SW1A 2AA",
    }  # fmt: skip
    assert larry.warnings == ()
