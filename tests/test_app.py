"""The app opens on a database, shows customers from a worker, and quits cleanly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from autoletter_tui.app import AutoLetterApp
from autoletter_tui.data import demo_pools
from autoletter_tui.data.db import Database, open_database, parse_url
from autoletter_tui.data.demo import DemoSpec, build_demo
from tests.conftest import AS_OF

THEME = "textual-dark"  # pinned: TEXTUAL_THEME in the environment must not change snapshots


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("app") / "demo.db"
    build_demo(parse_url(str(path)), DemoSpec(customers=600, seed=1, as_of=AS_OF))
    db = open_database(str(path))
    yield db
    db.close()


def make_app(db: Database) -> AutoLetterApp:
    return AutoLetterApp(db, operator="test", theme=THEME)


async def loaded(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_shows_customers_and_quits_with_q(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 200
        summary = app.screen.query_one("#summary", Static)
        assert "600 customers" in str(summary.render())
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
    assert not app.is_running


async def test_tricky_names_show_literally(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        table = app.screen.query_one(DataTable)
        names = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        tricky = {f"{first} {last}" for first, last in demo_pools.TRICKY_NAMES}
        shown = [n for n in names if n in tricky or "[" in n]
        assert any("[" in n for n in shown), "the demo's first page has a bracketed name"
        assert app.is_running  # no [@click=app.quit] fired


async def test_worker_errors_are_reported_not_fatal(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "broken.db"))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE customer_source")
    app = make_app(db)
    try:
        async with app.run_test() as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.is_running
            messages = [n.message for n in app._notifications]
            assert any("customer_source" in m for m in messages)
    finally:
        db.close()


def test_snapshot_80x24(snap_compare: Any, demo_db: Database) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), run_before=loaded)
