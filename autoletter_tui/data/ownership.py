"""The one-way sync rule: what a Shopify or Billbee record may change on a customer.

- A shop sync updates the fields it supplies (non-empty values) and owns them from then on, so
  they are locked for operators (see ``edits.locks``).
- It never touches a field it does not supply: a field only CSV or API sources (or an operator)
  supplied keeps its value.
- When it supplies a field a CSV, API or manual source owned, ownership moves to the shop: the
  field leaves the other source's ``fields`` and joins the shop source's, so it locks.

A sync is subject to the same optimistic check as an operator's save: it writes through the ORM,
so the customer's version column refuses a write over a change that landed after its read, and
every change bumps the version, so an operator's form opened before the sync is refused as
stale. On a refused write the record is applied again to a fresh read; the rule depends only on
the record and the stored state, so applying it again is safe.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from autoletter_tui.data.comment import CustomerGone
from autoletter_tui.data.edits import (
    Change,
    EmailTaken,
    apply_field,
    edit_event,
    field_values,
    touch,
)
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.fields import OWNED_FIELDS
from autoletter_tui.data.models import Customer
from autoletter_tui.i18n import _

ATTEMPTS = 3  # reads and writes per record before giving up on a customer that keeps changing


class SyncConflict(UserError):
    """The customer changed under every attempt to apply the record; try it again later."""

    def __init__(self, customer_id: int) -> None:
        super().__init__(
            _("Customer {customer} kept changing during the sync; not applied.").format(
                customer=customer_id
            )
        )
        self.customer_id = customer_id


def supplied_values(supplied: Mapping[str, str]) -> dict[str, str]:
    """The fields a record supplies: its non-empty values, trimmed. ``birthday`` must be an ISO
    date; other values are stored as given (the sync maps the shop's data to these forms)."""
    unknown = set(supplied) - set(OWNED_FIELDS)
    if unknown:
        raise ValueError(f"not owned fields: {sorted(unknown)}")
    values = {name: text.strip() for name, text in supplied.items() if text.strip()}
    if "birthday" in values:
        values["birthday"] = date.fromisoformat(values["birthday"]).isoformat()
    return values


def apply_shop_record(
    session: Session,
    customer_id: int,
    source_id: int,
    supplied: Mapping[str, str],
    now: datetime,
    *,
    attempts: int = ATTEMPTS,
) -> list[Change]:
    """Apply what the shop source ``source_id`` supplies for this customer (field -> text, as
    ``edits.field_values`` holds them), in one transaction; returns the changed values.

    Records the sync time on the source, and one timeline event (actor: the source's label)
    when values changed. Raises ``CustomerGone``, ``EmailTaken`` (the supplied email belongs to
    another customer), ``SyncConflict``, or ``ValueError`` for a source that is not this
    customer's shop source; then nothing is stored. ``session`` must have no transaction in
    progress."""
    values = supplied_values(supplied)
    for _attempt in range(attempts):
        try:
            return _apply_once(session, customer_id, source_id, values, now)
        except StaleDataError:  # someone saved this customer between our read and our write
            session.rollback()
        except IntegrityError:
            session.rollback()
            raise EmailTaken(values.get("email", "")) from None
    raise SyncConflict(customer_id)


def _apply_once(
    session: Session, customer_id: int, source_id: int, values: Mapping[str, str], now: datetime
) -> list[Change]:
    with session.begin():
        # populate_existing: a session reused across records may hold an older copy.
        customer = session.scalars(
            select(Customer)
            .where(Customer.id == customer_id)
            .options(selectinload(Customer.sources), selectinload(Customer.addresses))
            .execution_options(populate_existing=True)
        ).first()
        if customer is None:
            raise CustomerGone()
        shop = next((s for s in customer.sources if s.id == source_id), None)
        if shop is None or not shop.kind.is_shop:
            raise ValueError(f"source {source_id} is not a shop source of customer {customer_id}")
        supplied = frozenset(values)
        taken_over: set[str] = set()
        for other in customer.sources:
            if other.kind.is_shop:
                continue  # shops share what they both supply; the latest sync's value stands
            if moved := other.fields & supplied:
                other.fields = other.fields - moved
                taken_over |= moved
        gained = supplied - shop.fields
        if gained:
            shop.fields = shop.fields | supplied
        shop.synced_at = now
        current = field_values(customer)
        changes = [
            Change(n, current[n], values[n])
            for n in OWNED_FIELDS
            if n in values and current[n] != values[n]
        ]
        for change in changes:
            apply_field(customer, change.field, change.new)
        if changes or gained:
            # New values or new locks: an operator's form opened before this is stale.
            touch(customer, now)
        if changes:
            session.add(
                edit_event(
                    customer_id, changes, shop.label, now,
                    source=shop.label, taken_over=sorted(taken_over),
                )
            )  # fmt: skip
        session.flush()
    return changes
