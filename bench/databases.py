"""Fresh PostgreSQL databases for benchmark runs."""

from __future__ import annotations

from sqlalchemy import create_engine, make_url, text


def fresh_pg(url: str, suffix: str) -> str:
    """A new, empty database named after the one in ``url`` plus ``suffix``, on its server
    (dropped first if it exists); its URL with the password kept, for a child process."""
    admin = make_url(url)
    name = f"{admin.database}_{suffix}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin.set(database=name).render_as_string(hide_password=False)
