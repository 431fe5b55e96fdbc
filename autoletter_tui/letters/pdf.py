"""One letter as an A4 PDF that fits a DIN 5008 form B window envelope, with its QR code.

Geometry (mm from the top left corner of the page), from DIN 5008 form B:
- the address field starts 45 mm from the top, 20 mm from the left, 85 mm wide;
- its first 17.7 mm hold the sender's return line, just above the recipient;
- the recipient's address zone follows, from 62.7 mm, at most 27.3 mm (six lines) high.

The text is set in DejaVu Sans (bundled, see fonts/LICENSE-DejaVu.txt): the base-14 fonts
cover only Western European characters, and customers are called Łukasz, Černý and Woźniak.
The QR code is drawn as vector squares from ``qrcode``'s module matrix: sharper and several
times faster than going through an image.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from autoletter_tui.i18n import _

FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"

PAGE_WIDTH, PAGE_HEIGHT = A4
ADDRESS_LEFT = 20 * mm
ADDRESS_WIDTH = 85 * mm
RETURN_TOP = 45 * mm  # the return-line zone: 45 .. 62.7 mm from the top
ADDRESS_TOP = 62.7 * mm  # the recipient zone: 62.7 .. 90 mm
ADDRESS_HEIGHT = 27.3 * mm
ADDRESS_LINES = 6
ADDRESS_SIZE = 10  # pt
ADDRESS_LEADING = 12.5  # pt: six lines take 26.5 mm, inside the 27.3 mm zone
RETURN_SIZE = 7
BODY_LEFT = 25 * mm
BODY_RIGHT = PAGE_WIDTH - 20 * mm
BODY_TOP = 105 * mm
BODY_SIZE = 11
BODY_LEADING = 15
QR_SIZE = 28 * mm
QR_LEFT = PAGE_WIDTH - 20 * mm - QR_SIZE
QR_TOP = 45 * mm


class AddressTooLong(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class LetterPage:
    """Everything printed on one letter."""

    sender_line: str  # "AutoLetter Shop · Hauptstr. 1 · 10115 Berlin"
    address_lines: tuple[str, ...]  # as printed: no blanks, country line when foreign
    body: str  # paragraphs separated by blank lines
    tracking_url: str
    dated: date


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def _from_top(y: float) -> float:
    """reportlab measures from the bottom edge."""
    return float(PAGE_HEIGHT - y)


def render(page: LetterPage) -> bytes:
    """The letter as PDF bytes."""
    lines = [line for line in (x.strip() for x in page.address_lines) if line]
    if len(lines) > ADDRESS_LINES:
        raise AddressTooLong(
            _("the address has {lines} lines; a window envelope shows {most}").format(
                lines=len(lines), most=ADDRESS_LINES
            )
        )
    _register_fonts()
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle("Letter")
    canvas.setAuthor("AutoLetter")
    _return_line(canvas, page.sender_line)
    _address(canvas, lines)
    _qr(canvas, page.tracking_url)
    _body(canvas, page)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so that it fits ``width``: the window shows no more."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _return_line(canvas: Canvas, text: str) -> None:
    line = _fit(text, REGULAR, RETURN_SIZE, ADDRESS_WIDTH)
    baseline = _from_top(ADDRESS_TOP - 2 * mm)  # at the foot of the 17.7 mm zone
    canvas.setFont(REGULAR, RETURN_SIZE)
    canvas.drawString(ADDRESS_LEFT, baseline, line)
    width = pdfmetrics.stringWidth(line, REGULAR, RETURN_SIZE)
    canvas.setLineWidth(0.3)
    canvas.line(ADDRESS_LEFT, baseline - 1, ADDRESS_LEFT + width, baseline - 1)


def _address(canvas: Canvas, lines: list[str]) -> None:
    canvas.setFont(REGULAR, ADDRESS_SIZE)
    # The first baseline one line below the zone's top edge: the ascenders stay inside.
    baseline = _from_top(ADDRESS_TOP) - ADDRESS_LEADING + 2
    for line in lines:
        canvas.drawString(ADDRESS_LEFT, baseline, _fit(line, REGULAR, ADDRESS_SIZE, ADDRESS_WIDTH))
        baseline -= ADDRESS_LEADING


def _qr(canvas: Canvas, url: str) -> None:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = QR_SIZE / len(matrix)
    top = _from_top(QR_TOP)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row, cells in enumerate(matrix):
        column = 0
        while column < len(cells):
            if not cells[column]:
                column += 1
                continue
            run = column
            while run < len(cells) and cells[run]:
                run += 1  # one rectangle per run of dark modules: a fraction of the paths
            path.rect(QR_LEFT + column * cell, top - (row + 1) * cell, (run - column) * cell, cell)
            column = run
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFont(REGULAR, 6)
    canvas.drawCentredString(QR_LEFT + QR_SIZE / 2, top - QR_SIZE - 8, "Scan me")


def _body(canvas: Canvas, page: LetterPage) -> None:
    canvas.setFont(REGULAR, BODY_SIZE)
    canvas.drawRightString(
        BODY_RIGHT, _from_top(BODY_TOP - 8 * mm), page.dated.strftime("%d.%m.%Y")
    )
    y = _from_top(BODY_TOP)
    width = BODY_RIGHT - BODY_LEFT
    for paragraph in page.body.replace("\r\n", "\n").split("\n"):
        if not paragraph.strip():
            y -= BODY_LEADING / 2
            continue
        for line in simpleSplit(paragraph, REGULAR, BODY_SIZE, width):
            if y < 25 * mm:
                return  # one page: what does not fit is not printed (campaign texts are short)
            canvas.drawString(BODY_LEFT, y, line)
            y -= BODY_LEADING
