"""FastAPI dependencies: the settings and the store the application was created with."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kg.config import Settings
from kg.locale import mark
from kg.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]


def require_token(request: Request) -> None:
    """Writes need `Authorization: Bearer <POLICYKG_TOKEN>`; without a configured token they
    are refused outright, so a public deployment is read-only by default."""
    import hmac

    from kg.errors import Forbidden, Unauthorized

    expected = get_settings(request).token
    if not expected:
        raise Forbidden(
            mark(
                "Writes are disabled on this server: start it with POLICYKG_TOKEN=<secret> and send 'Authorization: Bearer <secret>'"
            )
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), expected):
        raise Unauthorized(mark("This write needs 'Authorization: Bearer <POLICYKG_TOKEN>'"))


WriteAllowed = Annotated[None, Depends(require_token)]


async def read_body(request: Request, limit: int, what: str = "request body") -> bytes:
    """The request body, refused with 413 once it passes `limit` bytes: the declared length
    is checked first, and the stream is counted too, so a chunked or lying client cannot
    make the server buffer more than the limit."""
    from kg.errors import TooLarge

    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(
            mark("The {what} is {declared:,} bytes, over the limit of {limit:,}"),
            what=what,
            declared=int(declared),
            limit=limit,
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(
                mark("The {what} is over the limit of {limit:,} bytes"), what=what, limit=limit
            )
        chunks.append(chunk)
    return b"".join(chunks)
