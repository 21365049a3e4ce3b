"""The layout holds: imports run from lower stages to higher ones, never in a loop.

The stages of docs/architecture.md, lowest first: core (config, errors, ns, terms, queries, locale)
→ store → vocabulary / ingest → build → analysis → formats → publish → cli; `api` sits above
all of `kg`, and nothing in `kg` imports `api`. Extraction (kg.ingest.extract) reads only the
document model, never the rest of ingestion.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

from tests.paths import PROJECT

#: stage → the stages its modules may import (besides their own).
ALLOWED = {
    "core": set(),
    "store": {"core"},
    "vocabulary": {"core", "store"},
    "ingest": {"core", "store"},
    "build": {"core", "store", "ingest"},
    "analysis": {"core", "store", "vocabulary", "ingest"},
    "formats": {"core", "store", "build"},
    "publish": {"core", "store", "vocabulary", "ingest", "analysis", "formats"},
    "cli": {"core", "store", "vocabulary", "ingest", "build", "analysis", "formats", "publish"},
}
CORE = {"config", "errors", "ns", "terms", "queries", "locale", "facts"}


def stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "core"  # `from kg import queries` names its module in the import
    if parts[1] in CORE:
        return "core"
    return parts[1]


def modules(package: str) -> dict[str, Path]:
    found = {}
    for path in sorted((PROJECT / package).rglob("*.py")):
        parts = path.relative_to(PROJECT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path) -> list[str]:
    """Modules named by the file's import statements (`from kg import x` gives `kg.x`)."""
    named = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            named += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            named.append(node.module)
            named += [f"{node.module}.{alias.name}" for alias in node.names]
    return named


KG = modules("kg")
API = modules("api")


def _kg_imports(name: str) -> set[str]:
    return {m for m in imports(KG[name]) if m in KG and m != name}


@pytest.mark.parametrize("name", sorted(KG))
def test_no_arrow_runs_back_up(name):
    here = stage(name)
    for target in _kg_imports(name):
        there = stage(target)
        assert there == here or there in ALLOWED[here], (
            f"{name} ({here}) imports {target} ({there})"
        )


def test_the_library_never_imports_the_http_shell():
    """Only the CLI, itself a shell, may start the HTTP application (`policykg serve`)."""
    for name, path in KG.items():
        if name != "kg.cli":
            assert not [m for m in imports(path) if m.split(".")[0] == "api"], name


def test_extraction_reads_only_the_document_model_of_ingestion():
    for name in (n for n in KG if n.startswith("kg.ingest.extract")):
        for target in _kg_imports(name):
            if target.startswith("kg.ingest.") and not target.startswith("kg.ingest.extract"):
                assert target == "kg.ingest.model", f"{name} imports {target}"


def test_no_import_cycles():
    graph = nx.DiGraph()
    for name in {**KG, **API}:
        graph.add_node(name)
    for name, path in {**KG, **API}.items():
        for target in imports(path):
            if target in graph and target != name and not name.startswith(target + "."):
                graph.add_edge(name, target)
    cycles = list(nx.simple_cycles(graph))
    assert cycles == []


def test_the_top_of_kg_stays_small():
    top = [p.name for p in (PROJECT / "kg").glob("*.py")]
    assert len(top) <= 8, sorted(top)
