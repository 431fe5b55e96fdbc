"""The filter dialog of the customer overview."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet

from autoletter_tui.data.models import RegistrationStatus
from autoletter_tui.data.overview import Contacted, CustomerFilter
from autoletter_tui.widgets.customer_list import BADGE

SOURCE_NAMES = BADGE
STATUSES = (None, RegistrationStatus.REGISTERED, RegistrationStatus.GUEST)
CONTACTED = (None, "never", "older", "within")


class FilterScreen(ModalScreen[CustomerFilter | None]):
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
        Binding("escape", "cancel", "Cancel", id="filters.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filters.apply"),
    ]

    def __init__(self, current: CustomerFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        f = self.current
        with Vertical():
            yield Label("Source", classes="section")
            with Horizontal():
                for kind, name in SOURCE_NAMES.items():
                    yield Checkbox(name, kind in f.sources, id=f"source-{kind.value}")
            with Horizontal():
                with Vertical():
                    yield Label("Status", classes="section")
                    with RadioSet(id="status"):
                        for status in STATUSES:
                            label = status.value.capitalize() if status else "Any"
                            yield RadioButton(label, f.status == status)
                with Vertical():
                    yield Label("Last letter", classes="section")
                    contacted = f.contacted.kind if f.contacted else None
                    with RadioSet(id="contacted"):
                        yield RadioButton("Any", contacted is None)
                        yield RadioButton("Never contacted", contacted == "never")
                        yield RadioButton("More than N days ago", contacted == "older")
                        yield RadioButton("Within N days", contacted == "within")
                    with Horizontal():
                        yield Label("N = ")
                        days = str(f.contacted.days if f.contacted else 30)
                        yield Input(days, id="days", type="integer", max_length=5)
            yield Label("Only customers", classes="section")
            yield Checkbox("with test orders", f.test_orders, id="test-orders")
            yield Checkbox("whose letter address is incomplete", f.letter_incomplete,
                           id="letter-incomplete")  # fmt: skip
            yield Checkbox("who scanned a letter's QR code", f.qr_scanned, id="qr-scanned")
            with Horizontal():
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Clear all", id="clear")
                yield Button("Cancel", id="cancel")

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


def describe(f: CustomerFilter) -> str:
    """The active filters in a few words, for the status line."""
    parts = [SOURCE_NAMES[k] for k in SOURCE_NAMES if k in f.sources]
    if f.status:
        parts.append(f"{f.status.value}s")
    if f.test_orders:
        parts.append("test orders")
    if f.letter_incomplete:
        parts.append("letter address incomplete")
    if f.qr_scanned:
        parts.append("QR scanned")
    if f.contacted:
        parts.append(
            {"never": "never contacted",
             "older": f"last letter {f.contacted.days}+ days ago",
             "within": f"letter within {f.contacted.days} days"}[f.contacted.kind]
        )  # fmt: skip
    return ", ".join(parts)
