"""`build`: reads, validates, reasons, writes one transaction; idempotent; refuses bad data."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse
from rdflib import Dataset
from rdflib.compare import isomorphic

from kg.build import reason as reason_module
from kg.build.pipeline import BuildReport, build
from kg.config import PROJECT_ROOT, Settings
from kg.errors import ValidationError
from kg.store import Store, count, dump, named_graphs, open_store
from tests.conftest import built_on_disk, copy_of, needs_java

GRAPH = "https://w3id.org/policykg/graph/"


def graphs_of(store) -> dict[str, object]:
    """Each named graph as an rdflib graph, to compare builds up to blank-node names."""
    dataset = Dataset()
    dataset.parse(data=dump(store, RdfFormat.N_QUADS), format="nquads")
    return {str(g.identifier): g for g in dataset.graphs() if str(g.identifier).startswith(GRAPH)}


def test_build_loads_every_source_into_its_own_graph(built):
    store, report = built
    assert report.written
    names = {g.value for g in named_graphs(store)}
    for expected in ("ontology", "topics", "jurisdictions", "shapes", "inferred", "build",
                     "data/jurisdictions/FR", "data/jurisdictions/SE", "data/jurisdictions/UK-EW",
                     "data/jurisdictions/UK-SCT", "data/jurisdictions/UK-NI"):  # fmt: skip
        assert GRAPH + expected in names
    assert report.total == count(store) > 1000
    assert ("FR", "purchase-sex-minor") in {(j, t) for j, t, _ in report.facts}


def test_building_twice_gives_the_same_graph(store, tmp_path):
    """A build over a built store (the session's, copied to disk) rewrites the same graph,
    graph for graph, the inferences included."""
    first = graphs_of(store)
    settings = Settings(store=str(built_on_disk(store, tmp_path / "store")))
    again = open_store(settings)
    report = build(again, settings)
    second = graphs_of(again)
    again.close()
    assert report.written
    assert first.keys() == second.keys()
    for name in first:
        assert isomorphic(first[name], second[name]), name


def test_invalid_data_is_refused_and_nothing_is_written(project_copy, store_copy, monkeypatch):
    monkeypatch.setattr(reason_module, "java_available", lambda: False)  # not under test here
    settings = Settings(store="memory", root=project_copy)
    store = store_copy  # built from the same files as project_copy
    before = count(store)
    fr = project_copy / "data" / "jurisdictions" / "FR.ttl"
    fr.write_text(
        fr.read_text(encoding="utf-8").replace(":legalBasis", ":legalBasisTypo"), encoding="utf-8"
    )
    report = build(store, settings)
    assert not report.written and not report.validation.conforms
    assert any("legal basis" in v.message and v.source == "data/jurisdictions/FR.ttl"
               for v in report.validation.violations)  # fmt: skip
    assert count(store) == before


def test_broken_turtle_names_the_file(project_copy):
    settings = Settings(store="memory", root=project_copy)
    (project_copy / "data" / "jurisdictions" / "XX.ttl").write_text("<a> <b> ", encoding="utf-8")
    try:
        build(open_store(settings), settings)
    except ValidationError as exc:
        assert "XX.ttl" in exc.message
    else:
        raise AssertionError("a broken Turtle file must stop the build")


@pytest.fixture(scope="module")
def rebuilt_without_sweden_or_java(store, tmp_path_factory) -> Iterator[tuple[Store, BuildReport]]:
    """The built graph (a copy), built again from a project without Sweden's files, on a
    machine without Java: one build serves the two tests below."""
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(PROJECT_ROOT / "ontology", project / "ontology")
    shutil.copytree(PROJECT_ROOT / "data", project / "data")
    # Sweden's figures name Swedish offences, so the two files go together.
    for name in ("jurisdictions/SE", "statistics/SE"):
        (project / "data" / f"{name}.ttl").unlink()
    copy = copy_of(store)
    assert NamedNode(GRAPH + "data/jurisdictions/SE") in named_graphs(copy)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reason_module, "java_available", lambda: False)
        report = build(copy, Settings(store="memory", root=project))
    yield copy, report
    copy.close()


def test_a_removed_data_file_disappears_from_the_graph(rebuilt_without_sweden_or_java):
    store, report = rebuilt_without_sweden_or_java
    assert report.written
    for name in ("jurisdictions/SE", "statistics/SE"):
        assert NamedNode(GRAPH + f"data/{name}") not in named_graphs(store)
    assert NamedNode(GRAPH + "data/jurisdictions/FR") in named_graphs(store)


def test_without_java_the_build_keeps_what_needs_no_reasoner(rebuilt_without_sweden_or_java):
    store, report = rebuilt_without_sweden_or_java
    assert report.written and not report.reasoning.ran
    assert "Java" in report.reasoning.reason_skipped
    # no class from HermiT; the SKOS statements of the concept-mapping records and the
    # property rules' values (UK facts apply within the UK), which need no reasoner
    derived = store.query(f"SELECT DISTINCT ?p WHERE {{ GRAPH <{GRAPH}inferred> {{ ?s ?p ?o }} }}")
    predicates = {row["p"].value for row in derived}
    applies_within = "https://w3id.org/policykg/ontology#appliesWithin"
    assert applies_within in predicates
    assert predicates - {applies_within} <= {
        "http://www.w3.org/2004/02/skos/core#" + name
        for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
    }
    assert bool(store.query(
        f"ASK {{ GRAPH <{GRAPH}inferred> {{ ?fact <{applies_within}> "
        "<https://w3id.org/policykg/id/jurisdiction/UK> } }"
    ))  # fmt: skip


@needs_java()
def test_inferences_live_in_their_own_graph(built):
    store, report = built
    assert report.reasoning.ran and report.reasoning.inferred
    inferred = NamedNode(GRAPH + "inferred")
    # HermiT's inferences plus the SKOS statements of the concept-mapping records
    assert count(store, inferred) >= len(report.reasoning.inferred)
    ask = store.query(
        "ASK { GRAPH <https://w3id.org/policykg/graph/inferred> { "
        "<https://w3id.org/policykg/id/jurisdiction/SE> a pkg:JurisdictionPenalisingChildSexPurchase } }"
    )
    assert bool(ask)
    # the asserted graphs do not contain it
    assert not bool(store.query(
        "ASK { GRAPH ?g { ?j a pkg:JurisdictionPenalisingChildSexPurchase } "
        "FILTER (?g != <https://w3id.org/policykg/graph/inferred>) }"
    ))  # fmt: skip


def test_build_records_where_each_graph_came_from(store):
    rows = list(store.query(
        "SELECT ?source WHERE { GRAPH <https://w3id.org/policykg/graph/build> { "
        "<https://w3id.org/policykg/graph/data/jurisdictions/FR> dcterms:source ?source } }"
    ))  # fmt: skip
    assert [r["source"].value for r in rows] == ["data/jurisdictions/FR.ttl"]
    assert list(parse(dump(store, RdfFormat.TRIG), format=RdfFormat.TRIG))


def test_each_concept_mapping_states_its_skos_triple_in_the_inferred_graph(built):
    store, _ = built
    records = store.query(
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?m a pkg:ConceptMapping ; pkg:mappingSubject ?s ; "
        "pkg:mappingPredicate ?p ; pkg:mappingObject ?o } }"
    )
    rows = [(r["s"], r["p"], r["o"]) for r in records]
    assert rows, "the curated data has concept mappings"
    for subject, predicate, obj in rows:
        assert bool(
            store.query(f"ASK {{ GRAPH <{GRAPH}inferred> {{ {subject} {predicate} {obj} }} }}")
        )
        assert not bool(
            store.query(
                f"ASK {{ GRAPH ?g {{ {subject} {predicate} {obj} }} FILTER (?g != <{GRAPH}inferred>) }}"
            )
        ), "curators write the record; the triple itself is derived"


def test_the_curated_names_are_complete_and_translations_marked(built):
    """The build's language check on the real data: every resource named in en, fr and sv,
    every official name present, and no translation passed off as an official name (a
    Swedish rdfs:label on a Council of Europe treaty, whose languages are English and French,
    is a translation: pkg:labelTranslation)."""
    _, report = built
    assert report.labels_missing == {"en": 0, "fr": 0, "sv": 0}
    assert report.official_names_missing == 0
    assert report.unmarked_translations == 0
