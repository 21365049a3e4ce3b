"""Headers every response carries, and `HEAD` wherever `GET` is served: one pure ASGI layer.

A plain ASGI wrapper rather than Starlette's `@app.middleware("http")`, which wraps every
response in a streaming copy (about a third of the per-request cost of a small /sparql
answer was spent there).

- `X-Content-Type-Options: nosniff`: a browser never guesses a script out of a text answer
  (an ingested document's text, a CSV of hostile literals).
- `Referrer-Policy: no-referrer`: no page leaks the query string of the page it left.
- `X-Frame-Options: SAMEORIGIN` (with CSP `frame-ancestors 'self'` on pages): no other site
  frames our pages.
- A Content-Security-Policy on every HTML page but Swagger UI (/docs has an inline script).
- `HEAD` is answered as `GET` without the body, so link checkers and caches can probe pages.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Our pages load scripts and styles from this server only; no inline script runs.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"SAMEORIGIN"),
]
_NO_CSP = {"/docs"}


class SecurityHeaders:
    """Wraps the application: adds the headers above, turns HEAD into a bodiless GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = dict(scope, method="GET")
        path = scope.get("path", "")

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                content_type = dict(headers).get(b"content-type", b"")
                if (
                    content_type.startswith(b"text/html")
                    and path not in _NO_CSP
                    and b"content-security-policy" not in present
                ):
                    headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
                message = dict(message, headers=headers)
            elif head and message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = dict(message, body=b"")
            await send(message)

        await self.app(scope, receive, wrapped)
