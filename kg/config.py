"""Settings, read once from the POLICYKG_* environment variables (docs/api.md §2).

Each setting is declared once in `SETTINGS` with its default and help text; the README's
configuration table is checked against it by the tests.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ConfigurationError
from kg.locale import mark

#: name → (default, help). The single declaration of every setting.
SETTINGS: dict[str, tuple[str | None, str]] = {
    "POLICYKG_STORE": (
        "var/store",
        "a directory = embedded on-disk store; `memory` = in-memory; an http(s):// URL = "
        "a SPARQL 1.1 server's query endpoint",
    ),
    "POLICYKG_UPDATE_URL": (
        None,
        "the SPARQL 1.1 update endpoint of a remote store (default: the query URL with a "
        "trailing /query replaced by /update, else the query URL itself)",
    ),
    "POLICYKG_HOST": ("127.0.0.1", "where `serve` / `make run` listens"),
    "POLICYKG_PORT": ("8000", "the port `serve` / `make run` listens on"),
    "POLICYKG_TOKEN": (
        None,
        "bearer token required by every write endpoint; unset = writes refused",
    ),
    "POLICYKG_QUERY_TIMEOUT": ("10", "seconds a SPARQL query may run before it is stopped"),
    "POLICYKG_MAX_DOCUMENT_MB": (
        "20",
        "largest document `ingest` and POST /api/documents accept, in MB",
    ),
    "POLICYKG_DATA": (
        None,
        "folder holding ontology/ and data/ for `build` (default: the project's own)",
    ),
    "POLICYKG_PSEUDO_LANGUAGE": (
        None,
        "`1` = pages also accept `lang=qps`, which wraps every interface string in ⟦…⟧ so that "
        "text not taken from the catalogues stands out (for translators and tests); off by default",
    ),
    "POLICYKG_SERVICE_ALLOW": (
        None,
        "SPARQL endpoints a /sparql query may reach with SERVICE, as exact IRIs separated by "
        "spaces or commas; unset = federation refused (400)",
    ),
    "POLICYKG_MAX_RESULT_MB": (
        "32",
        "largest /sparql response, in MB; a larger answer is stopped with 413",
    ),
    "POLICYKG_MAX_QUERY_DEPTH": (
        "64",
        "deepest nesting of { ( [ a SPARQL query may have; deeper ones are refused (400) "
        "before they are parsed",
    ),
    "POLICYKG_INGEST_TIMEOUT": (
        "120",
        "seconds reading one document (parse + extract) may take before it is stopped; "
        "nothing is written and the client gets 503",
    ),
    "POLICYKG_QUERY_WORKERS": (
        "2",
        "processes answering /sparql queries (each can be stopped at the timeout)",
    ),
    "POLICYKG_SPARQL_FRONT": (
        "1",
        "`0` turns off the front workers: forked query workers that answer `GET /sparql` on "
        "the server's own socket, without the server process in the way (Linux; docs/store.md)",
    ),
    "POLICYKG_SPARQL_FRONT_WORKERS": (
        "2",
        "front workers (each holds several keep-alive connections; a query running past "
        "the timeout has its worker killed and replaced)",
    ),
    "POLICYKG_COPY_LIMIT_MB": (
        "512",
        "largest on-disk store (MB of table files) whose queries run on one in-memory copy "
        "shared by the query and front workers; a larger one is read from the disk (less "
        "memory, slower /sparql; docs/store.md)",
    ),
    "POLICYKG_FRONT_RECYCLE_MB": (
        "0",
        "MB of memory of its own a front worker may take (pages of the shared copy its "
        "queries wrote to as they read, its own allocations) before a fresh fork replaces "
        "it, keeping its connections; 0: never (each worker then tends towards a copy of its "
        "own). Below what the queries touch, /sparql slows down (docs/store.md)",
    ),
    "POLICYKG_KEEP_ALIVE": (
        "5",
        "seconds an idle keep-alive connection stays open (the server's and the front workers')",
    ),
    "POLICYKG_REMOTE_RECHECK": (
        "5",
        "with a remote store: seconds between two reads of its quad count, to notice writes "
        "made by other clients (remembered analyses are then recomputed); policykg's own "
        "writes are noticed at once",
    ),
    "POLICYKG_LANG": (
        None,
        "language of the command line's messages and tables (en, fr or sv; `--lang` wins); "
        "unset = from LC_ALL / LC_MESSAGES / LANG, else en. Pages and the API follow each request",
    ),
    "POLICYKG_VIEW_MAX_NODES": (
        "5000",
        "most nodes a network view (`/graph?limit=…`) may be asked to draw; a larger `limit` "
        "is refused (400)",
    ),
    "POLICYKG_VIEW_CLUSTER_ABOVE": (
        "2000",
        "network views of more nodes open as clusters (by column, kind and jurisdiction, "
        "with counts) that open on click; `0` = never",
    ),
    "POLICYKG_LOAD_THREADS": (
        "2",
        "loader calls `policykg load` runs at once when the load is compacted afterwards "
        "anyway (into a store that held data, or more than a million quads): large N-Quads "
        "files without blank nodes are cut into as many parts; `1` = one call at a time",
    ),
    "POLICYKG_LOAD": (
        None,
        "with POLICYKG_STORE=memory: TriG / N-Quads / Turtle exports `serve` loads on start, "
        "separated by the path separator; unset = `serve` builds the graph from POLICYKG_DATA",
    ),
}

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Everything configurable, as typed values. Tests build one explicitly."""

    store: str = "var/store"
    update_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    query_timeout: float = 10.0
    max_document_bytes: int = 20 * 1024 * 1024
    root: Path = field(default=PROJECT_ROOT)
    pseudo_language: bool = False
    service_allow: tuple[str, ...] = ()
    max_result_bytes: int = 32 * 1024 * 1024
    max_query_depth: int = 64
    ingest_timeout: float = 120.0
    query_workers: int = 2
    load: tuple[str, ...] = ()
    remote_recheck: float = 5.0
    view_max_nodes: int = 5000
    view_cluster_above: int = 2000
    sparql_front: bool = True
    sparql_front_workers: int = 2
    keep_alive: float = 5.0
    copy_limit_mb: float = 512.0
    front_recycle_mb: float = 0.0
    load_threads: int = 2

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(name)
            return value if value not in (None, "") else SETTINGS[name][0]

        def number(name: str, kind: type[float] | type[int] = float) -> float:
            text = get(name) or ""
            try:
                value = kind(text)
            except ValueError as exc:
                raise ConfigurationError(
                    mark("{name} must be a number, not {text!r}"), name=name, text=text
                ) from exc
            if value <= 0:
                raise ConfigurationError(
                    mark("{name} must be positive, not {text!r}"), name=name, text=text
                )
            return value

        port = int(number("POLICYKG_PORT", int))
        timeout = number("POLICYKG_QUERY_TIMEOUT")
        max_mb = number("POLICYKG_MAX_DOCUMENT_MB")
        root = get("POLICYKG_DATA")
        allow = (get("POLICYKG_SERVICE_ALLOW") or "").replace(",", " ").split()
        # 0 is allowed here (never cluster), unlike the other numbers
        above = get("POLICYKG_VIEW_CLUSTER_ABOVE") or ""
        cluster_above = (
            0 if above.strip() == "0" else int(number("POLICYKG_VIEW_CLUSTER_ABOVE", int))
        )
        recycle = get("POLICYKG_FRONT_RECYCLE_MB") or ""  # 0 allowed: never
        front_recycle = (
            0.0 if recycle.strip() in ("0", "0.0") else number("POLICYKG_FRONT_RECYCLE_MB")
        )
        loads = [p for p in (get("POLICYKG_LOAD") or "").split(os.pathsep) if p]
        return cls(
            store=get("POLICYKG_STORE") or "var/store",
            update_url=get("POLICYKG_UPDATE_URL"),
            host=get("POLICYKG_HOST") or "127.0.0.1",
            port=port,
            token=get("POLICYKG_TOKEN"),
            query_timeout=timeout,
            max_document_bytes=int(max_mb * 1024 * 1024),
            root=Path(root).resolve() if root else PROJECT_ROOT,
            pseudo_language=(get("POLICYKG_PSEUDO_LANGUAGE") or "") in ("1", "true", "yes"),
            service_allow=tuple(allow),
            max_result_bytes=int(number("POLICYKG_MAX_RESULT_MB") * 1024 * 1024),
            max_query_depth=int(number("POLICYKG_MAX_QUERY_DEPTH", int)),
            ingest_timeout=number("POLICYKG_INGEST_TIMEOUT"),
            query_workers=int(number("POLICYKG_QUERY_WORKERS", int)),
            load=tuple(loads),
            remote_recheck=number("POLICYKG_REMOTE_RECHECK"),
            view_max_nodes=int(number("POLICYKG_VIEW_MAX_NODES", int)),
            view_cluster_above=cluster_above,
            sparql_front=(get("POLICYKG_SPARQL_FRONT") or "1").strip().lower()
            not in ("0", "false", "no", "off"),
            sparql_front_workers=int(number("POLICYKG_SPARQL_FRONT_WORKERS", int)),
            keep_alive=number("POLICYKG_KEEP_ALIVE"),
            copy_limit_mb=number("POLICYKG_COPY_LIMIT_MB"),
            front_recycle_mb=front_recycle,
            load_threads=int(number("POLICYKG_LOAD_THREADS", int)),
        )
