"""Answers remembered until the store changes, safe to share between threads.

Several readers keep what they computed from a store (the vocabulary, the resource graph,
the analyses' documents, the quad count) until the store's next write. `Memo` is that
cache, once: keyed by the store's `fingerprint` — its identity, a token no other store
object ever gets (not `id()`, which Python reuses once an object is collected), and its
write counter — so two stores never share an answer, and any write makes every answer of
that store stale. A lock guards the table; the computation itself runs outside it, so a
slow answer does not hold up the others (two threads may then compute the same answer
once each, which is harmless: answers are pure functions of the store's content).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from kg.store.base import Store, count, fingerprint

T = TypeVar("T")


class Memo(Generic[T]):
    """A bounded table of answers (least recently used dropped first) per store content."""

    def __init__(self, kept: int) -> None:
        if kept < 1:
            raise ValueError("a memo keeps at least one answer")
        self.kept = kept
        self._answers: OrderedDict[tuple[Hashable, ...], T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, store: Store, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """The answer remembered for `key` on the store's current content, or `compute()`'s
        (then remembered). Callers must treat the answer as read-only."""
        full = (fingerprint(store), *key)
        with self._lock:
            if full in self._answers:
                self._answers.move_to_end(full)
                return self._answers[full]
        value = compute()
        with self._lock:
            self._answers[full] = value
            self._answers.move_to_end(full)
            while len(self._answers) > self.kept:
                self._answers.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._answers)


_TOTALS: Memo[int] = Memo(kept=4)


def total(store: Store) -> int:
    """`count(store)`, remembered until the next write where the store counts its writes:
    counting scans every quad, which on disk is too slow for a health check."""
    if not isinstance(getattr(store, "writes", None), int):
        return count(store)
    return _TOTALS.get(store, ("total",), lambda: count(store))
