"""`POLICYKG_STORE=memory` serves a graph (issue 12.3): built on start, or loaded from
the exports POLICYKG_LOAD names."""

from __future__ import annotations

from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple

from api.app import create_app
from kg.build import reason as reason_module
from kg.config import Settings
from kg.store import dump, open_store, replace_graph

G = NamedNode("https://w3id.org/policykg/graph/test/memory")


def test_memory_store_loads_the_exports_it_is_given(tmp_path):
    source = open_store(Settings(store="memory"))
    replace_graph(source, G, [Triple(NamedNode("urn:a"), NamedNode("urn:b"), Literal("loaded"))])
    export = tmp_path / "export.nq"
    export.write_bytes(dump(source, RdfFormat.N_QUADS))
    with TestClient(create_app(Settings(store="memory", load=(str(export),)))) as client:
        assert client.get("/healthz").json()["triples"] == 1
        answer = client.get("/sparql", params={"query": 'ASK { ?s ?p "loaded" }'})
        assert answer.json()["boolean"] is True


def test_memory_store_builds_the_graph_on_start(monkeypatch):
    # the reasoner is not what this tests (tests/build does): its half-minute is spared
    monkeypatch.setattr(reason_module, "java_available", lambda: False)
    with TestClient(create_app(Settings(store="memory"))) as client:
        assert client.get("/healthz").json()["triples"] > 5000
        offences = client.get("/sparql", params={"query": "ASK { ?o a pkg:Offence }"})
        assert offences.json()["boolean"] is True
