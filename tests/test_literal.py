"""User data renders literally: no markup, no terminal control, no reordering."""

from __future__ import annotations

import pytest

from autoletter_tui.widgets.literal import clean, literal


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("Müller", "Müller"),
        ("x[/]", "x[/]"),
        ("[@click=app.quit]", "[@click=app.quit]"),
        ("[link=https://example.com]Link", "[link=https://example.com]Link"),
        ("\x1b[31mRot", "␛[31mRot"),
        ("Glocke\x07", "Glocke␇"),
        ("\x1b]8;;https://evil.example\x07x", "␛]8;;https://evil.example␇x"),
        ("Rtl\u202eOverride", "Rtl\ufffdOverride"),
        ("Tab\tbed", "Tab␉bed"),
        ("\x9b31m", "\ufffd31m"),
        ("Füchsin 🦊", "Füchsin 🦊"),
        ("محمد", "محمد"),
    ],
)
def test_clean_makes_controls_visible(value: str, shown: str) -> None:
    assert clean(value) == shown
    assert literal(value).plain == shown
    assert literal(value).spans == []  # nothing parsed as markup
