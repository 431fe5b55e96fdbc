"""Reading a customer CSV file as shops and Excel write them: its encoding and delimiter, then
its rows one at a time with their line numbers in the file.

- Encodings: UTF-16 with BOM (Excel's "Unicode Text"); UTF-8 with or without BOM; otherwise
  Latin-1 / Windows-1252 (cp1252), which German Excel writes by default. Without a BOM, the
  first non-ASCII byte decides, however far into the file it is (the ASCII before it reads the
  same either way): UTF-8 if the text from there decodes as UTF-8 (Windows-1252 text with
  umlauts almost never does), Windows-1252 otherwise. A later line in the other encoding is
  a mix: that row is skipped, named by its line, and the rest read.
- Line endings: ``\\r\\n``, ``\\n`` and ``\\r`` alone (old Mac Excel).
- Delimiters: ``,`` ``;`` or tab, from a ``sep=;`` first line (Excel's hint) or else from the
  header line (the one that splits it into the most columns).
- A file with NUL bytes (and no UTF-16 BOM), or whose header has a single column, is not a CSV
  file: refused before anything is read further.
- A row with a field longer than ``MAX_FIELD`` characters is skipped, named by its line; the
  rows after it are read.

Rows are streamed: memory stays flat in file size.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from autoletter_tui.data.errors import UserError
from autoletter_tui.formatting import count
from autoletter_tui.i18n import _
from autoletter_tui.library_messages import os_error_text

SAMPLE = 1 << 20  # bytes read to decide the delimiter (and the encoding, from the first non-ASCII)
DELIMITERS = (",", ";", "\t")
MAX_FIELD = 1 << 20  # characters; csv's default (128 KiB) refuses long multi-line notes
UTF16 = "utf-16"
CP1252 = "cp1252"
# The encodings as the operator knows them.
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", CP1252: "Latin-1 / Windows-1252",
                  UTF16: "UTF-16"}  # fmt: skip
_NON_ASCII = re.compile(rb"[\x80-\xff]")
# Without a BOM, a line that does not decode is tried in the other encoding: a mix.
_OTHER = {"utf-8": CP1252, "utf-8-sig": CP1252, CP1252: "utf-8"}


class NotACsvFile(UserError):
    pass


@dataclass(frozen=True, slots=True)
class CsvFormat:
    encoding: str  # utf-8-sig, utf-8, cp1252 or utf-16
    delimiter: str
    hint_line: bool  # the file starts with Excel's "sep=;" line

    @property
    def encoding_name(self) -> str:
        """The encoding as the operator knows it: "Latin-1 / Windows-1252", "UTF-8", ..."""
        return ENCODING_NAMES[self.encoding]


def detect(path: Path) -> CsvFormat:
    """The file's encoding and delimiter; raises ``NotACsvFile`` for anything else."""
    try:
        with path.open("rb") as f:
            sample = f.read(SAMPLE)
            if not sample.strip():
                raise NotACsvFile(_("{path} is empty.").format(path=path))
            if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                encoding = UTF16
            elif b"\x00" in sample:
                raise NotACsvFile(
                    _("{path} is not a text file (it holds NUL bytes): save it as CSV.").format(
                        path=path
                    )
                )
            elif sample.startswith(codecs.BOM_UTF8):
                encoding = "utf-8-sig"
            else:
                encoding = _byte_encoding(f, sample)
    except OSError as error:
        raise NotACsvFile(
            _("Cannot read {path}: {reason}.").format(path=path, reason=os_error_text(error))
        ) from None
    text = sample.decode(encoding, errors="replace")
    lines = text.splitlines()
    first = lines[0].strip().lower() if lines else ""
    hint = first.startswith("sep=") and len(first) == 5
    if hint:
        delimiter = "\t" if first[4] == "t" else first[4]
        header = lines[1] if len(lines) > 1 else ""
    else:
        header = lines[0] if lines else ""
        delimiter = max(DELIMITERS, key=lambda d: len(_split(header, d)))
    if len(_split(header, delimiter)) < 2:
        raise NotACsvFile(
            _("{path} does not look like a CSV file: its header has no ',', ';' or tab.").format(
                path=path
            )
        )
    return CsvFormat(encoding, delimiter, hint)


def _split(header: str, delimiter: str) -> list[str]:
    """The header's columns; none for a header the csv module refuses (a field over the
    limit)."""
    csv.field_size_limit(MAX_FIELD)
    try:
        return next(csv.reader([header], delimiter=delimiter), [])
    except csv.Error:
        return []


def _byte_encoding(f: BinaryIO, sample: bytes) -> str:
    """UTF-8 or cp1252, from the line of the first non-ASCII byte (read on from ``sample``,
    where ``f`` stands after it); UTF-8 for a file that is ASCII throughout."""
    chunk = sample
    while (found := _NON_ASCII.search(chunk)) is None:
        chunk = f.read(SAMPLE)
        if not chunk:
            return "utf-8"
    start = found.start()
    # Its line decides, not the rest of the chunk: one line of another encoding further on
    # is that line's problem, not the file's.
    end = chunk.find(b"\n", start)
    text = chunk[start:end] if end != -1 else chunk[start:] + f.read(3)  # a whole character
    try:
        # final=False: a text that ends inside a multi-byte character is still UTF-8.
        codecs.getincrementaldecoder("utf-8")().decode(text, final=False)
    except UnicodeDecodeError:
        return CP1252
    return "utf-8"


@dataclass(frozen=True, slots=True)
class Row:
    line: int  # where the row starts in the file, counting from 1
    values: list[str]
    end: int = 0  # bytes of the file read up to the end of this row: for progress
    problem: str = ""  # why the row cannot be read (its values are then empty)


def rows(path: Path, form: CsvFormat) -> Iterator[Row]:
    """The header (first) and then every row, with the file line each starts on. A row that
    cannot be read comes with its ``problem``; the rows after it are read on."""
    csv.field_size_limit(MAX_FIELD)
    # UTF-16 is decoded as such; other files as Latin-1, which keeps every byte as it is, so
    # that each line can be decoded on its own (and a line in another encoding named).
    encoding = UTF16 if form.encoding == UTF16 else "latin-1"
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding, "replace", newline="") as f:
        lines = _Lines(f, form)
        if form.hint_line:
            next(lines, None)
        reader = csv.reader(lines, delimiter=form.delimiter)
        while True:
            start = lines.start_record()
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error:  # a field over MAX_FIELD: the only error of a non-strict reader
                lines.skip_record()
                problem = _(
                    "a field is longer than {limit} characters (is a quotation mark missing?)"
                ).format(limit=count(MAX_FIELD))
                yield Row(start, [], raw.tell(), problem)
                continue
            yield Row(start, values, raw.tell(), lines.problem)


class _Lines:
    """The file's lines for the csv reader (each with its ending, as the reader wants them),
    counted, each decoded and checked against the file's encoding on its own. The reader
    takes one line after the other and no further than the end of the row it reads."""

    def __init__(self, f: TextIO, form: CsvFormat) -> None:
        self._f = f
        self._encoding = form.encoding
        self._name = form.encoding_name
        self.number = 0  # lines read
        self.problem = ""  # what is wrong with a line of the current record
        self._quotes = 0  # quotation marks in the current record: odd while a field is open

    def __iter__(self) -> _Lines:
        return self

    def start_record(self) -> int:
        """A record starts with the next line: its number."""
        self.problem = ""
        self._quotes = 0
        return self.number + 1

    def skip_record(self) -> None:
        """Read past the rest of a record the reader gave up on: to the end of its quoted
        field, if one is open."""
        while self._quotes % 2:
            if next(self, None) is None:
                return

    def __next__(self) -> str:
        line = next(self._f)
        self.number += 1
        self._quotes += line.count('"')
        if self._encoding == UTF16:
            if "\ufffd" in line:
                self._tell(self._unreadable())
            return line
        raw = line.encode("latin-1")
        if raw.isascii():
            return line
        try:
            text = raw.decode(self._encoding)
        except UnicodeDecodeError:
            self._tell(self._mixed(raw) or self._unreadable())
            return raw.decode(self._encoding, errors="replace")
        if self._encoding == CP1252:  # decodes (nearly) any line: one that is UTF-8 too is a mix
            self._tell(self._mixed(raw))
        return text

    def _tell(self, problem: str) -> None:
        self.problem = self.problem or problem  # the first of the record's lines

    def _mixed(self, raw: bytes) -> str:
        """Why a line is in the other encoding than the file, if it is."""
        other = _OTHER[self._encoding]
        try:
            raw.decode(other)
        except UnicodeDecodeError:
            return ""
        return _(
            "the file is {encoding}, but this line is {other}: it mixes encodings. Save it "
            "again as UTF-8."
        ).format(encoding=self._name, other=ENCODING_NAMES[other])

    def _unreadable(self) -> str:
        return _(
            "the file is {encoding}, but this line cannot be read as such. Save it again as UTF-8."
        ).format(encoding=self._name)
