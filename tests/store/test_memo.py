"""Remembered answers belong to one store's content: never handed to another store (even
one that Python put at the same address after the first was collected), dropped by a
write, and safe when threads write and read at once."""

from __future__ import annotations

import gc
import threading

from pyoxigraph import Literal, NamedNode, Triple

from kg.store import EmbeddedStore, Memo, fingerprint, replace_graph, total

GRAPH = NamedNode("https://example.org/g")


def _one_triple(store: EmbeddedStore, value: str) -> None:
    replace_graph(
        store,
        GRAPH,
        [
            Triple(
                NamedNode("https://example.org/s"),
                NamedNode("https://example.org/p"),
                Literal(value),
            )
        ],
    )


def _value(store: EmbeddedStore) -> str:
    rows = list(store.query("SELECT ?o WHERE { ?s ?p ?o }"))
    return rows[0]["o"].value if rows else ""


def test_two_stores_never_share_an_answer_after_collection():
    memo: Memo[str] = Memo(kept=8)
    for n in range(20):  # CPython reuses a collected object's address: try a few times
        store = EmbeddedStore()
        _one_triple(store, f"store {n}")
        assert memo.get(store, ("value",), lambda s=store: _value(s)) == f"store {n}"
        del store
        gc.collect(1)  # the young generations: where a store just dropped lives (fast)
    # Every store had the same write count (1): with id() in the key, a reused address
    # would have returned an earlier store's value above.


def test_stores_have_distinct_fingerprints_even_at_the_same_address():
    first = EmbeddedStore()
    token = fingerprint(first)
    address = id(first)
    del first
    gc.collect(1)
    seen = []
    for _ in range(50):
        other = EmbeddedStore()
        seen.append((id(other) == address, fingerprint(other) != token))
        del other
        gc.collect(1)
    assert all(distinct for _, distinct in seen)


def test_a_write_makes_the_answer_stale():
    memo: Memo[str] = Memo(kept=8)
    store = EmbeddedStore()
    _one_triple(store, "before")
    assert memo.get(store, ("value",), lambda: _value(store)) == "before"
    _one_triple(store, "after")
    assert memo.get(store, ("value",), lambda: _value(store)) == "after"
    assert total(store) == 1


def test_the_answer_is_reused_until_then():
    memo: Memo[int] = Memo(kept=8)
    store = EmbeddedStore()
    calls = []
    for _ in range(3):
        memo.get(store, ("k",), lambda: calls.append(1) or len(calls))
    assert calls == [1]


def test_the_table_keeps_at_most_its_bound_least_recent_out_first():
    memo: Memo[int] = Memo(kept=2)
    store = EmbeddedStore()
    memo.get(store, ("a",), lambda: 1)
    memo.get(store, ("b",), lambda: 2)
    memo.get(store, ("a",), lambda: 99)  # a is now the most recent
    memo.get(store, ("c",), lambda: 3)  # b goes
    assert len(memo) == 2
    assert memo.get(store, ("a",), lambda: 99) == 1
    assert memo.get(store, ("b",), lambda: 22) == 22


def test_concurrent_writes_are_all_counted():
    store = EmbeddedStore()
    threads = [
        threading.Thread(target=lambda n=n: [_one_triple(store, f"{n}-{i}") for i in range(25)])
        for n in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.writes == 200


def test_threads_reading_and_writing_never_see_a_stale_answer():
    """After a writer's write returns, every later read through the memo sees it."""
    memo: Memo[str] = Memo(kept=4)
    store = EmbeddedStore()
    _one_triple(store, "0")
    errors: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            memo.get(store, ("value",), lambda: _value(store))

    readers = [threading.Thread(target=reader) for _ in range(4)]
    for t in readers:
        t.start()
    try:
        for n in range(1, 60):
            _one_triple(store, str(n))
            got = memo.get(store, ("value",), lambda: _value(store))
            if got != str(n):
                errors.append(f"wrote {n}, read {got}")
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert errors == []
