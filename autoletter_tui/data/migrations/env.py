"""Alembic environment: runs on the connection that ``db.upgrade`` hands over.

There is no alembic.ini: the app migrates its own database at start (``db.open_database``), and
developers create revisions with ``python -m autoletter_tui.data.migrations.make "message"``.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection
from sqlalchemy.types import TypeDecorator

from autoletter_tui.data.models import Base
from autoletter_tui.data.search import is_search_index


def render_item(kind: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    # A revision must not import app code that may change later: write our column types as the
    # plain SQLAlchemy types they store.
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False


def include_object(obj: Any, name: str | None, kind: str, reflected: bool, other: Any) -> bool:
    return not is_search_index(name)


connection: Connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite alters tables by copying them; batch mode does that for us.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
