"""Reading a customer CSV file as shops and Excel write them: its encoding and delimiter, then
its rows one at a time with their line numbers in the file.

- Encodings: UTF-8 with or without BOM; otherwise cp1252, which German Excel writes by default.
  The choice is made from the first 1 MiB, since the rows are streamed: UTF-8 if it decodes
  (a cp1252 file with umlauts almost never does), cp1252 otherwise. A later line that breaks
  the choice stops the import with its line number.
- Delimiters: ``,`` ``;`` or tab, from a ``sep=;`` first line (Excel's hint) or else from the
  header line (the one that splits it into the most columns).
- A file with NUL bytes, or whose header has a single column, is not a CSV file: refused before
  anything is read further.

Rows are streamed: memory stays flat in file size.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from autoletter_tui.data.errors import UserError
from autoletter_tui.i18n import _
from autoletter_tui.library_messages import os_error_text

SAMPLE = 1 << 20  # bytes read to decide the encoding
DELIMITERS = (",", ";", "\t")
MAX_FIELD = 1 << 20  # characters; csv's default (128 KiB) refuses long multi-line notes


class NotACsvFile(UserError):
    pass


@dataclass(frozen=True, slots=True)
class CsvFormat:
    encoding: str  # utf-8-sig, utf-8 or cp1252
    delimiter: str
    hint_line: bool  # the file starts with Excel's "sep=;" line


def detect(path: Path) -> CsvFormat:
    """The file's encoding and delimiter; raises ``NotACsvFile`` for anything else."""
    try:
        with path.open("rb") as f:
            sample = f.read(SAMPLE)
            complete = len(sample) < SAMPLE
    except OSError as error:
        raise NotACsvFile(
            _("Cannot read {path}: {reason}.").format(path=path, reason=os_error_text(error))
        ) from None
    if not sample.strip():
        raise NotACsvFile(_("{path} is empty.").format(path=path))
    if b"\x00" in sample:
        raise NotACsvFile(
            _("{path} is not a text file (it holds NUL bytes): save it as CSV.").format(path=path)
        )
    if sample.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        try:
            # final=complete: a sample that ends inside a multi-byte character is still UTF-8.
            codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    text = sample.decode(encoding, errors="replace")
    lines = text.splitlines()
    first = lines[0].strip().lower() if lines else ""
    hint = first.startswith("sep=") and len(first) == 5
    if hint:
        delimiter = "\t" if first[4] == "t" else first[4]
        header = lines[1] if len(lines) > 1 else ""
    else:
        header = lines[0] if lines else ""
        delimiter = max(DELIMITERS, key=lambda d: len(next(csv.reader([header], delimiter=d))))
    columns = next(csv.reader([header], delimiter=delimiter), [])
    if len(columns) < 2:
        raise NotACsvFile(
            _("{path} does not look like a CSV file: its header has no ',', ';' or tab.").format(
                path=path
            )
        )
    return CsvFormat(encoding, delimiter, hint)


@dataclass(frozen=True, slots=True)
class Row:
    line: int  # where the row starts in the file, counting from 1
    values: list[str]
    end: int = 0  # bytes of the file read up to the end of this row: for progress


def rows(path: Path, form: CsvFormat) -> Iterator[Row]:
    """The header (first) and then every row, with the file line each starts on."""
    csv.field_size_limit(MAX_FIELD)
    with path.open("rb") as f:
        lines = _decoded(f, form.encoding, path)
        offset = 0
        if form.hint_line:
            next(lines, None)
            offset = 1
        reader = csv.reader(lines, delimiter=form.delimiter)
        start = 1
        try:
            for values in reader:
                yield Row(start + offset, values, f.tell())
                start = reader.line_num + 1
        except csv.Error as error:
            raise NotACsvFile(
                _("{path}, line {number}: {error}.").format(
                    path=path, number=start + offset, error=error
                )
            ) from None


def _decoded(f: BinaryIO, encoding: str, path: Path) -> Iterator[str]:
    """The file's lines as text, decoded one by one so that a line in another encoding is
    named by its number."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    for number, raw in enumerate(f, start=1):
        try:
            yield decoder.decode(raw)
        except UnicodeDecodeError:
            raise NotACsvFile(
                _(
                    "{path}, line {number}: the file mixes encodings (read as {encoding}); "
                    "save it again as UTF-8."
                ).format(path=path, number=number, encoding=encoding)
            ) from None
