"""Opening a database: URL handling, engine set-up, checks and migrations.

``open_database`` either returns a ready, migrated database or raises ``DatabaseError`` with one
line for the operator. Every check that can refuse a database runs before anything writes to it,
so a wrong file (not SQLite, another program's database, a newer schema) is left as it was.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from autoletter_tui.data import figures
from autoletter_tui.data.errors import DatabaseError
from autoletter_tui.i18n import _

__all__ = ["Database", "DatabaseError", "open_database", "parse_url"]

if TYPE_CHECKING:
    from alembic.config import Config

_SQLITE_MAGIC = b"SQLite format 3\x00"
# Tables that may exist in a database this app has not yet set up.
_OWN_BOOKKEEPING = {"alembic_version"}


@dataclass(frozen=True)
class Database:
    url: URL
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def short_name(self) -> str:
        """For a title bar: the file name of an SQLite database, else host and database."""
        if self.is_sqlite:
            return Path(self.url.database or "memory").name
        return f"{self.url.host or 'localhost'}/{self.url.database or ''}"

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def close(self) -> None:
        self.engine.dispose()


def parse_url(value: str) -> URL:
    """A SQLAlchemy URL, or a plain file path meaning an SQLite file."""
    if "://" not in value:
        return URL.create("sqlite", database=str(Path(value).expanduser()))
    try:
        url = make_url(value)
    except ArgumentError:
        raise DatabaseError(_("not a database URL: {value}").format(value=repr(value))) from None
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")  # the driver this package installs
    return url


def _alembic_config() -> Config:
    from alembic.config import Config  # Alembic costs ~250 ms to import: only when migrating

    cfg = Config()
    cfg.set_main_option("script_location", "autoletter_tui.data:migrations")
    return cfg


_VERSIONS = Path(__file__).parent / "migrations" / "versions"
_REVISION = re.compile(r'^revision: str = "([^"]+)"', re.MULTILINE)
_DOWN_REVISION = re.compile(r'^down_revision: .*= "([^"]+)"', re.MULTILINE)


@cache
def _revisions() -> tuple[frozenset[str], str]:
    """Known revision ids and the head, read from the revision files without Alembic (a test
    checks that Alembic agrees), so that starting on an up-to-date database stays fast."""
    known, parents = set(), set()
    for path in _VERSIONS.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if revision := _REVISION.search(source):
            known.add(revision.group(1))
            parents.update(_DOWN_REVISION.findall(source))
    heads = known - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have one head, found {sorted(heads)}")
    return frozenset(known), heads.pop()


def head_revision() -> str:
    return _revisions()[1]


def _sqlite_precheck(url: URL) -> None:
    """Refuse a path that is not an SQLite database before SQLite touches it."""
    path = Path(url.database or "")
    if not url.database or url.database == ":memory:" or str(path).startswith("file:"):
        return
    if path.is_dir():
        raise DatabaseError(_("{path} is a directory, not a database file").format(path=path))
    if not path.parent.is_dir():
        raise DatabaseError(
            _("cannot create {path}: folder {folder} does not exist").format(
                path=path, folder=path.parent
            )
        )
    if path.exists():
        with path.open("rb") as f:
            header = f.read(len(_SQLITE_MAGIC))
        if header and header != _SQLITE_MAGIC:
            raise DatabaseError(_("{path} is not an SQLite database").format(path=path))


def _schema_state(engine: Engine) -> tuple[set[str], str | None]:
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        revision = None
        if "alembic_version" in tables:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return tables, revision


def _check_schema(tables: set[str], revision: str | None, where: str) -> None:
    if revision is None and tables - _OWN_BOOKKEEPING:
        names = ", ".join(sorted(tables)[:3])
        raise DatabaseError(
            _("{database} holds other data (tables {names}) and is not an AutoLetter database")
            .format(database=where, names=names)
        )  # fmt: skip
    if revision is not None and revision not in _revisions()[0]:
        raise DatabaseError(
            _(
                "{database} has schema version {revision}, which is newer than this "
                "autoletter-tui; upgrade autoletter-tui to open it"
            ).format(database=where, revision=revision)
        )


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA busy_timeout = 5000")  # another operator's write waits, not fails
    cur.execute("PRAGMA journal_mode = WAL")  # readers never block the writer
    cur.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; FULL costs every commit a sync
    cur.close()


def make_engine(url: URL) -> Engine:
    try:
        if url.get_backend_name() == "sqlite":
            # Worker threads take turns on pooled connections; each is used by one at a time.
            engine = create_engine(url, connect_args={"check_same_thread": False})
            event.listen(engine, "connect", _sqlite_on_connect)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except NoSuchModuleError:
        raise DatabaseError(
            _("unsupported database kind {kind}").format(kind=repr(url.drivername))
        ) from None
    except (ArgumentError, ImportError) as exc:
        raise DatabaseError(
            _("cannot use {database}: {error}").format(
                database=url.render_as_string(hide_password=True), error=exc
            )
        ) from None


def _readonly_sqlite_state(url: URL) -> tuple[set[str], str | None]:
    path = url.database or ""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseError(
            _("cannot open {database}: {error}").format(database=path, error=exc)
        ) from None
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            _("{path} is not a usable SQLite database: {error}").format(path=path, error=exc)
        ) from None
    finally:
        conn.close()
    return tables, revision


def open_database(value: str | URL, *, migrate: bool = True) -> Database:
    """Open (creating and migrating as needed) the database at this URL or SQLite path."""
    url = value if isinstance(value, URL) else parse_url(value)
    shown = url.render_as_string(hide_password=True)
    sqlite = url.get_backend_name() == "sqlite"
    revision = None
    if sqlite:
        _sqlite_precheck(url)
        if url.database and url.database != ":memory:" and Path(url.database).exists():
            tables, revision = _readonly_sqlite_state(url)
            _check_schema(tables, revision, shown)
    engine = make_engine(url)
    try:
        if not sqlite:
            tables, revision = _schema_state(engine)
            _check_schema(tables, revision, shown)
        if migrate and revision != head_revision():
            upgrade(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseError(
            _("cannot open {database}: {error}").format(database=shown, error=reason)
        ) from None
    sessions = sessionmaker(engine, expire_on_commit=False)
    figures.install(sessions)
    return Database(url, engine, sessions)


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """For developers and tests: every revision must be reversible."""
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
