"""The order overview, filtered to one customer number: every order, each opening to its
items. A DataTable is fine here (a customer's orders are hundreds, not millions)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Static

from autoletter_tui import formatting
from autoletter_tui.data.db import Database
from autoletter_tui.data.profile import (
    CustomerOrders,
    ItemLine,
    OrderLine,
    order_items,
    orders_by_number,
)
from autoletter_tui.i18n import N_, _
from autoletter_tui.screens.base import DeskScreen
from autoletter_tui.widgets import profile_text as pt
from autoletter_tui.widgets.literal import clean


@dataclass
class OrdersLoaded(Message):
    number: str
    result: CustomerOrders | None


@dataclass
class ItemsLoaded(Message):
    order: OrderLine
    items: list[ItemLine]


class OrdersScreen(DeskScreen[None]):
    DEFAULT_CSS = """
    OrdersScreen #number {
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }
    OrdersScreen #orders-title {
        padding: 0 1;
        height: auto;
    }
    OrdersScreen #all-orders {
        height: 1fr;
    }
    OrdersScreen #items {
        height: auto;
        max-height: 12;
        padding: 0 1;
        border-top: hkey $primary;
    }
    """
    BINDINGS = [
        Binding("escape", "close", N_("Back"), id="orders.close"),
        Binding("slash", "focus_number", N_("Customer number"), id="orders.number"),
    ]

    def __init__(self, database: Database, number: str) -> None:
        super().__init__()
        self.database = database
        self.number = number
        self.result: CustomerOrders | None = None
        self.items_wanted: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(self.number, placeholder=_("Customer number  ( / )"), id="number")
        yield Static(id="orders-title")
        yield DataTable(id="all-orders", cursor_type="row", zebra_stripes=True)
        yield Static(id="items")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Orders")
        self.query_one(DataTable).add_columns(*(_(title) for title in pt.ORDER_COLUMNS))
        self.query_one(DataTable).focus()
        self.load(self.number)

    @work(thread=True, exclusive=True, group="orders", exit_on_error=False)
    def load(self, number: str) -> None:
        with self.database.sessions() as session:
            result = orders_by_number(session, number)
        self.post_message(OrdersLoaded(number, result))

    @work(thread=True, exclusive=True, group="items", exit_on_error=False)
    def load_items(self, order: OrderLine) -> None:
        with self.database.sessions() as session:
            items = order_items(session, order.id)
        self.post_message(ItemsLoaded(order, items))

    def on_orders_loaded(self, message: OrdersLoaded) -> None:
        if message.number != self.number:
            return
        self.result = message.result
        table = self.query_one(DataTable)
        table.clear()
        self.query_one("#items", Static).update("")
        title = self.query_one("#orders-title", Static)
        if message.result is None:
            title.update(
                Content.from_markup(_("No customer has the number [b]$n[/]"), n=clean(self.number))
            )
            return
        r = message.result
        title.update(
            Content.from_markup(
                _("[b]$name[/] [dim]$number[/] · $count · enter: items"),
                name=clean(r.name),
                number=clean(self.number),
                count=formatting.plural(len(r.orders), "{n} order", "{n} orders"),
            )
        )
        for line in r.orders:
            table.add_row(*pt.order_cells(line), key=str(line.id))

    def on_items_loaded(self, message: ItemsLoaded) -> None:
        if message.order.id == self.items_wanted:  # not an answer overtaken by a newer one
            self.query_one("#items", Static).update(pt.order_items(message.order, message.items))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if self.result is None:
            return
        order_id = int(str(event.row_key.value))
        line = next((o for o in self.result.orders if o.id == order_id), None)
        if line is not None:
            self.items_wanted = line.id
            self.load_items(line)

    @on(Input.Submitted, "#number")
    def number_submitted(self, event: Input.Submitted) -> None:
        self.number = event.value.strip()
        self.load(self.number)
        self.query_one(DataTable).focus()

    def action_focus_number(self) -> None:
        self.query_one("#number", Input).focus()

    def action_close(self) -> None:
        if self.query_one("#number", Input).has_focus:
            self.query_one(DataTable).focus()
        else:
            self.dismiss()
