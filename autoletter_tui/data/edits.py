"""Operator edits of customer data: which fields are locked, what a valid value is, and saving
without losing anyone's update.

The rules of the product:
- a field supplied by a Shopify or Billbee source is locked (it is changed in the shop; sync is
  one-way), a field supplied only by CSV or API sources, or by nobody, is editable;
- nothing is stored while any edited field is invalid;
- a save of a stale version is refused with what changed meanwhile, never merged silently;
- one timeline event per save lists every changed field (old -> new) and the operator;
- letters already generated are never touched: their address and text are their own snapshot.

Values travel as strings, as a form holds them: ``birthday`` as ISO date or empty, every other
field as its text. Cleared fields are stored empty and stay so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import phonenumbers
from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from autoletter_tui import formatting
from autoletter_tui.data.address_rules import (
    AddressProblem,
    PostalAddress,
    delivery_problems,
    is_country,
)
from autoletter_tui.data.comment import CustomerGone
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.fields import ADDRESS_FIELDS, CONTACT_FIELDS, OWNED_FIELDS, AddressKind
from autoletter_tui.data.merge import stored_email_key
from autoletter_tui.data.models import (
    Address,
    Customer,
    CustomerSource,
    EventKind,
    SourceKind,
    TimelineEvent,
)
from autoletter_tui.i18n import N_, _
from autoletter_tui.library_messages import email_error_text

MAX_LENGTH = {"email": 320, "phone": 64, "postcode": 32, "house_number": 32, "country": 2}
DEFAULT_LENGTH = 255
OLDEST_BIRTH_YEARS = 120
SHOP_NAMES = {SourceKind.SHOPIFY: "Shopify", SourceKind.BILLBEE: "Billbee"}
# Which field an address problem belongs to, so that its message sits next to that field.
PROBLEM_FIELD = {
    AddressProblem.MISSING_STREET: "street",
    AddressProblem.MISSING_HOUSE_NUMBER: "house_number",
    AddressProblem.MISSING_POSTCODE: "postcode",
    AddressProblem.INVALID_POSTCODE: "postcode",
    AddressProblem.MISSING_CITY: "city",
    AddressProblem.MISSING_REGION: "region",
    AddressProblem.INVALID_REGION: "region",
    AddressProblem.INVALID_COUNTRY: "country",
}
# Marked only: translated when a validation reports them.
PROBLEM_TEXT = {
    AddressProblem.MISSING_STREET: N_("A letter needs a street."),
    AddressProblem.MISSING_HOUSE_NUMBER: N_("A letter needs a house number."),
    AddressProblem.MISSING_POSTCODE: N_("A letter needs a postcode in this country."),
    AddressProblem.INVALID_POSTCODE: N_("Not a valid postcode for this country."),
    AddressProblem.MISSING_CITY: N_("A letter needs a city."),
    AddressProblem.MISSING_REGION: N_("A letter needs a region (state, province) in this country."),
    AddressProblem.INVALID_REGION: N_("Not a region of this country."),
    AddressProblem.INVALID_COUNTRY: N_("Not an ISO country code (two letters, e.g. DE)."),
}


@dataclass(frozen=True, slots=True)
class Lock:
    field: str
    source_label: str
    source_kind: SourceKind

    @property
    def message(self) -> str:
        shop = SHOP_NAMES.get(self.source_kind, self.source_kind.value)
        return _("Synced from {source} - change it in {shop}").format(
            source=self.source_label, shop=shop
        )


def locks(sources: Iterable[tuple[SourceKind, str, Iterable[str]]]) -> dict[str, Lock]:
    """The locked fields and who locks them, from (kind, label, fields) of each source."""
    found: dict[str, Lock] = {}
    for kind, label, fields in sources:
        if kind.is_shop:
            for name in fields:
                found.setdefault(name, Lock(name, label, kind))
    return found


@dataclass(frozen=True, slots=True)
class EditState:
    """What an edit form starts from."""

    customer_id: int
    version: int
    values: dict[str, str]  # every owned field, as text
    locks: dict[str, Lock]
    country: str  # for reading phone numbers written without a country code


def field_values(customer: Customer) -> dict[str, str]:
    """Every owned field of the customer as text, as a form holds it."""
    values = {
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "email": customer.email,
        "company": customer.company,
        "phone": customer.phone,
        "birthday": customer.birthday.isoformat() if customer.birthday else "",
    }
    for kind in AddressKind:
        a = customer.address(kind)
        for name in ADDRESS_FIELDS:
            values[f"{kind.value}.{name}"] = getattr(a, name) if a is not None else ""
    return values


def _country(values: Mapping[str, str]) -> str:
    for kind in AddressKind:
        if country := values.get(f"{kind.value}.country", "").strip():
            return country.upper()
    return "DE"  # the product's home market


def edit_state(session: Session, customer_id: int) -> EditState | None:
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    values = field_values(customer)
    sources = session.execute(
        select(CustomerSource.kind, CustomerSource.label, CustomerSource.fields)
        .where(CustomerSource.customer_id == customer_id)
        .order_by(CustomerSource.id)
    ).all()
    return EditState(customer_id, customer.version, values, locks(sources), _country(values))


# -- validation ------------------------------------------------------------------------------


class ValidationFailed(UserError):
    def __init__(self, errors: Mapping[str, str]) -> None:
        problems = "; ".join(f"{k}: {v}" for k, v in errors.items())
        super().__init__(_("Not saved: {problems}").format(problems=problems))
        self.errors = dict(errors)


def national_phone(phone: str, country: str) -> str:
    """A stored E.164 number as it is written in the customer's country."""
    try:
        number = phonenumbers.parse(phone, country or None)
    except phonenumbers.NumberParseException:
        return phone
    if number.country_code == phonenumbers.country_code_for_region(country or "DE"):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _phone(text: str, country: str) -> str:
    try:
        number = phonenumbers.parse(text, country or None)
    except phonenumbers.NumberParseException:
        raise ValueError(_("Not a phone number.")) from None
    if not phonenumbers.is_valid_number(number):
        if country:
            raise ValueError(_("Not a valid phone number for {country}.").format(country=country))
        raise ValueError(_("Not a valid phone number for its country."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _birthday(text: str, today: date) -> str:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            day = datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date, no time
            break
        except ValueError:
            continue
    else:
        raise ValueError(_("Not a date: write 1984-05-17 or 17.05.1984."))
    if day > today:
        raise ValueError(_("A birthday cannot be in the future."))
    if today.year - day.year > OLDEST_BIRTH_YEARS:
        raise ValueError(
            _("More than {years} years ago: please check the year.").format(
                years=formatting.count(OLDEST_BIRTH_YEARS)
            )
        )
    return day.isoformat()


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
# Plain ASCII addresses that email-validator accepts and only lower-cases the domain of: a
# dot-atom local part, letter-digit-hyphen labels without "--" (punycode and the like take
# the full check), a top-level domain of letters. A test compares the two on many addresses.
_PLAIN_EMAIL = re.compile(
    rf"(?P<local>{_ATOM}(?:\.{_ATOM})*)@"
    r"(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?P<tld>[A-Za-z]{2,63}))"
)
_SPECIAL_USE = frozenset(SPECIAL_USE_DOMAIN_NAMES)


def _email(text: str) -> str:
    """The address as stored: checked by email-validator (syntax and domain form; ~20 us),
    or the same result from a plain-address fast path (~1 us), which imports need."""
    plain = _PLAIN_EMAIL.fullmatch(text)
    if (
        plain is not None
        and len(plain["local"]) <= 64
        and len(text) <= 254
        and "--" not in plain["domain"]
        and plain["tld"].lower() not in _SPECIAL_USE
    ):
        return f"{plain['local']}@{plain['domain'].lower()}"
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(email_error_text(error)) from None


def text_problem(text: str, limit: int) -> str | None:
    """Why ``text`` cannot be stored in a column of ``limit`` characters on either engine, or
    None: a NUL (PostgreSQL refuses it), a lone surrogate (no driver encodes it), length."""
    if "\x00" in text:
        return _("Contains a character that cannot be stored.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _("Contains a character that cannot be stored.")
    if len(text) > limit:
        return _("Too long: {length} characters, at most {limit}.").format(
            length=formatting.count(len(text)), limit=formatting.count(limit)
        )
    return None


def _clean_one(name: str, text: str, country: str, today: date) -> str:
    """The value to store, or ValueError with the message for the operator."""
    if _CONTROL.search(text):
        raise ValueError(_("Control characters (line breaks, tabs, ...) are not allowed here."))
    text = text.strip()
    if problem := text_problem(text, MAX_LENGTH.get(name.rpartition(".")[2], DEFAULT_LENGTH)):
        raise ValueError(problem)
    if not text:
        return ""  # cleared: stored empty
    if name == "email":
        return _email(text)
    if name == "phone":
        return _phone(text, country)
    if name == "birthday":
        return _birthday(text, today)
    if name.endswith(".country"):
        if not is_country(text.upper()):
            raise ValueError(_(PROBLEM_TEXT[AddressProblem.INVALID_COUNTRY]))
        return text.upper()
    return text


def validate(
    values: Mapping[str, str], changed: Iterable[str], today: date
) -> tuple[dict[str, str], dict[str, str]]:
    """The cleaned values of the ``changed`` fields, and a message per invalid field.

    ``values`` is the whole form after the edit: a postcode is checked against the address's
    country and the letter address as a whole, whichever of its fields changed."""
    changed = list(dict.fromkeys(changed))  # in the given order: messages come out the same
    merged = dict(values)
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in changed:
        country = _country(merged) if name == "phone" else ""
        try:
            cleaned[name] = _clean_one(name, merged.get(name, ""), country, today)
        except ValueError as error:
            errors[name] = str(error)
        else:
            merged[name] = cleaned[name]
    for kind in AddressKind:
        prefix = f"{kind.value}."
        if not any(n.startswith(prefix) for n in changed):
            continue
        fields = {n: merged.get(prefix + n, "") for n in ADDRESS_FIELDS}
        if not any(fields.values()):
            continue  # a cleared address is allowed; the profile warns about a letter one
        postal = PostalAddress(
            fields["street"], fields["house_number"], fields["postcode"], fields["city"],
            fields["region"], fields["country"],
        )  # fmt: skip
        for problem in delivery_problems(postal):
            # Every address must have a valid postcode for its country; only the letter
            # address must be complete enough to be delivered.
            must = kind is AddressKind.LETTER or problem in (
                AddressProblem.INVALID_POSTCODE, AddressProblem.INVALID_COUNTRY,
            )  # fmt: skip
            name = prefix + PROBLEM_FIELD[problem]
            if must and name not in errors:
                if problem is AddressProblem.INVALID_POSTCODE and not fields["postcode"]:
                    continue
                missing_country = (
                    problem is AddressProblem.INVALID_COUNTRY and not fields["country"]
                )
                errors[name] = (
                    _("An address needs its country (ISO code, e.g. DE).")
                    if missing_country
                    else _(PROBLEM_TEXT[problem])
                )
    return cleaned, errors


# -- saving ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    old: str
    new: str


class StaleEdit(UserError):
    """Someone saved this customer since the form was opened."""

    def __init__(self, meanwhile: list[Change]) -> None:
        super().__init__(_("This customer was changed by someone else meanwhile."))
        self.meanwhile = meanwhile  # old: what the form started from, new: what is stored now


class LockedField(UserError):
    def __init__(self, found: list[Lock]) -> None:
        super().__init__("; ".join(f"{lock.field}: {lock.message}" for lock in found))
        self.locks = found


class EmailTaken(UserError):
    def __init__(self, email: str) -> None:
        super().__init__(
            _("Another customer already has the email {email}.").format(email=repr(email))
        )


@dataclass
class SaveResult:
    changes: list[Change] = field(default_factory=list)
    version: int = 0


def save_edits(
    session: Session,
    customer_id: int,
    *,
    version: int,
    base: Mapping[str, str],
    edits: Mapping[str, str],
    actor: str,
    now: datetime,
) -> SaveResult:
    """Validate and store ``edits`` (field -> text) made on the form that showed ``base`` at
    ``version``, in one transaction with one timeline event. Raises ``ValidationFailed``,
    ``LockedField``, ``StaleEdit``, ``EmailTaken`` or ``CustomerGone``; then nothing is
    stored."""
    unknown = set(edits) - set(OWNED_FIELDS)
    if unknown:
        raise ValueError(f"not editable fields: {sorted(unknown)}")
    form = {**base, **edits}
    cleaned, errors = validate(form, edits, now.astimezone().date())
    if errors:
        raise ValidationFailed(errors)
    for _attempt in range(3):
        try:
            return _save(
                session, customer_id, version=version, base=base, cleaned=cleaned, actor=actor,
                now=now,
            )  # fmt: skip
        except StaleDataError:  # a save landed between our read and our write
            session.rollback()
            customer = session.get(Customer, customer_id)
            if customer is None:
                raise CustomerGone() from None
            meanwhile = _meanwhile(base, field_values(customer))
            session.rollback()
            if meanwhile:
                raise StaleEdit(meanwhile) from None
            # Only the comment or ownership changed: the next round checks the locks again.
        except IntegrityError:
            session.rollback()
            raise EmailTaken(cleaned.get("email", "")) from None
    raise StaleEdit([])  # the row keeps changing under us: let the operator retry


def _meanwhile(base: Mapping[str, str], current: Mapping[str, str]) -> list[Change]:
    return [
        Change(n, base.get(n, ""), current[n])
        for n in OWNED_FIELDS
        if base.get(n, "") != current[n]
    ]


def _save(
    session: Session,
    customer_id: int,
    *,
    version: int,
    base: Mapping[str, str],
    cleaned: Mapping[str, str],
    actor: str,
    now: datetime,
) -> SaveResult:
    with session.begin():
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise CustomerGone()
        current = field_values(customer)
        if customer.version != version and (meanwhile := _meanwhile(base, current)):
            # A newer version whose fields all still read as the form showed them (a comment
            # saved, a sync that only took a field over) hides nothing from the operator: the
            # save goes ahead, and the lock check below refuses any field that locked since.
            raise StaleEdit(meanwhile)
        sources = [(s.kind, s.label, s.fields) for s in customer.sources]
        locked = [lock for name, lock in locks(sources).items() if name in cleaned]
        if locked:
            raise LockedField(locked)
        # In form order (not the order of a set): the timeline lists them as the form does.
        changes = [
            Change(n, current[n], cleaned[n])
            for n in OWNED_FIELDS
            if n in cleaned and current[n] != cleaned[n]
        ]
        if not changes:
            return SaveResult([], customer.version)
        for change in changes:
            apply_field(customer, change.field, change.new)
        touch(customer, now)
        session.add(edit_event(customer_id, changes, actor, now))
        session.flush()
        return SaveResult(changes, customer.version)


def listed(changes: list[Change]) -> list[dict[str, str]]:
    """Changes as an "Edited" event's details hold them (the timeline reads this shape)."""
    return [{"field": c.field, "old": c.old, "new": c.new} for c in changes]


def edit_event(
    customer_id: int, changes: list[Change], actor: str, now: datetime, **details: object
) -> TimelineEvent:
    """The one timeline event of a save or a sync: every changed field, old -> new."""
    return TimelineEvent(
        customer_id=customer_id,
        at=now,
        kind=EventKind.FIELD_EDITED,
        details={"changes": listed(changes), **details},
        actor=actor,
    )


def touch(customer: Customer, now: datetime) -> None:
    """Write the customer row in this flush, so that its version is checked and bumped.

    Always, address edits included: the version is what the next stale save is checked
    against. Assigning ``updated_at`` alone is not enough: when ``now`` equals the stored value
    (two saves within the clock's resolution) the ORM sees no change, writes no UPDATE, and
    neither checks nor bumps the version."""
    customer.updated_at = now
    flag_modified(customer, "updated_at")


def apply_field(customer: Customer, name: str, value: str) -> None:
    """Set one owned field (see ``OWNED_FIELDS``) from its text form, creating the address
    when it does not exist yet. ``birthday`` is an ISO date or empty."""
    if name in CONTACT_FIELDS:
        if name == "birthday":
            customer.birthday = date.fromisoformat(value) if value else None
        else:
            setattr(customer, name, value)
            if name == "email":
                apart = customer.id if customer.kept_apart else None
                customer.email_key = stored_email_key(value, apart)
        return
    kind_name, _dot, attribute = name.partition(".")
    kind = AddressKind(kind_name)
    address = customer.address(kind)
    if address is None:
        address = Address(kind=kind)
        customer.addresses.append(address)
    setattr(address, attribute, value)
