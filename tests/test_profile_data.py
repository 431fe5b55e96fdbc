"""What the profile pane reads, on both engines, over the named customers of
``profile_customers``: contact, sources, addresses, orders, statistics, letters, timeline, and
saving the internal comment."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from autoletter_tui.data.address_rules import AddressProblem
from autoletter_tui.data.comment import (
    MAX_COMMENT,
    CommentConflict,
    CustomerGone,
    save_comment,
)
from autoletter_tui.data.db import Database
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.figures import counts
from autoletter_tui.data.models import (
    Campaign,
    CampaignKind,
    Customer,
    EventKind,
    Letter,
    LetterStatus,
    Order,
    OrderItem,
    OrderStatus,
    RegistrationStatus,
    SourceKind,
    TimelineEvent,
)
from autoletter_tui.data.profile import (
    ItemLine,
    Profile,
    TopProduct,
    load_profile,
    order_items,
    order_list,
    orders_by_number,
)
from tests.conftest import AS_OF
from tests.profile_customers import (
    BOSTON,
    LONDON,
    Cast,
    ago,
    build,
    customer,
    events_of,
    living_at,
    order,
)

D = Decimal


@pytest.fixture
def cast(db: Database) -> Cast:
    return build(db)


def profile(
    db: Database, customer_id: int, *, orders: int | None = 10, timeline: int = 50
) -> Profile:
    """In a fresh session, as the pane loads it."""
    with db.sessions() as session:
        loaded = load_profile(session, customer_id, AS_OF, orders=orders, timeline=timeline)
    assert loaded is not None
    return loaded


def cached(db: Database, customer_id: int) -> Customer:
    with db.sessions() as session:
        found = session.get(Customer, customer_id)
        assert found is not None
        return found


# -- the cast itself -------------------------------------------------------------------------


def test_cast_builds_with_distinct_customers(db: Database) -> None:
    cast = build(db)
    ids = list(vars(cast).values())
    assert len(set(ids)) == 12
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 12


def test_missing_customer_gives_none(db: Database, cast: Cast) -> None:
    with db.sessions() as session:
        assert load_profile(session, max(vars(cast).values()) + 1000, AS_OF) is None


# -- contact and sources ---------------------------------------------------------------------


def test_contact_fields(db: Database, cast: Cast) -> None:
    c = profile(db, cast.shopify).contact
    assert (c.id, c.number, c.name) == (cast.shopify, "K1001", "Anna Schmidt")
    assert (c.first_name, c.last_name) == ("Anna", "Schmidt")
    assert c.email == "anna.schmidt@example.de"
    assert c.company == "Schmidt & Söhne GmbH"
    assert c.phone == "+4930123456"
    assert c.birthday is not None
    assert c.birthday.isoformat() == "1984-05-17"
    assert c.status is RegistrationStatus.REGISTERED
    assert c.comment == "Prefers letters in German."
    assert c.created_at == ago(400)

    guest = profile(db, cast.guest).contact
    assert guest.status is RegistrationStatus.GUEST
    assert guest.name == "guest.buyer@example.at"  # no name: the email stands in
    assert guest.birthday is None

    tricky = profile(db, cast.tricky).contact  # markup-like text comes back as it was stored
    assert tricky.name == "x[/] [@click=app.quit]"
    assert tricky.company == "[b]Bold[/b] Ltd"
    assert tricky.comment == "[red]not red[/red] \x1b[31m"


def test_source_badges_in_order_with_sync_time_only_for_shops(db: Database, cast: Cast) -> None:
    merged = profile(db, cast.merged).sources
    assert [(s.kind, s.label, s.synced_at) for s in merged] == [
        (SourceKind.SHOPIFY, "Shopify: My Store", ago(1)),
        (SourceKind.BILLBEE, "Billbee", ago(3)),
        (SourceKind.CSV, "CSV Import", None),
    ]
    single = {
        cast.shopify: (SourceKind.SHOPIFY, "Shopify: My Store"),
        cast.billbee: (SourceKind.BILLBEE, "Billbee"),
        cast.csv: (SourceKind.CSV, "CSV Import"),
        cast.api: (SourceKind.API, "API"),
        cast.manual: (SourceKind.MANUAL, "Manual"),
    }
    for customer_id, (kind, label) in single.items():
        (badge,) = profile(db, customer_id).sources
        assert (badge.kind, badge.label) == (kind, label)
        assert (badge.synced_at is not None) == kind.is_shop, kind
        if kind.is_shop:
            assert badge.synced_at == ago(2)


# -- addresses -------------------------------------------------------------------------------


def test_addresses(db: Database, cast: Cast) -> None:
    shopify = profile(db, cast.shopify).addresses
    assert shopify.delivery is not None
    assert shopify.billing is not None
    assert shopify.letter is not None
    assert shopify.letter.lines() == ["Anna Schmidt", "Hauptstraße 5a", "10115 Berlin", "DE"]
    assert shopify.letter_problems == ()
    assert shopify.letter_differs is False

    merged = profile(db, cast.merged).addresses
    assert merged.letter is not None
    assert merged.billing is not None
    assert merged.letter.company == "Wagner Design"
    assert merged.letter.lines() == [
        "Lena Wagner", "Wagner Design", "Lindenallee 7", "50667 Köln", "DE",
    ]  # fmt: skip
    assert merged.billing.city == "Hamburg"
    assert merged.letter_problems == ()
    assert merged.letter_differs is True

    incomplete = profile(db, cast.incomplete).addresses
    assert set(incomplete.letter_problems) == {
        AddressProblem.MISSING_HOUSE_NUMBER,
        AddressProblem.INVALID_POSTCODE,
    }
    assert incomplete.letter_differs is True  # the letter address lacks the house number

    api = profile(db, cast.api).addresses  # delivery and billing, no letter address
    assert api.delivery is not None
    assert api.delivery.country == "DK"
    assert api.letter is None
    assert api.letter_problems == ()
    assert api.letter_differs is False

    manual = profile(db, cast.manual).addresses  # a letter address only
    assert manual.delivery is None
    assert manual.billing is None
    assert manual.letter is not None
    assert manual.letter_differs is False  # nothing to differ from


def test_the_street_line_follows_the_country(db: Database) -> None:
    places = {"GB": LONDON, "US": BOSTON, "DE": {}}  # DE: Hauptstraße 5a, 10115 Berlin
    with db.sessions.begin() as session:
        ids = living_at(session, places)
    lines = {}
    for country, customer_id in ids.items():
        letter = profile(db, customer_id).addresses.letter
        assert letter is not None
        lines[country] = letter.lines()[1]
    assert lines == {"GB": "10 Downing Street", "US": "92 Chestnut Street", "DE": "Hauptstraße 5a"}


def test_customer_without_addresses(db: Database) -> None:
    with db.sessions.begin() as session:
        bare = customer("K2001", "Ohne", "Adresse", "ohne@example.de")
        session.add(bare)
    addresses = profile(db, bare.id).addresses
    assert (addresses.delivery, addresses.billing, addresses.letter) == (None, None, None)
    assert addresses.letter_problems == ()
    assert addresses.letter_differs is False


# -- orders ----------------------------------------------------------------------------------


def test_orders_newest_first_with_sources(db: Database, cast: Cast) -> None:
    p = profile(db, cast.shopify)
    assert [o.number for o in p.orders] == ["#1005", "#1004", "#1003", "#1002", "#1001"]
    assert p.all_orders_shown
    first = p.orders[-1]
    assert (first.placed_at, first.total, first.currency) == (ago(200), D("29.90"), "EUR")
    assert (first.source_kind, first.source_label) == (SourceKind.SHOPIFY, "Shopify: My Store")
    flags = {o.number: (o.status, o.is_test) for o in p.orders}
    assert flags["#1003"] == (OrderStatus.CANCELED, False)
    assert flags["#1004"] == (OrderStatus.FULFILLED, True)
    assert flags["#1002"] == (OrderStatus.RETURNED, False)

    merged = profile(db, cast.merged).orders
    assert [(o.number, o.source_label) for o in merged] == [
        ("BB-1602", "Billbee"),
        ("#1601", "Shopify: My Store"),
    ]


def test_order_list_is_limited_for_a_long_history(db: Database, cast: Cast) -> None:
    p = profile(db, cast.long_history)
    assert [o.number for o in p.orders] == [f"#{20000 + n}" for n in range(10)]
    assert p.summary.orders == 30
    assert not p.all_orders_shown
    everything = profile(db, cast.long_history, orders=None)
    assert len(everything.orders) == 30
    assert everything.all_orders_shown
    placed = [o.placed_at for o in everything.orders]
    assert placed == sorted(placed, reverse=True)
    with db.sessions() as session:
        assert order_list(session, cast.long_history, limit=3) == list(p.orders[:3])


def test_from_checkout_marks_the_recovered_order(db: Database, cast: Cast) -> None:
    (recovered,) = profile(db, cast.carts).orders
    assert (recovered.number, recovered.from_checkout) == ("#1801", True)
    for customer_id in (cast.shopify, cast.merged, cast.long_history):
        assert not any(o.from_checkout for o in profile(db, customer_id, orders=None).orders)


def test_order_items(db: Database, cast: Cast) -> None:
    p = profile(db, cast.shopify)
    with db.sessions() as session:
        items = order_items(session, p.orders[-1].id)  # #1001
        assert order_items(session, -1) == []
    assert items == [
        ItemLine("MUG-01", "Tasse „Guten Morgen“", 1, D("12.90")),
        ItemLine("TEA-07", "Earl Grey [loose] 250 g", 2, D("8.50")),
    ]


def test_summary_counts_every_order_per_currency(db: Database, cast: Cast) -> None:
    summary = profile(db, cast.shopify).summary
    assert summary.orders == 5  # test, canceled and returned included
    assert [(t.currency, t.orders, t.total, t.average) for t in summary.totals] == [
        ("EUR", 4, D("84.40"), D("21.10")),
        ("CHF", 1, D("10.50"), D("10.50")),
    ]


# -- statistics ------------------------------------------------------------------------------


def test_statistics_exclude_test_and_canceled_orders(db: Database, cast: Cast) -> None:
    s = profile(db, cast.shopify).statistics
    assert s.orders == 3  # #1001, #1002 (returned counts), #1005
    # In the currency of the latest counting order (#1005, CHF), as the list shows it.
    assert (s.lifetime_value, s.currency, s.average) == (D("10.50"), "CHF", D("10.50"))
    assert (s.first_order_at, s.last_order_at) == (ago(200), ago(1))
    assert s.days_since_last == 1
    # May, August, November 2026, oldest month first and this month last.
    assert s.monthly == (0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1)


def test_statistics_average_is_over_counting_orders_in_the_currency(
    db: Database, cast: Cast
) -> None:
    s = profile(db, cast.merged).statistics
    assert (s.orders, s.lifetime_value, s.currency, s.average) == (
        2, D("21.40"), "EUR", D("10.70"),
    )  # fmt: skip
    assert (s.first_order_at, s.last_order_at, s.days_since_last) == (ago(60), ago(20), 20)


def test_lifetime_value_agrees_with_the_list(db: Database, cast: Cast) -> None:
    for customer_id in vars(cast).values():
        s = profile(db, customer_id).statistics
        row = cached(db, customer_id)
        assert (s.orders, s.lifetime_value, s.currency) == (
            row.order_count, row.lifetime_value, row.currency,
        ), row.number  # fmt: skip
        assert s.last_order_at == row.last_order_at, row.number


def test_lifetime_value_and_averages_keep_each_currencys_digits(db: Database) -> None:
    """KWD has three decimals and JPY none: sums are exact, averages are rounded to the
    currency's unit (half to even), and the list's cached value agrees."""

    def placed(total: str, currency: str, days: int) -> Order:
        return Order(number=f"{currency}-{days}", placed_at=ago(days), total=D(total),
                     currency=currency, status=OrderStatus.PAID)  # fmt: skip

    with db.sessions.begin() as session:
        c = customer("K900", "Fatima", "Al-Sabah", "fatima@example.kw")
        c.orders = [
            placed("1000", "JPY", 90), placed("1000", "JPY", 80), placed("1001", "JPY", 70),
            placed("10.000", "KWD", 20), placed("2.345", "KWD", 10),
        ]  # fmt: skip
        session.add(c)
    p = profile(db, c.id)
    s = p.statistics
    assert (s.orders, s.currency, str(s.lifetime_value), str(s.average)) == (
        5, "KWD", "12.345", "6.172",
    )  # fmt: skip
    assert [(c, str(v)) for c, v in s.other_values] == [("JPY", "3001.00")]
    assert [(t.currency, t.orders, str(t.total), str(t.average)) for t in p.summary.totals] == [
        ("JPY", 3, "3001.00", "1000"),
        ("KWD", 2, "12.345", "6.172"),
    ]
    row = cached(db, c.id)
    assert (row.currency, row.lifetime_value) == ("KWD", s.lifetime_value)


def test_monthly_sparkline_counts_the_last_twelve_months(db: Database, cast: Cast) -> None:
    p = profile(db, cast.long_history, orders=None)
    s = p.statistics
    assert len(s.monthly) == 12
    # Orders every 23 1/3 days from 3 days ago; 1 Dec 2025 (the first month shown) is 354.5
    # days before AS_OF, so orders 0..15 fall in the window.
    assert sum(s.monthly) == 16

    def month(moment: datetime) -> int:
        return moment.year * 12 + moment.month - 1

    window = [
        o
        for o in p.orders
        if counts(o.status, o.is_test) and month(AS_OF) - month(o.placed_at) < 12
    ]
    assert sum(s.monthly) == len(window)
    assert s.monthly[-1] == 1  # 3 days ago; 26 days ago is October
    assert s.orders == 30
    assert (s.first_order_at, s.last_order_at) == (p.orders[-1].placed_at, ago(3))
    assert s.days_since_last == 3


def test_customer_without_orders(db: Database, cast: Cast) -> None:
    p = profile(db, cast.no_orders)
    assert p.orders == ()
    assert p.all_orders_shown
    assert (p.summary.orders, p.summary.totals) == (0, ())
    s = p.statistics
    assert (s.orders, s.lifetime_value, s.currency, s.average) == (0, D("0.00"), None, None)
    assert (s.first_order_at, s.last_order_at, s.days_since_last) == (None, None, None)
    assert s.monthly == (0,) * 12
    assert (p.top_products, p.checkouts, p.letters, p.last_letter_at) == ((), (), (), None)
    assert p.timeline == ()
    assert p.timeline_complete


def test_top_products_by_quantity_without_test_or_canceled(db: Database, cast: Cast) -> None:
    # #1003 (canceled: 1 card) and #1004 (test: 2 mugs) do not count; the wrapping has no SKU.
    assert profile(db, cast.shopify).top_products == (
        TopProduct("TEA-07", "Earl Grey [loose] 250 g", 6),
        TopProduct("", "Geschenkverpackung", 1),
        TopProduct("MUG-01", "Tasse „Guten Morgen“", 1),
    )
    top = profile(db, cast.long_history).top_products
    assert len(top) == 4  # all four products, fewer than the five shown at most
    assert [t.quantity for t in top] == sorted((t.quantity for t in top), reverse=True)
    # Product n % 4 with quantity 1 + n % 3 for n < 30.
    expected: dict[int, int] = {}
    for n in range(30):
        expected[n % 4] = expected.get(n % 4, 0) + 1 + n % 3
    assert sorted(t.quantity for t in top) == sorted(expected.values())


def test_top_products_are_at_most_five(db: Database) -> None:
    with db.sessions.begin() as session:
        many = customer("K2002", "Viele", "Produkte", "viele@example.de")
        many.orders = [order("#M1", 5, [(0, 1), (1, 2), (2, 3), (3, 4)])]
        many.orders[0].items += [
            OrderItem(sku=f"X-{n}", title=f"Extra {n}", quantity=10 + n, unit_price=D("1.00"))
            for n in range(3)
        ]  # fmt: skip
        session.add(many)
    top = profile(db, many.id).top_products
    assert [t.sku for t in top] == ["X-2", "X-1", "X-0", "", "CARD-3"]


# -- checkouts and letters -------------------------------------------------------------------


def test_checkouts_newest_first_with_recovered_order(db: Database, cast: Cast) -> None:
    checkouts = profile(db, cast.carts).checkouts
    seen = [(c.created_at, c.value, c.currency, c.products, c.recovered_order) for c in checkouts]
    assert seen == [
        (ago(11), D("16.10"), "EUR", ("Tasse „Guten Morgen“", "Grußkarte Sommer"), "#1801"),
        (ago(40), D("25.80"), "EUR", ("Tasse „Guten Morgen“",), None),
    ]
    assert profile(db, cast.shopify).checkouts == ()


def test_letters_newest_first(db: Database, cast: Cast) -> None:
    p = profile(db, cast.shopify)
    shipped, delivered = p.letters
    assert (shipped.campaign, shipped.campaign_kind) == ("Danke-Karte", CampaignKind.RECURRING)
    assert (shipped.status, shipped.status_at) == (LetterStatus.SHIPPED, ago(7))
    assert (shipped.delivered_at, shipped.scanned_at, shipped.order_after_days) == (
        None, None, None,
    )  # fmt: skip
    assert (delivered.campaign, delivered.campaign_kind) == (
        "Willkommen zurück", CampaignKind.ONE_TIME,
    )  # fmt: skip
    assert (delivered.status, delivered.status_at) == (LetterStatus.DELIVERED, ago(97))
    assert (delivered.accepted_at, delivered.scanned_at) == (ago(100), ago(95))
    assert delivered.order_after_days == 7  # delivered 97 days ago, #1002 90 days ago
    assert delivered.address_lines == ("Anna Schmidt", "Hauptstraße 5a", "10115 Berlin")
    assert not delivered.has_pdf
    assert p.last_letter_at == ago(8) == cached(db, cast.shopify).last_letter_at

    (failed,) = profile(db, cast.merged).letters
    assert (failed.status, failed.status_at) == (LetterStatus.FAILED, ago(46))
    assert failed.failure_reason == "Empfänger unbekannt"
    assert profile(db, cast.merged).last_letter_at is None  # a failed letter was never sent

    accepted = profile(db, cast.incomplete).letters[0]
    assert (accepted.status, accepted.status_at) == (LetterStatus.ACCEPTED, ago(1))

    letters = profile(db, cast.long_history).letters
    assert len(letters) == 12
    assert [x.accepted_at for x in letters] == sorted(
        (x.accepted_at for x in letters), reverse=True
    )
    # Letter n is delivered 2 + 50 n days ago; orders are 3 + 23 1/3 k days ago.
    assert letters[0].order_after_days is None  # no order since
    assert letters[1].order_after_days == 2  # delivered 52 days ago, order 49 2/3 days ago


def test_order_after_days_skips_orders_that_do_not_count(db: Database) -> None:
    delivered = AS_OF - timedelta(days=30)
    with db.sessions.begin() as session:
        who = customer("K2003", "Brief", "Empfänger", "brief@example.de")
        who.orders = [
            order("#B0", 40, [(0, 1)]),  # before the letter
            order("#B1", 29, [(0, 1)], status=OrderStatus.CANCELED),
            order("#B2", 28, [(0, 1)], is_test=True),
            order("#B3", 24.5, [(0, 1)], status=OrderStatus.RETURNED),  # counts
        ]
        campaign = Campaign(name="Herbst", kind=CampaignKind.ONE_TIME, created_at=ago(90))
        session.add_all([who, campaign])
        session.add_all(
            [
                Letter(
                    campaign=campaign, customer=who, status=LetterStatus.DELIVERED,
                    token="tok-after", address_lines="Brief Empfänger", body="…",
                    accepted_at=delivered - timedelta(days=3), delivered_at=delivered,
                    pdf=b"%PDF-1.4",
                ),
                Letter(
                    campaign=campaign, customer=who, status=LetterStatus.DELIVERED,
                    token="tok-none", address_lines="Brief Empfänger", body="…",
                    accepted_at=ago(10), delivered_at=ago(8),
                ),
            ]
        )  # fmt: skip
    newer, older = profile(db, who.id).letters
    assert older.order_after_days == 5  # 30 days ago to 24.5 days ago: 5 whole days
    assert older.has_pdf
    assert newer.order_after_days is None


# -- timeline --------------------------------------------------------------------------------


def test_timeline_merges_orders_events_and_letters(db: Database, cast: Cast) -> None:
    p = profile(db, cast.shopify)
    assert p.timeline_complete
    assert [(e.at, e.kind) for e in p.timeline] == [
        (ago(1), EventKind.ORDER_PLACED),
        (ago(5), EventKind.ORDER_PLACED),
        (ago(8), EventKind.LETTER_SENT),
        (ago(30), EventKind.ORDER_PLACED),
        (ago(90), EventKind.ORDER_PLACED),
        (ago(95), EventKind.QR_SCANNED),
        (ago(97), EventKind.LETTER_DELIVERED),
        (ago(100), EventKind.LETTER_SENT),
        (ago(150), EventKind.COMMENT_CHANGED),
        (ago(200), EventKind.ORDER_PLACED),
    ]
    newest = p.timeline[0]
    assert newest.actor == "Shopify: My Store"
    assert (newest.details["number"], newest.details["currency"]) == ("#1005", "CHF")
    assert D(str(newest.details["total"])) == D("10.50")
    assert p.timeline[2].details == {"campaign": "Danke-Karte"}
    comment = p.timeline[8]
    assert comment.actor == "maria"
    assert comment.details == {"old": "", "new": "Prefers letters in German."}

    merged = profile(db, cast.merged).timeline
    assert [(e.at, e.kind) for e in merged] == [
        (ago(20), EventKind.ORDER_PLACED),
        (ago(50), EventKind.LETTER_SENT),
        (ago(60), EventKind.ORDER_PLACED),
        (ago(70), EventKind.SOURCE_MERGED),
    ]

    limited = profile(db, cast.shopify, timeline=4)
    assert limited.timeline == p.timeline[:4]
    assert not limited.timeline_complete
    exact = profile(db, cast.shopify, timeline=10)
    assert exact.timeline == p.timeline
    assert exact.timeline_complete


def test_timeline_of_a_long_history_is_limited(db: Database, cast: Cast) -> None:
    # 30 orders + 12 letters sent + 12 delivered + 3 scans.
    full = profile(db, cast.long_history, timeline=100)
    assert len(full.timeline) == 57
    assert full.timeline_complete
    kinds = [e.kind for e in full.timeline]
    assert kinds.count(EventKind.ORDER_PLACED) == 30
    assert kinds.count(EventKind.LETTER_SENT) == kinds.count(EventKind.LETTER_DELIVERED) == 12
    assert kinds.count(EventKind.QR_SCANNED) == 3
    at = [e.at for e in full.timeline]
    assert at == sorted(at, reverse=True)

    shown = profile(db, cast.long_history)
    assert len(shown.timeline) == 50
    assert not shown.timeline_complete
    assert shown.timeline == full.timeline[:50]


# -- orders by number ------------------------------------------------------------------------


def test_orders_by_number(db: Database, cast: Cast) -> None:
    with db.sessions() as session:
        found = orders_by_number(session, " K1012 ")
        assert orders_by_number(session, "K9999") is None
        assert orders_by_number(session, "") is None
    assert found is not None
    assert (found.customer_id, found.name) == (cast.long_history, "Maria Hoffmann")
    assert len(found.orders) == 30
    assert found.orders[0].number == "#20000"
    assert found.orders[-1].number == "#20029"


# -- the internal comment --------------------------------------------------------------------


def comment_events(db: Database, customer_id: int) -> list[TimelineEvent]:
    return events_of(db, customer_id, EventKind.COMMENT_CHANGED)


def stored_comment(db: Database, customer_id: int) -> str:
    return cached(db, customer_id).comment


def test_save_comment_writes_one_event(db: Database, cast: Cast) -> None:
    before = cached(db, cast.shopify)
    with db.sessions() as session:
        saved = save_comment(
            session, cast.shopify, base="Prefers letters in German.", new="Call first.",
            actor="jonas", now=AS_OF,
        )  # fmt: skip
    assert saved is True
    after = cached(db, cast.shopify)
    assert (after.comment, after.updated_at) == ("Call first.", AS_OF)
    assert after.version == before.version + 1
    assert after.lifetime_value == before.lifetime_value  # the cached figures are untouched
    events = comment_events(db, cast.shopify)
    assert len(events) == 2  # the builder's and ours
    assert (events[-1].at, events[-1].actor) == (AS_OF, "jonas")
    assert events[-1].details == {"old": "Prefers letters in German.", "new": "Call first."}
    timeline = profile(db, cast.shopify).timeline
    assert (timeline[0].at, timeline[0].kind) == (AS_OF, EventKind.COMMENT_CHANGED)


def test_unchanged_comment_writes_nothing(db: Database, cast: Cast) -> None:
    version = cached(db, cast.shopify).version
    with db.sessions() as session:
        saved = save_comment(
            session, cast.shopify, base="Prefers letters in German.",
            new="Prefers letters in German.", actor="jonas", now=AS_OF,
        )  # fmt: skip
    assert saved is False
    assert len(comment_events(db, cast.shopify)) == 1
    assert cached(db, cast.shopify).version == version


def test_stale_base_is_a_conflict(db: Database, cast: Cast) -> None:
    with db.sessions() as session, pytest.raises(CommentConflict) as caught:
        save_comment(session, cast.shopify, base="", new="Mine", actor="jonas", now=AS_OF)
    assert caught.value.current == "Prefers letters in German."
    assert isinstance(caught.value, UserError)
    assert stored_comment(db, cast.shopify) == "Prefers letters in German."
    assert len(comment_events(db, cast.shopify)) == 1


def test_overlong_comment_is_refused(db: Database, cast: Cast) -> None:
    with db.sessions() as session:
        assert save_comment(
            session, cast.no_orders, base="", new="x" * MAX_COMMENT, actor="a", now=AS_OF
        )
    with db.sessions() as session, pytest.raises(UserError, match="too long"):
        save_comment(
            session, cast.no_orders, base="x" * MAX_COMMENT, new="y" * (MAX_COMMENT + 1),
            actor="a", now=AS_OF,
        )  # fmt: skip
    assert stored_comment(db, cast.no_orders) == "x" * MAX_COMMENT
    assert len(comment_events(db, cast.no_orders)) == 1


@pytest.mark.parametrize("text", ["NUL\x00byte", "lone surrogate \ud800"])
def test_unstorable_comment_is_refused_on_every_engine(db: Database, cast: Cast, text: str) -> None:
    # PostgreSQL cannot store NUL and no driver encodes a lone surrogate: a UserError with one
    # line for the operator, never a driver error, and nothing stored.
    with db.sessions() as session, pytest.raises(UserError, match="cannot be stored"):
        save_comment(session, cast.no_orders, base="", new=text, actor="a", now=AS_OF)
    assert stored_comment(db, cast.no_orders) == ""
    assert comment_events(db, cast.no_orders) == []


def test_comment_on_a_missing_customer(db: Database, cast: Cast) -> None:
    with db.sessions() as session, pytest.raises(CustomerGone):
        save_comment(session, cast.shopify + 1000, base="", new="x", actor="a", now=AS_OF)


@pytest.mark.parametrize(
    "text",
    [
        "[b]bold[/b] [@click=app.quit]quit[/] [link=https://x]x[/link]",
        "tab\there\nsecond line",
        "Kunde 👩‍👩‍👧 mag 🇩🇪 und ☕️",
        "שלום עולם \u202eRTL override\u202c مرحبا",
        "  leading and trailing spaces  \n\n",
        "Zero\u200bwidth and combining e\u0301",
    ],
)
def test_comment_is_stored_faithfully(db: Database, cast: Cast, text: str) -> None:
    with db.sessions() as session:
        assert save_comment(session, cast.no_orders, base="", new=text, actor="a", now=AS_OF)
    assert stored_comment(db, cast.no_orders) == text
    assert profile(db, cast.no_orders).contact.comment == text
    assert comment_events(db, cast.no_orders)[-1].details == {"old": "", "new": text}


def test_change_between_read_and_write_is_refused(db: Database, cast: Cast) -> None:
    """Another operator saves between this save's read and its write: the version column
    catches it, and their comment stays."""

    def meanwhile(session: Session, *_: object) -> None:
        with db.sessions.begin() as other:
            row = other.get(Customer, cast.shopify)
            assert row is not None
            row.comment = "Theirs"

    with db.sessions() as session:
        event.listen(session, "before_flush", meanwhile, once=True)
        with pytest.raises(CommentConflict) as caught:
            save_comment(
                session, cast.shopify, base="Prefers letters in German.", new="Mine",
                actor="jonas", now=AS_OF,
            )  # fmt: skip
    assert caught.value.current == "Theirs"
    assert stored_comment(db, cast.shopify) == "Theirs"
    assert [e.actor for e in comment_events(db, cast.shopify)] == ["maria"]


def test_customer_deleted_between_read_and_write(db: Database, cast: Cast) -> None:
    def meanwhile(session: Session, *_: object) -> None:
        with db.sessions.begin() as other:
            other.execute(delete(Customer).where(Customer.id == cast.no_orders))

    with db.sessions() as session:
        event.listen(session, "before_flush", meanwhile, once=True)
        with pytest.raises(CustomerGone):
            save_comment(session, cast.no_orders, base="", new="x", actor="a", now=AS_OF)
    with db.sessions() as session:
        assert session.get(Customer, cast.no_orders) is None
        assert load_profile(session, cast.no_orders, AS_OF) is None


def test_another_field_changed_meanwhile_is_no_conflict(db: Database, cast: Cast) -> None:
    """Someone edits the phone between this save's read and its write: the version column
    refuses the first write, the comment is still the operator's base, so it is saved."""

    def meanwhile(session: Session, *_: object) -> None:
        with db.sessions.begin() as other:
            row = other.get(Customer, cast.shopify)
            assert row is not None
            row.phone = "+4930999"

    with db.sessions() as session:
        event.listen(session, "before_flush", meanwhile, once=True)
        assert save_comment(
            session, cast.shopify, base="Prefers letters in German.", new="Mine",
            actor="jonas", now=AS_OF,
        )  # fmt: skip
    assert stored_comment(db, cast.shopify) == "Mine"
    with db.sessions() as session:
        row = session.get(Customer, cast.shopify)
        assert row is not None
        assert row.phone == "+4930999"
    assert [e.actor for e in comment_events(db, cast.shopify)] == ["maria", "jonas"]


@pytest.mark.parametrize("text", ["\x1b[31mred", "bell\x07", "nul-free\x7f"])
def test_terminal_control_characters_are_refused(db: Database, cast: Cast, text: str) -> None:
    with db.sessions() as session, pytest.raises(UserError, match="control characters"):
        save_comment(session, cast.no_orders, base="", new=text, actor="a", now=AS_OF)
    assert stored_comment(db, cast.no_orders) == ""
