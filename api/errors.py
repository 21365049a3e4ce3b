"""One mapping from policykg errors to HTTP responses (status and a plain message)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

from kg.errors import PolicyKGError
from kg.locale import error_text


async def policykg_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PolicyKGError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse(
        {"error": type(exc).__name__, "message": error_text(exc), "status": exc.status},
        status_code=exc.status,
        headers=headers,
    )
