"""One reader for a resource's properties, which every analysis and page shares.

`properties(store, iri)` answers {property IRI: [values]} (each value once, sorted by their
N-Triples text, so that every backend gives the same order and an analysis that shows the
first of several values, a sanction's first legal basis, shows the same one over the
embedded store and a remote server) from the named query `properties.rq`, across all graphs. Readers that
look at the same resource many times per answer wrap it in a `PropertyReader`, which reads
each resource once. Over a remote store, where each read is a request, the answers are also
remembered until the store's next write (an analysis reads the same few hundred resources
again on every request).
"""

from __future__ import annotations

from collections import defaultdict

from pyoxigraph import BlankNode, Literal, NamedNode

from kg import queries
from kg.store.base import Store
from kg.store.memo import Memo

Value = NamedNode | BlankNode | Literal
Properties = dict[str, list[Value]]


def properties(store: Store, iri: str) -> Properties:
    """Every property of `iri` with its distinct values; a missing property is absent (use
    `.get(prop, [])`)."""
    native = getattr(store, "properties_of", None)
    if native is not None:  # the embedded store: one index look-up, the same answer
        found = {
            prop: [q.object for q in quads if isinstance(q.object, Value)]
            for prop, quads in native(iri).items()
        }
        return {prop: _sorted(values) for prop, values in found.items() if values}
    if isinstance(getattr(store, "writes", None), int):  # a remote store that counts changes
        return _REMEMBERED.get(store, (iri,), lambda: _read(store, iri))
    return _read(store, iri)


#: Properties read over a remote store, per resource, until its next write (read-only).
_REMEMBERED: Memo[Properties] = Memo(kept=20_000)


def _read(store: Store, iri: str) -> Properties:
    values: defaultdict[str, list[Value]] = defaultdict(list)
    for row in queries.run(store, "properties", subject=NamedNode(iri)):
        prop, value = row["property"], row["value"]
        if not isinstance(prop, NamedNode) or not isinstance(value, Value):
            continue
        if value not in values[prop.value]:
            values[prop.value].append(value)
    return {prop: _sorted(found) for prop, found in values.items()}


def _sorted(values: list[Value]) -> list[Value]:
    return values if len(values) < 2 else sorted(values, key=str)


class PropertyReader:
    """`properties` remembered per resource for the life of one answer (not across writes:
    make a new reader per request)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._read: dict[str, Properties] = {}

    def __call__(self, iri: str) -> Properties:
        if iri not in self._read:
            self._read[iri] = properties(self.store, iri)
        return self._read[iri]
