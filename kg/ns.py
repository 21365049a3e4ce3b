"""Every namespace and base IRI policykg uses, and nothing else."""

from __future__ import annotations

from pyoxigraph import NamedNode

BASE = "https://w3id.org/policykg/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
PKG = BASE + "ontology#"
TOPIC = BASE + "concept/topic/"
TOPIC_SCHEME = BASE + "concept/topic"
JURISDICTION = ID + "jurisdiction/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
ELI = "http://data.europa.eu/eli/ontology#"
PROV = "http://www.w3.org/ns/prov#"
SH = "http://www.w3.org/ns/shacl#"

#: Prefixes offered to SPARQL users and used when serialising Turtle.
PREFIXES: dict[str, str] = {
    "pkg": PKG,
    "topic": TOPIC,
    "j": JURISDICTION,
    "id": ID,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "eli": ELI,
    "prov": PROV,
    "sh": SH,
    "org": "http://www.w3.org/ns/org#",
    "oa": "http://www.w3.org/ns/oa#",
    "qb": "http://purl.org/linked-data/cube#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}

#: Prefixes for Turtle output: `id:` is left out because most policykg IRIs have slashes
#: after it, which Turtle would have to escape (id:act\/fr\/…); full IRIs read better.
TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}


def pkg(name: str) -> NamedNode:
    """A term of the policykg ontology."""
    return NamedNode(PKG + name)


def topic_iri(notation: str) -> NamedNode:
    return NamedNode(TOPIC + notation)


def jurisdiction_iri(code: str) -> NamedNode:
    return NamedNode(JURISDICTION + code)


def graph_iri(kind: str, name: str = "") -> NamedNode:
    """Name of a named graph: ontology, data file, document or the inferred graph."""
    return NamedNode(GRAPH + kind + ("/" + name if name else ""))
