"""The installed entry point opens the TUI in a real terminal and `q` quits it cleanly."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from autoletter_tui.data.db import parse_url
from autoletter_tui.data.demo import DemoSpec, build_demo
from tests.conftest import AS_OF


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def test_opens_on_a_database_and_quits_with_q(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    build_demo(parse_url(str(path)), DemoSpec(customers=50, seed=1, as_of=AS_OF))
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    process = subprocess.Popen(
        [sys.executable, "-m", "autoletter_tui", "--db", str(path)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    try:
        screen = _read_until(leader, b"50 customers", timeout=30)
        assert b"50 customers" in screen
        os.write(leader, b"q")
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:
            _read_until(leader, b"\x00never", timeout=0.2)  # keep the terminal drained
        assert process.poll() == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
