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
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

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


class Lazy:
    """A message in the language of the moment it is shown, not of the moment it is made.

    For texts made once and shown for long (a shop account's missing setting, found at
    start-up, while the operator may switch languages) and for texts stored to be shown later
    (a sync's error: a sync run by cron in English is read by a German operator). ``str()``
    translates; ``to_stored`` / ``from_stored`` keep one as JSON in a text column. Parameters
    stay as given (a shop's name, an HTTP library's English reason); one that is ``Lazy`` is
    translated with it. An exception made with one (``UserError(Lazy(...))``) translates on
    each ``str(error)``.

    ``Lazy("...")`` is marked for the catalog like ``_``; ``Lazy.plural(n, one, many)`` like
    ``formatting.plural``, whose name and argument order it shares for the extractor.
    """

    __slots__ = ("many", "message", "params")

    def __init__(self, message: str, /, **params: str | int | Lazy) -> None:
        self.message = message
        self.many = ""  # the plural form, with ``n`` among the parameters
        self.params = params

    @classmethod
    def plural(cls, n: int, one: str, many: str, /, **params: str | int | Lazy) -> Lazy:
        made = cls(one, n=n, **params)
        made.many = many
        return made

    def __str__(self) -> str:
        text = (
            ngettext(self.message, self.many, int(str(self.params["n"]))) if self.many
            else _(self.message)
        )  # fmt: skip
        return text.format(**{k: str(v) for k, v in self.params.items()})

    def __repr__(self) -> str:
        return f"Lazy({self._plain()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lazy) and self._plain() == other._plain()

    def __hash__(self) -> int:
        return hash(json.dumps(self._plain(), sort_keys=True))

    def _plain(self) -> dict[str, object]:
        params = {k: v._plain() if isinstance(v, Lazy) else v for k, v in self.params.items()}
        return {"message": self.message, "many": self.many, "params": params}

    @staticmethod
    def of(error: BaseException) -> Lazy | str:
        """An exception's message: the ``Lazy`` it was made with, else its text (or its
        type's name when it has none)."""
        if len(error.args) == 1 and isinstance(error.args[0], Lazy):
            return error.args[0]
        return str(error) or type(error).__name__

    @staticmethod
    def stored(message: Lazy | str) -> str:
        return message.to_stored() if isinstance(message, Lazy) else message

    def to_stored(self) -> str:
        return json.dumps(self._plain(), ensure_ascii=False)

    @classmethod
    def from_stored(cls, text: str) -> Lazy | str:
        """A stored message, or the text itself when it is plain (stored by an older version,
        or an error without a message of ours)."""
        if not text.startswith('{"message"'):
            return text
        try:
            return cls._from_plain(json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError):
            return text

    @classmethod
    def _from_plain(cls, plain: dict[str, Any]) -> Lazy:
        made = cls(str(plain["message"]))
        made.many = str(plain["many"])
        made.params = {
            k: cls._from_plain(v) if isinstance(v, dict) else v
            for k, v in plain["params"].items()
        }  # fmt: skip
        return made


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
