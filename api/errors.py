"""One error format everywhere: JSON for API clients, an HTML page for browsers.

Every error the service answers — a policykg error, a bad parameter, an unknown route, a
method not allowed, a type no route can offer (406), a bug — goes through `error_response`,
which chooses by `Accept`: a browser navigation (text/html preferred) gets a page in the
reader's language with the same message; anything else gets
`{"error": "NotFound", "message": "…", "status": 404}`. So a curl user and a browser user
see the same words, and no client ever has to parse a text/plain error.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from api.negotiation import wants_html
from kg.errors import PolicyKGError
from kg.locale import error_text, gettext, mark

#: Error names for statuses Starlette raises itself (unknown route, wrong method…).
NAMES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    413: "TooLarge",
    415: "UnsupportedFormat",
    422: "ParseError",
    500: "InternalError",
    503: "ServiceUnavailable",
}
#: The heading of an error page, by status (translated where it is shown).
TITLES = {
    400: mark("Bad request"),
    401: mark("Sign-in required"),
    403: mark("Not allowed"),
    404: mark("Page not found"),
    405: mark("Method not allowed"),
    406: mark("No acceptable format"),
    413: mark("Too large"),
    415: mark("Unsupported format"),
    422: mark("Cannot be read"),
    500: mark("Server error"),
    503: mark("Temporarily unavailable"),
}


def error_response(
    request: Request,
    status: int,
    error: str,
    message: str,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The error as JSON, or as an HTML page when a browser asked for one."""
    if wants_html(request.headers.get("accept")):
        from api.templating import templates  # templating imports the routes' helpers

        title = gettext(TITLES.get(status, mark("Error")))
        return templates.TemplateResponse(
            request,
            "error.html",
            {"title": title, "status": status, "error": error, "message": message},
            status_code=status,
            headers=dict(headers or {}),
        )
    return JSONResponse(
        {"error": error, "message": message, "status": status},
        status_code=status,
        headers=dict(headers or {}),
    )


def not_acceptable(request: Request, offered: list[str] | tuple[str, ...]) -> Response:
    """406: the client's Accept names nothing this route offers; the message lists what is."""
    accept = request.headers.get("accept")
    message = gettext(
        "None of the accepted types ({accept}) is offered; offered: {offered}",
        accept=accept,
        offered=", ".join(offered),
    )
    return error_response(request, 406, "NotAcceptable", message, {"Vary": "Accept"})


async def policykg_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PolicyKGError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return error_response(request, exc.status, type(exc).__name__, error_text(exc), headers)


async def http_error_handler(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (no such route, method not allowed) in the same format."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404 and exc.detail in (None, "Not Found"):
        message = gettext("No page at {path}", path=request.url.path)
    elif exc.status_code == 405:
        message = gettext("{method} is not allowed on {path}", method=request.method,
                          path=request.url.path)  # fmt: skip
    else:
        message = str(exc.detail)
    return error_response(
        request,
        exc.status_code,
        NAMES.get(exc.status_code, "HTTPError"),
        message,
        getattr(exc, "headers", None),
    )
