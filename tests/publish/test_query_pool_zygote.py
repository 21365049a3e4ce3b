"""Queries on one in-memory copy held by a zygote and shared by forked workers (issue 12):
the same answers as the store, no thread in the zygote when it forks, a timeout that kills
the query, writes seen by the next query, nothing left running after `close`."""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import (
    Literal,
    NamedNode,
    QueryResultsFormat,
    Triple,
)

from kg.config import Settings
from kg.errors import QueryTimeout
from kg.publish import named_queries
from kg.publish.query_pool import (
    Dataset,
    QueryPool,
    Source,
    _ForkedWorker,
    _memory_copy,
    _Worker,
    evaluate,
    wants_copy,
)
from kg.store import EmbeddedStore, replace_graph
from tests.publish.conftest import JSON, RUNAWAY, rows

ASK = "ASK { ?s a pkg:Offence }"


def _in_memory(pool: QueryPool) -> QueryPool:
    """The pool once its zygote holds the copy and its worker was forked from it."""
    pool.run(ASK, Dataset(), JSON)  # from the disk: the copy starts loading after it
    assert pool._zygote is not None and pool._zygote.poll_ready(120)
    pool.run(ASK, Dataset(), JSON)  # a worker reading the disk meanwhile is replaced now
    assert all(isinstance(w, _ForkedWorker) for w in pool._workers)
    return pool


@pytest.fixture(scope="module")
def pool(disk_store: EmbeddedStore) -> Iterator[QueryPool]:
    workers = _in_memory(QueryPool(disk_store, timeout=3, workers=1))
    yield workers
    workers.close()


def test_forked_workers_answer_the_catalogue_as_an_in_memory_store_does(disk_store, pool):
    """The same answers as pyoxigraph's in-memory store loaded from the store's content; the
    on-disk store gives the same rows apart from what SPARQL leaves to the engine (the
    order of GROUP_CONCAT's parts, the value SAMPLE picks), compared without them."""
    memory = _memory_copy(Source(path=str(disk_store.path)))
    for name in sorted(named_queries.catalogue()):
        query = named_queries.get(name)
        text = named_queries.bound_sparql(disk_store, query, query.example_values())
        answer = pool.run(text, Dataset(), JSON).body
        expected = evaluate(memory, text).serialize(format=QueryResultsFormat.JSON)  # type: ignore[union-attr]
        assert rows(answer) == rows(expected), name
        on_disk = disk_store.query(text).serialize(format=QueryResultsFormat.JSON)  # type: ignore[union-attr]
        if not re.search(r"GROUP_CONCAT|SAMPLE", text, re.I):
            assert rows(answer) == rows(on_disk), name
        else:
            assert len(rows(answer)) == len(rows(on_disk)), name
    assert all(isinstance(w, _ForkedWorker) for w in pool._workers)


def test_the_zygote_has_no_other_thread_when_it_forks(pool):
    assert pool._zygote is not None
    assert pool._zygote.threads == 1


def test_a_timeout_kills_the_forked_worker_and_a_fork_replaces_it(pool):
    [before] = pool._workers
    assert isinstance(before, _ForkedWorker)
    pid = before.pid
    deaths = pool.deaths  # the module's pool: another test may have killed a worker first
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        pool.run(RUNAWAY, Dataset(), JSON)
    assert time.monotonic() - started < 3 + 2  # stopped at its limit
    assert pid is not None and not Path(f"/proc/{pid}").exists()  # killed and reaped
    assert b"true" in pool.run(ASK, Dataset(), JSON).body
    [after] = pool._workers
    assert isinstance(after, _ForkedWorker) and after.pid != pid
    assert pool.deaths == deaths  # a timeout is not a death


def test_a_forked_worker_killed_between_queries_costs_no_answer(pool):
    deaths = pool.deaths
    [worker] = pool._workers
    assert isinstance(worker, _ForkedWorker) and worker.pid is not None
    os.kill(worker.pid, signal.SIGKILL)
    worker.join(5)
    assert b"true" in pool.run(ASK, Dataset(), JSON).body
    assert pool.deaths == deaths + 1


def test_a_write_is_seen_by_the_next_query_then_by_a_new_copy(disk_store, pool):
    graph = NamedNode("https://w3id.org/policykg/graph/test/zygote")
    ask = "ASK { <urn:zygote:new> ?p ?o }"
    assert b"false" in pool.run(ask, Dataset(), JSON).body
    old = pool._zygote
    replace_graph(
        disk_store, graph, [Triple(NamedNode("urn:zygote:new"), NamedNode("urn:p"), Literal(1))]
    )
    assert b"true" in pool.run(ask, Dataset(), JSON).body  # read from the disk meanwhile
    assert pool._zygote is not old and pool._zygote is not None
    assert pool._zygote.poll_ready(120)
    assert b"true" in pool.run(ask, Dataset(), JSON).body
    assert all(isinstance(w, _ForkedWorker) for w in pool._workers)
    assert old is not None and not old.process.is_alive()  # its last worker gone, it stopped


def test_an_in_memory_store_is_copied_once_not_per_worker():
    store = EmbeddedStore()
    replace_graph(
        store,
        NamedNode("https://e.org/g"),
        [Triple(NamedNode("https://e.org/s"), NamedNode("https://e.org/p"), Literal("o"))],
    )
    pool = QueryPool(store, timeout=30, workers=2)
    try:
        assert b"true" in pool.run("ASK { ?s ?p ?o }", Dataset(), JSON).body
        assert pool._workers and not any(isinstance(w, _Worker) for w in pool._workers)
    finally:
        pool.close()


def test_close_leaves_nothing_running(disk_store):
    pool = _in_memory(QueryPool(disk_store, timeout=30, workers=2))
    for worker in list(pool._workers):
        worker.wait_ready()
    pids = [w.pid for w in pool._workers if isinstance(w, _ForkedWorker)]
    zygote = pool._zygote
    pool.close()
    assert zygote is not None and not zygote.process.is_alive()
    assert pids and not [p for p in pids if p is not None and Path(f"/proc/{p}").exists()]


def test_a_copy_by_default_for_small_stores_and_memory_stores_only(tmp_path: Path):
    (tmp_path / "000001.sst").write_bytes(b"x" * 2048)
    assert wants_copy(Source(path=str(tmp_path)), limit_mb=1)
    assert not wants_copy(Source(path=str(tmp_path)), limit_mb=0.001)
    assert wants_copy(Source(nquads=b""), limit_mb=0)


def test_the_copy_limit_is_the_pools_setting(disk_store: EmbeddedStore):
    """POLICYKG_COPY_LIMIT_MB reaches the pool: under a limit smaller than the store's
    tables, its queries stay on the disk (no copy is made after the first answer)."""
    assert Settings.from_env({"POLICYKG_COPY_LIMIT_MB": "0.001"}).copy_limit_mb == 0.001
    pool = QueryPool(disk_store, timeout=30, workers=1, copy_limit_mb=0.001)
    try:
        assert b"true" in pool.run(ASK, Dataset(), JSON).body
        assert b"true" in pool.run(ASK, Dataset(), JSON).body
        assert pool._zygote is None
    finally:
        pool.close()


def test_warm_loads_the_copy_before_any_query(disk_store: EmbeddedStore):
    """A server calls `warm` once its application is built: the copy of an on-disk store
    loads then, not after the first query (which the disk would answer meanwhile)."""
    pool = QueryPool(disk_store, timeout=30, workers=1)
    try:
        pool.start()
        assert pool._zygote is None  # started: the copy waits, the first answer comes first
        pool.warm()
        zygote = pool._zygote
        assert zygote is not None and zygote.poll_ready(120)
        assert b"true" in pool.run(ASK, Dataset(), JSON).body
        assert pool._zygote is zygote  # the query used it; no second copy
    finally:
        pool.close()


#: Run in a fresh interpreter, as the zygote is one (spawned): in this test process the main
#: arena already holds the holes every earlier test left, which the forked child would fill.
_FORKED_WORKER = """
import gc, os, sys
from kg.publish.query_pool import Source, _memory_copy

def private_mb():
    total = 0
    with open("/proc/self/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith(("Private_Clean:", "Private_Dirty:")):
                total += int(line.split()[1])
    return total / 1024

lines = [
    f'<https://e.org/s{i % 5000}> <https://e.org/p{i % 7}> "value {i} {"x" * (i % 40)}" '
    f"<https://e.org/g{i % 300}> .\\n"
    for i in range(60_000)
]
copy = _memory_copy(Source(None, "".join(lines).encode()))
gc.collect()
gc.freeze()
read, write = os.pipe()
pid = os.fork()
if pid == 0:  # a worker, as the zygote forks it
    before = private_mb()
    for _ in range(2000):
        list(copy.query("SELECT ?o { <https://e.org/s42> ?p ?o }"))
    os.write(write, f"{private_mb() - before:.1f}".encode())
    os._exit(0)
os.close(write)
assert os.waitpid(pid, 0)[1] == 0
print(os.read(read, 64).decode())
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/smaps_rollup"), reason="Linux only")
def test_a_worker_forked_from_the_copy_keeps_sharing_its_pages():
    """The copy is built in a thread of its own (`_memory_copy`), so that a forked worker's
    allocations do not land in the holes the load left among the copy's pages (each write
    there copies a shared page: ~7 MB of its own after these 2,000 queries when the copy
    was built in the main thread, ~1 MB now; 178 MB against 2 MB at 1M triples)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _FORKED_WORKER],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    grown = float(done.stdout.strip())
    assert grown < 4, f"the worker made {grown} MB of the copy's pages its own"
