"""Create a migration revision from the models.

Run ``python -m autoletter_tui.data.migrations.make "message"``.

Autogenerates against a scratch SQLite database at the current head; review the result (and add
the PostgreSQL side of anything engine-specific) before committing it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from autoletter_tui.data.db import _alembic_config, upgrade


def _next_rev_id() -> str:
    """Sequential ids (0001, 0002, ...) read better in a log than random hashes."""
    versions = Path(__file__).parent / "versions"
    numbers = [int(p.name[:4]) for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py")]
    return f"{max(numbers, default=0) + 1:04d}"


def main() -> None:
    message = " ".join(sys.argv[1:]) or "change"
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'scratch.db'}")
        upgrade(engine)
        cfg = _alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=message, autogenerate=True, rev_id=_next_rev_id())
        engine.dispose()


if __name__ == "__main__":
    main()
