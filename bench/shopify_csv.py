"""Writes a Shopify customer export of any size, for the import benchmarks.

    python -m bench.shopify_csv /tmp/customers.csv --rows 1000000

The rows look like a real export (the current header, apostrophe-prefixed ids, postcodes and
phones, tags) and are drawn from the demo's pools with a fixed seed, so that every run reads
the same file. ``emails``: rows carry these emails instead of new ones (the merge benchmark
passes a demo database's, so that every row merges into an existing customer).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from collections.abc import Sequence
from pathlib import Path

from autoletter_tui.data import demo_pools as pools
from autoletter_tui.data.search import fold

HEADER = [
    "Customer ID",
    "First Name",
    "Last Name",
    "Email",
    "Accepts Email Marketing",
    "Default Address Company",
    "Default Address Address1",
    "Default Address Address2",
    "Default Address City",
    "Default Address Province Code",
    "Default Address Country Code",
    "Default Address Zip",
    "Default Address Phone",
    "Phone",
    "Accepts SMS Marketing",
    "Total Spent",
    "Total Orders",
    "Note",
    "Tax Exempt",
    "Tags",
]
_DIAL = {"DE": "49", "AT": "43", "CH": "41"}


def _ascii(name: str) -> str:
    return re.sub(r"[^a-z]", "", fold(name))


def write(path: Path, rows: int, *, seed: int = 6, emails: Sequence[str] = ()) -> None:
    rng = random.Random(seed)
    cities = [c for c in pools.CITIES if c[0] in _DIAL]
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for n in range(1, rows + 1):
            first = rng.choice(pools.FIRST_NAMES)
            last = rng.choice(pools.LAST_NAMES)
            if emails:
                email = emails[(n - 1) % len(emails)]
            else:
                email = f"{_ascii(first)}.{_ascii(last)}{n}@example.com"
            country, postcode, city, region, streets = rng.choice(cities)
            phone = (
                f"'+{_DIAL[country]}{rng.randrange(30, 990)}{rng.randrange(10**6, 10**7)}"
                if rng.random() < 0.5
                else ""
            )
            company = rng.choice(pools.COMPANIES) if rng.random() < 0.1 else ""
            spent = f"{rng.randrange(0, 200000) / 100:.2f}"
            out.writerow([
                f"'{7_000_000_000_000 + n}", first, last, email, rng.choice(("yes", "no")),
                company, f"{rng.choice(streets)} {rng.randrange(1, 150)}", "", city, region,
                country, f"'{postcode}", "", phone, "no", spent, str(rng.randrange(0, 12)),
                "", "no", rng.choice(("", "VIP", "Newsletter", "VIP, Newsletter")),
            ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    write(args.path, args.rows)


if __name__ == "__main__":
    main()
