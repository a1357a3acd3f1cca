"""Limits at the edge: request bodies counted as they arrive, and rate limits per principal,
per client address and on failed sign-ins.

The rate limits are kept in this process's memory (the `limits` package, moving window): with
several API nodes a client may reach each node's limit on every node. That is enough to keep one
client from exhausting a node and the database behind it; exact limits across nodes would need
a shared store.
"""

from __future__ import annotations

import math
import time
from typing import Any

from limits import RateLimitItem
from limits import parse as parse_rate_limit
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from omstilling.settings import Settings

MAX_BODY_BYTES = 1024 * 1024  # a whole plan is some tens of kilobytes
UNLIMITED_PATHS = ("/health", "/metrics")  # operators' probes must answer while clients are refused
PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
RATE_LIMITED = "RATE_LIMITED"


def refusal(
    status_code: int,
    code: str,
    message: str,
    message_nb: str,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """A request refused before it ran, in GraphQL's error shape (no `data`: nothing ran)."""
    return JSONResponse(
        {
            "errors": [
                {
                    "message": message,
                    "extensions": {"code": code, "messageNb": message_nb, **extensions},
                }
            ]
        },
        status_code=status_code,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


class BodyTooLarge(Exception):
    """Raised from `receive` once a request's body has grown past the limit."""


class BodyLimit:
    """Refuses a request body over `max_bytes` with 413, counting the bytes as they arrive.

    The Content-Length header is checked first; a chunked body, which has none, is counted
    message by message, so at most the limit and one message are ever held."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def too_large(self) -> JSONResponse:
        return refusal(
            413,
            PAYLOAD_TOO_LARGE,
            f"The request body is larger than {self.max_bytes} bytes",
            f"Forespørselen er større enn {self.max_bytes} byte",
            maxBytes=self.max_bytes,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self.too_large()(scope, receive, send)
            return
        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge()
            return message

        async def noting_send(message: Message) -> None:
            nonlocal response_started
            response_started = response_started or message["type"] == "http.response.start"
            await send(message)

        too_large = False
        try:
            await self.app(scope, counting_receive, noting_send)
        except* BodyTooLarge:  # bare, or grouped by a task group on its way out
            too_large = True
        if too_large and not response_started:
            await self.too_large()(scope, receive, send)


class RateLimited(Exception):
    """Too many requests; `retry_after` seconds until the window lets one through."""

    def __init__(self, retry_after: int, limit: str, kind: str) -> None:
        super().__init__(f"rate limit {limit} {kind} reached")
        self.retry_after = retry_after
        self.limit = limit
        self.kind = kind


_KINDS_NB = {
    "per principal": "per bruker",
    "per client address": "per klientadresse",
    "on failed sign-ins": "for mislykkede innlogginger",
}


def rate_limited_response(error: RateLimited) -> JSONResponse:
    return refusal(
        429,
        RATE_LIMITED,
        f"Too many requests: the limit {error.limit} {error.kind} is reached; "
        f"try again in {error.retry_after} s",
        f"For mange forespørsler: grensen {error.limit} {_KINDS_NB[error.kind]} er nådd; "
        f"prøv igjen om {error.retry_after} s",
        headers={"Retry-After": str(error.retry_after)},
        retryAfter=error.retry_after,
    )


class RateLimits:
    """The three limits of one API process, each a moving window over its own keys."""

    def __init__(self, settings: Settings) -> None:
        self._window = MovingWindowRateLimiter(MemoryStorage())
        self.per_principal = parse_rate_limit(settings.rate_limit_per_principal)
        self.per_address = parse_rate_limit(settings.rate_limit_per_address)
        self.failed_sign_ins = parse_rate_limit(settings.rate_limit_failed_sign_ins)

    def _retry_after(self, item: RateLimitItem, *key: str) -> int:
        reset = self._window.get_window_stats(item, *key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def _take(self, item: RateLimitItem, kind: str, *key: str) -> None:
        if not self._window.hit(item, *key):
            raise RateLimited(self._retry_after(item, *key), _notation(item), kind)

    def take_for_principal(self, user_id: str) -> None:
        self._take(self.per_principal, "per principal", "principal", user_id)

    def take_for_address(self, address: str) -> None:
        self._take(self.per_address, "per client address", "address", address)

    def refuse_sign_in_if_blocked(self, address: str) -> None:
        """An address that has used up its failed sign-ins is not heard until the window
        moves: its tokens are not even checked."""
        if not self._window.test(self.failed_sign_ins, "failed-sign-in", address):
            raise RateLimited(
                self._retry_after(self.failed_sign_ins, "failed-sign-in", address),
                _notation(self.failed_sign_ins),
                "on failed sign-ins",
            )

    def note_failed_sign_in(self, address: str) -> None:
        self._window.hit(self.failed_sign_ins, "failed-sign-in", address)


def _notation(item: RateLimitItem) -> str:
    """'600/minute', as configured (`limits` writes '600 per 1 minute')."""
    unit = item.GRANULARITY.name
    return (
        f"{item.amount}/{unit}"
        if item.multiples == 1
        else f"{item.amount}/{item.multiples} {unit}s"
    )


def client_address(scope: Scope | Request) -> str:
    """The peer's address (behind a proxy, run uvicorn with --proxy-headers and
    --forwarded-allow-ips so that this is the client's, not the proxy's)."""
    client = scope.client if isinstance(scope, Request) else scope.get("client")
    return client[0] if client else "unknown"


class AddressRateLimit:
    """Every request but the health checks and metrics counts against its client address."""

    def __init__(self, app: ASGIApp, limits: RateLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(UNLIMITED_PATHS):
            try:
                self.limits.take_for_address(client_address(scope))
            except RateLimited as error:
                await rate_limited_response(error)(scope, receive, send)
                return
        await self.app(scope, receive, send)
