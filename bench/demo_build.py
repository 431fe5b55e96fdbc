"""Time and peak memory of building the demo database, end to end as a user runs it.

    python -m bench.demo_build                      # 1,000,000 customers, 3 runs, SQLite
    python -m bench.demo_build --customers 10000 --runs 5
    python -m bench.demo_build --db postgresql+psycopg://postgres@127.0.0.1/bench

Each run starts ``autoletter-tui demo`` in a fresh process on a new database and samples the
resident memory of that process and its worker processes together every 50 ms. Prints every
run and the medians. Asserts nothing: the target (under 2 minutes and 1 GB for 1M customers on
the 2-core reference machine) is read off the output.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.databases import fresh_pg
from bench.memory import PeakMemory


def one_run(customers: int, db: str) -> tuple[float, int]:
    command = [sys.executable, "-m", "autoletter_tui", "--db", db, "demo",
               "--customers", str(customers), "--as-of", "2026-11-20"]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakMemory(process.pid) as memory:
        out, err = process.communicate()
    seconds = time.perf_counter() - started
    peak = memory.tree
    if process.returncode != 0:
        raise SystemExit(f"demo build failed ({process.returncode}): {err.strip()}")
    print(f"    {out.strip()}", file=sys.stderr)
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", help="PostgreSQL server URL; default: a new SQLite file per run")
    args = parser.parse_args()
    times, peaks = [], []
    with tempfile.TemporaryDirectory(prefix="autoletter-bench-") as tmp:
        for run in range(1, args.runs + 1):
            db = (
                fresh_pg(args.db, f"demo_bench_{run}")
                if args.db
                else str(Path(tmp) / f"demo-{run}.db")
            )
            seconds, peak = one_run(args.customers, db)
            size = Path(db).stat().st_size if not args.db else 0
            times.append(seconds)
            peaks.append(peak)
            extra = f", file {size / 2**30:.2f} GiB" if size else ""
            print(f"run {run}: {seconds:6.1f} s, peak memory {peak / 2**20:6.0f} MiB{extra}")
            if not args.db:
                Path(db).unlink()
    engine = "PostgreSQL" if args.db else "SQLite"
    print(
        f"demo --customers {args.customers:,} on {engine}: "
        f"median {statistics.median(times):.1f} s, "
        f"median peak memory {statistics.median(peaks) / 2**20:.0f} MiB ({args.runs} runs)"
    )


if __name__ == "__main__":
    main()
