"""Opening a letter's PDF from the profile in the three places the app runs, with only the
environment faked: a desktop (a real viewer process), SSH without a display (a saved file and
a text preview), and textual-serve (the PDF handed to the browser)."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import zxingcpp
from sqlalchemy import select

from autoletter_tui.app import AutoLetterApp
from autoletter_tui.data.db import Database
from autoletter_tui.data.edits import edit_state, save_edits
from autoletter_tui.data.models import Letter
from autoletter_tui.letters.viewing import (
    DEFAULT_TRACKING_URL,
    Opening,
    how_to_open,
    letter_document,
    viewer_command,
)
from autoletter_tui.screens.letter_preview import LetterPreview
from tests.conftest import AS_OF
from tests.test_edit_screen import CSV, customer_id
from tests.test_profile_screen import SIZE, make_app, open_customer, wait_for

SHOP = "K1001"  # Anna Schmidt: two letters


@pytest.mark.parametrize(
    ("environ", "platform", "in_browser", "expected"),
    [
        ({"DISPLAY": ":0"}, "linux", False, Opening.VIEWER),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False, Opening.VIEWER),
        ({"SSH_CONNECTION": "1 2 3 4"}, "linux", False, Opening.FILE),
        ({}, "linux", False, Opening.FILE),
        ({}, "darwin", False, Opening.VIEWER),
        ({"SSH_TTY": "/dev/pts/1"}, "darwin", False, Opening.FILE),
        ({"AUTOLETTER_PDF_VIEWER": "zathura"}, "linux", False, Opening.VIEWER),
        ({"DISPLAY": ":0"}, "linux", True, Opening.BROWSER),
    ],
)
def test_where_the_pdf_goes(
    environ: dict[str, str], platform: str, in_browser: bool, expected: Opening
) -> None:
    assert how_to_open(environ, platform, in_browser=in_browser) is expected


def test_viewer_commands() -> None:
    path = Path("/tmp/x.pdf")
    assert viewer_command({}, "linux", path) == ["xdg-open", "/tmp/x.pdf"]
    assert viewer_command({}, "darwin", path) == ["open", "/tmp/x.pdf"]
    assert viewer_command({"AUTOLETTER_PDF_VIEWER": "okular --unique"}, "linux", path) == [
        "okular", "--unique", "/tmp/x.pdf",
    ]  # fmt: skip


def _only(environ: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "SSH_CONNECTION",
        "SSH_TTY",
        "AUTOLETTER_PDF_VIEWER",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)


async def test_over_ssh_the_pdf_is_saved_and_previewed(
    cast_copy: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _only({"SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}, monkeypatch)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    app = make_app(cast_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, customer_id(cast_copy, SHOP), "l")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterPreview))
        preview = app.screen
        assert isinstance(preview, LetterPreview)
        assert preview.path.parent == tmp_path / "autoletter-letters"
        shown = str(preview.query_one("#letter-path").render())
        assert str(preview.path) in shown
        assert "Anna Schmidt" in str(preview.query_one("#letter-address").render())
        await pilot.press("escape")
    pdf = preview.path.read_bytes()
    assert pdf.startswith(b"%PDF")
    image = pdfium.PdfDocument(pdf)[0].render(scale=3).to_pil()
    with cast_copy.sessions() as session:
        token = session.scalars(select(Letter.token).where(Letter.token.like("tok-a2-%"))).one()
    assert [c.text for c in zxingcpp.read_barcodes(image)] == [f"{DEFAULT_TRACKING_URL}/{token}"]


async def test_on_a_desktop_the_viewer_is_started_without_waiting(
    cast_copy: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    opened = tmp_path / "opened.txt"
    viewer = tmp_path / "viewer.sh"
    viewer.write_text(f'#!/bin/sh\nsleep 5 &\necho "$1" > {opened}\n')
    viewer.chmod(viewer.stat().st_mode | stat.S_IEXEC)
    _only({"DISPLAY": ":0", "AUTOLETTER_PDF_VIEWER": str(viewer)}, monkeypatch)
    app = make_app(cast_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, customer_id(cast_copy, SHOP), "l")
        await pilot.press("v")
        await wait_for(pilot, opened.exists)
        assert any("PDF viewer" in str(n.message) for n in app._notifications)
    for _ in range(100):  # the viewer writes after it started
        if opened.read_text().strip():
            break
        await asyncio.sleep(0.02)
    path = Path(opened.read_text().strip())
    assert path.read_bytes().startswith(b"%PDF")


async def test_under_textual_serve_the_browser_gets_the_pdf(
    cast_copy: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(AutoLetterApp, "is_web", property(lambda self: True))
    delivered: list[dict[str, Any]] = []

    def deliver_binary(self: AutoLetterApp, file: Any, **options: Any) -> str:
        delivered.append({"pdf": file.read(), **options})
        return "delivery-1"

    monkeypatch.setattr(AutoLetterApp, "deliver_binary", deliver_binary)
    app = make_app(cast_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, customer_id(cast_copy, SHOP), "l")
        await pilot.press("v")
        await wait_for(pilot, lambda: bool(delivered))
    (sent,) = delivered
    assert sent["pdf"].startswith(b"%PDF")
    assert (sent["open_method"], sent["mime_type"]) == ("browser", "application/pdf")


def test_a_stored_pdf_is_the_one_shown_after_an_address_edit(cast_copy: Database) -> None:
    who = customer_id(cast_copy, CSV)
    with cast_copy.sessions.begin() as session:
        letter = session.scalars(select(Letter).where(Letter.token.like("tok-a1-%"))).one()
        letter.customer_id = who
        letter.pdf = b"%PDF-1.4 as sent to the printer"
        letter_id = letter.id
    with cast_copy.sessions() as session:
        state = edit_state(session, who)
    assert state is not None
    with cast_copy.sessions() as session:
        save_edits(
            session, who, version=state.version, base=state.values,
            edits={"letter.street": "Rue du Bac", "letter.house_number": "7"},
            actor="t", now=AS_OF,
        )  # fmt: skip
    with cast_copy.sessions() as session:
        document = letter_document(session, letter_id)
    assert document.pdf == b"%PDF-1.4 as sent to the printer"
    assert document.as_sent
    assert "Rue du Bac" not in "\n".join(document.address_lines)
