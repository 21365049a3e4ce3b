"""Analyses remembered until the store's next write.

A drafting team asks the same questions again and again (the gaps of FR against SE, the
brief of this week's question); each answer costs dozens of queries. `remember` keeps the
last answers keyed by the store's fingerprint (the embedded store's write counter, O(1)),
so any write makes them stale and a repeated request costs a dictionary lookup. Callers
must treat what they get as read-only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from kg import locale
from kg.store import Store, fingerprint

T = TypeVar("T")
KEPT = 256
_ANSWERS: OrderedDict[tuple[Hashable, ...], Any] = OrderedDict()
_LOCK = threading.Lock()


def remember(store: Store, compute: Callable[..., T], *args: Hashable) -> T:
    """`compute(store, *args)`, or its answer for the store's current content."""
    # The answer's words follow the request's language as well as its arguments.
    key = (fingerprint(store), locale.current(), compute.__module__, compute.__qualname__, *args)
    with _LOCK:
        if key in _ANSWERS:
            _ANSWERS.move_to_end(key)
            return _ANSWERS[key]  # type: ignore[no-any-return]
    value = compute(store, *args)
    with _LOCK:
        _ANSWERS[key] = value
        while len(_ANSWERS) > KEPT:
            _ANSWERS.popitem(last=False)
    return value
