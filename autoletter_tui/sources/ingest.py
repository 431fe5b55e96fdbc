"""Storing customer records from a CSV file or the API: each merged into the customer it
matches (``data/merge.py``) or stored as a new one, in the caller's transaction.

Records are taken in batches of ``BATCH``. Per batch, one indexed IN query per merge key finds
the candidates among the stored customers (email, customer number, full address, and this
source's earlier records by their external id); their current fields are read in three more
queries. The records are then merged in file order in memory, so that two rows of one file
that are one person become one customer, and the outcome is written with bulk statements.
Nothing is kept across batches but the counts: memory stays flat in the number of records.

What is written:
- a new customer gets the next ids, its file number when it has one that is free (else
  ``K`` + 100000 + id, as the demo numbers them), one source (kind, account, badge label and
  the record's external id) that owns every field it supplied, and an "Imported" event that
  says from where and keeps the facts the file stated (revenue, first order);
- a matched customer gets the fields the merge rules fill; its source for this account is
  added ("Records merged" event, saying how it matched) or gains the fields it filled ("Edited"
  event listing them); its version is bumped, so an operator's form opened before is stale;
- a record that changes nothing writes nothing: importing a file twice changes nothing.

The cached figures of new customers are computed as they are written (``profile_figures``);
changed ones are refreshed with ``figures.refresh_customers``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import (
    BindParameter,
    Connection,
    Engine,
    Table,
    bindparam,
    delete,
    func,
    select,
    text,
    update,
)

from autoletter_tui.data.address_rules import PostalAddress
from autoletter_tui.data.bulk import BulkWriter, sqlite_indexes_deferred
from autoletter_tui.data.edits import Change, listed
from autoletter_tui.data.fields import ADDRESS_FIELDS, CONTACT_FIELDS, AddressKind, FieldSet
from autoletter_tui.data.figures import (
    ZERO,
    AddressFact,
    home_address,
    profile_figures,
    refresh_customers,
)
from autoletter_tui.data.merge import (
    Keys,
    Match,
    MatchedBy,
    address_key,
    email_key,
    match,
    merged,
    overwritten,
    stored_email_key,
)
from autoletter_tui.data.models import (
    AbandonedCheckout,
    Address,
    Base,
    CheckoutItem,
    Customer,
    CustomerSource,
    EventKind,
    Order,
    OrderItem,
    RegistrationStatus,
    SourceKind,
    TimelineEvent,
)
from autoletter_tui.formatting import count, plural
from autoletter_tui.i18n import _, ngettext
from autoletter_tui.sources.record_checks import checked
from autoletter_tui.sources.records import (
    CheckoutRecord,
    CustomerRecord,
    Item,
    OrderRecord,
    Problem,
    where_text,
)

BATCH = 2_000
# Owned-field names per address kind, spelled out once: building "letter.city" per record
# (and reading an enum's .value) cost more than the rest of the merge.
_NAMES = {kind: {n: f"{kind.value}.{n}" for n in ADDRESS_FIELDS} for kind in AddressKind}
PROBLEMS_KEPT = 1_000  # reported one by one; the rest are counted


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


_CUSTOMERS, _ADDRESSES, _SOURCES, _ORDERS, _ITEMS, _EVENTS, _CHECKOUTS, _CHECKOUT_ITEMS = (
    _table(m)
    for m in (Customer, Address, CustomerSource, Order, OrderItem, TimelineEvent,
              AbandonedCheckout, CheckoutItem)
)  # fmt: skip
_LETTER = f"{AddressKind.LETTER.value}."
_NUMBER_BASE = 100_000


@dataclass(frozen=True, slots=True)
class Origin:
    """Where the records come from: one source account, one badge."""

    kind: SourceKind
    account: str  # the file's label, the API client, the shop's domain
    label: str  # the badge: "CSV Import: Spring fair"
    # False (the ``merge_guests`` setting): each guest order or abandoned checkout becomes an
    # entry of its own, kept apart from every other customer (``Customer.kept_apart``).
    merge_guests: bool = True

    @property
    def owning(self) -> bool:
        """A shop owns what it supplies: its values overwrite ours and lock (see
        ``ownership``), except the letter address, which is ours and only filled."""
        return self.kind.is_shop


@dataclass
class Summary:
    read: int = 0  # records and skipped rows
    created: int = 0  # records that became a new customer
    merged: int = 0  # records that matched a customer (stored before, or earlier in the file)
    changed: int = 0  # of the merged records, those that changed their customer
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)  # the first PROBLEMS_KEPT
    warnings: list[str] = field(default_factory=list)  # the first PROBLEMS_KEPT
    warned: int = 0
    orders: int = 0  # orders stored (an order sent again is not stored twice)
    orders_updated: int = 0  # orders sent again with a new status or total
    checkouts: int = 0  # abandoned checkouts stored
    # Guests' own records (a shop's customer without an account) while guest merging is off:
    # their orders and carts are the entries, each with the details it was placed with.
    guests_passed: int = 0

    @property
    def unchanged(self) -> int:
        return self.merged - self.changed

    def skip(self, problem: Problem) -> None:
        self.skipped += 1
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(problem)

    def take(self, items: Iterable[CustomerRecord | Problem]) -> list[CustomerRecord]:
        """Count the items, keep the first problems and warnings; the records to store."""
        records: list[CustomerRecord] = []
        for item in items:
            self.read += 1
            if isinstance(item, Problem):
                self.skip(item)
                continue
            for warning in item.warnings:
                self.warned += 1
                if len(self.warnings) < PROBLEMS_KEPT:
                    self.warnings.append(
                        _("{where}: {warning}").format(
                            where=where_text(item.where), warning=warning
                        )
                    )
            records.append(item)
        return records

    def describe(self) -> str:
        """One line for the operator: what the records did."""
        parts = [plural(self.created, "{n} new customer", "{n} new customers")]
        if self.merged:
            parts.append(
                ngettext(
                    "{n} merged into customers there were ({changed} changed, "
                    "{unchanged} unchanged)",
                    "{n} merged into customers there were ({changed} changed, "
                    "{unchanged} unchanged)",
                    self.merged,
                ).format(
                    n=count(self.merged),
                    changed=count(self.changed),
                    unchanged=count(self.unchanged),
                )
            )
        if self.skipped:
            parts.append(plural(self.skipped, "{n} skipped", "{n} skipped"))
        if self.warned:
            parts.append(plural(self.warned, "{n} value left out", "{n} values left out"))
        if self.orders:
            parts.append(plural(self.orders, "{n} order stored", "{n} orders stored"))
        if self.orders_updated:
            parts.append(plural(self.orders_updated, "{n} order updated", "{n} orders updated"))
        if self.checkouts:
            parts.append(
                plural(
                    self.checkouts,
                    "{n} abandoned checkout stored",
                    "{n} abandoned checkouts stored",
                )
            )
        if self.guests_passed:
            parts.append(
                plural(
                    self.guests_passed,
                    "{n} guest record without an order passed over (guest merging is off)",
                    "{n} guest records without an order passed over (guest merging is off)",
                )
            )
        return ngettext("{n} record: {parts}", "{n} records: {parts}", self.read).format(
            n=count(self.read), parts=", ".join(parts)
        )


Progress = Callable[[Summary], None]


def ingest(
    conn: Connection,
    items: Iterable[CustomerRecord | Problem],
    origin: Origin,
    now: datetime,
    *,
    progress: Progress | None = None,
    batch: int | None = None,
    summary: Summary | None = None,
) -> Summary:
    """Store the records in the caller's transaction; report skipped rows and warnings (added
    to ``summary`` when given: a sync counts over its pages). Rolling the transaction back
    undoes all of it (``--dry-run`` does exactly that)."""
    _take_write_lock(conn)
    summary = summary if summary is not None else Summary()
    writer = BulkWriter(conn)
    iterator = iter(items)
    with _bulk_load(conn):
        while chunk := list(islice(iterator, batch or BATCH)):
            if records := summary.take(checked(item, now) for item in chunk):
                _Batch(conn, writer, origin, now, summary).store(records)
            if progress is not None:
                progress(summary)
    return summary


# Indexes the import looks customers up by while it loads (the unique ones stay anyway).
LOOKUP_INDEXES = ("ix_customer_address_key", "ix_customer_source_customer")


def _bulk_load(conn: Connection) -> AbstractContextManager[None]:
    """Into an empty SQLite database, the indexes the import does not read are built once at
    the end (4x cheaper than row by row). Into a filled one, rebuilding them would cost more
    than it saves."""
    if conn.dialect.name != "sqlite" or conn.scalar(select(Customer.id).limit(1)) is not None:
        return nullcontext()
    return sqlite_indexes_deferred(conn, keep=LOOKUP_INDEXES)


def ingest_once(
    engine: Engine,
    items: Iterable[CustomerRecord | Problem],
    origin: Origin,
    now: datetime,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """``ingest`` in a transaction of its own: committed, or rolled back for a dry run and on
    any failure (an interrupted import leaves the database as it was)."""
    with engine.connect() as conn:
        transaction = conn.begin()
        try:
            summary = ingest(conn, items, origin, now, progress=progress)
        except BaseException:
            transaction.rollback()
            raise
        if dry_run:
            transaction.rollback()
        else:
            transaction.commit()
    return summary


def _take_write_lock(conn: Connection) -> None:
    """Hold the database's write lock from the start on SQLite (its driver opens the
    transaction at the first write), so that the ids read below stay ours."""
    if conn.dialect.name == "sqlite":
        conn.execute(update(Customer).where(Customer.id == -1).values(id=Customer.id))


# -- one batch -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Source:
    id: int
    kind: SourceKind
    account: str
    fields: FieldSet
    label: str
    external_id: str = ""  # the source's own id of the customer


@dataclass(slots=True)
class _Customer:
    """A customer as the batch sees it: stored before, or new in this batch."""

    id: int
    number: str
    values: dict[str, str]  # every owned field that is filled
    new: bool
    status: RegistrationStatus = RegistrationStatus.REGISTERED
    registered: bool = False  # a guest a source now knows as registered
    apart: bool = False  # kept apart: nothing is merged into it (Customer.kept_apart)
    last_order: datetime | None = None  # the newest details a shop's order record gave
    last_reference: str = ""  # the id of that order
    sources: list[_Source] = field(default_factory=list)
    dirty: list[_Source] = field(default_factory=list)  # stored sources whose fields changed
    address_ids: dict[AddressKind, int] = field(default_factory=dict)
    filled: set[str] = field(default_factory=set)  # by this batch's records
    events: list[dict[str, Any]] = field(default_factory=list)
    where: str = ""
    external_id: str = ""
    facts: dict[str, str] = field(default_factory=dict)

    def owned(self) -> FieldSet:
        return frozenset().union(*(s.fields for s in self.sources))

    def keys(self) -> Keys:
        return _keys(self.values, self.number)


def _keys(values: dict[str, str], number: str) -> Keys:
    home = home_address({kind: _postal(values, kind) for kind in _kinds(values)})
    return Keys(
        email=email_key(values.get("email", "")),
        number=number,
        address=address_key(
            values.get("first_name", ""), values.get("last_name", ""), street=home.street,
            house_number=home.house_number, postcode=home.postcode, city=home.city,
        )
        if home
        else "",
    )  # fmt: skip


def _kinds(values: Iterable[str]) -> list[AddressKind]:
    """The address kinds these owned-field names (or values keyed by them) have fields of."""
    names = set(values)
    return [kind for kind in AddressKind if not names.isdisjoint(_NAMES[kind].values())]


class _Batch:
    def __init__(
        self, conn: Connection, writer: BulkWriter, origin: Origin, now: datetime, summary: Summary
    ) -> None:
        self.conn = conn
        self.writer = writer
        self.origin = origin
        self.now = now
        self.summary = summary
        self.customers: dict[int, _Customer] = {}
        self.by_email: dict[str, int] = {}
        self.by_number: dict[str, int] = {}
        self.by_address: dict[str, int] = {}
        self.by_external: dict[str, int] = {}
        self.by_purchase: dict[str, int] = {}  # a guest's order or checkout -> who has it
        self.known_ids: set[int] = set()  # customers that records name by our id
        self.orders: list[tuple[_Customer, CustomerRecord]] = []
        self.next_new = -1  # new customers get negative ids until real ones are taken

    def store(self, records: Sequence[CustomerRecord]) -> None:
        supplied = [_supplied(r) for r in records]
        keys = [_keys(s, r.number) for r, s in zip(records, supplied, strict=True)]
        self._find_candidates(records, keys)
        for record, values, key in zip(records, supplied, keys, strict=True):
            self._merge(record, values, key)
        self._write()

    # -- reading ---------------------------------------------------------------------------

    def _find_candidates(self, records: Sequence[CustomerRecord], keys: Sequence[Keys]) -> None:
        def lookup(column: Any, wanted: set[str], into: dict[str, int], *where: Any) -> None:
            if not wanted:
                return
            rows = self.conn.execute(
                select(column, Customer.id)
                .where(column.in_(bindparam("wanted", expanding=True)), *where)
                .order_by(Customer.id),
                {"wanted": sorted(wanted)},
            )
            for value, customer_id in rows:
                into.setdefault(value, customer_id)  # the oldest of equal addresses

        # An entry kept apart never matches a merge key: its email_key is unique by itself.
        lookup(Customer.email_key, {k.email for k in keys if k.email}, self.by_email)
        lookup(Customer.number, {k.number for k in keys if k.number}, self.by_number)
        lookup(
            Customer.address_key, {k.address for k in keys if k.address}, self.by_address,
            Customer.kept_apart.is_(False),
        )  # fmt: skip
        self._find_purchases(records)
        externals = sorted({r.external_id for r in records if r.external_id})
        if externals:
            for external_id, customer_id in self.conn.execute(
                select(CustomerSource.external_id, CustomerSource.customer_id).where(
                    CustomerSource.kind == self.origin.kind,
                    CustomerSource.account == self.origin.account,
                    CustomerSource.external_id.in_(bindparam("wanted", expanding=True)),
                ),
                {"wanted": externals},
            ):
                if external_id is not None:
                    self.by_external[external_id] = customer_id
        named = sorted({r.customer_id for r in records if r.customer_id is not None})
        if named:
            self.known_ids.update(
                self.conn.scalars(
                    select(Customer.id).where(Customer.id.in_(bindparam("ids", expanding=True))),
                    {"ids": named},
                )
            )
        ids = {*self.by_email.values(), *self.by_number.values(), *self.by_address.values(),
               *self.by_external.values(), *self.by_purchase.values(), *self.known_ids}  # fmt: skip
        if ids:
            self._load(sorted(ids))

    def _find_purchases(self, records: Sequence[CustomerRecord]) -> None:
        """Who holds each guest's order or checkout this shop sent before: sent again, it goes
        to that customer, in either mode (switching ``merge_guests`` never stores an order
        twice, and a guest who changed their email keeps their order where it is). So does
        the order of a record nothing else identifies (no email, no id, no number)."""
        guests = [r for r in records if r.registered is False or _anonymous(r)]
        orders = sorted({o.external_id for r in guests for o in r.orders})
        tokens = sorted({c.token for r in guests for c in r.checkouts})
        shop = (CustomerSource.kind == self.origin.kind) & (
            CustomerSource.account == self.origin.account
        )
        for name, table, column, wanted in (
            ("order", Order, Order.external_id, orders),
            ("checkout", AbandonedCheckout, AbandonedCheckout.token, tokens),
        ):
            if not wanted:
                continue
            for value, customer_id in self.conn.execute(
                select(column, table.customer_id)
                .join(CustomerSource, CustomerSource.id == table.source_id)
                .where(shop, column.in_(bindparam("wanted", expanding=True))),
                {"wanted": wanted},
            ):
                self.by_purchase[f"{name}:{value}"] = customer_id

    def _load(self, ids: list[int]) -> None:
        wanted = {"ids": ids}
        in_ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
        for c in self.conn.execute(
            select(Customer.id, Customer.number, Customer.status, Customer.kept_apart,
                   *(getattr(Customer, n) for n in CONTACT_FIELDS))
            .where(Customer.id.in_(in_ids)),
            wanted,
        ):  # fmt: skip
            values = {n: getattr(c, n) for n in CONTACT_FIELDS}
            values["birthday"] = c.birthday.isoformat() if c.birthday else ""
            self.customers[c.id] = _Customer(
                c.id, c.number, _filled(values), new=False, status=c.status, apart=c.kept_apart
            )
        self._load_newest_orders(in_ids, wanted)
        for a in self.conn.execute(select(Address).where(Address.customer_id.in_(in_ids)), wanted):
            customer = self.customers[a.customer_id]
            customer.address_ids[a.kind] = a.id
            customer.values.update(
                _filled({name: getattr(a, n) for n, name in _NAMES[a.kind].items()})
            )
        for s in self.conn.execute(
            select(CustomerSource.id, CustomerSource.customer_id, CustomerSource.kind,
                   CustomerSource.account, CustomerSource.fields, CustomerSource.label,
                   CustomerSource.external_id)
            .where(CustomerSource.customer_id.in_(in_ids))
            .order_by(CustomerSource.id),
            wanted,
        ):  # fmt: skip
            self.customers[s.customer_id].sources.append(
                _Source(s.id, s.kind, s.account, s.fields, s.label, s.external_id or "")
            )

    # -- merging ---------------------------------------------------------------------------

    def _merge(self, record: CustomerRecord, values: dict[str, str], keys: Keys) -> None:
        found = match(
            replace(keys, id=record.customer_id), by_email=self.by_email,
            by_number=self.by_number, by_address=self.by_address, ids=self.known_ids,
        )  # fmt: skip
        purchase = _purchase(record)
        own_id = False  # found by the source's own id of the customer
        guest = record.registered is False
        shared = False  # an email that two customers of one shop account give
        if found is not None and self._other(found, record):
            if found.by is MatchedBy.ADDRESS:
                found = None  # the same name and place, but another customer of the shop
            else:  # the email, or the number, stays the key: the record joins, and only fills
                shared = True
        if guest and purchase in self.by_purchase:
            found_id, by = self.by_purchase[purchase], MatchedBy.ID
        elif guest and not self.origin.merge_guests:
            if purchase:
                self._create(record, values, keys, apart=True)
            else:
                self.summary.guests_passed += 1
            return
        elif self.origin.owning and record.external_id in self.by_external:
            # A shop's own id first: its customer may have changed their email there.
            found_id, by, own_id = self.by_external[record.external_id], MatchedBy.ID, True
        elif found is None and record.external_id in self.by_external:
            found_id, by, own_id = self.by_external[record.external_id], MatchedBy.ID, True
        elif found is not None:
            found_id, by = found.customer_id, found.by
        elif purchase in self.by_purchase:  # nothing else tells who: where its order is
            found_id, by = self.by_purchase[purchase], MatchedBy.ID
        elif record.customer_id is not None:
            self.summary.skip(Problem(record.where, "customer_id", _("No customer has this id.")))
            return
        else:
            self._create(record, values, keys)
            return
        customer = self.customers[found_id]
        if record.orders or record.checkouts:
            self.orders.append((customer, record))
        guest_of_registered = (
            record.registered is False and customer.status is RegistrationStatus.REGISTERED
        )
        values = self._keeping_key(customer, record, values, own_id=own_id)
        if record.copied and self._my_source(customer) is not None:
            # The shop has described the customer itself: an order's copy tells nothing new.
            values = {n: v for n, v in values.items() if n not in record.copied}
        shared = shared and not own_id
        if (
            self.origin.owning
            and not (guest_of_registered or shared)
            and self._newest(customer, record)
        ):
            self._merge_owned(customer, record, values, by)
            return
        # An older order's details only fill gaps, like any source's; so do a guest order's
        # for a registered customer, whose account owns the details, and the second id of an
        # email or number one shop gives twice.
        cleared = {n for n in customer.owned() if not customer.values.get(n)}
        changes = merged(customer.values, values, cleared=cleared)
        self.summary.merged += 1
        mine = self._my_source(customer)
        if not changes and mine is not None:
            return
        self.summary.changed += 1
        before = {n: customer.values.get(n, "") for n in changes}
        customer.values.update(changes)
        customer.filled |= set(changes)
        if customer.new:
            return  # a second row of this batch for a new customer: one "Imported" event
        if mine is None:
            customer.sources.append(self._new_source(record.external_id))
            customer.external_id = record.external_id
            customer.events.append({
                "kind": EventKind.SOURCE_MERGED,
                "details": {"source": self.origin.label, "matched_by": by.value,
                            "where": record.where, "filled": sorted(changes)},
            })  # fmt: skip
        else:
            customer.events.append({
                "kind": EventKind.FIELD_EDITED,
                "details": {
                    "changes": listed([Change(n, before[n], changes[n]) for n in sorted(changes)]),
                    "source": self.origin.label, "where": record.where,
                },
            })  # fmt: skip
        self._register(customer)

    def _other(self, found: Match, record: CustomerRecord) -> bool:
        """Whether the customer found is another customer of the same source (its record
        there has another id): two accounts of one shop are two customers, whatever their
        names and addresses."""
        if not record.external_id:
            return False
        mine = self._my_source(self.customers[found.customer_id])
        return mine is not None and mine.external_id not in ("", record.external_id)

    def _newest(self, customer: _Customer, record: CustomerRecord) -> bool:
        """Whether the record's details are the customer's newest: a record without a time (a
        customer object) always, an order's by its time and, between orders placed at the
        same time, by their id, so that the outcome does not depend on their order on the
        page, and running the same pages again changes nothing."""
        as_of, newest = record.as_of, customer.last_order
        if as_of is None:
            return True
        reference = _reference(record)
        if newest is not None and as_of < newest:
            return False
        if (
            newest is not None
            and as_of == newest
            and _ordinal(reference) < _ordinal(customer.last_reference)
        ):
            return False
        customer.last_order, customer.last_reference = as_of, reference
        return True

    def _load_newest_orders(self, in_ids: BindParameter[list[int]], wanted: dict[str, Any]) -> None:
        """Each customer's newest order, test orders too (whose details a shop sends like any
        other's): its time and, of the orders placed then, the greatest id. Two indexed
        queries per batch (``ix_orders_customer_placed``)."""
        newest = (
            select(Order.customer_id, func.max(Order.placed_at).label("at"))
            .where(Order.customer_id.in_(in_ids))
            .group_by(Order.customer_id)
            .subquery()
        )
        for customer_id, at, external_id in self.conn.execute(
            select(Order.customer_id, Order.placed_at, Order.external_id).join(
                newest,
                (Order.customer_id == newest.c.customer_id) & (Order.placed_at == newest.c.at),
            ),
            wanted,
        ):
            customer = self.customers[customer_id]
            customer.last_order = at
            if _ordinal(external_id or "") > _ordinal(customer.last_reference):
                customer.last_reference = external_id or ""

    def _keeping_key(
        self, customer: _Customer, record: CustomerRecord, values: dict[str, str], *, own_id: bool
    ) -> dict[str, str]:
        """The email is the merge key, and the customer's. A record that found the customer
        by anything but the source's own id of them (an address, a number, a guest's order)
        never changes it when it carries another one, nor, for a registered customer, any
        other contact field; neither does a guest's order. A record never takes an email that
        another customer holds. The source's own record of the customer (a shop's customer
        object, found by its id) may: the customer changed their email there."""
        email = email_key(values.get("email", ""))
        if not email:
            return values
        theirs = email_key(customer.values.get("email", ""))
        foreign = bool(theirs) and email != theirs and not own_id
        guest = record.registered is False and not own_id
        held = self.by_email.get(email, customer.id) != customer.id
        if not (foreign or guest or held):
            return values
        dropped: Iterable[str] = ("email",)
        if (foreign or guest) and customer.status is RegistrationStatus.REGISTERED:
            dropped = CONTACT_FIELDS
        return {n: v for n, v in values.items() if n not in dropped}

    def _merge_owned(
        self, customer: _Customer, record: CustomerRecord, values: dict[str, str], by: MatchedBy
    ) -> None:
        """A shop's record: it overwrites and takes over the fields it supplies (the rule of
        ``ownership.apply_shop_record``, in bulk), and fills the letter address like any
        source. Within an address it sends whole, and among the contact fields it always sends
        (``record.whole``), a field it owned and now sends empty is cleared."""
        mine = self._my_source(customer)
        filling = {n: v for n, v in values.items() if n.startswith(_LETTER)}
        owned = frozenset(values) - frozenset(filling)
        had = mine.fields if mine is not None else frozenset()
        whole = {kind.value for kind in record.addresses}
        replaced = {n for n in had - owned if n.partition(".")[0] in whole or n in record.whole}
        changes = overwritten(customer.values, {n: values[n] for n in owned}, replaced=replaced)
        if filling:
            cleared = {n for n in customer.owned() if not customer.values.get(n)}
            changes.update(merged(customer.values, filling, cleared=cleared))
        fields = (had | owned) - replaced
        taken: set[str] = set()
        for other in customer.sources:
            if other is not mine and not other.kind.is_shop and other.fields & owned:
                taken |= other.fields & owned
                other.fields = other.fields - owned
                if other.id and other not in customer.dirty:
                    customer.dirty.append(other)
        registered = bool(record.registered) and customer.status is RegistrationStatus.GUEST
        self.summary.merged += 1
        if mine is not None and not (changes or fields != had or taken or registered):
            return
        self.summary.changed += 1
        before = {n: customer.values.get(n, "") for n in changes}
        for name, value in changes.items():
            if value:
                customer.values[name] = value
            else:
                customer.values.pop(name, None)
        customer.filled |= set(changes)
        if registered:
            customer.status = RegistrationStatus.REGISTERED
            customer.registered = not customer.new
        if mine is None:
            mine = self._new_source(record.external_id)
            customer.sources.append(mine)
            customer.external_id = record.external_id
            customer.events.append({
                "kind": EventKind.SOURCE_MERGED,
                "details": {"source": self.origin.label, "matched_by": by.value,
                            "where": record.where, "filled": sorted(changes),
                            "taken_over": sorted(taken)},
            })  # fmt: skip
        elif changes and not customer.new:
            customer.events.append({
                "kind": EventKind.FIELD_EDITED,
                "details": {
                    "changes": listed([Change(n, before[n], changes[n]) for n in sorted(changes)]),
                    "source": self.origin.label, "where": record.where,
                    "taken_over": sorted(taken),
                },
            })  # fmt: skip
        if fields != mine.fields:
            mine.fields = fields
            if mine.id and mine not in customer.dirty:
                customer.dirty.append(mine)
        self._register(customer)

    def _new_source(self, external_id: str = "") -> _Source:
        """This origin's source for a customer, written with the batch (id 0 until then)."""
        o = self.origin
        return _Source(0, o.kind, o.account, frozenset(), o.label, external_id)

    def _my_source(self, customer: _Customer) -> _Source | None:
        return next(
            (s for s in customer.sources
             if s.kind is self.origin.kind and s.account == self.origin.account),
            None,
        )  # fmt: skip

    def _create(
        self, record: CustomerRecord, values: dict[str, str], keys: Keys, *, apart: bool = False
    ) -> None:
        status = (
            RegistrationStatus.GUEST if record.registered is False
            else RegistrationStatus.REGISTERED
        )  # fmt: skip
        customer = _Customer(
            self.next_new, record.number, dict(values), new=True, status=status,
            # An entry kept apart is its order's, not the shop customer's: one shop customer
            # can have many (the source's external id is unique).
            sources=[self._new_source("" if apart else record.external_id)],
            filled=set(values), where=record.where, external_id="" if apart else record.external_id,
            facts=dict(record.facts), last_order=record.as_of, last_reference=_reference(record),
            apart=apart,
        )  # fmt: skip
        if self.origin.owning:
            customer.sources[0].fields = frozenset(n for n in values if not n.startswith(_LETTER))
        self.next_new -= 1
        self.customers[customer.id] = customer
        self.summary.created += 1
        self._register(customer, keys)
        if record.orders or record.checkouts:
            self.orders.append((customer, record))
        if record.external_id and not apart:
            self.by_external.setdefault(record.external_id, customer.id)
        if purchase := _purchase(record):
            self.by_purchase.setdefault(purchase, customer.id)

    def _register(self, customer: _Customer, keys: Keys | None = None) -> None:
        """Later records of this batch find the customer by its keys as they are now (an
        entry kept apart only by its own order or checkout)."""
        if customer.apart:
            return
        keys = keys or customer.keys()
        if keys.email:
            self.by_email.setdefault(keys.email, customer.id)
        if keys.number:
            self.by_number.setdefault(keys.number, customer.id)
        if keys.address:
            self.by_address.setdefault(keys.address, customer.id)

    # -- writing ---------------------------------------------------------------------------

    def _write(self) -> None:
        new = [c for c in self.customers.values() if c.new]
        changed = [
            c for c in self.customers.values()
            if not c.new and (c.filled or c.events or c.dirty or c.registered)
        ]  # fmt: skip
        if new:
            self._write_new(new)
        if changed:
            self._write_changed(changed)
        if self.orders:
            tokens = self._write_orders() | self._write_checkouts()
            if tokens:
                self._link_recovered(tokens)

    def _shop_rows(self) -> list[tuple[int, int, CustomerRecord]]:
        """(source id, customer id, record) of the records with orders or checkouts."""
        rows = []
        for customer, record in self.orders:
            mine = self._my_source(customer)
            assert mine is not None  # written by now
            rows.append((mine.id, customer.id, record))
        return rows

    def _write_orders(self) -> set[str]:
        """The records' orders that this source has not sent before, with their items; those
        it sent before with a new status, total or checkout are updated, and their items
        replaced when they changed (an order edited in the shop). Returns the checkout tokens
        of the orders written."""
        wanted = [
            (source_id, order, customer_id)
            for source_id, customer_id, record in self._shop_rows()
            for order in record.orders
        ]
        if not wanted:
            return set()
        stored = {
            (row.source_id, row.external_id): row
            for row in self.conn.execute(
                select(Order.id, Order.source_id, Order.external_id, Order.number,
                       Order.placed_at, Order.total, Order.currency, Order.status,
                       Order.is_test, Order.checkout_token)
                .where(
                    Order.source_id.in_(bindparam("sources", expanding=True)),
                    Order.external_id.in_(bindparam("externals", expanding=True)),
                ),
                {"sources": sorted({w[0] for w in wanted}),
                 "externals": sorted({w[1].external_id for w in wanted})},
            )
        }  # fmt: skip
        orders: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        items_before = self._stored_items([row.id for row in stored.values()])
        new_items: dict[int, tuple[Item, ...]] = {}  # order id -> the items that replace its
        seen: set[tuple[int, str]] = set()
        fresh: list[OrderRecord] = []
        touched: set[int] = set()  # customers whose order figures change
        tokens: set[str] = set()
        for source_id, order, customer_id in wanted:
            key = (source_id, order.external_id)
            if key in seen:
                continue
            seen.add(key)
            row = {
                "customer_id": customer_id, "source_id": source_id,
                "external_id": order.external_id, "number": order.number,
                "placed_at": order.placed_at, "total": order.total, "currency": order.currency,
                "status": order.status, "is_test": order.is_test,
                "checkout_token": order.checkout_token or None,
            }  # fmt: skip
            before = stored.get(key)
            if before is None:
                fresh.append(order)
                orders.append(row)
                touched.add(customer_id)
                if order.checkout_token:
                    tokens.add(order.checkout_token)
                continue
            changed = any(getattr(before, n) != row[n] for n in _ORDER_UPDATED)
            if changed:
                updates.append({"b_id": before.id, **{f"b_{n}": row[n] for n in _ORDER_UPDATED}})
            if items_before.get(before.id, ()) != order.items:
                new_items[before.id] = order.items
            elif not changed:
                continue
            touched.add(customer_id)
            if order.checkout_token:
                tokens.add(order.checkout_token)
        if updates:
            self.conn.execute(
                update(Order)
                .where(Order.id == bindparam("b_id"))
                .values({n: bindparam(f"b_{n}") for n in _ORDER_UPDATED}),
                updates,
            )
        if new_items:
            self.conn.execute(
                delete(OrderItem).where(OrderItem.order_id.in_(bindparam("ids", expanding=True))),
                {"ids": sorted(new_items)},
            )
            replacing = [
                _item_row("order_id", order_id, item)
                for order_id, lines in new_items.items()
                for item in lines
            ]
            self._append(_ITEMS, replacing)
        if orders:
            self._append_with_items(_ORDERS, orders, [o.items for o in fresh], _ITEMS, "order_id")
        self.summary.orders += len(orders)
        self.summary.orders_updated += len({u["b_id"] for u in updates} | set(new_items))
        if touched:
            refresh_customers(self.conn, touched)
        return tokens

    def _write_checkouts(self) -> set[str]:
        """The records' abandoned checkouts this source has not sent before, with their items.
        Returns their tokens."""
        wanted = [
            (source_id, checkout, customer_id)
            for source_id, customer_id, record in self._shop_rows()
            for checkout in record.checkouts
        ]
        if not wanted:
            return set()
        seen: set[tuple[int | None, str]] = {
            (source_id, token)
            for source_id, token in self.conn.execute(
                select(AbandonedCheckout.source_id, AbandonedCheckout.token).where(
                    AbandonedCheckout.source_id.in_(bindparam("sources", expanding=True)),
                    AbandonedCheckout.token.in_(bindparam("tokens", expanding=True)),
                ),
                {"sources": sorted({w[0] for w in wanted}),
                 "tokens": sorted({w[1].token for w in wanted})},
            )
        }  # fmt: skip
        rows: list[dict[str, Any]] = []
        fresh: list[CheckoutRecord] = []
        for source_id, checkout, customer_id in wanted:
            if (source_id, checkout.token) in seen:
                continue
            seen.add((source_id, checkout.token))
            fresh.append(checkout)
            rows.append({
                "customer_id": customer_id, "source_id": source_id, "token": checkout.token,
                "created_at": checkout.created_at, "value": checkout.value,
                "currency": checkout.currency, "recovered_order_id": None,
            })  # fmt: skip
        if not rows:
            return set()
        self._append_with_items(
            _CHECKOUTS, rows, [c.items for c in fresh], _CHECKOUT_ITEMS, "checkout_id"
        )
        self.summary.checkouts += len(rows)
        return {c.token for c in fresh}

    def _append_with_items(
        self,
        table: Table,
        rows: list[dict[str, Any]],
        items: list[tuple[Item, ...]],
        item_table: Table,
        parent: str,
    ) -> None:
        """Orders or checkouts with their line items (``items[i]`` belong to ``rows[i]``)."""
        item_rows: list[dict[str, Any]] = []
        for row, lines, row_id in zip(rows, items, self._take_ids(table, len(rows)), strict=True):
            row["id"] = row_id
            item_rows += [_item_row(parent, row_id, item) for item in lines]
        self._append(table, rows)
        self._append(item_table, item_rows)

    def _stored_items(self, order_ids: list[int]) -> dict[int, tuple[Item, ...]]:
        """The items of these orders as stored, in their order, to compare with a re-sent
        order's."""
        found: dict[int, list[Item]] = {}
        if order_ids:
            rows = self.conn.execute(
                select(OrderItem.order_id, OrderItem.sku, OrderItem.title, OrderItem.quantity,
                       OrderItem.unit_price)
                .where(OrderItem.order_id.in_(bindparam("ids", expanding=True)))
                .order_by(OrderItem.id),
                {"ids": sorted(order_ids)},
            )  # fmt: skip
            for order_id, sku, title, quantity, price in rows:
                found.setdefault(order_id, []).append((sku, title, quantity, price))
        return {order_id: tuple(items) for order_id, items in found.items()}

    def _link_recovered(self, tokens: set[str]) -> None:
        """An abandoned checkout is recovered by the order of the same shop that carries its
        token. Either may arrive first (orders and checkouts are separate pages), so both
        sides of this batch are looked up."""
        wanted = {"tokens": sorted(tokens), "kind": self.origin.kind,
                  "account": self.origin.account}  # fmt: skip
        shop = (CustomerSource.kind == bindparam("kind")) & (
            CustomerSource.account == bindparam("account")
        )
        orders = {
            token: order_id
            for token, order_id in self.conn.execute(
                select(Order.checkout_token, func.min(Order.id))
                .join(CustomerSource, CustomerSource.id == Order.source_id)
                .where(Order.checkout_token.in_(bindparam("tokens", expanding=True)), shop)
                .group_by(Order.checkout_token),
                wanted,
            )
        }
        if not orders:
            return
        links = [
            {"b_id": checkout_id, "b_order": orders[token]}
            for checkout_id, token in self.conn.execute(
                select(AbandonedCheckout.id, AbandonedCheckout.token)
                .join(CustomerSource, CustomerSource.id == AbandonedCheckout.source_id)
                .where(
                    AbandonedCheckout.token.in_(bindparam("tokens", expanding=True)),
                    AbandonedCheckout.recovered_order_id.is_(None),
                    shop,
                ),
                wanted,
            )
            if token in orders
        ]
        if links:
            self.conn.execute(
                update(AbandonedCheckout)
                .where(AbandonedCheckout.id == bindparam("b_id"))
                .values(recovered_order_id=bindparam("b_order")),
                links,
            )

    def _take_ids(self, table: Table, count: int) -> list[int]:
        if self.conn.dialect.name == "postgresql":
            return list(
                self.conn.scalars(
                    text(f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
                         "FROM generate_series(1, :n)"),
                    {"n": count},
                )
            )  # fmt: skip
        start = (self.conn.scalar(select(func.max(table.c.id))) or 0) + 1
        return list(range(start, start + count))

    def _numbers(self, new: list[_Customer]) -> None:
        """A new customer keeps the file's number (it is free: a taken one would have matched);
        one without gets ``K`` + 100000 + id, unless that is taken."""
        wanted = {c.id: f"K{_NUMBER_BASE + c.id}" for c in new if not c.number}
        if not wanted:
            return
        taken = {c.number for c in new if c.number}
        taken.update(
            self.conn.scalars(
                select(Customer.number).where(
                    Customer.number.in_(bindparam("wanted", expanding=True))
                ),
                {"wanted": sorted(wanted.values())},
            )
        )
        for c in new:
            if c.number:
                continue
            number, suffix = wanted[c.id], 1
            while number in taken:
                suffix += 1
                number = f"{wanted[c.id]}-{suffix}"
            c.number = number
            taken.add(number)

    def _write_new(self, new: list[_Customer]) -> None:
        for c, customer_id in zip(new, self._take_ids(_CUSTOMERS, len(new)), strict=True):
            c.id = customer_id
        self._numbers(new)
        now = self.now
        customers, addresses, sources, events = [], [], [], []
        for c in new:
            v = c.values
            kinds = _kinds(v)
            postal = [AddressFact(k, _postal(v, k)) for k in kinds]
            pf = profile_figures(
                number=c.number, first_name=v.get("first_name", ""),
                last_name=v.get("last_name", ""), email=v.get("email", ""),
                company=v.get("company", ""), addresses=postal, source_labels=[self.origin.label],
            )  # fmt: skip
            email = v.get("email", "")
            birthday = v.get("birthday", "")
            customers.append({
                "id": c.id, "number": c.number, "status": c.status,
                "first_name": v.get("first_name", ""), "last_name": v.get("last_name", ""),
                "email": email, "email_key": stored_email_key(email, _apart_id(c)),
                "kept_apart": c.apart,
                "company": v.get("company", ""), "phone": v.get("phone", ""),
                "birthday": date.fromisoformat(birthday) if birthday else None,
                "comment": "", "manual": False, "created_at": now, "updated_at": now,
                "version": 1, "sort_name": pf.sort_name, "city": pf.city, "country": pf.country,
                "search_text": pf.search_text, "address_key": pf.address_key,
                "letter_address_complete": pf.letter_address_complete,
            })  # fmt: skip
            for kind in kinds:
                addresses.append({"customer_id": c.id, "kind": kind, **_address_row(v, kind)})
            sources.append(self._source_row(c, self._new_fields(c)))
            details: dict[str, Any] = {"source": self.origin.label, "where": c.where}
            if c.facts:
                details["facts"] = c.facts
            events.append(_event(c.id, now, EventKind.IMPORTED, details, self.origin.label))
        self._append(_CUSTOMERS, customers)
        self._append(_ADDRESSES, addresses)
        self._append(_SOURCES, sources)
        self._append(_EVENTS, events)

    def _write_changed(self, changed: list[_Customer]) -> None:
        conn = self.conn
        contact = [c for c in changed if c.filled & set(CONTACT_FIELDS)]
        if contact:
            conn.execute(
                update(Customer)
                .where(Customer.id == bindparam("b_id"))
                .values({n: bindparam(f"b_{n}") for n in ("email_key", *CONTACT_FIELDS)}),
                [_contact_params(c) for c in contact],
            )
        # Every changed customer gets a new version: a form opened before it is stale.
        conn.execute(
            update(Customer)
            .where(Customer.id == bindparam("b_id"))
            .values(version=Customer.version + 1, updated_at=bindparam("b_now")),
            [{"b_id": c.id, "b_now": self.now} for c in changed],
        )
        address_updates, address_inserts = [], []
        for c in changed:
            for kind in _kinds(c.filled):
                row = _address_row(c.values, kind)
                if kind in c.address_ids:
                    address_updates.append(
                        {"b_id": c.address_ids[kind], **{f"b_{n}": row[n] for n in row}}
                    )
                else:
                    address_inserts.append({"customer_id": c.id, "kind": kind, **row})
        if address_updates:
            conn.execute(
                update(Address)
                .where(Address.id == bindparam("b_id"))
                .values({n: bindparam(f"b_{n}") for n in ADDRESS_FIELDS}),
                address_updates,
            )
        self._append(_ADDRESSES, address_inserts)
        registered = [{"b_id": c.id} for c in changed if c.registered]
        if registered:
            conn.execute(
                update(Customer)
                .where(Customer.id == bindparam("b_id"))
                .values(status=RegistrationStatus.REGISTERED),
                registered,
            )
        source_updates: list[dict[str, Any]] = []
        source_inserts, events, synced = [], [], []
        for c in changed:
            mine = self._my_source(c)
            assert mine is not None
            if mine.id == 0:
                source_inserts.append(self._source_row(c, self._new_fields(c)))
            elif self.origin.owning:
                synced.append({"b_id": mine.id, "b_now": self.now})
            elif c.filled - mine.fields:
                source_updates.append({"b_id": mine.id, "b_fields": mine.fields | c.filled})
            source_updates += [{"b_id": s.id, "b_fields": s.fields} for s in c.dirty]
            for event in c.events:
                events.append(
                    _event(c.id, self.now, event["kind"], event["details"], self.origin.label)
                )
        if source_updates:
            conn.execute(
                update(CustomerSource)
                .where(CustomerSource.id == bindparam("b_id"))
                .values(fields=bindparam("b_fields")),
                source_updates,
            )
        if synced:
            conn.execute(
                update(CustomerSource)
                .where(CustomerSource.id == bindparam("b_id"))
                .values(synced_at=bindparam("b_now")),
                synced,
            )
        self._append(_SOURCES, source_inserts)
        self._append(_EVENTS, events)
        self._refresh_profiles(changed)

    def _refresh_profiles(self, changed: list[_Customer]) -> None:
        """The cached figures a merge can change (name, place, search text, address key,
        letter address), computed by ``profile_figures`` from what the batch holds: the
        customer's fields, every address row it has, and its sources' labels in id order.
        Order and letter figures stay as they are (orders, which an import can add, are
        refreshed in full by ``_write_orders``). Reading the orders and letters of every
        merged customer again cost a third of a merge."""
        params = []
        for c in changed:
            v = c.values
            kinds = set(c.address_ids) | set(_kinds(v))
            pf = profile_figures(
                number=c.number, first_name=v.get("first_name", ""),
                last_name=v.get("last_name", ""), email=v.get("email", ""),
                company=v.get("company", ""),
                addresses=[AddressFact(k, _postal(v, k)) for k in AddressKind if k in kinds],
                source_labels=[s.label for s in c.sources],
            )  # fmt: skip
            params.append({
                "b_id": c.id, "b_sort_name": pf.sort_name, "b_city": pf.city,
                "b_country": pf.country, "b_search_text": pf.search_text,
                "b_letter_address_complete": pf.letter_address_complete,
                "b_address_key": pf.address_key,
            })  # fmt: skip
        self.conn.execute(
            update(Customer)
            .where(Customer.id == bindparam("b_id"))
            .values({name[2:]: bindparam(name) for name in params[0] if name != "b_id"}),
            params,
        )

    def _new_fields(self, c: _Customer) -> FieldSet:
        """What a customer's new source for this origin owns: a shop what it supplied (set
        by the merge), any other source what it filled."""
        if self.origin.owning:
            mine = self._my_source(c)
            assert mine is not None
            return mine.fields
        return frozenset(c.filled)

    def _source_row(self, c: _Customer, fields: FieldSet) -> dict[str, Any]:
        """The row of the customer's new source for this origin; ``_append`` gives it its id,
        which ``_SOURCE`` hands back to the batch's copy (orders refer to it)."""
        return {
            _SOURCE: self._my_source(c),
            "customer_id": c.id, "kind": self.origin.kind, "account": self.origin.account,
            "label": self.origin.label, "external_id": c.external_id or None,
            "synced_at": self.now, "fields": fields,
        }  # fmt: skip

    def _append(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if "id" not in rows[0]:
            for row, row_id in zip(rows, self._take_ids(table, len(rows)), strict=True):
                row["id"] = row_id
                if (source := row.get(_SOURCE)) is not None:
                    source.id = row_id
        defaults = _DEFAULTS.get(table.name, {})
        self.writer.append(
            table, [[row.get(c.name, defaults.get(c.name)) for c in table.columns] for row in rows]
        )


# What a source may change on an order it sent before (a refund, a cancellation).
_ORDER_UPDATED = ("number", "placed_at", "total", "currency", "status", "is_test",
                  "checkout_token")  # fmt: skip
_SOURCE = "_source"  # in a source row: the batch's _Source, which learns the row's id
_DEFAULTS: dict[str, dict[str, Any]] = {
    "customer": {"order_count": 0, "lifetime_value": ZERO, "has_test_orders": False},
}


def _event(
    customer_id: int, at: datetime, kind: EventKind, details: dict[str, Any], actor: str
) -> dict[str, Any]:
    return {"customer_id": customer_id, "at": at, "kind": kind, "details": details,
            "actor": actor}  # fmt: skip


def _filled(values: dict[str, str]) -> dict[str, str]:
    return {n: v for n, v in values.items() if v}


def _supplied(record: CustomerRecord) -> dict[str, str]:
    """Every owned field the record supplies (non-empty values)."""
    values = _filled(record.contact)
    for kind in AddressKind:
        fields = record.addresses.get(kind, record.address)
        names = _NAMES[kind]
        values.update({names[n]: v for n, v in fields.items() if v})
    return values


def _postal(values: dict[str, str], kind: AddressKind) -> PostalAddress:
    n = _NAMES[kind]
    return PostalAddress(
        values.get(n["street"], ""), values.get(n["house_number"], ""),
        values.get(n["postcode"], ""), values.get(n["city"], ""), values.get(n["region"], ""),
        values.get(n["country"], ""),
    )  # fmt: skip


def _address_row(values: dict[str, str], kind: AddressKind) -> dict[str, str]:
    return {n: values.get(name, "") for n, name in _NAMES[kind].items()}


def _contact_params(c: _Customer) -> dict[str, Any]:
    v = c.values
    birthday = v.get("birthday", "")
    params: dict[str, Any] = {f"b_{n}": v.get(n, "") for n in CONTACT_FIELDS}
    params["b_birthday"] = date.fromisoformat(birthday) if birthday else None
    params["b_email_key"] = stored_email_key(v.get("email", ""), _apart_id(c))
    params["b_id"] = c.id
    return params


def _apart_id(c: _Customer) -> int | None:
    return c.id if c.apart else None


def _anonymous(record: CustomerRecord) -> bool:
    return not (
        record.external_id or record.number or record.customer_id or record.contact.get("email")
    )


def _reference(record: CustomerRecord) -> str:
    """The shop's id of what a record is about: its order, or its abandoned checkout."""
    if record.orders:
        return record.orders[0].external_id
    return record.checkouts[0].token if record.checkouts else ""


def _ordinal(reference: str) -> tuple[int, str]:
    """Ids in their order: numbers by their value ("9" before "10"), any text consistently."""
    return (len(reference), reference) if reference.isdigit() else (-1, reference)


def _purchase(record: CustomerRecord) -> str:
    """A record by what it is about: its order (or abandoned checkout, for a cart record),
    as ``_find_purchases`` keys them; "" for a record without either."""
    if record.orders:
        return f"order:{record.orders[0].external_id}"
    if record.checkouts:
        return f"checkout:{record.checkouts[0].token}"
    return ""


def _item_row(parent: str, parent_id: int, item: Item) -> dict[str, Any]:
    sku, title, quantity, price = item
    return {parent: parent_id, "sku": sku, "title": title, "quantity": quantity,
            "unit_price": price}  # fmt: skip
