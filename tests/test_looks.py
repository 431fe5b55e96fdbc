"""Looks: the high-contrast theme on the overview and the profile, and plain terminals
(NO_COLOR: monochrome, with test orders, scans, statuses and badges told apart by glyph and
word, not by colour)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

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
