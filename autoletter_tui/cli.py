"""The ``autoletter-tui`` command: opens the TUI, or runs a sub-command.

Errors an operator can fix (a database that cannot be opened, a demo into a filled database)
end with one line on stderr and exit code 2, never a traceback. Anything else is a defect of
ours: one line and exit code 1; ``AUTOLETTER_DEBUG=1`` shows the traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from autoletter_tui import __version__
from autoletter_tui.data.errors import UserError
from autoletter_tui.i18n import N_, _, choose, ngettext, set_language

if TYPE_CHECKING:
    from autoletter_tui.config import Settings
    from autoletter_tui.data.db import Database
    from autoletter_tui.sources.ingest import Summary

# Settings and the database layer are imported where they are used: letter-rendering worker
# processes (started with spawn) import this module again as the main module, and each would
# carry SQLAlchemy and pydantic-settings (~35 MiB) without ever using them.

EXIT_USAGE = 2
DEBUG_ENV = "AUTOLETTER_DEBUG"


def _positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(_("must be 0 or more"))
    return number


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a date like 2026-11-20")) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="autoletter-tui",
        description=_("Keyboard-driven customer desk for AutoLetter."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    db_help = _(
        "database: an SQLAlchemy URL (sqlite:///file.db, postgresql+psycopg://...) or an "
        "SQLite file path; default: $AUTOLETTER_DB, else a file in the user data directory"
    )
    config_help = _(
        "settings file (TOML); default: $AUTOLETTER_CONFIG, else config.toml in the user "
        "config directory"
    )
    parser.add_argument("--db", metavar="URL", help=db_help)
    parser.add_argument("--config", metavar="FILE", type=Path, help=config_help)
    # --db is accepted after the sub-command too; SUPPRESS keeps it from resetting the first.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=db_help)
    common.add_argument("--config", metavar="FILE", type=Path, default=argparse.SUPPRESS,
                        help=config_help)  # fmt: skip
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo", parents=[common], help=_("fill an empty database with demo data")
    )
    demo.add_argument("--customers", type=_positive, default=2000, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument(
        "--as-of",
        type=_day,
        metavar="DATE",
        help=_(
            "the demo's 'today' (default: today); with the same N, S and date the data is identical"
        ),
    )
    scan = commands.add_parser(
        "scan", parents=[common], help=_("record a scan of a letter's QR code")
    )
    scan.add_argument("token", help=_("the token from the letter's tracking URL"))
    scan.add_argument("--at", type=_moment, metavar="TIME", help=_("when (default: now)"))
    letters = commands.add_parser(
        "letters", parents=[common], help=_("letters: status reports, PDF files")
    )
    letter_commands = letters.add_subparsers(dest="letters_command", metavar="ACTION")
    status = letter_commands.add_parser(
        "status",
        parents=[common],
        help=_("apply a print service's status report (CSV or JSON: token, status, time, reason)"),
    )
    status.add_argument("file", metavar="FILE")
    render = letter_commands.add_parser(
        "render",
        parents=[common],
        help=_("write a campaign's letters as PDF files (letter-ID.pdf) into a folder"),
    )
    render.add_argument("--campaign", type=int, required=True, metavar="ID")
    render.add_argument("--out", required=True, metavar="DIR", help=_("created if missing"))
    campaigns = commands.add_parser("campaigns", parents=[common], help=_("campaigns"))
    campaign_commands = campaigns.add_subparsers(dest="campaigns_command", metavar="ACTION")
    run = campaign_commands.add_parser(
        "run",
        parents=[common],
        help=_(
            "send the running recurring campaigns' letters to customers who newly match "
            "(for cron); one transaction per campaign"
        ),
    )
    run.add_argument("--campaign", type=int, metavar="ID", help=_("only this campaign"))
    imports = commands.add_parser("import", parents=[common], help=_("import customers"))
    import_commands = imports.add_subparsers(dest="import_command", metavar="KIND")
    csv_import = import_commands.add_parser(
        "csv",
        parents=[common],
        help=_(
            "import a customer CSV file (Shopify export, German Excel, AutoLetter columns); "
            "one transaction: all good rows or nothing"
        ),
    )
    csv_import.add_argument("file", metavar="FILE")
    csv_import.add_argument(
        "--label", default="", help=_('the source badge, e.g. "Spring fair" (default: the file)')
    )
    csv_import.add_argument(
        "--dry-run", action="store_true", help=_("read and merge everything, store nothing")
    )
    api_import = import_commands.add_parser(
        "api",
        parents=[common],
        help=_(
            "import customers (with addresses and orders) as JSON: one object, a list, or "
            "JSON Lines; invalid objects are reported by index and field, the valid ones stored"
        ),
    )
    api_import.add_argument("file", metavar="FILE", help=_("a JSON file, or - for stdin"))
    api_import.add_argument(
        "--dry-run", action="store_true", help=_("check and merge everything, store nothing")
    )
    sync = commands.add_parser("sync", parents=[common], help=_("fetch customers from a shop"))
    sync_commands = sync.add_subparsers(dest="sync_command", metavar="SHOP")
    shopify = sync_commands.add_parser(
        "shopify",
        parents=[common],
        help=_(
            "customers, orders and abandoned checkouts from a Shopify shop (Admin REST API); "
            "token from AUTOLETTER_SHOPIFY_TOKEN; only what changed since the last sync"
        ),
    )
    shopify.add_argument(
        "--shop", metavar="NAME.myshopify.com", help=_("default: AUTOLETTER_SHOPIFY_SHOP")
    )
    shopify.add_argument(
        "--api-version",
        metavar="YYYY-MM",
        help=_("default: the version this release is tested with"),
    )
    shopify.add_argument(
        "--api-base",
        metavar="URL",
        help=_("a proxy or test server instead of the shop; default: AUTOLETTER_SHOPIFY_API_BASE"),
    )
    shopify.add_argument(
        "--merge-guests",
        action=argparse.BooleanOptionalAction,
        help=_(
            "merge guests (orders without an account) by email like everyone else, or keep "
            "each guest order apart as an entry of its own; default: the merge_guests setting"
        ),
    )
    billbee = sync_commands.add_parser(
        "billbee",
        parents=[common],
        help=_(
            "orders with their customers from Billbee; credentials from "
            "AUTOLETTER_BILLBEE_API_KEY, _USER and _PASSWORD; only what changed since the last sync"
        ),
    )
    billbee.add_argument(
        "--api-base",
        metavar="URL",
        help=_("a proxy or test server instead of Billbee; default: AUTOLETTER_BILLBEE_API_BASE"),
    )
    config = commands.add_parser(
        "config", parents=[common],
        help=_("show where the settings file is and the settings in effect (credentials hidden)"),
    )  # fmt: skip
    config.add_argument(
        "--init", action="store_true",
        help=_("write a commented settings file there (mode 0600) if there is none"),
    )  # fmt: skip
    serve = commands.add_parser(
        "serve",
        parents=[common],
        help=_(
            "serve the TUI to web browsers (textual-serve); no authentication of its own: "
            "keep it on 127.0.0.1 or behind an authenticating proxy"
        ),
    )
    serve.add_argument("--host", default="127.0.0.1", help=_("default: 127.0.0.1"))
    serve.add_argument("--port", type=_port, default=8000, help=_("default: 8000"))
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help=_(
            "the address browsers use, behind a proxy (https://desk.example.com); "
            "default: http://HOST:PORT"
        ),
    )
    render.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help=_(
            "processes rendering letters that have no stored PDF "
            "(default or 0: one per core, at most 8)"
        ),
    )
    return parser


def _port(value: str) -> int:
    number = int(value)
    if not 0 < number < 65536:
        raise argparse.ArgumentTypeError(_("must be between 1 and 65535"))
    return number


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a time like 2026-11-20T14:30:00+01:00")
        ) from None
    return moment if moment.tzinfo else moment.astimezone()  # naive: the local zone


def _run_scan(database: Database, args: argparse.Namespace) -> None:
    from autoletter_tui.letters.lifecycle import record_scan

    at = args.at or datetime.now(UTC)
    with database.sessions.begin() as session:
        scan = record_scan(session, args.token, at)
    if scan.first:
        print(_("Scan recorded for customer {customer}.").format(customer=scan.customer_id))
    else:
        print(
            _("Scan recorded for customer {customer} (scanned before; the first scan is kept).")
            .format(customer=scan.customer_id)
        )  # fmt: skip


def _run_letter_status(database: Database, args: argparse.Namespace) -> int:
    from pathlib import Path

    from autoletter_tui.letters.reports import apply_report

    with database.sessions() as session:
        result = apply_report(session, Path(args.file), datetime.now(UTC))
    for problem in result.problems:
        print(_("{file}: {problem}").format(file=args.file, problem=problem), file=sys.stderr)
    print(
        _("{updated} letters updated, {unchanged} already so, {skipped} rows skipped").format(
            updated=_count(result.applied),
            unchanged=_count(result.unchanged),
            skipped=_count(len(result.problems)),
        )
    )
    return 1 if result.problems else 0


def _count(value: int) -> str:
    from autoletter_tui.formatting import count

    return count(value)


def _progress(unit: str) -> Callable[[int, int], None] | None:
    """A progress bar on stderr, when that is a terminal (never in a pipe or a log file)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        bar = "█" * filled + "░" * (width - filled)
        end = "\n" if done >= total else ""
        line = "\r  " + _("{bar} {done} / {total} {unit}").format(
            bar=bar, done=_count(done), total=_count(total), unit=_(unit)
        )
        print(line, end=end, file=sys.stderr, flush=True)

    return show


def _run_letter_render(database: Database, args: argparse.Namespace, settings: Settings) -> None:
    from pathlib import Path

    from autoletter_tui.letters.export import export_campaign
    from autoletter_tui.letters.rendering import Renderer, default_workers

    workers = args.workers or default_workers()
    with database.sessions() as session, Renderer(workers) as renderer:
        result = export_campaign(
            session, args.campaign, Path(args.out), renderer=renderer,
            tracking_base=settings.tracking_url, progress=_progress(N_("letters")),
        )  # fmt: skip
    if result.rendered:
        print(
            _("{written} letters written to {folder} ({rendered} rendered from their snapshot)")
            .format(written=_count(result.written), folder=result.folder,
                    rendered=_count(result.rendered))
        )  # fmt: skip
    else:
        print(
            _("{written} letters written to {folder}").format(
                written=_count(result.written), folder=result.folder
            )
        )


LISTED = 20  # skipped rows and warnings printed one by one; the rest are counted


def _run_import_csv(database: Database, args: argparse.Namespace) -> int:
    from pathlib import Path

    from autoletter_tui.sources.csv_import import import_csv

    bar = _progress(N_("bytes"))
    done = import_csv(
        database.engine, Path(args.file), datetime.now(UTC), label=args.label,
        dry_run=args.dry_run, progress=None if bar is None else lambda d, t, _: bar(d, t),
    )  # fmt: skip
    summary = done.summary
    columns = done.file.columns
    print(
        _("{file} ({encoding}): {n} columns read as {label}").format(
            file=args.file, encoding=done.file.form.encoding_name, n=_count(len(columns.index)),
            label=repr(done.origin.label),
        )
    )  # fmt: skip
    for repeated in columns.repeated_text():
        print("  " + repeated)
    if columns.unknown:
        print("  " + _("not read: {columns}").format(columns=columns.unknown_text()))
    _report(summary, args.dry_run)
    return 0


def _run_import_api(database: Database, args: argparse.Namespace) -> int:
    from autoletter_tui.library_messages import os_error_text
    from autoletter_tui.sources.api_import import import_api

    if args.file == "-":
        summary = import_api(database.engine, sys.stdin, "stdin", datetime.now(UTC),
                             dry_run=args.dry_run)  # fmt: skip
    else:
        try:
            with open(args.file, encoding="utf-8") as stream:
                summary = import_api(database.engine, stream, args.file, datetime.now(UTC),
                                     dry_run=args.dry_run)  # fmt: skip
        except UnicodeDecodeError:
            raise UserError(_("{path}: not a text file in UTF-8").format(path=args.file)) from None
        except OSError as error:
            raise UserError(
                _("Cannot read {file}: {error}").format(file=args.file, error=os_error_text(error))
            ) from None
    _report(summary, args.dry_run)
    return 1 if summary.skipped else 0


def _report(summary: Summary, dry_run: bool) -> None:
    print(summary.describe())
    for title, lines, count in (
        (_("Skipped:"), [str(p) for p in summary.problems], summary.skipped),
        (_("Left out:"), summary.warnings, summary.warned),
    ):
        if not count:
            continue
        print(title, file=sys.stderr)
        for line in lines[:LISTED]:
            print(f"  {line}", file=sys.stderr)
        if count > LISTED:
            more = ngettext("… and {n} more", "… and {n} more", count - LISTED)
            print("  " + more.format(n=_count(count - LISTED)), file=sys.stderr)
    print(_("Dry run: nothing was stored.") if dry_run else _("Stored."))


def _run_sync(database: Database, args: argparse.Namespace, settings: Settings) -> int:
    from autoletter_tui.sources.accounts import ShopAccount, billbee_account, shopify_account
    from autoletter_tui.sources.syncing import SyncReport

    def show(resource: str, report: SyncReport) -> None:
        if sys.stderr.isatty():
            line = "\r  " + _("{resource}: page {page}, {records} records").format(
                resource=resource, page=_count(report.pages), records=_count(report.summary.read)
            )
            print(line, end="", file=sys.stderr, flush=True)

    def clock() -> datetime:
        return datetime.now(UTC)

    account: ShopAccount
    if args.sync_command == "shopify":
        account = replace(
            shopify_account(settings, args.shop or ""),
            api_version=args.api_version,
        )
        if args.merge_guests is not None:
            account = replace(account, merge_guests=args.merge_guests)
    elif args.sync_command == "billbee":
        account = billbee_account(settings)
    else:
        build_parser().parse_args(["sync", "--help"])
        return EXIT_USAGE
    if args.api_base:
        account = replace(account, api_base=args.api_base)
    done = account.sync(database.engine, clock, show)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    report = done.report
    print(done.describe())
    _report(report.summary, dry_run=False)
    return 1 if report.summary.skipped else 0


def _run_demo(url: str, args: argparse.Namespace) -> None:
    from autoletter_tui.data.db import parse_url
    from autoletter_tui.data.demo import DemoSpec, build_demo

    as_of = (
        datetime.combine(args.as_of, datetime.min.time().replace(hour=12), UTC)
        if args.as_of
        else datetime.now(UTC)
    )
    spec = DemoSpec(customers=args.customers, seed=args.seed, as_of=as_of)
    started = time.perf_counter()
    show = _progress(N_("customers"))
    summary = build_demo(
        parse_url(url), spec, (lambda done: show(done, spec.customers)) if show else None
    )
    seconds = time.perf_counter() - started
    rows = summary.rows
    print(
        _(
            "Demo database ready: {customers} customers, {orders} orders, {letters} letters "
            "in {seconds} s"
        ).format(
            customers=_count(rows.get("customer", 0)),
            orders=_count(rows.get("orders", 0)),
            letters=_count(rows.get("letter", 0)),
            seconds=f"{seconds:.1f}",
        )
    )


def _run_campaigns(database: Database, args: argparse.Namespace, settings: Settings) -> int:
    """Each running recurring campaign in its own transaction; one that cannot run (a broken
    template, a locked database) is reported and the others still run. Exit 1 if any failed."""
    from sqlalchemy.exc import SQLAlchemyError

    from autoletter_tui.letters.campaigns import launch, running_recurring
    from autoletter_tui.letters.rendering import Renderer, default_workers

    with database.sessions() as session:
        due = {c.id: c.name for c in running_recurring(session)}
    if args.campaign is not None:
        if args.campaign not in due:
            raise UserError(
                _(
                    "No running recurring campaign has the id {campaign} (a one-time "
                    "campaign is launched once, from the TUI; an ended one stays ended)."
                ).format(campaign=args.campaign)
            )
        due = {args.campaign: due[args.campaign]}
    if not due:
        print(_("No running recurring campaigns."))
        return 0
    failed = 0
    with Renderer(default_workers()) as renderer:
        for campaign_id, name in due.items():
            try:
                with database.sessions.begin() as session:
                    done = launch(
                        session, campaign_id, datetime.now(UTC), renderer=renderer,
                        tracking_base=settings.tracking_url, progress=_progress(N_("letters")),
                    )  # fmt: skip
            except (UserError, SQLAlchemyError) as problem:
                failed += 1
                reason = str(problem).splitlines()[0]
                print(
                    _("{campaign}: not run, nothing stored: {reason}").format(
                        campaign=name, reason=reason
                    ),
                    file=sys.stderr,
                )
                continue
            skipped = ", ".join(done.plan.skipped_lines())
            line = _("{campaign}: {letters} letters; {already} had one from it already").format(
                campaign=done.campaign,
                letters=_count(done.letters),
                already=_count(done.plan.already),
            )
            if skipped:
                line = _("{line}; skipped: {skipped}").format(line=line, skipped=skipped)
            print(line)
    return 1 if failed else 0


def _run_config(args: argparse.Namespace, settings: Settings) -> None:
    from autoletter_tui.config import CONFIG_ENV, default_config_path, write_template

    path = args.config or Path(os.environ.get(CONFIG_ENV) or default_config_path())
    if args.init:
        write_template(path)
        print(_("Wrote {path} (mode 0600): uncomment what you need.").format(path=path))
        return
    if path.exists():
        print(_("Settings file: {path}").format(path=path))
    else:
        print(_("Settings file: {path} (none yet: config --init)").format(path=path))
    # SecretStr prints as '**********': the credentials in effect are never shown.
    for name, value in settings.model_dump().items():
        print(f"  {name} = {value!r}")


def _run_tui(database: Database, settings: Settings) -> None:
    from autoletter_tui.app import AutoLetterApp  # the TUI's imports cost ~0.1 s; only here
    from autoletter_tui.sources.accounts import configured_accounts

    AutoLetterApp(
        database, operator=settings.operator_name(), tracking_url=settings.tracking_url,
        theme=settings.theme or None, shops=configured_accounts(settings),
        recent_days=settings.recent_days, keymap=settings.keymap,
    ).run()  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    # The language before any output (help texts, errors); the settings' one once read.
    try:
        set_language(*choose(os.environ.get("AUTOLETTER_LANGUAGE", "")))
    except ValueError:  # not a language of the desk: load_settings says so properly
        set_language(*choose())
    args = build_parser().parse_args(argv)
    from autoletter_tui.config import load_settings
    from autoletter_tui.data.db import open_database

    try:
        settings = load_settings(args.config, db=args.db)
        set_language(*choose(settings.language))
        if args.command == "config":
            _run_config(args, settings)
            return 0
        url = settings.database()
        if args.command == "demo":
            _run_demo(url, args)
            return 0
        database = open_database(url)
        try:
            if args.command == "scan":
                _run_scan(database, args)
            elif args.command == "campaigns":
                if args.campaigns_command != "run":
                    build_parser().parse_args(["campaigns", "--help"])
                return _run_campaigns(database, args, settings)
            elif args.command == "import":
                if args.import_command == "api":
                    return _run_import_api(database, args)
                if args.import_command != "csv":
                    build_parser().parse_args(["import", "--help"])
                return _run_import_csv(database, args)
            elif args.command == "sync":
                return _run_sync(database, args, settings)
            elif args.command == "serve":
                database.close()  # opened to refuse a bad database before serving anything
                from autoletter_tui.serving import serve

                serve(url, args.host, args.port, args.public_url, args.config)
            elif args.command == "letters":
                if args.letters_command == "render":
                    _run_letter_render(database, args, settings)
                elif args.letters_command == "status":
                    return _run_letter_status(database, args)
                else:
                    build_parser().parse_args(["letters", "--help"])
            else:
                _run_tui(database, settings)
        finally:
            database.close()
    except UserError as exc:
        print(_("autoletter-tui: error: {error}").format(error=exc), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a defect of ours: one line, the traceback when asked for
        if os.environ.get(DEBUG_ENV):
            raise
        print(
            _("autoletter-tui: unexpected error ({kind}: {error}); {env}=1 shows where").format(
                kind=type(exc).__name__, error=exc, env=DEBUG_ENV
            ),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
