"""``import api``: customers as JSON from a file or stdin, stored in one transaction with the
source "API" (see ``api_records`` for the shape)."""

from __future__ import annotations

from datetime import datetime
from typing import IO

from sqlalchemy import Engine

from autoletter_tui.data.models import SourceKind
from autoletter_tui.sources.api_records import records
from autoletter_tui.sources.ingest import Origin, Summary, ingest_once

API = Origin(SourceKind.API, "api", "API")


def import_api(
    engine: Engine, stream: IO[str], name: str, now: datetime, *, dry_run: bool = False
) -> Summary:
    """Raises ``UserError`` (nothing stored) for input that is no JSON."""
    today = now.astimezone().date()
    return ingest_once(engine, records(stream, name, today), API, now, dry_run=dry_run)
