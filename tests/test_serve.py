"""`autoletter-tui serve`: the TUI in a browser tab through textual-serve.

One test runs the real server on 127.0.0.1 and drives its websocket as a browser would; the
other fakes the server at the boundary to check what it is given."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from autoletter_tui.cli import main
from autoletter_tui.serving import is_local, origin_of


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def first_screen(port: int, expect: bytes, seconds: float = 30) -> bytes:
    """What the app process sends to a browser that opens a 120x40 tab, until ``expect``."""
    received = b""
    url = f"ws://127.0.0.1:{port}/ws?width=120&height=40"
    origin = f"http://127.0.0.1:{port}"  # the page the server served
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(url, origin=origin) as websocket,
    ):
        deadline = time.monotonic() + seconds
        while expect not in received and time.monotonic() < deadline:
            try:
                message = await websocket.receive(timeout=deadline - time.monotonic())
            except TimeoutError:
                break
            if message.type == aiohttp.WSMsgType.BINARY:
                received += message.data
            elif message.type != aiohttp.WSMsgType.TEXT:
                break
    return received


async def handshake(port: int, *, origin: str) -> int:
    url = f"ws://127.0.0.1:{port}/ws"
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, origin=origin):
                return 101
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status


def test_the_app_runs_in_a_browser_tab(cast_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "served.db"
    db.write_bytes(cast_file.read_bytes())
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "autoletter_tui", "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, "AUTOLETTER_DB": ""},
    )  # fmt: skip
    try:
        page = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as answer:
                    page = answer.read().decode()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        assert page is not None, "the server never answered"
        assert "<div>AutoLetter</div>" in page  # the title given to textual-serve
        # The app process was started with the database given to `serve`: its list shows the
        # cast's customers.
        output = asyncio.run(first_screen(port, b"Schmidt"))
        assert b"Schmidt" in output
        # A page from another site must not drive the desk (browsers allow cross-site
        # websockets; only the server can refuse them).
        assert asyncio.run(handshake(port, origin="https://evil.example")) == 403
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_keeps_the_database_off_the_command_line(
    monkeypatch: pytest.MonkeyPatch, cast_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started: dict[str, Any] = {}

    class FakeServer:
        def __init__(self, command: str, **options: Any) -> None:
            started.update(options, command=command)

        def serve(self) -> None:
            started["db"] = os.environ.get("AUTOLETTER_DB")
            started["config"] = os.environ.get("AUTOLETTER_CONFIG")

    monkeypatch.setattr("autoletter_tui.serving.SameOriginServer", FakeServer)
    monkeypatch.setenv("AUTOLETTER_DB", "")
    assert main(["--db", str(cast_file), "serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    assert started["db"] == str(cast_file)
    assert str(cast_file) not in started["command"]
    assert (started["host"], started["port"]) == ("0.0.0.0", 8123)
    assert started["public_url"] is None  # textual-serve's default: http://HOST:PORT
    assert "without authentication" in capsys.readouterr().err
    proxied = ["serve", "--public-url", "https://desk.example.com"]
    assert main(["--db", str(cast_file), *proxied]) == 0  # 127.0.0.1: no warning
    assert capsys.readouterr().err == ""
    assert started["public_url"] == "https://desk.example.com"
    # The tabs' apps read the same settings file as the command that serves them.
    monkeypatch.setenv("AUTOLETTER_CONFIG", "")
    assert main(["--db", str(cast_file), "--config", "desk.toml", *proxied]) == 0
    assert started["config"] == str(Path("desk.toml").resolve())
    with pytest.raises(SystemExit) as refused:
        main(["--db", str(cast_file), "serve", "--port", "0"])
    assert refused.value.code == 2
    assert "between 1 and 65535" in capsys.readouterr().err


def test_origins() -> None:
    assert origin_of("https://Desk.example.com/app?x=1") == "https://desk.example.com"
    assert origin_of("http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    assert is_local("127.0.0.1")
    assert is_local("::1")
    assert is_local("localhost")
    assert not is_local("0.0.0.0")
    assert not is_local("desk.example.com")
