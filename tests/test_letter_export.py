"""Writing a campaign's letters as files (`letters render`) on both engines: stored PDFs
byte for byte, letters without one rendered from their snapshot, in worker processes too."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from sqlalchemy import URL, select

from autoletter_tui.cli import main
from autoletter_tui.data import overview as ov
from autoletter_tui.data.db import Database
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.models import Campaign, CampaignKind, Letter
from autoletter_tui.letters.campaigns import create_campaign, launch
from autoletter_tui.letters.export import export_campaign
from autoletter_tui.letters.rendering import Renderer
from autoletter_tui.letters.viewing import DEFAULT_TRACKING_URL
from tests.conftest import AS_OF
from tests.profile_customers import build

TEXT = "Hallo {vorname},\n\ndanke!"


def campaign_id(db: Database, name: str) -> int:
    with db.sessions() as session:
        return session.scalars(select(Campaign.id).where(Campaign.name == name)).one()


def letters_of(db: Database, campaign: int) -> dict[int, Letter]:
    with db.sessions() as session:
        found = session.scalars(select(Letter).where(Letter.campaign_id == campaign))
        return {letter.id: letter for letter in found}


def qr_of(pdf: bytes) -> list[str]:
    image = pdfium.PdfDocument(pdf)[0].render(scale=3).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image)]


def test_stored_pdfs_are_written_as_printed(db: Database, tmp_path: Path) -> None:
    build(db)
    with db.sessions.begin() as session:
        launched_id = create_campaign(
            session, name="Herbst", kind=CampaignKind.ONE_TIME, text=TEXT,
            query=ov.ListQuery(search="berlin"), now=AS_OF,
        )  # fmt: skip
        launch(session, launched_id, AS_OF)
    stored = letters_of(db, launched_id)
    progress: list[tuple[int, int]] = []
    with db.sessions() as session:
        result = export_campaign(
            session, launched_id, tmp_path / "out", progress=lambda *a: progress.append(a)
        )
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == sorted(f"letter-{i}.pdf" for i in stored)
    assert (result.written, result.rendered) == (len(stored), 0)
    for letter in stored.values():
        assert (tmp_path / "out" / f"letter-{letter.id}.pdf").read_bytes() == letter.pdf
    assert progress[-1] == (len(stored), len(stored))


@pytest.mark.parametrize("workers", [1, 2])
def test_letters_without_a_pdf_are_rendered_from_their_snapshot(
    db: Database, tmp_path: Path, workers: int
) -> None:
    build(db)  # the cast's letters carry a snapshot but no PDF, like the demo's
    campaign = campaign_id(db, "Willkommen zurück")
    letters = letters_of(db, campaign)
    assert letters
    assert all(x.pdf is None for x in letters.values())
    with db.sessions() as session, Renderer(workers, parallel_from=0) as renderer:
        result = export_campaign(
            session, campaign, tmp_path, renderer=renderer, tracking_base="https://t.example/q"
        )
    assert (result.written, result.rendered) == (len(letters), len(letters))
    for letter in letters.values():
        pdf = (tmp_path / f"letter-{letter.id}.pdf").read_bytes()
        assert qr_of(pdf) == [f"https://t.example/q/{letter.token}"]
        text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
        assert letter.address_lines.splitlines()[0] in text
    assert not list(tmp_path.glob("*.partial"))


def test_refusals(db: Database, tmp_path: Path) -> None:
    build(db)
    campaign = campaign_id(db, "Willkommen zurück")
    occupied = tmp_path / "a-file"
    occupied.write_text("x")
    with db.sessions() as session:
        with pytest.raises(UserError, match="No campaign has the id 999"):
            export_campaign(session, 999, tmp_path / "out")
        with pytest.raises(UserError, match="is not a folder"):
            export_campaign(session, campaign, occupied)
    assert not (tmp_path / "out").exists()
    assert occupied.read_text() == "x"


def test_render_from_the_command_line(
    database_url: URL, db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(db)
    campaign = campaign_id(db, "Danke-Karte")
    count = len(letters_of(db, campaign))
    assert count
    url = database_url.render_as_string(hide_password=False)
    out = tmp_path / "pdfs"
    assert main(["--db", url, "letters", "render", "--campaign", str(campaign), "--out",
                 str(out), "--workers", "1"]) == 0  # fmt: skip
    assert f"{count} letters written to {out}" in capsys.readouterr().out
    assert len(list(out.glob("letter-*.pdf"))) == count
    assert main(["--db", url, "letters", "render", "--campaign", "999", "--out", str(out)]) == 2
    assert "No campaign has the id 999" in capsys.readouterr().err
    assert qr_of(next(out.glob("letter-*.pdf")).read_bytes())[0].startswith(DEFAULT_TRACKING_URL)
