"""What happens to a letter after it is generated: its delivery status and QR scans.

Statuses only move forward: accepted -> in production -> shipped -> delivered, or to failed
(with a reason) from any step before delivered. A print service may skip a step it does not
report (accepted straight to shipped); it may never go back, and delivered and failed are final.
Reporting the status a letter already has is no change, so importing one report twice is safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from autoletter_tui.data.errors import UserError
from autoletter_tui.data.models import Letter, LetterStatus
from autoletter_tui.i18n import _

ORDER = (
    LetterStatus.ACCEPTED,
    LetterStatus.IN_PRODUCTION,
    LetterStatus.SHIPPED,
    LetterStatus.DELIVERED,
)
STAMP = {
    LetterStatus.IN_PRODUCTION: "in_production_at",
    LetterStatus.SHIPPED: "shipped_at",
    LetterStatus.DELIVERED: "delivered_at",
    LetterStatus.FAILED: "failed_at",
}


class UnknownToken(UserError):
    def __init__(self, token: str) -> None:
        super().__init__(_("No letter has the token {token}.").format(token=repr(token)))


class InvalidTransition(UserError):
    def __init__(self, token: str, current: LetterStatus, wanted: LetterStatus) -> None:
        super().__init__(
            # TRANSLATORS: {current} and {wanted} are status names as print services report
            # them (accepted, in_production, shipped, delivered, failed).
            _(
                "Letter {token}: cannot go from {current} to {wanted} "
                "(statuses only move forward; delivered and failed are final)."
            ).format(token=token, current=current.value, wanted=wanted.value)
        )


def allowed(current: LetterStatus, wanted: LetterStatus) -> bool:
    if current in (LetterStatus.DELIVERED, LetterStatus.FAILED):
        return False
    if wanted is LetterStatus.FAILED:
        return True
    return ORDER.index(wanted) > ORDER.index(current)


def _letter(session: Session, token: str) -> Letter:
    letter = session.scalars(select(Letter).where(Letter.token == token.strip())).first()
    if letter is None:
        raise UnknownToken(token)
    return letter


def set_status(
    session: Session, token: str, status: LetterStatus, at: datetime, reason: str = ""
) -> bool:
    """Move the letter with ``token`` to ``status`` at ``at`` (in the caller's transaction).
    Returns False when it has that status already; raises ``InvalidTransition``."""
    letter = _letter(session, token)
    if letter.status is status:
        return False
    if not allowed(letter.status, status):
        raise InvalidTransition(token, letter.status, status)
    if status is LetterStatus.FAILED and not reason.strip():
        raise UserError(_("Letter {token}: a failed letter needs a reason.").format(token=token))
    letter.status = status
    setattr(letter, STAMP[status], at)
    if status is LetterStatus.FAILED:
        letter.failure_reason = reason.strip()
    session.flush()  # the figures hook updates the customer's "last letter"
    return True


@dataclass(frozen=True, slots=True)
class Scan:
    customer_id: int
    first: bool  # the first scan of this letter (a later one keeps the first date)


def record_scan(session: Session, token: str, at: datetime) -> Scan:
    """A scan of the letter's QR code (in the caller's transaction); the profile and the
    timeline show the first scan of each letter."""
    letter = _letter(session, token)
    first = letter.scanned_at is None or at < letter.scanned_at
    if first:
        letter.scanned_at = at
        session.flush()
    return Scan(letter.customer_id, first)
