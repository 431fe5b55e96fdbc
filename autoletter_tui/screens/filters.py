"""The filter dialog of the customer overview."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet

from autoletter_tui import formatting
from autoletter_tui.data.models import RegistrationStatus
from autoletter_tui.data.overview import Contacted, CustomerFilter
from autoletter_tui.i18n import N_, _, ngettext
from autoletter_tui.labels import label
from autoletter_tui.screens.base import DeskModal
from autoletter_tui.widgets.customer_list import BADGE

SOURCE_NAMES = BADGE
STATUSES = (None, RegistrationStatus.REGISTERED, RegistrationStatus.GUEST)
CONTACTED = (None, "never", "older", "within")


class FilterScreen(DeskModal[CustomerFilter | None]):
    """Choose filters; Apply returns them, Escape returns None (nothing changes)."""

    DEFAULT_CSS = """
    FilterScreen {
        align: center middle;
    }
    FilterScreen > Vertical {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
        overflow-y: auto;
    }
    FilterScreen Horizontal, FilterScreen Vertical Vertical {
        height: auto;
    }
    FilterScreen RadioSet {
        width: 1fr;
    }
    FilterScreen #days {
        width: 10;
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }
    FilterScreen Checkbox, FilterScreen RadioSet, FilterScreen RadioButton {
        border: none;
        padding: 0;
        height: auto;
        background: transparent;
    }
    FilterScreen Checkbox {
        margin-right: 2;
    }
    FilterScreen Button {
        margin: 1 1 0 0;
    }
    FilterScreen .section {
        text-style: bold;
        margin-top: 1;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="filters.cancel"),
        Binding("ctrl+s", "apply", N_("Apply"), id="filters.apply"),
    ]

    def __init__(self, current: CustomerFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        f = self.current
        with Vertical():
            yield Label(_("Source"), classes="section")
            with Horizontal():
                for kind in SOURCE_NAMES:
                    yield Checkbox(label(kind), kind in f.sources, id=f"source-{kind.value}")
            with Horizontal():
                with Vertical():
                    yield Label(_("Status"), classes="section")
                    with RadioSet(id="status"):
                        for status in STATUSES:
                            name = label(status) if status else _("Any")
                            yield RadioButton(name, f.status == status)
                with Vertical():
                    yield Label(_("Last letter"), classes="section")
                    contacted = f.contacted.kind if f.contacted else None
                    with RadioSet(id="contacted"):
                        yield RadioButton(_("Any"), contacted is None)
                        yield RadioButton(_("Never contacted"), contacted == "never")
                        yield RadioButton(_("More than N days ago"), contacted == "older")
                        yield RadioButton(_("Within N days"), contacted == "within")
                    with Horizontal():
                        # TRANSLATORS: the N of "More than N days ago" and "Within N days".
                        yield Label(_("N = "))
                        days = str(f.contacted.days if f.contacted else 30)
                        yield Input(days, id="days", type="integer", max_length=5)
            yield Label(_("Only customers"), classes="section")
            yield Checkbox(_("with test orders"), f.test_orders, id="test-orders")
            yield Checkbox(_("whose letter address is incomplete"), f.letter_incomplete,
                           id="letter-incomplete")  # fmt: skip
            yield Checkbox(_("who scanned a letter's QR code"), f.qr_scanned, id="qr-scanned")
            with Horizontal():
                yield Button(_("Apply"), variant="primary", id="apply")
                yield Button(_("Clear all"), id="clear")
                yield Button(_("Cancel"), id="cancel")

    def collect(self) -> CustomerFilter:
        sources = frozenset(
            kind for kind in SOURCE_NAMES if self.query_one(f"#source-{kind.value}", Checkbox).value
        )
        status_index = self.query_one("#status", RadioSet).pressed_index
        contacted_index = self.query_one("#contacted", RadioSet).pressed_index
        contacted_kind = CONTACTED[max(contacted_index, 0)]
        days_text = self.query_one("#days", Input).value or "30"
        days = int(days_text) if days_text.isdigit() else 30
        return CustomerFilter(
            sources=sources,
            status=STATUSES[max(status_index, 0)],
            test_orders=self.query_one("#test-orders", Checkbox).value,
            letter_incomplete=self.query_one("#letter-incomplete", Checkbox).value,
            qr_scanned=self.query_one("#qr-scanned", Checkbox).value,
            contacted=Contacted(contacted_kind, days) if contacted_kind else None,  # type: ignore[arg-type]
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_apply()
        elif event.button.id == "clear":
            self.dismiss(CustomerFilter())
        else:
            self.action_cancel()

    def action_apply(self) -> None:
        self.dismiss(self.collect())

    def action_cancel(self) -> None:
        self.dismiss(None)


# The status filter in the status line ("filters: Shopify, guests, test orders").
STATUS_FILTERED = {
    # TRANSLATORS: the registered customers (a filter, in the status line).
    RegistrationStatus.REGISTERED: N_("registereds"),
    # TRANSLATORS: the guest customers (a filter, in the status line).
    RegistrationStatus.GUEST: N_("guests"),
}


def describe(f: CustomerFilter) -> str:
    """The active filters in a few words, for the status line."""
    parts = [label(k) for k in SOURCE_NAMES if k in f.sources]
    if f.status:
        parts.append(_(STATUS_FILTERED[f.status]))
    if f.test_orders:
        parts.append(_("test orders"))
    if f.letter_incomplete:
        parts.append(_("letter address incomplete"))
    if f.qr_scanned:
        parts.append(_("QR scanned"))
    if f.contacted:
        days = f.contacted.days
        if f.contacted.kind == "never":
            parts.append(_("never contacted"))
        elif f.contacted.kind == "older":
            parts.append(
                ngettext("last letter {days}+ days ago", "last letter {days}+ days ago", days)
                .format(days=formatting.count(days))
            )  # fmt: skip
        else:
            parts.append(
                ngettext("letter within {days} day", "letter within {days} days", days)
                .format(days=formatting.count(days))
            )  # fmt: skip
    return ", ".join(parts)
