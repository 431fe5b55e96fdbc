"""The edit form over the profile: contact details and the three addresses.

Fields a shop supplies are shown read-only with who locks them; every other field is an input.
The form validates with the data layer's rules before it returns anything, shows each message
next to its field, and asks before the merge key (the email) changes. It returns only the
fields the operator changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from autoletter_tui import formatting
from autoletter_tui.data.edits import Change, EditState, national_phone, validate
from autoletter_tui.data.fields import ADDRESS_FIELDS, CONTACT_FIELDS, AddressKind
from autoletter_tui.i18n import N_, _
from autoletter_tui.screens.base import DeskModal
from autoletter_tui.screens.confirm import Confirm
from autoletter_tui.widgets.literal import clean

# Marked only: translated where the form is drawn (``label``, ``compose``).
LABELS = {
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "email": N_("Email"),
    "company": N_("Company"),
    "phone": N_("Phone"),
    "birthday": N_("Birthday"),
    "name": N_("Name"),
    "street": N_("Street"),
    "house_number": N_("House number"),
    "line2": N_("Address line 2"),
    "postcode": N_("Postcode"),
    "city": N_("City"),
    "region": N_("Region"),
    "country": N_("Country (ISO)"),
}
SECTION_TITLES = {
    "contact": N_("Contact"),
    AddressKind.DELIVERY.value: N_("Delivery address"),
    AddressKind.BILLING.value: N_("Billing address"),
    AddressKind.LETTER.value: N_("Letter address (letters go here)"),
}
SECTIONS = {
    "contact": (SECTION_TITLES["contact"], CONTACT_FIELDS),
    **{
        kind.value: (
            SECTION_TITLES[kind.value],
            tuple(f"{kind.value}.{name}" for name in ADDRESS_FIELDS),
        )
        for kind in AddressKind
    },
}


def label(name: str) -> str:
    """The field's name in the form, in the operator's language."""
    return _(LABELS[name.rpartition(".")[2]])


def widget_id(name: str) -> str:
    return "f-" + name.replace(".", "-")


def shown_value(name: str, value: str, country: str) -> str:
    """How a stored value reads in the form (phones in national form)."""
    if name == "phone" and value:
        return national_phone(value, country)
    return clean(value)


class ConfirmEmail(Confirm):
    BINDINGS = [
        Binding("escape", "answer(False)", N_("Keep the old email"), id="confirm_email.no"),
        Binding("ctrl+s", "answer(True)", N_("Change it"), id="confirm_email.yes"),
    ]

    def __init__(self, old: str, new: str) -> None:
        super().__init__(
            Content.from_markup(
                _(
                    "[b]Change the email?[/]\n$old → $new\n\n"
                    "The email is the key that merges records from future imports and syncs: "
                    "after this change, a Shopify, Billbee or CSV record with the old email "
                    "may no longer find this customer and become a new one."
                ),
                old=clean(old) or _("(none)"),
                new=clean(new) or _("(none)"),
            ),
            yes=_("Change it"),
            no=_("Keep the old email"),
        )


class EditScreen(DeskModal[dict[str, str] | None]):
    """Returns the changed fields (name -> text) or None when cancelled."""

    DEFAULT_CSS = """
    EditScreen { align: center middle; }
    EditScreen > Vertical {
        width: 84; max-width: 100%; height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    EditScreen VerticalScroll { height: 1fr; }
    EditScreen .section { text-style: bold; margin-top: 1; color: $text-primary; }
    EditScreen .row { height: auto; }
    EditScreen .row Label { width: 16; padding-top: 0; color: $text-muted; }
    EditScreen .row Input { width: 1fr; }
    EditScreen .row .locked { width: 1fr; color: $text-muted; }
    EditScreen .error { color: $error; height: auto; padding-left: 16; }
    EditScreen #meanwhile { color: $warning; height: auto; margin-bottom: 1; }
    EditScreen #edit-buttons { height: auto; align-horizontal: right; }
    EditScreen Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="edit.save"),
        Binding("escape", "cancel", N_("Cancel"), id="edit.cancel"),
    ]

    def __init__(
        self,
        name: str,
        state: EditState,
        today: date,
        *,
        draft: Mapping[str, str] | None = None,
        errors: Mapping[str, str] | None = None,
        meanwhile: list[Change] | None = None,
        section: str = "contact",
    ) -> None:
        super().__init__()
        self.customer_name = name
        self.state = state
        self.today = today
        self.initial = {n: shown_value(n, v, state.country) for n, v in state.values.items()}
        self.draft = dict(draft or {})
        self.errors = dict(errors or {})
        self.meanwhile = meanwhile or []
        self.section = section

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content.from_markup(
                    _(
                        "[b]Edit[/] $name  [dim]ctrl+s saves · esc cancels · locked fields are "
                        "changed in their shop[/]"
                    ),
                    name=clean(self.customer_name),
                )
            )
            if self.meanwhile:
                empty = _("(empty)")
                lines = [
                    f"{label(c.field)}: {clean(c.old) or empty} → {clean(c.new) or empty}"
                    for c in self.meanwhile
                ]
                yield Static(
                    Content.from_markup(
                        _(
                            "[b]Changed by someone else meanwhile[/] (now shown below; your "
                            "changes are applied on top, check them and save again):\n$lines"
                        ),
                        lines="\n".join(lines),
                    ),
                    id="meanwhile",
                )
            with VerticalScroll():
                for key, (title, names) in SECTIONS.items():
                    yield Static(_(title), classes="section", id=f"section-{key}")
                    for name in names:
                        yield from self._row(name)
            with Horizontal(id="edit-buttons"):
                yield Button(_("Cancel (esc)"), id="cancel")
                yield Button(_("Save (ctrl+s)"), id="save", variant="primary")

    def _row(self, name: str) -> ComposeResult:
        lock = self.state.locks.get(name)
        with Horizontal(classes="row"):
            yield Label(label(name))
            if lock is not None:
                yield Static(
                    Content.from_markup(
                        "$value  [b]🔒[/] [i]$why[/]",
                        value=self.initial[name] or "–",
                        why=clean(lock.message),
                    ),
                    classes="locked",
                    id=widget_id(name),
                )
            else:
                value = self.draft.get(name, self.initial[name])
                yield Input(value, id=widget_id(name), compact=True)
        error = Static(
            Content(self.errors.get(name, "")), classes="error", id="e" + widget_id(name)
        )
        error.display = name in self.errors
        yield error

    def on_mount(self) -> None:
        first = next(iter(self.errors), None) or next(
            (n for n in SECTIONS[self.section][1] if n not in self.state.locks), None
        )
        if first is not None:
            self.query_one(f"#{widget_id(first)}").focus()
        else:
            self.query_one(f"#section-{self.section}").scroll_visible()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def changed(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for name in self.state.values:
            if name in self.state.locks:
                continue
            value = self.query_one(f"#{widget_id(name)}", Input).value
            if value != self.initial[name]:
                found[name] = value
        return found

    def show_errors(self, errors: Mapping[str, str]) -> None:
        for name in self.state.values:
            shown = self.query_one(f"#e{widget_id(name)}", Static)
            shown.update(Content(errors.get(name, "")))
            shown.display = name in errors
        if errors:
            self.query_one(f"#{widget_id(next(iter(errors)))}").focus()

    def action_save(self) -> None:
        edits = self.changed()
        if not edits:
            self.dismiss(None)
            return
        form = {**self.state.values, **edits}
        _cleaned, errors = validate(form, edits, self.today)
        self.show_errors(errors)
        if errors:
            n = len(errors)
            self.notify(
                formatting.plural(
                    n,
                    "Not saved: {n} field needs attention.",
                    "Not saved: {n} fields need attention.",
                ),
                severity="error",
                timeout=5,
            )
            return
        if "email" in edits:

            def confirmed(answer: bool | None) -> None:
                if answer:
                    self.dismiss(edits)

            self.app.push_screen(
                ConfirmEmail(self.state.values["email"], edits["email"].strip()), confirmed
            )
            return
        self.dismiss(edits)

    def action_cancel(self) -> None:
        self.dismiss(None)
