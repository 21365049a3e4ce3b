"""Linked data: /id/… pages and RDF by content negotiation, the ontology, escaping."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse

from api.app import create_app
from kg.config import Settings
from kg.ns import ID, PKG, RDF, RDFS, graph_iri
from kg.store import EmbeddedStore, replace_graph

OFFENCE = "/id/offence/fr/recours-prostitution-mineur"
PROVISION = "/id/act/fr/code-penal/article/225-12-1"
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def triples(body: bytes, fmt: RdfFormat) -> list[Triple]:
    return [q.triple for q in parse(body, format=fmt, base_iri="https://w3id.org/policykg/")]


def test_offence_page_shows_labels_and_links_to_sanctions(client):
    response = client.get(OFFENCE, headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "Buying sex from a minor" in page
    assert "Recours à la prostitution d&#39;un mineur" in page
    assert 'lang="fr"' in page
    assert 'href="/id/sanction/fr/recours-prostitution-mineur/base/2002-03-05"' in page
    assert "graph/data/jurisdictions/FR" in page  # provenance: the graph stating it
    assert 'href="/id/offence/fr/recours-prostitution-mineur.ttl"' in page


def test_offence_as_turtle_has_its_sanctions_and_their_values(client):
    response = client.get(OFFENCE, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert "Accept" in response.headers["vary"]
    graph = triples(response.content, RdfFormat.TURTLE)
    subject = NamedNode(ID + OFFENCE.removeprefix("/id/"))
    sanctions = [
        t.object
        for t in graph
        if t.subject == subject and t.predicate == NamedNode(PKG + "hasSanction")
    ]
    recorded = {
        row["s"]
        for row in client.app.state.store.query(
            f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ <{subject.value}> <{PKG}hasSanction> ?s }} }}"
        )
    }
    assert len(recorded) > 3 and set(sanctions) == recorded  # every sanction, none made up
    owned = {t.subject for t in graph if t.predicate == NamedNode(PKG + "maxImprisonmentYears")}
    assert owned == set(sanctions)  # each sanction's values travel with the offence


@pytest.mark.parametrize(
    ("suffix", "accept", "fmt"),
    [
        (".jsonld", None, RdfFormat.JSON_LD),
        (".nt", None, RdfFormat.N_TRIPLES),
        (".ttl", None, RdfFormat.TURTLE),
        ("", "application/ld+json", RdfFormat.JSON_LD),
        ("", "application/n-triples", RdfFormat.N_TRIPLES),
    ],
)
def test_rdf_representations_parse(client, suffix, accept, fmt):
    headers = {"Accept": accept} if accept else HTML  # a suffix wins over a browser's Accept
    response = client.get(OFFENCE + suffix, headers=headers)
    assert response.status_code == 200
    assert any(t.predicate == NamedNode(RDFS + "label") for t in triples(response.content, fmt))


def test_html_suffix_and_curl_default(client):
    assert client.get(OFFENCE + ".html").headers["content-type"].startswith("text/html")
    assert (
        client.get(OFFENCE, headers={"Accept": "*/*"})
        .headers["content-type"]
        .startswith("text/turtle")
    )
    assert client.get(OFFENCE, headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize(
    "path", ["/id/nope", "/id/offence/fr/nope.ttl", "/id/a%20b", "/concept/topic/nope"]
)
def test_unknown_resources_are_404(client, path):
    response = client.get(path, headers=HTML)
    assert response.status_code == 404
    assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 404


def test_provision_page_embeds_schema_org_legislation(client):
    page = client.get(PROVISION, headers=HTML).text
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    doc = json.loads(blocks[0])
    assert doc["@type"] == "Legislation"
    assert doc["legislationIdentifier"] == "225-12-1"
    assert doc["name"] == "Code pénal, art. 225-12-1"
    assert doc["isPartOf"]["@id"].endswith("/id/act/fr/code-penal")
    assert doc["url"].startswith("https://www.legifrance.gouv.fr/")


def test_pages_reference_nothing_external(client):
    for path in (OFFENCE, PROVISION, "/ontology", "/concept/topic"):
        page = client.get(path, headers=HTML).text
        assert not re.findall(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//""", page), path


def test_ontology_page_lists_classes_with_their_labels(client):
    page = client.get("/ontology", headers=HTML).text
    assert 'id="Offence"' in page
    assert "Infraction" in page  # pkg:Offence's French label
    assert "Brott" in page  # and Swedish
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = triples(turtle.content, RdfFormat.TURTLE)
    assert (
        Triple(
            NamedNode(PKG + "Offence"),
            NamedNode(RDFS + "label"),
            Literal("Infraction", language="fr"),
        )
        in graph
    )
    assert client.get("/ontology.ttl").content == turtle.content


def test_topic_scheme_and_concept(client):
    scheme = client.get("/concept/topic", headers=HTML)
    assert scheme.status_code == 200
    assert 'href="/concept/topic/purchase-sex-minor"' in scheme.text
    concept = client.get("/concept/topic/purchase-sex-minor.ttl")
    assert concept.status_code == 200
    assert any(
        t.predicate.value.endswith("#prefLabel") for t in triples(concept.content, RdfFormat.TURTLE)
    )


HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


@pytest.fixture(scope="module")
def small() -> TestClient:
    """An app over a tiny store of our own: a hostile label and a blank node, nothing else."""
    store = EmbeddedStore()
    subject = NamedNode(ID + "act/xx/hostile")
    owned = BlankNode()
    replace_graph(
        store,
        graph_iri("data", "jurisdictions/XX"),
        [
            Triple(subject, NamedNode(RDF + "type"), NamedNode(PKG + "Provision")),
            Triple(subject, NamedNode(RDFS + "label"), Literal(HOSTILE, language="en")),
            Triple(subject, NamedNode(PKG + "citation"), Literal(HOSTILE)),
            Triple(subject, NamedNode(PKG + "note"), Literal('" onmouseover="alert(3)')),
            Triple(subject, NamedNode(PKG + "detail"), owned),
            Triple(owned, NamedNode(RDFS + "comment"), Literal("held by a blank node")),
        ],
    )
    with TestClient(create_app(Settings(store="memory"), store=store)) as test_client:
        yield test_client


def test_hostile_labels_stay_text(small):
    page = small.get("/id/act/xx/hostile", headers=HTML).text
    assert "&lt;img" in page
    assert "<img src=x" not in page
    assert "<script>alert(2)" not in page
    assert 'onmouseover="alert' not in page
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block is not None and "</" not in block.group(1)  # JSON-LD cannot close its script
    assert json.loads(block.group(1))["name"] == HOSTILE


def test_blank_nodes_travel_with_their_owner(small):
    assert "held by a blank node" in small.get("/id/act/xx/hostile", headers=HTML).text
    graph = triples(small.get("/id/act/xx/hostile.nt").content, RdfFormat.N_TRIPLES)
    assert any(t.object == Literal("held by a blank node") for t in graph)
