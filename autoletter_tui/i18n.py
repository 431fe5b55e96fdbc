"""The operator's language: messages in English, German or Spanish, and the locale that
dates, numbers and money are formatted for.

Messages are gettext catalogs: ``locale/<language>/LC_MESSAGES/autoletter_tui.po``, read with
Babel on first use of a language (a few ms) instead of compiled ``.mo`` files, so that a source
checkout, an editable install and a wheel all run from the same files. English is the source
language and needs no catalog.

``_`` translates at the moment it is called, so a string must be translated where it is shown,
not where it is defined: module-level texts (binding descriptions, column titles, labels in
tables) are marked with ``N_`` for the catalog and passed through ``_`` where they are drawn.
That is what lets the language change while the desk runs.

No Textual import: data, sources and letters translate their messages too.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "autoletter_tui"
LOCALE_DIR = Path(__file__).parent / "locale"
# Each language in its own name, as the palette offers it.
LANGUAGES = {"en": "English", "de": "Deutsch", "es": "Español"}
# The formats a language uses when nothing names a region: English as written in Europe
# (25/11/2026, €1,234.56), where the shops of this desk are.
_REGIONS = {"en": "en_GB", "de": "de_DE", "es": "es_ES"}


@dataclass(slots=True)
class _Current:
    """The one language of the process (one operator per process; ``serve`` starts one per
    browser tab)."""

    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    language: str = "en"
    locale: Locale = field(default_factory=lambda: Locale.parse(_REGIONS["en"]))


_current = _Current()


def N_(message: str) -> str:
    """Mark a message for the catalog without translating it (yet)."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark a message with its context for the catalog; shown with ``pgettext(context, ...)``."""
    return message


def _(message: str) -> str:
    """``message`` in the current language (itself when there is no translation)."""
    return _current.translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of the message for ``n`` in the current language."""
    return _current.translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language where the same English word needs two
    translations ("Open" the profile, an "Open" order)."""
    return _current.translations.pgettext(context, message)


def language() -> str:
    return _current.language


def locale() -> Locale:
    """The Babel locale dates, numbers and money are formatted for."""
    return _current.locale


def catalog_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _catalog(code: str) -> gettext.NullTranslations:
    if code == "en":
        return gettext.NullTranslations()
    with catalog_path(code).open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def set_language(code: str, region: str | None = None) -> None:
    """Switch messages and formats to ``code`` (a key of ``LANGUAGES``); ``region`` a locale
    such as ``de_AT`` whose formats to use, when it is of that language."""
    if code not in LANGUAGES:
        raise ValueError(f"not a language of this desk: {code!r}")
    _current.translations = _catalog(code)
    _current.language = code
    chosen = region if region and _language_of(region) == code else _REGIONS[code]
    try:
        _current.locale = Locale.parse(chosen)
    except (ValueError, LookupError):  # a region CLDR does not know
        _current.locale = Locale.parse(_REGIONS[code])


def _language_of(name: str) -> str:
    """``de`` of ``de_AT.UTF-8``, ``de-AT``, ``de``."""
    return name.replace("-", "_").split("_")[0].split(".")[0].lower()


def system_locale(environ: Mapping[str, str] = os.environ) -> str:
    """The locale the environment asks for, as POSIX orders the variables: ``LC_ALL``, then
    ``LC_MESSAGES``, then ``LANG``; "" when none is set (or only C / POSIX)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value and value.split(".")[0] not in ("C", "POSIX"):
            return value.split(".")[0].split("@")[0]
    return ""


def choose(setting: str = "", environ: Mapping[str, str] = os.environ) -> tuple[str, str | None]:
    """The language to use and the locale to format for: the setting, else the environment's
    language if the desk has it, else English."""
    system = system_locale(environ)
    if setting:
        return setting, system or None
    if system and _language_of(system) in LANGUAGES:
        return _language_of(system), system
    return "en", None
