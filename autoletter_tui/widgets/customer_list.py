"""The virtual customer list: a million rows without holding them.

A ``ScrollView`` whose virtual height is the number of matching customers and which renders
only the visible lines, from a bounded cache of rows keyed by list position (the toolong shape;
``DataTable`` needs ~18 s for 100k rows). Rows it lacks are asked for with ``RowsWanted``; the
screen reads them in a worker and hands them back with ``put_rows``. Every cell is built from
segments of cleaned text, so user data is never parsed as markup.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from autoletter_tui import formatting
from autoletter_tui.data.models import RegistrationStatus, SourceKind
from autoletter_tui.data.overview import Cursor, ListRow, SortKey
from autoletter_tui.i18n import N_, NP_, language, pgettext
from autoletter_tui.labels import label
from autoletter_tui.widgets.literal import clean

CACHE_ROWS = 4000  # rows kept; a screenful is ~50, so scrolling back is served from memory
FETCH_ROWS = 120  # rows asked for at a time around what is visible

# The source kinds in the order of the badges and the filter, by their English names (shown
# translated: ``label(kind)``).
BADGE = {
    SourceKind.SHOPIFY: "Shopify",
    SourceKind.BILLBEE: "Billbee",
    SourceKind.CSV: "CSV",
    SourceKind.API: "API",
    SourceKind.MANUAL: N_("Manual"),
}
TEST_DOT = "●"  # a customer with test orders
QR_MARK = "▣"  # a customer who scanned a letter's QR code


# The context of the column titles in the catalog: a title may be worded for a narrow column
# (German "Käufe" for "Orders", where the profile's tab says "Bestellungen").
TITLE_CONTEXT = "customer list column"


@dataclass(frozen=True, slots=True)
class Column:
    key: SortKey
    title: str  # marked with NP_(TITLE_CONTEXT, ...): shown as ``label()``
    width: int  # the values' width; the title (and the sort arrow) may need more: ``need()``
    right: bool = False
    priority: int = 0  # lower stays longer when the terminal is narrow

    def label(self) -> str:
        """The title in the current language."""
        return pgettext(TITLE_CONTEXT, self.title)

    def need(self) -> int:
        """The width the column takes in the current language: its values, its title with the
        sort arrow, and for the status column the longest status name."""
        values = self.width
        if self.key is SortKey.STATUS:
            values = max(values, *(cell_len(label(s)) for s in RegistrationStatus))
        return max(values, cell_len(self.label()) + 1)


def _sources(row: ListRow, compact: bool) -> str:
    if compact:  # initials: S(hopify) B(illbee) C(SV) A(PI) M(anual)
        return "".join(label(kind)[:1] for kind, _label in row.sources)
    return " ".join(label(kind) for kind, _label in row.sources)


CELLS: dict[SortKey, Callable[[ListRow], str]] = {
    SortKey.NAME: lambda r: clean(r.name),
    SortKey.EMAIL: lambda r: clean(r.email.strip()),
    SortKey.COMPANY: lambda r: clean(r.company),
    SortKey.LOCATION: lambda r: clean(", ".join(p for p in (r.city, r.country) if p)),
    SortKey.STATUS: lambda r: label(r.status),
    SortKey.ORDERS: lambda r: formatting.count(r.order_count),
    SortKey.VALUE: lambda r: formatting.money(r.lifetime_value, r.currency) if r.currency else "",
    SortKey.LAST_ORDER: lambda r: formatting.day(r.last_order_at),
}

SOURCES_WIDTH = 16  # the badges after the name, when there is room
COMPACT_SOURCES = 3  # their initials, when there is not

COLUMNS = (
    Column(SortKey.NAME, NP_("customer list column", "Name"), 18 + COMPACT_SOURCES + 1),
    Column(SortKey.EMAIL, NP_("customer list column", "Email"), 22, priority=4),
    Column(SortKey.COMPANY, NP_("customer list column", "Company"), 18, priority=6),
    Column(SortKey.LOCATION, NP_("customer list column", "Location"), 18, priority=5),
    Column(SortKey.STATUS, NP_("customer list column", "Status"), 0, priority=3),
    Column(SortKey.ORDERS, NP_("customer list column", "Orders"), 6, right=True, priority=2),
    Column(SortKey.VALUE, NP_("customer list column", "Value"), 13, right=True, priority=1),
    Column(SortKey.LAST_ORDER, NP_("customer list column", "Last order"), 10),
)
GAP = 2


@dataclass(frozen=True, slots=True)
class Layout:
    columns: tuple[tuple[Column, int], ...]  # with their widths
    sources: int  # width of the badge area inside the name column


def layout(width: int) -> Layout:
    """Which columns fit, widest priority last to go; the name column takes the rest."""
    return _layout(width, language())


@lru_cache(maxsize=32)  # asked for every drawn line; it only changes with width and language
def _layout(width: int, code: str) -> Layout:  # code: the language, for the cache
    shown = [(c, c.need()) for c in COLUMNS]
    marks = 2  # the test dot and the QR mark before the name

    def need(columns: list[tuple[Column, int]]) -> int:
        return sum(w for _c, w in columns) + GAP * (len(columns) - 1) + marks

    while need(shown) > width and len(shown) > 2:
        shown.remove(max(shown, key=lambda cw: cw[0].priority))
    spare = max(0, width - need(shown))
    # Full badges once the name keeps at least its minimum width beside them.
    sources = SOURCES_WIDTH if spare >= SOURCES_WIDTH - COMPACT_SOURCES else COMPACT_SOURCES
    widths = [(c, w + (spare if c.key is SortKey.NAME else 0)) for c, w in shown]
    return Layout(tuple(widths), sources)


def _cell(text: str, width: int, right: bool) -> str:
    if cell_len(text) > width:
        return set_cell_size(text[: width * 2], width - 1) + "…" if width > 1 else ""
    return set_cell_size(text, width) if not right else " " * (width - cell_len(text)) + text


class ListHeader(Widget):
    """Column titles with the sort shown; a click on a title sorts by it."""

    DEFAULT_CSS = """
    ListHeader {
        height: 1;
        background: $panel;
        color: $text;
        text-style: bold;
    }
    """

    sort: reactive[SortKey] = reactive(SortKey.LAST_ORDER)
    descending: reactive[bool] = reactive(True)

    def _width(self) -> int:
        # Columns line up with the rows of the list below, which lose its scrollbar's width.
        rows = self.parent.query(CustomerList).first() if self.parent else None
        return rows.content_width if rows is not None else self.size.width

    def render_line(self, y: int) -> Strip:
        cells = []
        spec = layout(self._width())
        for number, (column, width) in enumerate(spec.columns):
            arrow = ("▼" if self.descending else "▲") if column.key is self.sort else ""
            title = f"{column.label()}{arrow}"
            text = _cell(title, width + (2 if number == 0 else 0), column.right)
            cells.append(text)
        line = (" " * GAP).join(cells)
        # A style on every segment: Textual's NO_COLOR filter fails on a segment without one.
        style = self.rich_style
        return Strip([Segment(line, style)]).adjust_cell_length(self.size.width, style)

    def on_click(self, event: events.Click) -> None:
        x = 0
        for number, (column, width) in enumerate(layout(self._width()).columns):
            end = x + width + (2 if number == 0 else 0)
            if x <= event.x < end + GAP:
                self.post_message(CustomerList.SortClicked(column.key))
                return
            x = end + GAP


class CustomerList(ScrollView, can_focus=True):
    """Rows of customers by list position; the cursor row is the selected customer."""

    DEFAULT_CSS = """
    CustomerList {
        height: 1fr;
        overflow-x: hidden;
    }
    CustomerList > .customer-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    CustomerList:blur > .customer-list--cursor {
        background: $block-cursor-blurred-background;
        text-style: none;
    }
    CustomerList > .customer-list--placeholder {
        color: $text-disabled;
    }
    CustomerList > .customer-list--test {
        color: $warning;
    }
    CustomerList > .customer-list--qr {
        color: $success;
    }
    CustomerList > .customer-list--badge {
        color: $text-muted;
    }
    """
    COMPONENT_CLASSES = {
        "customer-list--cursor",
        "customer-list--placeholder",
        "customer-list--test",
        "customer-list--qr",
        "customer-list--badge",
    }
    BINDINGS = [
        Binding("up", "cursor(-1)", N_("Up"), show=False, id="list.up"),
        Binding("down", "cursor(1)", N_("Down"), show=False, id="list.down"),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="list.page_up"),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id="list.page_down"),
        Binding("home", "jump(0)", N_("First"), show=False, id="list.first"),
        Binding("end", "jump(-1)", N_("Last"), show=False, id="list.last"),
        Binding("enter", "open", N_("Open"), id="list.open"),
    ]

    cursor: reactive[int] = reactive(0)

    class RowsWanted(Message):
        """Rows ``start .. start + count - 1`` are needed for the list ``generation``."""

        def __init__(self, generation: int, start: int, count: int) -> None:
            super().__init__()
            self.generation = generation
            self.start = start
            self.count = count

    class Highlighted(Message):
        def __init__(self, position: int, row: ListRow | None) -> None:
            super().__init__()
            self.position = position
            self.row = row

    class Selected(Message):
        def __init__(self, position: int, row: ListRow) -> None:
            super().__init__()
            self.position = position
            self.row = row

    class SortClicked(Message):
        def __init__(self, key: SortKey) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = 0
        self.generation = 0
        self._rows: OrderedDict[int, ListRow] = OrderedDict()
        self._asked: set[int] = set()  # starts of ranges asked for and not yet answered

    # -- feeding the list -----------------------------------------------------------------
    def reset(self, total: int) -> int:
        """Start a new list of ``total`` rows; returns its generation for ``put_rows``."""
        self.generation += 1
        self.total = total
        self._rows.clear()
        self._asked.clear()
        self.virtual_size = Size(self.size.width, total)
        self.set_reactive(CustomerList.cursor, 0)
        self._scroll_to_line(0)
        self.refresh()
        self._announce()
        return self.generation

    def set_total(self, total: int) -> None:
        """The exact count arrived after the first rows: resize without dropping rows."""
        self.total = total
        self.virtual_size = Size(self.size.width, total)
        if self.cursor >= total:  # moved onto the open end before the count came back
            self.cursor = max(total - 1, 0)
        self.refresh()
        self.call_after_refresh(self._refresh_header)

    def put_rows(self, generation: int, start: int, rows: list[ListRow]) -> None:
        if generation != self.generation:
            return  # an answer for a list that is gone
        self._asked.discard(start)
        for offset, row in enumerate(rows):
            self._rows[start + offset] = row
            self._rows.move_to_end(start + offset)
        while len(self._rows) > CACHE_ROWS:
            self._rows.popitem(last=False)
        self.refresh()
        if start <= self.cursor < start + len(rows):
            self._announce()

    @property
    def content_width(self) -> int:
        return self.scrollable_content_region.width

    def row_at(self, position: int) -> ListRow | None:
        return self._rows.get(position)

    def cursors(self) -> dict[int, Cursor]:
        """Loaded rows' cursors by position, for planning the next read."""
        return {position: row.cursor for position, row in self._rows.items()}

    def forget_request(self, start: int) -> None:
        """That range will not be answered; ask again when it is drawn."""
        self._asked.discard(start)

    def forget_requests(self) -> None:
        self._asked.clear()

    # -- rendering ------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        position = self.scroll_offset.y + y
        width = self.content_width
        if position >= self.total:
            return Strip.blank(width, self.rich_style)
        row = self._rows.get(position)
        if row is not None:
            self._rows.move_to_end(position)  # what is on screen is evicted last
        base = self.rich_style
        if position == self.cursor:
            base += self.get_component_rich_style("customer-list--cursor")
        if row is None:
            self._want(position)
            dim = base + self.get_component_rich_style("customer-list--placeholder")
            return Strip([Segment(set_cell_size("  …", width), dim)], width)
        return self._render_row(row, width, base)

    def _render_row(self, row: ListRow, width: int, base: Style) -> Strip:
        spec = layout(width)
        test = base + self.get_component_rich_style("customer-list--test")
        qr = base + self.get_component_rich_style("customer-list--qr")
        badge = base + self.get_component_rich_style("customer-list--badge")
        segments = [
            Segment(TEST_DOT if row.has_test_orders else " ", test),
            Segment(QR_MARK if row.qr_scanned else " ", qr),
        ]
        for number, (column, cell_width) in enumerate(spec.columns):
            if number:
                segments.append(Segment(" " * GAP, base))
            text = CELLS[column.key](row)
            if column.key is SortKey.NAME:
                name_width = cell_width - spec.sources - 1
                badges = _sources(row, compact=spec.sources < SOURCES_WIDTH)
                segments.append(Segment(_cell(text, name_width, False) + " ", base))
                segments.append(Segment(_cell(badges, spec.sources, False), badge))
            else:
                segments.append(Segment(_cell(text, cell_width, column.right), base))
        return Strip(segments).adjust_cell_length(width, base)

    def _want(self, position: int) -> None:
        start = max(0, position - position % FETCH_ROWS)
        if start in self._asked:
            return
        self._asked.add(start)
        count = min(FETCH_ROWS, self.total - start)
        self.post_message(self.RowsWanted(self.generation, start, count))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    # -- moving ---------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_cursor_visible()
        self._announce()

    def _announce(self) -> None:
        self.post_message(self.Highlighted(self.cursor, self._rows.get(self.cursor)))

    def _scroll_to_line(self, y: int) -> None:
        # force: right after ``set_total`` the scrollbar is not recomputed until the next
        # layout, and Textual refuses to scroll a widget whose scrollbar it thinks is hidden
        # (a palette jump far into a list just counted stayed at the top).
        self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def _scroll_cursor_visible(self) -> None:
        top = self.scroll_offset.y
        height = max(self.size.height, 1)
        if self.cursor < top:
            self._scroll_to_line(self.cursor)
        elif self.cursor >= top + height:
            self._scroll_to_line(self.cursor - height + 1)

    def move_to(self, position: int) -> None:
        if self.total:
            self.cursor = max(0, min(position, self.total - 1))

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        height = max(self.size.height - 1, 1)
        self._scroll_to_line(self.scroll_offset.y + direction * height)
        self.move_to(self.cursor + direction * height)

    def action_jump(self, where: int) -> None:
        self.move_to(where if where >= 0 else self.total - 1)

    def action_open(self) -> None:
        row = self._rows.get(self.cursor)
        if row is not None:
            self.post_message(self.Selected(self.cursor, row))

    def on_click(self, event: events.Click) -> None:
        position = self.scroll_offset.y + event.y
        if position < self.total:
            self.move_to(position)
            self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.total)
        self._refresh_header()

    def _refresh_header(self) -> None:
        # The header's columns follow this list's width, which its scrollbar changes.
        if self.parent:
            for header in self.parent.query(ListHeader):
                header.refresh()
