"""Read side: plain results for the screens, never live ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from autoletter_tui.data.models import Customer, CustomerSource, RegistrationStatus


@dataclass(frozen=True, slots=True)
class CustomerRow:
    id: int
    number: str
    name: str
    email: str
    company: str
    city: str
    country: str
    status: RegistrationStatus
    order_count: int
    lifetime_value: Decimal
    currency: str | None
    last_order_at: datetime | None
    sources: tuple[str, ...]
    has_test_orders: bool


def display_name(first_name: str, last_name: str, email: str) -> str:
    """The name the lists show: first and last name, else the email."""
    return f"{first_name} {last_name}".strip() or email.strip()


def customer_count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(Customer)).scalar_one()


def first_customers(session: Session, limit: int = 100) -> list[CustomerRow]:
    """The top of the default order: newest last order first, ties by name, no orders last."""
    customers = session.execute(
        select(Customer)
        .order_by(
            Customer.last_order_at.is_(None),
            Customer.last_order_at.desc(),
            Customer.sort_name,
            Customer.id,
        )
        .limit(limit)
    ).scalars()
    rows = list(customers)
    labels: dict[int, list[str]] = {c.id: [] for c in rows}
    for customer_id, label in session.execute(
        select(CustomerSource.customer_id, CustomerSource.label)
        .where(CustomerSource.customer_id.in_(labels))
        .order_by(CustomerSource.id)
    ):
        labels[customer_id].append(label)
    return [
        CustomerRow(
            id=c.id,
            number=c.number,
            name=display_name(c.first_name, c.last_name, c.email),
            email=c.email,
            company=c.company,
            city=c.city,
            country=c.country,
            status=c.status,
            order_count=c.order_count,
            lifetime_value=c.lifetime_value,
            currency=c.currency,
            last_order_at=c.last_order_at,
            sources=tuple(labels[c.id]),
            has_test_orders=c.has_test_orders,
        )
        for c in rows
    ]
