"""The header strip of KPI tiles over the customer list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from autoletter_tui import formatting
from autoletter_tui.data.queries import Kpis
from autoletter_tui.i18n import _


class KpiTile(Static):
    DEFAULT_CSS = """
    KpiTile {
        width: 1fr;
        height: 2;
        padding: 0 1;
        margin-right: 1;
        background: $boost;
    }
    KpiTile:last-of-type {
        margin-right: 0;
    }
    """

    def show(self, title: str, value: str, note: str = "") -> None:
        self.update(
            Content.from_markup(
                "[dim]$title[/]\n[b]$value[/] [dim]$note[/]", title=title, value=value, note=note
            )
        )


class KpiStrip(Horizontal):
    DEFAULT_CSS = """
    KpiStrip {
        height: 2;
        margin-bottom: 1;
    }
    """

    def compose(self) -> ComposeResult:
        for name in ("customers", "new", "repeat", "revenue"):
            yield KpiTile("…", id=f"kpi-{name}")

    def show(self, kpis: Kpis) -> None:
        self.query_one("#kpi-customers", KpiTile).show(
            _("Customers"), formatting.count(kpis.customers)
        )
        growth = kpis.growth
        trend = ""
        if growth is not None:
            change = formatting.percent(growth, sign=True)
            trend = _("{change} on last month").format(change=change)
            if len(trend) > 10 and self.size.width < 100:
                trend = change
        self.query_one("#kpi-new", KpiTile).show(
            _("New this month"), formatting.count(kpis.new_this_month), trend
        )
        self.query_one("#kpi-repeat", KpiTile).show(
            _("Repeat buyers"), formatting.percent(kpis.repeat_rate), _("2+ orders")
        )
        main = kpis.revenue[0] if kpis.revenue else ("EUR", 0)
        others = len(kpis.revenue) - 1
        self.query_one("#kpi-revenue", KpiTile).show(
            _("Revenue"),
            formatting.money(main[1], main[0]),  # type: ignore[arg-type]
            # TRANSLATORS: revenue in this many other currencies.
            formatting.plural(others, "+{n} more", "+{n} more") if others > 0 else "",
        )
