"""Getting a letter's PDF in front of the operator, outside the terminal.

Three ways, chosen from where the app runs:
- under ``textual-serve`` (the app in a browser tab): the PDF goes to that browser;
- in a desktop session (a display, macOS, or ``AUTOLETTER_PDF_VIEWER`` set): the system
  viewer, started detached so that the app never waits for it;
- otherwise (SSH without a display): the PDF is saved to a file whose path is shown, with a
  text preview of the letter in the terminal.
"""

from __future__ import annotations

import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from autoletter_tui.data.errors import UserError
from autoletter_tui.data.models import Letter
from autoletter_tui.i18n import _
from autoletter_tui.letters.pdf import LetterPage, render
from autoletter_tui.library_messages import os_error_text

DEFAULT_TRACKING_URL = "https://scan.autoletter.example/q"
DEFAULT_SENDER_LINE = "AutoLetter · Postfach 10 01 01 · 10001 Berlin"
VIEWER_ENV = "AUTOLETTER_PDF_VIEWER"


class Opening(StrEnum):
    BROWSER = "browser"
    VIEWER = "viewer"
    FILE = "file"


def tracking_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/{token}"


@dataclass(frozen=True, slots=True)
class LetterDocument:
    filename: str
    pdf: bytes
    address_lines: tuple[str, ...]
    body: str
    as_sent: bool  # False: no PDF was stored (demo letters); rendered now from the snapshot


def file_name(letter_id: int) -> str:
    return f"letter-{letter_id}.pdf"


def snapshot_page(letter: Letter, *, tracking_base: str, sender_line: str) -> LetterPage:
    """The page of a letter whose PDF was not stored (demo letters): its snapshot (address
    and text as printed, token, date) determines the page, and the renderer is
    deterministic."""
    return LetterPage(
        sender_line, tuple(letter.address_lines.splitlines()), letter.body,
        tracking_url(tracking_base, letter.token), letter.accepted_at.astimezone().date(),
    )  # fmt: skip


def letter_document(
    session: Session,
    letter_id: int,
    *,
    tracking_base: str = DEFAULT_TRACKING_URL,
    sender_line: str = DEFAULT_SENDER_LINE,
) -> LetterDocument:
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise UserError(_("This letter no longer exists."))
    lines = tuple(letter.address_lines.splitlines())
    pdf, as_sent = letter.pdf, True
    if pdf is None:
        pdf = render(snapshot_page(letter, tracking_base=tracking_base, sender_line=sender_line))
        as_sent = False
    return LetterDocument(file_name(letter.id), pdf, lines, letter.body, as_sent)


def how_to_open(environ: Mapping[str, str], platform: str, *, in_browser: bool) -> Opening:
    if in_browser:
        return Opening.BROWSER
    if environ.get(VIEWER_ENV):
        return Opening.VIEWER
    has_display = bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))
    over_ssh = bool(environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"))
    if platform == "darwin" and not over_ssh:
        return Opening.VIEWER
    return Opening.VIEWER if has_display else Opening.FILE


def viewer_command(environ: Mapping[str, str], platform: str, path: Path) -> list[str]:
    configured = environ.get(VIEWER_ENV)
    if configured:
        return [*shlex.split(configured), str(path)]
    return ["open" if platform == "darwin" else "xdg-open", str(path)]


def save(document: LetterDocument, folder: Path | None = None) -> Path:
    """Write the PDF where the operator can reach it; returns its path."""
    folder = folder or Path(tempfile.gettempdir()) / "autoletter-letters"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / document.filename
    path.write_bytes(document.pdf)
    return path


def start_viewer(command: list[str]) -> None:
    """Start the viewer detached: it outlives nothing of ours and never holds the terminal."""
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        raise UserError(
            _("Could not start the PDF viewer {viewer}: {reason}").format(
                viewer=repr(command[0]), reason=os_error_text(error)
            )
        ) from None
