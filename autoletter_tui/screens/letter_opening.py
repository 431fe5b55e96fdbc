"""Opening a letter's PDF outside the terminal, from any screen that lists letters.

``letters/viewing.py`` decides how (browser under textual-serve, the system viewer, or a saved
file with a text preview); this base class runs the reading and saving in a worker and shows
the outcome.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from textual import work
from textual.message import Message

from autoletter_tui.data.db import Database
from autoletter_tui.i18n import _
from autoletter_tui.letters import viewing
from autoletter_tui.screens.base import DeskScreen
from autoletter_tui.screens.letter_preview import LetterPreview


@dataclass
class LetterReady(Message):
    document: viewing.LetterDocument
    mode: viewing.Opening
    path: Path | None


class LetterOpening(DeskScreen[None]):
    database: Database
    tracking_url: str

    def open_letter(self, letter_id: int) -> None:
        mode = viewing.how_to_open(os.environ, sys.platform, in_browser=self.app.is_web)
        self.fetch_letter(letter_id, mode)

    @work(thread=True, group="letter", exit_on_error=False)
    def fetch_letter(self, letter_id: int, mode: viewing.Opening) -> None:
        with self.database.sessions() as session:
            document = viewing.letter_document(session, letter_id, tracking_base=self.tracking_url)
        path = None
        if mode is not viewing.Opening.BROWSER:
            path = viewing.save(document)
        if mode is viewing.Opening.VIEWER and path is not None:
            viewing.start_viewer(viewing.viewer_command(os.environ, sys.platform, path))
        self.post_message(LetterReady(document, mode, path))

    def on_letter_ready(self, message: LetterReady) -> None:
        document, path = message.document, message.path
        if message.mode is viewing.Opening.BROWSER:
            self.app.deliver_binary(
                BytesIO(document.pdf), save_filename=document.filename, open_method="browser",
                mime_type="application/pdf",
            )  # fmt: skip
            self.notify(_("The letter opens in your browser."), timeout=4)
        elif message.mode is viewing.Opening.VIEWER:
            self.notify(
                _("Opened in the PDF viewer: {path}").format(path=path), markup=False, timeout=5
            )
        elif path is not None:
            self.app.push_screen(LetterPreview(document, path))
