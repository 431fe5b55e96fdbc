"""Launching a campaign end to end: letters/s and peak memory, as the TUI's launch runs it.

    python -m bench.launch [--customers 10000] [--workers 2] [--runs 3]

Builds a demo database of ``--customers`` once (in a subprocess, so that its memory is not
counted), then per run: a fresh copy, a one-time campaign over every customer, and ``launch``
with a ``Renderer`` of ``--workers`` processes: reading the recipients, rendering each letter
with its QR code, storing it with its PDF, one transaction. Prints the median letters/s and
the peak resident memory of this process and of the whole process tree (sampled every 50 ms).
Asserts nothing: the target (>= 150 letters/s on 2 cores; 10,000 letters <= 200 MB peak) is
read off the output.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.memory import PeakMemory

# The database layer is imported in the functions that use it, as in autoletter_tui.cli: the
# render workers (spawn) import this main module again, and should hold what the app's do.

AS_OF = datetime(2026, 11, 20, 12, tzinfo=UTC)
TEXT = "Hallo {vorname},\n\nvielen Dank für Ihre Bestellung vom {letzte_bestellung}.\n\nIhr Team"


def one_run(template: Path, workers: int) -> tuple[int, float, PeakMemory]:
    from autoletter_tui.data import overview as ov
    from autoletter_tui.data.db import open_database
    from autoletter_tui.data.models import CampaignKind
    from autoletter_tui.letters.campaigns import create_campaign, launch
    from autoletter_tui.letters.rendering import Renderer

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.db"
        shutil.copyfile(template, path)
        database = open_database(str(path))
        try:
            with PeakMemory(os.getpid()) as memory:
                started = time.perf_counter()
                with database.sessions.begin() as session, Renderer(workers) as renderer:
                    campaign_id = create_campaign(
                        session, name="Bench", kind=CampaignKind.ONE_TIME, text=TEXT,
                        query=ov.ListQuery(), now=AS_OF,
                    )  # fmt: skip
                    launched = launch(session, campaign_id, AS_OF, renderer=renderer)
                seconds = time.perf_counter() - started
        finally:
            database.close()
    return launched.letters, seconds, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "demo.db"
        subprocess.run(
            [sys.executable, "-m", "autoletter_tui", "--db", str(template), "demo",
             "--customers", str(args.customers), "--as-of", AS_OF.date().isoformat()],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        rates, trees, owns = [], [], []
        for _ in range(args.runs):
            letters, seconds, memory = one_run(template, args.workers)
            rates.append(letters / seconds)
            trees.append(memory.tree)
            owns.append(memory.own)
            print(
                f"  {letters:,} letters in {seconds:.1f} s: {letters / seconds:,.0f}/s, "
                f"peak {memory.own / 2**20:.0f} MiB this process, "
                f"{memory.tree / 2**20:.0f} MiB with workers"
            )
    rate = statistics.median(rates)
    print(f"launch, letters/s with {args.workers} worker(s): median {rate:,.0f}")
    print(
        f"peak memory: median {statistics.median(owns) / 2**20:.0f} MiB this process, "
        f"{statistics.median(trees) / 2**20:.0f} MiB with workers"
    )


if __name__ == "__main__":
    main()
