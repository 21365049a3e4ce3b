"""The command line next to a running server (issue 19): reads work, writes go through the
server with the token or say exactly what to do; old, missing and busy stores are named.

The server is a real `policykg serve` process on a small on-disk store (a few triples and the
build's format statement), so that these tests need no full build.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Triple
from typer.testing import CliRunner

from kg.cli import app
from kg.config import PROJECT_ROOT, Settings
from kg.ns import ID, RDFS, graph_iri
from kg.store import EmbeddedStore, insert_data, replace_graph, runfile
from kg.store.format import BUILD_GRAPH, CONFORMS_TO, FORMAT_BASE, STORE_FORMAT, format_statement
from tests.conftest import serve

STATUTE = PROJECT_ROOT / "tests/fixtures/statutes/fr/article-225-12-2.v2016-04-15.md"
TOKEN = "a-token-for-tests"
runner = CliRunner()


def small_store(path: Path, statement: Triple | None = None) -> Path:
    """An on-disk store holding one labelled resource and the build's format statement."""
    store = EmbeddedStore(path)
    thing = NamedNode(ID + "act/test/example")
    replace_graph(
        store,
        graph_iri("data", "test"),
        [Triple(thing, NamedNode(RDFS + "label"), Literal("An example", language="en"))],
    )
    store.update(insert_data(BUILD_GRAPH, [statement or format_statement()]))
    store.close()
    return path


def run(*args: str, store: Path | str, token: str | None = None):
    env = {"POLICYKG_STORE": str(store), "POLICYKG_TOKEN": token}
    return runner.invoke(app, list(args), env=env)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    store = small_store(tmp_path_factory.mktemp("held") / "store")
    with serve({"POLICYKG_STORE": str(store), "POLICYKG_TOKEN": TOKEN}) as base:
        yield store, base


QUERY = "SELECT ?label WHERE { <https://w3id.org/policykg/id/act/test/example> rdfs:label ?label }"


def test_the_server_leaves_a_run_file_beside_its_store(served):
    store, base = served
    record = json.loads(runfile.run_file(store).read_text())
    assert record["url"] == base and record["store"] == str(store.resolve())
    found = runfile.running_server(Settings(store=str(store)))
    assert found is not None and found.url == base


def test_reads_work_while_the_server_holds_the_store(served):
    store, _ = served
    result = run("query", QUERY, "-f", "csv", store=store)
    assert result.exit_code == 0, result.stderr
    assert "An example" in result.stdout
    exported = run("export", "-", "--format", "nq", store=store)
    assert exported.exit_code == 0 and "An example" in exported.stdout


@pytest.mark.parametrize("command", [["build"], ["load", "nothing.trig"]])
def test_build_and_load_say_to_stop_the_server(served, command):
    store, base = served
    result = run(*command, store=store, token=TOKEN)
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert f"held by the policykg server at {base}" in message
    assert "Stop the server" in message
    assert "LOCK" not in message


def test_ingest_without_a_token_says_what_to_do_and_sends_nothing(served):
    store, base = served
    result = run("ingest", str(STATUTE), store=store)
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert f"held by the policykg server at {base}" in message
    assert "set POLICYKG_TOKEN" in message
    assert "Ingested 0" not in result.stdout


def test_ingest_with_a_wrong_token_says_the_server_refused_it(served):
    store, _ = served
    result = run("ingest", str(STATUTE), store=store, token="wrong")
    assert result.exit_code == 1
    assert "refused the token" in " ".join(result.stderr.split())
    assert "Ingested 0" not in result.stdout


def test_ingest_through_the_server_with_the_token(served):
    store, _ = served
    result = run("ingest", str(STATUTE), store=store, token=TOKEN)
    assert result.exit_code == 0, result.stderr
    assert "Ingested 1 document" in result.stdout
    again = run("ingest", "--json", str(STATUTE), store=store, token=TOKEN)  # replaces it
    assert again.exit_code == 0, again.stderr
    [extraction] = json.loads(again.stdout)
    assert extraction["id"] == "fr-code-penal-article-225-12-2-2016-04-15"
    assert extraction["type"] == "statute" and extraction["penalties"]
    listed = run("query", "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "csv", store=store)
    assert "graph/document/fr-code-penal-article-225-12-2-2016-04-15" in listed.stdout


def test_store_set_to_the_servers_sparql_url(served):
    """The old advice (POLICYKG_STORE=<server>/sparql): reads work; ingest uses the document
    API, and without a token says why instead of 'Ingested 0 documents'."""
    _, base = served
    read = run("query", QUERY, "-f", "csv", store=base + "/sparql")
    assert read.exit_code == 0 and "An example" in read.stdout
    refused = run("ingest", str(STATUTE), store=base + "/sparql")
    assert refused.exit_code == 1
    assert "set POLICYKG_TOKEN" in " ".join(refused.stderr.split())
    assert "Ingested 0" not in refused.stdout
    sent = run("ingest", str(STATUTE), store=base + "/sparql", token=TOKEN)
    assert sent.exit_code == 0, sent.stderr
    assert "Ingested 1 document" in sent.stdout


def test_a_second_server_on_the_same_store_is_refused(served):
    store, base = served
    result = run("serve", store=store)
    assert result.exit_code == 1
    assert f"already served at {base}" in " ".join(result.stderr.split())


def test_serve_on_a_port_in_use_says_so(tmp_path, monkeypatch):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        monkeypatch.setenv("POLICYKG_PORT", str(port))
        result = run("serve", store=tmp_path / "store")
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert f"cannot listen on 127.0.0.1:{port}" in message and "POLICYKG_PORT" in message


def test_a_run_file_of_a_dead_process_is_ignored(tmp_path):
    store = small_store(tmp_path / "store")
    runfile.run_file(store).write_text(
        json.dumps({"url": "http://127.0.0.1:9", "pid": 2**22 + 12345, "store": str(store)})
    )
    assert runfile.running_server(Settings(store=str(store))) is None
    result = run("query", QUERY, "-f", "csv", store=store)
    assert result.exit_code == 0 and "An example" in result.stdout


def test_a_store_from_an_older_version_is_named(tmp_path):
    old = small_store(
        tmp_path / "old", Triple(BUILD_GRAPH, NamedNode(RDFS + "comment"), Literal("built"))
    )
    result = run("coverage", store=old)
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "built by an older policykg" in message and "policykg build" in message
    warned = run("query", QUERY, "-f", "csv", store=old)  # still readable, with a warning
    assert warned.exit_code == 0 and "An example" in warned.stdout
    assert "older policykg" in " ".join(warned.stderr.split())


def test_a_store_from_a_newer_version_is_named(tmp_path):
    newer = NamedNode(f"{FORMAT_BASE}{STORE_FORMAT + 1}")
    store = small_store(tmp_path / "new", Triple(BUILD_GRAPH, CONFORMS_TO, newer))
    result = run("compare", "purchase-sex-minor", "-j", "FR", store=store)
    assert result.exit_code == 1
    assert "newer policykg" in " ".join(result.stderr.split())


def test_a_missing_store_says_to_build(tmp_path):
    result = run("compare", "purchase-sex-minor", "-j", "FR", store=tmp_path / "none")
    assert result.exit_code == 1
    assert "no store at" in " ".join(result.stderr.split())
    assert not (tmp_path / "none").exists()  # a read never creates an empty store


def test_build_records_the_store_format(built):
    from kg.store.format import stored_format

    store, _ = built
    assert stored_format(store) == STORE_FORMAT


def test_a_lock_held_without_a_run_file_says_what_to_do(tmp_path):
    """Another writer (not a server that left its run file) holds the store."""
    path = small_store(tmp_path / "store")
    holder = EmbeddedStore(path)  # this process now holds the RocksDB lock
    trig = tmp_path / "x.trig"  # a good file: `load` checks its files before it opens the store
    trig.write_text('<urn:g> { <urn:a> <urn:b> "c" . }\n')
    try:
        result = run("load", str(trig), store=path)
        assert result.exit_code == 1
        message = " ".join(result.stderr.split())
        assert "Another process holds it" in message and "read-only" in message
        read = run("query", QUERY, "-f", "csv", store=path)  # reads need no lock
        assert read.exit_code == 0 and "An example" in read.stdout
    finally:
        holder.close()
