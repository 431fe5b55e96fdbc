"""Figures of the customer overview (issue: customer overview), printed as medians.

    python -m bench.overview --db /path/to/1m.db [--db /path/to/10k.db ...] [--runs 5]

For each database:
- start: process start to the first page of rows on screen (a real terminal, pty), and the peak
  memory of the app process while it starts, jumps to the end, pages, searches and sorts;
- sort: a sort key or direction change to the new first page (Pilot, in-process);
- search: from the moment a search is applied (after the 300 ms typing pause) to its first
  page, for common prefixes including a broad one ("sch"); p95 over all prefixes and runs;
- jump: End to the last row, and Page down at positions all over the list.
With ``vd`` (VisiData) on PATH, it also times VisiData loading the same customers as CSV.
Build the databases with ``autoletter-tui --db FILE demo --customers N``. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select as sql_select

from autoletter_tui.app import AutoLetterApp
from autoletter_tui.data import overview as ov
from autoletter_tui.data.db import Database, open_database
from autoletter_tui.data.models import Customer
from autoletter_tui.screens.customers import CustomersScreen
from autoletter_tui.widgets.customer_list import CustomerList
from bench.memory import tree_rss_bytes

SEARCHES = ("s", "sc", "sch", "mül", "berlin", "schmidt", "gmail", "k1234")


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.1f} ms"


def p95_ms(values: list[float]) -> str:
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000:7.1f} ms"


# -- start-up in a real terminal -------------------------------------------------------------


def start_in_terminal(db: str, expect: str) -> tuple[float, int]:
    """Seconds from exec to ``expect`` (the first row's name) on screen; peak RSS in bytes."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "autoletter_tui", "--db", db],
        stdin=follower, stdout=follower, stderr=follower, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(follower)
    seen, shown, peak = b"", None, 0
    needle = expect.encode()
    script = [b"\x1b[F", b"\x1b[6~", b"\x1b[6~", b"/", b"s", b"c", b"h", b"\r", b"2", b"7", b"q"]
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.05)
        if ready:
            try:
                seen = (seen + os.read(leader, 1 << 16))[-(1 << 16) :]
            except OSError:
                break
        if shown is None and needle in seen:
            shown = time.perf_counter() - started
        peak = max(peak, tree_rss_bytes(process.pid))
        if shown is not None and script and time.perf_counter() - started > shown + 0.4:
            os.write(leader, script.pop(0))  # drive the app so that peak memory means something
    if process.poll() is None:
        process.kill()
    os.close(leader)
    if shown is None:
        raise SystemExit(f"the first row ({expect!r}) never appeared")
    return shown, peak


# -- in-process timings with Pilot --------------------------------------------------------------


class RenderProbe:
    """Notes when the list draws a row: "on screen" means drawn, not merely loaded."""

    def __init__(self) -> None:
        self.drawn: dict[tuple[int, int], float] = {}  # (generation, position) -> first time
        original = CustomerList.render_line

        def render_line(widget: CustomerList, y: int) -> Any:
            position = widget.scroll_offset.y + y
            if widget.row_at(position) is not None:
                self.drawn.setdefault((widget.generation, position), time.perf_counter())
            return original(widget, y)

        CustomerList.render_line = render_line  # type: ignore[assignment,method-assign]

    async def wait(
        self,
        generation: Callable[[], int],
        position: int,
        pilot: Any,
        empty: Callable[[], bool] = lambda: False,
    ) -> float:
        """When the row at ``position`` of the current list was first drawn (or, for a list
        that turned out ``empty``, when that was known)."""
        deadline = time.perf_counter() + 30
        while (key := (generation(), position)) not in self.drawn:
            if empty():
                return time.perf_counter()
            await asyncio.sleep(0.001)
            if time.perf_counter() > deadline:
                raise TimeoutError(f"row {position} was never drawn")
        await pilot.pause()
        return self.drawn[key]


async def pilot_figures(database: Database, runs: int) -> dict[str, list[float]]:
    probe = RenderProbe()
    app = AutoLetterApp(database, operator="bench", theme="textual-dark")
    figures: dict[str, list[float]] = {"sort": [], "search": [], "end": [], "pagedown": []}
    figures.update({f"search {text}": [] for text in SEARCHES})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, CustomersScreen)
        lst = screen.customer_list

        def generation() -> int:
            return lst.generation

        def empty() -> bool:
            return screen.counted and lst.total == 0

        async def settled() -> None:
            while not (screen.counted and (lst.row_at(0) is not None or lst.total == 0)):
                await asyncio.sleep(0.005)
            await pilot.pause()

        await settled()
        for _ in range(runs):
            for key in ["1", "2", "5", "6", "7", "8", "r", "8"]:
                await settled()
                started = time.perf_counter()
                await pilot.press(key)
                figures["sort"].append(await probe.wait(generation, 0, pilot) - started)
        search = screen.query_one("#search")
        for _ in range(runs):
            for text in SEARCHES:
                await settled()
                search.value = text  # type: ignore[attr-defined]
                started = time.perf_counter()
                screen._apply_search()  # what the 300 ms typing pause triggers
                drawn = await probe.wait(generation, 0, pilot, empty)
                figures["search"].append(drawn - started)
                figures[f"search {text}"].append(drawn - started)
        search.value = ""  # type: ignore[attr-defined]
        screen._apply_search()
        rng = random.Random(1)
        for _ in range(runs):
            screen.apply_query(screen.list_query)  # a cold list: nothing of it cached
            await settled()
            while screen.anchors is None:
                await asyncio.sleep(0.01)
            probe.drawn.clear()
            started = time.perf_counter()
            await pilot.press("end")
            end = await probe.wait(generation, lst.total - 1, pilot)
            figures["end"].append(end - started)
            for _ in range(5):
                position = rng.randrange(lst.total - 100)
                lst.move_to(position)
                lst.scroll_to(y=position, animate=False, immediate=True)
                await probe.wait(generation, position, pilot)
                probe.drawn.clear()
                started = time.perf_counter()
                await pilot.press("pagedown")
                drawn = await probe.wait(generation, lst.cursor, pilot)
                figures["pagedown"].append(drawn - started)
        await pilot.press("q")
    return figures


# -- VisiData, the reference -----------------------------------------------------------------


def visidata_load(database: Database) -> tuple[float, int] | None:
    vd = shutil.which("vd")
    if vd is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "customers.csv"
        with database.sessions() as session, path.open("w", newline="") as f:
            writer = csv.writer(f)
            columns = [
                Customer.number, Customer.first_name, Customer.last_name, Customer.email,
                Customer.company, Customer.city, Customer.country, Customer.status,
                Customer.order_count, Customer.lifetime_value, Customer.last_order_at,
            ]  # fmt: skip
            writer.writerow([c.key for c in columns])
            for row in session.execute(sql_select(*columns).execution_options(yield_per=10000)):
                writer.writerow(row)
        started = time.perf_counter()
        # Batch mode: load the sheet, then save it again (which needs every row loaded).
        process = subprocess.Popen(
            [vd, "-b", str(path), "-o", str(Path(tmp) / "out.tsv")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss_bytes(process.pid))
            time.sleep(0.05)
        return time.perf_counter() - started, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", required=True, help="database (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for url in args.db:
        database = open_database(url)
        with database.sessions() as session:
            total = ov.count(session, ov.ListQuery(), datetime.now(UTC))
            first = ov.page(session, ov.ListQuery(), datetime.now(UTC), limit=1)
        print(f"\n{database.short_name}: {total:,} customers ({database.url.get_backend_name()})")
        starts, peaks = [], []
        for _ in range(args.runs):
            shown, peak = start_in_terminal(url, first[0].name[:12])
            starts.append(shown)
            peaks.append(peak)
        print(f"  start to first page on screen  median {median_ms(starts)}  (target <= 1000 ms)")
        print(f"  peak memory of the app         median {statistics.median(peaks) / 2**20:7.1f} MiB"
              "  (target <= 150 MiB)")  # fmt: skip
        figures = asyncio.run(pilot_figures(database, args.runs))
        print(f"  sort change to first page      median {median_ms(figures['sort'])}"
              f"  p95 {p95_ms(figures['sort'])}  (target <= 100 ms)")  # fmt: skip
        print(
            f"  search applied to first page   median {median_ms(figures['search'])}"
            f"  p95 {p95_ms(figures['search'])}  (target p95 <= 100 ms; {', '.join(SEARCHES)})"
        )
        per_term = ", ".join(
            f"{t} {statistics.median(figures[f'search {t}']) * 1000:.0f}" for t in SEARCHES
        )
        print(f"    by prefix (median ms): {per_term}")
        print(f"  End to the last row            median {median_ms(figures['end'])}"
              "  (target <= 50 ms)")  # fmt: skip
        print(f"  Page down anywhere             median {median_ms(figures['pagedown'])}"
              f"  p95 {p95_ms(figures['pagedown'])}  (target <= 50 ms)")  # fmt: skip
        reference = visidata_load(database)
        if reference is None:
            print("  VisiData                       not installed (pip install visidata)")
        else:
            print(f"  VisiData loading the same CSV  {reference[0]:7.1f} s, "
                  f"peak {reference[1] / 2**20:.0f} MiB")  # fmt: skip
        database.close()


if __name__ == "__main__":
    main()
