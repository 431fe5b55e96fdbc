"""What libraries and the OS say went wrong, in the operator's language: email-validator's
reason for refusing an address, a pydantic validation error, and the OS's reason a file could
not be read or written (Python's ``strerror`` is English whatever the locale).

Each is translated by what went wrong, not by its wording alone: email-validator by the shape
of its message (its fixed text, with the variable part - the offending characters, a count, a
detail from another library - kept as a placeholder), pydantic by the error's ``type`` and its
``ctx``, the OS by ``errno``. A message none of them knows (a newer library, a rarer errno)
comes out in the library's English, inside a translated sentence where it needs one, so that
nothing is lost.

The English texts are the libraries' own, so English reads as before.

No Textual import: data, sources and letters use it.
"""

from __future__ import annotations

import errno
import re
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from autoletter_tui import formatting
from autoletter_tui.formatting import plural
from autoletter_tui.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from email_validator import EmailNotValidError
    from pydantic_core import ErrorDetails

# -- email-validator ---------------------------------------------------------------------------

# Every message email-validator 2.x raises (syntax.py, validate_email.py, deliverability.py),
# as it writes it, with its variable part as a placeholder: each is also the pattern its message
# is recognised by. {characters}: the offending characters as the library shows them ('ä',
# SPACE); {excess}: "2 characters too many" and the like, translated on its own; {detail}: a
# detail from idna or ipaddress (English); {reason}: a message of this list again.
_EMAIL_MESSAGES = (
    N_('The email address has the "full-width" at-sign (@) character instead of a regular '
       "at-sign."),
    N_('The email address has the "small commercial at" character instead of a regular at-sign.'),
    N_("An email address must have an @-sign."),
    N_("Extra character(s) found after close quote: {characters}"),
    N_("The display name contains invalid characters when not quoted: {characters}."),
    N_("An open angle bracket at the start of the email address has to be followed by a close "
       "angle bracket at the end."),
    N_("There can't be anything after the email address."),
    N_("There must be something before the @-sign."),
    N_("The email address is too long before the @-sign ({excess})."),
    N_("Internationalized characters before the @-sign are not supported: {characters}."),
    N_("Internationalized characters before the @-sign are not supported."),
    N_("The email address contains invalid characters in quotes before the @-sign: "
       "{characters}."),
    N_("The email address contains an invalid character."),
    N_("The email address contains invalid characters before the @-sign: {characters}."),
    N_("The email address contains invalid characters before the @-sign."),
    N_("The email address contains unsafe characters: {characters}."),
    N_("An email address cannot start with a period."),
    N_("An email address cannot have a period immediately before the @-sign."),
    N_("An email address cannot have a period immediately after the @-sign."),
    N_("An email address cannot end with a period."),
    N_("An email address cannot have a hyphen immediately after the @-sign."),
    N_("An email address cannot end with a hyphen."),
    N_("An email address cannot have two periods in a row."),
    N_("An email address cannot have a period and a hyphen next to each other."),
    N_("The email address is too long after the @-sign ({excess})."),
    N_("The part after the @-sign contains invalid characters: {characters}."),
    N_("The part after the @-sign contains invalid characters ({detail})."),
    N_("The part after the @-sign contains invalid characters after Unicode normalization: "
       "{characters}."),
    N_("An email address cannot have two letters followed by two dashes immediately after the "
       "@-sign or after a period, except Punycode."),
    N_("The part after the @-sign is invalid ({detail})."),
    N_("The email address contains invalid characters after the @-sign after IDNA encoding."),
    N_("After the @-sign, periods cannot be separated by so many characters ({excess})."),
    N_("The part after the @-sign is not valid. It should have a period."),
    N_("The part after the @-sign is not valid. It is not within a valid top-level domain."),
    N_("The part after the @-sign is a special-use or reserved name that cannot be used with "
       "email."),
    N_("The part after the @-sign is not valid IDNA ({detail})."),
    N_("The part after the @-sign became invalid after normalizing to international characters "
       "({detail})."),
    N_("The email address is too long ({excess})."),
    N_("The email address is too long after normalization ({excess})."),
    N_("The email address is too long when the part after the @-sign is converted to IDNA ASCII "
       "({excess})."),
    N_("The address in brackets after the @-sign is not valid: It is not an IPv4 address "
       "({detail}) or is missing an address literal tag."),
    # Before the general one below, which would take the English "It has a zone index".
    N_("The IPv6 address in brackets after the @-sign is not valid (It has a zone index)."),
    N_("The IPv6 address in brackets after the @-sign is not valid ({detail})."),
    N_("The part after the @-sign in brackets is not an IPv4 address and has no address literal "
       "tag."),
    N_("The part after the @-sign contains invalid characters in brackets: {characters}."),
    N_("The part after the @-sign contains an invalid address literal tag in brackets."),
    N_("The email address is not valid ASCII."),
    N_("After Unicode normalization: {reason}"),
    N_("Quoting the part before the @-sign is not allowed here."),
    N_("There must be something after the @-sign."),
    N_("A bracketed IP address after the @-sign is not allowed here."),
    N_("A display name and angle brackets around the email address are not permitted here."),
    N_("The domain name {domain} does not accept email."),
    N_("The domain name {domain} does not send email."),
    N_("The domain name {domain} does not exist."),
    N_("There was an error while checking if the domain name in the email address is "
       "deliverable: {detail}"),
)  # fmt: skip


def _shape(message: str) -> re.Pattern[str]:
    """The pattern of a message: its fixed text, and a named group per placeholder."""
    parts = re.split(r"\{(\w+)\}", message)
    return re.compile(
        "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+)" for i, p in enumerate(parts)),
        re.DOTALL,
    )


@cache
def _email_shapes() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The patterns, compiled at first use (a few ms; start-up does not need them)."""
    return tuple((_shape(message), message) for message in _EMAIL_MESSAGES)


_CHARACTERS = re.compile(r"(\d+) characters? too many")
_CHARACTER_RANGE = re.compile(r"(\d+)-(\d+) characters too many")
_BYTES = re.compile(r"(\d+) bytes? too many")
_BYTES_IDNA = re.compile(r"(\d+) bytes? too many after IDNA encoding")


def email_error_text(error: EmailNotValidError) -> str:
    """Why email-validator refused an address, in the operator's language."""
    return _email_text(str(error))


def _email_text(text: str) -> str:
    for pattern, message in _email_shapes():
        found = pattern.fullmatch(text)
        if found is not None:
            parts = {name: _email_part(name, value) for name, value in found.groupdict().items()}
            return _(message).format(**parts)
    return _("The email address is not valid ({detail}).").format(detail=text.removesuffix("."))


def _email_part(name: str, value: str) -> str:
    if name == "reason":
        return _email_text(value)
    if name == "excess":
        return _excess(value)
    return value


def _excess(text: str) -> str:
    """By how much an address is too long, as email-validator counts it."""
    if found := _CHARACTERS.fullmatch(text):
        return plural(int(found[1]), "{n} character too many", "{n} characters too many")
    if found := _CHARACTER_RANGE.fullmatch(text):
        return _("{least}-{most} characters too many").format(
            least=formatting.count(int(found[1])), most=formatting.count(int(found[2]))
        )
    if found := _BYTES.fullmatch(text):
        return plural(int(found[1]), "{n} byte too many", "{n} bytes too many")
    if found := _BYTES_IDNA.fullmatch(text):
        return plural(
            int(found[1]),
            "{n} byte too many after IDNA encoding",
            "{n} bytes too many after IDNA encoding",
        )
    return text


# -- pydantic ----------------------------------------------------------------------------------

# By the error's type, in pydantic's words, with its ctx as placeholders. Types with a count
# (string_too_long, decimal_max_digits, ...) are in _counted, for their plural forms.
_VALIDATION = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "string_type": N_("Input should be a valid string"),
    "string_unicode": N_(
        "Input should be a valid string, unable to parse raw data as a unicode string"
    ),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_parsing_size": N_("Unable to parse input string as an integer, exceeded maximum size"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "finite_number": N_("Input should be a finite number"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "decimal_type": N_("Decimal input should be an integer, float, string or Decimal object"),
    "decimal_parsing": N_("Input should be a valid decimal"),
    "date_type": N_("Input should be a valid date"),
    # TRANSLATORS: {error} is pydantic's detail, in English ("input is too short").
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, {error}"),
    # TRANSLATORS: {error} is pydantic's detail, in English ("input is too short").
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime, {error}"),
    "date_from_datetime_inexact": N_(
        "Datetimes provided to dates should have zero time - e.g. be exact dates"
    ),
    "datetime_type": N_("Input should be a valid datetime"),
    # TRANSLATORS: {error} is pydantic's detail, in English ("input is too short").
    "datetime_parsing": N_("Input should be a valid datetime, {error}"),
    # TRANSLATORS: {error} is pydantic's detail, in English ("input is too short").
    "datetime_from_date_parsing": N_("Input should be a valid datetime or date, {error}"),
    "timezone_aware": N_("Input should have timezone info"),
    "timezone_naive": N_("Input should not have timezone info"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    # TRANSLATORS: {class_name} is the name of the expected object in the code (ApiCustomer).
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    # TRANSLATORS: {expected} lists the values allowed: 'open', 'paid' or 'fulfilled'.
    "literal_error": N_("Input should be {expected}"),
    "enum": N_("Input should be {expected}"),
    "url_type": N_("URL input should be a string or URL"),
    # TRANSLATORS: {error} is pydantic's detail, in English ("relative URL without a base").
    "url_parsing": N_("Input should be a valid URL, {error}"),
}
_ONE_OF = re.compile(r"(?P<choices>.+) or (?P<last>'[^']*'|[^ ]+)", re.DOTALL)


def validation_error_text(error: ErrorDetails) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in the operator's
    language; pydantic's English message for a type this module does not know."""
    kind, context = error["type"], error.get("ctx", {})
    if kind == "value_error" and "error" in context:
        # Our validators' messages are translated where they are raised.
        return str(context["error"])
    counted = _counted(kind, context)
    if counted is not None:
        return counted
    message = _VALIDATION.get(kind)
    if message is None:
        return error["msg"]
    values = {name: _context_value(name, value) for name, value in context.items()}
    try:
        return _(message).format(**values)
    except (KeyError, IndexError):  # a pydantic whose ctx lacks what the message names
        return error["msg"]


_COUNTS = {
    "string_too_short": "min_length",
    "string_too_long": "max_length",
    "decimal_max_digits": "max_digits",
    "decimal_max_places": "decimal_places",
    "decimal_whole_digits": "whole_digits",
    "too_short": "min_length",
    "too_long": "max_length",
}


def _counted(kind: str, context: dict[str, Any]) -> str | None:
    """The message of a type with a count in its ctx, in the count's plural form."""
    key = _COUNTS.get(kind)
    if key is None or key not in context:
        return None
    n = int(context[key])
    if kind == "string_too_short":
        return plural(
            n,
            "String should have at least {n} character",
            "String should have at least {n} characters",
        )
    if kind == "string_too_long":
        return plural(
            n,
            "String should have at most {n} character",
            "String should have at most {n} characters",
        )
    if kind == "decimal_max_digits":
        return plural(
            n,
            "Decimal input should have no more than {n} digit in total",
            "Decimal input should have no more than {n} digits in total",
        )
    if kind == "decimal_max_places":
        return plural(
            n,
            "Decimal input should have no more than {n} decimal place",
            "Decimal input should have no more than {n} decimal places",
        )
    if kind == "decimal_whole_digits":
        return plural(
            n,
            "Decimal input should have no more than {n} digit before the decimal point",
            "Decimal input should have no more than {n} digits before the decimal point",
        )
    if not {"field_type", "actual_length"} <= context.keys():
        return None
    if kind == "too_short":
        # TRANSLATORS: {field_type} is pydantic's English name of the type: List, Dictionary.
        message = ngettext(
            "{field_type} should have at least {n} item after validation, not {actual}",
            "{field_type} should have at least {n} items after validation, not {actual}",
            n,
        )
    else:
        # TRANSLATORS: {field_type} is pydantic's English name of the type: List, Dictionary.
        message = ngettext(
            "{field_type} should have at most {n} item after validation, not {actual}",
            "{field_type} should have at most {n} items after validation, not {actual}",
            n,
        )
    return message.format(
        field_type=context["field_type"],
        n=formatting.count(n),
        actual=formatting.count(int(context["actual_length"])),
    )


def _context_value(name: str, value: Any) -> str:
    if name == "expected":  # "'open', 'paid' or 'refunded'": the "or" is English
        found = _ONE_OF.fullmatch(str(value))
        if found is None:
            return str(value)
        # TRANSLATORS: the last of the values allowed: 'open', 'paid' or 'refunded'.
        return _("{choices} or {last}").format(choices=found["choices"], last=found["last"])
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return formatting.count(value)
    return str(value)


# -- the OS ------------------------------------------------------------------------------------

# By errno name (not every platform has every errno), in the words of glibc's strerror.
_OS_MESSAGES = {
    "ENOENT": N_("No such file or directory"),
    "EACCES": N_("Permission denied"),
    "EPERM": N_("Operation not permitted"),
    "EISDIR": N_("Is a directory"),
    "ENOTDIR": N_("Not a directory"),
    "EEXIST": N_("File exists"),
    "ENOTEMPTY": N_("Directory not empty"),
    "ENOSPC": N_("No space left on device"),
    "EDQUOT": N_("Disk quota exceeded"),
    "EFBIG": N_("File too large"),
    "EROFS": N_("Read-only file system"),
    "ENAMETOOLONG": N_("File name too long"),
    "ELOOP": N_("Too many levels of symbolic links"),
    "EMFILE": N_("Too many open files"),
    "ENFILE": N_("Too many open files in system"),
    "EIO": N_("Input/output error"),
    "EBUSY": N_("Device or resource busy"),
    "ETXTBSY": N_("Text file busy"),
    "ENOEXEC": N_("Exec format error"),
}
_OS = {getattr(errno, name): text for name, text in _OS_MESSAGES.items() if hasattr(errno, name)}


def os_error_text(error: OSError) -> str:
    """Why the OS refused, in the operator's language: "No such file or directory" by its
    errno; the OS's own words for an errno this module does not know."""
    message = _OS.get(error.errno) if error.errno is not None else None
    if message is not None:
        return _(message)
    return error.strerror or str(error)
