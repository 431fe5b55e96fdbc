"""The campaigns screen's rows and figures as styled text, from ``letters.results``.

Pure functions, like ``profile_text``; campaign names and printed addresses are user data and
go in as ``Text``/``$variables`` of cleaned characters, never as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from autoletter_tui import formatting
from autoletter_tui.data.models import LetterStatus
from autoletter_tui.letters.results import ATTRIBUTION_DAYS, CampaignLetter, CampaignResult
from autoletter_tui.widgets.literal import clean, literal
from autoletter_tui.widgets.profile_text import CAMPAIGN_KIND, LETTER_STATUS

# (key, label, width): None sizes the column to its content. Names are cut at a width that
# leaves the figures on screen at 120 columns.
CAMPAIGN_COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("name", "Campaign", 26),
    ("kind", "Type", None),
    ("state", "State", None),
    ("letters", "Letters", None),
    ("open", "Under way", None),
    ("delivered", "Delivered", None),
    ("failed", "Failed", None),
    ("scanned", "Scanned", None),
    ("orders", "Orders", None),
    ("revenue", "Revenue", None),
)
LETTER_COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("number", "Customer", None),
    ("name", "Sent to", 30),
    ("status", "Status", None),
    ("since", "Since", None),
    ("scanned", "QR scan", None),
)
UNDER_WAY = (LetterStatus.ACCEPTED, LetterStatus.IN_PRODUCTION, LetterStatus.SHIPPED)


def percent(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def _number(value: int) -> Text:
    return Text(formatting.count(value), justify="right")


def revenue(result: CampaignResult, *, all_currencies: bool = True) -> str:
    """The revenue per currency; in a table cell the largest one, ``+`` marking more."""
    if not result.revenue:
        return "–"
    if not all_currencies:
        more = " +" if len(result.revenue) > 1 else ""
        return formatting.money(result.revenue[0].total, result.revenue[0].currency) + more
    return " + ".join(formatting.money(r.total, r.currency) for r in result.revenue)


def campaign_cells(result: CampaignResult) -> tuple[Text, ...]:
    state = Text(result.state, style="dim" if result.state == "ended" else "")
    failed = result.per_status[LetterStatus.FAILED]
    return (
        literal(result.name),
        Text(CAMPAIGN_KIND[result.kind]),
        state,
        _number(result.letters),
        _number(sum(result.per_status[s] for s in UNDER_WAY)),
        _number(result.delivered),
        Text(formatting.count(failed), justify="right", style="red" if failed else ""),
        Text(percent(result.scanned, result.sent), justify="right"),
        _number(result.orders),
        Text(revenue(result, all_currencies=False), justify="right"),
    )


def campaign_figures(result: CampaignResult) -> Content:
    """The highlighted campaign: its letters by status, scans and what followed delivery."""
    statuses = " · ".join(
        f"{formatting.count(result.per_status[s])} {LETTER_STATUS[s].lower()}"
        for s in LetterStatus
        if result.per_status[s]
    )
    ended = f", ended {formatting.day(result.ended_at)}" if result.ended_at else ""
    lines = [
        Content.from_markup(
            "[b]$name[/] [dim]· $kind · created $created$ended[/]",
            name=clean(result.name),
            kind=CAMPAIGN_KIND[result.kind],
            created=formatting.day(result.created_at),
            ended=ended,
        ),
        Content.from_markup(
            "$letters$statuses",
            letters=formatting.plural(result.letters, "letter"),
            statuses=f": {statuses}" if statuses else "",
        ),
        Content.from_markup(
            "QR code scanned: [b]$scanned[/] of $sent sent ($rate)",
            scanned=formatting.count(result.scanned),
            sent=formatting.count(result.sent),
            rate=percent(result.scanned, result.sent),
        ),
        Content.from_markup(
            "Within $days days of delivery: [b]$orders[/] after $ordering of $delivered "
            "delivered letters ($rate), revenue [b]$revenue[/]",
            days=str(ATTRIBUTION_DAYS),
            orders=formatting.plural(result.orders, "order"),
            ordering=formatting.count(result.ordering),
            delivered=formatting.count(result.delivered),
            rate=percent(result.ordering, result.delivered),
            revenue=revenue(result),
        ),
    ]
    return Content("\n").join(lines)


def letter_cells(letter: CampaignLetter) -> tuple[Text, ...]:
    status = Text(LETTER_STATUS[letter.status])
    if letter.status is LetterStatus.FAILED:
        status.stylize("bold red")
        status.append(f": {clean(letter.failure_reason)}", style="red")
    return (
        literal(letter.number),
        literal(letter.name),
        status,
        Text(formatting.day(letter.status_at)),
        Text(formatting.day(letter.scanned_at) or "–"),
    )
