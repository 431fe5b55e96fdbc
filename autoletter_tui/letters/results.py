"""What campaigns achieved: letters per status, QR scans, and orders that followed delivery.

Attribution: an order is counted for a letter when the letter's customer placed it within
``ATTRIBUTION_DAYS`` after the letter was delivered, and the order counts (no test, not
canceled; ``figures.counts``). Letters never reported delivered attribute nothing: without a
delivery date there is no window. The QR scan rate is over the letters sent (every letter
that did not fail).

Everything is counted in the database with GROUP BY, so the cost grows with the letters, not
with what Python holds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, func, select
from sqlalchemy.orm import Session

from autoletter_tui.data.figures import ZERO, counting_order
from autoletter_tui.data.models import (
    Campaign,
    CampaignKind,
    Customer,
    Letter,
    LetterStatus,
    Order,
)

ATTRIBUTION_DAYS = 30
LETTERS_SHOWN = 100  # a campaign's letters per page of the list


@dataclass(frozen=True, slots=True)
class Revenue:
    currency: str
    total: Decimal


@dataclass(frozen=True, slots=True)
class CampaignResult:
    id: int
    name: str
    kind: CampaignKind
    created_at: datetime
    ended_at: datetime | None
    per_status: dict[LetterStatus, int]
    scanned: int  # letters sent (not failed) whose QR code was scanned
    orders: int  # counting orders placed within ATTRIBUTION_DAYS after a letter's delivery
    ordering: int  # delivered letters followed by at least one such order
    revenue: tuple[Revenue, ...]  # of those orders, per currency, largest first

    @property
    def letters(self) -> int:
        return sum(self.per_status.values())

    @property
    def sent(self) -> int:
        return self.letters - self.per_status[LetterStatus.FAILED]

    @property
    def delivered(self) -> int:
        return self.per_status[LetterStatus.DELIVERED]

    @property
    def state(self) -> str:
        """ended / active (a recurring campaign still taking newcomers) / sent / no letters."""
        if self.ended_at is not None:
            return "ended"
        if self.kind is CampaignKind.RECURRING:
            return "active"
        return "sent" if self.letters else "no letters"


def days_between(
    earlier: SQLColumnExpression[datetime | None],
    later: SQLColumnExpression[datetime],
    session: Session,
) -> ColumnElement[Any]:
    """``later - earlier`` in days, in SQL: the engines differ in date arithmetic."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return func.extract("epoch", later - earlier) / 86400


def campaign_results(session: Session) -> list[CampaignResult]:
    """Every campaign, newest first, with its figures."""
    per_status: dict[int, dict[LetterStatus, int]] = defaultdict(
        lambda: dict.fromkeys(LetterStatus, 0)
    )
    scanned: dict[int, int] = defaultdict(int)
    for campaign_id, status, count, scans in session.execute(
        select(
            Letter.campaign_id, Letter.status, func.count(), func.count(Letter.scanned_at)
        ).group_by(Letter.campaign_id, Letter.status)
    ):
        per_status[campaign_id][status] = count
        if status is not LetterStatus.FAILED:  # the rate is over the letters sent
            scanned[campaign_id] += scans
    # One row per letter and currency that orders followed: few (a few percent of the
    # delivered letters), so they are summed up here, in one pass over the join.
    after = days_between(Letter.delivered_at, Order.placed_at, session)
    attributed = (
        select(Letter.campaign_id, Letter.id, Order.currency, func.count(), func.sum(Order.total))
        .join(Order, Order.customer_id == Letter.customer_id)
        .where(
            Letter.delivered_at.is_not(None),
            Order.placed_at > Letter.delivered_at,
            after <= ATTRIBUTION_DAYS,
            counting_order(),
        )
        .group_by(Letter.campaign_id, Letter.id, Order.currency)
    )
    orders: dict[int, int] = defaultdict(int)
    ordering: dict[int, set[int]] = defaultdict(set)
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for campaign_id, letter_id, currency, count, total in session.execute(attributed):
        orders[campaign_id] += count
        ordering[campaign_id].add(letter_id)
        sums[campaign_id][currency] += total or ZERO
    revenue = {
        campaign_id: tuple(
            Revenue(c, t) for c, t in sorted(per.items(), key=lambda ct: (-ct[1], ct[0]))
        )
        for campaign_id, per in sums.items()
    }
    return [
        CampaignResult(
            id=c.id,
            name=c.name,
            kind=c.kind,
            created_at=c.created_at,
            ended_at=c.ended_at,
            per_status=per_status[c.id],
            scanned=scanned[c.id],
            orders=orders[c.id],
            ordering=len(ordering[c.id]),
            revenue=revenue.get(c.id, ()),
        )
        for c in session.scalars(
            select(Campaign).order_by(Campaign.created_at.desc(), Campaign.id.desc())
        )
    ]


@dataclass(frozen=True, slots=True)
class CampaignLetter:
    id: int
    token: str
    customer_id: int
    number: str
    name: str  # the first line of the address as printed
    status: LetterStatus
    status_at: datetime
    failure_reason: str
    scanned_at: datetime | None


def campaign_letters(
    session: Session, campaign_id: int, *, after: int = 0, limit: int = LETTERS_SHOWN
) -> tuple[list[CampaignLetter], bool]:
    """A page of the campaign's letters in id order (keyset: ids after ``after``), and
    whether more follow."""
    stamp = func.coalesce(
        Letter.failed_at, Letter.delivered_at, Letter.shipped_at, Letter.in_production_at,
        Letter.accepted_at,
    )  # fmt: skip
    rows = session.execute(
        select(
            Letter.id,
            Letter.token,
            Letter.customer_id,
            Customer.number,
            Letter.address_lines,
            Letter.status,
            stamp,
            Letter.failure_reason,
            Letter.scanned_at,
        )
        .join(Customer, Customer.id == Letter.customer_id)
        .where(Letter.campaign_id == campaign_id, Letter.id > after)
        .order_by(Letter.id)
        .limit(limit + 1)
    ).all()
    letters = [
        CampaignLetter(
            id_, token, customer, number, lines.split("\n", 1)[0], status, at, reason, scanned
        )
        for id_, token, customer, number, lines, status, at, reason, scanned in rows[:limit]
    ]
    return letters, len(rows) > limit
