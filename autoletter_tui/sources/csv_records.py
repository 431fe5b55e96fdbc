"""A customer CSV file as customer records: each row read, cleaned and checked, or skipped
with its line number, column and reason.

A row is skipped when it cannot identify a customer: an invalid email, no name and no email,
a date that cannot be read. A phone, postcode or country that does not check out is left out
of an otherwise good row, with a warning, rather than losing the customer for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from autoletter_tui.data.edits import validate
from autoletter_tui.data.fields import ADDRESS_FIELDS, CONTACT_FIELDS, AddressKind
from autoletter_tui.i18n import _
from autoletter_tui.sources import values
from autoletter_tui.sources.csv_columns import Columns, map_columns
from autoletter_tui.sources.csv_format import CsvFormat, NotACsvFile, detect, rows
from autoletter_tui.sources.records import CustomerRecord, Problem

# Fields whose problem skips the row; any other bad value is left out with a warning.
IDENTIFYING = frozenset({"email", "birthday"})
CHECKED = f"{AddressKind.DELIVERY.value}."


@dataclass(frozen=True, slots=True)
class CsvFile:
    path: Path
    form: CsvFormat
    columns: Columns


def open_csv(path: Path) -> CsvFile:
    """The file's format and columns; refuses a file that is no customer CSV before any row
    is read."""
    form = detect(path)
    header = next(rows(path, form), None)
    if header is None:
        raise NotACsvFile(_("{path} has no header line.").format(path=path))
    if header.problem:
        raise NotACsvFile(
            _("{path}, line {number}: {problem}").format(
                path=path, number=header.line, problem=header.problem
            )
        )
    return CsvFile(path, form, map_columns(header.values))


def records(
    file: CsvFile, today: date, position: list[int] | None = None
) -> Iterator[CustomerRecord | Problem]:
    """Every data row after the header, in file order. ``position``: its one item is kept at
    the bytes read so far, for a progress bar."""
    reading = rows(file.path, file.form)
    next(reading)  # the header
    for row in reading:
        if position is not None:
            position[0] = row.end
        if row.problem:
            yield Problem(f"line {row.line}", "", row.problem)
            continue
        if not any(cell.strip() for cell in row.values):
            continue  # blank lines (Excel leaves them at the end)
        yield _record(file.columns, row.line, row.values, today)


def _left_out(column: str, reason: object) -> str:
    return _("{column}: {reason} Left out.").format(column=column, reason=reason)


def _record(columns: Columns, line: int, cells: list[str], today: date) -> CustomerRecord | Problem:
    where = f"line {line}"

    def cell(name: str) -> str:
        position = columns.index.get(name)
        if position is None or position >= len(cells):
            return ""
        return values.one_line(values.unquoted(cells[position]))

    def problem(name: str, reason: str) -> Problem:
        header = columns.header_of(name) if name in columns.index else ""
        return Problem(where, header, reason)

    warnings: list[str] = []
    try:
        country = values.country_code(cell("country"))
    except ValueError as error:
        country = ""
        warnings.append(_left_out(columns.header_of("country"), error))
    told = {f"{CHECKED}country"} if warnings else set()  # not "needs its country" as well
    street, number = cell("street"), cell("house_number")
    line2 = cell("line2")
    if not street and cell("street_line"):
        if "house_number" in columns.index:
            street = cell("street_line")
        else:
            street, number, rest = values.split_street(cell("street_line"), country)
            line2 = ", ".join(part for part in (rest, line2) if part)
    place = {
        "street": street,
        "house_number": number,
        "line2": line2,
        "postcode": values.postcode(cell("postcode"), country),
        "city": cell("city"),
        "region": cell("region") or cell("region_name"),
        "country": country,
    }
    address: dict[str, str] = {}
    if any(place.values()):  # else no address: not the name alone, to be checked for a country
        name = " ".join(p for p in (cell("first_name"), cell("last_name")) if p)
        address = {"name": name, "company": cell("company"), **place}
    contact = {
        "first_name": cell("first_name"),
        "last_name": cell("last_name"),
        "email": cell("email"),
        "company": cell("company"),
        "phone": cell("phone") or cell("address_phone"),
        "birthday": "",
    }
    if not contact["email"] and not (contact["first_name"] or contact["last_name"]):
        return Problem(where, "", _("no email and no name: cannot tell who this is"))
    facts: dict[str, str] = {}
    try:
        if cell("birthday"):
            contact["birthday"] = values.day(cell("birthday")).isoformat()
        if cell("first_order"):
            facts["first_order"] = values.day(cell("first_order")).isoformat()
    except ValueError as error:
        field = "birthday" if not contact["birthday"] and cell("birthday") else "first_order"
        return problem(field, str(error))
    if cell("revenue"):
        try:
            facts["revenue"] = str(values.german_decimal(cell("revenue")))
        except ValueError as error:
            warnings.append(_left_out(columns.header_of("revenue"), error))
    # Checked as a delivery address: postcode and country must be valid; whether it is
    # complete enough for a letter is the profile's warning, not a reason to skip.
    form = {**contact, **{f"{CHECKED}{name}": value for name, value in address.items()}}
    cleaned, errors = validate(form, [name for name, value in form.items() if value], today)
    for name, reason in errors.items():
        if name in told:
            continue
        short = name.removeprefix(CHECKED)
        if name in IDENTIFYING:
            return problem(short, reason)
        header = columns.header_of(short) if short in columns.index else short
        warnings.append(_left_out(header, reason))
        cleaned.pop(name, None)
    return CustomerRecord(
        where=where,
        number=cell("number"),
        external_id=cell("external_id"),
        contact={name: cleaned.get(name, "") for name in CONTACT_FIELDS},
        address={n: cleaned.get(f"{CHECKED}{n}", "") for n in ADDRESS_FIELDS} if address else {},
        facts=facts,
        warnings=tuple(warnings),
    )
