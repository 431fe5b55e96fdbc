"""Letter statuses and QR scans on both engines: forward-only transitions, print-service
reports that skip bad rows and apply the rest, scans from the command line."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import URL, select

from autoletter_tui.cli import main
from autoletter_tui.data.db import Database
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.models import Customer, Letter, LetterStatus
from autoletter_tui.data.profile import load_profile
from autoletter_tui.letters.lifecycle import (
    InvalidTransition,
    UnknownToken,
    allowed,
    record_scan,
    set_status,
)
from autoletter_tui.letters.reports import apply_report
from tests.conftest import AS_OF
from tests.profile_customers import Cast, build

SHIPPED = "tok-a2-K1001"  # Anna Schmidt's letter, shipped 8 days ago
ACCEPTED = "tok-c1-K1009"  # Eva Fischer's letter, accepted yesterday
DELIVERED = "tok-a1-K1001"
FAILED = "tok-b1-K1006"


@pytest.fixture
def cast(db: Database) -> Cast:
    return build(db)


def letter(db: Database, token: str) -> Letter:
    with db.sessions() as session:
        found = session.scalars(select(Letter).where(Letter.token == token)).one()
        return found


def test_statuses_only_move_forward() -> None:
    assert allowed(LetterStatus.ACCEPTED, LetterStatus.IN_PRODUCTION)
    assert allowed(LetterStatus.ACCEPTED, LetterStatus.SHIPPED)  # a step not reported
    assert allowed(LetterStatus.SHIPPED, LetterStatus.FAILED)
    assert not allowed(LetterStatus.SHIPPED, LetterStatus.IN_PRODUCTION)
    assert not allowed(LetterStatus.DELIVERED, LetterStatus.FAILED)
    assert not allowed(LetterStatus.FAILED, LetterStatus.DELIVERED)


def test_delivery_is_stamped_and_shows_in_the_profile(db: Database, cast: Cast) -> None:
    at = AS_OF - timedelta(hours=3)
    with db.sessions.begin() as session:
        assert set_status(session, SHIPPED, LetterStatus.DELIVERED, at)
        assert not set_status(session, SHIPPED, LetterStatus.DELIVERED, at)  # twice: no change
    stored = letter(db, SHIPPED)
    assert (stored.status, stored.delivered_at) == (LetterStatus.DELIVERED, at)
    with db.sessions() as session:
        profile = load_profile(session, cast.shopify, AS_OF)
    assert profile is not None
    newest = profile.letters[0]
    assert (newest.status, newest.status_at) == (LetterStatus.DELIVERED, at)


def test_invalid_transitions_and_unknown_tokens_are_refused(db: Database, cast: Cast) -> None:
    with db.sessions.begin() as session:
        with pytest.raises(InvalidTransition, match="delivered to shipped"):
            set_status(session, DELIVERED, LetterStatus.SHIPPED, AS_OF)
        with pytest.raises(UnknownToken):
            set_status(session, "nope", LetterStatus.SHIPPED, AS_OF)
        with pytest.raises(UserError, match="needs a reason"):
            set_status(session, ACCEPTED, LetterStatus.FAILED, AS_OF)
    assert letter(db, DELIVERED).status is LetterStatus.DELIVERED


def test_a_failed_letter_no_longer_counts_as_contact(db: Database, cast: Cast) -> None:
    with db.sessions.begin() as session:
        set_status(session, ACCEPTED, LetterStatus.FAILED, AS_OF, "Adresse unvollständig")
    with db.sessions() as session:
        eva = session.get(Customer, cast.incomplete)
        assert eva is not None
        assert eva.last_letter_at is None
    assert letter(db, ACCEPTED).failure_reason == "Adresse unvollständig"


def test_the_first_scan_is_kept(db: Database, cast: Cast) -> None:
    first, later = AS_OF - timedelta(days=2), AS_OF - timedelta(days=1)
    with db.sessions.begin() as session:
        assert record_scan(session, SHIPPED, first).first
        assert not record_scan(session, SHIPPED, later).first
    assert letter(db, SHIPPED).scanned_at == first
    with db.sessions() as session:
        anna = session.get(Customer, cast.shopify)
        assert anna is not None
        assert anna.last_scan_at == first


def test_a_report_applies_good_rows_and_names_bad_ones(
    db: Database, cast: Cast, tmp_path: Path
) -> None:
    report = tmp_path / "report.csv"
    report.write_text(
        "token,status,time,reason\n"
        f"{SHIPPED},delivered,2026-11-19T10:00:00+01:00,\n"
        f"{DELIVERED},shipped,2026-11-19T10:00:00,\n"
        "unknown,delivered,2026-11-19T10:00:00,\n"
        f"{ACCEPTED},lost in space,2026-11-19T10:00:00,\n"
        f"{FAILED},failed,2026-11-19T10:00:00,Empfänger unbekannt\n",
        encoding="utf-8",
    )
    with db.sessions() as session:
        result = apply_report(session, report, AS_OF)
    assert (result.applied, result.unchanged) == (1, 1)
    assert [p.split(":")[0] for p in result.problems] == ["line 3", "line 4", "line 5"]
    assert letter(db, SHIPPED).status is LetterStatus.DELIVERED
    assert letter(db, ACCEPTED).status is LetterStatus.ACCEPTED


def test_a_json_report_and_an_unreadable_file(db: Database, cast: Cast, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(
        json.dumps([{"token": ACCEPTED, "status": "in production", "time": "2026-11-20T08:00Z"}])
    )
    with db.sessions() as session:
        assert apply_report(session, report, AS_OF).applied == 1
    assert letter(db, ACCEPTED).status is LetterStatus.IN_PRODUCTION
    broken = tmp_path / "broken.json"
    broken.write_text('[{"token": ')
    with db.sessions() as session, pytest.raises(UserError, match="not valid JSON"):
        apply_report(session, broken, AS_OF)
    binary = tmp_path / "report.pdf"
    binary.write_bytes(b"%PDF-1.4\xff\xfe\x00")
    with db.sessions() as session, pytest.raises(UserError, match="UTF-8"):
        apply_report(session, binary, AS_OF)


def test_scan_and_status_from_the_command_line(
    database_url: URL, cast_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = database_url.render_as_string(hide_password=False)
    assert main(["--db", url, "scan", SHIPPED, "--at", "2026-11-20T09:00:00+00:00"]) == 0
    assert "Scan recorded" in capsys.readouterr().out
    assert main(["--db", url, "scan", "no-such-token"]) == 2
    assert "No letter has the token 'no-such-token'" in capsys.readouterr().err
    report = tmp_path / "r.csv"
    report.write_text(f"token,status,time\n{ACCEPTED},shipped,2026-11-20T10:00:00Z\nx,y,z\n")
    assert main(["letters", "status", str(report), "--db", url]) == 1
    out = capsys.readouterr()
    assert "1 letters updated" in out.out
    assert "line 3" in out.err


@pytest.fixture
def cast_db(db: Database) -> Database:
    build(db)
    return db
