"""Importing a customer CSV file from the TUI: the path and a label, a preview of how the
columns are read and of the first rows, then the import with a progress bar and its summary.

The file is read and the import runs in worker threads; the import is one transaction
(``sources/csv_import.py``), so cancelling it, or a failure, stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Static

from autoletter_tui import formatting
from autoletter_tui.data.address_rules import street_line
from autoletter_tui.data.db import Database
from autoletter_tui.data.errors import UserError
from autoletter_tui.i18n import N_, _
from autoletter_tui.library_messages import os_error_text
from autoletter_tui.screens.base import DeskModal
from autoletter_tui.sources.csv_import import csv_origin, import_csv
from autoletter_tui.sources.csv_records import CsvFile, open_csv, records
from autoletter_tui.sources.ingest import Summary
from autoletter_tui.sources.records import CustomerRecord, Problem, where_text
from autoletter_tui.widgets.literal import clean

PREVIEW_ROWS = 5
LISTED = 8  # skipped rows and warnings shown after the import; the rest are counted


class Cancelled(Exception):
    """Raised in the import's progress callback: the transaction rolls back."""


@dataclass
class Previewed(Message):
    path: str
    file: CsvFile | None
    first: list[CustomerRecord | Problem]
    error: str = ""


@dataclass
class Advanced(Message):
    done: int
    total: int
    summary: Summary


@dataclass
class Finished(Message):
    summary: Summary | None
    dry_run: bool
    error: str = ""


def preview_text(file: CsvFile, first: list[CustomerRecord | Problem]) -> Content:
    """How the file is read: encoding, delimiter, the column mapping, the first rows."""
    form, columns = file.form, file.columns
    delimiter = _("tab") if form.delimiter == "\t" else repr(form.delimiter)
    mapped = ", ".join(
        f"{columns.headers[i]} → {name.replace('_', ' ')}"
        for name, i in sorted(columns.index.items(), key=lambda item: item[1])
    )
    lines = [
        Content.from_markup(
            _("[b]$name[/] · $encoding · $delimiter separated"),
            name=clean(file.path.name),
            encoding=form.encoding_name,
            delimiter=delimiter,
        ),
        Content.from_markup(_("[dim]Columns:[/] $mapped"), mapped=clean(mapped)),
    ]
    lines += [Content(clean(repeated)) for repeated in columns.repeated_text()]
    if columns.unknown:
        lines.append(
            Content.from_markup(
                _("[dim]Not read:[/] $unknown"), unknown=clean(columns.unknown_text())
            )
        )
    lines.append(Content.from_markup(_("[dim]First rows:[/]")))
    for item in first:
        if isinstance(item, Problem):
            lines.append(
                Content("  ")
                + Content.from_markup(
                    _("[$error]$where skipped:[/] $reason"),
                    where=where_text(item.where),
                    reason=clean(f"{item.column} {item.reason}".strip()),
                )
            )
            continue
        c, a = item.contact, item.address
        name = " ".join(p for p in (c["first_name"], c["last_name"]) if p)
        place = ", ".join(
            p
            for p in (
                street_line(a.get("street", ""), a.get("house_number", ""), a.get("country", "")),
                " ".join(p for p in (a.get("postcode", ""), a.get("city", "")) if p),
                a.get("country", ""),
            )
            if p
        )
        lines.append(
            Content.from_markup(
                "  [dim]$where[/] $name  $email  $place$warned",
                where=where_text(item.where),
                name=clean(name or "–"),
                email=clean(c["email"]),
                place=clean(place),
                warned=(
                    " "
                    + formatting.plural(
                        len(item.warnings), "({n} value left out)", "({n} values left out)"
                    )
                    if item.warnings
                    else ""
                ),
            )
        )
    if not first:
        lines.append(Content("  " + _("(no rows)")))
    return Content("\n").join(lines)


def summary_text(summary: Summary, dry_run: bool) -> Content:
    lines = [
        Content.from_markup(
            "[b]$what[/]$note",
            what=summary.describe(),
            note=" · " + (_("dry run: nothing was stored") if dry_run else _("stored")),
        )
    ]
    for title, found, total in (
        (_("Skipped"), [str(p) for p in summary.problems], summary.skipped),
        (_("Left out"), summary.warnings, summary.warned),
    ):
        if not total:
            continue
        lines.append(Content.from_markup(_("[b]$title:[/]"), title=title))
        lines += [Content(f"  {clean(line)}") for line in found[:LISTED]]
        if total > LISTED:
            more = formatting.plural(total - LISTED, "… and {n} more", "… and {n} more")
            lines.append(Content(f"  {more}"))
    return Content("\n").join(lines)


class ImportScreen(DeskModal[bool]):
    """Returns True when customers were stored, so the overview reads its list again."""

    DEFAULT_CSS = """
    ImportScreen { align: center middle; }
    ImportScreen > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1; overflow-y: auto;
    }
    ImportScreen Horizontal { height: auto; }
    ImportScreen Label { width: 8; color: $text-muted; }
    ImportScreen Input { width: 1fr; }
    ImportScreen #import-preview { height: auto; max-height: 10; margin-top: 1; }
    ImportScreen ProgressBar { margin-top: 1; }
    ImportScreen #import-status { height: auto; max-height: 10; margin: 1 0 0 0; }
    ImportScreen #import-buttons { align-horizontal: right; }
    ImportScreen Checkbox { width: 1fr; margin-top: 1; }
    ImportScreen Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "start", N_("Import"), id="import.start"),
        Binding("escape", "close", N_("Close"), id="import.close"),
    ]

    def __init__(self, database: Database, now: Callable[[], datetime]) -> None:
        super().__init__()
        self.database = database
        self.now = now
        self.file: CsvFile | None = None
        self.running = False
        self.cancel_asked = False
        self.stored = False
        self.start_after_preview = False  # ctrl+s came before the preview

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.from_markup(_("[b]Import customers from a CSV file[/]")))
            with Horizontal():
                yield Label(_("File"))
                yield Input(placeholder=_("path/to/customers.csv, then Enter"), id="path",
                            compact=True)  # fmt: skip
            with Horizontal():
                yield Label(_("Label"))
                yield Input(placeholder=_("the source badge, e.g. Spring fair (optional)"),
                            id="label", compact=True)  # fmt: skip
            yield Static(id="import-preview")
            yield ProgressBar(total=None, show_eta=False, id="import-progress")
            yield Static(
                _(
                    "Shopify exports, German Excel files and AutoLetter columns are read; rows "
                    "merge into the customers they match (email, number, full address)."
                ),
                id="import-status",
            )
            with Horizontal(id="import-buttons"):
                yield Checkbox(_("Dry run: count what it would do, store nothing"),
                               id="dry-run", compact=True)  # fmt: skip
                yield Button(_("Close (esc)"), id="close")
                yield Button(_("Import (ctrl+s)"), id="start", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()
        self.query_one(ProgressBar).display = False

    def _status(self, content: Content | str) -> None:
        self.query_one("#import-status", Static).update(
            content if isinstance(content, Content) else Content(content)
        )

    def _path(self) -> str:
        return self.query_one("#path", Input).value.strip()

    @on(Input.Submitted, "#path")
    @on(Input.Blurred, "#path")
    def _path_entered(self) -> None:
        if self._path() and self.file is None:
            self.read_preview(self._path())

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        self.file = None  # the preview is of another file now

    @on(Input.Changed, "#label")
    def _label_changed(self, event: Input.Changed) -> None:
        if self._path():
            badge = csv_origin(Path(self._path()), event.value).label
            self._status(Content.from_markup(_("Badge: [b]$badge[/]"), badge=clean(badge)))

    @work(thread=True, exclusive=True, group="import-preview", exit_on_error=False)
    def read_preview(self, path: str) -> None:
        try:
            file = open_csv(Path(path).expanduser())
            first = list(islice(records(file, self.now().astimezone().date()), PREVIEW_ROWS))
        except UserError as error:
            problem = str(error)
        except OSError as error:  # the file changed or went away between two reads
            reason = os_error_text(error)
            problem = _("Cannot read {path}: {reason}.").format(path=path, reason=reason)
        else:
            self.post_message(Previewed(path, file, first))
            return
        self.post_message(Previewed(path, None, [], problem))

    def on_previewed(self, message: Previewed) -> None:
        if message.path != self._path():
            return  # the operator typed another path meanwhile
        preview = self.query_one("#import-preview", Static)
        if message.file is None:
            self.start_after_preview = False
            preview.update(Content(""))
            self._status(Content.from_markup("[$error]$error_text[/]", error_text=message.error))
            return
        self.file = message.file
        preview.update(preview_text(message.file, message.first))
        self._status(_("ctrl+s imports the file (with a dry run: only counts)."))
        if self.start_after_preview:
            self.action_start()

    def action_start(self) -> None:
        if self.running:
            return
        dry_run = self.query_one("#dry-run", Checkbox).value
        if self.file is None:
            if not self._path():
                self._status(_("Which file? Type its path first."))
                return
            self.start_after_preview = True  # the operator sees the preview as it starts
            self.read_preview(self._path())
            return
        self.start_after_preview = False
        self.running = True
        self.cancel_asked = False
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(1, self.file.path.stat().st_size), progress=0)
        self._status(_("Importing… esc cancels (nothing is stored then)."))
        self.run_import(self.file.path, self.query_one("#label", Input).value, dry_run)

    @work(thread=True, group="import-run", exit_on_error=False)
    def run_import(self, path: Path, label: str, dry_run: bool) -> None:
        def progress(done: int, total: int, summary: Summary) -> None:
            if self.cancel_asked:
                raise Cancelled
            self.post_message(Advanced(done, total, summary))

        try:
            done = import_csv(
                self.database.engine, path, self.now(), label=label, dry_run=dry_run,
                progress=progress,
            )  # fmt: skip
        except Cancelled:
            self.post_message(Finished(None, dry_run, _("Cancelled: nothing was stored.")))
        except UserError as error:
            self.post_message(Finished(None, dry_run, str(error)))
        except Exception as error:  # the transaction was rolled back: say so, stay usable
            failed = _("The import failed, nothing was stored: {error}").format(error=error)
            self.post_message(Finished(None, dry_run, failed))
        else:
            self.post_message(Finished(done.summary, dry_run))

    def on_advanced(self, message: Advanced) -> None:
        self.query_one(ProgressBar).update(total=max(1, message.total), progress=message.done)
        self._status(
            _("Importing… {summary} · esc cancels").format(summary=message.summary.describe())
        )

    def on_finished(self, message: Finished) -> None:
        self.running = False
        bar = self.query_one(ProgressBar)
        if message.summary is None:
            bar.display = False
            self._status(Content.from_markup("[$error]$text[/]", text=message.error))
            return
        bar.update(progress=bar.total or 1)
        if not message.dry_run:
            self.stored = True
        self._status(summary_text(message.summary, message.dry_run))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        else:
            self.action_close()

    def action_close(self) -> None:
        if self.running:
            self.cancel_asked = True
            self._status(_("Cancelling…"))
            return
        self.dismiss(self.stored)
