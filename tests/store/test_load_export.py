"""Backup and restore (issue 11.9): `policykg export` while a server holds the store, then
`policykg load` into an empty store gives an isomorphic dataset, named graphs included."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse
from rdflib import Dataset
from rdflib.compare import isomorphic

from kg.config import Settings
from kg.errors import ConfigurationError
from kg.store import count, named_graphs, open_store, replace_graph
from kg.store.load import LoadError, load
from tests.conftest import built_on_disk, serve

POLICYKG = str(Path(sys.executable).parent / "policykg")
G = NamedNode("https://w3id.org/policykg/graph/test/load")
LOAD_GRAPH = "https://w3id.org/policykg/graph/load/"


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


def _spy(monkeypatch) -> dict[str, int]:
    """Counts of the embedded store's loader calls and compactions during a test."""
    from kg.store.embedded import EmbeddedStore

    calls = {"bulk_load": 0, "optimize": 0}
    for name in calls:
        original = getattr(EmbeddedStore, name)

        def counted(self, *args, _name=name, _original=original):
            calls[_name] += 1
            return _original(self, *args)

        monkeypatch.setattr(EmbeddedStore, name, counted)
    return calls


def _parts(tmp_path: Path, n: int = 3) -> list[Path]:
    files = []
    for i in range(n):
        path = tmp_path / f"part{i}.nq"
        path.write_text(
            f'<urn:s{i}> <urn:p> "{i}" <urn:g{i}> .\n<urn:s{i}> <urn:p> "x" <urn:g{i}> .'
        )
        files.append(path)  # no line break at the end: the next file must still parse
    return files


def test_nquads_into_an_empty_store_go_in_one_loader_call_without_compaction(tmp_path, monkeypatch):
    """One loader call into an empty store leaves one set of tables: nothing to compact."""
    calls = _spy(monkeypatch)
    store = open_store(Settings(store=str(tmp_path / "s")))
    load(store, _parts(tmp_path))
    assert calls == {"bulk_load": 1, "optimize": 0}
    assert count(store) == 6
    assert {g.value for g in named_graphs(store)} == {"urn:g0", "urn:g1", "urn:g2"}
    store.close()


def test_a_load_into_a_store_holding_data_is_compacted_once(tmp_path, monkeypatch):
    store = open_store(Settings(store=str(tmp_path / "s")))
    replace_graph(store, G, [Triple(NamedNode("urn:a"), NamedNode("urn:b"), Literal("kept"))])
    calls = _spy(monkeypatch)
    load(store, _parts(tmp_path))
    assert calls == {"bulk_load": 1, "optimize": 1}
    assert count(store) == 7
    store.close()


def test_several_loader_calls_or_more_than_a_batch_are_compacted(tmp_path, monkeypatch):
    import kg.store.load as loading

    calls = _spy(monkeypatch)
    trig = tmp_path / "g.trig"
    trig.write_text(f'{G} {{ <urn:a> <urn:b> "trig" . }}\n')
    store = open_store(Settings(store=str(tmp_path / "two-calls")))
    load(store, [*_parts(tmp_path, 2), trig])  # N-Quads run, then TriG: two calls
    assert calls == {"bulk_load": 2, "optimize": 1}
    assert count(store) == 5
    store.close()
    monkeypatch.setattr(loading, "ONE_BATCH_QUADS", 5)
    store = open_store(Settings(store=str(tmp_path / "big")))
    load(store, _parts(tmp_path))  # 6 quads: more than one batch of the loader
    assert calls == {"bulk_load": 3, "optimize": 2}
    store.close()


def _big(tmp_path: Path, name: str, lines: int, blank: bool = False) -> Path:
    """An N-Quads file of `lines` statements in two graphs; with `blank`, its first and its
    last statement have the same blank node."""
    rows = [f'<urn:{name}/s{i}> <urn:p> "{i}" <urn:g{i % 2}> .' for i in range(lines)]
    if blank:
        rows[0] = '_:shared <urn:p> "first" <urn:g0> .'
        rows[-1] = '_:shared <urn:p> "last" <urn:g1> .'
    path = tmp_path / name
    path.write_text("\n".join(rows) + "\n")
    return path


def _content(store) -> set[tuple[str, str, str, str]]:
    """The quads, a blank node written as one name for all (their labels are the loader's)."""

    def term(t):
        return "_:" if isinstance(t, BlankNode) else str(t)

    return {
        (term(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store.quads()
    }


def test_a_load_compacted_anyway_runs_its_parts_side_by_side(tmp_path, monkeypatch):
    """More than a batch of quads: the load is compacted anyway, so a large N-Quads file
    without blank nodes is cut at line breaks into `threads` parts loaded in threads at
    once; a file with blank nodes is loaded whole (its blank node stays one node). The
    store holds the same quads as a load one call at a time."""
    import threading

    import kg.store.load as loading
    from kg.store.embedded import EmbeddedStore

    monkeypatch.setattr(loading, "ONE_BATCH_QUADS", 100)
    monkeypatch.setattr(loading, "MIN_PART_BYTES", 1000)
    files = [_big(tmp_path, "plain.nq", 3001), _big(tmp_path, "blank.nq", 500, blank=True)]
    threads: set[str] = set()
    original = EmbeddedStore.bulk_load
    # the two largest calls (the parts of plain.nq) go first: each waits for the other, so
    # the load fails here (BrokenBarrierError) unless they run at the same time
    together, started = threading.Barrier(2, timeout=30), itertools.count()

    def seen(self, *args):
        threads.add(threading.current_thread().name)
        if next(started) < 2:
            together.wait()
        return original(self, *args)

    monkeypatch.setattr(EmbeddedStore, "bulk_load", seen)
    calls = _spy(monkeypatch)
    side_by_side = open_store(Settings(store=str(tmp_path / "two")))
    load(side_by_side, files, threads=2)
    assert calls == {"bulk_load": 3, "optimize": 1}  # plain.nq in two parts, blank.nq whole
    assert len(threads) == 2 and all(t.startswith("policykg-load") for t in threads)
    one = open_store(Settings(store=str(tmp_path / "one")))
    load(one, files, threads=1)
    assert _content(side_by_side) == _content(one)
    assert count(side_by_side) == 3501
    blank = {q.subject for q in side_by_side.quads() if isinstance(q.subject, BlankNode)}
    assert len(blank) == 1
    side_by_side.close()
    one.close()


def test_a_new_store_loaded_side_by_side_holds_every_quad(tmp_path, monkeypatch):
    """Into a new store the quads are not counted before the load: the lines of the
    N-Quads files stand for them, and a file of more lines than a batch loads in parts."""
    import kg.store.load as loading

    monkeypatch.setattr(loading, "ONE_BATCH_QUADS", 100)
    monkeypatch.setattr(loading, "MIN_PART_BYTES", 1000)
    files = [_big(tmp_path, "a.nq", 2000), _big(tmp_path, "b.nq", 7)]
    calls = _spy(monkeypatch)
    loaded = loading.load_new_store(tmp_path / "new", files, threads=3)
    assert calls["bulk_load"] == 4 and calls["optimize"] == 1  # a.nq in three parts, b.nq whole
    assert loaded.quads == 2007 and loaded.graphs == {"urn:g0", "urn:g1"}
    store = open_store(Settings(store=str(tmp_path / "new")))
    assert {str(q.object) for q in store.quads()} == {f'"{i}"' for i in range(2000)}
    store.close()


def test_a_bad_statement_in_a_part_writes_nothing_and_names_the_file(tmp_path, monkeypatch):
    import kg.store.load as loading

    monkeypatch.setattr(loading, "ONE_BATCH_QUADS", 100)
    monkeypatch.setattr(loading, "MIN_PART_BYTES", 1000)
    bad = _big(tmp_path, "bad.nq", 1000)
    bad.write_text(bad.read_text() + "<urn:s> <urn:p> not-rdf <urn:g0> .\n")
    with pytest.raises(LoadError, match=r"bad\.nq"):
        loading.load_new_store(tmp_path / "new", [bad], threads=2)
    assert not (tmp_path / "new").exists()
    assert not list(tmp_path.glob(".new.loading-*"))


@pytest.mark.parametrize("parts", [1, 2, 3, 7])
def test_line_cuts_start_lines_and_cover_the_file(tmp_path, parts):
    from kg.store.load import _line_cuts

    path = tmp_path / "f.nq"
    path.write_bytes(b"a\n" + b"x" * 50 + b"\nbb\n\nc")  # a long line, an empty one, no final break
    cuts = _line_cuts(path, parts)
    data = path.read_bytes()
    assert cuts[0] == 0 and cuts[-1] == len(data) and cuts == sorted(cuts)
    assert all(c == 0 or c == len(data) or data[c - 1 : c] == b"\n" for c in cuts)
    assert b"".join(data[a:b] for a, b in itertools.pairwise(cuts)) == data


def test_load_threads_setting():
    assert Settings.from_env({}).load_threads == 2
    assert Settings.from_env({"POLICYKG_LOAD_THREADS": "1"}).load_threads == 1
    with pytest.raises(ConfigurationError):
        Settings.from_env({"POLICYKG_LOAD_THREADS": "0"})


def test_blank_nodes_of_two_files_stay_two_nodes(tmp_path, monkeypatch):
    """A blank node label is scoped to its file: files are joined into one loader call
    only if at most one of them holds blank nodes."""
    calls = _spy(monkeypatch)
    files = []
    for i in range(3):
        path = tmp_path / f"b{i}.nq"
        path.write_text(f'_:b1 <urn:p> "{i}" <urn:g{i}> .\n' if i != 1 else
                        f'<urn:s> <urn:p> "no blank node" <urn:g{i}> .\n')  # fmt: skip
        files.append(path)
    store = open_store(Settings(store=str(tmp_path / "s")))
    load(store, files)
    subjects = [q.subject for q in store.quads() if isinstance(q.subject, BlankNode)]
    assert len(subjects) == 2 and subjects[0] != subjects[1]
    assert calls["bulk_load"] == 2  # b0 + b1 joined, b2 alone
    store.close()


def test_empty_and_non_empty_targets_end_with_the_same_graphs(tmp_path):
    """Loading into an empty store (no DROP, maybe no compaction) and over older versions
    of the same graphs (DROP, compaction) give the same content for the loaded graphs."""
    files = _parts(tmp_path)
    turtle = tmp_path / "notes.ttl"
    turtle.write_text('<urn:t> <urn:b> "turtle" .\n')
    empty = open_store(Settings(store=str(tmp_path / "empty")))
    load(empty, [*files, turtle])
    held = open_store(Settings(store=str(tmp_path / "held")))
    other = NamedNode("urn:other")
    for graph in (NamedNode("urn:g1"), other):
        replace_graph(held, graph, [Triple(NamedNode("urn:old"), NamedNode("urn:p"), Literal("o"))])
    load(held, [*files, turtle])
    loaded = {g.value for g in named_graphs(empty)}
    assert loaded == {"urn:g0", "urn:g1", "urn:g2", f"{LOAD_GRAPH}notes"}
    assert {g.value for g in named_graphs(held)} == loaded | {other.value}
    assert set(empty.quads()) == {q for q in held.quads() if q.graph_name != other}
    empty.close()
    held.close()


def test_a_bad_file_leaves_an_empty_store_empty(tmp_path):
    store = open_store(Settings(store=str(tmp_path / "s")))
    good, bad = _parts(tmp_path, 1)[0], tmp_path / "bad.nq"
    bad.write_text('<urn:x> <urn:y> "unterminated .\n')
    with pytest.raises(LoadError, match=r"bad\.nq"):
        load(store, [good, bad])
    assert store.is_empty()
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


def test_load_into_a_new_store_gives_the_same_graphs(tmp_path):
    """`policykg load` into a store directory that does not exist yet: the files load into
    a staging directory, which becomes the store; the counts come from the store."""
    files = _parts(tmp_path)
    target = tmp_path / "new" / "store"
    answer = run("load", *map(str, files), store=target)
    assert answer.returncode == 0, answer.stderr
    assert "6 quads in 3 named graphs" in answer.stdout
    assert sorted(p.name for p in target.parent.iterdir()) == ["store"]  # no staging left
    reference = open_store(Settings(store=str(tmp_path / "reference")))
    load(reference, files)
    expected = set(reference.quads())
    reference.close()
    loaded = open_store(Settings(store=str(target)), read_only=True)
    assert set(loaded.quads()) == expected
    loaded.close()


def test_a_bad_file_leaves_no_new_store(tmp_path):
    good, bad = _parts(tmp_path, 1)[0], tmp_path / "bad.nq"
    bad.write_text('<urn:x> <urn:y> "unterminated .\n')
    target = tmp_path / "new"
    answer = run("load", str(good), str(bad), store=target)
    assert answer.returncode == 1
    assert "bad.nq" in answer.stderr
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".new")] == []


def test_triples_outside_named_graphs_leave_no_new_store(tmp_path):
    """Into a new store the files are not parsed before the load: the loaded result is
    looked at, and the file at fault named."""
    good, bad = _parts(tmp_path, 1)[0], tmp_path / "default.nq"
    bad.write_text('<urn:a> <urn:b> "in the default graph" .\n')
    target = tmp_path / "new"
    answer = run("load", str(good), str(bad), store=target)
    assert answer.returncode == 1
    assert "default.nq" in answer.stderr and "outside any named graph" in answer.stderr
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".new")] == []


def test_a_dead_loads_staging_directory_is_deleted(tmp_path):
    """A load killed midway leaves its staging directory: the next load removes it."""
    from kg.store.load import load_new_store

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    stale = tmp_path / f".store.loading-{dead}"
    (stale / "junk").mkdir(parents=True)
    load_new_store(tmp_path / "store", _parts(tmp_path, 1))
    assert not stale.exists()
    assert (tmp_path / "store" / "CURRENT").is_file()


def test_a_store_made_meanwhile_is_left_alone(tmp_path, monkeypatch):
    """If another load made the store while this one staged, this one fails, cleanly."""
    import kg.store.load as loading
    from kg.errors import StoreError

    target = tmp_path / "store"

    def meanwhile(*_args: object) -> bool:
        (target / "theirs").mkdir(parents=True)  # the other load renamed its staging first
        return False

    monkeypatch.setattr(loading, "needs_compaction", meanwhile)
    with pytest.raises(StoreError, match="Write to"):
        loading.load_new_store(target, _parts(tmp_path, 1))
    assert [p.name for p in target.iterdir()] == ["theirs"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store.loading")]
