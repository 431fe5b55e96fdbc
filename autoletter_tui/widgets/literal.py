"""User data as text that can never act on the screen.

``Text(value)`` already keeps Rich/Textual markup from being parsed. On top of that, control
characters are replaced by visible placeholders: an ESC or BEL from a customer record must not
reach the terminal, and a right-to-left override must not reorder the rest of the row.
"""

from __future__ import annotations

import unicodedata

from rich.text import Text

# Bidirectional formatting characters (overrides, embeddings, isolates, marks).
_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")


def _placeholder(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # Control Pictures block: ␛ for ESC, ␇ for BEL, ␉ for tab
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls, bidi controls and other format characters: �


def clean(value: str) -> str:
    """The value with every control or bidi-format character made visible."""
    if value.isprintable():
        return value
    return "".join(
        _placeholder(c) if c in _BIDI or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
        for c in value
    )


def clean_text(value: str) -> str:
    """Like ``clean``, but line breaks and tabs stay: for multi-line text such as comments."""
    return "\n".join(
        "\t".join(clean(part) for part in line.split("\t")) for line in value.split("\n")
    )


def literal(value: str, style: str = "") -> Text:
    """A Text that shows exactly the characters of ``value``, controls made visible."""
    return Text(clean(value), style=style, no_wrap=True, end="")
