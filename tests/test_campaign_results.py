"""What the campaigns screen counts, on both engines: letters per status, QR scan rate, and
the orders placed within 30 days after a letter's delivery."""

from __future__ import annotations

from decimal import Decimal

from autoletter_tui.data.db import Database
from autoletter_tui.data.models import Campaign, CampaignKind, LetterStatus, OrderStatus
from autoletter_tui.letters.results import Revenue, campaign_letters, campaign_results
from tests.profile_customers import _letter, ago, customer, home, order


def scenario(db: Database) -> tuple[int, int]:
    with db.sessions.begin() as session:
        campaign = Campaign(
            name="Herbst [b]x[/b]", kind=CampaignKind.ONE_TIME, text="Hallo", created_at=ago(50)
        )
        empty = Campaign(
            name="Noch leer", kind=CampaignKind.RECURRING, text="Hallo", created_at=ago(1)
        )
        a, b, c, d, e = (
            customer(f"K{n}", first, "Muster", f"{first.lower()}@example.de")
            for n, first in enumerate(("Anna", "Bert", "Cora", "Dirk", "Emil"), start=9001)
        )
        for who in (a, b, c, d, e):
            who.addresses = home(f"{who.first_name} Muster")
        a.orders = [
            order("#A1", 35, [(0, 1)]),  # 5 days after delivery: 12.90 EUR
            order("#A2", 5, [(1, 1)]),  # 35 days after: too late
        ]
        b.orders = [
            order("#B1", 10, [(1, 2)], is_test=True),  # test orders never count
            order("#B2", 10, [(2, 1)], status=OrderStatus.CANCELED),  # nor canceled ones
            order("#B3", 10, [(1, 2)]),  # 17.00 EUR
            order("#B4", 9, [(0, 1)], currency="CHF"),  # 12.90 CHF
        ]
        c.orders = [order("#C1", 1, [(0, 1)])]  # never delivered: no window
        e.orders = [order("#E1", 11, [(0, 1)])]  # the day before delivery
        session.add_all([campaign, empty, a, b, c, d, e])
        session.add_all(
            [
                _letter(campaign, a, "ra", LetterStatus.DELIVERED, 43),  # delivered 40 days ago
                _letter(campaign, b, "rb", LetterStatus.DELIVERED, 23),  # 20 days ago
                _letter(campaign, c, "rc", LetterStatus.SHIPPED, 10, scanned=2),
                _letter(campaign, d, "rd", LetterStatus.FAILED, 30, reason="Unbekannt"),
                _letter(campaign, e, "re", LetterStatus.DELIVERED, 13),  # 10 days ago
            ]
        )
        session.flush()
        return campaign.id, empty.id


def test_figures_per_campaign(db: Database) -> None:
    campaign_id, empty_id = scenario(db)
    with db.sessions() as session:
        results = campaign_results(session)
    assert [r.id for r in results] == [empty_id, campaign_id]  # newest first
    empty, herbst = results
    assert herbst.name == "Herbst [b]x[/b]"
    assert herbst.per_status == {
        LetterStatus.ACCEPTED: 0,
        LetterStatus.IN_PRODUCTION: 0,
        LetterStatus.SHIPPED: 1,
        LetterStatus.DELIVERED: 3,
        LetterStatus.FAILED: 1,
    }
    assert (herbst.letters, herbst.sent, herbst.delivered, herbst.scanned) == (5, 4, 3, 1)
    assert (herbst.orders, herbst.ordering) == (3, 2)
    assert herbst.revenue == (Revenue("EUR", Decimal("29.90")), Revenue("CHF", Decimal("12.90")))
    assert herbst.state == "sent"
    assert (empty.letters, empty.orders, empty.revenue, empty.state) == (0, 0, (), "active")


def test_a_campaigns_letters_come_a_page_at_a_time(db: Database) -> None:
    campaign_id, empty_id = scenario(db)
    seen: list[str] = []
    after, more = 0, True
    with db.sessions() as session:
        while more:
            page, more = campaign_letters(session, campaign_id, after=after, limit=2)
            assert len(page) == (2 if more else 1)
            seen += [f"{x.number} {x.name} {x.status.value}" for x in page]
            after = page[-1].id
        assert campaign_letters(session, empty_id) == ([], False)
    assert seen == [
        "K9001 Anna Muster delivered",
        "K9002 Bert Muster delivered",
        "K9003 Cora Muster shipped",
        "K9004 Dirk Muster failed",
        "K9005 Emil Muster delivered",
    ]
