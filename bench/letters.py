"""Rendering letters: letters per second and peak memory, as a campaign launch renders them.

    python -m bench.letters [--letters 10000] [--workers 2] [--runs 3]

Renders ``--letters`` distinct letters (names with umlauts and Polish/Czech letters, foreign
addresses, a QR code each) in ``--workers`` processes (the launch's ``Renderer``), and prints
the median letters/s and the peak resident memory of the parent and the workers. Rendering
only; ``bench.launch`` measures a whole launch with the database. Asserts nothing: the
target (>= 150 letters/s on 2 cores, 10,000 letters <= 200 MB peak) is read off the output.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections.abc import Iterator
from datetime import date

from autoletter_tui.data.demo_pools import CITIES, FIRST_NAMES, LAST_NAMES
from autoletter_tui.letters.address import envelope_lines
from autoletter_tui.letters.pdf import LetterPage
from autoletter_tui.letters.rendering import Renderer

BODY = (
    "Hallo {first},\n\nvielen Dank für Ihre letzte Bestellung vom 12.10.2026. Als Dankeschön "
    "schenken wir Ihnen 10 % auf Ihren nächsten Einkauf – einfach den Code scannen.\n\n"
    "Herzliche Grüße\nIhr Teeladen-Team"
)


def pages(count: int) -> Iterator[LetterPage]:
    for n in range(count):
        first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n * 7) % len(LAST_NAMES)]
        country, postcode, city, region, streets = CITIES[(n * 13) % len(CITIES)]
        yield LetterPage(
            sender_line="Teeladen Müller · Hauptstraße 1 · 10115 Berlin",
            address_lines=envelope_lines(
                name=f"{first} {last}",
                company="",
                street=streets[n % len(streets)],
                house_number=str(1 + n % 150),
                line2="",
                postcode=postcode,
                city=city,
                region=region,
                country=country,
            ),
            body=BODY.format(first=first),
            tracking_url=f"https://l.autoletter.example/q/{n:032x}",
            dated=date(2026, 11, 20),
        )


def run(count: int, workers: int) -> tuple[float, int]:
    """Seconds for ``count`` letters, and their total size in bytes."""
    started = time.perf_counter()
    with Renderer(workers, parallel_from=0) as renderer:
        total = sum(len(pdf) for pdf in renderer.render(pages(count)))
    return time.perf_counter() - started, total


def peak_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of the largest worker, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rates = []
    for _ in range(args.runs):
        seconds, size = run(args.letters, args.workers)
        rates.append(args.letters / seconds)
        print(f"  {args.letters:,} letters in {seconds:.1f} s: {args.letters / seconds:,.0f}/s, "
              f"{size / args.letters / 1024:.1f} KiB each")  # fmt: skip
    own, worker = peak_mib()
    print(f"letters/s with {args.workers} worker(s): median {statistics.median(rates):,.0f}")
    print(f"peak memory: {own:.0f} MiB this process, {worker:.0f} MiB the largest worker")


if __name__ == "__main__":
    main()
