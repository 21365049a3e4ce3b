"""What the graph says about one resource: a page-ready description and an RDF subgraph.

Linked-data pages (api/routes/linked.py) dereference every policykg IRI. Two views come from here:

- `describe` gathers everything a person needs on one page: labels in every language,
  types, each property with its values (IRIs labelled, and mapped to their local page when
  they are ours), the resources pointing at it, and provenance — which named graphs state it
  and its source, check date and verification.
- `subgraph` is what a machine gets: the resource's own triples plus those of the nodes it
  owns (blank nodes, the sanctions of an offence, sub-resources such as an annotation's
  target and selectors), in the spirit of a Concise Bounded Description.

Every query is a `describe-*.rq` file with the resource bound as a typed term.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg import locale, queries
from kg.analysis.recommendations import about as recommendations_about
from kg.formats.terminal import short
from kg.locale import gettext, mark
from kg.ns import BASE, DCTERMS, ELI, GRAPH, PKG, RDF, RDFS, SKOS
from kg.store import Store
from kg.terms import node_value

#: Label properties in order of preference for a display label.
LABEL_RANK = {
    RDFS + "label": 0,
    SKOS + "prefLabel": 0,
    ELI + "title": 1,
    DCTERMS + "title": 1,
    PKG + "labelTranslation": 0.5,  # a curator's translation, after an official name
    PKG + "citation": 2,
    PKG + "condition": 3,
}
#: Shown in the page's "labels" section rather than among the other properties.
LABEL_PROPERTIES = (
    RDFS + "label",
    SKOS + "prefLabel",
    SKOS + "altLabel",
    ELI + "title",
    PKG + "labelTranslation",
)
#: Shown in the page's "provenance" section.
PROVENANCE_PROPERTIES = (DCTERMS + "source", PKG + "checkedOn", PKG + "verification")
#: Properties whose IRI objects belong to their subject and travel with it in RDF views.
OWNING_PROPERTIES = frozenset({PKG + "hasSanction"})
#: How many hops of owned IRIs the RDF view follows (offence → sanction; annotation → target
#: → selectors).
OWNED_DEPTH = 3
LONG_LITERAL = 400
#: Links from a fact to the provision it rests on: a provision's page also shows the monitoring
#: recommendations about the offences, duties and versions that rest on it.
RESTING_ON = frozenset(
    {PKG + "definedBy", PKG + "legalSource", PKG + "versionOf", PKG + "legalBasis"}
)


@dataclass
class Node:
    """One RDF term as a page shows it."""

    text: str
    kind: str  # "iri", "literal" or "blank"
    iri: str | None = None
    href: str | None = None  # local page, only for policykg's own IRIs
    lang: str | None = None
    datatype: str | None = None
    nested: list[Property] = field(default_factory=list)  # a blank node's own properties

    @property
    def long(self) -> bool:
        return self.kind == "literal" and len(self.text) > LONG_LITERAL


@dataclass
class Property:
    predicate: Node
    values: list[Node]


@dataclass
class GraphInfo:
    iri: str
    name: str  # "data/jurisdictions/FR", "document/an-17-14232", "inferred"…
    file: str | None
    role: str | None


@dataclass
class Description:
    iri: str
    title: str
    title_lang: str | None
    labels: list[tuple[str, str, str]]  # (property, language, text)
    types: list[Node]
    properties: list[Property]
    provenance: list[Property]
    incoming: list[Property]
    graphs: list[GraphInfo]
    legislation: dict[str, Any] | None = None
    #: monitoring recommendations about this resource, or answered by it (or, for a provision,
    #: by the facts that rest on it): kg.analysis.recommendations.about
    recommendations: list[dict[str, Any]] = field(default_factory=list)


def local_href(iri: str) -> str | None:
    """The path of this server's page for one of policykg's IRIs; None for anyone else's.

    https://w3id.org/policykg/id/… and …/concept/… are served at the same path, ontology
    terms (…/ontology#Offence) as anchors of /ontology. Named graphs have no page.
    """
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE) :]
    if rest.startswith(("id/", "concept/", "ontology")):
        return "/" + rest
    return None


def exists(store: Store, iri: str) -> bool:
    """True when some triple has the resource as its subject or object."""
    node = NamedNode(iri)
    return bool(
        queries.run(store, "describe-outgoing", resource=node)
        or queries.run(store, "describe-exists", resource=node)
    )


def subgraph(store: Store, iri: str) -> list[Triple]:
    """The resource's triples and those of the nodes it owns (blank, sanctions, sub-IRIs)."""
    root = iri
    triples: set[Triple] = set()
    frontier = [NamedNode(iri)]
    seen = {iri}
    for _ in range(OWNED_DEPTH + 1):
        if not frontier:
            break
        following: list[NamedNode] = []
        for row in queries.run(store, "describe-outgoing", resource=frontier):
            s, p, o = row["resource"], row["p"], row["o"]
            assert isinstance(s, NamedNode) and isinstance(p, NamedNode) and o is not None
            triples.add(Triple(s, p, o))
            if isinstance(o, NamedNode) and o.value not in seen and _owned(root, p, o):
                seen.add(o.value)
                following.append(o)
        for row in queries.run(store, "describe-blank", resource=frontier):
            b, p, o = row.get("b"), row.term("p"), row.term("o")
            # an unbound level of describe-blank.rq can bind ?b to the resource itself: only
            # blank nodes' own triples are wanted here
            if isinstance(b, BlankNode) and isinstance(p, NamedNode):
                triples.add(Triple(b, p, o))
        frontier = following
    return sorted(triples, key=lambda t: (node_value(t.subject) != iri, str(t)))


def _owned(root: str, predicate: NamedNode, obj: NamedNode) -> bool:
    return predicate.value in OWNING_PROPERTIES or obj.value.startswith(root + "/")


def describe(store: Store, iri: str) -> Description | None:
    """Everything the page of `iri` shows; None when the graph says nothing about it."""
    node = NamedNode(iri)
    outgoing = queries.run(store, "describe-outgoing", resource=node)
    incoming = queries.run(store, "describe-incoming", resource=node)
    if not outgoing and not incoming:
        return None
    blank = (
        queries.run(store, "describe-blank", resource=node)
        if any(isinstance(r["o"], BlankNode) for r in outgoing)
        else []
    )
    named = _labels_with_language(store, _iris_to_label(outgoing, incoming, blank, iri))
    names = {key: text for key, (text, _) in named.items()}
    statements = _unique((r["p"], r["o"]) for r in outgoing)
    nested = _blank_properties(blank, names)

    labels = [
        (short(p), o.language or "", o.value)
        for p, o in statements
        if p.value in LABEL_PROPERTIES and isinstance(o, Literal)
    ]
    types = [_node(o, names) for p, o in statements if p.value == RDF + "type"]
    regular = [
        (p, o)
        for p, o in statements
        if p.value not in LABEL_PROPERTIES + PROVENANCE_PROPERTIES and p.value != RDF + "type"
    ]
    provenance = [(p, o) for p, o in statements if p.value in PROVENANCE_PROPERTIES]
    graphs = sorted({r["g"].value for r in outgoing if isinstance(r["g"], NamedNode)})
    described = Description(
        iri=iri,
        title=names.get(iri) or short(node),
        title_lang=named[iri][1] if iri in named else None,
        labels=sorted(labels),
        types=types,
        properties=_group(regular, names, nested),
        provenance=_group(provenance, names, nested),
        incoming=_group([(r["p"], r["s"]) for r in incoming], names, nested),
        graphs=_graph_info(store, graphs),
    )
    if any(t.iri in (PKG + "Provision", PKG + "LegalInstrument") for t in types):
        described.legislation = legislation(iri, statements, names)
    resting = [
        r["s"].value
        for r in incoming
        if isinstance(r["p"], NamedNode)
        and r["p"].value in RESTING_ON
        and isinstance(r["s"], NamedNode)
    ]
    described.recommendations = recommendations_about(store, [iri, *resting], locale.current())
    return described


def _unique(pairs: Any) -> list[tuple[NamedNode, Any]]:
    """Statements once each, in a stable order (a triple may sit in several graphs)."""
    return sorted(set(pairs), key=lambda po: (po[0].value, str(po[1])))


def _iris_to_label(
    outgoing: list[queries.Row],
    incoming: list[queries.Row],
    blank: list[queries.Row],
    iri: str,
) -> list[NamedNode]:
    terms = {NamedNode(iri)}
    for row in outgoing + blank:
        terms.update(t for t in (row["p"], row["o"]) if isinstance(t, NamedNode))
    for row in incoming:
        terms.update(t for t in (row["s"], row["p"]) if isinstance(t, NamedNode))
    return sorted(terms, key=lambda t: t.value)


def _labels(store: Store, iris: list[NamedNode]) -> dict[str, str]:
    """One display label per IRI: the reader's language first (kg.locale), then English, then
    untagged, then any; within a language the best label property (official before
    translated)."""
    return {iri: text for iri, (text, _) in _labels_with_language(store, iris).items()}


def _labels_with_language(store: Store, iris: list[NamedNode]) -> dict[str, tuple[str, str]]:
    if not iris:
        return {}
    order = {locale.current(): 0, "en": 1, "": 2}
    best: dict[str, tuple[tuple[int, float], str, str]] = {}
    for row in queries.run(store, "describe-labels", x=iris):
        x, prop, label = row["x"], row.text("property"), row["label"]
        assert isinstance(x, NamedNode) and isinstance(label, Literal)
        lang = label.language or ""
        rank = (order.get(lang, 3), LABEL_RANK[prop])
        if x.value not in best or rank < best[x.value][0]:
            best[x.value] = (rank, label.value, lang)
    return {iri: (text, lang) for iri, (_, text, lang) in best.items()}


def _node(
    term: Any, names: dict[str, str], nested: dict[str, list[Property]] | None = None
) -> Node:
    if isinstance(term, NamedNode):
        curie = short(term)
        return Node(
            text=names.get(term.value) or (term.value if curie.startswith("<") else curie),
            kind="iri",
            iri=term.value,
            href=local_href(term.value),
        )
    if isinstance(term, BlankNode):
        return Node(
            text=gettext("(unnamed node)"), kind="blank", nested=(nested or {}).get(term.value, [])
        )
    assert isinstance(term, Literal)
    datatype = None
    if not term.language and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        datatype = short(term.datatype)
    return Node(text=term.value, kind="literal", lang=term.language, datatype=datatype)


def _group(
    pairs: list[tuple[Any, Any]],
    names: dict[str, str],
    nested: dict[str, list[Property]],
) -> list[Property]:
    """(predicate, value) pairs as one Property per predicate, ordered by predicate label."""
    by_predicate: dict[str, list[Any]] = defaultdict(list)
    for predicate, value in pairs:
        by_predicate[predicate.value].append(value)
    grouped = [
        Property(_node(NamedNode(p), names), [_node(v, names, nested) for v in values])
        for p, values in by_predicate.items()
    ]
    return sorted(grouped, key=lambda prop: prop.predicate.text.lower())


def _blank_properties(rows: list[queries.Row], names: dict[str, str]) -> dict[str, list[Property]]:
    """Each blank node's own properties (values that are blank nodes again stay unnamed)."""
    pairs: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    for row in rows:
        if isinstance(row.get("b"), BlankNode):
            pairs[row.text("b")].append((row["p"], row["o"]))
    return {b: _group(sorted(set(ps), key=str), names, {}) for b, ps in pairs.items()}


def _graph_info(store: Store, graphs: list[str]) -> list[GraphInfo]:
    """The named graphs stating something, with the file each was built from (graph/build)."""
    if not graphs:
        return []
    known = {
        row.text("graph"): row
        for row in queries.run(store, "describe-graphs", graph=[NamedNode(g) for g in graphs])
    }
    return [
        GraphInfo(
            iri=g,
            name=g.removeprefix(GRAPH),
            file=_text(known[g].get("file")) if g in known else None,
            role=_text(known[g].get("role")) if g in known else None,
        )
        for g in graphs
    ]


def _text(term: Any) -> str | None:
    return term.value if isinstance(term, (Literal, NamedNode)) else None


def legislation(
    iri: str, statements: list[tuple[NamedNode, Any]], names: dict[str, str]
) -> dict[str, Any]:
    """schema.org `Legislation` for a provision or instrument, for search engines.

    ELI → schema.org as in the ELI/schema.org alignment: eli:number → legislationIdentifier,
    eli:is_part_of → isPartOf, eli:first_date_entry_in_force → legislationDateOfApplicability.
    """
    values: dict[str, list[Any]] = defaultdict(list)
    for p, o in statements:
        values[p.value].append(o)

    def first(prop: str) -> Any:
        return values[prop][0] if values[prop] else None

    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": iri,
        "name": names.get(iri) or iri,
    }
    if (number := first(ELI + "number")) is not None:
        doc["legislationIdentifier"] = number.value
    if (url := first(PKG + "officialUrl")) is not None:
        doc["url"] = url.value
    if (date := first(ELI + "first_date_entry_in_force")) is not None:
        doc["legislationDateOfApplicability"] = date.value
    if (date := first(ELI + "date_document")) is not None:
        doc["legislationDate"] = date.value
    if (parent := first(ELI + "is_part_of")) is not None:
        doc["isPartOf"] = {
            "@type": "Legislation",
            "@id": parent.value,
            "name": names.get(parent.value) or parent.value,
        }
    if (where := first(PKG + "jurisdiction")) is not None:
        doc["legislationJurisdiction"] = names.get(where.value) or where.value
    citation = first(PKG + "citation")
    if citation is not None and citation.language:
        doc["inLanguage"] = citation.language
    return doc


#: Sections of the ontology page: (title, OWL kind), a term listed under its first kind.
ONTOLOGY_SECTIONS = (
    (mark("Classes"), "http://www.w3.org/2002/07/owl#Class"),
    (mark("Object properties"), "http://www.w3.org/2002/07/owl#ObjectProperty"),
    (mark("Datatype properties"), "http://www.w3.org/2002/07/owl#DatatypeProperty"),
    (mark("Annotation properties"), "http://www.w3.org/2002/07/owl#AnnotationProperty"),
)


@dataclass
class OntologyTerm:
    iri: str
    name: str  # the fragment, also the page anchor
    kinds: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    axioms: dict[str, list[Node]] = field(default_factory=dict)  # "subclass of" → terms


AXIOMS = {
    RDFS + "subClassOf": "subclass of",
    RDFS + "subPropertyOf": "subproperty of",
    RDFS + "domain": "domain",
    RDFS + "range": "range",
}


def ontology_terms(store: Store) -> list[tuple[str, list[OntologyTerm]]]:
    """The minted classes and properties, read from the stored ontology graph, by section."""
    terms: dict[str, OntologyTerm] = {}
    for row in queries.run(store, "describe-ontology"):
        iri = row.text("term")
        term = terms.setdefault(iri, OntologyTerm(iri, iri.removeprefix(PKG)))
        term.kinds.add(row.text("kind"))
        prop, value = row.optional_text("property"), row["value"]
        if prop is None:
            continue
        if prop == RDFS + "label" and isinstance(value, Literal):
            term.labels[value.language or ""] = value.value
        elif prop == RDFS + "comment" and isinstance(value, Literal):
            if value.value not in term.comments:
                term.comments.append(value.value)
        elif prop in AXIOMS and isinstance(value, NamedNode):
            nodes = term.axioms.setdefault(AXIOMS[prop], [])
            if all(n.iri != value.value for n in nodes):
                nodes.append(_node(value, {}))
    sections = []
    placed: set[str] = set()
    for title, kind in ONTOLOGY_SECTIONS:
        members = [t for i, t in sorted(terms.items()) if kind in t.kinds and i not in placed]
        placed.update(t.iri for t in members)
        sections.append((title, members))
    return sections
