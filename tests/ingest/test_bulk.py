"""The bulk path of `policykg ingest` (issue 12): readers forked only from a single-threaded
process, batches written by a writer thread in order, a bad file reported and skipped."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from kg.ingest.files import ingest_files
from kg.ingest.reader import ReaderPool, ReadRequest, single_threaded, start_readers
from kg.ingest.to_rdf import document_graph
from kg.store import has_graph

NOTE = "Note {n} du 3 mars 2021 : l'article 225-12-1 du code pénal, plus de {m} mineurs.\n"


def notes(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(count):
        path = folder / f"note-{n:02d}.txt"
        path.write_text(NOTE.format(n=n, m=1000 + n), encoding="utf-8")
        paths.append(path)
    return paths


def test_readers_are_forked_from_a_single_threaded_process_only():
    """A fresh interpreter has one thread: its readers are forked and read; with a second
    thread running (as RocksDB's, once a store is open), they are spawned."""
    script = (
        "import threading\n"
        "from kg.ingest.reader import start_readers, ReadRequest\n"
        "with start_readers(timeout=60, workers=1) as pool:\n"
        "    forked = pool._ctx.get_start_method()\n"
        "    doc = pool.read(ReadRequest('La Suède, 2020.'.encode(), 'a.txt'))\n"
        "stop = threading.Event()\n"
        "threading.Thread(target=stop.wait).start()\n"
        "with start_readers(timeout=60, workers=1) as pool:\n"
        "    spawned = pool._ctx.get_start_method()\n"
        "stop.set()\n"
        "print(forked, spawned, doc.text.startswith('La Suède'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["fork", "spawn", "True"]


def test_in_a_threaded_process_start_readers_spawns():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not single_threaded()
        with start_readers(timeout=60, workers=1) as pool:
            assert pool._ctx.get_start_method() == "spawn"
    finally:
        stop.set()
        thread.join()


def test_a_reader_replaced_after_a_timeout_is_spawned():
    with ReaderPool(timeout=60, workers=1, start_method="fork") as pool:
        assert pool._replace_ctx.get_start_method() == "spawn"
        assert pool.read(ReadRequest("La Suède, 2020.".encode(), "a.txt")).text


def test_batches_are_written_in_order_and_a_bad_file_is_skipped(store_copy, tmp_path):
    paths = notes(tmp_path / "docs", 7)
    empty = tmp_path / "docs" / "note-03.txt"
    empty.write_text("", encoding="utf-8")  # cannot be read: reported, the others go in
    seen = []
    with start_readers(timeout=60, workers=2) as readers:
        outcomes = ingest_files(store_copy, paths, batch=2, readers=readers, on_done=seen.append)
    assert seen == outcomes and len(outcomes) == len(paths)
    assert sorted(o.path for o in outcomes) == paths
    bad = [o for o in outcomes if o.result is None]
    assert [o.path for o in bad] == [empty] and "empty" in (bad[0].error or "")
    good = [o for o in outcomes if o.result is not None]
    # written batch after batch, in the order of the files
    assert [o.path for o in good] == [p for p in paths if p != empty]
    for outcome in good:
        assert outcome.result.created
        assert has_graph(store_copy, document_graph(outcome.result.id))
    again = ingest_files(store_copy, paths[:2], batch=2)  # the same files replace themselves
    assert [o.result.created for o in again if o.result] == [False, False]
