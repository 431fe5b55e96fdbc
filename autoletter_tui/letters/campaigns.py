"""Campaigns: a segment of the customer list, a letter text, and the letters generated for it.

A campaign keeps the overview's search and filters it was created from (its segment). Before
launch the operator sees how many customers get a letter and how many are skipped, and why:
contacted by letter within the last N days, no letter address, or one that is incomplete for
its country. Launch generates each letter with its snapshot (address and text as printed, PDF
bytes). A one-time campaign launches once; a recurring one can be run again and only the
customers who have newly come to match get a letter, until it is ended.
"""

from __future__ import annotations

import secrets
import string
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, case, exists, func, literal, select, update
from sqlalchemy.orm import Session

from autoletter_tui import formatting
from autoletter_tui.data import overview as ov
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.models import (
    Address,
    AddressKind,
    Campaign,
    CampaignKind,
    Customer,
    Letter,
    LetterStatus,
    RegistrationStatus,
    SourceKind,
)
from autoletter_tui.i18n import _, ngettext
from autoletter_tui.letters.address import envelope_lines
from autoletter_tui.letters.pdf import LetterPage
from autoletter_tui.letters.rendering import Renderer
from autoletter_tui.letters.viewing import DEFAULT_SENDER_LINE, DEFAULT_TRACKING_URL, tracking_url

RECENT_DAYS = 30
RECENT_KEY = "recent_days"  # in Campaign.segment, next to the search and filters
CHUNK = 500
# Placeholders and the customer value each stands for; the German names are the same values.
PLACEHOLDERS = {
    "first_name": "first_name",
    "last_name": "last_name",
    "last_order": "last_order",
    "vorname": "first_name",
    "nachname": "last_name",
    "letzte_bestellung": "last_order",
}


class TemplateError(UserError):
    pass


def check_template(text: str) -> None:
    """Refuse a letter text whose placeholders are not ours (or not well formed)."""
    if not text.strip():
        raise TemplateError(_("The letter text is empty."))
    try:
        fields = [name for _t, name, _s, _c in string.Formatter().parse(text) if name is not None]
    except ValueError as error:
        raise TemplateError(
            _("The letter text has a broken placeholder: {error}.").format(error=error)
        ) from None
    unknown = sorted({f for f in fields if f not in PLACEHOLDERS})
    if unknown:
        allowed = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
        raise TemplateError(
            _("Unknown placeholder(s) {unknown}; use {allowed}.").format(
                unknown=", ".join(f"{{{u}}}" for u in unknown), allowed=allowed
            )
        )


def fill(text: str, *, first_name: str, last_name: str, last_order: datetime | None) -> str:
    values = {
        "first_name": first_name,
        "last_name": last_name,
        "last_order": last_order.astimezone().strftime("%d.%m.%Y") if last_order else "–",
    }
    # format_map with plain values only: a name like "{x}" in the data stays as it is.
    return text.format_map({p: values[v] for p, v in PLACEHOLDERS.items()})


# -- segments --------------------------------------------------------------------------------


def segment_of(query: ov.ListQuery) -> dict[str, Any]:
    f = query.filter
    return {
        "search": query.search,
        "sources": sorted(s.value for s in f.sources),
        "status": f.status.value if f.status else None,
        "test_orders": f.test_orders,
        "letter_incomplete": f.letter_incomplete,
        "qr_scanned": f.qr_scanned,
        "contacted": [f.contacted.kind, f.contacted.days] if f.contacted else None,
    }


def query_of(segment: dict[str, Any]) -> ov.ListQuery:
    contacted = segment.get("contacted")
    return ov.ListQuery(
        search=segment.get("search", ""),
        filter=ov.CustomerFilter(
            sources=frozenset(SourceKind(s) for s in segment.get("sources", ())),
            status=RegistrationStatus(segment["status"]) if segment.get("status") else None,
            test_orders=bool(segment.get("test_orders")),
            letter_incomplete=bool(segment.get("letter_incomplete")),
            qr_scanned=bool(segment.get("qr_scanned")),
            contacted=ov.Contacted(contacted[0], contacted[1]) if contacted else None,
        ),
    )


# -- planning --------------------------------------------------------------------------------


class SkipReason(StrEnum):
    RECENTLY_CONTACTED = "recently_contacted"
    NO_LETTER_ADDRESS = "no_letter_address"
    LETTER_ADDRESS_INCOMPLETE = "letter_address_incomplete"


def skipped_line(reason: SkipReason, n: int, days: int) -> str:
    """How many customers are skipped for ``reason``, as the operator reads it (``days``: the
    campaign's rule)."""
    if reason is SkipReason.RECENTLY_CONTACTED:
        # TRANSLATORS: customers skipped by a campaign; {days} is the campaign's rule.
        message = ngettext(
            "{n} contacted by letter within {days} days",
            "{n} contacted by letter within {days} days",
            n,
        )
    elif reason is SkipReason.NO_LETTER_ADDRESS:
        # TRANSLATORS: customers skipped by a campaign.
        message = ngettext("{n} no letter address", "{n} no letter address", n)
    else:
        # TRANSLATORS: customers skipped by a campaign.
        message = ngettext("{n} letter address incomplete", "{n} letter address incomplete", n)
    return message.format(n=formatting.count(n), days=formatting.count(days))


@dataclass
class Plan:
    recent_days: int = RECENT_DAYS  # the rule the skipped counts were made with
    letters: int = 0  # customers who get a letter now
    skipped: dict[SkipReason, int] = field(default_factory=lambda: dict.fromkeys(SkipReason, 0))
    already: int = 0  # in this campaign already (a recurring campaign run again)

    @property
    def matching(self) -> int:
        return self.letters + sum(self.skipped.values()) + self.already

    def skipped_lines(self) -> list[str]:
        """``3 contacted by letter within 30 days``, one per reason that skipped anyone."""
        return [
            skipped_line(reason, n, self.recent_days) for reason, n in self.skipped.items() if n
        ]


_SEND, _ALREADY = "send", "already"


def _classified(
    session: Session,
    query: ov.ListQuery,
    now: datetime,
    recent_days: int,
    campaign_id: int | None,
) -> tuple[ColumnElement[str], ColumnElement[bool]]:
    """Why each customer of the segment does or does not get a letter (one SQL expression, so
    that counting the plan and listing the recipients can never disagree), and the segment."""
    has_letter_address = exists().where(
        Address.customer_id == Customer.id, Address.kind == AddressKind.LETTER
    )
    whens: list[tuple[ColumnElement[bool], str]] = []
    if campaign_id is not None:
        whens.append(
            (
                exists().where(
                    Letter.customer_id == Customer.id, Letter.campaign_id == campaign_id
                ),
                _ALREADY,
            )
        )
    whens += [
        (Customer.last_letter_at >= now - timedelta(days=recent_days),
         SkipReason.RECENTLY_CONTACTED.value),
        (~has_letter_address, SkipReason.NO_LETTER_ADDRESS.value),
        (Customer.letter_address_complete.is_(False), SkipReason.LETTER_ADDRESS_INCOMPLETE.value),
    ]  # fmt: skip
    segment = ov.matching_ids(session, query, now).subquery()
    return case(*whens, else_=literal(_SEND)), Customer.id.in_(select(segment.c.id))


def plan(
    session: Session,
    query: ov.ListQuery,
    now: datetime,
    *,
    recent_days: int = RECENT_DAYS,
    campaign_id: int | None = None,
) -> Plan:
    """How many customers of this segment get a letter now, and how many are skipped and why:
    counted in the database, whatever the segment's size."""
    reason, in_segment = _classified(session, query, now, recent_days, campaign_id)
    counts: dict[str, int] = {
        row[0]: row[1]
        for row in session.execute(select(reason, func.count()).where(in_segment).group_by(reason))
    }
    return Plan(
        recent_days=recent_days,
        letters=counts.get(_SEND, 0),
        skipped={r: counts.get(r.value, 0) for r in SkipReason},
        already=counts.get(_ALREADY, 0),
    )


def recipients(
    session: Session,
    query: ov.ListQuery,
    now: datetime,
    *,
    recent_days: int = RECENT_DAYS,
    campaign_id: int | None = None,
) -> list[int]:
    """The customers of ``plan``'s letter count, by id."""
    reason, in_segment = _classified(session, query, now, recent_days, campaign_id)
    stmt = select(Customer.id).where(in_segment, reason == _SEND).order_by(Customer.id)
    return list(session.scalars(stmt))


# -- launching -------------------------------------------------------------------------------


def create_campaign(
    session: Session,
    *,
    name: str,
    kind: CampaignKind,
    text: str,
    query: ov.ListQuery,
    now: datetime,
    recent_days: int = RECENT_DAYS,
) -> int:
    if not name.strip():
        raise UserError(_("A campaign needs a name."))
    check_template(text)
    # The skip rule is kept with the segment: a recurring campaign applies it again each run.
    segment = {**segment_of(query), RECENT_KEY: recent_days}
    campaign = Campaign(name=name.strip(), kind=kind, text=text, segment=segment, created_at=now)
    session.add(campaign)
    session.flush()
    return campaign.id


@dataclass(frozen=True, slots=True)
class Launched:
    campaign: str
    letters: int
    plan: Plan


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _runnable(session: Session, campaign_id: int, *, lock: bool = False) -> Campaign:
    """The campaign, if it can send letters now; else why not.

    ``lock``: take the campaign for this transaction, so that two runs of one recurring
    campaign (the TUI and cron) take turns and the second sees the first one's letters
    instead of sending them again. A write locks on every engine: PostgreSQL locks the row;
    SQLite, whose driver starts a transaction only at the first write, takes the database's
    write lock before anything is read (SELECT ... FOR UPDATE would do nothing there)."""
    if lock:
        session.execute(
            update(Campaign).where(Campaign.id == campaign_id).values(name=Campaign.name)
        )
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise UserError(_("No campaign has the id {id}.").format(id=campaign_id))
    if campaign.ended_at is not None:
        raise UserError(_("The campaign {name} has ended.").format(name=repr(campaign.name)))
    launched_before = session.scalar(select(exists().where(Letter.campaign_id == campaign_id)))
    if launched_before and campaign.kind is CampaignKind.ONE_TIME:
        raise UserError(
            _("The one-time campaign {name} was launched already.").format(name=repr(campaign.name))
        )
    check_template(campaign.text)
    return campaign


def _rule(campaign: Campaign, recent_days: int | None) -> tuple[ov.ListQuery, int]:
    """The campaign's segment, and its skip rule unless ``recent_days`` overrides it."""
    segment = campaign.segment or {}
    if recent_days is None:
        recent_days = int(segment.get(RECENT_KEY, RECENT_DAYS))
    return query_of(segment), recent_days


def campaign_plan(session: Session, campaign_id: int, now: datetime) -> tuple[str, Plan]:
    """The campaign's name, and what ``launch`` would do now."""
    campaign = _runnable(session, campaign_id)
    query, days = _rule(campaign, None)
    return campaign.name, plan(session, query, now, recent_days=days, campaign_id=campaign_id)


def launch(
    session: Session,
    campaign_id: int,
    now: datetime,
    *,
    recent_days: int | None = None,
    sender_line: str = DEFAULT_SENDER_LINE,
    tracking_base: str = DEFAULT_TRACKING_URL,
    progress: Callable[[int, int], None] | None = None,
    renderer: Renderer | None = None,
) -> Launched:
    """Generate the campaign's letters in the caller's transaction: all of them or none.
    Skips customers contacted within ``recent_days`` (default: the campaign's own rule).
    Pages are rendered in the calling process unless a ``renderer`` with workers is given."""
    campaign = _runnable(session, campaign_id, lock=True)
    query, days = _rule(campaign, recent_days)
    who = plan(session, query, now, recent_days=days, campaign_id=campaign_id)
    ids = recipients(session, query, now, recent_days=days, campaign_id=campaign_id)
    waiting: deque[Letter] = deque()  # prepared, in the order their pages go to the renderer

    def pages() -> Iterator[LetterPage]:
        for chunk in _chunks(ids):
            customers = {
                c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(chunk)))
            }
            letters = {
                a.customer_id: a
                for a in session.scalars(
                    select(Address).where(
                        Address.customer_id.in_(chunk), Address.kind == AddressKind.LETTER
                    )
                )
            }
            for customer_id in chunk:
                letter, page = _letter(
                    campaign, customers[customer_id], letters[customer_id], now,
                    sender_line=sender_line, tracking_base=tracking_base,
                )  # fmt: skip
                waiting.append(letter)
                yield page

    done = 0
    for pdf in (renderer or Renderer()).render(pages(), expected=len(ids)):
        letter = waiting.popleft()
        letter.pdf = pdf
        session.add(letter)
        done += 1
        if done % CHUNK == 0 or done == len(ids):
            session.flush()
            if progress:
                progress(done, len(ids))
    return Launched(campaign.name, done, who)


def _letter(
    campaign: Campaign,
    customer: Customer,
    to: Address,
    now: datetime,
    *,
    sender_line: str,
    tracking_base: str,
) -> tuple[Letter, LetterPage]:
    """A letter without its PDF yet, and the page it prints."""
    lines = envelope_lines(
        name=to.name or f"{customer.first_name} {customer.last_name}".strip(),
        company=to.company, street=to.street, house_number=to.house_number, line2=to.line2,
        postcode=to.postcode, city=to.city, region=to.region, country=to.country,
    )  # fmt: skip
    body = fill(
        campaign.text,
        first_name=customer.first_name,
        last_name=customer.last_name,
        last_order=customer.last_order_at,
    )
    token = secrets.token_hex(16)  # 128 bits: not guessable from other letters' tokens
    page = LetterPage(
        sender_line, lines, body, tracking_url(tracking_base, token), now.astimezone().date()
    )
    letter = Letter(
        campaign_id=campaign.id,
        customer_id=customer.id,
        status=LetterStatus.ACCEPTED,
        token=token,
        address_lines="\n".join(lines),
        body=body,
        accepted_at=now,
    )
    return letter, page


def running_recurring(session: Session) -> list[Campaign]:
    """Recurring campaigns not ended: each run sends to the customers who newly match."""
    return list(
        session.scalars(
            select(Campaign)
            .where(Campaign.kind == CampaignKind.RECURRING, Campaign.ended_at.is_(None))
            .order_by(Campaign.id)
        )
    )


def end_campaign(session: Session, campaign_id: int, now: datetime) -> None:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise UserError(_("No campaign has the id {id}.").format(id=campaign_id))
    campaign.ended_at = campaign.ended_at or now
