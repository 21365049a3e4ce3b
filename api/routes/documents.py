"""Documents: ingest one (token), list, read the extraction and the text, delete (token);
the `/documents` pages show the same extractions with every span highlighted."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep, WriteAllowed, get_settings, read_body
from api.params import At, Lang
from api.templating import page
from kg import locale
from kg.analysis.claims import claims_document
from kg.ingest.pipeline import (
    check_answers,
    check_date,
    check_source_url,
    delete_document,
    list_documents,
    read_extraction,
    read_text,
    set_answers,
    store_document,
)
from kg.ingest.reader import ReaderPool, ReadRequest
from kg.locale import _
from kg.publish.highlight import SPAN_KINDS, document_spans, segments

router = APIRouter(tags=["documents"])


@router.post(
    "/api/documents",
    summary="Ingest one document (bearer token); the same document again replaces it",
    status_code=201,
    responses={200: {"description": "replaced an existing document"}},
)
async def post_document(
    request: Request,
    store: StoreDep,
    _: WriteAllowed,
    format: Annotated[
        str | None, Query(description="force a format (see GET /api/formats)")
    ] = None,
    source_url: Annotated[str | None, Query(description="where the document comes from")] = None,
    name: Annotated[str | None, Query(description="file name (may carry .vYYYY-MM-DD.)")] = None,
    date: Annotated[
        str | None,
        Query(
            description="the document's date YYYY-MM-DD, used when its text carries none "
            "(the text's own date wins; a different given date is kept as metadata.date_given)"
        ),
    ] = None,
    answers: Annotated[
        str | None, Query(description="id of the question this document answers (:answers)")
    ] = None,
) -> JSONResponse:
    check_source_url(source_url)  # before reading a byte
    given_date = check_date(date)
    check_answers(answers)
    limit = get_settings(request).max_document_bytes
    data = await read_body(request, limit, "document (POLICYKG_MAX_DOCUMENT_MB)")
    content_type = request.headers.get("content-type")
    label = name or "request body"
    # Parse and extract in a reader process stopped at POLICYKG_INGEST_TIMEOUT; only a
    # document read in time is resolved and written (one transaction).
    reader: ReaderPool = request.app.state.readers
    doc = await run_in_threadpool(
        reader.read, ReadRequest(data, label, format, content_type, limit, given_date)
    )
    set_answers(doc, answers)
    result = await run_in_threadpool(store_document, store, doc, data, label, source_url)
    return JSONResponse(result.extraction, status_code=201 if result.created else 200)


@router.get("/api/documents", summary="Every ingested document")
def get_documents(store: StoreDep) -> dict[str, Any]:
    return {"documents": list_documents(store)}


@router.get("/api/documents/{doc_id}", summary="The extraction document of one document")
def get_document(doc_id: str, store: StoreDep) -> dict[str, Any]:
    return read_extraction(store, doc_id)


@router.get(
    "/api/documents/{doc_id}/claims",
    summary="The document's claims, each judged as of the document's date and as of `at`",
)
def get_document_claims(
    doc_id: str, store: StoreDep, at: At = None, lang: Lang = "en"
) -> dict[str, Any]:
    return claims_document(store, doc_id, at, lang)


@router.get(
    "/api/documents/{doc_id}/text",
    summary="The text the extraction's offsets refer to",
    response_class=PlainTextResponse,
)
def get_document_text(doc_id: str, store: StoreDep) -> str:
    return read_text(store, doc_id)


@router.delete(
    "/api/documents/{doc_id}", summary="Remove a document (bearer token)", status_code=204
)
def remove_document(doc_id: str, store: StoreDep, _: WriteAllowed) -> None:
    delete_document(store, doc_id)


@router.get("/documents", include_in_schema=False)
def documents_page(request: Request, store: StoreDep) -> Response:
    return page(request, "documents.html", _("Documents"), documents=list_documents(store))


@router.get("/documents/{doc_id}", include_in_schema=False)
def document_page(doc_id: str, request: Request, store: StoreDep, at: At = None) -> Response:
    """The text with every extracted span highlighted, then its claims with their verdicts
    as of the document's date and as of `at`; escaped by the template, always."""
    extraction = read_extraction(store, doc_id)
    text = read_text(store, doc_id)
    spans = document_spans(extraction)
    checked = claims_document(store, doc_id, at, locale.current())
    return page(
        request,
        "document.html",
        extraction.get("title") or doc_id,
        doc=extraction,
        segments=segments(text, spans),
        spans=spans,
        kinds=[k for k in SPAN_KINDS if extraction.get(k)],
        checked=checked,
    )
