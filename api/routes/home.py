"""The home page, liveness, and the vocabulary: topics, jurisdictions, document formats."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import StoreDep
from api.templating import templates
from kg import vocabulary
from kg.ingest.pipeline import formats as known_formats
from kg.ingest.pipeline import list_documents
from kg.locale import _
from kg.store import total

if TYPE_CHECKING:
    from kg.publish.query_pool import QueryPool

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, store: StoreDep) -> Response:
    return templates.TemplateResponse(
        request,
        "index.html",
        {
            "title": _("Home"),
            "triples": total(store),
            "topics": sorted(vocabulary.topics(store).values(), key=lambda t: t.notation),
            "jurisdictions": list(vocabulary.jurisdictions(store).values()),
            "documents": len(list_documents(store)),
        },
    )


@router.get("/healthz", tags=["service"], summary="Liveness, graph size, SPARQL readiness")
def healthz(request: Request, store: StoreDep) -> dict[str, Any]:
    """`sparql` says where `/sparql` answers come from (`QueryPool.status`): a server
    answers from the disk at once and at full speed once `copy` is "ready" and `front`
    true, which is what a load balancer or a benchmark waits for."""
    pool: QueryPool | None = request.app.state.query_pool
    sparql = pool.status() if pool is not None else {"copy": "off", "front": False}
    return {"status": "ok", "triples": total(store), "sparql": sparql}


@router.get("/api/topics", tags=["catalogue"], summary="The topic scheme, labels in en/fr/sv")
def topics(store: StoreDep) -> dict[str, Any]:
    found = vocabulary.topics(store)
    return {"topics": [found[n].as_dict() for n in sorted(found)]}


@router.get("/api/jurisdictions", tags=["catalogue"], summary="Jurisdictions, labels in en/fr/sv")
def jurisdictions(store: StoreDep) -> dict[str, Any]:
    found = vocabulary.jurisdictions(store)
    return {"jurisdictions": [found[c].as_dict() for c in sorted(found)]}


@router.get("/api/formats", tags=["documents"], summary="The document formats ingestion reads")
def formats() -> dict[str, Any]:
    return {"formats": known_formats()}
