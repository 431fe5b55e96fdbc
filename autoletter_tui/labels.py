"""The names of stored values (statuses, kinds) as the operator reads them, in their language.

The stored values stay English identifiers; these are their display names, marked for the
catalog here and translated when shown (``label``).
"""

from __future__ import annotations

from enum import StrEnum

from autoletter_tui.data.models import (
    CampaignKind,
    LetterStatus,
    OrderStatus,
    RegistrationStatus,
    SourceKind,
)
from autoletter_tui.i18n import N_, _, pgettext

_NAMES: dict[StrEnum, str] = {
    RegistrationStatus.REGISTERED: N_("Registered"),
    RegistrationStatus.GUEST: N_("Guest"),
    OrderStatus.PAID: N_("Paid"),
    OrderStatus.FULFILLED: N_("Fulfilled"),
    OrderStatus.CANCELED: N_("Canceled"),
    OrderStatus.RETURNED: N_("Returned"),
    OrderStatus.REFUNDED: N_("Refunded"),
    LetterStatus.ACCEPTED: N_("Accepted"),
    LetterStatus.IN_PRODUCTION: N_("In production"),
    LetterStatus.SHIPPED: N_("Shipped"),
    LetterStatus.DELIVERED: N_("Delivered"),
    LetterStatus.FAILED: N_("Failed"),
    CampaignKind.ONE_TIME: N_("one-time"),
    CampaignKind.RECURRING: N_("recurring"),
    # Source kinds as the filter and the list's badges name them (a shop's own name is data).
    SourceKind.SHOPIFY: "Shopify",
    SourceKind.BILLBEE: "Billbee",
    SourceKind.CSV: "CSV",
    SourceKind.API: "API",
    SourceKind.MANUAL: N_("Manual"),
}


def label(value: StrEnum) -> str:
    """The display name of a status or kind in the current language."""
    if value is OrderStatus.OPEN:  # not the footer's "Open" (a profile): another word in de/es
        return pgettext("order status", "Open")
    return _(_NAMES[value])
