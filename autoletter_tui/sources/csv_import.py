"""``import csv``: a customer CSV file into the database, in one transaction.

The file is checked before the transaction starts (``open_csv`` refuses what is no customer
CSV), so a refused file writes nothing; an import that fails or is interrupted part-way rolls
back and leaves the database as it was. ``dry_run`` runs the whole import and rolls it back,
so its counts are exactly what the import would do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from autoletter_tui.data.models import SourceKind
from autoletter_tui.sources.csv_records import CsvFile, open_csv, records
from autoletter_tui.sources.ingest import Origin, Summary, ingest_once

BADGE = "CSV Import"

# done bytes, total bytes, the counts so far
CsvProgress = Callable[[int, int, Summary], None]


def csv_origin(path: Path, label: str = "") -> Origin:
    """The source of a file's customers: its label, else its file name, is the account, so
    that importing the same file again merges into the same source."""
    label = label.strip()
    return Origin(SourceKind.CSV, label or path.name, f"{BADGE}: {label}" if label else BADGE)


@dataclass(frozen=True, slots=True)
class CsvImport:
    file: CsvFile
    origin: Origin
    summary: Summary


def import_csv(
    engine: Engine,
    path: Path,
    now: datetime,
    *,
    label: str = "",
    dry_run: bool = False,
    progress: CsvProgress | None = None,
) -> CsvImport:
    """Import the file; raises ``NotACsvFile`` (nothing written) for a file it cannot read."""
    file = open_csv(path)
    origin = csv_origin(path, label)
    size = path.stat().st_size
    position = [0]
    report = None if progress is None else (lambda s: progress(position[0], size, s))
    today = now.astimezone().date()
    summary = ingest_once(
        engine, records(file, today, position), origin, now, dry_run=dry_run, progress=report
    )
    return CsvImport(file, origin, summary)
