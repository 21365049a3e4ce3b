"""The RDFS entailments computed for validation match owlrl's (what pySHACL used before),
apart from the triples no shape reads (every node an rdfs:Resource, every property an
rdf:Property, reflexive subclass/subproperty axioms)."""

from __future__ import annotations

import owlrl
from pyoxigraph import RdfFormat, parse
from rdflib import RDF, RDFS, Graph

from kg.build.rdfs import entailments
from kg.build.validate import to_rdflib

ONTOLOGY_AND_DATA = """
@prefix : <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:Offence rdfs:subClassOf :Fact . :Fact rdfs:subClassOf :Thing .
:ChildOffence rdfs:subClassOf :Offence .
:penalises rdfs:domain :Offence ; rdfs:range :Conduct .
:penalisesBuying rdfs:subPropertyOf :penalises .
:Conduct rdfs:subClassOf :Thing .
:cites rdfs:range :Provision .
:a a :ChildOffence .
:b :penalisesBuying :buying .
:c :cites :art1 ; :label "x" .
:d :penalises "not a resource" .
"""

IGNORED = {RDFS.Resource, RDF.Property}


def _owlrl(graph: Graph) -> set[tuple]:
    closed = Graph()
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics, axiomatic_triples=False).expand(closed)
    return {
        (s, p, o)
        for s, p, o in set(closed) - set(graph)
        if o not in IGNORED and s != o and str(s).startswith("https://example.org/")
    }


def test_entailments_match_owlrl_on_what_shapes_read() -> None:
    triples = [q.triple for q in parse(ONTOLOGY_AND_DATA.encode(), format=RdfFormat.TURTLE)]
    ours = set(to_rdflib(entailments(triples)))
    assert ours == _owlrl(to_rdflib(triples))
    # and the inferences a shape relies on are there
    ex = "https://example.org/"
    types = {(str(s), str(o)) for s, p, o in ours if p == RDF.type}
    assert (ex + "a", ex + "Thing") in types  # subclass chain
    assert (ex + "b", ex + "Offence") in types  # domain through a sub-property
    assert (ex + "buying", ex + "Thing") in types  # range, then subclass
    assert (ex + "art1", ex + "Provision") in types
    assert not any(str(s) == "not a resource" for s, _, _ in ours)


def test_entailments_add_nothing_already_asserted() -> None:
    triples = [q.triple for q in parse(ONTOLOGY_AND_DATA.encode(), format=RdfFormat.TURTLE)]
    added = entailments(triples)
    assert added and not set(added) & set(triples)
    assert entailments(triples + added) == []
