"""Refresh the message catalogs from the code: ``python -m tools.messages`` (``make messages``).

Extracts every message of ``autoletter_tui`` marked with ``_``, ``N_``, ``ngettext``,
``pgettext``, ``NP_``, ``Lazy`` or ``formatting.plural`` / ``Lazy.plural`` (Babel's
extractor), adds the new ones to each language's ``.po`` file untranslated, drops those the
code no longer has, and keeps every translation. The test suite (``test_translations``)
fails until each new message is translated.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from autoletter_tui.i18n import DOMAIN, LANGUAGES, catalog_path

PACKAGE = Path(__file__).resolve().parents[1] / "autoletter_tui"
KEYWORDS = {
    "_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
    "NP_": ((1, "c"), 2), "plural": (2, 3), "Lazy": None,
}  # fmt: skip
TRANSLATED = [code for code in LANGUAGES if code != "en"]


def extract() -> Catalog:
    """Every marked message of the package, with where it is used."""
    template = Catalog(domain=DOMAIN, project="autoletter-tui", fuzzy=False)
    for filename, line, message, comments, context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
    ):  # fmt: skip
        template.add(message, locations=[(filename, line)], auto_comments=comments,
                     context=context)  # fmt: skip
    return template


def read(code: str) -> Catalog:
    path = catalog_path(code)
    if not path.exists():
        return Catalog(locale=code, domain=DOMAIN, project="autoletter-tui", fuzzy=False)
    with path.open("rb") as po:
        return read_po(po, locale=code, domain=DOMAIN)


def update(code: str, template: Catalog) -> Catalog:
    catalog = read(code)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    path = catalog_path(code)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog, ignore_obsolete=True, width=100, sort_output=False,
                 include_previous=False)  # fmt: skip
    return catalog


def main() -> None:
    template = extract()
    for code in TRANSLATED:
        catalog = update(code, template)
        missing = sum(1 for m in catalog if m.id and not all(forms(m.string)))
        print(f"{catalog_path(code)}: {len(template)} messages, {missing} to translate")


def forms(string: object) -> tuple[str, ...]:
    """A message's translations: one, or one per plural form."""
    if isinstance(string, tuple | list):
        return tuple(str(s) for s in string)
    return (str(string or ""),)


if __name__ == "__main__":
    main()
