"""Ingest one document: read → parse → extract → resolve against the graph → one named graph.

The steps that need no store (`read_document`) can run in worker processes; the rest runs
where the store is. The document's graph is replaced in a single SPARQL update, so a failure
at any step writes nothing and re-ingesting the same document replaces it.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pyoxigraph import NamedNode, Quad, Triple

from kg import queries
from kg.errors import BadRequest, NotFound, ParseError, TooLarge, UnsupportedFormat
from kg.ingest.model import METADATA_KEYS, Document
from kg.ingest.to_rdf import document_graph, document_iri, to_triples
from kg.locale import _, mark
from kg.ns import ID, PKG
from kg.store import Store, drop_graph, has_graph, insert_data
from kg.store.resources import properties

if TYPE_CHECKING:
    from kg.ingest.extract.gazetteer import Gazetteer

_VERSION_IN_NAME = re.compile(r"\.v(\d{4}-\d{2}-\d{2})\.")
_SAFE_ID = re.compile(r"[^a-z0-9]+")


@dataclass
class IngestResult:
    id: str
    iri: str
    created: bool
    extraction: dict[str, Any]


def load_readers() -> None:
    """Import what reading a document needs: the parsers, format sniffing and extraction
    (with lxml, ~10 MB). Imported on the first document read, so that a server answering
    SPARQL and pages does not carry them; `start_readers` calls this before it forks."""
    import kg.ingest.extract.steps
    import kg.ingest.parsers
    import kg.ingest.sniff  # noqa: F401


def formats() -> list[str]:
    from kg.ingest.parsers import PARSERS

    return sorted(PARSERS)


def read_document(
    data: bytes,
    name: str,
    fmt: str | None = None,
    content_type: str | None = None,
    max_bytes: int | None = None,
    date: str | None = None,
) -> Document:
    """Parse and extract what needs no graph (citations, penalties, figures, questions, dates,
    claims). `date` is the document's date when its text carries none (see `apply_date`)."""
    from kg.ingest.parsers import PARSERS
    from kg.ingest.sniff import detect

    given = check_date(date)
    if max_bytes is not None and len(data) > max_bytes:
        raise TooLarge(
            mark(
                "{name}: {size:,} bytes is over the limit of {max_bytes:,} (POLICYKG_MAX_DOCUMENT_MB)"
            ),
            name=name,
            size=len(data),
            max_bytes=max_bytes,
        )
    if not data.strip():
        raise ParseError(mark("{name}: the document is empty"), name=name)
    try:
        chosen = fmt or detect(data, name, content_type)
        if chosen not in PARSERS:
            raise UnsupportedFormat(
                mark("{name}: unknown format {chosen!r}; known formats: {value}"),
                name=name,
                chosen=chosen,
                value=", ".join(sorted(PARSERS)),
            )
        doc = PARSERS[chosen](data, name)
        doc.source_format = chosen
        _apply_version_date(doc, name)
        apply_date(doc, given)
        _extract_text_items(doc)
    except RecursionError as exc:  # JSON or XML nested deeper than any real document
        raise ParseError(
            mark("{name}: the document is nested too deeply to be read"), name=name
        ) from exc
    return doc


def ingest(
    store: Store,
    data: bytes,
    name: str,
    fmt: str | None = None,
    content_type: str | None = None,
    source_url: str | None = None,
    max_bytes: int | None = None,
    gazetteer: Gazetteer | None = None,
    date: str | None = None,
    answers: str | None = None,
) -> IngestResult:
    """Read, extract and store one document; nothing is written if any step fails.
    `date`: the document's date when its text has none; `answers`: the id of the
    question the document answers."""
    check_source_url(source_url)
    check_answers(answers)
    doc = read_document(data, name, fmt, content_type, max_bytes, date)
    set_answers(doc, answers)
    return store_document(store, doc, data, name, source_url, gazetteer)


@dataclass
class Prepared:
    """A document resolved against the graph and turned into its named graph, not written."""

    doc_id: str
    extraction: dict[str, Any]
    graph: NamedNode
    triples: list[Triple]


def prepare_document(
    store: Store,
    doc: Document,
    data: bytes,
    name: str,
    source_url: str | None = None,
    gazetteer: Gazetteer | None = None,
    timestamp: bool = True,
) -> Prepared:
    """Resolve `doc` against the graph and build its named graph (with the ingest time as
    prov:generatedAtTime unless `timestamp` is false, as for bundled sources)."""
    from kg.ingest.extract.gazetteer import load_gazetteer

    check_source_url(source_url)
    enrich(store, doc, gazetteer or load_gazetteer(store))
    doc.check_spans()
    doc_id = document_id(doc, data)
    extraction = extraction_document(doc, doc_id)
    generated_at = datetime.now(UTC) if timestamp else None
    triples = list(to_triples(doc, doc_id, extraction, source_url, name, generated_at))
    return Prepared(doc_id, extraction, document_graph(doc_id), triples)


def store_document(
    store: Store,
    doc: Document,
    data: bytes,
    name: str,
    source_url: str | None = None,
    gazetteer: Gazetteer | None = None,
    timestamp: bool = True,
) -> IngestResult:
    """Resolve `doc` against the graph and write it as its own named graph."""
    prepared = prepare_document(store, doc, data, name, source_url, gazetteer, timestamp)
    return write_documents(store, [prepared])[0]


def write_documents(store: Store, batch: list[Prepared]) -> list[IngestResult]:
    """Write documents in one transaction: each replaces its own graph, all or none of
    them. Check and write happen under one lock: of two writers of the same document,
    exactly one creates it (201) and the other replaces it (200)."""
    results = []
    with _WRITE_LOCK:
        seen: set[str] = set()
        for item in batch:
            existed = item.doc_id in seen or has_graph(store, item.graph)
            seen.add(item.doc_id)
            results.append(
                IngestResult(item.doc_id, item.extraction["iri"], not existed, item.extraction)
            )
        add_quads = getattr(store, "add_quads", None)
        if add_quads is not None and all(r.created for r in results):
            # Only new graphs: one atomic insert of the quads, no SPARQL text to parse.
            add_quads(
                Quad(t.subject, t.predicate, t.object, item.graph)
                for item in batch
                for t in item.triples
            )
        else:
            store.update(" ;\n".join(insert_data(item.graph, item.triples) for item in batch))
    return results


#: Serialises the check-then-write of `store_document` within this process (the only
#: writer of an embedded store; a remote server has its own transactions).
_WRITE_LOCK = threading.Lock()


def check_source_url(url: str | None) -> None:
    """A document's source must be an http(s) URL: `javascript:`, `file:`, `data:` links
    would be stored and later shown as links."""
    if url is None:
        return
    parsed = urlsplit(url)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        raise BadRequest(mark("source_url must be an http(s) URL, not {value!r}"), value=url[:200])
    try:
        NamedNode(url)
    except ValueError as exc:
        raise BadRequest(mark("source_url is not a valid IRI: {value!r}"), value=url[:200]) from exc


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_date(value: str | None) -> str | None:
    """A given document date as YYYY-MM-DD, or a 400 that says what is wrong."""
    if value is None:
        return None
    text = value.strip()
    try:
        if not _ISO_DATE.match(text):
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise BadRequest(
            _("date must be a day written YYYY-MM-DD, not {value!r}", value=value[:40])
        ) from None


def apply_date(doc: Document, given: str | None) -> None:
    """Give the document its date. The text's own date (a question's publication, an
    answer's date, a statute version's start) wins: it is what the official record says.
    A given date fills the gap when the text has none; when both exist and differ, the given
    one is kept as `date_given` so the disagreement is visible. `metadata.date` is the date
    the document speaks from, `date_source` says where it came from (text or given)."""
    from kg.ingest.extract.steps import document_date

    own = document_date(doc)
    if own:
        doc.metadata["date"], doc.metadata["date_source"] = own, "text"
        if given and given != own:
            doc.metadata["date_given"] = given
    elif given:
        doc.metadata["date"], doc.metadata["date_source"] = given, "given"


def check_answers(question_id: str | None) -> None:
    """The id of the question a document answers: a document id (its IRI must be valid)."""
    if question_id is None:
        return
    if not _SAFE_ANSWER.match(question_id):
        raise BadRequest(
            _(
                "answers must be a document id (lower-case letters, digits and '-'), not {value!r}",
                value=question_id[:60],
            )
        )


_SAFE_ANSWER = re.compile(r"^[a-z0-9][a-z0-9-]{0,199}$")


def set_answers(doc: Document, question_id: str | None) -> None:
    """Link an answer to its question (`:answers`); a document that answers is an answer."""
    if question_id is None:
        return
    doc.metadata["answers"] = question_id
    if doc.type in ("text", "ministerial-answer"):
        doc.type = "ministerial-answer"


def _document_iri(doc_id: str) -> NamedNode:
    """The document's IRI; an id no IRI can hold (`>`, space, quotes…) names no document."""
    try:
        return document_iri(doc_id)
    except ValueError:
        raise NotFound(mark("No document {doc_id!r}"), doc_id=doc_id) from None


def document_exists(store: Store, doc_id: str) -> bool:
    """True for an ingested document (it has its own named graph); O(1) on the embedded store."""
    try:
        graph = document_graph(doc_id)
    except ValueError:
        return False
    return has_graph(store, graph)


def enrich(store: Store, doc: Document, gazetteer: Gazetteer) -> None:
    """Mentions from the graph's labels, citations resolved, penalties tied to provisions
    (kg.ingest.extract.steps.link)."""
    from kg.ingest.extract.steps import link

    link(store, doc, gazetteer)


def document_id(doc: Document, data: bytes) -> str:
    """Stable: the same question or statute version keeps its id when re-ingested."""
    meta = doc.metadata
    if doc.type == "parliamentary-question" and meta.get("number"):
        return _slug(f"an-{meta.get('legislature') or 'x'}-{meta['number']}")
    if doc.type == "statute" and doc.instrument and len(doc.provisions) == 1:
        p = doc.provisions[0]
        return _slug(f"{doc.instrument}-{p.path}-{p.valid_from or 'undated'}")
    digest = hashlib.sha256(data).hexdigest()
    if doc.instrument:
        return _slug(f"{doc.instrument}-{digest[:12]}")
    return "sha256-" + digest[:20]


def extraction_document(doc: Document, doc_id: str) -> dict[str, Any]:
    """The docs/api.md §5 extraction document: every key present, offsets into `doc.text`."""
    return _whole_numbers(_extraction(doc, doc_id))


def _whole_numbers(value: Any) -> Any:
    """11000.0 → 11000: numbers read as floats print as the integers they are."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    return value


def _extraction(doc: Document, doc_id: str) -> dict[str, Any]:
    metadata = {key: doc.metadata.get(key) for key in METADATA_KEYS}
    metadata.update(
        {k: v for k, v in doc.metadata.items() if k not in metadata and _is_json_scalar(v)}
    )
    return {
        "id": doc_id,
        "iri": document_iri(doc_id).value,
        "type": doc.type,
        "language": doc.language,
        "title": doc.title,
        "source_format": doc.source_format,
        "jurisdiction": doc.jurisdiction,
        "text_length": len(doc.text),
        "metadata": metadata,
        "questions": [asdict(q) for q in doc.questions],
        "citations": [asdict(c) for c in doc.citations],
        "penalties": [asdict(p) for p in doc.penalties],
        "figures": [asdict(f) for f in doc.figures],
        "mentions": [asdict(m) for m in doc.mentions],
        "claims": [asdict(c) for c in doc.claims],
        "provisions": [
            {
                "iri": p.iri,
                "number": p.number,
                "heading": p.heading,
                "valid_from": p.valid_from,
                "valid_until": p.valid_until,
                "start": p.start,
                "end": p.end,
            }
            for p in doc.provisions
        ],
    }


def read_extraction(store: Store, doc_id: str) -> dict[str, Any]:
    import json

    rows = queries.run(store, "extraction", document=_document_iri(doc_id))
    if not rows:
        raise NotFound(mark("No document {doc_id!r}"), doc_id=doc_id)
    return json.loads(rows[0].text("json"))


def read_text(store: Store, doc_id: str) -> str:
    texts = properties(store, _document_iri(doc_id).value).get(PKG + "text", [])
    if not texts:
        raise NotFound(mark("No document {doc_id!r}"), doc_id=doc_id)
    return texts[0].value


def list_documents(store: Store) -> list[dict[str, Any]]:
    found = []
    for row in queries.run(store, "documents"):
        iri = row.text("document")
        found.append({
            "id": iri.removeprefix(ID + "document/"),
            "iri": iri,
            "type": row.text("type").rsplit("#", 1)[-1],
            "title": row.optional_text("title"),
            "language": row.optional_text("language"),
            "source_format": row.text("format"),
        })  # fmt: skip
    return found


def delete_document(store: Store, doc_id: str) -> None:
    if not document_exists(store, doc_id):
        raise NotFound(mark("No document {doc_id!r}"), doc_id=doc_id)
    with _WRITE_LOCK:
        drop_graph(store, document_graph(doc_id))


def _extract_text_items(doc: Document) -> None:
    from kg.ingest.extract.steps import extract_text_items

    extract_text_items(doc)


def _apply_version_date(doc: Document, name: str) -> None:
    """A version date in the file name (article-225-7.v2002-01-01.md) starts the version."""
    match = _VERSION_IN_NAME.search(Path(name).name)
    if match:
        for provision in doc.provisions:
            provision.valid_from = provision.valid_from or match.group(1)


def _slug(text: str) -> str:
    return _SAFE_ID.sub("-", text.lower()).strip("-")


def _is_json_scalar(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))
