"""The source policy as a SHACL shape: a warning on every source that is not a source.

ontology/source-policy.ttl ranks web hosts (official, parliamentary, academic, NGO, press) and
names those that are never a source (partisan or commercial sites, document-sharing copies).
The list is data; this module turns its excluded hosts into one core-SHACL shape (a pattern on
dcterms:source and :officialUrl), so that `build` and `policykg check` warn where a curated fact
cites one, as fast as any other core constraint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg.ns import PKG

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS_SOURCE = NamedNode("http://purl.org/dc/terms/source")
EXCLUDED = NamedNode("https://w3id.org/policykg/concept/source-rank/excluded")
SHAPE = NamedNode("https://w3id.org/policykg/shapes#SourcePolicy")


def ranks(triples: Iterable[Triple]) -> dict[str, str]:
    """host → rank IRI, from the policy's `[] :host "…" ; :sourceRank rank:…` statements."""
    hosts: dict[object, str] = {}
    rank_of: dict[object, str] = {}
    for t in triples:
        if t.predicate == NamedNode(PKG + "host") and isinstance(t.object, Literal):
            hosts[t.subject] = t.object.value.lower()
        elif t.predicate == NamedNode(PKG + "sourceRank") and isinstance(t.object, NamedNode):
            rank_of[t.subject] = t.object.value
    return {host: rank_of[node] for node, host in hosts.items() if node in rank_of}


def excluded_pattern(triples: Iterable[Triple]) -> str | None:
    """A regular expression matching an IRI on an excluded host or one of its subdomains."""
    hosts = sorted(h for h, rank in ranks(triples).items() if rank == EXCLUDED.value)
    if not hosts:
        return None
    alternatives = "|".join(re.escape(h) for h in hosts)
    return rf"^https?://([^/?#]*\.)?({alternatives})\.?(:[0-9]+)?([/?#]|$)"


def shapes(vocabulary: Iterable[Triple]) -> list[Triple]:
    """The SourcePolicy shape (a warning), or nothing when the policy excludes no host."""
    pattern = excluded_pattern(vocabulary)
    if pattern is None:
        return []
    triples = [Triple(SHAPE, RDF_TYPE, NamedNode(SH + "NodeShape"))]
    for path, target in ((DCTERMS_SOURCE, "source"), (NamedNode(PKG + "officialUrl"), "URL")):
        triples.append(Triple(SHAPE, NamedNode(SH + "targetSubjectsOf"), path))
        prop, inner = BlankNode(), BlankNode()
        triples += [
            Triple(SHAPE, NamedNode(SH + "property"), prop),
            Triple(prop, NamedNode(SH + "path"), path),
            Triple(prop, NamedNode(SH + "not"), inner),
            Triple(inner, NamedNode(SH + "pattern"), Literal(pattern)),
            Triple(prop, NamedNode(SH + "severity"), NamedNode(SH + "Warning")),
            Triple(
                prop,
                NamedNode(SH + "message"),
                Literal(
                    f"This {target} is on a host the source policy excludes (partisan or "
                    "commercial, a document-sharing copy): cite the official text instead "
                    "(ontology/source-policy.ttl, docs/curation/GUIDE.md)."
                ),
            ),
        ]
    return triples
