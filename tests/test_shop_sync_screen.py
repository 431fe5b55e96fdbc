"""Syncing shops from the TUI: `S` in the overview lists the configured accounts with their
last sync; Enter syncs one with progress and a summary, the list follows, a refused token and
a stop part-way say what happened and keep what was stored; the profile's badge shows the
account's last sync."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import select
from textual.pilot import Pilot

from autoletter_tui.app import AutoLetterApp
from autoletter_tui.config import Settings
from autoletter_tui.data.db import Database
from autoletter_tui.data.models import SourceKind, SyncState
from autoletter_tui.data.profile import SourceBadge, load_profile
from autoletter_tui.i18n import Lazy, set_language
from autoletter_tui.screens.customers import CustomersScreen
from autoletter_tui.screens.shop_sync import NOT_CONFIGURED, ShopSyncScreen
from autoletter_tui.sources.accounts import (
    ShopAccount,
    billbee_account,
    configured_accounts,
    shopify_account,
)
from autoletter_tui.widgets.profile_text import sources
from tests.conftest import AS_OF
from tests.shop_replay import DOMAIN, TOKEN, ShopifyReplay, customer, shopify_check, shopify_pages
from tests.test_app import THEME, settle
from tests.test_import_screen import customers
from tests.test_profile_screen import SIZE, wait_for


def shop(replay: ShopifyReplay | httpx.MockTransport, token: str = TOKEN) -> ShopAccount:
    settings = Settings(shopify_shop=DOMAIN, shopify_token=SecretStr(token))
    transport = replay.transport() if isinstance(replay, ShopifyReplay) else replay
    return replace(shopify_account(settings), transport=transport, sleep=lambda _: None)


def make_app(db: Database, *shops: ShopAccount) -> AutoLetterApp:
    return AutoLetterApp(db, operator="tester", theme=THEME, clock=lambda: AS_OF, shops=shops)


def status(screen: ShopSyncScreen) -> str:
    return str(screen.query_one("#sync-status").render())


def accounts_text(screen: ShopSyncScreen) -> str:
    from textual.widgets import OptionList

    options = screen.query_one(OptionList)
    return "\n".join(
        str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
    )


async def opened(pilot: Pilot[Any]) -> ShopSyncScreen:
    await settle(pilot)
    await pilot.press("S")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ShopSyncScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ShopSyncScreen)
    await settle(pilot)
    return screen


async def test_sync_now_stores_the_shop_shows_a_summary_and_the_list_follows(
    cast_copy: Database,
) -> None:
    before = customers(cast_copy)
    app = make_app(cast_copy, shop(ShopifyReplay(shopify_pages(), check=shopify_check)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert f"Shopify: {DOMAIN}  never synced" in accounts_text(screen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not screen.running and "stored" in status(screen))
        text = status(screen)
        assert "Shopify: Test Shop: 5 pages, 6 requests" in text
        assert "new customer" in text
        assert TOKEN not in text
        await wait_for(pilot, lambda: "Shopify: Test Shop  last sync" in accounts_text(screen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))
        overview = app.screen
        assert isinstance(overview, CustomersScreen)
        after = customers(cast_copy)
        assert after > before
        await wait_for(pilot, lambda: overview.customer_list.total == after)


def test_snapshot_after_a_sync(snap_compare: Any, cast_copy: Database) -> None:
    settings = Settings(billbee_user="shop@example.de")  # a second account, not yet usable
    shopify = shop(ShopifyReplay(shopify_pages(), check=shopify_check))
    app = make_app(cast_copy, shopify, *configured_accounts(settings))

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await opened(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not screen.running and "stored" in status(screen))
        await wait_for(pilot, lambda: "last sync" in accounts_text(screen))

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_a_refused_token_is_shown_and_recorded_without_the_token(
    cast_copy: Database,
) -> None:
    replay = ShopifyReplay(shopify_pages(), check=shopify_check)
    app = make_app(cast_copy, shop(replay, token="shpat_expired"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not screen.running and "401" in status(screen))
        assert "Nothing was stored" in status(screen)
        await wait_for(pilot, lambda: "last run failed" in accounts_text(screen))
        assert "shpat_expired" not in status(screen) + accounts_text(screen)
        assert isinstance(app.screen, ShopSyncScreen)  # the operator reads it, then closes


async def test_stopping_keeps_the_stored_page_and_the_next_sync_resumes(
    cast_copy: Database,
) -> None:
    replay = ShopifyReplay(shopify_pages(), check=shopify_check)
    held, release = threading.Event(), threading.Event()

    def answer(request: httpx.Request) -> httpx.Response:
        if "customers.json" in request.url.path and "page_info" not in str(request.url):
            held.set()
            release.wait(timeout=10)  # the first page, until the operator has pressed Escape
        return replay.answer(request)

    app = make_app(cast_copy, shop(httpx.MockTransport(answer)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("enter")
        for _ in range(200):  # not settle(): it waits for the worker, which is held
            if held.is_set():
                break
            await pilot.pause(0.02)
        assert screen.running
        await pilot.press("escape")
        assert "Stopping after the current page" in status(screen)
        release.set()
        await wait_for(pilot, lambda: not screen.running)
        assert "Stopped." in status(screen)
        assert "The pages stored so far (1) are kept" in status(screen)
        await wait_for(pilot, lambda: "the next sync resumes" in accounts_text(screen))
        with cast_copy.sessions() as session:
            state = session.scalars(select(SyncState)).one()
        assert (state.resource, state.resume, str(Lazy.from_stored(state.error))) == (
            "customers",
            state.resume,
            "stopped by the operator",
        )
        assert state.resume is not None
        assert "page_info=p1" in state.resume
        await pilot.press("enter")  # again: from the stored page to the end
        await wait_for(pilot, lambda: not screen.running and "stored" in status(screen))
        assert "resumed customers" in status(screen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))


async def test_an_account_with_a_missing_setting_says_which(cast_copy: Database) -> None:
    settings = Settings(billbee_user="shop@example.de", billbee_api_key=SecretStr("k"))
    app = make_app(cast_copy, *configured_accounts(settings))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert (
            "Set AUTOLETTER_BILLBEE_PASSWORD (or billbee_password in the settings file) to sync."
            in accounts_text(screen)
        )
        await pilot.press("enter")
        await settle(pilot)
        assert not screen.running
        assert (
            "Set AUTOLETTER_BILLBEE_PASSWORD (or billbee_password in the settings file) to sync."
            in status(screen)
        )
        # Found at start-up, shown in the language of the moment: after a switch, in German.
        await pilot.press("escape")
        try:
            app.switch_language("de")
            await settle(pilot)
            screen = await opened(pilot)
            assert (
                "Zum Synchronisieren AUTOLETTER_BILLBEE_PASSWORD setzen (oder billbee_password "
                "in der Einstellungsdatei)." in accounts_text(screen)
            )
        finally:
            set_language("en")


async def test_without_shops_the_screen_says_how_to_configure_one(cast_copy: Database) -> None:
    app = make_app(cast_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert status(screen) == NOT_CONFIGURED


def test_the_settings_configure_the_accounts() -> None:
    assert configured_accounts(Settings()) == []
    settings = Settings(
        shopify_shop="My-Store", shopify_token=SecretStr("t"), billbee_user="u",
        billbee_api_key=SecretStr("k"), billbee_password=SecretStr("p"),
    )  # fmt: skip
    both = configured_accounts(settings)
    assert [(a.kind, a.account, a.title, a.problem) for a in both] == [
        (SourceKind.SHOPIFY, "my-store.myshopify.com", "Shopify: my-store.myshopify.com", None),
        (SourceKind.BILLBEE, "u", "Billbee: u", None),
    ]
    (bad,) = configured_accounts(Settings(shopify_shop="evil.example.com"))
    assert str(bad.problem).startswith("'evil.example.com' is not a shop domain")
    assert "SecretStr" not in repr(billbee_account(Settings(billbee_password=SecretStr("p"))))


def badge_of(db: Database, customer_id: int) -> SourceBadge:
    with db.sessions() as session:
        profile = load_profile(session, customer_id, AS_OF)
    assert profile is not None
    (badge,) = profile.sources
    return badge


def test_the_badge_shows_the_accounts_last_sync_and_a_failed_run(db: Database) -> None:
    replay = ShopifyReplay(shopify_pages(), check=shopify_check)
    shop(replay).sync(db.engine, lambda: AS_OF)
    customer_id = customer(db, "lena.fischer@example.de").id
    badge = badge_of(db, customer_id)
    assert badge.sync is not None
    assert badge.sync.finished_at == AS_OF
    assert "last sync 20/11/2026" in str(sources([badge]))
    failing = ShopifyReplay(shopify_pages(), check=shopify_check)
    failing.faults = [("customers", httpx.Response(500))] * 5
    with pytest.raises(Exception, match="500"):
        shop(failing).sync(db.engine, lambda: AS_OF)
    badge = badge_of(db, customer_id)
    assert badge.sync is not None
    assert badge.sync.error
    assert "the last sync failed" in str(sources([badge]))
