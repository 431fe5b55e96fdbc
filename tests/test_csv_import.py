"""Importing customer CSV files into the database, on both engines: the values stored from
each real-shaped file, merging (within a file, into customers from other sources, the rules
of data/merge.py as stored), idempotence, bad rows, refused files, dry runs and interrupted
imports that leave the database as it was."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session, selectinload

from autoletter_tui.cli import main
from autoletter_tui.data.db import Database
from autoletter_tui.data.edits import edit_state, field_values, save_edits
from autoletter_tui.data.fields import AddressKind, address_fields
from autoletter_tui.data.figures import CACHED_COLUMNS, refresh_customers
from autoletter_tui.data.models import (
    Customer,
    CustomerSource,
    EventKind,
    SourceKind,
    TimelineEvent,
)
from autoletter_tui.sources.csv_format import NotACsvFile
from autoletter_tui.sources.csv_import import CsvImport, import_csv
from autoletter_tui.sources.ingest import Summary
from tests.conftest import AS_OF
from tests.profile_customers import customer, home, source

NOW = AS_OF + timedelta(days=3)
OWN = Path(__file__).parent / "fixtures" / "csv"
SHARED = Path(__file__).parents[2] / "shared" / "fixtures" / "csv"
GERMAN = "german_excel_semicolon_cp1252.csv"
SHOPIFY = "shopify_customers_export_format.csv"
TABLES = ("customer", "address", "customer_source", "timeline_event")


def run(db: Database, path: Path, **options: object) -> CsvImport:
    return import_csv(db.engine, path, NOW, **options)  # type: ignore[arg-type]


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {t: conn.scalar(text(f"SELECT count(*) FROM {t}")) or 0 for t in TABLES}


def by_email(session: Session, email: str) -> Customer:
    found = session.scalars(
        select(Customer)
        .where(Customer.email_key == email)
        .options(selectinload(Customer.sources), selectinload(Customer.addresses))
    ).one()
    return found


def events(db: Database, customer_id: int) -> list[tuple[EventKind, dict[str, Any]]]:
    with db.sessions() as session:
        found = session.scalars(
            select(TimelineEvent)
            .where(TimelineEvent.customer_id == customer_id)
            .order_by(TimelineEvent.id)
        )
        return [(e.kind, e.details) for e in found]


def write_csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter=delimiter)
        out.writerow(header)
        out.writerows(rows)
    return path


def fixture_folders() -> list[Path]:
    return [OWN, SHARED] if SHARED.is_dir() else [OWN]


# -- what is stored --------------------------------------------------------------------------


@pytest.mark.parametrize("folder", fixture_folders(), ids=lambda p: p.parent.parent.name)
def test_a_german_excel_export_is_stored_with_its_values(db: Database, folder: Path) -> None:
    done = run(db, folder / GERMAN, label="Frühjahrsmesse")
    assert (done.summary.created, done.summary.skipped) == (3, 0)
    with db.sessions() as session:
        jurgen = by_email(session, "juergen.mueller@example.com")
        assert jurgen.number == "10001"  # the file's customer number
        values = field_values(jurgen)
        for address_kind in AddressKind:  # one address in the file: every kind starts from it
            assert values[f"{address_kind.value}.street"] == "Hauptstraße"
            assert values[f"{address_kind.value}.postcode"] == "01067"
        assert jurgen.phone == "+49351123456"
        assert jurgen.letter_address_complete
        assert jurgen.city == "Dresden"
        (badge,) = jurgen.sources
        assert (badge.kind, badge.label) == (SourceKind.CSV, "CSV Import: Frühjahrsmesse")
        assert "phone" in badge.fields
        assert "letter.street" in badge.fields
        assert "fruhjahrsmesse" in jurgen.search_text.split()
        customer_id = jurgen.id
    ((kind, details),) = events(db, customer_id)
    assert kind is EventKind.IMPORTED
    assert details["facts"]["revenue"] == "1234.56"
    assert details["where"] == "line 2"


@pytest.mark.parametrize("folder", fixture_folders(), ids=lambda p: p.parent.parent.name)
def test_every_fixture_file_imports(db: Database, folder: Path) -> None:
    expected = {GERMAN: 3, SHOPIFY: 3, "shopify_customer_legacy_pre2022_header.csv": 1,
                "shopify_customer_import_template_header.csv": 0}  # fmt: skip
    for path in sorted(folder.glob("*.csv")):
        done = run(db, path)
        assert done.summary.read == expected.get(path.name, 3), path.name
        assert done.summary.skipped == 0, (path.name, done.summary.problems)
    with db.sessions() as session:
        # The Shopify export's apostrophe-prefixed id is the source's external id.
        ids = set(session.scalars(select(CustomerSource.external_id)))
        assert "7000000000001" in ids


def test_the_same_file_twice_changes_nothing(db: Database) -> None:
    run(db, OWN / GERMAN)
    run(db, OWN / SHOPIFY)
    before = counts(db)
    with db.engine.connect() as conn:
        versions = conn.execute(text("SELECT id, version FROM customer ORDER BY id")).all()
    for name in (GERMAN, SHOPIFY):
        again = run(db, OWN / name).summary
        assert (again.created, again.changed) == (0, 0)
        assert again.merged == again.read
    assert counts(db) == before
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT id, version FROM customer ORDER BY id")).all() == versions


@pytest.mark.parametrize("batch", [1, 1000])
def test_rows_of_one_person_become_one_customer(
    db: Database, tmp_path: Path, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("autoletter_tui.sources.ingest.BATCH", batch)
    path = write_csv(
        tmp_path / "twice.csv",
        ["First Name", "Last Name", "Email", "Phone", "Company"],
        [
            ["Anna", "", "anna@example.de", "", ""],
            ["Anna", "Schmidt", "ANNA@example.de ", "+49 30 1234567", ""],
            ["", "", "anna@example.de", "", "Schmidt GmbH"],
        ],
    )
    summary = run(db, path).summary
    assert (summary.created, summary.merged) == (1, 2)
    with db.sessions() as session:
        anna = by_email(session, "anna@example.de")
        # the full name replaced the partial one; empty fields were filled
        assert (anna.first_name, anna.last_name, anna.phone, anna.company) == (
            "Anna", "Schmidt", "+49301234567", "Schmidt GmbH",
        )  # fmt: skip
        assert len(anna.sources) == 1


# -- merging into customers from elsewhere ---------------------------------------------------


def shop_customer(db: Database) -> int:
    """A Shopify customer who owns name, email and the delivery address; no phone, company or
    letter address."""
    with db.sessions.begin() as session:
        shop = source(SourceKind.SHOPIFY, "6000000000200")
        shop.fields = frozenset({"first_name", "last_name", "email"}) | address_fields(
            AddressKind.DELIVERY
        )
        new = customer("K2001", "Mia", "Roth", "mia@example.de", sources=[shop])
        new.addresses = [a for a in home("Mia Roth") if a.kind is AddressKind.DELIVERY]
        session.add(new)
        session.flush()
        return new.id


def test_a_csv_row_fills_what_is_empty_and_never_overwrites_a_shop(
    db: Database, tmp_path: Path
) -> None:
    customer_id = shop_customer(db)
    path = write_csv(
        tmp_path / "fair.csv",
        ["Vorname", "Nachname", "E-Mail", "Telefon", "Firma", "Straße", "PLZ", "Ort", "Land"],
        [
            [
                "Maria",
                "Roth-Berg",
                "Mia@Example.de",
                "030 1234567",
                "Roth KG",
                "Marktplatz 1",
                "50667",
                "Köln",
                "DE",
            ]
        ],
        delimiter=";",
    )
    summary = run(db, path, label="Messe").summary
    assert (summary.merged, summary.changed) == (1, 1)
    with db.sessions() as session:
        mia = session.get(Customer, customer_id)
        assert mia is not None
        values = field_values(mia)
        assert (mia.first_name, mia.last_name) == ("Mia", "Roth")  # the shop's full name
        assert values["delivery.city"] == "Berlin"  # the shop's address stays
        assert (mia.phone, mia.company) == ("+49301234567", "Roth KG")
        assert values["letter.city"] == "Köln"  # there was no letter address
        assert mia.version == 2  # a form opened before the import is stale
        labels = [s.label for s in mia.sources]
        assert labels == ["Shopify: My Store", "CSV Import: Messe"]
        fair = mia.sources[1]
        assert {"phone", "company", "letter.city"} <= fair.fields
        assert "delivery.city" not in fair.fields
        state = edit_state(session, customer_id)
        assert state is not None
        assert "phone" not in state.locks
        assert "first_name" in state.locks
        assert "messe" in mia.search_text.split()  # the figures were refreshed
    ((kind, details),) = events(db, customer_id)
    assert kind is EventKind.SOURCE_MERGED
    assert (details["matched_by"], details["where"]) == ("email", "line 2")


def cached(db: Database) -> dict[int, tuple[object, ...]]:
    columns = [getattr(Customer, name) for name in CACHED_COLUMNS]
    with db.engine.connect() as conn:
        rows = conn.execute(select(Customer.id, *columns))
        return {row[0]: tuple(row[1:]) for row in rows}


def test_the_cached_figures_after_merges_are_those_of_a_full_refresh(
    db: Database, tmp_path: Path
) -> None:
    """The import computes the figures a merge can change from what it holds; they must be
    exactly what figures.refresh_customers computes from the stored facts."""
    shop_customer(db)
    run(db, OWN / GERMAN, label="Messe")
    run(db, OWN / SHOPIFY)
    path = write_csv(
        tmp_path / "more.csv",
        ["E-Mail", "Vorname", "Nachname", "Straße", "PLZ", "Ort", "Land"],
        [
            ["mia@example.de", "Mia", "Roth", "Marktplatz 1", "50667", "Köln", "DE"],
            ["aenne@example.com", "Änne", "Groß", "", "", "", ""],
        ],
        delimiter=";",
    )
    assert run(db, path).summary.changed == 2
    imported = cached(db)
    with db.engine.begin() as conn:
        refresh_customers(conn, imported)
    assert cached(db) == imported


def test_the_customer_number_and_the_full_address_match_too(db: Database, tmp_path: Path) -> None:
    customer_id = shop_customer(db)
    path = write_csv(
        tmp_path / "keys.csv",
        ["Kundennummer", "Vorname", "Nachname", "Straße", "PLZ", "Ort", "Firma"],
        [
            ["K2001", "Mia", "", "", "", "", "By Number GmbH"],
            ["", "mia", "ROTH", "Hauptstrasse 5 A", "10115", "berlin", ""],
        ],
        delimiter=";",
    )
    summary = run(db, path).summary
    assert (summary.created, summary.merged) == (0, 2)
    (kind, details), (kind2, details2) = events(db, customer_id)
    assert (kind, details["matched_by"]) == (EventKind.SOURCE_MERGED, "number")
    # the second row matched by address; its source is there by then: an edit
    assert (kind2, details2["where"]) == (EventKind.FIELD_EDITED, "line 3")


def test_a_field_an_operator_cleared_stays_empty_on_reimport(db: Database, tmp_path: Path) -> None:
    run(db, OWN / GERMAN)
    with db.sessions() as session:
        jurgen = by_email(session, "juergen.mueller@example.com")
        customer_id, version = jurgen.id, jurgen.version
        base = field_values(jurgen)
    with db.sessions() as session:
        save_edits(
            session, customer_id, version=version, base=base, edits={"phone": ""},
            actor="support", now=NOW,
        )  # fmt: skip
    assert run(db, OWN / GERMAN).summary.changed == 0
    with db.sessions() as session:
        assert by_email(session, "juergen.mueller@example.com").phone == ""


def test_new_customers_get_a_number_that_is_free(db: Database, tmp_path: Path) -> None:
    with db.sessions.begin() as session:
        # Takes the number the next new customer (id 2) would be given.
        session.add(
            customer("K100002", "Alt", "Kunde", "", sources=[source(SourceKind.MANUAL, "")])
        )
    path = write_csv(
        tmp_path / "numbers.csv",
        ["Email", "Customer Number"],
        [["a@example.de", ""], ["b@example.de", "X-77"]],
    )
    run(db, path)
    with db.sessions() as session:
        assert by_email(session, "a@example.de").number == "K100002-2"
        assert by_email(session, "b@example.de").number == "X-77"


# -- bad input -------------------------------------------------------------------------------


def test_bad_rows_are_skipped_with_line_and_reason_and_good_ones_stored(
    db: Database, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "mixed.csv",
        ["Email", "First Name", "Birthday", "Phone", "Zip", "Country"],
        [
            ["good@example.de", "Gut", "", "", "10115", "DE"],
            ["not-an-email", "Schlecht", "", "", "", ""],
            ["", "", "", "", "", ""],  # blank: ignored
            ["late@example.de", "Spät", "31.02.1990", "", "", ""],
            ["odd@example.de", "Odd", "", "12", "1234567", "DE"],
        ],
    )
    summary = run(db, path).summary
    assert (summary.created, summary.skipped) == (2, 2)
    where = [(p.where, p.column) for p in summary.problems]
    assert where == [("line 3", "Email"), ("line 5", "Birthday")]
    assert any(w.startswith("line 6: Phone") for w in summary.warnings)
    with db.sessions() as session:
        odd = by_email(session, "odd@example.de")
        assert odd.phone == ""
        assert field_values(odd)["delivery.postcode"] == ""


def test_a_row_without_an_address_stores_none_and_warns_of_nothing(
    db: Database, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "newsletter.csv",
        ["Email", "First Name", "Last Name", "Accepts Email Marketing"],
        [["anna@example.de", "Anna", "Schmidt", "yes"]],
    )
    summary = run(db, path).summary
    assert (summary.created, summary.warned, summary.warnings) == (1, 0, [])
    with db.sessions() as session:
        anna = by_email(session, "anna@example.de")
        assert anna.addresses == []
        assert not any(name.startswith(("delivery.", "letter.")) for name in anna.sources[0].fields)


def test_a_file_that_is_no_csv_is_refused_before_anything_is_written(
    db: Database, tmp_path: Path
) -> None:
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(NotACsvFile):
        run(db, binary)
    assert counts(db) == dict.fromkeys(TABLES, 0)


def test_a_dry_run_counts_everything_and_stores_nothing(db: Database) -> None:
    summary = run(db, OWN / GERMAN, dry_run=True).summary
    assert summary.created == 3
    assert counts(db) == dict.fromkeys(TABLES, 0)


def test_an_import_that_fails_part_way_leaves_the_database_as_it_was(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(db, OWN / GERMAN)
    before = counts(db)
    monkeypatch.setattr("autoletter_tui.sources.ingest.BATCH", 2)
    rows = [[f"p{n}@example.de", f"Person {n}"] for n in range(10)]
    path = write_csv(tmp_path / "many.csv", ["Email", "First Name"], rows)

    def stop(done: int, total: int, summary: Summary) -> None:
        if summary.read >= 6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(db, path, progress=stop)
    assert counts(db) == before


def schema(db: Database) -> list[tuple[str, str]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(
            "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') "
            "ORDER BY name"
        )]  # fmt: skip


def test_into_an_empty_database_the_indexes_are_built_once_and_always_come_back(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import into an empty SQLite database drops the indexes it does not read and builds
    them at the end; a failed one gets them back with its rollback."""
    if not db.is_sqlite:
        pytest.skip("PostgreSQL keeps its indexes")
    indexes = schema(db)
    monkeypatch.setattr("autoletter_tui.sources.ingest.BATCH", 2)

    def stop(done: int, total: int, summary: Summary) -> None:
        if summary.read >= 2:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        run(db, OWN / GERMAN, progress=stop)
    assert schema(db) == indexes
    assert counts(db) == dict.fromkeys(TABLES, 0)
    run(db, OWN / GERMAN)
    assert schema(db) == indexes
    with db.engine.connect() as conn:  # the full-text index was rebuilt with the rows
        hits = conn.exec_driver_sql(
            "SELECT count(*) FROM customer_search WHERE customer_search MATCH 'dresden'"
        ).scalar()
    assert hits == 1


def big_file(path: Path, rows: int) -> Path:
    return write_csv(
        path,
        ["Email", "First Name", "Last Name", "Street", "ZIP", "City", "Country"],
        [
            [f"k{n}@example.de", "Kim", f"Nummer{n}", f"Weg {n % 200 + 1}", "10115", "Berlin", "DE"]
            for n in range(rows)
        ],
    )


def test_a_killed_import_leaves_the_database_as_it_was(db: Database, tmp_path: Path) -> None:
    """The process is killed (SIGKILL) while it writes: nothing of it is stored."""
    if not db.is_sqlite:
        pytest.skip("one engine is enough: the transaction is the database's")
    run(db, OWN / GERMAN)
    before = counts(db)
    path = big_file(tmp_path / "big.csv", 60_000)
    wal = Path(f"{db.url.database}-wal")
    start = wal.stat().st_size if wal.exists() else 0
    process = subprocess.Popen(
        [sys.executable, "-m", "autoletter_tui", "--db", str(db.url.database),
         "import", "csv", str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        # Uncommitted pages reach the WAL file once the import writes more than the cache
        # holds: then it is under way.
        while time.monotonic() < deadline and process.poll() is None:
            if wal.exists() and wal.stat().st_size > start + 2_000_000:
                break
            time.sleep(0.02)
        assert process.poll() is None, "the import ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert counts(db) == before


# -- the command -----------------------------------------------------------------------------


@pytest.fixture
def sqlite_db(sqlite_path: Path) -> str:
    return str(sqlite_path)


def test_the_command_reports_and_stores(
    sqlite_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(
        tmp_path / "fair.csv",
        ["Email", "First Name", "Tags", "Lieblingsfarbe"],
        [["a@example.de", "Anna", "VIP", "blau"], ["kaputt", "Bert", "", ""]],
    )
    assert main(["--db", sqlite_db, "import", "csv", str(path), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert "2 records: 1 new customer, 1 skipped" in out
    assert "not read: Lieblingsfarbe" in out  # Tags is known and not needed
    assert "line 3, Email" in err
    assert "Dry run: nothing was stored." in out
    assert main(["--db", sqlite_db, "import", "csv", str(path), "--label", "Fair"]) == 0
    assert "Stored." in capsys.readouterr().out
    assert main(["--db", sqlite_db, "import", "csv", str(tmp_path / "missing.csv")]) == 2
    assert "Cannot read" in capsys.readouterr().err


def test_repeated_headers_are_named_with_the_column_that_is_read(
    sqlite_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(
        tmp_path / "twice.csv",
        ["E-Mail", "Vorname", "Telefon", "Email", "email"],
        [["anna@example.de", "Anna", "", "alt@example.de", "x@example.de"]],
    )
    assert main(["--db", sqlite_db, "import", "csv", str(path)]) == 0
    out = capsys.readouterr().out
    assert "  E-Mail is in the file 3 times: column 1 is read, not 4, 5\n" in out
    with Session(create_engine(f"sqlite:///{sqlite_db}")) as session:
        assert by_email(session, "anna@example.de").first_name == "Anna"


def test_thousands_of_unknown_columns_are_counted_and_the_first_ten_named(
    sqlite_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = [f"Merkmal {n}" for n in range(1, 10_001)]
    path = write_csv(
        tmp_path / "wide.csv", ["Email", *extra], [["anna@example.de", *("x" * len(extra))]]
    )
    assert main(["--db", sqlite_db, "import", "csv", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    (line,) = [line for line in out.splitlines() if "not read:" in line]
    first = ", ".join(extra[:10])
    assert line == f"  not read: 10,000 columns, the first 10: {first}"
