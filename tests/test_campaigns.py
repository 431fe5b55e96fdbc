"""Campaigns on both engines: templates, who gets a letter and who is skipped, launching with
snapshots, one-time and recurring campaigns."""

from __future__ import annotations

import threading
from datetime import timedelta

import pypdfium2 as pdfium
import pytest
import zxingcpp
from sqlalchemy import URL, func, select
from sqlalchemy.exc import OperationalError

from autoletter_tui.cli import main
from autoletter_tui.data import overview as ov
from autoletter_tui.data.db import Database
from autoletter_tui.data.errors import UserError
from autoletter_tui.data.models import (
    Campaign,
    CampaignKind,
    Customer,
    Letter,
    LetterStatus,
    RegistrationStatus,
    SourceKind,
)
from autoletter_tui.letters.campaigns import (
    SkipReason,
    TemplateError,
    campaign_plan,
    check_template,
    create_campaign,
    end_campaign,
    fill,
    launch,
    plan,
    query_of,
    recipients,
    segment_of,
)
from autoletter_tui.letters.lifecycle import set_status
from autoletter_tui.letters.rendering import Renderer
from autoletter_tui.letters.viewing import DEFAULT_TRACKING_URL
from tests.conftest import AS_OF
from tests.profile_customers import BOSTON, LONDON, Cast, build, customer, home, living_at
from tests.test_letter_pdf import text_in

TEXT = "Hallo {vorname} {nachname},\n\nIhre letzte Bestellung war am {letzte_bestellung}."
RECIPIENTS = ["K1002", "K1003", "K1005", "K1006", "K1007", "K1008", "K1010", "K1011"]


@pytest.fixture
def cast(db: Database) -> Cast:
    return build(db)


def numbers(db: Database, ids: list[int]) -> list[str]:
    with db.sessions() as session:
        found = {
            row.id: row.number for row in session.execute(select(Customer.id, Customer.number))
        }
    return sorted(found[i] for i in ids)


def test_templates() -> None:
    check_template(TEXT)
    check_template("Dear {first_name} {last_name}, last order {last_order}")
    with pytest.raises(TemplateError, match=r"\{vornme\}"):
        check_template("Hallo {vornme}")
    with pytest.raises(TemplateError, match="broken placeholder"):
        check_template("Hallo {vorname")
    with pytest.raises(TemplateError, match="empty"):
        check_template("  ")
    body = fill(TEXT, first_name="{x}", last_name="Müller", last_order=None)
    assert body.startswith("Hallo {x} Müller,")  # braces in the data stay as they are
    assert body.endswith("war am –.")


def test_segments_round_trip() -> None:
    query = ov.ListQuery(
        search="berlin",
        filter=ov.CustomerFilter(
            sources=frozenset({SourceKind.SHOPIFY, SourceKind.CSV}),
            status=RegistrationStatus.GUEST,
            qr_scanned=True,
            contacted=ov.Contacted("older", 90),
        ),
    )
    restored = query_of(segment_of(query))
    assert (restored.search, restored.filter) == (query.search, query.filter)


def test_the_plan_says_who_is_skipped_and_why(db: Database, cast: Cast) -> None:
    with db.sessions() as session:
        who = plan(session, ov.ListQuery(), AS_OF)
        ids = recipients(session, ov.ListQuery(), AS_OF)
    assert numbers(db, ids) == RECIPIENTS
    assert who.letters == len(RECIPIENTS)
    assert who.skipped == {
        SkipReason.RECENTLY_CONTACTED: 3,  # Anna (8 days), Eva (1 day), Maria (5 days)
        SkipReason.NO_LETTER_ADDRESS: 1,  # Sven
        SkipReason.LETTER_ADDRESS_INCOMPLETE: 0,
    }
    with db.sessions.begin() as session:  # Eva's letter failed: she was not reached after all
        set_status(session, "tok-c1-K1009", LetterStatus.FAILED, AS_OF, "Adresse unvollständig")
    with db.sessions() as session:
        who = plan(session, ov.ListQuery(), AS_OF)
        shorter = plan(session, ov.ListQuery(), AS_OF, recent_days=3)
    assert who.skipped[SkipReason.LETTER_ADDRESS_INCOMPLETE] == 1
    assert shorter.skipped[SkipReason.RECENTLY_CONTACTED] == 0  # Anna 8 days, Maria 5 days ago
    assert shorter.letters == len(RECIPIENTS) + 2


def test_launch_generates_letters_with_their_snapshot(db: Database, cast: Cast) -> None:
    with db.sessions.begin() as session:
        campaign_id = create_campaign(
            session, name="Herbst", kind=CampaignKind.ONE_TIME, text=TEXT,
            query=ov.ListQuery(search="berlin"), now=AS_OF,
        )  # fmt: skip
        launched = launch(session, campaign_id, AS_OF)
    with db.sessions() as session:
        letters = list(session.scalars(select(Letter).where(Letter.campaign_id == campaign_id)))
        petra = session.scalars(select(Customer).where(Customer.number == "K1005")).one()
        mine = next(x for x in letters if x.customer_id == petra.id)
        assert petra.last_letter_at == AS_OF
    assert launched.letters == len(letters) > 0
    assert len({x.token for x in letters}) == len(letters)
    assert all(len(x.token) == 32 for x in letters)
    assert mine.status is LetterStatus.ACCEPTED
    assert mine.address_lines.splitlines() == ["Petra Klein", "Hauptstraße 5a", "10115 BERLIN"]
    assert mine.body.startswith("Hallo Petra Klein,")
    assert mine.pdf is not None
    image = pdfium.PdfDocument(mine.pdf)[0].render(scale=3).to_pil()
    assert [c.text for c in zxingcpp.read_barcodes(image)] == [
        f"{DEFAULT_TRACKING_URL}/{mine.token}"
    ]
    with db.sessions.begin() as session, pytest.raises(UserError, match="launched already"):
        launch(session, campaign_id, AS_OF + timedelta(days=40))


def test_letters_print_the_house_number_where_the_country_puts_it(db: Database) -> None:
    # The Post reads "10 Downing Street" in London and "92 Chestnut Street" in Boston; in
    # Berlin the number still follows the street.
    places = {"GB": LONDON, "US": BOSTON, "DE": {}}  # DE: Hauptstraße 5a, 10115 Berlin
    with db.sessions.begin() as session:
        ids = living_at(session, places)
        campaign_id = create_campaign(
            session, name="Abroad", kind=CampaignKind.ONE_TIME, text=TEXT, query=ov.ListQuery(),
            now=AS_OF,
        )  # fmt: skip
        assert launch(session, campaign_id, AS_OF).letters == len(places)
        pdfs = {x.customer_id: x.pdf for x in session.scalars(select(Letter))}
    printed = {
        key: text_in(pdf, 20, 62.7, 105, 90)  # the envelope window
        for key, customer_id in ids.items()
        if (pdf := pdfs[customer_id]) is not None
    }
    assert printed == {
        "GB": ["Jane Doe", "10 Downing Street", "LONDON", "SW1A 2AA", "UNITED KINGDOM"],
        "US": ["Jane Doe", "92 Chestnut Street", "BOSTON, MA 02108", "UNITED STATES"],
        "DE": ["Jane Doe", "Hauptstraße 5a", "10115 BERLIN"],
    }


def test_worker_processes_give_each_letter_its_own_pdf(db: Database, cast: Cast) -> None:
    # Pages go to the workers in batches and come back in order: a mix-up would print one
    # customer's address, or QR code, on another's letter.
    with db.sessions.begin() as session:
        campaign_id = create_campaign(
            session, name="Parallel", kind=CampaignKind.ONE_TIME, text=TEXT,
            query=ov.ListQuery(), now=AS_OF,
        )  # fmt: skip
        with Renderer(2, parallel_from=0) as renderer:
            launched = launch(session, campaign_id, AS_OF, renderer=renderer)
    with db.sessions() as session:
        letters = list(session.scalars(select(Letter).where(Letter.campaign_id == campaign_id)))
    assert launched.letters == len(letters) == len(RECIPIENTS)
    for letter in letters:
        assert letter.pdf is not None
        page = pdfium.PdfDocument(letter.pdf)[0]
        assert letter.address_lines.splitlines()[0] in page.get_textpage().get_text_range()
        image = page.render(scale=3).to_pil()
        assert [c.text for c in zxingcpp.read_barcodes(image)] == [
            f"{DEFAULT_TRACKING_URL}/{letter.token}"
        ]


def test_a_recurring_campaign_adds_only_newly_matching_customers(db: Database, cast: Cast) -> None:
    with db.sessions.begin() as session:
        campaign_id = create_campaign(
            session, name="Willkommen", kind=CampaignKind.RECURRING, text=TEXT,
            query=ov.ListQuery(search="berlin"), now=AS_OF,
        )  # fmt: skip
        first = launch(session, campaign_id, AS_OF).letters
    later = AS_OF + timedelta(days=1)  # the recently contacted are still skipped
    with db.sessions.begin() as session:
        again = launch(session, campaign_id, later)
        assert again.letters == 0  # everyone matching has a letter from it already
        assert again.plan.already == first
        newcomer = customer("K2001", "Neu", "Kundin", "neu@example.de")
        newcomer.addresses = home("Neu Kundin")
        session.add(newcomer)
        session.flush()
        assert launch(session, campaign_id, later).letters == 1
        end_campaign(session, campaign_id, later)
    with db.sessions.begin() as session, pytest.raises(UserError, match="has ended"):
        launch(session, campaign_id, later)
    with db.sessions() as session:
        stored = session.get(Campaign, campaign_id)
        assert stored is not None
        assert stored.ended_at == later


def test_a_bad_template_or_name_creates_nothing(db: Database, cast: Cast) -> None:
    with db.sessions.begin() as session:
        with pytest.raises(TemplateError):
            create_campaign(
                session, name="X", kind=CampaignKind.ONE_TIME, text="Hi {name}",
                query=ov.ListQuery(), now=AS_OF,
            )  # fmt: skip
        with pytest.raises(UserError, match="needs a name"):
            create_campaign(
                session, name=" ", kind=CampaignKind.ONE_TIME, text=TEXT,
                query=ov.ListQuery(), now=AS_OF,
            )  # fmt: skip
    with db.sessions() as session:
        assert session.scalars(select(Campaign).where(Campaign.name == "X")).first() is None


def test_a_campaign_keeps_its_skip_rule(db: Database, cast: Cast) -> None:
    with db.sessions.begin() as session:
        strict = create_campaign(
            session, name="Streng", kind=CampaignKind.RECURRING, text=TEXT,
            query=ov.ListQuery(), now=AS_OF, recent_days=400,
        )  # fmt: skip
        name, planned = campaign_plan(session, strict, AS_OF)
        launched = launch(session, strict, AS_OF)
    assert name == "Streng"
    assert planned.recent_days == launched.plan.recent_days == 400
    assert launched.letters == planned.letters
    # K1001's letter 100 days ago is within 400 days, not within the default 30
    assert launched.plan.skipped[SkipReason.RECENTLY_CONTACTED] > 0
    assert "contacted by letter within 400 days" in launched.plan.skipped_lines()[0]


def test_running_recurring_campaigns_from_the_command_line(
    database_url: URL, db: Database, cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    with db.sessions.begin() as session:
        create_campaign(
            session, name="Berlin-Gruß", kind=CampaignKind.RECURRING, text=TEXT,
            query=ov.ListQuery(search="berlin"), now=AS_OF,
        )  # fmt: skip
        ended = create_campaign(
            session, name="Vorbei", kind=CampaignKind.RECURRING, text=TEXT,
            query=ov.ListQuery(), now=AS_OF,
        )  # fmt: skip
        end_campaign(session, ended, AS_OF)
        one_time = session.scalars(
            select(Campaign.id).where(Campaign.kind == CampaignKind.ONE_TIME)
        ).first()
    url = database_url.render_as_string(hide_password=False)
    assert main(["--db", url, "campaigns", "run"]) == 0
    first = capsys.readouterr().out
    assert "Berlin-Gruß: " in first
    assert "Danke-Karte: " in first  # the cast's running recurring campaign
    assert "Vorbei" not in first
    assert main(["--db", url, "campaigns", "run"]) == 0
    again = capsys.readouterr().out
    assert "Berlin-Gruß: 0 letters; " in again  # everyone matching has one already
    assert main(["--db", url, "campaigns", "run", "--campaign", str(one_time)]) == 2
    assert f"No running recurring campaign has the id {one_time}" in capsys.readouterr().err
    with db.sessions.begin() as session:  # a template broken since: reported, others run
        broken = session.scalars(select(Campaign).where(Campaign.name == "Berlin-Gruß")).one()
        broken.text = "Hallo {vornme}"
    assert main(["--db", url, "campaigns", "run"]) == 1
    out = capsys.readouterr()
    assert "Berlin-Gruß: not run, nothing stored: Unknown placeholder(s) {vornme}" in out.err
    assert "Danke-Karte: 0 letters" in out.out


def test_two_runs_of_one_campaign_never_send_twice(db: Database, cast: Cast) -> None:
    # The TUI's R and cron's `campaigns run` at the same moment.
    with db.sessions.begin() as session:
        campaign_id = create_campaign(
            session, name="Zweimal", kind=CampaignKind.RECURRING, text=TEXT,
            query=ov.ListQuery(search="berlin"), now=AS_OF,
        )  # fmt: skip
    outcome: dict[str, object] = {}

    def second_run() -> None:
        try:
            with db.sessions.begin() as session:
                outcome["letters"] = launch(session, campaign_id, AS_OF).letters
        except OperationalError as error:  # SQLite: it read before the first run committed
            outcome["refused"] = error

    with db.sessions.begin() as session:
        first = launch(session, campaign_id, AS_OF).letters
        other = threading.Thread(target=second_run)
        other.start()
        other.join(0.5)  # PostgreSQL: it waits for the campaign's row
    other.join(10)
    assert first > 0
    assert outcome.get("letters", 0) == 0
    with db.sessions() as session:
        pairs = session.execute(
            select(Letter.customer_id, func.count())
            .where(Letter.campaign_id == campaign_id)
            .group_by(Letter.customer_id)
        ).all()
    assert len(pairs) == first
    assert all(count == 1 for _, count in pairs)
