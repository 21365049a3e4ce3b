"""The property rules that stand for HermiT's property values (kg/build/property_rules.py)."""

from __future__ import annotations

from pyoxigraph import RdfFormat, Triple, parse

from kg.build.property_rules import entailed_property_values

PREFIXES = """@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://example.org/> .
"""


def triples(turtle: str) -> list[Triple]:
    return [
        Triple(q.subject, q.predicate, q.object)
        for q in parse(input=(PREFIXES + turtle).encode(), format=RdfFormat.TURTLE)
    ]


def found(turtle: str) -> set[tuple[str, str, str]]:
    short = lambda node: node.value.removeprefix("https://example.org/")  # noqa: E731
    return {
        (short(t.subject), short(t.predicate), short(t.object))
        for t in entailed_property_values(triples(turtle))
    }


def test_a_chain_gives_the_larger_jurisdiction_but_not_the_restated_one():
    assert found("""
        :jurisdiction a owl:ObjectProperty ; rdfs:subPropertyOf :appliesWithin .
        :partOf a owl:ObjectProperty , owl:TransitiveProperty .
        :appliesWithin a owl:ObjectProperty ; owl:propertyChainAxiom ( :jurisdiction :partOf ) .
        :law :jurisdiction :wales . :wales :partOf :uk . :uk :partOf :europe .
    """) == {
        ("law", "appliesWithin", "uk"),
        ("law", "appliesWithin", "europe"),
        ("wales", "partOf", "europe"),
    }


def test_a_chain_of_three_steps_and_a_chain_through_an_inferred_value():
    assert found("""
        :p a owl:ObjectProperty . :q a owl:ObjectProperty . :r a owl:ObjectProperty .
        :pqr a owl:ObjectProperty ; owl:propertyChainAxiom ( :p :q :r ) .
        :pp a owl:ObjectProperty ; owl:propertyChainAxiom ( :pqr :p ) .
        :a :p :b . :b :q :c . :c :r :d . :d :p :e .
    """) == {("a", "pqr", "d"), ("a", "pp", "e")}


def test_a_new_value_and_its_inverse_are_one_statement_in_the_declared_direction():
    assert found("""
        :partOf a owl:ObjectProperty , owl:TransitiveProperty ; owl:inverseOf :hasPart .
        :hasPart a owl:ObjectProperty , owl:TransitiveProperty .
        :a :partOf :b . :c :hasPart :b .
    """) == {("a", "partOf", "c")}


def test_inverses_declared_both_ways_still_keep_one_statement():
    assert found("""
        :partOf a owl:ObjectProperty , owl:TransitiveProperty ; owl:inverseOf :hasPart .
        :hasPart a owl:ObjectProperty , owl:TransitiveProperty ; owl:inverseOf :partOf .
        :a :partOf :b . :b :partOf :c .
    """) == {("c", "hasPart", "a")}  # each declares the other: the first by IRI


def test_inverse_sub_property_and_symmetric_restatements_are_left_out():
    assert not found("""
        :hasSanction a owl:ObjectProperty ; owl:inverseOf :sanctionOf .
        :sanctionOf a owl:ObjectProperty .
        :breachSanction a owl:ObjectProperty ; rdfs:subPropertyOf :hasSanction .
        :near a owl:ObjectProperty , owl:SymmetricProperty .
        :same a owl:ObjectProperty ; owl:equivalentProperty :near .
        :duty :breachSanction :fine . :x :near :y . :y :same :z .
    """)


def test_symmetric_and_equivalent_properties_feed_a_transitive_one():
    assert found("""
        :linked a owl:ObjectProperty , owl:TransitiveProperty , owl:SymmetricProperty .
        :tied a owl:ObjectProperty ; owl:equivalentProperty :linked .
        :a :linked :b . :c :tied :b .
    """) >= {("a", "linked", "c"), ("c", "linked", "a"), ("a", "tied", "c")}


def test_undeclared_predicates_literals_and_broken_chains_infer_nothing():
    assert not found("""
        :knows rdfs:subPropertyOf :meets .
        :a :knows :b .
        :age a owl:ObjectProperty ; rdfs:subPropertyOf :years . :years a owl:ObjectProperty .
        :a :age 3 .
        :loop a owl:ObjectProperty ; owl:propertyChainAxiom _:l .
        _:l <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> :knows ;
            <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:l .
    """)
