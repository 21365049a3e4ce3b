"""Analyses remembered until the store's next write.

A drafting team asks the same questions again and again (the gaps of FR against SE, the
brief of this week's question); each answer costs dozens of queries. `remember` keeps the
last answers keyed by the store's fingerprint (its identity and write counter, O(1): see
kg.store.memo), so any write makes them stale, two stores never share an answer, and a
repeated request costs a dictionary lookup. Callers must treat what they get as read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from kg import locale
from kg.store import Memo, Store

T = TypeVar("T")
KEPT = 256
_ANSWERS: Memo[Any] = Memo(kept=KEPT)


def remember(store: Store, compute: Callable[..., T], *args: Hashable) -> T:
    """`compute(store, *args)`, or its answer for the store's current content."""
    # The answer's words follow the request's language as well as its arguments.
    key = (locale.current(), compute.__module__, compute.__qualname__, *args)
    # One table for every analysis, so its values are Any; the key names `compute`, whose
    # answers are all T.
    return cast(T, _ANSWERS.get(store, key, lambda: compute(store, *args)))
