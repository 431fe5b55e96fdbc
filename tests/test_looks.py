"""Looks: the high-contrast theme on the overview and the profile, and plain terminals
(NO_COLOR: monochrome, with test orders, scans, statuses and badges told apart by glyph and
word, not by colour; 16 colours: no text fades into its background)."""

from __future__ import annotations

from typing import Any

import pytest
from rich.color import ColorSystem
from textual.pilot import Pilot
from textual.widgets import Checkbox, RadioButton

from autoletter_tui.app import AutoLetterApp
from autoletter_tui.data.db import Database
from tests.conftest import AS_OF
from tests.test_app import settle
from tests.test_profile_screen import SIZE, opened


def make_app(db: Database, theme: str = "high-contrast") -> AutoLetterApp:
    return AutoLetterApp(db, operator="t", theme=theme, clock=lambda: AS_OF)


def test_snapshot_high_contrast_overview(snap_compare: Any, cast_copy: Database) -> None:
    assert snap_compare(make_app(cast_copy), terminal_size=(120, 40), run_before=settle)


def test_snapshot_high_contrast_profile(snap_compare: Any, cast_copy: Database) -> None:
    assert snap_compare(make_app(cast_copy), terminal_size=SIZE, run_before=opened("merged"))


def test_snapshot_no_color(
    snap_compare: Any, cast_copy: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(cast_copy, "textual-dark")
    assert app.no_color

    async def run_before(pilot: Pilot[Any]) -> None:
        await opened("merged", "o")(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# -- 16 colours ------------------------------------------------------------------------------
def _decoration(char: str) -> bool:
    """Box drawing and block elements: borders, tab underlines and scrollbars, which may fade
    into the background."""
    return "\u2500" <= char <= "\u259f" or char == " "


def unreadable_in_16_colours(app: AutoLetterApp) -> list[str]:
    """The text of the top screen (of a dialog: its box) whose colour and background become
    one and the same when the terminal has only the 16 ANSI colours. Rich's console reduces
    each colour to its nearest of those 16 (``downgrade``), as the app's output does when
    ``TERM`` says ``xterm-16color`` or ``linux``."""
    screen = app.screen
    area = screen.children[0].region if screen.is_modal else screen.region
    found = []
    # The screen as the app sends it out: composed, then through the app's line filters.
    for y, composed in enumerate(screen._compositor.render_strips()):
        line = composed
        for line_filter in app._filters:
            line = line.apply_filter(line_filter, app.styles.background)
        x = 0
        for segment in line:
            text, style = segment.text, segment.style
            start, x = x, x + segment.cell_length
            if style is None or all(_decoration(c) for c in text):
                continue
            if not (area.y <= y < area.bottom and area.x <= start < area.right):
                continue
            if isinstance(screen.get_widget_at(start, y)[0], Checkbox | RadioButton):
                continue  # an unticked box or radio: its mark is drawn in its background
            fg, bg = (
                (style.color, style.bgcolor) if not style.reverse else (style.bgcolor, style.color)
            )
            if fg is None or bg is None:
                continue
            if (
                fg.downgrade(ColorSystem.STANDARD).number
                == bg.downgrade(ColorSystem.STANDARD).number
            ):
                found.append(text.strip())
    return found


@pytest.mark.parametrize("theme", ["textual-dark", "high-contrast"])
async def test_every_text_stays_readable_in_16_colours(cast_copy: Database, theme: str) -> None:
    app = make_app(cast_copy, theme)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = {"overview": unreadable_in_16_colours(app)}
        await opened("merged")(pilot)
        for tab in "doilt":  # details, orders, statistics, letters, timeline
            await pilot.press(tab)
            await settle(pilot)
            seen[f"profile {tab}"] = unreadable_in_16_colours(app)
        for dialog in ("f", "e"):  # filters, edit
            await pilot.press(dialog)
            await settle(pilot)
            assert app.screen.is_modal
            seen[f"dialog {dialog}"] = unreadable_in_16_colours(app)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("escape", "escape", "C")  # the campaigns screen
        await settle(pilot)
        seen["campaigns"] = unreadable_in_16_colours(app)
    assert {where: texts for where, texts in seen.items() if texts} == {}
