"""Asking a shop's API for JSON the way a long sync must: patient with throttling, retrying
what may pass, and clear about what will not.

- ``429`` waits as long as ``Retry-After`` says (seconds, fractions allowed) and asks again;
- a server error (5xx), a timeout or a dropped connection is retried with exponential backoff;
- a refused credential (401/403) or any other refusal is not retried: it raises ``SyncError``
  with what to do, as does an answer that is not JSON;
- ``pace`` lets a shop's client slow down before it is throttled (Shopify's call-limit
  header), ``min_interval`` spaces calls for APIs that state a rate (Billbee: 2 calls/s).

Credentials live in the client's headers or auth, never in a URL, so no message or log line
built from a URL can carry them. Money is read as ``Decimal`` (``parse_float``): Billbee sends
amounts like ``846.1929411764705882352941177``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from autoletter_tui.data.errors import UserError
from autoletter_tui.i18n import Lazy

TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class SyncError(UserError):
    """A sync stopped: what went wrong and, where it helps, what to do. Made with a ``Lazy``
    message, which the sync's state stores so that it is read in the reader's language."""


class Refused(SyncError):
    """The API refused a request (a 4xx other than 429)."""

    def __init__(self, message: Lazy, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Patience:
    attempts: int = 5  # per request, for server errors, timeouts and dropped connections
    first_wait: float = 1.0  # seconds, doubled after each failed attempt
    longest_wait: float = 60.0
    throttled: int = 50  # 429 answers per request before giving up


@dataclass(frozen=True, slots=True)
class Answer:
    body: Any
    response: httpx.Response


class JsonApi:
    def __init__(
        self,
        client: httpx.Client,
        service: str,
        *,
        refused_hint: str = "",  # marked with N_: translated when shown
        patience: Patience = Patience(),
        min_interval: float = 0.0,
        pace: Callable[[httpx.Response], float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.service = service
        self.refused_hint = refused_hint  # what to do when the credentials are refused
        self.patience = patience
        self.min_interval = min_interval
        self.pace = pace
        self.sleep = sleep
        self.clock = clock
        self.requests = 0
        self.waited = 0.0  # seconds spent waiting for the API's rate limit
        self._next_call = 0.0

    def get(self, url: str, params: Mapping[str, str | int] | None = None) -> Answer:
        failures = throttled = 0
        while True:
            self._wait(self._next_call - self.clock())
            self.requests += 1
            try:
                response = self.client.get(url, params=params)
            except httpx.TimeoutException:
                failures = self._retry(failures, url, Lazy("no answer in time"))
                continue
            except httpx.TransportError as error:
                failures = self._retry(
                    failures, url, Lazy("connection failed ({error})", error=str(error))
                )
                continue
            self._next_call = self.clock() + self.min_interval
            if response.status_code == 429:
                throttled += 1
                if throttled > self.patience.throttled:
                    raise SyncError(
                        Lazy("{service} kept throttling {path}; try again later.",
                             service=self.service, path=_where(url))
                    )  # fmt: skip
                self._wait(_retry_after(response) or self.patience.first_wait)
                continue
            if response.status_code >= 500:
                failures = self._retry(failures, url, f"HTTP {response.status_code}")
                continue
            if response.status_code in (401, 403):
                refused = Lazy("{service} refused the credentials (HTTP {status}).",
                               service=self.service, status=response.status_code)  # fmt: skip
                if self.refused_hint:
                    refused = Lazy("{message} {hint}", message=refused,
                                   hint=Lazy(self.refused_hint))  # fmt: skip
                raise Refused(refused, response.status_code)
            if response.status_code >= 400:
                raise Refused(
                    Lazy("{service} refused {path} (HTTP {status}): {answer}",
                         service=self.service, path=_where(url), status=response.status_code,
                         answer=excerpt(response.text)),
                    response.status_code,
                )  # fmt: skip
            if self.pace is not None:
                self._next_call = max(self._next_call, self.clock() + self.pace(response))
            return Answer(self._json(response, url), response)

    def _json(self, response: httpx.Response, url: str) -> Any:
        try:
            return json.loads(response.text, parse_float=Decimal)
        except ValueError as error:
            raise SyncError(
                Lazy(
                    "{service} sent an answer that is not JSON for {path} ({error}); "
                    "nothing of it was stored.",
                    service=self.service, path=_where(url), error=str(error),
                )
            ) from None  # fmt: skip

    def _retry(self, failures: int, url: str, reason: str | Lazy) -> int:
        failures += 1
        if failures >= self.patience.attempts:
            raise SyncError(
                Lazy.plural(
                    failures,
                    "{service} did not answer {path} after {n} try: {reason}.",
                    "{service} did not answer {path} after {n} tries: {reason}.",
                    service=self.service, path=_where(url), reason=reason,
                )
            )  # fmt: skip
        wait = self.patience.first_wait * 2 ** (failures - 1)
        self.sleep(min(wait, self.patience.longest_wait))
        return failures

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self.waited += seconds
            self.sleep(seconds)


def _retry_after(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds: a number (Shopify sends ``2.0``) or an HTTP date."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _where(url: str) -> str:
    """The path asked for, without the host or the query: short, and free of cursors."""
    return httpx.URL(url).path or "/"


def excerpt(text: str, limit: int = 200) -> str:
    """``text`` on one line, cut with "…" beyond ``limit``: what a message quotes of an
    answer or names a record by."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
