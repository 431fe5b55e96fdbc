"""Running a shop sync: page by page, each page stored in its own transaction together with
where the sync stands, so that a sync that fails part-way keeps every page it stored and the
next run resumes after the last of them.

A run asks only for what changed since the last complete run (``SyncState.since``, the start
of that run less ``OVERLAP`` against clock skew between us and the shop); storing is
idempotent, so what the overlap fetches again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from babel.numbers import format_decimal
from sqlalchemy import Engine, insert, select, update

from autoletter_tui.data.models import SyncState
from autoletter_tui.formatting import plural
from autoletter_tui.i18n import Lazy, _, locale
from autoletter_tui.sources.ingest import Origin, Summary, ingest
from autoletter_tui.sources.records import CustomerRecord, Problem

OVERLAP = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Page:
    records: Sequence[CustomerRecord | Problem]
    next: str | None  # where the next page starts (a URL, a page number); None: the last


class Resource(Protocol):
    """One kind of thing a shop lists (customers, orders, checkouts), page by page."""

    @property
    def name(self) -> str: ...

    def page(self, since: datetime | None, resume: str | None) -> Page:
        """The page at ``resume`` (None: the first) of what changed since ``since``."""
        ...


@dataclass
class SyncReport:
    summary: Summary = field(default_factory=Summary)
    pages: int = 0
    resumed: list[str] = field(default_factory=list)  # resources a run picked up part-way


@dataclass(frozen=True, slots=True)
class ShopSync:
    """A finished sync: the source, what it stored, and what the API cost."""

    origin: Origin
    report: SyncReport
    requests: int
    waited: float  # seconds spent waiting for the shop's rate limit

    def describe(self) -> str:
        """One line on what the run cost; ``report.summary.describe()`` says what it stored."""
        resumed = self.report.resumed
        line = _("{source}: {pages}, {requests}, {seconds} s waiting for the rate limit").format(
            source=self.origin.label,
            pages=plural(self.report.pages, "{n} page", "{n} pages"),
            requests=plural(self.requests, "{n} request", "{n} requests"),
            seconds=format_decimal(self.waited, format="0.0", locale=locale()),
        )
        if resumed:
            line = _("{line}, resumed {resources}").format(line=line, resources=", ".join(resumed))
        return line


class Stopped(Exception):
    """Raised by a progress callback to stop a sync after the page just stored; the next run
    resumes after it."""


Clock = Callable[[], datetime]
SyncProgress = Callable[[str, SyncReport], None]  # resource name, the report so far


def run_sync(
    engine: Engine,
    origin: Origin,
    resources: Sequence[Resource],
    clock: Clock,
    *,
    progress: SyncProgress | None = None,
) -> SyncReport:
    """Fetch and store every resource to its end. On any failure the pages stored so far
    stay, the error is recorded on the resource's state, and the exception propagates."""
    report = SyncReport()
    for resource in resources:
        state = _state(engine, origin, resource.name)
        try:
            _run(engine, origin, resource, state, clock=clock, report=report, progress=progress)
        except BaseException as error:
            record_failure(engine, origin, resource.name, error)
            raise
    return report


def record_failure(engine: Engine, origin: Origin, resource: str, error: BaseException) -> None:
    """Note on the resource's state why its run failed (also one that failed before its first
    page, e.g. on a refused token), for the sync screen and the badges."""
    state = _state(engine, origin, resource)
    with engine.begin() as conn:
        conn.execute(
            update(SyncState)
            .where(SyncState.id == state.id)
            # Stored as the message, not its text: read in the reader's language.
            .values(error=Lazy.stored(_message(error)))
        )


def _message(error: BaseException) -> Lazy | str:
    if isinstance(error, KeyboardInterrupt):  # Ctrl-C on the command line
        return Lazy("interrupted (Ctrl-C)")
    return Lazy.of(error)


def _run(
    engine: Engine,
    origin: Origin,
    resource: Resource,
    state: _State,
    *,
    clock: Clock,
    report: SyncReport,
    progress: SyncProgress | None,
) -> None:
    resume = state.resume
    if resume is not None and state.started_at is not None:
        started = state.started_at
        report.resumed.append(resource.name)
    else:
        started, resume = clock(), None
    while True:
        page = resource.page(state.since, resume)  # no transaction open while we wait
        with engine.begin() as conn:
            ingest(conn, page.records, origin, clock(), summary=report.summary)
            conn.execute(
                update(SyncState)
                .where(SyncState.id == state.id)
                .values(resume=page.next, started_at=started, error="")
            )
        report.pages += 1
        if progress is not None:
            progress(resource.name, report)
        if page.next is None:
            break
        resume = page.next
    with engine.begin() as conn:
        conn.execute(
            update(SyncState)
            .where(SyncState.id == state.id)
            .values(since=started - OVERLAP, resume=None, started_at=None, finished_at=clock())
        )


@dataclass(frozen=True, slots=True)
class _State:
    id: int
    since: datetime | None
    started_at: datetime | None
    resume: str | None


def _state(engine: Engine, origin: Origin, resource: str) -> _State:
    where = (
        (SyncState.kind == origin.kind)
        & (SyncState.account == origin.account)
        & (SyncState.resource == resource)
    )
    columns = select(SyncState.id, SyncState.since, SyncState.started_at, SyncState.resume)
    with engine.begin() as conn:
        row = conn.execute(columns.where(where)).first()
        if row is None:
            conn.execute(
                insert(SyncState).values(
                    kind=origin.kind, account=origin.account, resource=resource, error=""
                )
            )
            row = conn.execute(columns.where(where)).one()
    return _State(*row)
