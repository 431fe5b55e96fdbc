"""Command palette: find a customer by name, email or number and jump to them."""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import Hit, Hits, Provider

from autoletter_tui.data.queries import CustomerHit, find_customers
from autoletter_tui.widgets.literal import clean


class CustomerCommands(Provider):
    async def search(self, query: str) -> Hits:
        from autoletter_tui.screens.customers import CustomersScreen

        screen = self.screen
        if not isinstance(screen, CustomersScreen) or len(query.strip()) < 2:
            return

        def find() -> list[CustomerHit]:
            with screen.database.sessions() as session:
                return find_customers(session, query, screen.now())

        for rank, hit in enumerate(await asyncio.to_thread(find)):
            # Text, not a str: palette strings are parsed as markup, user data must not be.
            display = Text(clean(hit.name))
            display.append(f"  {clean(hit.email)}  {clean(hit.number)}", style="dim")
            yield Hit(
                1.0 - rank / 100,
                display,
                partial(screen.jump_to_customer, hit.id),
                text=f"{hit.name} {hit.email} {hit.number}",
            )
