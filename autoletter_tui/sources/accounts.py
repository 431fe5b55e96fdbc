"""The shop accounts this installation syncs, as the settings configure them: one place that
knows which credentials each shop needs, for the command line and the TUI's "Sync now".

Until the settings file (issue 8) lists several shops, the environment configures one Shopify
shop (``AUTOLETTER_SHOPIFY_SHOP`` and ``_TOKEN``) and one Billbee account.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine

from autoletter_tui.config import Settings
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.models import SourceKind
from autoletter_tui.sources import billbee, shopify
from autoletter_tui.sources.syncing import Clock, ShopSync, SyncProgress


@dataclass(frozen=True, slots=True)
class ShopAccount:
    kind: SourceKind
    account: str  # the shop domain, the Billbee user: as in ``sync_state`` and on sources
    title: str  # how the operator knows it before a sync has read the shop's own name
    settings: Settings = field(repr=False)  # holds the credentials
    problem: str = ""  # why it cannot sync yet (a setting missing), else empty
    api_base: str | None = None
    api_version: str = shopify.API_VERSION
    transport: httpx.BaseTransport | None = None  # tests: a replaying shop
    sleep: Callable[[float], None] = time.sleep

    def sync(self, engine: Engine, clock: Clock, progress: SyncProgress | None = None) -> ShopSync:
        """Fetch and store what changed since the last complete sync. Raises ``UserError``
        when a setting is missing, and the sync's own errors."""
        if self.problem:
            raise UserError(self.problem)
        s = self.settings
        if self.kind is SourceKind.SHOPIFY:
            assert s.shopify_token is not None
            return shopify.sync(
                engine, self.account, s.shopify_token.get_secret_value(), clock,
                api_version=self.api_version, api_base=self.api_base, transport=self.transport,
                sleep=self.sleep, progress=progress,
            )  # fmt: skip
        assert s.billbee_api_key is not None
        assert s.billbee_password is not None
        return billbee.sync(
            engine, s.billbee_api_key.get_secret_value(), s.billbee_user,
            s.billbee_password.get_secret_value(), clock, api_base=self.api_base,
            transport=self.transport, sleep=self.sleep, progress=progress,
        )  # fmt: skip


def _unset(*named: tuple[str, object]) -> str:
    missing = [name for name, value in named if not value]
    return f"Set {', '.join(missing)} to sync." if missing else ""


def shopify_account(settings: Settings, shop: str = "") -> ShopAccount:
    """The shop given (``--shop``), else the configured one. Raises ``UserError`` for a
    domain that is no shop's. (``dataclasses.replace`` sets the connection's fields.)"""
    if not (shop or settings.shopify_shop):
        raise UserError("Which shop? Give --shop NAME.myshopify.com or set "
                        "AUTOLETTER_SHOPIFY_SHOP.")  # fmt: skip
    domain = shopify.shop_domain(shop or settings.shopify_shop)
    problem = _unset(("AUTOLETTER_SHOPIFY_TOKEN", settings.shopify_token))
    return ShopAccount(
        SourceKind.SHOPIFY, domain, f"Shopify: {domain}", settings, problem,
        api_base=settings.shopify_api_base,
    )  # fmt: skip


def billbee_account(settings: Settings) -> ShopAccount:
    problem = _unset(
        ("AUTOLETTER_BILLBEE_API_KEY", settings.billbee_api_key),
        ("AUTOLETTER_BILLBEE_USER", settings.billbee_user),
        ("AUTOLETTER_BILLBEE_PASSWORD", settings.billbee_password),
    )
    title = f"Billbee: {settings.billbee_user}" if settings.billbee_user else "Billbee"
    return ShopAccount(
        SourceKind.BILLBEE, settings.billbee_user, title, settings, problem,
        api_base=settings.billbee_api_base,
    )  # fmt: skip


def configured_accounts(settings: Settings) -> list[ShopAccount]:
    """Every shop account the settings name, also one that cannot sync yet: the TUI says
    what is missing rather than hiding the shop."""
    found: list[ShopAccount] = []
    if settings.shopify_shop:
        try:
            found.append(shopify_account(settings))
        except UserError as error:  # a domain that is no shop's: shown, not synced
            shop = settings.shopify_shop
            problem = f"AUTOLETTER_SHOPIFY_SHOP: {error}"
            found.append(
                ShopAccount(SourceKind.SHOPIFY, shop, f"Shopify: {shop}", settings, problem)
            )
    if settings.billbee_user or settings.billbee_api_key is not None:
        found.append(billbee_account(settings))
    return found
