"""The server carries only what answering SPARQL and pages needs: the libraries of the
routes that only some requests use (network views, analytics graphs, DOCX, ingestion's
parsers, the terminal's tables) are imported by the first request that needs them.
Checked in fresh interpreters, since this test process has imported everything already."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import built_on_disk
from tests.paths import PROJECT

#: Imported only by the routes that need them (each ~1–20 MB of the server's memory).
ON_DEMAND = (
    "networkx",  # analytics, network views
    "pyvis",  # network views (it imports IPython)
    "IPython",
    "docx",  # DOCX briefs and comparisons
    "lxml",  # python-docx, ingestion's XML parsers
    "kg.ingest.parsers",  # reading documents
    "kg.ingest.sniff",
    "yaml",  # the brief's and the gaps' data files
    "rich",  # the CLI's tables
)


def loaded_after(code: str, *args: str) -> list[str]:
    """Which of ON_DEMAND a fresh interpreter has imported while running `code`, except
    those imported before it set `before` (the test client's own imports)."""
    script = (
        "before = set()\n"
        + textwrap.dedent(code)
        + textwrap.dedent(
            f"""
        import json, sys
        print(json.dumps([m for m in {ON_DEMAND!r} if m in sys.modules and m not in before]))
        """
        )
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_importing_the_application_imports_no_route_only_library():
    assert loaded_after("import api.app") == []


@pytest.fixture(scope="module")
def on_disk(store, tmp_path_factory) -> Path:
    return built_on_disk(store, tmp_path_factory.mktemp("lean") / "store")


SERVED = """
    import sys
    from fastapi.testclient import TestClient  # httpx, which imports rich
    before = set(sys.modules)
    from api.app import create_app
    from kg.config import Settings

    with TestClient(create_app(Settings(store=sys.argv[1]))) as client:
        for path in sys.argv[2:]:
            assert client.get(path).status_code == 200, path
"""


def test_pages_and_sparql_leave_them_unimported(on_disk):
    paths = [
        "/",
        "/compare?topic=purchase-sex-minor&jurisdiction=FR&jurisdiction=SE",
        "/api/compare?topic=purchase-sex-minor&jurisdiction=FR&jurisdiction=SE",
        "/sparql?query=SELECT%20*%20WHERE%20%7B%20?s%20?p%20?o%20%7D%20LIMIT%203",
    ]
    assert loaded_after(SERVED, str(on_disk), *paths) == []


def test_the_routes_that_need_them_still_import_them(on_disk):
    """The laziness is not a stub: a view, the analytics, a DOCX and the formats list work
    and load their libraries when asked."""
    paths = [
        "/graph.json?view=regime&jurisdiction=FR",
        "/api/similarity",
        "/api/compare?topic=purchase-sex-minor&jurisdiction=FR&jurisdiction=SE&format=docx",
        "/api/formats",
    ]
    loaded = loaded_after(SERVED, str(on_disk), *paths)
    assert {"networkx", "pyvis", "docx", "kg.ingest.parsers"} <= set(loaded)
