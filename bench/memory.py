"""Resident memory of benchmarked processes, read from /proc (Linux)."""

from __future__ import annotations

import threading
from pathlib import Path
from types import TracebackType


def rss_bytes(pid: int) -> int:
    """Resident memory of one process (0 when it has gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return next((int(line.split()[1]) * 1024 for line in status.splitlines()
                 if line.startswith("VmRSS")), 0)  # fmt: skip


def children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        pass
    return found


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss_bytes(current)
        todo += children(current)
    return total


class PeakMemory:
    """Samples a process (``own``) and its whole tree every 50 ms until the block ends."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.own = 0
        self.tree = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            self.own = max(self.own, rss_bytes(self.pid))
            self.tree = max(self.tree, tree_rss_bytes(self.pid))

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
