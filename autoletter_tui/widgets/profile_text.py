"""The profile's sections as styled text, built from the plain results of ``data.profile``.

Pure functions, no widgets: the pane puts their output in Statics and tables. Every value that
comes from a customer record is inserted as a ``$variable`` or as ``Text``/``Content`` of
cleaned characters, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.content import Content

from autoletter_tui import formatting
from autoletter_tui.data.address_rules import AddressProblem
from autoletter_tui.data.edits import national_phone
from autoletter_tui.data.models import (
    AddressKind,
    CampaignKind,
    EventKind,
    LetterStatus,
    OrderStatus,
)
from autoletter_tui.data.profile import (
    Addresses,
    AddressView,
    CheckoutLine,
    Contact,
    ItemLine,
    LetterLine,
    OrderLine,
    OrderSummary,
    SourceBadge,
    TimelineEntry,
    TopProduct,
)
from autoletter_tui.widgets.customer_list import BADGE
from autoletter_tui.widgets.literal import clean, literal

NL = Content("\n")
# Why a guest appears once per order (see ``Customer.kept_apart``).
KEPT_APART = ", one order kept apart (guest merging is off)"


def field(label: str, value: str, width: int = 10) -> Content:
    return Content.from_markup(
        "[dim]$label[/] $value", label=f"{label:<{width}}", value=clean(value) or "–"
    )


def contact(c: Contact, now: datetime) -> Content:
    rows = [
        field("Number", c.number),
        field("Status", c.status.value.capitalize() + (KEPT_APART if c.kept_apart else "")),
        field("Email", c.email.strip()),
        field("Company", c.company),
        # As it is written where the customer lives (the list's location country).
        field("Phone", national_phone(c.phone, c.country) if c.phone else ""),
    ]
    if c.birthday:
        rows.append(field("Birthday", c.birthday.isoformat()))
    rows.append(field("Since", formatting.day(c.created_at)))
    return NL.join(rows)


def _synced(badge: SourceBadge) -> Content:
    """When the shop account last synced as a whole (its last run's failure too), else when
    the record was last changed by its source."""
    sync = badge.sync
    if sync is None:
        moment = formatting.moment(badge.synced_at)
        return Content.from_markup("[dim]$s[/]", s=f"synced {moment}" if moment else "")
    last = formatting.moment(sync.finished_at) or "never completed"
    text = Content.from_markup("[dim]last sync $last[/]", last=last)
    if sync.error:
        text += Content.from_markup(" [$warning]· the last sync failed[/]")
    return text


def sources(badges: Sequence[SourceBadge]) -> Content:
    if not badges:
        return Content.from_markup("[dim]No source: entered by hand[/]")
    lines = [
        Content.from_markup("[reverse] $label [/] ", label=clean(b.label)) + _synced(b)
        for b in badges
    ]
    if len(badges) > 1:
        lines.append(Content.from_markup("[dim]Merged from $n records[/]", n=str(len(badges))))
    return NL.join(lines)


PROBLEMS = {
    AddressProblem.MISSING_STREET: "street missing",
    AddressProblem.MISSING_HOUSE_NUMBER: "house number missing",
    AddressProblem.MISSING_POSTCODE: "postcode missing",
    AddressProblem.INVALID_POSTCODE: "postcode not valid for the country",
    AddressProblem.MISSING_CITY: "city missing",
    AddressProblem.MISSING_REGION: "region missing",
    AddressProblem.INVALID_REGION: "region not valid for the country",
    AddressProblem.INVALID_COUNTRY: "country missing or unknown",
}


def letter_warning(addresses: Addresses) -> Content:
    """What keeps letters from arriving; empty when nothing does."""
    if addresses.letter is None:
        return Content.from_markup(
            "[b $error]⚠ No letter address:[/] letters cannot be sent to this customer."
        )
    if addresses.letter_problems:
        missing = ", ".join(PROBLEMS[p] for p in addresses.letter_problems)
        return Content.from_markup(
            "[b $error]⚠ Letter address incomplete:[/] $missing. "
            "A letter to it cannot be delivered.",
            missing=missing,
        )
    return Content("")


TITLES = {AddressKind.DELIVERY: "Delivery", AddressKind.BILLING: "Billing"}


def address(kind: AddressKind, view: AddressView | None, addresses: Addresses) -> Content:
    title = TITLES.get(kind, "Letter ✉")
    head = Content.from_markup("[b]$title[/]", title=title)
    if kind is AddressKind.LETTER and addresses.letter_differs:
        head = head + Content.from_markup(" [$warning]differs from delivery[/]")
    if view is None:
        return NL.join([head, Content.from_markup("[dim]none[/]")])
    delivery = addresses.delivery
    if kind is not AddressKind.DELIVERY and delivery is not None and view.same_place(delivery):
        return NL.join([head, Content.from_markup("[dim]same as delivery[/]")])
    return NL.join([head, *(Content(clean(line)) for line in view.lines())])


def order_summary(summary: OrderSummary) -> Content:
    if not summary.orders:
        return Content.from_markup("[dim]No orders[/]")
    single = len(summary.totals) == 1
    parts = [
        ("" if single else f"{formatting.plural(t.orders, 'order')} in {t.currency}: ")
        + f"{formatting.money(t.total, t.currency)}, "
        f"average {formatting.money(t.average, t.currency)}"
        for t in summary.totals
    ]
    return Content.from_markup(
        "[b]$n[/] [dim](test, canceled and returned included)[/]: $parts",
        n=formatting.plural(summary.orders, "order"),
        parts="; ".join(parts),
    )


STATUS_STYLE = {
    OrderStatus.CANCELED: "bold red",
    OrderStatus.RETURNED: "bold yellow",
    OrderStatus.REFUNDED: "bold yellow",
}


def order_status(line: OrderLine) -> Text:
    text = Text(line.status.value.capitalize(), style=STATUS_STYLE.get(line.status, ""))
    if line.is_test:
        text.append("  ● test", style="bold dark_orange")
    if line.from_checkout:
        text.append("  recovered cart", style="green")
    return text


def order_cells(line: OrderLine) -> tuple[Text, ...]:
    badge = BADGE[line.source_kind] if line.source_kind else ""
    return (
        literal(line.number),
        Text(formatting.day(line.placed_at)),
        Text(formatting.money(line.total, line.currency), justify="right"),
        order_status(line),
        Text(badge, style="reverse" if badge else ""),
    )


ORDER_COLUMNS = ("Order", "Date", "Total", "Status", "Source")


def order_items(line: OrderLine, items: Sequence[ItemLine]) -> Content:
    head = Content.from_markup(
        "[b]Order $number[/] [dim]$day · $n[/]",
        number=clean(line.number),
        day=formatting.moment(line.placed_at),
        n=formatting.plural(sum(i.quantity for i in items), "item"),
    )
    rows = [
        Content.from_markup(
            "$qty × $title [dim]$sku[/]  $price",
            qty=str(i.quantity),
            title=clean(i.title) or "–",
            sku=clean(i.sku) or "no SKU",
            price=formatting.money(i.unit_price, line.currency),
        )
        for i in items
    ]
    return NL.join([head, *rows] if rows else [head, Content.from_markup("[dim]No items[/]")])


def checkouts(lines: Sequence[CheckoutLine]) -> Content:
    if not lines:
        return Content("")
    rows = [Content.from_markup("[b]Checkouts[/]")]
    for c in lines:
        badge = (
            Content.from_markup(
                "[reverse $success] Recovered [/] → order $n", n=clean(c.recovered_order)
            )
            if c.recovered_order is not None
            else Content.from_markup("[reverse $text-muted] Abandoned [/]")
        )
        rows.append(
            badge
            + Content.from_markup(
                " $day · $value · [dim]$products[/]",
                day=formatting.day(c.created_at),
                value=formatting.money(c.value, c.currency),
                products=clean(", ".join(c.products)),
            )
        )
    return NL.join(rows)


def top_products(products: Sequence[TopProduct]) -> Content:
    if not products:
        return Content.from_markup("[b]Top products[/]\n[dim]No products ordered[/]")
    rows = [Content.from_markup("[b]Top products[/] [dim]by quantity[/]")]
    rows += [
        Content.from_markup(
            "$qty× $title [dim]$sku[/]",
            qty=f"{p.quantity:>4}",
            title=clean(p.title) or "–",
            sku=clean(p.sku) or "no SKU",
        )
        for p in products
    ]
    return NL.join(rows)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BARS = "▁▂▃▄▅▆▇█"


def orders_per_month(monthly: Sequence[int], now: datetime) -> Content:
    """A bar per month, oldest first, this month last, each labelled; the busiest month fills
    the bar and a month without orders shows a dot, so that zero and few are told apart."""
    peak = max(monthly, default=0)
    this_month = now.astimezone().month - 1
    first = this_month - len(monthly) + 1
    bars = Content("").join(
        Content.from_markup(
            "[$primary]$bar[/] " if n else "[dim]$bar[/] ",
            bar=(BARS[max(0, round(n / peak * (len(BARS) - 1)))] * 3) if n else " · ",
        )
        for n in monthly
    )
    labels = " ".join(MONTHS[(first + i) % 12] for i in range(len(monthly)))
    counts = " ".join(f"{n:^3}" if n else "   " for n in monthly)
    return NL.join(
        [
            Content.from_markup("[b]Orders per month[/] [dim]last 12 months[/]"),
            bars,
            Content.from_markup("[dim]$labels[/]", labels=labels),
            Content(counts.rstrip()),
        ]
    )


LETTER_STATUS = {
    LetterStatus.ACCEPTED: "Accepted",
    LetterStatus.IN_PRODUCTION: "In production",
    LetterStatus.SHIPPED: "Shipped",
    LetterStatus.DELIVERED: "Delivered",
    LetterStatus.FAILED: "Failed",
}
CAMPAIGN_KIND = {CampaignKind.ONE_TIME: "one-time", CampaignKind.RECURRING: "recurring"}


def last_contacted(last: datetime | None, now: datetime) -> Content:
    if last is None:
        return Content.from_markup("[b]Never contacted by letter[/]")
    days = (now.astimezone().date() - last.astimezone().date()).days
    return Content.from_markup(
        "Last contacted by letter: [b]$day[/] [dim]($ago)[/]",
        day=formatting.day(last),
        ago="today" if days == 0 else f"{formatting.count(days)} days ago",
    )


def letter_cells(line: LetterLine) -> tuple[Text, ...]:
    status = Text(LETTER_STATUS[line.status])
    if line.status is LetterStatus.FAILED:
        status.stylize("bold red")
    if line.order_after_days is None:
        followed = Text("–", style="dim")
    else:
        followed = Text(f"+{line.order_after_days} d")
    return (
        literal(line.campaign),
        Text(CAMPAIGN_KIND[line.campaign_kind]),
        status,
        Text(formatting.day(line.status_at)),
        Text(formatting.day(line.scanned_at) or "–"),
        followed,
    )


LETTER_COLUMNS = ("Campaign", "Type", "Status", "Since", "QR scan", "Next order")


def letter_detail(line: LetterLine) -> Content:
    """The highlighted letter: where it went as printed (later edits to the customer do not
    change it) and the key for its PDF."""
    head = Content.from_markup(
        "[b]Sent to[/] [dim](as printed)[/]"
        + (" · [b $error]$reason[/]" if line.failure_reason else ""),
        reason=clean(line.failure_reason),
    )
    lines = [Content(clean(x)) for x in line.address_lines] or [Content.from_markup("[dim]–[/]")]
    hint = Content.from_markup("[dim]v: open the letter's PDF as it was sent[/]")
    return NL.join([head, *lines, hint])


EVENT_TITLES = {
    EventKind.ORDER_PLACED: "Order placed",
    EventKind.LETTER_SENT: "Letter sent",
    EventKind.LETTER_DELIVERED: "Letter delivered",
    EventKind.QR_SCANNED: "QR code scanned",
    EventKind.CUSTOMER_CREATED: "Customer created",
    EventKind.FIELD_EDITED: "Edited",
    EventKind.ADDRESS_CHANGED: "Address changed",
    EventKind.COMMENT_CHANGED: "Comment changed",
    EventKind.SOURCE_MERGED: "Records merged",
    EventKind.IMPORTED: "Imported",
}


def _event_detail(entry: TimelineEntry) -> str:
    d = entry.details
    match entry.kind:
        case EventKind.ORDER_PLACED:
            return f"{d['number']} · {formatting.money(d['total'], d['currency'])}"
        case EventKind.LETTER_SENT | EventKind.LETTER_DELIVERED | EventKind.QR_SCANNED:
            return str(d.get("campaign", ""))
        case EventKind.SOURCE_MERGED:
            how = [f"same {d['matched_by']}"] if d.get("matched_by") else []
            how += [str(d["where"])] if d.get("where") else []
            return f"with {d.get('source', '')}" + (f" ({', '.join(how)})" if how else "")
        case EventKind.IMPORTED:
            where = f" ({d['where']})" if d.get("where") else ""
            return f"from {d.get('source', '')}{where}"
        case EventKind.COMMENT_CHANGED:
            new = str(d.get("new", ""))
            return f"“{new[:60]}…”" if len(new) > 60 else (f"“{new}”" if new else "cleared")
        case EventKind.FIELD_EDITED | EventKind.ADDRESS_CHANGED:
            changes = d.get("changes", [])
            if isinstance(changes, list):
                return ", ".join(
                    f"{c.get('field', '?')}: {c.get('old', '')!s} → {c.get('new', '')!s}"
                    for c in changes
                    if isinstance(c, dict)
                )
            return ""
        case _:
            return str(d.get("summary", ""))


def timeline(entries: Sequence[TimelineEntry], complete: bool) -> Content:
    if not entries:
        return Content.from_markup("[dim]Nothing has happened yet[/]")
    rows = [
        Content.from_markup(
            "[dim]$at[/] [b]$title[/] $detail [dim]$actor[/]",
            at=formatting.moment(e.at),
            title=f"{EVENT_TITLES[e.kind]:<16}",
            detail=clean(_event_detail(e).replace("\n", " ")),
            actor=f"· {clean(e.actor)}" if e.actor else "",
        )
        for e in entries
    ]
    if not complete:
        rows.append(Content.from_markup("[dim]… older entries: press m for more[/]"))
    return NL.join(rows)
