"""`create_app(settings)`: the FastAPI application over one store."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from api import openapi
from api.errors import error_response, http_error_handler, policykg_error_handler
from api.language import LanguageMiddleware
from api.middleware import SecurityHeaders
from api.routes import ROUTERS
from api.serving import fill_memory_store
from kg import __version__
from kg.config import Settings
from kg.errors import PolicyKGError
from kg.ingest.reader import ReaderPool
from kg.locale import current as current_language
from kg.locale import gettext
from kg.publish.query_pool import DEFAULT_MAX_ROWS, Limits, QueryPool
from kg.store import RemoteStore, Store, open_store


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    *,
    max_result_rows: int = DEFAULT_MAX_ROWS,
    query_workers: int | None = None,
    query_pool: QueryPool | None = None,
) -> FastAPI:
    """The application; it opens the configured store unless one is given (tests).

    `/sparql` answers carry at most `max_result_rows` solutions or triples (then the header
    X-Result-Truncated: true) and `settings.max_result_bytes` bytes (else 413); they run in
    `query_workers` processes (default `settings.query_workers`, kg.publish.query_pool),
    started on the first query, unless the store is a remote SPARQL server. `policykg serve`
    gives the store and a pool it started already (api/serving.py); it closes them itself.
    """
    settings = settings or Settings.from_env()
    owned = store is None
    the_store = store if store is not None else open_store(settings)
    if owned and settings.store == "memory":
        fill_memory_store(the_store, settings)
    limits = Limits(max_rows=max_result_rows, max_bytes=settings.max_result_bytes)
    pool = query_pool
    if pool is None and not isinstance(the_store, RemoteStore):
        pool = QueryPool(
            the_store,
            timeout=settings.query_timeout,
            workers=query_workers or settings.query_workers,
            limits=limits,
            copy_limit_mb=settings.copy_limit_mb,
        )

    readers = ReaderPool(timeout=settings.ingest_timeout, workers=1)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if pool is not None and owned:
            pool.start()  # workers start while the server does: the first query needs no wait
        if owned:
            # What start-up left (modules, the vocabulary, a memory store's build) lives as
            # long as the server: out of the collector's sight, a full collection during a
            # request walks only the request's objects (it walked the build's half million
            # and took a fifth of a second of a 5,000-node view).
            gc.collect()
            gc.freeze()
        yield
        readers.close()
        if pool is not None and query_pool is None:  # a pool given is closed by its owner
            pool.close()
        if owned:
            the_store.close()

    app = FastAPI(
        title="policykg",
        version=__version__,
        description=(
            "Compare how France, Sweden and the United Kingdom fight the sexual exploitation "
            "of minors: a SPARQL 1.1 endpoint and a JSON API over one knowledge graph."
        ),
        lifespan=lifespan,
        docs_url=None,  # served below from the installed swagger-ui-bundle, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = the_store
    app.state.query_pool = pool
    app.state.readers = readers
    app.state.limits = limits
    # Browser clients on other origins (YASGUI, Comunica) may read /sparql and the API.
    # Authorization is not an allowed header, so no cross-origin page can send an
    # authorised write (writes need a bearer token).
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST"],
        allow_headers=["Accept", "Accept-Language", "Content-Language", "Content-Type"],
        expose_headers=["Content-Type", "X-Result-Truncated"],
        max_age=600,
    )
    app.add_exception_handler(PolicyKGError, policykg_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(RequestValidationError, _request_validation_error)
    app.add_exception_handler(Exception, _unexpected_error)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    for router in ROUTERS:
        app.include_router(router)
    _mount_openapi_docs(app)
    openapi.install(app)
    # the language is set before anything runs; the security headers wrap even that
    app.add_middleware(LanguageMiddleware, pseudo=settings.pseudo_language)
    app.add_middleware(SecurityHeaders)  # outermost: every response, errors included
    return app


def _mount_openapi_docs(app: FastAPI) -> None:
    """/docs with Swagger UI 5 served from the installed `fastapi-offline` package, not a CDN
    (Swagger UI 5 is the first to read the OpenAPI 3.1 documents FastAPI writes)."""
    from importlib.metadata import version

    import fastapi_offline
    from fastapi.openapi.docs import get_swagger_ui_html

    folder = Path(fastapi_offline.__file__).parent / "static"
    prefix = f"/vendor/fastapi-offline-{version('fastapi-offline')}"  # versioned URL
    app.mount(prefix, StaticFiles(directory=folder), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # In the page's language (api/language.py), and so is the document it shows; Swagger
        # UI's own buttons come from its bundle and stay in English.
        lang = current_language()
        page = get_swagger_ui_html(
            openapi_url=f"{app.openapi_url or '/openapi.json'}?lang={lang}",
            title=gettext("policykg API"),
            swagger_js_url=f"{prefix}/swagger-ui-bundle.js",
            swagger_css_url=f"{prefix}/swagger-ui.css",
            swagger_favicon_url=f"{prefix}/favicon.png",
        )
        html = bytes(page.body).decode().replace("<html>", f'<html lang="{lang}">', 1)
        return HTMLResponse(html)


async def _request_validation_error(request: Request, exc: Exception) -> Response:
    """A missing or malformed parameter: 400 with what is wrong, in the API's error shape."""
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors()
    )
    return error_response(request, 400, "BadRequest", problems)


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    """A bug: a 500 that says so, never a stack trace (the log has it)."""
    logging.getLogger("policykg").exception("unexpected error on %s", request.url.path)
    return error_response(
        request, 500, "InternalError", gettext("Unexpected server error; it has been logged.")
    )
