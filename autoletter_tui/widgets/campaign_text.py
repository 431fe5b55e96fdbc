"""The campaigns screen's rows and figures as styled text, from ``letters.results``.

Pure functions, like ``profile_text``; campaign names and printed addresses are user data and
go in as ``Text``/``$variables`` of cleaned characters, never as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from autoletter_tui import formatting
from autoletter_tui.data.models import LetterStatus
from autoletter_tui.i18n import N_, _, ngettext
from autoletter_tui.labels import label
from autoletter_tui.letters.results import ATTRIBUTION_DAYS, CampaignLetter, CampaignResult
from autoletter_tui.widgets.literal import clean, literal

# (key, label, width): None sizes the column to its content. Names are cut at a width that
# leaves the figures on screen at 120 columns. Labels are marked here and translated (``_``)
# where the columns are added.
CAMPAIGN_COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("name", N_("Campaign"), 26),
    ("kind", N_("Type"), None),
    ("state", N_("State"), None),
    ("letters", N_("Letters"), None),
    ("open", N_("Under way"), None),
    ("delivered", N_("Delivered"), None),
    ("failed", N_("Failed"), None),
    ("scanned", N_("Scanned"), None),
    ("orders", N_("Orders"), None),
    ("revenue", N_("Revenue"), None),
)
LETTER_COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("number", N_("Customer"), None),
    ("name", N_("Sent to"), 30),
    ("status", N_("Status"), None),
    ("since", N_("Since"), None),
    ("scanned", N_("QR scan"), None),
)
# ``CampaignResult.state`` (an identifier) as the operator reads it.
STATES = {
    # TRANSLATORS: the state of a campaign.
    "ended": N_("ended"),
    # TRANSLATORS: the state of a recurring campaign still taking newcomers.
    "active": N_("active"),
    # TRANSLATORS: the state of a one-time campaign whose letters were generated.
    "sent": N_("sent"),
    # TRANSLATORS: the state of a campaign.
    "no letters": N_("no letters"),
}
UNDER_WAY = (LetterStatus.ACCEPTED, LetterStatus.IN_PRODUCTION, LetterStatus.SHIPPED)


def percent(part: int, whole: int) -> str:
    return formatting.percent(part / whole, decimals=1) if whole else "–"


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
    state = Text(_(STATES[result.state]), style="dim" if result.state == "ended" else "")
    failed = result.per_status[LetterStatus.FAILED]
    return (
        literal(result.name),
        Text(label(result.kind)),
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
        f"{formatting.count(result.per_status[s])} {label(s).lower()}"
        for s in LetterStatus
        if result.per_status[s]
    )
    if result.ended_at:
        heading = _("[b]$name[/] [dim]· $kind · created $created, ended $ended[/]")
    else:
        heading = _("[b]$name[/] [dim]· $kind · created $created[/]")
    if statuses:
        letters = ngettext("$n letter: $statuses", "$n letters: $statuses", result.letters)
    else:
        letters = ngettext("$n letter", "$n letters", result.letters)
    lines = [
        Content.from_markup(
            heading,
            name=clean(result.name),
            kind=label(result.kind),
            created=formatting.day(result.created_at),
            ended=formatting.day(result.ended_at),
        ),
        Content.from_markup(letters, n=formatting.count(result.letters), statuses=statuses),
        Content.from_markup(
            _("QR code scanned: [b]$scanned[/] of $sent sent ($rate)"),
            scanned=formatting.count(result.scanned),
            sent=formatting.count(result.sent),
            rate=percent(result.scanned, result.sent),
        ),
        Content.from_markup(
            ngettext(
                "Within $days days of delivery: [b]$orders order[/] after $ordering of "
                "$delivered delivered letters ($rate), revenue [b]$revenue[/]",
                "Within $days days of delivery: [b]$orders orders[/] after $ordering of "
                "$delivered delivered letters ($rate), revenue [b]$revenue[/]",
                result.orders,
            ),
            days=formatting.count(ATTRIBUTION_DAYS),
            orders=formatting.count(result.orders),
            ordering=formatting.count(result.ordering),
            delivered=formatting.count(result.delivered),
            rate=percent(result.ordering, result.delivered),
            revenue=revenue(result),
        ),
    ]
    return Content("\n").join(lines)


def letter_cells(letter: CampaignLetter) -> tuple[Text, ...]:
    status = Text(label(letter.status))
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
