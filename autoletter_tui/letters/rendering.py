"""Rendering many letters: in worker processes when there are enough of them to pay for it.

One core renders ~100 letters/s; a campaign of thousands wants every core. Workers are started
with ``spawn`` (never ``fork``): callers run in a thread of the TUI, and forking a threaded
process copies locks held by other threads. Starting a worker costs ~0.5 s (it imports
reportlab), so small batches render in the calling process.

Pages go out and PDFs come back in order, a bounded number of batches at a time, so memory
stays flat in campaign size.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import resource_tracker
from types import TracebackType

from autoletter_tui import i18n
from autoletter_tui.letters.pdf import LetterPage, render

PARALLEL_FROM = 200  # letters; below this, starting workers costs more than it saves
BATCH = 16  # pages per task: few enough to keep all workers busy at the end
IN_FLIGHT = 8  # tasks per worker submitted ahead


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def render_batch(pages: Sequence[LetterPage]) -> list[bytes]:
    return [render(page) for page in pages]


class Renderer:
    """Renders pages to PDFs, in order, in ``workers`` processes (started on first use)."""

    def __init__(self, workers: int = 1, *, parallel_from: int | None = None) -> None:
        self.workers = workers
        self.parallel_from = PARALLEL_FROM if parallel_from is None else parallel_from
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Renderer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            _start_resource_tracker()
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_start_worker,
                initargs=(i18n.language(), str(i18n.locale())),
            )  # fmt: skip
        return self._pool

    def render(
        self, pages: Iterable[LetterPage], *, expected: int | None = None
    ) -> Iterator[bytes]:
        """The PDF of each page, in order. ``expected`` (the number of pages, when known)
        decides whether workers are worth starting."""
        if expected == 0:
            return
        if self.workers <= 1 or (expected is not None and expected < self.parallel_from):
            for page in pages:
                yield render(page)
            return
        pool = self._started()
        pending: deque[Future[list[bytes]]] = deque()
        for batch in _batches(pages, BATCH):
            pending.append(pool.submit(render_batch, batch))
            if len(pending) >= self.workers * IN_FLIGHT:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr.

    It is started with ``sys.stderr.fileno()`` among the descriptors it keeps; inside a Textual
    app ``sys.stderr`` is Textual's print capture, whose ``fileno()`` is -1, and starting the
    first worker fails with "bad value(s) in fds_to_keep". The tracker only writes warnings
    about leaked semaphores; they go to /dev/null rather than over the app's screen.
    """
    try:
        usable = sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = True  # no fileno at all: multiprocessing skips it by itself
    if usable:
        return
    saved = sys.stderr
    with open(os.devnull, "w") as sink:
        sys.stderr = sink
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


def _start_worker(language: str, region: str) -> None:
    """A worker speaks the caller's language: a spawned process starts in English, and an
    error it raises (``AddressTooLong``) reaches the operator as it was worded there.

    Workers inherit the terminal as stdout and stderr: a warning printed there would land
    on the app's screen. What goes wrong in a worker comes back as its task's exception."""
    i18n.set_language(language, region)
    sink = os.open(os.devnull, os.O_WRONLY)
    os.dup2(sink, 1)
    os.dup2(sink, 2)
    os.close(sink)


def _batches(pages: Iterable[LetterPage], size: int) -> Iterator[list[LetterPage]]:
    batch: list[LetterPage] = []
    for page in pages:
        batch.append(page)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
