"""The store: an embedded Oxigraph (on disk or in memory) or a SPARQL 1.1 server, behind one
`Store` protocol; `open_store` picks the one POLICYKG_STORE names. May import: kg core only.
"""

from __future__ import annotations

from pathlib import Path

from kg.config import Settings
from kg.store.base import (
    QueryResult,
    Store,
    count,
    drop_graph,
    dump,
    fingerprint,
    has_graph,
    insert_data,
    named_graphs,
    replace_graph,
)
from kg.store.embedded import EmbeddedStore
from kg.store.memo import Memo, total
from kg.store.remote import RemoteStore

__all__ = [
    "EmbeddedStore",
    "Memo",
    "QueryResult",
    "RemoteStore",
    "Store",
    "count",
    "drop_graph",
    "dump",
    "fingerprint",
    "has_graph",
    "insert_data",
    "named_graphs",
    "open_store",
    "replace_graph",
    "total",
]


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The backend for `settings.store`; relative directories are taken from the cwd.

    `read_only` opens an on-disk store without its lock, as it is at that moment, so that
    `export` and `query` work while a server holds the store."""
    location = settings.store
    if location == "memory":
        return EmbeddedStore()
    if location.startswith(("http://", "https://")):
        return RemoteStore(
            location,
            settings.update_url,
            timeout=max(settings.query_timeout, 30.0),
            recheck=settings.remote_recheck,
        )
    return EmbeddedStore(Path(location), read_only=read_only)
