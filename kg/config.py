"""Settings, read once from the POLICYKG_* environment variables (CONTRACT §2).

Each setting is declared once in `SETTINGS` with its default and help text; the README's
configuration table is checked against it by the tests.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ConfigurationError

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

        try:
            port = int(get("POLICYKG_PORT") or "8000")
            timeout = float(get("POLICYKG_QUERY_TIMEOUT") or "10")
            max_mb = float(get("POLICYKG_MAX_DOCUMENT_MB") or "20")
        except ValueError as exc:
            raise ConfigurationError(
                f"Bad number in POLICYKG_PORT or POLICYKG_QUERY_TIMEOUT: {exc}"
            ) from exc
        if timeout <= 0:
            raise ConfigurationError("POLICYKG_QUERY_TIMEOUT must be a positive number of seconds")
        root = get("POLICYKG_DATA")
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
        )
