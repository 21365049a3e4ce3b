"""SHACL validation of the curated data with pySHACL, as a readable report.

The data graph is every curated file plus the jurisdictions and topics, with the ontology
and what its RDFS axioms entail mixed in (kg/build/rdfs.py), so that `sh:targetClass` and
`sh:class` see subclasses, domains and ranges.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pyshacl
from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdflibLiteral
from rdflib.namespace import SH
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.build.rdfs import entailments

Term = NamedNode | BlankNode | Literal
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str
    source: str | None = None  # the data file that states the focus node, when known


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)


def to_rdflib(triples: Iterable[Triple]) -> Graph:
    """An rdflib graph of pyoxigraph triples (terms converted directly: no N-Triples round
    trip, and each distinct term converted once)."""
    graph = Graph()
    terms: dict[Term, Node] = {}

    def convert(term: Term) -> Node:
        node = terms.get(term)
        if node is None:
            node = terms[term] = _rdflib_term(term)
        return node

    graph.addN(
        (convert(t.subject), convert(t.predicate), convert(t.object), graph)  # type: ignore[arg-type]
        for t in triples
    )
    return graph


def _rdflib_term(term: Term) -> Node:
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return RdflibLiteral(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:  # rdflib writes a plain string without one
            return RdflibLiteral(term.value)
        return RdflibLiteral(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not a term of a curated triple: {term!r}")


def validate(
    data: Mapping[str, list[Triple]], ontology: list[Triple], shapes: list[Triple]
) -> ValidationReport:
    """Validate the union of `data` (name → triples) against `shapes`."""
    asserted = [t for triples in data.values() for t in triples] + ontology
    data_graph = to_rdflib(asserted + entailments(asserted))
    with _prepared_queries():
        conforms, report_graph, _ = pyshacl.validate(
            data_graph,
            shacl_graph=to_rdflib(shapes),
            inference="none",  # entailed above, by the store (owlrl is several times slower)
            abort_on_first=False,
            allow_warnings=True,
        )
    owners = _subject_owners(data)
    violations = []
    for result in report_graph.subjects(SH.focusNode, None):
        focus = report_graph.value(result, SH.focusNode)
        path = report_graph.value(result, SH.resultPath)
        message = report_graph.value(result, SH.resultMessage)
        severity = report_graph.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                focus=str(focus),
                path=_path_text(report_graph, path),
                message=str(message) if message is not None else "constraint not met",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                source=owners.get(str(focus)),
            )
        )
    violations.sort(key=lambda v: (v.source or "", v.focus, v.path or ""))
    return ValidationReport(bool(conforms), violations)


_PREPARE_LOCK = threading.Lock()


@contextmanager
def _prepared_queries() -> Iterator[None]:
    """Parse each SPARQL text once while pySHACL runs.

    pySHACL runs a SPARQL-based constraint once per focus node, with the same text and the
    node as an initial binding; rdflib parses and translates the text every time (with
    pyparsing: most of the constraints' cost). The translated query is what rdflib's own
    `prepareQuery` gives for reuse with other bindings, so the answers are the same.
    """
    original = SPARQLProcessor.query
    prepared: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query] = {}

    def query(
        self: SPARQLProcessor,
        strOrQuery: str | Query,
        initBindings: Mapping[str, Any] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in prepared:
                prepared[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with _PREPARE_LOCK:
        SPARQLProcessor.query = query  # type: ignore[method-assign]
        try:
            yield
        finally:
            SPARQLProcessor.query = original  # type: ignore[method-assign]


def _subject_owners(data: Mapping[str, list[Triple]]) -> dict[str, str]:
    """Each subject IRI (as the SHACL report writes a focus node) → the file stating it."""
    owners: dict[str, str] = {}
    for name, triples in data.items():
        for triple in triples:
            subject = triple.subject  # str() of a pyoxigraph term is N-Triples: <iri>
            if isinstance(subject, (NamedNode, BlankNode)):
                owners.setdefault(subject.value, name)
    return owners


def _path_text(report: Graph, path: Node | None) -> str | None:
    """A property path as text: an IRI, or `^IRI` for an inverse path."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    inverse = report.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return f"^{inverse}"
    return str(path)
