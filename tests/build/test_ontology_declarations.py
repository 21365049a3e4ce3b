"""Each property of the ontology files is declared once, with one OWL property type.

A property declared in two files with two types (an annotation property in one, an object
property with a domain in another) makes owlready2 "fix" it at each build and lets the
domain of one use leak onto the other's subjects.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import OWL, RDF, Graph

from tests.paths import PROJECT

PROPERTY_TYPES = {OWL.AnnotationProperty, OWL.ObjectProperty, OWL.DatatypeProperty}


def test_each_property_has_one_owl_type_across_the_ontology_files() -> None:
    types: dict[str, set[str]] = defaultdict(set)
    for path in sorted((PROJECT / "ontology").glob("*.ttl")):
        graph = Graph().parse(path, format="turtle")
        for prop, kind in graph.subject_objects(RDF.type):
            if kind in PROPERTY_TYPES:
                types[str(prop)].add(f"{kind.n3(graph.namespace_manager)} in {path.name}")
    clashes = {p: sorted(t) for p, t in types.items() if len({x.split()[0] for x in t}) > 1}
    assert not clashes
