"""The documentation keeps up with the code: settings, commands, routes, ontology reference."""

from __future__ import annotations

import pytest

from kg.cli import app as cli_app
from kg.config import PROJECT_ROOT, SETTINGS
from kg.publish.ontology_docs import render

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
API = (PROJECT_ROOT / "docs" / "api.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_documented(name):
    assert f"`{name}`" in README or f"`{name}`," in README


def test_every_command_is_documented():
    names = [c.name or c.callback.__name__ for c in cli_app.registered_commands]
    assert names
    for name in names:
        assert f"policykg {name}" in README, name


def test_every_route_is_documented(client):
    paths = set(client.app.openapi()["paths"])
    assert {"/api/compare", "/sparql", "/api/documents"} <= paths
    catalogue = {p for p in paths if p.startswith("/api/queries/")}
    assert catalogue, "the named-query catalogue has operations"
    assert "/api/queries/{name}" in README  # documented once for the whole catalogue
    for path in sorted(paths - catalogue):
        assert path in README, path


def test_ontology_reference_is_current():
    current = (PROJECT_ROOT / "docs" / "ontology-reference.md").read_text(encoding="utf-8")
    assert current == render(), (
        "run: python -m kg.publish.ontology_docs > docs/ontology-reference.md"
    )


def test_every_minted_class_has_labels_in_three_languages():
    from rdflib import OWL, RDF, RDFS, Graph, URIRef

    graph = Graph().parse(PROJECT_ROOT / "ontology" / "policykg.ttl")
    pkg = "https://w3id.org/policykg/ontology#"
    classes = [
        c
        for c in graph.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and str(c).startswith(pkg)
    ]
    assert len(classes) > 20
    for cls in classes:
        langs = {getattr(label, "language", None) for label in graph.objects(cls, RDFS.label)}
        assert {"en", "fr", "sv"} <= langs, cls


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_the_public_interface_lists_every_setting(name):
    assert f"| `{name}`" in API or f", `{name}` |" in API, name


def test_the_public_interface_lists_every_command_and_json_route(client):
    for command in cli_app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"| `{name}" in API, name
    paths = {p for p in client.app.openapi()["paths"] if p.startswith("/api/")}
    for path in sorted(paths):
        if not path.startswith("/api/queries/") or path == "/api/queries/{name}":
            assert path.split("{")[0].rstrip("/") in API, path


def test_the_code_cites_the_public_interface_it_has():
    """Code and docs cite docs/api.md by section; a cited section must exist there."""
    import re

    cited = set()
    for folder in ("kg", "api", "docs", "ontology"):
        for path in (PROJECT_ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".md", ".ttl", ".rq", ".html"):
                text = path.read_text(encoding="utf-8")
                assert "CONTRACT §" not in text, path
                cited |= set(re.findall(r"docs/api\.md §(\d)", text))
    assert cited
    for section in cited:
        assert f"## §{section} " in API, section
