"""Bulk appends of plain rows, for the demo generator and large imports.

The ORM manages ~18k rows/s here and SQLAlchemy Core ~190k; raw DBAPI ``executemany`` on SQLite
~400k and ``COPY`` on PostgreSQL more. This module takes rows as lists of Python domain values
(aware datetimes, ``Decimal`` money, field sets, enums) in table column order, converts the few
column types that need it exactly as the models' column types would (a test pins the two
together), and appends them with the engine's fastest path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Connection, Date, Table
from sqlalchemy import Enum as EnumType

from autoletter_tui.data.column_types import FieldSetType, Money, UTCDateTime, to_stored
from autoletter_tui.data.fields import mask_of
from autoletter_tui.data.search import SQLITE_FTS_TABLE

Row = list[Any]
Converter = Callable[[Any], Any]


def _sqlite_datetime(value: datetime) -> str:
    # SQLAlchemy's SQLite DATETIME text form (UTC, always with microseconds), which keeps text
    # order equal to time order. %-formatting is twice as fast as replace() + isoformat().
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return "%04d-%02d-%02d %02d:%02d:%02d.%06d" % (  # noqa: UP031
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
    )


def _enum_value(value: Enum) -> Any:
    # Stored by value ("delivered"); psycopg would otherwise write the member's name.
    return value.value


def converter(column_type: Any, dialect: str) -> Converter | None:
    """How a domain value of this column type is handed to the DBAPI; None: as it is."""
    sqlite = dialect == "sqlite"
    if isinstance(column_type, UTCDateTime):
        return _sqlite_datetime if sqlite else None
    if isinstance(column_type, Money):
        return to_stored
    if isinstance(column_type, FieldSetType):
        return mask_of
    if isinstance(column_type, Date) and sqlite:
        return date.isoformat
    if isinstance(column_type, EnumType):
        # sqlite3 binds a StrEnum member as its text, which is its value.
        return None if sqlite else _enum_value
    if isinstance(column_type, JSON):
        return json.dumps
    return None


def prepare_rows(table: Table, rows: Sequence[Row], dialect: str) -> None:
    """Convert domain values in place into what the DBAPI takes for this table's columns."""
    for i, column in enumerate(table.columns):
        conv = converter(column.type, dialect)
        if conv is None:
            continue
        for row in rows:
            value = row[i]
            if value is not None:
                row[i] = conv(value)


class BulkWriter:
    """Appends rows to tables on one connection inside the caller's transaction.

    Rows hold one value per table column, in column order.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect.name

    def append(self, table: Table, rows: Sequence[Row]) -> None:
        """Append rows of domain values (converted in place)."""
        prepare_rows(table, rows, self.dialect)
        self.append_prepared(table, rows)

    def append_prepared(self, table: Table, rows: Sequence[Row]) -> None:
        """Append rows that ``prepare_rows`` has converted already."""
        if not rows:
            return
        names = ", ".join(c.name for c in table.columns)
        raw = self.conn.connection.driver_connection
        assert raw is not None
        if self.dialect == "sqlite":
            marks = ", ".join("?" for _ in table.columns)
            raw.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
        else:
            with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)


def advance_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """After rows were written with explicit ids, move PostgreSQL's id sequences past them, or
    the next ordinary insert would take an id that exists. (SQLite takes max(rowid) + 1.)"""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
        )


@contextmanager
def sqlite_indexes_deferred(conn: Connection, keep: Collection[str] = ()) -> Iterator[None]:
    """Drop secondary indexes and triggers for a bulk load and recreate them after it.

    Building an index once after the load is ~4x cheaper than maintaining it row by row. The
    definitions are read back from the database itself, so what is recreated is exactly what the
    migrations made. The full-text index is rebuilt from ``customer.search_text`` in one pass.
    ``keep``: indexes the load itself looks rows up by. Unique constraints always stay (they
    are SQLite's automatic indexes, which have no SQL to drop them by).

    Run it inside a transaction that has written already: SQLite's driver opens one only at
    the first write, and DDL outside one would not be undone by a rollback.
    """
    saved = [
        row
        for row in conn.exec_driver_sql(
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
        )
        if row.name not in keep
    ]
    for kind, name, _ in saved:
        conn.exec_driver_sql(f'DROP {kind.upper()} "{name}"')
    yield
    for _, _, sql in saved:
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql(f"INSERT INTO {SQLITE_FTS_TABLE}({SQLITE_FTS_TABLE}) VALUES ('rebuild')")
