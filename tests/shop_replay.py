"""Shops as tests replay them: answers in the real shapes from fixture files, served through
``httpx.MockTransport``, with faults injected where a test asks for them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from autoletter_tui.data.db import Database
from autoletter_tui.data.models import Customer

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
DOMAIN = "test-shop.myshopify.com"
TOKEN = "shpat_0123456789abcdef"  # never to be seen in output


def load(path: Path) -> str:
    """A page as the shop sends it: JSON text (Billbee's long decimals would not survive a
    round trip through floats)."""
    return path.read_text(encoding="utf-8")


@dataclass
class Replay:
    """A shop API: ``pages[resource]`` is the list of page bodies (JSON text) that resource
    answers with.
    ``faults``: (part of the URL, answer or exception), each served once, in order, instead of
    the first request whose URL contains that part."""

    pages: dict[str, list[str]]
    check: Any = None  # request -> a refusing response, or None when the credentials are fine
    faults: list[tuple[str, httpx.Response | Exception]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.answer)

    def answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.check is not None and (refusal := self.check(request)) is not None:
            return refusal  # type: ignore[no-any-return]
        for index, (part, fault) in enumerate(self.faults):
            if part in str(request.url):
                del self.faults[index]
                if isinstance(fault, Exception):
                    raise fault
                return fault
        return self.page(request)

    def page(self, request: httpx.Request) -> httpx.Response:
        raise NotImplementedError


class ShopifyReplay(Replay):
    def page(self, request: httpx.Request) -> httpx.Response:
        resource = request.url.path.rsplit("/", 1)[-1].removesuffix(".json")
        if resource == "shop":
            return httpx.Response(200, json={"shop": {"name": "Test Shop"}})
        if resource == "checkouts" and request.url.params.get("status") == "closed":
            resource = "closed_checkouts"
            self.pages.setdefault(resource, ['{"checkouts": []}'])
        bodies = self.pages.get(resource)
        if bodies is None:
            return httpx.Response(404, json={"errors": "Not Found"})
        cursor = request.url.params.get("page_info")
        number = int(cursor.removeprefix("p")) if cursor else 0
        headers = {"X-Shopify-Shop-Api-Call-Limit": "1/40", **self.headers}
        if number + 1 < len(bodies):
            following = request.url.copy_with(
                params={"limit": "250", "page_info": f"p{number + 1}"}
            )
            headers["Link"] = f'<{following}>; rel="next"'
        headers["Content-Type"] = "application/json"
        return httpx.Response(200, text=bodies[number], headers=headers)


def shopify_check(request: httpx.Request) -> httpx.Response | None:
    if request.headers.get("X-Shopify-Access-Token") == TOKEN:
        return None
    return httpx.Response(
        401, json={"errors": "[API] Invalid API key or access token (unrecognized login)"}
    )


def shopify_pages() -> dict[str, list[str]]:
    folder = FIXTURES / "shopify"
    return {
        "customers": [load(folder / "customers_page1.json"), load(folder / "customers_page2.json")],
        "orders": [load(folder / "orders.json")],
        "checkouts": [load(folder / "checkouts.json")],
    }


class BillbeeReplay(Replay):
    def page(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != "/api/v1/orders":
            return httpx.Response(404, json={"ErrorCode": 1, "ErrorMessage": "Not found"})
        number = int(request.url.params.get("page", "1"))
        bodies = self.pages["orders"]
        if number > len(bodies):  # past the last page, as Billbee answers it
            empty = {"Paging": {"Page": number, "TotalPages": len(bodies)}, "Data": []}
            return httpx.Response(200, json={**empty, "ErrorCode": 0}, headers=self.headers)
        return httpx.Response(200, text=bodies[number - 1], headers=self.headers)


def customer(db: Database, email_key: str) -> Customer:
    """A synced customer by email, with sources and addresses."""
    with db.sessions() as session:
        return session.scalars(
            select(Customer)
            .where(Customer.email_key == email_key)
            .options(selectinload(Customer.sources), selectinload(Customer.addresses))
        ).one()


BILLBEE_KEY, BILLBEE_USER, BILLBEE_PASSWORD = "bb-key-0123", "shop@example.de", "api-pass-0123"


def billbee_check(request: httpx.Request) -> httpx.Response | None:
    auth = httpx.BasicAuth(BILLBEE_USER, BILLBEE_PASSWORD)
    expected = next(auth.auth_flow(httpx.Request("GET", "http://x"))).headers["Authorization"]
    if (
        request.headers.get("X-Billbee-Api-Key") == BILLBEE_KEY
        and request.headers.get("Authorization") == expected
    ):
        return None
    return httpx.Response(401, json={"Message": "Authorization has been denied for this request."})


def billbee_pages() -> dict[str, list[str]]:
    folder = FIXTURES / "billbee"
    return {"orders": [load(folder / "orders_page1.json"), load(folder / "orders_page2.json")]}


@contextmanager
def serving(answer: Callable[[httpx.Request], httpx.Response]) -> Iterator[str]:
    """A shop (``Replay.answer``, or the benchmark's) as a real HTTP server on 127.0.0.1, for
    the command line; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the shops

        def do_GET(self) -> None:
            host = f"http://127.0.0.1:{server.server_port}"
            request = httpx.Request("GET", host + self.path, headers=dict(self.headers))
            response = answer(request)
            self.send_response(response.status_code)
            for name, value in response.headers.items():
                if name.lower() not in ("content-length", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.content)))
            self.end_headers()
            self.wfile.write(response.content)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
