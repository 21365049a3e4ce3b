"""The language of each request, chosen once and kept in kg.locale's context variable.

Order: an explicit `?lang=` (a language switch link, or an API client); then, for pages only,
the switch's cookie and the browser's `Accept-Language`; else English. JSON API routes
(/api/…) answer in the language they are asked for with `lang=` and nothing else, so the
same URL always gives the same document. A page asked with `?lang=` remembers the choice in a
cookie. Written as plain ASGI middleware: it adds no task or buffering to a response.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from babel import Locale, UnknownLocaleError, negotiate_locale

from kg import locale

COOKIE = "lang"
MAX_AGE = 365 * 24 * 3600


def from_accept_language(header: str) -> str | None:
    """The best of our languages for an `Accept-Language` header (q-values honoured)."""
    wanted: list[tuple[float, str]] = []
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and quality > 0:
            wanted.append((quality, tag.strip().replace("-", "_")))
    wanted.sort(key=lambda pair: -pair[0])
    try:
        return negotiate_locale([tag for _, tag in wanted], list(locale.LANGUAGES), sep="_")
    except (UnknownLocaleError, ValueError):
        return None


def choose(
    path: str, query: str, cookie: str, accept_language: str, pseudo: bool = False
) -> tuple[str, bool]:
    """(language, whether the page should remember it in the cookie)."""
    asked = parse_qs(query).get("lang", [""])[-1]
    if asked in locale.LANGUAGES:
        return asked, not path.startswith("/api/")
    if pseudo and asked == locale.PSEUDO and not path.startswith("/api/"):
        return asked, False
    if path.startswith("/api/"):
        return locale.DEFAULT, False
    remembered = SimpleCookie(cookie).get(COOKIE)
    if remembered is not None and remembered.value in locale.LANGUAGES:
        return remembered.value, False
    return from_accept_language(accept_language) or locale.DEFAULT, False


class LanguageMiddleware:
    """Sets the request's language; remembers an explicit page choice in a cookie."""

    def __init__(self, app: Any, pseudo: bool = False) -> None:
        self.app = app
        self.pseudo = pseudo  # POLICYKG_PSEUDO_LANGUAGE: accept lang=qps on pages

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        lang, remember = choose(
            scope.get("path", ""),
            scope.get("query_string", b"").decode("latin-1"),
            headers.get("cookie", ""),
            headers.get("accept-language", ""),
            self.pseudo,
        )
        locale.set_language(lang)

        page = not scope.get("path", "").startswith("/api/")

        async def send_with_cookie(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and page:
                headers = message.setdefault("headers", [])
                headers.append((b"content-language", lang.encode()))
                headers.append((b"vary", b"Accept-Language, Cookie"))
                if remember:
                    cookie = f"{COOKIE}={lang}; Path=/; Max-Age={MAX_AGE}; SameSite=Lax"
                    headers.append((b"set-cookie", cookie.encode()))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def display_name(code: str) -> str:
    """A language's own name ('français', 'svenska', 'English'), as a switch shows it."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]
