"""Shared fixtures: real databases, fresh for every test.

SQLite: a migrated template file is copied per test. PostgreSQL: the server named by
``AUTOLETTER_TEST_PG_URL`` gets a migrated template database once per run and a copy of it per
test (``CREATE DATABASE ... TEMPLATE``), dropped afterwards, so runs never see each other's
data. Without the variable the PostgreSQL tests skip with that reason; with it, an unreachable
server is an error, never a skip.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import URL, create_engine, make_url, text

from autoletter_tui.data.db import Database, open_database

# Times show in the operator's zone; tests (and their snapshots) read them in UTC.
os.environ["TZ"] = "UTC"
time.tzset()
# The operator's own settings file must not reach the tests (a missing file is no error).
os.environ["AUTOLETTER_CONFIG"] = os.path.join(os.sep, "nonexistent", "autoletter-tests.toml")

PG_ENV = "AUTOLETTER_TEST_PG_URL"
AS_OF = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # the fixed "today" of test data


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    open_database(str(path)).close()
    return path


@pytest.fixture
def sqlite_path(sqlite_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "autoletter.db"
    shutil.copy(sqlite_template, path)
    return path


def _pg_admin_url() -> URL:
    raw = os.environ.get(PG_ENV)
    if not raw:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests need a server (CI sets it)")
    url = make_url(raw)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url


def _pg_execute(admin: URL, statement: str) -> None:
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def pg_template() -> Iterator[tuple[URL, str]]:
    admin = _pg_admin_url()
    name = f"autoletter_tmpl_{uuid.uuid4().hex[:10]}"
    _pg_execute(admin, f'CREATE DATABASE "{name}"')
    try:
        open_database(admin.set(database=name)).close()
        yield admin, name
    finally:
        _pg_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_template: tuple[URL, str]) -> Iterator[URL]:
    admin, template = pg_template
    name = f"autoletter_test_{uuid.uuid4().hex[:10]}"
    _pg_execute(admin, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield admin.set(database=name)
    finally:
        _pg_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def database_url(request: pytest.FixtureRequest) -> URL:
    """A fresh, migrated, empty database on each engine."""
    if request.param == "sqlite":
        path: Path = request.getfixturevalue("sqlite_path")
        return URL.create("sqlite", database=str(path))
    url: URL = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def db(database_url: URL) -> Iterator[Database]:
    database = open_database(database_url)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture(scope="session")
def cast_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file with the named customers of ``tests.profile_customers``."""
    from tests import profile_customers

    path = tmp_path_factory.mktemp("cast") / "cast.db"
    database = open_database(str(path))
    try:
        profile_customers.build(database)
    finally:
        database.close()
    return path


@pytest.fixture(scope="module")
def shared_db(cast_file: Path) -> Iterator[Database]:
    """The cast database, for tests that only read."""
    database = open_database(str(cast_file))
    yield database
    database.close()


@pytest.fixture
def cast_copy(cast_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the cast database, for tests that write."""
    path = tmp_path / "cast.db"
    path.write_bytes(cast_file.read_bytes())
    database = open_database(str(path))
    try:
        yield database
    finally:
        database.close()
