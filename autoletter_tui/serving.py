"""`autoletter-tui serve`: the TUI in browser tabs, through textual-serve.

textual-serve itself accepts a websocket from any web page: a page on another site that the
operator happens to open could connect to ``ws://127.0.0.1:8000/ws`` and read and type into
the customer desk (browsers allow cross-site websockets; the server must check). The
websocket is refused here unless its Origin is the page this server itself serves. Clients
that are not browsers send no Origin and are let through: the server has no authentication
of its own, which README says, and which an authenticating proxy in front must supply.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import sys
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

from autoletter_tui.config import CONFIG_ENV
from autoletter_tui.i18n import _


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, as browsers send it in the Origin header."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class SameOriginServer(Server):
    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        origin = request.headers.get("Origin")
        if origin is not None and origin.rstrip("/").lower() != origin_of(self.public_url):
            raise web.HTTPForbidden(text=_("This desk only answers its own page."))
        return await super().handle_websocket(request)


def is_local(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def serve(
    database_url: str, host: str, port: int, public_url: str | None, config: Path | None = None
) -> None:
    """Each browser tab gets its own app process, started by textual-serve, with the same
    database and settings file."""
    # The database goes to the app processes in the environment, not on their command line,
    # where `ps` would show a PostgreSQL password to every user of the machine.
    local_file = "://" not in database_url
    os.environ["AUTOLETTER_DB"] = os.path.abspath(database_url) if local_file else database_url
    if config is not None:
        os.environ[CONFIG_ENV] = str(config.resolve())
    if not is_local(host):
        warning = (
            _(
                "autoletter-tui: warning: serving on {host}, reachable from other machines, "
                "without authentication: put an authenticating proxy in front of it."
            )
            if public_url
            else _(
                "autoletter-tui: warning: serving on {host}, reachable from other machines, "
                "without authentication: put an authenticating proxy in front of it, and pass "
                "--public-url with the address browsers use."
            )
        )
        print(warning.format(host=host), file=sys.stderr)
    command = shlex.join([sys.executable, "-m", "autoletter_tui"])
    SameOriginServer(
        command, host=host, port=port, title="AutoLetter", public_url=public_url
    ).serve()
