"""Read side for the screens: plain results, never live ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from autoletter_tui.data.models import Customer
from autoletter_tui.data.search import tokens


@dataclass(frozen=True, slots=True)
class Kpis:
    customers: int
    new_this_month: int
    new_last_month: int
    repeat_buyers: int  # customers with 2+ counting orders
    buyers: int  # customers with 1+ counting orders
    revenue: tuple[tuple[str, Decimal], ...]  # lifetime value summed per currency, largest first

    @property
    def repeat_rate(self) -> float:
        return self.repeat_buyers / self.buyers if self.buyers else 0.0

    @property
    def growth(self) -> float | None:
        """New customers this month against last month; None when last month had none."""
        if not self.new_last_month:
            return None
        return self.new_this_month / self.new_last_month - 1


def _month_start(moment: datetime, months_back: int = 0) -> datetime:
    month = moment.month - 1 - months_back
    year = moment.year + month // 12
    return moment.replace(
        year=year, month=month % 12 + 1, day=1, hour=0, minute=0, second=0, microsecond=0
    )


def kpis(session: Session, now: datetime) -> Kpis:
    this_month, last_month = _month_start(now), _month_start(now, 1)
    counts = session.execute(
        select(
            func.count(),
            func.count(case((Customer.created_at >= this_month, 1))),
            func.count(
                case(((Customer.created_at >= last_month) & (Customer.created_at < this_month), 1))
            ),
            func.count(case((Customer.order_count >= 2, 1))),
            func.count(case((Customer.order_count >= 1, 1))),
        )
    ).one()
    revenue = session.execute(
        select(Customer.currency, func.sum(Customer.lifetime_value))
        .where(Customer.currency.is_not(None))
        .group_by(Customer.currency)
        .order_by(func.sum(Customer.lifetime_value).desc())
    ).all()
    return Kpis(*counts, revenue=tuple((c, v) for c, v in revenue if c is not None))


@dataclass(frozen=True, slots=True)
class CustomerHit:
    id: int
    name: str
    email: str
    number: str


def find_customers(
    session: Session, text: str, now: datetime, limit: int = 10
) -> list[CustomerHit]:
    """Customers found by the overview's search (name, email, number, company, city, ...),
    by name, for the command palette."""
    from autoletter_tui.data.overview import ListQuery, SortKey, page

    if not tokens(text):
        return []
    query = ListQuery(sort=SortKey.NAME, descending=False, search=text)
    rows = page(session, query, now, limit=limit)
    return [CustomerHit(r.id, r.name, r.email.strip(), r.number) for r in rows]
