"""Messages of email-validator, pydantic and the OS reach the operator in their language, with
their variable parts (the offending characters, a count, a path, the allowed values) kept;
English reads as the libraries write it; a message this desk does not know comes out with the
library's English in it, never lost."""

from __future__ import annotations

import ast
import errno
import io
import json
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import email_validator
import pytest
from email_validator import EmailNotValidError, EmailSyntaxError, validate_email
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from sqlalchemy.orm import Session

from autoletter_tui.config import Settings, load_settings, read_config
from autoletter_tui.data.edits import validate
from autoletter_tui.data.errors import UserError
from autoletter_tui.i18n import _, set_language
from autoletter_tui.letters.reports import apply_report
from autoletter_tui.letters.viewing import start_viewer
from autoletter_tui.library_messages import (
    _OS_MESSAGES,
    email_error_text,
    os_error_text,
    validation_error_text,
)
from autoletter_tui.sources.api_records import ApiCustomer, records
from autoletter_tui.sources.csv_format import NotACsvFile, detect
from autoletter_tui.sources.records import Problem
from tests.conftest import AS_OF

TODAY = date(2026, 11, 20)


@pytest.fixture
def language() -> Iterator[None]:
    yield
    set_language("en")


def refusal(address: str) -> EmailNotValidError:
    with pytest.raises(EmailNotValidError) as caught:
        validate_email(address, check_deliverability=False)
    return caught.value


# -- email-validator ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "address", "expected"),
    [
        ("de", "not-an-email", "Eine E-Mail-Adresse muss ein @-Zeichen enthalten."),
        ("es", "not-an-email", "Una dirección de email debe tener una arroba (@)."),
        ("de", "anna schmidt@example.de",
         "Die E-Mail-Adresse enthält vor dem @-Zeichen ungültige Zeichen: SPACE."),
        ("es", "anna(x)@example.de",
         "La dirección de email contiene caracteres no válidos antes de la arroba: '(', ')'."),
        ("de", "anna@" + "b" * 65 + ".de",
         "Nach dem @-Zeichen dürfen zwischen zwei Punkten nicht so viele Zeichen stehen "
         "(2 Zeichen zu viel)."),
        ("es", "anna@" + "b" * 64 + ".de",
         "Después de la arroba no puede haber tantos caracteres entre dos puntos "
         "(1 carácter de más)."),
        ("es", "anna@" + ("b" * 60 + ".") * 5 + "de",
         "La dirección de email es demasiado larga después de la arroba (54 caracteres de más)."),
        ("de", "anna@xn--zz.de",
         "Der Teil nach dem @-Zeichen ist kein gültiges IDNA (Invalid A-label)."),
        ("de", "anna@example..de",
         "Eine E-Mail-Adresse darf nicht zwei Punkte hintereinander haben."),
    ],
)  # fmt: skip
def test_email_validator_refusals_in_the_operators_language(
    language: None, code: str, address: str, expected: str
) -> None:
    set_language(code)
    assert email_error_text(refusal(address)) == expected


def test_the_edit_form_and_imports_show_the_translated_refusal(language: None) -> None:
    set_language("de")
    _cleaned, errors = validate({"email": "anna@example"}, ["email"], TODAY)
    assert errors == {
        "email": "Der Teil nach dem @-Zeichen ist ungültig: Er muss einen Punkt enthalten."
    }
    set_language("es")
    line = '{"email": "anna@-example.de", "last_name": "Schmidt"}\n'
    (problem,) = records(io.StringIO(line), "api.json", TODAY)
    assert isinstance(problem, Problem)
    assert str(problem) == (
        "objeto 0, email: "
        "Una dirección de email no puede tener un guion justo después de la arroba."
    )


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("The email address is too long (2-5 characters too many).",
         "Die E-Mail-Adresse ist zu lang (2-5 Zeichen zu viel)."),
        ("The email address is too long after normalization (3 bytes too many).",
         "Die E-Mail-Adresse ist nach der Normalisierung zu lang (3 Byte zu viel)."),
        ("The email address is too long after the @-sign (1 byte too many after IDNA encoding).",
         "Die E-Mail-Adresse ist nach dem @-Zeichen zu lang "
         "(1 Byte zu viel nach der IDNA-Kodierung)."),
        ("After Unicode normalization: The email address contains unsafe characters: "
         "ZERO WIDTH SPACE.",
         "Nach der Unicode-Normalisierung: Die E-Mail-Adresse enthält unsichere Zeichen: "
         "ZERO WIDTH SPACE."),
        ("The domain name exämple.de does not exist.", "Die Domain exämple.de existiert nicht."),
        # Not a message of email-validator (yet): its English, in a translated sentence.
        ("Mailboxes on the moon are not supported.",
         "Die E-Mail-Adresse ist ungültig (Mailboxes on the moon are not supported)."),
    ],
)  # fmt: skip
def test_email_messages_with_counts_nested_and_unknown(
    language: None, message: str, expected: str
) -> None:
    set_language("de")
    assert email_error_text(EmailSyntaxError(message)) == expected


def _sample(node: ast.expr) -> str | None:
    """A message as the library builds it, its variable parts filled in; None when it is no
    literal text (a description passed in)."""
    filled = {"reason": "(2 characters too many)", "diff": "2", "s": "s"}
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if ast.unparse(node) == "str(e)":  # another exception's message: one of the library's own
        return "There must be something before the @-sign."
    if isinstance(node, ast.JoinedStr):
        return "".join(
            filled.get(ast.unparse(part.value), "x") if isinstance(part, ast.FormattedValue)
            else str(ast.literal_eval(part))
            for part in node.values
        )  # fmt: skip
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _sample(node.left), _sample(node.right)
        return None if left is None and right is None else (left or "'x'") + (right or "'x'")
    return None


def email_validator_messages() -> list[str]:
    """Every message email-validator's source can raise, read from the installed package."""
    folder = Path(email_validator.__file__).parent
    messages = []
    for name in ("syntax.py", "validate_email.py", "deliverability.py"):
        for node in ast.walk(ast.parse((folder / name).read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id in ("EmailSyntaxError", "EmailUndeliverableError") and node.args:
                sample = _sample(node.args[0])
                if sample is not None:
                    messages.append(sample)
            elif node.func.id == "check_dot_atom":  # descriptions with {} for the character
                hostname = any(k.arg == "is_hostname" and ast.literal_eval(k.value)
                               for k in node.keywords)  # fmt: skip
                for description in node.args[1:3]:
                    for thing in ("period", "hyphen") if hostname else ("period",):
                        messages.append(ast.literal_eval(description).format(thing))
    return messages


def test_every_message_of_email_validator_is_known(language: None) -> None:
    messages = email_validator_messages()
    assert len(messages) > 50
    set_language("de")
    unknown = [
        m for m in messages
        if email_error_text(EmailSyntaxError(m)).startswith("Die E-Mail-Adresse ist ungültig (")
    ]  # fmt: skip
    assert unknown == []
    set_language("en")  # English: the library's own words
    assert [email_error_text(EmailSyntaxError(m)) for m in messages] == messages


# -- pydantic ----------------------------------------------------------------------------------

ORDER = {"id": "o-1", "number": "1001", "placed_at": "2026-11-02T10:15:00+01:00",
         "total": "59.90", "currency": "EUR"}  # fmt: skip
# Bad API objects and settings: together every error type the two models produce.
BAD_CUSTOMERS: list[Any] = [
    [1],
    {"bogus": 1},
    {"id": ""},
    {"id": 5},
    {"id": "x" * 200},
    {"customer_id": "abc"},
    {"customer_id": 1.5},
    {"customer_id": [1]},
    {"customer_id": "1" * 5000},
    {"birthday": "soon"},
    {"birthday": "2026-01-01T10:00:00"},
    {"birthday": []},
    {"address": 5},
    {"orders": 5},
    {"orders": [{}]},
    {"orders": [{**ORDER, "placed_at": "2026-11-02T10:15:00"}]},
    {"orders": [{**ORDER, "placed_at": "yesterday"}]},
    {"orders": [{**ORDER, "placed_at": 1e30}]},
    {"orders": [{**ORDER, "placed_at": []}]},
    {"orders": [{**ORDER, "total": "-1"}]},
    {"orders": [{**ORDER, "total": "abc"}]},
    {"orders": [{**ORDER, "total": "1.234"}]},
    {"orders": [{**ORDER, "total": "123456789012345.00"}]},
    {"orders": [{**ORDER, "total": "1234567890123.5"}]},
    {"orders": [{**ORDER, "total": "NaN"}]},
    {"orders": [{**ORDER, "total": []}]},
    {"orders": [{**ORDER, "currency": "eur"}]},
    {"orders": [{**ORDER, "status": "lost"}]},
    {"orders": [{**ORDER, "is_test": "maybe"}]},
    {"orders": [{**ORDER, "is_test": []}]},
    {"orders": [{**ORDER, "items": [{"title": "Mug", "unit_price": "1", "quantity": 0}]}]},
]
BAD_SETTINGS: list[dict[str, Any]] = [
    {"recent_days": "soon"},
    {"recent_days": 1.5},
    {"language": "fr"},
    {"merge_guests": "maybe"},
    {"keymap": 5},
    {"keymap": {"a": 5}},
    {"shopify_shops": 5},
    {"shopify_shops": [5]},
    {"shopify_shops": [{}]},
    {"shopify_shops": [{"shop": "a", "x": 1}]},
    {"db": 5},
]


def errors_of(model: type[BaseModel], data: Any) -> list[ErrorDetails]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return caught.value.errors()


def all_errors() -> list[ErrorDetails]:
    return [e for d in BAD_CUSTOMERS for e in errors_of(ApiCustomer, d)] + [
        e for d in BAD_SETTINGS for e in errors_of(Settings, d)
    ]


def test_every_error_the_models_produce_is_translated(language: None) -> None:
    errors = all_errors()
    assert len({e["type"] for e in errors}) >= 25
    set_language("es")
    untranslated = {e["type"] for e in errors if validation_error_text(e) == e["msg"]}
    assert untranslated == set()
    set_language("en")  # English: pydantic's own words, and our validators' own messages
    assert [validation_error_text(e) for e in errors] == [
        str(e["ctx"]["error"]) if e["type"] == "value_error" else e["msg"] for e in errors
    ]
    # Our validators translate where they raise: in the language of the moment.
    ours = {validation_error_text(e) for e in errors if e["type"] == "value_error"}
    set_language("es")
    in_spanish = {validation_error_text(e) for e in all_errors() if e["type"] == "value_error"}
    assert len(in_spanish) == len(ours) > 0
    assert in_spanish.isdisjoint(ours)


@pytest.mark.parametrize(
    ("code", "document", "expected"),
    [
        ("de", {"customer_id": "abc"}, "Objekt 0, customer_id: Der Wert muss eine gültige "
         "ganze Zahl sein; der Text ist keine ganze Zahl"),
        ("es", {"id": "x" * 200}, "objeto 0, id: El texto debe tener como máximo 128 caracteres"),
        ("de", {"orders": [{**ORDER, "status": "lost"}]}, "Objekt 0, orders.0.status: Der Wert "
         "muss 'open', 'paid', 'fulfilled', 'canceled', 'returned' oder 'refunded' sein"),
        ("es", {"orders": [{**ORDER, "total": "-1"}]},
         "objeto 0, orders.0.total: -1 EUR es negativo"),
        ("de", {"orders": [{**ORDER, "currency": "KWD", "total": "1.2345"}]},
         "Objekt 0, orders.0.total: 1.2345 KWD hat mehr Nachkommastellen als die 3 der Währung"),
        ("de", {"birthday": "soon", "bogus": 1},
         "Objekt 0, birthday: Der Wert muss ein gültiges Datum oder ein gültiger Zeitpunkt sein "
         "(input is too short) (und 1 weiterer)"),
    ],
)  # fmt: skip
def test_api_import_reports_pydantic_errors_in_the_operators_language(
    language: None, code: str, document: dict[str, Any], expected: str
) -> None:
    set_language(code)
    (problem,) = records(io.StringIO(json.dumps(document)), "api.json", TODAY)
    assert str(problem) == expected


def test_a_bad_settings_file_is_explained_in_the_operators_language(
    language: None, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('recent_days = "soon"\nlanguage = "fr"\n', encoding="utf-8")
    set_language("de")
    with pytest.raises(UserError) as caught:
        load_settings(config)
    assert str(caught.value) == (
        f"Einstellungen ({config} oder AUTOLETTER_...): "
        "language: Der Wert muss '', 'en', 'de' oder 'es' sein; "
        "recent_days: Der Wert muss eine gültige ganze Zahl sein; der Text ist keine ganze Zahl"
    )


def test_an_unknown_pydantic_error_keeps_its_english_message(language: None) -> None:
    set_language("de")
    error: ErrorDetails = {"type": "moon_phase", "loc": ("x",), "msg": "Wrong moon", "input": 1}
    assert validation_error_text(error) == "Wrong moon"
    other_ctx: ErrorDetails = {
        "type": "greater_than", "loc": ("x",), "msg": "Too small", "input": 1, "ctx": {"min": 2}
    }  # fmt: skip
    assert validation_error_text(other_ctx) == "Too small"  # a known type, another ctx


# -- the OS ------------------------------------------------------------------------------------


def test_real_os_errors_in_german_and_spanish(language: None, tmp_path: Path) -> None:
    missing = tmp_path / "kunden.csv"
    set_language("de")
    with pytest.raises(NotACsvFile) as csv_error:
        detect(missing)
    assert str(csv_error.value) == (
        f"{missing} kann nicht gelesen werden: Datei oder Verzeichnis nicht gefunden."
    )
    with pytest.raises(UserError) as config_error:
        read_config(tmp_path)  # a folder
    assert str(config_error.value) == (
        f"Die Konfigurationsdatei {tmp_path} kann nicht gelesen werden: Ist ein Verzeichnis"
    )
    set_language("es")
    with Session() as session, pytest.raises(UserError) as report_error:
        apply_report(session, missing, AS_OF)
    assert str(report_error.value) == (
        f"No se puede leer {missing}: No existe el archivo o el directorio."
    )


@pytest.mark.skipif(os.name != "posix", reason="execute permissions are POSIX")
def test_a_viewer_that_cannot_be_run(language: None, tmp_path: Path) -> None:
    # Even root needs an execute bit to run a file: EACCES without one, ENOEXEC with one on a
    # file that is no program.
    viewer = tmp_path / "viewer"
    viewer.write_text("no program\n", encoding="utf-8")
    viewer.chmod(0o644)
    set_language("de")
    with pytest.raises(UserError) as caught:
        start_viewer([str(viewer), "letter.pdf"])
    assert str(caught.value) == (
        f"Der PDF-Betrachter {str(viewer)!r} konnte nicht gestartet werden: Keine Berechtigung"
    )
    viewer.chmod(0o755)
    set_language("es")
    with pytest.raises(UserError) as caught:
        start_viewer([str(viewer), "letter.pdf"])
    assert str(caught.value).endswith(": Formato de ejecutable incorrecto")


def test_unknown_errno_falls_back_to_the_os_words(language: None) -> None:
    set_language("de")
    denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES), "/srv/letters")
    assert os_error_text(denied) == "Keine Berechtigung"
    assert os_error_text(OSError(errno.EXDEV, os.strerror(errno.EXDEV))) == os.strerror(errno.EXDEV)
    assert os_error_text(OSError("the printer is on fire")) == "the printer is on fire"


@pytest.mark.skipif(sys.platform != "linux", reason="the English texts are glibc's")
def test_english_os_messages_are_the_systems(language: None) -> None:
    for name in _OS_MESSAGES:
        number = getattr(errno, name)
        assert os_error_text(OSError(number, os.strerror(number))) == os.strerror(number)
    set_language("es")
    assert all(_(message) != message for message in _OS_MESSAGES.values())
