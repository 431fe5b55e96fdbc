"""Where each shop account's sync stands, read from ``sync_state``: for the sync screen and
for the source badges of a profile."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from autoletter_tui.data.models import CustomerSource, SourceKind, SyncState
from autoletter_tui.i18n import Lazy

Account = tuple[SourceKind, str]


@dataclass(frozen=True, slots=True)
class AccountSync:
    kind: SourceKind
    account: str
    label: str  # the badge its customers carry ("Shopify: My Store"); empty before any
    finished_at: datetime | None  # the last complete sync: every resource had finished by then
    error: Lazy | str  # why the last run failed, if it did ("" if not): ``str()`` shows it
    resumes: bool  # a run stopped part-way; the next one carries on from its last page


def account_syncs(
    session: Session, accounts: Iterable[Account] | None = None
) -> dict[Account, AccountSync]:
    """The sync state of the given accounts (None: of every account ever synced). An account
    that never synced is absent."""
    query = select(
        SyncState.kind, SyncState.account, SyncState.finished_at, SyncState.error,
        SyncState.resume,
    ).order_by(SyncState.id)  # fmt: skip
    if accounts is not None:
        wanted = list(set(accounts))
        if not wanted:
            return {}
        query = query.where(tuple_(SyncState.kind, SyncState.account).in_(wanted))
    resources: dict[Account, list[tuple[datetime | None, str, str | None]]] = {}
    for kind, account, finished_at, error, resume in session.execute(query):
        resources.setdefault((kind, account), []).append((finished_at, error, resume))
    found = {}
    for (kind, account), states in resources.items():
        finished = [f for f, _, _ in states]
        label = session.scalar(
            select(CustomerSource.label)
            .where((CustomerSource.kind == kind) & (CustomerSource.account == account))
            .limit(1)
        )
        found[kind, account] = AccountSync(
            kind,
            account,
            label or "",
            # Each run goes through every resource in turn: the oldest finish is when the
            # whole account was last in step (None until every resource finished once).
            None if None in finished else min(f for f in finished if f is not None),
            Lazy.from_stored(next((e for _, e, _ in states if e), "")),
            any(r is not None for _, _, r in states),
        )
    return found
