"""The query path without copies (issue 12.1) keeps what the copies guaranteed: the same
answers as the store itself on every catalogue query, a timeout that stops the query, a
worker that sees writes, and an answer while another worker runs away."""

from __future__ import annotations

import os
import threading
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

from kg.errors import QueryTimeout
from kg.publish import named_queries
from kg.publish.query_pool import Dataset, QueryPool
from kg.store import EmbeddedStore, replace_graph
from tests.publish.conftest import JSON, RUNAWAY, rows


@pytest.fixture(scope="module")
def pool(disk_store: EmbeddedStore) -> Iterator[QueryPool]:
    # The workers that read the on-disk store (they serve while the in-memory copy loads
    # and after a write); the forked ones are tested in test_query_pool_zygote.py.
    workers = QueryPool(disk_store, timeout=5, workers=2, in_memory=False)
    yield workers
    workers.close()


@pytest.mark.parametrize("name", sorted(named_queries.catalogue()))
def test_catalogue_queries_answer_as_the_store_does(disk_store, pool, name):
    query = named_queries.get(name)
    text = named_queries.bound_sparql(disk_store, query, query.example_values())
    direct = disk_store.query(text)
    expected = rows(direct.serialize(format=QueryResultsFormat.JSON))  # type: ignore[union-attr]
    answer = pool.run(text, Dataset(), JSON)
    assert rows(answer.body) == expected
    assert expected or name in {"absences", "documents-citing"}, "an example that finds nothing"


def test_workers_see_a_write_before_the_next_query(disk_store, pool):
    graph = NamedNode("https://w3id.org/policykg/graph/test/query-path")
    ask = "ASK { <urn:query-path:new> ?p ?o }"
    assert b"false" in pool.run(ask, Dataset(), JSON).body
    replace_graph(
        disk_store, graph, [Triple(NamedNode("urn:query-path:new"), NamedNode("urn:p"), Literal(1))]
    )
    assert b"true" in pool.run(ask, Dataset(), JSON).body


def test_a_runaway_query_is_stopped_while_the_other_worker_answers(pool):
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        try:
            pool.run(RUNAWAY, Dataset(), JSON)
        except QueryTimeout as exc:
            outcome["error"] = exc
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    quick = pool.run("ASK { ?s a pkg:Offence }", Dataset(), JSON)
    assert b"true" in quick.body  # the other worker answered meanwhile
    thread.join(30)
    assert isinstance(outcome.get("error"), QueryTimeout)
    assert not thread.is_alive()
    assert outcome["seconds"] >= 5  # type: ignore[operator]  # not stopped before its limit
    assert b"true" in pool.run("ASK { ?s a pkg:Offence }", Dataset(), JSON).body
    assert pool.deaths == 0  # a timeout is not a death


def test_no_file_is_written_beside_the_store(disk_store, pool):
    before = sorted(p.name for p in Path(str(disk_store.path)).iterdir())
    pool.run("ASK { ?s ?p ?o }", Dataset(), JSON)
    after = sorted(p.name for p in Path(str(disk_store.path)).iterdir())
    assert not [n for n in after if n not in before and n.endswith((".nq", ".trig"))]


def test_a_worker_killed_between_queries_costs_no_answer(disk_store):
    """A worker that dies while idle (the OOM killer, a signal) is replaced, its death is
    counted, and the query that found it dead is answered by its successor."""
    import asyncio
    import signal

    pool = QueryPool(disk_store, timeout=5, workers=1, in_memory=False)
    try:
        assert b"true" in pool.run("ASK { ?s a pkg:Offence }", Dataset(), JSON).body
        for run in (pool.run, lambda *a: asyncio.run(pool.arun(*a))):
            [worker] = pool._workers
            os.kill(worker.process.pid, signal.SIGKILL)
            worker.process.join(5)
            assert b"true" in run("ASK { ?s a pkg:Offence }", Dataset(), JSON).body
        assert pool.deaths == 2
    finally:
        pool.close()


def test_a_large_answer_awaited_under_uvloop_is_read_whole():
    """uvloop (what `policykg serve` runs) makes the descriptors it watches non-blocking: a
    reply larger than the pipe's buffer was then read half-way (EAGAIN) and its worker
    taken for dead, by `arun` and by the next `run` alike."""
    uvloop = pytest.importorskip("uvloop")
    store = EmbeddedStore()
    replace_graph(
        store,
        NamedNode("https://e.org/g"),
        [Triple(NamedNode(f"https://e.org/s{i}"), NamedNode("https://e.org/p"), Literal(i))
         for i in range(5000)],
    )  # fmt: skip
    pool = QueryPool(store, timeout=60, workers=1)
    try:
        query = "SELECT ?s ?o WHERE { ?s ?p ?o }"
        for _ in range(3):
            body = uvloop.run(pool.arun(query, Dataset(), JSON)).body
            assert len(body) > 300_000 and len(rows(body)) == 5000
        assert len(rows(pool.run(query, Dataset(), JSON).body)) == 5000
        assert pool.deaths == 0
    finally:
        pool.close()
