"""The internal comment: free text that belongs to us, not to a shop, so anyone may edit it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from autoletter_tui import formatting
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.models import Customer, EventKind, TimelineEvent
from autoletter_tui.i18n import _

MAX_COMMENT = 10_000
CONTROL = frozenset(chr(c) for c in (*range(0x20), 0x7F)) - {"\n", "\t"}


class CommentConflict(UserError):
    """Someone else changed the comment since this operator started editing it."""

    def __init__(self, current: str) -> None:
        super().__init__(_("The comment was changed by someone else meanwhile."))
        self.current = current


class CustomerGone(UserError):
    def __init__(self) -> None:
        super().__init__(_("This customer no longer exists."))


def save_comment(
    session: Session, customer_id: int, *, base: str, new: str, actor: str, now: datetime
) -> bool:
    """Replace the comment ``base`` (what the operator started from) by ``new`` and record it
    in the timeline, in one transaction. Returns False when there was nothing to change.

    Refused with ``CommentConflict`` when the stored comment is no longer ``base``; the
    customer's version column catches a change that lands between this read and the write.
    """
    if len(new) > MAX_COMMENT:
        raise UserError(
            _("The comment is too long: {length} characters, at most {limit}.").format(
                length=formatting.count(len(new)), limit=formatting.count(MAX_COMMENT)
            )
        )
    # PostgreSQL text cannot hold NUL, and no engine takes a lone surrogate: refuse them the
    # same way on both engines instead of failing in the driver.
    if not _storable(new):
        raise UserError(_("The comment contains a character that cannot be stored."))
    if any(c in CONTROL for c in new):
        # Line breaks and tabs are text; other control characters (ESC, BEL, ...) would act
        # on the terminal of whoever reads the comment.
        raise UserError(_("The comment contains control characters; only line breaks and tabs."))
    for _attempt in range(3):
        try:
            return _save(session, customer_id, base=base, new=new, actor=actor, now=now)
        except StaleDataError:  # the row changed between our read and our write
            session.rollback()  # the failed flush's transaction, before reading anew
            current = session.scalar(select(Customer.comment).where(Customer.id == customer_id))
            if current is None:
                raise CustomerGone() from None
            if current != base:
                raise CommentConflict(current) from None
            # Someone changed another field of this customer: the comment is still what the
            # operator started from, so saving it again overwrites nothing of theirs.
            session.rollback()  # end the read's transaction: _save begins its own
    raise CommentConflict(base)  # the row keeps changing under us: let the operator retry


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _save(
    session: Session, customer_id: int, *, base: str, new: str, actor: str, now: datetime
) -> bool:
    with session.begin():
        customer = session.scalars(select(Customer).where(Customer.id == customer_id)).first()
        if customer is None:
            raise CustomerGone()
        if customer.comment != base:
            raise CommentConflict(customer.comment)
        if new == base:
            return False
        customer.comment = new
        customer.updated_at = now
        session.add(
            TimelineEvent(
                customer_id=customer_id,
                at=now,
                kind=EventKind.COMMENT_CHANGED,
                details={"old": base, "new": new},
                actor=actor,
            )
        )
    return True
