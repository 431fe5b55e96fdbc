"""Property-based: Shopify and Billbee answers generated in their documented shapes
(``tests/shop_payloads.py``) and synced through ``httpx.MockTransport`` into a real SQLite
file database, each example its own copy of one migrated template.

For every generated payload:

(a) the sync raises nothing, except the project's own ``UserError`` (``SyncError``) for a
    page whose envelope is not what the API documents;
(b) every stored row passes the model's rules: order and checkout currencies are ISO 4217,
    amounts pass ``money.amount_problem`` (line prices may be negative), item quantities are
    whole and 1..1,000,000, order and checkout dates lie between 1900-01-01 and a year after
    the sync, strings fit their columns (and carry no NUL, which PostgreSQL cannot store),
    and contact and address fields pass the editor's own validation;
(c) a second sync over the same pages stores, changes and records nothing;
(d) every record skipped is reported with the shop's reference (Shopify customer id, order
    number or checkout id; Billbee order number), and every record is accounted for.

The realistic payloads (the project's fixtures, varied) are all valid, so on top: every
order is stored with its exact total, currency and lines (a fractional or negative Billbee
line keeps its line total), titles keep their variant, Billbee's ``Line2`` reaches the
address, and no record changes a shop customer's email.

``MINIMAL`` holds one hand-minimised payload per failure class found while writing this
file; each runs as its own test through the same checks. With ``AUTOLETTER_TEST_PG_URL``, a
smaller run syncs generated payloads into PostgreSQL too (one database, emptied per example).

Time: examples are bounded per test (``EXAMPLES``) and derandomized; the file takes about a
minute and a half on two cores.

Derandomized is not quite "the same payloads every time": Hypothesis mixes string and number
constants of the project's loaded modules into what it generates, so the examples depend on
which modules are imported. Every module of the package is imported below, so that the code
under test always lends the same constants; the test modules a run collects still add
theirs (the whole suite collects all of them). A failure seen only in a full run is found
again by running the file after the same test files.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import URL, Connection, String, Table, Text, func, select

import autoletter_tui
from autoletter_tui.data.db import Database, open_database
from autoletter_tui.data.edits import PROBLEM_TEXT, validate
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.fields import ADDRESS_FIELDS, CONTACT_FIELDS, AddressKind
from autoletter_tui.data.models import (
    AbandonedCheckout,
    Address,
    Base,
    CheckoutItem,
    Customer,
    CustomerSource,
    Order,
    OrderItem,
    TimelineEvent,
)
from autoletter_tui.data.money import amount_problem, digits, is_currency
from autoletter_tui.i18n import _
from autoletter_tui.sources import billbee, shopify
from autoletter_tui.sources.syncing import ShopSync
from tests.conftest import AS_OF
from tests.shop_payloads import (
    MISSING,
    ShopPages,
    billbee_answer,
    billbee_order_object,
    billbee_pages,
    realistic_billbee_pages,
    realistic_shopify_pages,
    shopify_answer,
    shopify_customer_object,
    shopify_order_object,
    shopify_pages,
)
from tests.shop_replay import (
    BILLBEE_KEY,
    BILLBEE_PASSWORD,
    BILLBEE_USER,
    DOMAIN,
    TOKEN,
    BillbeeReplay,
    ShopifyReplay,
    billbee_check,
    shopify_check,
)

for _module in pkgutil.walk_packages(autoletter_tui.__path__, "autoletter_tui."):
    if not _module.name.endswith("__main__") and ".migrations." not in _module.name:
        importlib.import_module(_module.name)  # see the docstring: Hypothesis's constants

NOW = AS_OF + timedelta(days=1)
OLDEST = datetime(1900, 1, 1, tzinfo=UTC)
NEWEST = NOW + timedelta(days=365)
MAX_QUANTITY = 1_000_000
# Examples per property test: about 15 s each on two cores.
EXAMPLES = {"shopify": 150, "billbee": 150, "realistic_shopify": 100, "realistic_billbee": 100,
            "postgresql": 60}  # fmt: skip
# Shrinking a failure to its smallest payload can take minutes (every step is two syncs):
# off by default so that a failing ``make test`` stays bounded too; ``MINIMAL`` below has the
# smallest payload of every failure class known. Set it to 1 to shrink a new one.
SHRINK_ENV = "AUTOLETTER_PROPERTY_SHRINK"


def _settings(examples: int) -> settings:
    phases = [Phase.explicit, Phase.generate]
    if os.environ.get(SHRINK_ENV) == "1":
        phases.append(Phase.shrink)
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,  # the same payloads every run: CI fails on code, never on luck
        database=None,
        phases=phases,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=False,
    )


# -- running a sync -------------------------------------------------------------------------


class Billbee(BillbeeReplay):
    """Billbee as the API answers a page past the last: an empty list (a Paging that
    promises more pages than there are must not make the replay itself fail)."""

    def page(self, request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("page", "1"))
        if request.url.path == "/api/v1/orders" and number > len(self.pages["orders"]):
            return httpx.Response(200, json={"Paging": None, "ErrorCode": 0, "Data": []})
        return super().page(request)


def sync(db: Database, payload: ShopPages) -> ShopSync:
    """One run over the payload's pages, as a fresh shop serves them."""
    if payload.service == "shopify":
        shop = ShopifyReplay(payload.bodies(), check=shopify_check)
        return shopify.sync(
            db.engine, DOMAIN, TOKEN, lambda: NOW, transport=shop.transport(), sleep=_no_wait
        )
    replay = Billbee(payload.bodies(), check=billbee_check)
    return billbee.sync(
        db.engine, BILLBEE_KEY, BILLBEE_USER, BILLBEE_PASSWORD, lambda: NOW,
        transport=replay.transport(), sleep=_no_wait,
    )  # fmt: skip


def _no_wait(seconds: float) -> None:
    pass


@contextmanager
def emptied(db: Database) -> Iterator[Database]:
    """The PostgreSQL database with every table emptied (cheaper than a new database)."""
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    yield db


@contextmanager
def fresh_database(template: Path, folder: Path) -> Iterator[Database]:
    """A copy of the migrated template (a few milliseconds, unlike migrating anew)."""
    path = folder / "example.db"
    for leftover in folder.glob("example.db*"):
        leftover.unlink()
    shutil.copy(template, path)
    database = open_database(str(path))
    try:
        yield database
    finally:
        database.close()


# -- the checks -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Violation:
    kind: str  # the class of failure: an exception type or the invariant broken
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


def check(db: Database, payload: ShopPages) -> list[Violation]:
    """Sync the payload twice and return every property it breaks."""
    found: list[Violation] = []
    first = _attempt(db, payload, found)
    found += stored_row_problems(db)
    if first is None:
        return found
    found += reported_problems(first, payload)
    if payload.valid:
        found += exactness(db, first, payload)
    before = snapshot(db)
    again = _attempt(db, payload, found, run="second run")
    if again is not None:
        s = again.report.summary
        counts = {"created": s.created, "changed": s.changed, "orders": s.orders,
                  "orders_updated": s.orders_updated, "checkouts": s.checkouts}  # fmt: skip
        if any(counts.values()):
            found.append(Violation("second run stored or changed something", repr(counts)))
        after = snapshot(db)
        if after != before:
            found.append(Violation("second run changed the database", _diff(before, after)))
    found += stored_row_problems(db)
    return list(dict.fromkeys(found))  # a row seen after both runs is one violation


def _attempt(
    db: Database, payload: ShopPages, found: list[Violation], run: str = "first run"
) -> ShopSync | None:
    """The finished sync, or None after noting what it raised (only a ``UserError`` on a
    malformed page is no violation)."""
    try:
        return sync(db, payload)
    except UserError as error:
        if not payload.malformed:
            found.append(
                Violation(f"{run}: {type(error).__name__} on well-formed pages", str(error))
            )
    except Exception as error:  # what must never reach the operator
        found.append(Violation(f"{run}: {type(error).__name__} escaped", str(error)[:300]))
    return None


def _columns(table: Table) -> list[tuple[str, int | None]]:
    return [
        (c.name, c.type.length if isinstance(c.type, String) else None)
        for c in table.columns
        if isinstance(c.type, String | Text)
    ]


_CHECKED_TABLES = tuple(
    m.__table__
    for m in (Customer, Address, CustomerSource, Order, OrderItem, AbandonedCheckout,
              CheckoutItem)
)  # fmt: skip


def _missing() -> set[str]:
    """Address problems that only say something is missing: a shop may leave parts out (only
    the letter address must be complete, and the profile warns about that, as for every
    source)."""
    return {_(PROBLEM_TEXT[p]) for p in PROBLEM_TEXT if p.name.startswith("MISSING")} | {
        _("An address needs its country (ISO code, e.g. DE).")
    }


def stored_row_problems(db: Database) -> list[Violation]:
    """What is stored and breaks the model's rules (b)."""
    found: list[Violation] = []
    with db.engine.connect() as conn:
        for table in _CHECKED_TABLES:
            assert isinstance(table, Table)
            columns = _columns(table)
            for row in conn.execute(select(*(table.c[n] for n, _l in columns))):
                for (name, length), value in zip(columns, row, strict=True):
                    if not isinstance(value, str):
                        continue
                    if length is not None and len(value) > length:
                        found.append(Violation(
                            f"{table.name}.{name} longer than its column ({length})",
                            f"{len(value)} characters: {value[:60]!r}...",
                        ))  # fmt: skip
                    if "\x00" in value:
                        found.append(Violation(
                            f"{table.name}.{name} holds NUL (PostgreSQL cannot store it)",
                            repr(value[:60]),
                        ))  # fmt: skip
        found += _order_problems(conn)
        found += _customer_problems(conn)
    return found


def _when(kind: str, at: datetime) -> list[Violation]:
    if OLDEST <= at <= NEWEST:
        return []
    return [Violation(f"{kind} date outside 1900..a year from now", at.isoformat())]


def _order_problems(conn: Connection) -> list[Violation]:
    found: list[Violation] = []
    currencies: dict[tuple[str, int], str] = {}
    for number, placed_at, total, currency, order_id in conn.execute(
        select(Order.number, Order.placed_at, Order.total, Order.currency, Order.id)
    ):
        currencies["order", order_id] = currency
        found += _money("order total", total, currency, f"order {number}")
        found += _when("order", placed_at)
    for token, created_at, value, currency, checkout_id in conn.execute(
        select(AbandonedCheckout.token, AbandonedCheckout.created_at, AbandonedCheckout.value,
               AbandonedCheckout.currency, AbandonedCheckout.id)
    ):  # fmt: skip
        currencies["checkout", checkout_id] = currency
        found += _money("checkout value", value, currency, f"checkout {token}")
        found += _when("checkout", created_at)
    for kind, item in (("order", OrderItem), ("checkout", CheckoutItem)):
        parent = OrderItem.order_id if item is OrderItem else CheckoutItem.checkout_id
        for parent_id, sku, quantity, price in conn.execute(
            select(parent, item.sku, item.quantity, item.unit_price)
        ):
            currency = currencies[kind, parent_id]
            if not (isinstance(quantity, int) and 1 <= quantity <= MAX_QUANTITY):
                found.append(Violation(f"{kind} item quantity not a whole 1..1,000,000",
                                       f"{sku!r}: {quantity!r}"))  # fmt: skip
            found += _money(f"{kind} item price", price, currency, f"item {sku!r}", signed=True)
    return found


def _money(
    what: str, value: Decimal, currency: str, where: str, *, signed: bool = False
) -> list[Violation]:
    if not is_currency(currency):
        return [Violation(f"{what}: currency not ISO 4217", f"{where}: {currency!r}")]
    problem = amount_problem(value, currency, signed=signed)
    if problem is None:
        return []
    # The class without the figures: "... is negative", "... is beyond any real amount".
    return [Violation(f"{what}: {_figureless(problem)}", f"{where}: {problem}")]


def _figureless(problem: str) -> str:
    return re.sub(r"-?[\d.E+]+ [A-Z]{3}", "<amount>", problem)


def _customer_problems(conn: Connection) -> list[Violation]:
    """Contact and address fields as the editor validates them (a shop's data may lack parts,
    not hold values the editor refuses)."""
    forms: dict[int, dict[str, str]] = {}
    for row in conn.execute(select(Customer.id, *(getattr(Customer, n) for n in CONTACT_FIELDS))):
        form = {n: getattr(row, n) or "" for n in CONTACT_FIELDS}
        form["birthday"] = row.birthday.isoformat() if row.birthday else ""
        forms[row.id] = form
    for a in conn.execute(select(Address)):
        forms[a.customer_id].update(
            {f"{AddressKind(a.kind).value}.{n}": getattr(a, n) for n in ADDRESS_FIELDS}
        )
    found: list[Violation] = []
    missing = _missing()
    for customer_id, form in forms.items():
        _cleaned, errors = validate(form, [n for n, v in form.items() if v], NOW.date())
        for name, message in errors.items():
            if message in missing:
                continue
            found.append(Violation(
                f"stored customer field fails validation: {name}",
                f"customer {customer_id}: {form.get(name)!r}: {message}",
            ))  # fmt: skip
    return found


# -- (c): the database before and after a second run ----------------------------------------

_SNAPSHOT_SKIPPED = {"synced_at"}  # a sync notes when it saw a source: not a change


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    tables = [m.__table__ for m in (Customer, Address, CustomerSource, Order, OrderItem,
                                    AbandonedCheckout, CheckoutItem, TimelineEvent)]  # fmt: skip
    found: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as conn:
        for table in tables:
            assert isinstance(table, Table)
            columns = [c for c in table.columns if c.name not in _SNAPSHOT_SKIPPED]
            rows = conn.execute(select(*columns).order_by(table.c.id)).all()
            found[table.name] = sorted((tuple(map(repr, r)) for r in rows), key=str)
    return found


def _diff(before: dict[str, list[tuple[Any, ...]]], after: dict[str, list[tuple[Any, ...]]]) -> str:
    lines = []
    for name, rows in before.items():
        gone = [r for r in rows if r not in after[name]]
        new = [r for r in after[name] if r not in rows]
        if gone or new:
            lines.append(f"{name}: -{gone[:2]} +{new[:2]}")
    return "; ".join(lines)[:600]


# -- (d): problems name their record, every record is accounted for -------------------------

_PREFIXES = {
    "customers": ("Shopify customer ", ("id",)),
    "orders": ("Shopify order ", ("name", "id")),
    "checkouts": ("Shopify checkout ", ("id",)),
    "closed_checkouts": ("Shopify checkout ", ("id",)),
}
_BILLBEE = ("Billbee order ", ("OrderNumber", "BillBeeOrderId"))


def _text(value: Any) -> str:
    return "" if value is None or value is MISSING else str(value).strip()


def record_names(payload: ShopPages) -> tuple[set[str], set[str], int]:
    """How each record may be named, the prefixes of records that have no name (not an
    object, or no id and no number), and how many records there are."""
    names: set[str] = set()
    anonymous: set[str] = set()
    count = 0
    for resource in payload.pages:
        prefix, keys = _BILLBEE if payload.service == "billbee" else _PREFIXES[resource]
        for item in payload.items(resource):
            count += 1
            # On one line, as the sync names records (``fetching.excerpt``).
            refs = (
                [" ".join(_text(item.get(k)).split()) for k in keys]
                if isinstance(item, dict)
                else []
            )
            names.update(prefix + r for r in refs if r)
            if not any(refs):
                anonymous.add(prefix)
    return names, anonymous, count


def reported_problems(done: ShopSync, payload: ShopPages) -> list[Violation]:
    found: list[Violation] = []
    names, anonymous, count = record_names(payload)
    summary = done.report.summary
    for problem in summary.problems:
        # A long reference is cut with "…" (sources.records.REFERENCE).
        cut = problem.where.removesuffix("…")
        named = (
            problem.where in names
            or any(problem.where.startswith(p) for p in anonymous)
            or (cut != problem.where and any(n.startswith(cut) for n in names))
        )
        if not named or not problem.reason:
            found.append(Violation("a problem does not name its record",
                                   f"{problem.where!r}: {problem}"))  # fmt: skip
    if summary.read != count:
        found.append(Violation("records read differ from records sent",
                               f"read {summary.read}, sent {count}"))  # fmt: skip
    accounted = summary.created + summary.merged + summary.skipped + summary.guests_passed
    if accounted != summary.read:
        found.append(Violation("a record is neither stored nor reported",
                               f"read {summary.read}, accounted {accounted}"))  # fmt: skip
    return found


# -- realistic payloads: everything is stored, exactly --------------------------------------


def exactness(db: Database, done: ShopSync, payload: ShopPages) -> list[Violation]:
    found: list[Violation] = []
    summary = done.report.summary
    if summary.skipped:
        found.append(Violation("a valid record was skipped",
                               "; ".join(map(str, summary.problems))[:400]))  # fmt: skip
    with db.engine.connect() as conn:
        orders = {
            row.external_id: row
            for row in conn.execute(select(Order.id, Order.external_id, Order.number,
                                           Order.total, Order.currency))
        }  # fmt: skip
        items: dict[int, list[Any]] = {}
        for row in conn.execute(
            select(OrderItem.order_id, OrderItem.title, OrderItem.quantity, OrderItem.unit_price)
            .order_by(OrderItem.id)
        ):  # fmt: skip
            items.setdefault(row.order_id, []).append(row)
        emails = set(conn.scalars(select(Customer.email_key)))
        line2 = set(conn.scalars(select(Address.line2)))
    sent = payload.items("orders")
    id_key = "BillBeeOrderId" if payload.service == "billbee" else "id"
    for order in sent:
        stored = orders.get(str(order[id_key]))
        if stored is None:
            found.append(Violation("a valid order was not stored", repr(order.get(id_key))))
            continue
        if payload.service == "shopify":
            found += _shopify_order_exact(order, stored, items.get(stored.id, []))
        else:
            found += _billbee_order_exact(order, stored, items.get(stored.id, []))
    if payload.service == "shopify":
        found += _shopify_checkouts_exact(db, payload)
    for address in payload.emails:
        if address not in emails:
            found.append(Violation("a shop customer's email was replaced",
                                   f"{address} is no customer's email any more"))  # fmt: skip
    for text in payload.line2:
        if not any(text in stored for stored in line2):
            found.append(Violation("Billbee Line2 not stored", repr(text)))
    return found


def _shopify_order_exact(order: dict[str, Any], stored: Any, lines: list[Any]) -> list[Violation]:
    found: list[Violation] = []
    where = f"Shopify order {order['name']}"
    total = Decimal(order.get("current_total_price") or order["total_price"])
    if (stored.total, stored.currency) != (total, order["currency"]):
        found.append(Violation("a valid order's total or currency changed",
                               f"{where}: {total} {order['currency']} stored as "
                               f"{stored.total} {stored.currency}"))  # fmt: skip
    sent = [i for i in order.get("line_items") or [] if isinstance(i, dict)]
    if len(lines) != len(sent):
        found.append(Violation("a valid order's lines not all stored",
                               f"{where}: {len(sent)} sent, {len(lines)} stored"))  # fmt: skip
    for line, row in zip(sent, lines, strict=False):
        if (row.quantity, row.unit_price) != (line["quantity"], Decimal(line["price"])):
            found.append(Violation("a valid line's quantity or price changed",
                                   f"{where}: {line['quantity']} x {line['price']} stored as "
                                   f"{row.quantity} x {row.unit_price}"))  # fmt: skip
        parts = [line.get("title"), line.get("variant_title")]
        if not line.get("name") and not all(p in row.title for p in parts if p):
            found.append(Violation("a line without name lost its variant",
                                   f"{where}: {parts} stored as {row.title!r}"))  # fmt: skip
    return found


def _shopify_checkouts_exact(db: Database, payload: ShopPages) -> list[Violation]:
    """Checkout lines never have a ``name``: their title must keep the variant."""
    found: list[Violation] = []
    with db.engine.connect() as conn:
        titles = {
            token: [t for t, in rows]
            for token, rows in _grouped(conn.execute(
                select(AbandonedCheckout.token, CheckoutItem.title)
                .join(CheckoutItem, CheckoutItem.checkout_id == AbandonedCheckout.id)
                .order_by(CheckoutItem.id)
            ))
        }  # fmt: skip
    for checkout in payload.items("checkouts") + payload.items("closed_checkouts"):
        stored = titles.get(checkout["token"], [])
        for line, title in zip(checkout.get("line_items") or [], stored, strict=False):
            parts = [line.get("title"), line.get("variant_title")]
            if not all(p in title for p in parts if p):
                found.append(Violation("a line without name lost its variant",
                                       f"checkout {checkout['token']}: {parts} stored as "
                                       f"{title!r}"))  # fmt: skip
    return found


def _grouped(rows: Any) -> Iterator[tuple[Any, list[tuple[Any, ...]]]]:
    groups: dict[Any, list[tuple[Any, ...]]] = {}
    for key, *rest in rows:
        groups.setdefault(key, []).append(tuple(rest))
    return iter(groups.items())


def _billbee_order_exact(order: dict[str, Any], stored: Any, lines: list[Any]) -> list[Violation]:
    found: list[Violation] = []
    where = f"Billbee order {order['OrderNumber']}"
    currency = order.get("Currency") or "EUR"
    half = Decimal(1).scaleb(-digits(currency)) / 2
    total = Decimal(str(order["TotalCost"]))
    if stored.currency != currency or abs(stored.total - total) > half:
        found.append(Violation("a valid order's total or currency changed",
                               f"{where}: {total} {currency} stored as {stored.total} "
                               f"{stored.currency}"))  # fmt: skip
    sent = [i for i in order.get("OrderItems") or [] if isinstance(i, dict)]
    line_total = sum((Decimal(str(i["TotalPrice"])) for i in sent), Decimal(0))
    stored_total = sum((r.quantity * r.unit_price for r in lines), Decimal(0))
    slack = sum((r.quantity * half for r in lines), Decimal(0))  # unit prices are rounded
    if abs(stored_total - line_total) > slack:
        found.append(Violation("a valid order's lines do not keep their total",
                               f"{where}: lines of {line_total} stored as "
                               f"{[(r.quantity, r.unit_price) for r in lines]}"))  # fmt: skip
    return found


# -- the property tests ---------------------------------------------------------------------


Databases = Callable[[], AbstractContextManager[Database]]  # an empty database per example


def _run(
    strategy: st.SearchStrategy[ShopPages], examples: int, databases: Databases, name: str
) -> None:
    ran: list[ShopPages] = []

    @_settings(examples)
    @given(payload=strategy)
    def prop(payload: ShopPages) -> None:
        ran.append(payload)
        with databases() as db:
            violations = check(db, payload)
        assert not violations, "\n".join(map(str, violations))

    try:
        prop()
    finally:
        print(f"\n{name}: {len(ran)} generated payloads synced twice")


def test_shopify_payloads_sync_safely(sqlite_template: Path, tmp_path: Path) -> None:
    _run(shopify_pages(), EXAMPLES["shopify"],
         lambda: fresh_database(sqlite_template, tmp_path), "shopify")  # fmt: skip


def test_billbee_payloads_sync_safely(sqlite_template: Path, tmp_path: Path) -> None:
    _run(billbee_pages(), EXAMPLES["billbee"],
         lambda: fresh_database(sqlite_template, tmp_path), "billbee")  # fmt: skip


def test_realistic_shopify_payloads_are_stored_exactly(
    sqlite_template: Path, tmp_path: Path
) -> None:
    _run(realistic_shopify_pages(), EXAMPLES["realistic_shopify"],
         lambda: fresh_database(sqlite_template, tmp_path), "realistic shopify")  # fmt: skip


def test_realistic_billbee_payloads_are_stored_exactly(
    sqlite_template: Path, tmp_path: Path
) -> None:
    _run(realistic_billbee_pages(), EXAMPLES["realistic_billbee"],
         lambda: fresh_database(sqlite_template, tmp_path), "realistic billbee")  # fmt: skip


@pytest.mark.pg
def test_generated_payloads_on_postgresql(pg_url: URL) -> None:
    """Fewer examples, both shops: what SQLite takes and PostgreSQL refuses (a string longer
    than its column, a NUL) fails the page there, and the checks above name it on SQLite
    already; this run keeps the engine-specific paths (COPY, sequences) honest."""
    database = open_database(pg_url)
    try:
        _run(st.one_of(shopify_pages(), billbee_pages(), realistic_billbee_pages()),
             EXAMPLES["postgresql"], lambda: emptied(database), "postgresql")  # fmt: skip
    finally:
        database.close()


def test_the_counts_in_the_queries_are_real(sqlite_template: Path, tmp_path: Path) -> None:
    """The checks see what a sync stored (a check that reads nothing passes everything)."""
    from tests.shop_payloads import billbee_fixture_pages, shopify_fixture_pages

    with fresh_database(sqlite_template, tmp_path) as db:
        sync(db, ShopPages("shopify", shopify_fixture_pages()))
        sync(db, ShopPages("billbee", billbee_fixture_pages()))
        with db.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(Order)) == 6
        assert snapshot(db)["orders"]
        assert not stored_row_problems(db)


# -- the smallest payload of each failure class found ---------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    payload: ShopPages
    today: str  # what the sync did with it when this file was written (not asserted)


def _line(quantity: Any, total: Any, sku: str = "ESP-9") -> dict[str, Any]:
    return {"Product": {"SKU": sku, "Title": "Espresso"}, "Quantity": quantity,
            "TotalPrice": total}  # fmt: skip


_LENA_ADDRESS = {"first_name": "Lena", "last_name": "Fischer", "address1": "Kastanienallee 12b",
                 "city": "Berlin", "zip": "10435", "country_code": "DE"}  # fmt: skip
_D = Decimal


def _weiss_at(street: str) -> dict[str, str]:
    return {"FirstName": "Jürgen", "LastName": "Weiß", "Street": street, "HouseNumber": "3",
            "Zip": "70565", "City": "Stuttgart", "CountryISO2": "DE"}  # fmt: skip


MINIMAL = [
    # The classes issue 18 lists.
    Case("shopify-kwd-three-decimals",
         shopify_answer(orders=[shopify_order_object(
             currency="KWD", total_price="12.345",
             line_items=[{"sku": "A", "name": "A", "quantity": 1, "price": "12.345"}])],
             valid=True),
         "ValueError: 12.345 has fractions of a cent"),
    Case("billbee-created-0001",
         billbee_answer(billbee_order_object(CreatedAt="0001-01-01T00:00:00")),
         "OverflowError: date value out of range"),
    Case("billbee-total-1e17", billbee_answer(billbee_order_object(TotalCost=_D("1E+17"))),
         "OverflowError: Python int too large to convert to SQLite INTEGER"),
    Case("billbee-paging-not-an-object",
         billbee_answer(billbee_order_object(), paging="x", malformed=True),
         "AttributeError: 'str' object has no attribute 'get'"),
    Case("billbee-paging-total-pages-text",
         billbee_answer(billbee_order_object(), paging={"TotalPages": "abc"}, malformed=True),
         "ValueError: invalid literal for int() with base 10: 'abc'"),
    Case("billbee-paging-total-pages-list",
         billbee_answer(billbee_order_object(), paging={"TotalPages": [2]}, malformed=True),
         "TypeError: int() argument must be ... not 'list'"),
    Case("shopify-customer-without-phone-key",
         shopify_answer(customers=[shopify_customer_object(phone=MISSING)],
                        orders=[shopify_order_object()]),
         "second run: 2 changed, 2 Edited events (every run)"),
    Case("shopify-customer-phone-null",
         shopify_answer(customers=[shopify_customer_object(phone=None)],
                        orders=[shopify_order_object()]),
         "second run: 2 changed (the order's customer undoes the customer object)"),
    Case("shopify-guest-takes-registered-email",
         shopify_answer(
             customers=[shopify_customer_object()],
             orders=[shopify_order_object(id=9002, name="#1002",
                                          email="other.person@example.com", customer=None,
                                          billing_address=_LENA_ADDRESS,
                                          shipping_address=_LENA_ADDRESS)],
             valid=True, emails=("lena@example.de",)),
         "lena@example.de replaced by other.person@example.com"),
    Case("billbee-currency-not-iso",
         billbee_answer(billbee_order_object(Currency="commodo occaecat enim")),
         "stored; customer.currency gets 'com...' in a String(3) column"),
    Case("billbee-negative-total", billbee_answer(billbee_order_object(TotalCost=_D("-5.00"))),
         "stored"),
    Case("billbee-quantity-98-million",
         billbee_answer(billbee_order_object(OrderItems=[_line(_D("98000000.0"), _D("10.00"))])),
         "stored as 98000000 x 0.00"),
    Case("billbee-created-1890",
         billbee_answer(billbee_order_object(CreatedAt="1890-05-01T00:00:00")), "stored"),
    Case("billbee-line2",
         billbee_answer(billbee_order_object(InvoiceAddress={**billbee_order_object()["InvoiceAddress"],
                                                      "Line2": "c/o Müller"}),
                        valid=True, line2=("c/o Müller",)),
         "Line2 dropped"),
    Case("billbee-quantity-half",
         billbee_answer(billbee_order_object(OrderItems=[_line(_D("0.5"), _D("10.00"))]),
                        valid=True),
         "stored as 1 x 20.00"),
    Case("billbee-return-line",
         billbee_answer(billbee_order_object(
             OrderItems=[_line(_D("1.0"), _D("20.00")),
                         _line(_D("-1.0"), _D("-10.00"), "RETURN")]), valid=True),
         "the return stored as 1 x 10.00, a purchase"),
    Case("shopify-line-without-name",
         shopify_answer(orders=[shopify_order_object(line_items=[
             {"sku": "TEA-1", "title": "Tee", "variant_title": "100 g", "quantity": 1,
              "price": "29.90"}])], valid=True),
         "title 'Tee'"),
    # Not in the list.
    Case("shopify-order-not-an-object", shopify_answer(orders=[None]),
         "AttributeError: 'NoneType' object has no attribute 'get'"),
    Case("billbee-order-not-an-object", billbee_answer(None),
         "AttributeError: 'NoneType' object has no attribute 'get'"),
    Case("billbee-order-without-customer-id-or-email",
         billbee_answer(billbee_order_object(Customer=MISSING, InvoiceAddress={
             "FirstName": "Ana", "LastName": "García", "City": "Madrid", "CountryISO2": "ES"})),
         "every run stores a new customer and the order again (created 1, orders 1)"),
    Case("billbee-paging-without-total-pages",
         ShopPages("billbee", {"orders": [
             {"Paging": None, "ErrorCode": 0, "Data": [billbee_order_object()]},
             {"Paging": {"Page": 2, "TotalPages": 2}, "ErrorCode": 0,
              "Data": [billbee_order_object(BillBeeOrderId=100000000000102, OrderNumber="BB-102")]},
         ]}, malformed=True),
         "page 2 never asked for, the run completes: BB-102 lost for good"),
    Case("billbee-kwd-rounded-to-cents",
         billbee_answer(billbee_order_object(Currency="KWD", TotalCost=_D("12.345"),
                                      OrderItems=[_line(_D("1.0"), _D("12.345"))]), valid=True),
         "stored as 12.34 KWD (a fils lost), line 12.34"),
    Case("billbee-jpy-unit-price-with-cents",
         billbee_answer(billbee_order_object(Currency="JPY", TotalCost=_D("1000"),
                                      OrderItems=[_line(_D("3.0"), _D("1000"))]), valid=True),
         "unit price 333.33 JPY"),
    Case("billbee-quantity-max-double",
         billbee_answer(billbee_order_object(
             OrderItems=[_line(_D("1.7976931348623157E+308"), _D("10.00"))])),
         "OverflowError: Python int too large to convert to SQLite INTEGER"),
    Case("shopify-created-0001",
         shopify_answer(orders=[shopify_order_object(created_at="0001-01-01T00:00:00+01:00")]),
         "OverflowError: date value out of range"),
    Case("shopify-created-9999-behind-utc",
         shopify_answer(orders=[shopify_order_object(created_at="9999-12-31T23:00:00-05:00")]),
         "OverflowError: date value out of range"),
    Case("shopify-created-year-3000",
         shopify_answer(orders=[shopify_order_object(created_at="3000-01-01T00:00:00+00:00")]),
         "stored"),
    Case("shopify-amount-infinity",
         shopify_answer(orders=[shopify_order_object(total_price="Infinity")]),
         "OverflowError: cannot convert Infinity to integer"),
    Case("shopify-amount-nan", shopify_answer(orders=[shopify_order_object(total_price="NaN")]),
         "ValueError: NaN has fractions of a cent"),
    Case("shopify-negative-total",
         shopify_answer(orders=[shopify_order_object(total_price="-5.00")]), "stored"),
    Case("shopify-currency-not-iso",
         shopify_answer(orders=[shopify_order_object(currency="EURO")]),
         "stored (and 4 characters in a String(3) column: PostgreSQL refuses the page)"),
    Case("shopify-negative-quantity",
         shopify_answer(orders=[shopify_order_object(line_items=[
             {"sku": "A", "name": "A", "quantity": -3, "price": "1.00"}])]),
         "stored as -3"),
    Case("billbee-order-number-too-long",
         billbee_answer(billbee_order_object(OrderNumber="x" * 65)),
         "stored in String(64); PostgreSQL: StringDataRightTruncation, the page fails"),
    Case("shopify-checkout-token-too-long",
         shopify_answer(checkouts=[{"id": 5001, "token": "t" * 65, "email": "lena@example.de",
                                    "created_at": "2026-11-12T20:00:00+01:00",
                                    "currency": "EUR", "total_price": "24.90",
                                    "line_items": []}]),
         "stored in String(64); PostgreSQL refuses the page"),
    Case("billbee-nul-in-order-number",
         billbee_answer(billbee_order_object(OrderNumber="BB\x00101")),
         "stored; PostgreSQL: 'text fields cannot contain NUL', the page fails"),
    Case("billbee-lone-surrogate-in-order-number",
         billbee_answer(billbee_order_object(OrderNumber="BB-\ud800")),
         "UnicodeEncodeError: 'utf-8' codec can't encode character '\\ud800'"),
    Case("shopify-jpy-with-cents",
         shopify_answer(orders=[shopify_order_object(
             currency="JPY", total_price="1990.50",
             line_items=[{"sku": "A", "name": "A", "quantity": 1, "price": "1990.50"}])]),
         "stored as 1990.50 JPY"),
    Case("billbee-two-orders-same-second-other-address",
         billbee_answer(
             billbee_order_object(ShippingAddress=_weiss_at("Lagerweg")),
             billbee_order_object(BillBeeOrderId=100000000000102, OrderNumber="BB-102",
                                  ShippingAddress=_weiss_at("Alte Gasse"))),
         "the delivery address swaps between the two on every run (2 changed)"),
    Case("shopify-two-customers-same-name-and-address",
         shopify_answer(customers=[shopify_customer_object(),
                                   shopify_customer_object(id=7002, email="lena.f@example.com",
                                                           phone=None)],
                        valid=True, emails=("lena@example.de", "lena.f@example.com")),
         "merged by address; their emails and phones swap on every run (2 changed)"),
    Case("billbee-two-customers-same-name-and-address",
         billbee_answer(billbee_order_object(),
                        billbee_order_object(BillBeeOrderId=100000000000102, OrderNumber="BB-102",
                                      Customer={"Id": 200000000000002,
                                                "Email": "other.person@example.com"}),
                        valid=True, emails=("j.weiss@example.de",)),
         "j.weiss@example.de replaced; the two emails swap on every run (2 changed)"),
]  # fmt: skip


@pytest.mark.parametrize("case", MINIMAL, ids=[c.name for c in MINIMAL])
def test_minimal_payload(case: Case, sqlite_template: Path, tmp_path: Path) -> None:
    with fresh_database(sqlite_template, tmp_path) as db:
        violations = check(db, case.payload)
    assert not violations, "\n".join(map(str, violations))
