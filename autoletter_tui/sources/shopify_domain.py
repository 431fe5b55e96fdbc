"""Shopify shop names as the Admin API's domain. Kept apart from ``shopify.py`` (which brings
httpx along) because the settings check shop names at every start of the app."""

from __future__ import annotations

import re

from autoletter_tui.data.errors import UserError
from autoletter_tui.i18n import Lazy

_DOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]*\.myshopify\.com$")


def shop_domain(text: str) -> str:
    """``my-store`` or ``my-store.myshopify.com`` (any case, with or without https://) ->
    ``my-store.myshopify.com``. The admin API is only served on that domain."""
    domain = text.strip().lower().removeprefix("https://").removeprefix("http://").rstrip("/")
    if "." not in domain:
        domain += ".myshopify.com"
    if not _DOMAIN.match(domain):
        # Lazy: a shop of the settings file that is no shop's is shown as such for as long as
        # the desk runs, in whatever language it runs in by then.
        raise UserError(Lazy("{text} is not a shop domain: give NAME.myshopify.com.",
                             text=repr(text)))  # fmt: skip
    return domain
