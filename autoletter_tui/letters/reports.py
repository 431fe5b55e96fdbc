"""Status reports from a print service: CSV or JSON rows of token, status, time (and a reason
for failed letters), applied in one transaction. Rows that cannot be applied are reported with
their line (CSV) or index (JSON) and skipped; the others are applied."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from autoletter_tui.data.errors import UserError
from autoletter_tui.data.models import LetterStatus
from autoletter_tui.i18n import _
from autoletter_tui.letters.lifecycle import set_status
from autoletter_tui.library_messages import os_error_text

NAMES = {s.value: s for s in LetterStatus} | {s.value.replace("_", " "): s for s in LetterStatus}


@dataclass
class ReportResult:
    applied: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)  # "line 4: ..." per skipped row


@dataclass(frozen=True, slots=True)
class Row:
    where: str  # "line 4" / "item 3"
    values: dict[str, Any]


def _rows(path: Path) -> Iterator[Row]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(_("{path}: not a text file in UTF-8").format(path=path)) from None
    except OSError as error:
        raise UserError(
            _("Cannot read {path}: {reason}.").format(path=path, reason=os_error_text(error))
        ) from None
    if text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise UserError(
                _("{path}: not valid JSON ({error}, line {line})").format(
                    path=path, error=error.msg, line=error.lineno
                )
            ) from None
        items = data if isinstance(data, list) else [data]
        for index, item in enumerate(items, start=1):
            # TRANSLATORS: where a problem is in a JSON status report: its n-th item.
            yield Row(_("item {index}").format(index=index), item if isinstance(item, dict) else {})
        return
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"token", "status"} <= {
        f.strip().lower() for f in reader.fieldnames
    }:
        raise UserError(
            # TRANSLATORS: token, status, time and reason are column names: keep them.
            _("{path}: expected CSV columns token, status, time (and reason)").format(path=path)
        )
    for record in reader:
        values = {(k or "").strip().lower(): (v or "").strip() for k, v in record.items()}
        # TRANSLATORS: where a problem is in a CSV status report.
        yield Row(_("line {line}").format(line=reader.line_num), values)


def _time(value: Any) -> datetime:
    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # naive: UTC, as services send


def apply_report(session: Session, path: Path, now: datetime) -> ReportResult:
    """Apply the report at ``path``; raises ``UserError`` when the file cannot be read at all
    (then nothing is applied)."""
    rows = list(_rows(path))  # read it all first: an unreadable file changes nothing
    result = ReportResult()
    with session.begin():
        for row in rows:
            v = row.values
            try:
                status = NAMES.get(str(v.get("status", "")).strip().lower())
                if status is None:
                    raise UserError(
                        _("unknown status {status}").format(status=repr(v.get("status")))
                    )
                at = _time(v["time"]) if v.get("time") else now
                with session.begin_nested():  # a refused row leaves no trace
                    changed = set_status(
                        session, str(v.get("token", "")), status, at, str(v.get("reason", ""))
                    )
            except (UserError, ValueError) as error:
                result.problems.append(f"{row.where}: {error}")
                continue
            if changed:
                result.applied += 1
            else:
                result.unchanged += 1
    return result
