"""The RDFS entailments SHACL validation needs, computed by pyoxigraph instead of owlrl.

pySHACL's `inference="rdfs"` expands the data graph with owlrl, a pure-Python rule engine
that re-runs every RDFS rule over every triple until nothing changes: on the curated data it
cost as much as all the constraints together. The shapes need only what the ontology's
subclass, subproperty, domain and range axioms entail (the classes a `sh:targetClass` or
`sh:class` finds, the properties a path follows), so those rules run here as SPARQL
`CONSTRUCT` queries over an in-memory store, repeated until they add nothing, and pySHACL
then validates without inference. owlrl's remaining rules only add triples no shape reads
(every node typed `rdfs:Resource`, every property `rdf:Property`); tests/build compare both
ways on the real data and on each kind of violation.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Quad, Store, Triple

from kg.queries import load

#: The rules, in the order one pass applies them (each reads what the earlier ones added).
RULES = ("rdfs-subproperty", "rdfs-domain", "rdfs-range", "rdfs-subclass")


def entailments(triples: Iterable[Triple]) -> list[Triple]:
    """The triples the RDFS rules above add to `triples` (none of `triples` themselves)."""
    store = Store()
    store.extend(Quad(t.subject, t.predicate, t.object) for t in triples)
    rules = [load(name) for name in RULES]
    added: list[Triple] = []
    while True:
        new = {
            triple
            for rule in rules
            for triple in store.query(rule)  # type: ignore[union-attr]
            if Quad(triple.subject, triple.predicate, triple.object) not in store
        }
        if not new:
            return added
        store.extend(Quad(t.subject, t.predicate, t.object) for t in new)
        added.extend(new)
