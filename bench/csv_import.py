"""Rows per second and peak memory of ``autoletter-tui import csv``, end to end as a user runs it.

    python -m bench.csv_import                        # 1,000,000 rows into an empty SQLite file
    python -m bench.csv_import --rows 100000 --runs 5
    python -m bench.csv_import --db postgresql+psycopg://postgres@127.0.0.1/bench
    python -m bench.csv_import --merge-into /tmp/big/1m.db --rows 100000

Each run starts the command in a fresh process and samples its resident memory (with any
children) every 50 ms. The file is a Shopify customer export written by ``bench.shopify_csv``
(kept in the temp folder between runs, since writing it takes a while).

``--merge-into DB``: the rows carry emails of that database's customers (spread over it), so
every row merges; each run imports into a copy of the database (SQLite file) and the copy's
time is not counted. Prints every run and the medians; asserts nothing (targets: 100,000
rows/s into an empty database, 30,000 rows/s merged into the 1M demo, peak <= 300 MB).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from bench.databases import fresh_pg
from bench.memory import PeakMemory
from bench.shopify_csv import write


def _emails(db: str, rows: int) -> list[str]:
    engine = create_engine(make_url(db) if "://" in db else f"sqlite:///{db}")
    with engine.connect() as conn:
        total = conn.scalar(text("SELECT max(id) FROM customer")) or 0
        step = max(1, total // rows)
        found = conn.scalars(
            text("SELECT email FROM customer WHERE id % :step = 0 AND email != '' LIMIT :n"),
            {"step": step, "n": rows},
        ).all()
    engine.dispose()
    return list(found)


def one_run(db: str, path: Path) -> tuple[float, int, str]:
    command = [sys.executable, "-m", "autoletter_tui", "--db", db, "import", "csv", str(path)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakMemory(process.pid) as memory:
        out, err = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"import failed ({process.returncode}): {err.strip()[-2000:]}")
    summary = next((line for line in out.splitlines() if " records: " in line), out.strip())
    return seconds, memory.tree, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", help="PostgreSQL server URL; default: a new SQLite file per run")
    parser.add_argument("--merge-into", metavar="DB", help="an SQLite demo database file")
    args = parser.parse_args()
    tmp = Path(tempfile.gettempdir())
    if args.merge_into:
        path = tmp / f"autoletter-bench-merge-{args.rows}.csv"
        write(path, args.rows, emails=_emails(args.merge_into, args.rows))
    else:
        path = tmp / f"autoletter-bench-{args.rows}.csv"
        if not path.exists():
            write(path, args.rows)
    times, peaks = [], []
    with tempfile.TemporaryDirectory(prefix="autoletter-bench-") as folder:
        for run in range(1, args.runs + 1):
            if args.merge_into:
                db = str(Path(folder) / "merge.db")
                shutil.copyfile(args.merge_into, db)
            elif args.db:
                db = fresh_pg(args.db, f"import_bench_{run}")
            else:
                db = str(Path(folder) / f"import-{run}.db")
            seconds, peak, summary = one_run(db, path)
            times.append(seconds)
            peaks.append(peak)
            print(f"run {run}: {seconds:6.1f} s, {args.rows / seconds:9,.0f} rows/s, "
                  f"peak memory {peak / 2**20:5.0f} MiB   ({summary})")  # fmt: skip
            if not args.db:
                for suffix in ("", "-wal", "-shm"):
                    Path(db + suffix).unlink(missing_ok=True)
    what = f"merged into {args.merge_into}" if args.merge_into else "into an empty database"
    engine = "PostgreSQL" if args.db else "SQLite"
    median = statistics.median(times)
    print(
        f"import csv, {args.rows:,} Shopify-export rows {what} on {engine}: median {median:.1f} s"
        f" = {args.rows / median:,.0f} rows/s, median peak memory "
        f"{statistics.median(peaks) / 2**20:.0f} MiB ({args.runs} runs)"
    )


if __name__ == "__main__":
    main()
