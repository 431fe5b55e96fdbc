"""The customer screen. Until the virtual overview list exists (issue: customer overview), it
shows the first customers of the default order in a plain table."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from autoletter_tui.data.db import Database
from autoletter_tui.data.queries import CustomerRow, customer_count, first_customers
from autoletter_tui.screens.base import DeskScreen
from autoletter_tui.widgets.literal import literal

PAGE = 200  # the built-in DataTable replaces 50-200 rows in well under 100 ms


@dataclass
class CustomersLoaded(Message):
    rows: list[CustomerRow]
    total: int


class CustomersScreen(DeskScreen[None]):
    BINDINGS = [Binding("r", "reload", "Reload", id="customers.reload")]

    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading customers…", id="summary")
        table: DataTable[object] = DataTable(id="customers", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Email", "Location", "Status", "Orders", "Sources")
        self.action_reload()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="db")
    def load(self) -> None:
        with self.database.sessions() as session:
            rows = first_customers(session, PAGE)
            total = customer_count(session)
        self.post_message(CustomersLoaded(rows, total))

    def on_customers_loaded(self, message: CustomersLoaded) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for row in message.rows:
            location = ", ".join(part for part in (row.city, row.country) if part)
            table.add_row(
                literal(row.name),
                literal(row.email),
                literal(location),
                row.status.value.capitalize(),
                str(row.order_count),
                literal(" · ".join(row.sources)),
                key=str(row.id),
            )
        shown = min(len(message.rows), message.total)
        self.query_one("#summary", Static).update(
            f"{message.total:,} customers · showing the first {shown:,}"
        )
