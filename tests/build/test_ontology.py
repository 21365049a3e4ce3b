"""The ontology: loads in owlready2, is consistent under HermiT, covers docs/api.md §4."""

from __future__ import annotations

import owlready2
import pytest
from pyoxigraph import RdfFormat, Triple, parse, serialize

from kg.build.reason import reason
from kg.config import PROJECT_ROOT
from tests.conftest import needs_java

CONTRACT_TOPICS = {
    "purchase-sex-minor", "purchase-sex-adult", "procuring-minor", "trafficking-minor",
    "online-solicitation-minor", "reporting-duty", "action-plan", "coordination-body",
    "data-system", "victim-statistics", "victim-protection",
}  # fmt: skip
CONTRACT_JURISDICTIONS = {"FR", "SE", "UK", "UK-EW", "UK-SCT", "UK-NI", "EU", "CoE"}


def triples_of(*names: str) -> list[Triple]:
    found = []
    for name in names:
        path = PROJECT_ROOT / name
        found += [
            Triple(q.subject, q.predicate, q.object)
            for q in parse(path=str(path), format=RdfFormat.TURTLE)
        ]
    return found


def test_owlready2_loads_the_ontology(tmp_path):
    source = tmp_path / "policykg.nt"
    source.write_bytes(serialize(triples_of("ontology/policykg.ttl"), format=RdfFormat.N_TRIPLES))
    world = owlready2.World()
    onto = world.get_ontology("https://w3id.org/policykg/ontology").load(
        fileobj=source.open("rb"), format="ntriples"
    )
    names = {c.name for c in onto.world.classes()}
    assert {"Offence", "Sanction", "Provision", "ReportingDuty", "ActionPlan", "Body"} <= names
    world.close()


@needs_java()
def test_hermit_finds_ontology_and_curated_data_consistent():
    data = sorted((PROJECT_ROOT / "data").rglob("*.ttl"))
    result = reason(
        triples_of(
            "ontology/policykg.ttl",
            "ontology/topics.ttl",
            "ontology/jurisdictions.ttl",
            *[str(p.relative_to(PROJECT_ROOT)) for p in data],
        )
    )
    assert result.ran
    inferred = {(t.subject.value, t.object.value) for t in result.inferred}
    pkg = "https://w3id.org/policykg/ontology#"
    # The reasoner classifies France as penalising the purchase of sex from minors.
    assert (
        "https://w3id.org/policykg/id/jurisdiction/FR",
        pkg + "JurisdictionPenalisingChildSexPurchase",
    ) in inferred


@needs_java()
def test_hermit_infers_the_same_without_classifying_the_properties():
    """The build leaves out HermiT's property classification (-O -D), which owlready2 always
    asks for: the inferences kept are the same with it, on the ontology and two regimes."""
    data = sorted((PROJECT_ROOT / "data" / "jurisdictions").glob("*.ttl"))[:2]
    triples = triples_of(
        "ontology/policykg.ttl",
        "ontology/jurisdictions.ttl",
        *[str(p.relative_to(PROJECT_ROOT)) for p in data],
    )
    quick, full = reason(triples), reason(triples, classify_properties=True)
    assert quick.ran and full.ran
    assert quick.inferred == full.inferred
    assert len(quick.inferred) > 10


@needs_java()
def test_the_property_rules_find_what_hermit_finds_on_the_curated_data():
    """The build asks HermiT for classes only and derives property values by rules: on the
    ontology and the regimes with chains (the UK's parts) and sub-properties of inverses
    (France's breach sanctions), HermiT's own answer holds the same values, and the rest
    of it restates an asserted triple (the same two resources, either way round)."""
    data = ["UK-EW.ttl", "UK-NI.ttl", "FR.ttl"]
    triples = triples_of(
        "ontology/policykg.ttl",
        "ontology/jurisdictions.ttl",
        *[f"data/jurisdictions/{name}" for name in data],
    )
    by_rules, by_hermit = reason(triples), reason(triples, hermit_property_values=True)
    assert by_rules.ran and by_hermit.ran
    rules, hermit = set(by_rules.inferred), set(by_hermit.inferred)
    assert rules <= hermit
    related = {(t.subject, t.object) for t in triples} | {(t.object, t.subject) for t in triples}
    assert all((t.subject, t.object) in related for t in hermit - rules)
    chained = {t for t in rules if t.predicate.value.endswith("#appliesWithin")}
    assert len(chained) > 50


@needs_java()
def test_hermit_reports_an_inconsistency():
    from kg.errors import ReasonerError

    bad = parse(
        input=b"""@prefix pkg: <https://w3id.org/policykg/ontology#> .
        <https://w3id.org/policykg/id/x> a pkg:Offence , pkg:Sanction .""",
        format=RdfFormat.TURTLE,
    )
    with pytest.raises(ReasonerError, match="inconsistent"):
        reason(
            triples_of("ontology/policykg.ttl")
            + [Triple(q.subject, q.predicate, q.object) for q in bad]
        )


def test_topic_scheme_has_every_contract_notation_in_three_languages(store):
    from kg.vocabulary import topics

    found = topics(store)
    assert set(found) >= CONTRACT_TOPICS
    for notation in CONTRACT_TOPICS:
        assert set(found[notation].labels) >= {"en", "fr", "sv"}, notation
        assert set(found[notation].definitions) >= {"en", "fr", "sv"}, notation


def test_jurisdictions_have_labels_and_uk_has_three_parts(store):
    from kg.vocabulary import jurisdictions

    found = jurisdictions(store)
    assert set(found) == CONTRACT_JURISDICTIONS
    for entry in found.values():
        assert set(entry.labels) >= {"en", "fr", "sv"}
    assert found["UK"].parts == ["UK-EW", "UK-NI", "UK-SCT"]
    assert found["UK-SCT"].part_of == "UK"


def test_every_labelled_term_of_the_ontology_speaks_fr_sv_and_en():
    """A resource page names each property by its label in the reader's language: a term
    labelled in English only showed "legal source" or "note" on a French page."""
    from rdflib import Graph
    from rdflib.namespace import RDFS

    from tests.paths import PROJECT

    graph = Graph()
    for path in sorted((PROJECT / "ontology").glob("*.ttl")):
        graph.parse(path)
    languages: dict[str, set[str]] = {}
    for term, label in graph.subject_objects(RDFS.label):
        languages.setdefault(str(term), set()).add(getattr(label, "language", None) or "")
    missing = {term: langs for term, langs in languages.items() if not {"en", "fr", "sv"} <= langs}
    assert missing == {}
