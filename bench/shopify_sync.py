"""A Shopify sync of many customers from a local server that replays the Admin REST API with
Shopify's rate limit, to show whether the sync is bounded by the limit or by our CPU.

    python -m bench.shopify_sync                       # 100,000 customers, standard limit
    python -m bench.shopify_sync --customers 20000 --runs 3
    python -m bench.shopify_sync --leak 20 --bucket 400  # Shopify Plus
    python -m bench.shopify_sync --leak 0              # no limit: what our CPU alone allows
    python -m bench.shopify_sync --db postgresql+psycopg://postgres@127.0.0.1/bench

The server (threads of this process: the tests' ``serving``) pages customers 250 at a time
by ``page_info`` cursors and simulates the leaky bucket of the REST API: every call fills it
by one, it drains at ``--leak`` calls a second, its level is sent in
``X-Shopify-Shop-Api-Call-Limit``, and a call into a full bucket is answered 429 with
``Retry-After``. Customers are generated from the demo
pools with a fixed seed. Each run is ``autoletter-tui sync shopify`` in a fresh process into an
empty database; its wall time, its CPU time (that child's only, not the server's) and the time
it spent waiting for the limit are printed, with the floor the limit alone sets. Medians over
runs; asserts nothing.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from autoletter_tui.data import demo_pools as pools
from autoletter_tui.data.search import fold
from autoletter_tui.sources.shopify import API_VERSION, PAGE_SIZE
from bench.databases import fresh_pg
from tests.shop_replay import serving

TOKEN = "shpat_bench"
SHOP = "bench-shop.myshopify.com"


def _ascii(name: str) -> str:
    return re.sub(r"[^a-z]", "", fold(name))


def customer(n: int) -> dict[str, Any]:
    """Customer ``n`` in the shape of the REST API's customer object, the same every time."""
    rng = random.Random(n)
    first, last = rng.choice(pools.FIRST_NAMES), rng.choice(pools.LAST_NAMES)
    country, postcode, city, region, streets = rng.choice(pools.CITIES)
    updated = f"2026-{1 + n % 11:02d}-{1 + n % 28:02d}T10:00:00+01:00"
    return {
        "id": 7_000_000_000 + n,
        "email": f"{_ascii(first)}.{_ascii(last)}{n}@example.com",
        "created_at": "2025-01-15T09:00:00+01:00",
        "updated_at": updated,
        "first_name": first,
        "last_name": last,
        "orders_count": rng.randrange(0, 8),
        "state": rng.choice(("enabled", "disabled")),
        "total_spent": f"{rng.randrange(0, 50000) / 100:.2f}",
        "note": None,
        "verified_email": True,
        "tags": "",
        "currency": "EUR",
        "phone": None,
        "default_address": {
            "id": 8_000_000_000 + n,
            "customer_id": 7_000_000_000 + n,
            "first_name": first,
            "last_name": last,
            "company": rng.choice(pools.COMPANIES) if rng.random() < 0.1 else None,
            "address1": f"{rng.choice(streets)} {rng.randrange(1, 150)}",
            "address2": "",
            "city": city,
            "province": region,
            "country": country,
            "zip": postcode,
            "phone": None,
            "name": f"{first} {last}",
            "province_code": None,
            "country_code": country,
            "default": True,
        },
    }


class Bucket:
    """Shopify's leaky bucket: ``size`` calls, drained at ``leak`` calls a second (0: none)."""

    def __init__(self, size: int, leak: float) -> None:
        self.size, self.leak = size, leak
        self.level, self.at = 0.0, time.monotonic()
        self.refused = 0
        self.lock = threading.Lock()

    def take(self) -> int | None:
        """The level after this call, or None when the bucket is full (a 429)."""
        if self.leak <= 0:
            return 1
        with self.lock:
            now = time.monotonic()
            self.level = max(0.0, self.level - (now - self.at) * self.leak)
            self.at = now
            if self.level + 1 > self.size:
                self.refused += 1
                return None
            self.level += 1
            return math.ceil(self.level)


def shop(customers: int, bucket: Bucket) -> Callable[[httpx.Request], httpx.Response]:
    """The Admin REST API of a shop with ``customers`` customers and no orders or checkouts."""
    pages = math.ceil(customers / PAGE_SIZE)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.headers.get("X-Shopify-Access-Token") != TOKEN:
            return httpx.Response(401, json={"errors": "[API] Invalid API key or access token"})
        level = bucket.take()
        if level is None:
            return httpx.Response(429, json={"errors": "Exceeded 2 calls per second"},
                                  headers={"Retry-After": "1.0"})  # fmt: skip
        headers = {"X-Shopify-Shop-Api-Call-Limit": f"{level}/{bucket.size}"}
        name = request.url.path.rsplit("/", 1)[-1].removesuffix(".json")
        if name == "shop":
            return httpx.Response(200, json={"shop": {"name": "Bench Shop"}}, headers=headers)
        if name != "customers":  # orders and checkouts: none
            return httpx.Response(200, json={name: []}, headers=headers)
        page = int(request.url.params.get("page_info", "c0").removeprefix("c"))
        first = page * PAGE_SIZE + 1
        body = [customer(n) for n in range(first, min(first + PAGE_SIZE, customers + 1))]
        if page + 1 < pages:
            following = request.url.copy_with(
                params={"limit": str(PAGE_SIZE), "page_info": f"c{page + 1}"}
            )
            headers["Link"] = f'<{following}>; rel="next"'
        return httpx.Response(200, json={"customers": body}, headers=headers)

    return answer


def one_run(db: str, base: str) -> tuple[float, float, float, int, str]:
    """Wall seconds, CPU seconds of the sync process, seconds it waited, requests, summary."""
    command = [sys.executable, "-m", "autoletter_tui", "sync", "shopify", "--db", db,
               "--shop", SHOP, "--api-base", base]  # fmt: skip
    env = {**os.environ, "AUTOLETTER_SHOPIFY_TOKEN": TOKEN}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"sync failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cost = re.search(r"([\d,]+) requests?, ([\d.]+) s waiting", done.stdout)
    assert cost is not None, done.stdout
    summary = next(line for line in done.stdout.splitlines() if " records: " in line)
    return wall, cpu, float(cost[2]), int(cost[1].replace(",", "")), summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--bucket", type=int, default=40, help="calls (REST standard: 40)")
    parser.add_argument("--leak", type=float, default=2.0,
                        help="calls a second (standard 2, Plus 20; 0: no limit)")  # fmt: skip
    parser.add_argument("--db", help="a PostgreSQL URL; default: a new SQLite file per run")
    args = parser.parse_args()
    pages = math.ceil(args.customers / PAGE_SIZE)
    calls = pages + 3  # shop, orders, checkouts
    floor = max(0.0, calls - args.bucket) / args.leak if args.leak > 0 else 0.0
    limit = f"bucket {args.bucket}, {args.leak:g} calls/s" if args.leak > 0 else "no limit"
    print(f"{args.customers:,} customers in {pages:,} pages ({limit}, API {API_VERSION}); "
          f"the limit alone needs >= {floor:.0f} s")  # fmt: skip
    walls, cpus, waits = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(1, args.runs + 1):
            bucket = Bucket(args.bucket, args.leak)
            db = fresh_pg(args.db, f"sync{run}") if args.db else f"{folder}/sync{run}.db"
            with serving(shop(args.customers, bucket)) as base:
                wall, cpu, waited, requests, summary = one_run(db, base)
            walls.append(wall)
            cpus.append(cpu)
            waits.append(waited)
            print(f"run {run}: {wall:.1f} s wall, {cpu:.1f} s CPU, {waited:.1f} s waiting for the"
                  f" limit, {requests:,} requests ({bucket.refused} answered 429), "
                  f"{args.customers / wall:,.0f} customers/s; {summary}")  # fmt: skip
    wall, cpu, waited = (statistics.median(v) for v in (walls, cpus, waits))
    bound = "the rate limit" if waited > cpu else "our CPU"
    print(f"median: {wall:.1f} s wall = {cpu:.1f} s CPU (sync process) + {waited:.1f} s waiting "
          f"for the limit (+ the server's answers); bounded by {bound}; "
          f"{args.customers / wall:,.0f} customers/s")  # fmt: skip


if __name__ == "__main__":
    main()
