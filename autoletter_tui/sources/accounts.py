"""The shop accounts this installation syncs, as the settings configure them: one place that
knows which credentials each shop needs, for the command line and the TUI's "Sync now".

Shopify shops: ``shopify_shop`` with ``shopify_token`` (environment or config file), and the
config file's ``[[shopify_shops]]``, each with its own token; the first names one shop the
environment can give alone. One Billbee account: ``billbee_user``, ``_api_key``, ``_password``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr
from sqlalchemy import Engine

from autoletter_tui.config import Settings, ShopifyShop
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.models import SourceKind
from autoletter_tui.i18n import Lazy, _
from autoletter_tui.sources.shopify_domain import shop_domain

if TYPE_CHECKING:
    from autoletter_tui.sources.syncing import Clock, ShopSync, SyncProgress


@dataclass(frozen=True, slots=True)
class ShopAccount:
    kind: SourceKind
    account: str  # the shop domain, the Billbee user: as in ``sync_state`` and on sources
    title: str  # how the operator knows it before a sync has read the shop's own name
    # Why it cannot sync yet (a setting missing), else None. Lazy: found at start-up, shown in
    # the language of the moment (the palette switches it while the desk runs).
    problem: Lazy | str | None = None
    # The credentials: Shopify's access token, or Billbee's API key and API password.
    key: SecretStr | None = field(default=None, repr=False)
    password: SecretStr | None = field(default=None, repr=False)
    api_base: str | None = None
    api_version: str | None = None  # None: the one this release is tested with
    transport: Any = None  # an httpx transport; tests: a replaying shop
    sleep: Callable[[float], None] = time.sleep
    merge_guests: bool = True  # the setting: False keeps each guest order apart (Shopify)

    def sync(self, engine: Engine, clock: Clock, progress: SyncProgress | None = None) -> ShopSync:
        """Fetch and store what changed since the last complete sync. Raises ``UserError``
        when a setting is missing, and the sync's own errors."""
        if self.problem is not None:
            raise UserError(self.problem)
        assert self.key is not None
        # Imported here: the HTTP stack is not needed until a sync starts (app start-up).
        from autoletter_tui.sources import billbee, shopify

        if self.kind is SourceKind.SHOPIFY:
            return shopify.sync(
                engine, self.account, self.key.get_secret_value(), clock,
                api_version=self.api_version or shopify.API_VERSION, api_base=self.api_base,
                transport=self.transport, sleep=self.sleep, progress=progress,
                merge_guests=self.merge_guests,
            )  # fmt: skip
        assert self.password is not None
        return billbee.sync(
            engine, self.key.get_secret_value(), self.account, self.password.get_secret_value(),
            clock, api_base=self.api_base, transport=self.transport, sleep=self.sleep,
            progress=progress,
        )  # fmt: skip


def _unset(*named: tuple[str, object]) -> Lazy | None:
    """What to set, as environment variables and settings file keys, or None when all is."""
    missing = [name for name, value in named if not value]
    if not missing:
        return None
    keys = ", ".join(n.removeprefix("AUTOLETTER_").lower() for n in missing)
    return Lazy("Set {variables} (or {keys} in the settings file) to sync.",
                variables=", ".join(missing), keys=keys)  # fmt: skip


def shopify_account(settings: Settings, shop: str = "") -> ShopAccount:
    """The shop given (``--shop``), else the configured one; a shop of ``shopify_shops``
    with its own token and API base. Raises ``UserError`` for a domain that is no shop's.
    (``dataclasses.replace`` sets the connection's fields.)"""
    if not (shop or settings.shopify_shop):
        raise UserError(_("Which shop? Give --shop NAME.myshopify.com or set "
                          "AUTOLETTER_SHOPIFY_SHOP."))  # fmt: skip
    domain = shop_domain(shop or settings.shopify_shop)
    listed = {shop_domain(s.shop): s for s in _listed(settings)}
    if domain in listed and not _is_main(settings, domain):
        own = listed[domain]
        problem = (
            None if own.token
            else Lazy("Set the token of {shop} in the settings file to sync.", shop=own.shop)
        )  # fmt: skip
        return ShopAccount(SourceKind.SHOPIFY, domain, f"Shopify: {domain}", problem,
                           own.token, api_base=own.api_base,
                           merge_guests=settings.merge_guests)  # fmt: skip
    problem = _unset(("AUTOLETTER_SHOPIFY_TOKEN", settings.shopify_token))
    return ShopAccount(
        SourceKind.SHOPIFY, domain, f"Shopify: {domain}", problem, settings.shopify_token,
        api_base=settings.shopify_api_base, merge_guests=settings.merge_guests,
    )  # fmt: skip


def _is_main(settings: Settings, domain: str) -> bool:
    """Whether ``domain`` is the shop of ``shopify_shop``, whose token ``shopify_token`` is
    (the environment gives one shop this way, over the file)."""
    try:
        return bool(settings.shopify_shop) and shop_domain(settings.shopify_shop) == domain
    except UserError:
        return False


def _listed(settings: Settings) -> list[ShopifyShop]:
    """The config file's shops whose domains are shops' (the others are shown with why)."""
    found = []
    for s in settings.shopify_shops:
        try:
            shop_domain(s.shop)
        except UserError:
            continue
        found.append(s)
    return found


def billbee_account(settings: Settings) -> ShopAccount:
    problem = _unset(
        ("AUTOLETTER_BILLBEE_API_KEY", settings.billbee_api_key),
        ("AUTOLETTER_BILLBEE_USER", settings.billbee_user),
        ("AUTOLETTER_BILLBEE_PASSWORD", settings.billbee_password),
    )
    title = f"Billbee: {settings.billbee_user}" if settings.billbee_user else "Billbee"
    return ShopAccount(
        SourceKind.BILLBEE, settings.billbee_user, title, problem, settings.billbee_api_key,
        settings.billbee_password, api_base=settings.billbee_api_base,
    )  # fmt: skip


def configured_accounts(settings: Settings) -> list[ShopAccount]:
    """Every shop account the settings name, also one that cannot sync yet: the TUI says
    what is missing rather than hiding the shop."""
    found: list[ShopAccount] = []
    main = [settings.shopify_shop] if settings.shopify_shop else []
    for shop in main + [s.shop for s in settings.shopify_shops]:
        try:
            account = shopify_account(settings, shop)
        except UserError as error:  # a domain that is no shop's: shown, not synced
            account = ShopAccount(SourceKind.SHOPIFY, shop, f"Shopify: {shop}", Lazy.of(error))
        if all(a.account != account.account for a in found):
            found.append(account)
    if settings.billbee_user or settings.billbee_api_key is not None:
        found.append(billbee_account(settings))
    return found
