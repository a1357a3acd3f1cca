"""Headers on every answer: no content sniffing, no caching of answers that carry data, and a
content policy that lets a browser run nothing of ours.

The development tool pages (GraphiQL at /graphql, /docs) load their scripts from a CDN and run
one inline script: in development only, an HTML page gets a policy that allows those CDNs and
exactly the inline scripts it carries (by hash), nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STRICT_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
NO_STORE_PATHS = ("/graphql", "/exports", "/health/ready")
TOOL_PAGE_SOURCES = "https://unpkg.com https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.I)


def tool_page_policy(html: str) -> str:
    """What a development tool page needs: its CDN scripts and styles, its own inline
    scripts (hashed), requests to this server; no frames, no plugins, no forms."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'none'; script-src {hashes} {TOOL_PAGE_SOURCES}; "
        f"style-src 'unsafe-inline' {TOOL_PAGE_SOURCES}; font-src data: {TOOL_PAGE_SOURCES}; "
        "img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


class SecurityHeaders:
    """Sets the headers on the way out; in development an HTML page is held until complete
    (they are a few kilobytes) so its policy can name its inline scripts."""

    def __init__(self, app: ASGIApp, *, development: bool) -> None:
        self.app = app
        self.development = development

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        no_store = scope["path"].startswith(NO_STORE_PATHS)
        held_start: Message | None = None
        held_body: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal held_start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                if no_store and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
                if self.development and headers.get("content-type", "").startswith("text/html"):
                    held_start = message
                    return
                headers["Content-Security-Policy"] = STRICT_POLICY
            elif message["type"] == "http.response.body" and held_start is not None:
                held_body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = b"".join(held_body)
                headers = MutableHeaders(scope=held_start)
                headers["Content-Security-Policy"] = tool_page_policy(
                    page.decode("utf-8", "replace")
                )
                start, held_start = held_start, None
                await send(start)
                message = {"type": "http.response.body", "body": page}
            await send(message)

        await self.app(scope, receive, send_with_headers)
