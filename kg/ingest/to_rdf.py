"""A document and its extraction as triples: PROV-O for provenance, W3C Web Annotation
selectors for the text spans (https://www.w3.org/TR/annotation-model/#text-position-selector).

Each extracted item is an annotation on the document: `oa:hasTarget` a specific resource
whose source is the document and whose selectors give the exact offsets and quote;
`oa:hasBody` the graph resource it refers to (a resolved provision, a jurisdiction…).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pyoxigraph import Literal, NamedNode, Triple

from kg.ingest.model import Document
from kg.ns import BASE, DCTERMS, ELI, ID, JURISDICTION, PKG, PROV, RDF, XSD, graph_iri

OA = "http://www.w3.org/ns/oa#"
CLAIM_KIND = BASE + "concept/claim-kind/"
TYPES = {
    "parliamentary-question": "ParliamentaryQuestion",
    "ministerial-answer": "MinisterialAnswer",
    "statute": "Statute",
    "text": "Document",
}
METADATA_PROPERTIES = {
    "number": PKG + "documentNumber",
    "author": PKG + "author",
    "group": PKG + "politicalGroup",
    "constituency": PKG + "constituency",
    "ministry": PKG + "addressee",
    "answering_ministry": PKG + "answeringMinistry",
    "published": DCTERMS + "issued",
    "answered": PKG + "answeredOn",
    "page": PKG + "journalPage",
    "rubric": PKG + "rubric",
    "legislature": PKG + "legislature",
}


def document_iri(doc_id: str) -> NamedNode:
    return NamedNode(f"{ID}document/{doc_id}")


def document_graph(doc_id: str) -> NamedNode:
    return graph_iri("document", doc_id)


def provision_iri(doc: Document, path: str) -> str | None:
    return f"{ID}act/{doc.instrument}/{path}" if doc.instrument else None


def to_triples(
    doc: Document,
    doc_id: str,
    extraction: dict[str, Any],
    source_url: str | None,
    name: str,
    generated_at: datetime | None = None,
) -> list[Triple]:
    """The document's named graph. `generated_at` (the ingest time) is left out for bundled
    sources, so that building twice gives the same graph."""
    subject = document_iri(doc_id)
    out = _Triples()
    out.add(subject, RDF + "type", NamedNode(PKG + TYPES.get(doc.type, "Document")))
    out.add(subject, RDF + "type", NamedNode(PROV + "Entity"))
    out.literal(subject, DCTERMS + "title", doc.title, doc.language)
    out.literal(subject, DCTERMS + "language", doc.language)
    out.literal(subject, PKG + "text", doc.text)
    out.literal(subject, PKG + "sourceFormat", doc.source_format)
    out.literal(subject, DCTERMS + "identifier", name)
    out.literal(
        subject,
        PKG + "extractionDocument",
        json.dumps(extraction, ensure_ascii=False),
        datatype=RDF + "JSON",
    )
    if generated_at is not None:
        stamp = generated_at.astimezone(UTC).replace(microsecond=0).isoformat()
        out.literal(subject, PROV + "generatedAtTime", stamp, datatype=XSD + "dateTime")
    if source_url:
        out.add(subject, DCTERMS + "source", NamedNode(source_url))
    if doc.metadata.get("answers"):
        out.add(subject, PKG + "answers", document_iri(doc.metadata["answers"]))
    if doc.metadata.get("date"):
        out.literal(subject, DCTERMS + "date", doc.metadata["date"], datatype=XSD + "date")
    if doc.jurisdiction:
        out.add(subject, PKG + "jurisdiction", NamedNode(JURISDICTION + doc.jurisdiction))
    for key, prop in METADATA_PROPERTIES.items():
        value = doc.metadata.get(key)
        if value:
            datatype = XSD + "date" if key in ("published", "answered") else None
            out.literal(subject, prop, str(value), datatype=datatype)

    for n, item in enumerate(extraction["questions"]):
        node = _annotation(out, subject, doc_id, "question", n, item, "SubQuestion")
        out.literal(
            node,
            PKG + "direct",
            "true" if item.get("direct", True) else "false",
            datatype=XSD + "boolean",
        )
    for n, item in enumerate(extraction["citations"]):
        node = _annotation(out, subject, doc_id, "citation", n, item, "CitationReference")
        if item["resolved"]:
            out.add(node, OA + "hasBody", NamedNode(item["resolved"]))
    for n, item in enumerate(extraction["penalties"]):
        node = _annotation(out, subject, doc_id, "penalty", n, item, "PenaltyClaim")
        _penalty(out, node, item)
    for n, item in enumerate(extraction["figures"]):
        node = _annotation(out, subject, doc_id, "figure", n, item, "FigureClaim")
        out.literal(node, PKG + "value", _number(item["value"]), datatype=XSD + "decimal")
        out.literal(node, PKG + "unit", item["unit"])
        out.literal(node, PKG + "qualifier", item["qualifier"])
        out.literal(node, PKG + "attributedTo", item["attributed_to"])
    for n, item in enumerate(extraction["mentions"]):
        node = _annotation(out, subject, doc_id, "mention", n, item, "Mention")
        out.literal(node, PKG + "mentionKind", item["kind"])
        out.literal(node, PKG + "normalisedValue", item.get("value"))
        if item["iri"]:
            out.add(node, OA + "hasBody", NamedNode(item["iri"]))
    for n, item in enumerate(extraction.get("claims", [])):
        _claim(out, _annotation(out, subject, doc_id, "claim", n, item, "Claim"), item)
    for item in extraction["provisions"]:
        _provision_version(out, doc, subject, doc_id, item)
    return out.triples


class _Triples:
    def __init__(self) -> None:
        self.triples: list[Triple] = []

    def add(self, s: NamedNode, p: str, o: NamedNode | Literal) -> None:
        self.triples.append(Triple(s, NamedNode(p), o))

    def literal(
        self,
        s: NamedNode,
        p: str,
        value: object,
        language: str | None = None,
        datatype: str | None = None,
    ) -> None:
        if value is None or value == "":
            return
        if datatype:
            self.add(s, p, Literal(str(value), datatype=NamedNode(datatype)))
        elif language:
            self.add(s, p, Literal(str(value), language=language))
        else:
            self.add(s, p, Literal(str(value)))


def _annotation(
    out: _Triples,
    document: NamedNode,
    doc_id: str,
    kind: str,
    n: int,
    item: dict[str, Any],
    cls: str,
) -> NamedNode:
    node = NamedNode(f"{ID}document/{doc_id}/{kind}/{n + 1}")
    target = NamedNode(f"{node.value}/target")
    position = NamedNode(f"{node.value}/position")
    quote = NamedNode(f"{node.value}/quote")
    out.add(node, RDF + "type", NamedNode(PKG + cls))
    out.add(node, PROV + "wasDerivedFrom", document)
    out.add(node, OA + "hasTarget", target)
    out.add(target, RDF + "type", NamedNode(OA + "SpecificResource"))
    out.add(target, OA + "hasSource", document)
    out.add(target, OA + "hasSelector", position)
    out.add(target, OA + "hasSelector", quote)
    out.add(position, RDF + "type", NamedNode(OA + "TextPositionSelector"))
    out.literal(position, OA + "start", item["start"], datatype=XSD + "nonNegativeInteger")
    out.literal(position, OA + "end", item["end"], datatype=XSD + "nonNegativeInteger")
    out.add(quote, RDF + "type", NamedNode(OA + "TextQuoteSelector"))
    out.add(quote, OA + "exact", Literal(item["text"]))
    return node


def _claim(out: _Triples, node: NamedNode, item: dict[str, Any]) -> None:
    """A claim: its kind (claim-kind scheme), stage, years named and the resources it is about."""
    out.add(node, PKG + "claimKind", NamedNode(CLAIM_KIND + item["kind"]))
    out.literal(node, PKG + "claimStage", item["stage"])
    for year in item["years"]:
        out.literal(node, PKG + "claimYear", year, datatype=XSD + "gYear")
    for iri in item["resources"]:
        out.add(node, OA + "hasBody", NamedNode(iri))


def _penalty(out: _Triples, node: NamedNode, item: dict[str, Any]) -> None:
    out.literal(
        node,
        PKG + "maxImprisonmentYears",
        _number(item["max_prison_years"]),
        datatype=XSD + "decimal",
    )
    out.literal(
        node,
        PKG + "minImprisonmentYears",
        _number(item["min_prison_years"]),
        datatype=XSD + "decimal",
    )
    if item["life_imprisonment"]:
        out.literal(node, PKG + "lifeImprisonment", "true", datatype=XSD + "boolean")
    fine = item["max_fine"] or {}
    out.literal(node, PKG + "maxFineAmount", _number(fine.get("amount")), datatype=XSD + "decimal")
    out.literal(node, PKG + "fineCurrency", fine.get("currency"))
    if fine.get("unlimited"):
        out.literal(node, PKG + "fineUnlimited", "true", datatype=XSD + "boolean")
    out.literal(node, PKG + "fineKind", fine.get("kind"))
    out.literal(node, PKG + "procedure", item.get("procedure"))
    out.literal(node, PKG + "condition", item.get("condition"))
    if item["provision"]:
        out.add(node, OA + "hasBody", NamedNode(item["provision"]))


def _provision_version(
    out: _Triples, doc: Document, document: NamedNode, doc_id: str, item: dict[str, Any]
) -> None:
    if not item["iri"]:
        return
    provision = NamedNode(item["iri"])
    version = NamedNode(f"{item['iri']}/version/{item['valid_from'] or 'undated-' + doc_id}")
    out.add(provision, RDF + "type", NamedNode(PKG + "Provision"))
    out.literal(provision, ELI + "number", item["number"])
    out.add(provision, ELI + "is_part_of", NamedNode(f"{ID}act/{doc.instrument}"))
    out.add(version, RDF + "type", NamedNode(PKG + "ProvisionVersion"))
    out.add(version, PKG + "versionOf", provision)
    out.add(version, PROV + "wasDerivedFrom", document)
    out.literal(version, PKG + "validFrom", item["valid_from"], datatype=XSD + "date")
    out.literal(version, PKG + "validUntil", item["valid_until"], datatype=XSD + "date")
    out.literal(version, PKG + "text", doc.text[item["start"] : item["end"]])


def _number(value: float | str | None) -> str | None:
    if value is None:
        return None
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)
