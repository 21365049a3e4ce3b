"""Backup and restore (issue 11.9): `policykg export` while a server holds the store, then
`policykg load` into an empty store gives an isomorphic dataset, named graphs included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse
from rdflib import Dataset
from rdflib.compare import isomorphic

from kg.config import Settings
from kg.store import count, named_graphs, open_store, replace_graph
from kg.store.load import LoadError, load
from tests.conftest import built_on_disk, serve

POLICYKG = str(Path(sys.executable).parent / "policykg")
G = NamedNode("https://w3id.org/policykg/graph/test/load")


def run(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [POLICYKG, *args],
        env=os.environ | {"POLICYKG_STORE": str(store)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def as_dataset(path: Path, fmt: str) -> Dataset:
    dataset = Dataset()
    dataset.parse(path, format=fmt)
    return dataset


def graphs_of(dataset: Dataset) -> dict[str, object]:
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


@pytest.fixture(scope="module")
def served_store(store, tmp_path_factory) -> Path:
    """An on-disk store holding the built graph, as `policykg build` leaves it."""
    return built_on_disk(store, tmp_path_factory.mktemp("source") / "store")


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_export_while_serving_then_load_gives_an_isomorphic_dataset(served_store, tmp_path, fmt):
    dump = tmp_path / f"backup.{fmt}"
    with serve({"POLICYKG_STORE": str(served_store)}) as base:
        assert httpx.get(base + "/sparql", params={"query": "ASK {?s ?p ?o}"}).status_code == 200
        exported = run("export", str(dump), "--format", fmt, store=served_store)
        assert exported.returncode == 0, exported.stderr
        target = tmp_path / "restored"
        loaded = run("load", str(dump), store=target)
        assert loaded.returncode == 0, loaded.stderr
        again = run("export", str(tmp_path / f"again.{fmt}"), "--format", fmt, store=target)
        assert again.returncode == 0, again.stderr
    rdflib_format = "trig" if fmt == "trig" else "nquads"
    before = graphs_of(as_dataset(dump, rdflib_format))
    after = graphs_of(as_dataset(tmp_path / f"again.{fmt}", rdflib_format))
    assert len(before) > 10 and set(before) == set(after)
    for name, graph in before.items():
        assert isomorphic(graph, after[name]), name  # blank nodes compared by structure


def test_a_bad_file_writes_nothing(tmp_path):
    store = open_store(Settings(store=str(tmp_path / "s")))
    replace_graph(store, G, [Triple(NamedNode("urn:a"), NamedNode("urn:b"), Literal("kept"))])
    good = tmp_path / "good.nq"
    good.write_text(f'<urn:x> <urn:y> "new" {G} .\n')
    bad = tmp_path / "bad.nq"
    bad.write_text('<urn:x> <urn:y> "unterminated .\n')
    with pytest.raises(LoadError, match=r"bad\.nq"):
        load(store, [good, bad])
    assert [t.object.value for t in store.quads()] == ["kept"]
    store.close()


def test_load_replaces_the_graphs_it_holds_and_keeps_the_others(tmp_path):
    store = open_store(Settings(store="memory"))
    other = NamedNode("https://w3id.org/policykg/graph/test/other")
    replace_graph(store, G, [Triple(NamedNode("urn:a"), NamedNode("urn:b"), Literal("old"))])
    replace_graph(store, other, [Triple(NamedNode("urn:a"), NamedNode("urn:b"), Literal("o"))])
    trig = tmp_path / "g.trig"
    trig.write_text(f'{G} {{ <urn:a> <urn:b> "new" . }}\n')
    turtle = tmp_path / "plain notes.ttl"
    turtle.write_text('<urn:t> <urn:b> "turtle" .\n')
    load(store, [trig, turtle])
    graphs = {g.value for g in named_graphs(store)}
    assert graphs == {G.value, other.value, "https://w3id.org/policykg/graph/load/plain-notes"}
    assert count(store, G) == 1 and count(store) == 3
    values = {q.object.value for q in store.quads()}
    assert values == {"new", "o", "turtle"}


def test_a_bulk_load_on_disk_ends_compacted_and_keeps_every_quad(tmp_path, monkeypatch):
    """Each bulk load adds table files; `load` compacts once at the end (reads then look
    in one set of tables), and what was loaded is all there after it."""
    from kg.store.embedded import EmbeddedStore

    compactions: list[str] = []
    optimize = EmbeddedStore.optimize
    monkeypatch.setattr(
        EmbeddedStore, "optimize", lambda self: compactions.append("once") or optimize(self)
    )
    store = open_store(Settings(store=str(tmp_path / "s")))
    files = []
    for n in range(3):
        path = tmp_path / f"part{n}.nq"
        path.write_text(
            f'<urn:s{n}> <urn:p> "{n}" <urn:g{n}> .\n<urn:s{n}> <urn:p> "x" <urn:g{n}> .\n'
        )
        files.append(path)
    load(store, files)
    assert compactions == ["once"]
    assert count(store) == 6
    store.close()


def test_triples_outside_named_graphs_are_refused(tmp_path):
    nq = tmp_path / "default.nq"
    nq.write_text('<urn:a> <urn:b> "in the default graph" .\n')
    with pytest.raises(LoadError, match="outside any named graph"):
        load(open_store(Settings(store="memory")), [nq])


def test_export_format_round_trip_through_the_library(tmp_path):
    store = open_store(Settings(store="memory"))
    replace_graph(store, G, [Triple(NamedNode("urn:a"), NamedNode("urn:b"), Literal('é"\n'))])
    from kg.store import dump

    path = tmp_path / "x.nq"
    path.write_bytes(dump(store, RdfFormat.N_QUADS))
    assert [q.object.value for q in parse(path=str(path), format=RdfFormat.N_QUADS)] == ['é"\n']


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fr", "fichier introuvable"), ("sv", "filen finns inte"), ("en", "no such file")],
)
def test_load_errors_in_the_language_asked_for(tmp_path, lang, words):
    answer = run("--lang", lang, "load", str(tmp_path / "missing.nq"), store=tmp_path / "s")
    assert answer.returncode != 0
    assert words in answer.stdout + answer.stderr
