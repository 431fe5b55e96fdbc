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
from autoletter_tui.data.merge import MatchedBy
from autoletter_tui.data.models import (
    AddressKind,
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
from autoletter_tui.i18n import N_, _, locale, ngettext
from autoletter_tui.labels import label
from autoletter_tui.widgets.customer_list import BADGE
from autoletter_tui.widgets.literal import clean, literal

NL = Content("\n")


def field(title: str, value: str, width: int = 10) -> Content:
    """A row of the contact details: ``title`` is shown as given (translated by the caller)."""
    return Content.from_markup(
        "[dim]$label[/] $value", label=f"{title:<{width}}", value=clean(value) or "–"
    )


def contact(c: Contact, now: datetime) -> Content:
    status = label(c.status)
    if c.kept_apart:
        # Why a guest appears once per order (see ``Customer.kept_apart``).
        status = _("{status}, one order kept apart (guest merging is off)").format(status=status)
    rows = [
        field(_("Number"), c.number),
        field(_("Status"), status),
        field(_("Email"), c.email.strip()),
        field(_("Company"), c.company),
        # As it is written where the customer lives (the list's location country).
        field(_("Phone"), national_phone(c.phone, c.country) if c.phone else ""),
    ]
    if c.birthday:
        rows.append(field(_("Birthday"), c.birthday.isoformat()))
    rows.append(field(_("Since"), formatting.day(c.created_at)))
    return NL.join(rows)


def _synced(badge: SourceBadge) -> Content:
    """When the shop account last synced as a whole (its last run's failure too), else when
    the record was last changed by its source."""
    sync = badge.sync
    if sync is None:
        moment = formatting.moment(badge.synced_at)
        synced = _("synced {moment}").format(moment=moment) if moment else ""
        return Content.from_markup("[dim]$s[/]", s=synced)
    last = formatting.moment(sync.finished_at) or _("never completed")
    text = Content.from_markup(_("[dim]last sync $last[/]"), last=last)
    if sync.error:
        text += Content(" ") + Content.from_markup(_("[$warning]· the last sync failed[/]"))
    return text


def sources(badges: Sequence[SourceBadge]) -> Content:
    if not badges:
        return Content.from_markup(_("[dim]No source: entered by hand[/]"))
    lines = [
        Content.from_markup("[reverse] $label [/] ", label=clean(b.label)) + _synced(b)
        for b in badges
    ]
    if len(badges) > 1:
        n = len(badges)
        merged = ngettext("[dim]Merged from $n record[/]", "[dim]Merged from $n records[/]", n)
        lines.append(Content.from_markup(merged, n=formatting.count(n)))
    return NL.join(lines)


PROBLEMS = {
    AddressProblem.MISSING_STREET: N_("street missing"),
    AddressProblem.MISSING_HOUSE_NUMBER: N_("house number missing"),
    AddressProblem.MISSING_POSTCODE: N_("postcode missing"),
    AddressProblem.INVALID_POSTCODE: N_("postcode not valid for the country"),
    AddressProblem.MISSING_CITY: N_("city missing"),
    AddressProblem.MISSING_REGION: N_("region missing"),
    AddressProblem.INVALID_REGION: N_("region not valid for the country"),
    AddressProblem.INVALID_COUNTRY: N_("country missing or unknown"),
}


def letter_warning(addresses: Addresses) -> Content:
    """What keeps letters from arriving; empty when nothing does."""
    if addresses.letter is None:
        return Content.from_markup(
            _("[b $error]⚠ No letter address:[/] letters cannot be sent to this customer.")
        )
    if addresses.letter_problems:
        missing = ", ".join(_(PROBLEMS[p]) for p in addresses.letter_problems)
        return Content.from_markup(
            _(
                "[b $error]⚠ Letter address incomplete:[/] $missing. "
                "A letter to it cannot be delivered."
            ),
            missing=missing,
        )
    return Content("")


TITLES = {
    AddressKind.DELIVERY: N_("Delivery"),
    AddressKind.BILLING: N_("Billing"),
    AddressKind.LETTER: N_("Letter ✉"),
}


def address(kind: AddressKind, view: AddressView | None, addresses: Addresses) -> Content:
    head = Content.from_markup("[b]$title[/]", title=_(TITLES[kind]))
    if kind is AddressKind.LETTER and addresses.letter_differs:
        head = head + Content(" ") + Content.from_markup(_("[$warning]differs from delivery[/]"))
    if view is None:
        return NL.join([head, Content.from_markup(_("[dim]none[/]"))])
    delivery = addresses.delivery
    if kind is not AddressKind.DELIVERY and delivery is not None and view.same_place(delivery):
        return NL.join([head, Content.from_markup(_("[dim]same as delivery[/]"))])
    return NL.join([head, *(Content(clean(line)) for line in view.lines())])


def order_summary(summary: OrderSummary) -> Content:
    if not summary.orders:
        return Content.from_markup(_("[dim]No orders[/]"))
    single = len(summary.totals) == 1
    parts = [
        (
            _("{total}, average {average}")
            if single
            else ngettext(
                "{n} order in {currency}: {total}, average {average}",
                "{n} orders in {currency}: {total}, average {average}",
                t.orders,
            )
        ).format(
            n=formatting.count(t.orders),
            currency=t.currency,
            total=formatting.money(t.total, t.currency),
            average=formatting.money(t.average, t.currency),
        )
        for t in summary.totals
    ]
    return Content.from_markup(
        ngettext(
            "[b]$n order[/] [dim](test, canceled and returned included)[/]: $parts",
            "[b]$n orders[/] [dim](test, canceled and returned included)[/]: $parts",
            summary.orders,
        ),
        n=formatting.count(summary.orders),
        parts="; ".join(parts),
    )


STATUS_STYLE = {
    OrderStatus.CANCELED: "bold red",
    OrderStatus.RETURNED: "bold yellow",
    OrderStatus.REFUNDED: "bold yellow",
}


def order_status(line: OrderLine) -> Text:
    text = Text(label(line.status), style=STATUS_STYLE.get(line.status, ""))
    if line.is_test:
        text.append("  " + _("● test"), style="bold dark_orange")
    if line.from_checkout:
        text.append("  " + _("recovered cart"), style="green")
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


# Marked only: translated where the table is built.
ORDER_COLUMNS = (N_("Order"), N_("Date"), N_("Total"), N_("Status"), N_("Source"))


def order_items(line: OrderLine, items: Sequence[ItemLine]) -> Content:
    head = Content.from_markup(
        _("[b]Order $number[/] [dim]$day · $n[/]"),
        number=clean(line.number),
        day=formatting.moment(line.placed_at),
        n=formatting.plural(sum(i.quantity for i in items), "{n} item", "{n} items"),
    )
    rows = [
        Content.from_markup(
            "$qty × $title [dim]$sku[/]  $price",
            qty=str(i.quantity),
            title=clean(i.title) or "–",
            sku=clean(i.sku) or _("no SKU"),
            price=formatting.money(i.unit_price, line.currency),
        )
        for i in items
    ]
    empty = Content.from_markup(_("[dim]No items[/]"))
    return NL.join([head, *rows] if rows else [head, empty])


def checkouts(lines: Sequence[CheckoutLine]) -> Content:
    if not lines:
        return Content("")
    rows = [Content.from_markup(_("[b]Checkouts[/]"))]
    for c in lines:
        badge = (
            Content.from_markup(
                _("[reverse $success] Recovered [/] → order $n"), n=clean(c.recovered_order)
            )
            if c.recovered_order is not None
            else Content.from_markup(_("[reverse $text-muted] Abandoned [/]"))
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
        return Content.from_markup(_("[b]Top products[/]\n[dim]No products ordered[/]"))
    rows = [Content.from_markup(_("[b]Top products[/] [dim]by quantity[/]"))]
    rows += [
        Content.from_markup(
            "$qty× $title [dim]$sku[/]",
            qty=f"{p.quantity:>4}",
            title=clean(p.title) or "–",
            sku=clean(p.sku) or _("no SKU"),
        )
        for p in products
    ]
    return NL.join(rows)


BARS = "▁▂▃▄▅▆▇█"


def month_names() -> tuple[str, ...]:
    """The months in the operator's language, three characters each so that they sit under
    their bars: Babel's stand-alone abbreviations (Jan, Mär, ene), "Sept" cut to "Sep"."""
    names = locale().months["stand-alone"]["abbreviated"]
    return tuple(names[m].rstrip(".")[:3].ljust(3) for m in range(1, 13))


def orders_per_month(monthly: Sequence[int], now: datetime) -> Content:
    """A bar per month, oldest first, this month last, each labelled; the busiest month fills
    the bar and a month without orders shows a dot, so that zero and few are told apart."""
    peak = max(monthly, default=0)
    months = month_names()
    this_month = now.astimezone().month - 1
    first = this_month - len(monthly) + 1
    bars = Content("").join(
        Content.from_markup(
            "[$primary]$bar[/] " if n else "[dim]$bar[/] ",
            bar=(BARS[max(0, round(n / peak * (len(BARS) - 1)))] * 3) if n else " · ",
        )
        for n in monthly
    )
    labels = " ".join(months[(first + i) % 12] for i in range(len(monthly)))
    counts = " ".join(f"{n:^3}" if n else "   " for n in monthly)
    return NL.join(
        [
            Content.from_markup(_("[b]Orders per month[/] [dim]last 12 months[/]")),
            bars,
            Content.from_markup("[dim]$labels[/]", labels=labels),
            Content(counts.rstrip()),
        ]
    )


def last_contacted(last: datetime | None, now: datetime) -> Content:
    if last is None:
        return Content.from_markup(_("[b]Never contacted by letter[/]"))
    days = (now.astimezone().date() - last.astimezone().date()).days
    return Content.from_markup(
        _("Last contacted by letter: [b]$day[/] [dim]($ago)[/]"),
        day=formatting.day(last),
        ago=_("today") if days == 0 else formatting.plural(days, "{n} day ago", "{n} days ago"),
    )


def letter_cells(line: LetterLine) -> tuple[Text, ...]:
    status = Text(label(line.status))
    if line.status is LetterStatus.FAILED:
        status.stylize("bold red")
    if line.order_after_days is None:
        followed = Text("–", style="dim")
    else:
        # TRANSLATORS: days from the letter to the customer's next order ("d": days).
        followed = Text(_("+{days} d").format(days=formatting.count(line.order_after_days)))
    return (
        literal(line.campaign),
        Text(label(line.campaign_kind)),
        status,
        Text(formatting.day(line.status_at)),
        Text(formatting.day(line.scanned_at) or "–"),
        followed,
    )


# Marked only: translated where the table is built.
LETTER_COLUMNS = (
    N_("Campaign"), N_("Type"), N_("Status"), N_("Since"), N_("QR scan"), N_("Next order"),
)  # fmt: skip


def letter_detail(line: LetterLine) -> Content:
    """The highlighted letter: where it went as printed (later edits to the customer do not
    change it) and the key for its PDF."""
    head = Content.from_markup(
        _("[b]Sent to[/] [dim](as printed)[/]")
        + (" · [b $error]$reason[/]" if line.failure_reason else ""),
        reason=clean(line.failure_reason),
    )
    lines = [Content(clean(x)) for x in line.address_lines] or [Content.from_markup("[dim]–[/]")]
    hint = Content.from_markup(_("[dim]v: open the letter's PDF as it was sent[/]"))
    return NL.join([head, *lines, hint])


EVENT_TITLES = {
    EventKind.ORDER_PLACED: N_("Order placed"),
    EventKind.LETTER_SENT: N_("Letter sent"),
    EventKind.LETTER_DELIVERED: N_("Letter delivered"),
    EventKind.QR_SCANNED: N_("QR code scanned"),
    EventKind.CUSTOMER_CREATED: N_("Customer created"),
    EventKind.FIELD_EDITED: N_("Edited"),
    EventKind.ADDRESS_CHANGED: N_("Address changed"),
    EventKind.COMMENT_CHANGED: N_("Comment changed"),
    EventKind.SOURCE_MERGED: N_("Records merged"),
    EventKind.IMPORTED: N_("Imported"),
}
# How a merge found its customer (the stored ``matched_by`` value -> how the timeline says it).
MATCHED_BY = {
    MatchedBy.EMAIL: N_("same email"),
    MatchedBy.NUMBER: N_("same number"),
    MatchedBy.ADDRESS: N_("same address"),
    MatchedBy.ID: N_("same id"),
}
# The actors ``data.profile`` names for the entries it derives from letters (not stored; an
# operator's or a source's name is data and stays as it is).
SYSTEM_ACTORS = {
    EventKind.LETTER_DELIVERED: N_("print service"),
    EventKind.QR_SCANNED: N_("customer"),
}


def _event_detail(entry: TimelineEntry) -> str:
    d = entry.details
    match entry.kind:
        case EventKind.ORDER_PLACED:
            return f"{d['number']} · {formatting.money(d['total'], d['currency'])}"
        case EventKind.LETTER_SENT | EventKind.LETTER_DELIVERED | EventKind.QR_SCANNED:
            return str(d.get("campaign", ""))
        case EventKind.SOURCE_MERGED:
            how = [_matched_by(str(d["matched_by"]))] if d.get("matched_by") else []
            how += [str(d["where"])] if d.get("where") else []
            source = str(d.get("source", ""))
            if how:
                return _("with {source} ({how})").format(source=source, how=", ".join(how))
            return _("with {source}").format(source=source)
        case EventKind.IMPORTED:
            source = str(d.get("source", ""))
            if d.get("where"):
                return _("from {source} ({where})").format(source=source, where=d["where"])
            return _("from {source}").format(source=source)
        case EventKind.COMMENT_CHANGED:
            new = str(d.get("new", ""))
            if len(new) > 60:
                return _("“{comment}…”").format(comment=new[:60])
            return _("“{comment}”").format(comment=new) if new else _("cleared")
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


def _matched_by(value: str) -> str:
    try:
        return _(MATCHED_BY[MatchedBy(value)])
    except ValueError:  # a value of an older or newer version
        return _("same {key}").format(key=value)


def _actor(entry: TimelineEntry) -> str:
    system = SYSTEM_ACTORS.get(entry.kind)
    return _(system) if system is not None and entry.actor == system else entry.actor


def timeline(entries: Sequence[TimelineEntry], complete: bool) -> Content:
    if not entries:
        return Content.from_markup(_("[dim]Nothing has happened yet[/]"))
    rows = [
        Content.from_markup(
            "[dim]$at[/] [b]$title[/] $detail [dim]$actor[/]",
            at=formatting.moment(e.at),
            title=f"{_(EVENT_TITLES[e.kind]):<16}",
            detail=clean(_event_detail(e).replace("\n", " ")),
            actor=f"· {clean(_actor(e))}" if e.actor else "",
        )
        for e in entries
    ]
    if not complete:
        rows.append(Content.from_markup(_("[dim]… older entries: press m for more[/]")))
    return NL.join(rows)
