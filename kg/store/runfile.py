"""The run file a server leaves beside the on-disk store it holds: `<store>.server.json`.

An embedded store can have one writer only (RocksDB locks the directory), so while
`policykg serve` runs, a write command in another terminal cannot open the store. The run
file tells that command which server holds the store and where it listens, so it can send
its write through the server's HTTP API (with POLICYKG_TOKEN) or say exactly what to do,
instead of showing a RocksDB lock error. It holds no secret: the URL, the pid, the store.

A run file whose process is gone (the server was killed) is ignored.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from kg.config import Settings


@dataclass(frozen=True)
class RunningServer:
    """A `policykg serve` process holding an on-disk store."""

    url: str
    pid: int
    store: str

    @property
    def process(self) -> str:
        """' (pid N)' for a local server, '' when only its URL is known."""
        return f" (pid {self.pid})" if self.pid else ""


def run_file(store: Path | str) -> Path:
    """Where the server of `store` writes its run file: beside the store directory."""
    path = Path(store).resolve()
    return path.with_name(path.name + ".server.json")


def on_disk(settings: Settings) -> Path | None:
    """The store directory, when the store is an embedded on-disk one."""
    if settings.store == "memory" or settings.store.startswith(("http://", "https://")):
        return None
    return Path(settings.store)


def write(settings: Settings, url: str, pid: int | None = None) -> Path | None:
    """Record that this process serves `settings.store` at `url` (nothing for other stores)."""
    store = on_disk(settings)
    if store is None:
        return None
    target = run_file(store)
    target.parent.mkdir(parents=True, exist_ok=True)
    record = {"url": url, "pid": pid or os.getpid(), "store": str(store.resolve())}
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    temporary.replace(target)  # never a half-written file for a reader
    return target


def remove(settings: Settings, pid: int | None = None) -> None:
    """Forget the run file when the server stops (only if it is still this process's)."""
    store = on_disk(settings)
    if store is None:
        return
    target = run_file(store)
    found = _read(target)
    if found is not None and found.pid == (pid or os.getpid()):
        target.unlink(missing_ok=True)


def running_server(settings: Settings) -> RunningServer | None:
    """The live server holding `settings.store`, if its run file says so and it still runs."""
    store = on_disk(settings)
    if store is None:
        return None
    found = _read(run_file(store))
    if found is None or not _alive(found.pid):
        return None
    if Path(found.store) != store.resolve():
        return None
    return found


def policykg_server(settings: Settings, timeout: float = 5.0) -> RunningServer | None:
    """The policykg server whose `/sparql` POLICYKG_STORE names, if it answers as one.

    Pointing POLICYKG_STORE at a policykg server makes reads work, but its /sparql refuses
    updates: writes must use its document API instead. Recognised by its `/healthz`."""
    location = settings.store.rstrip("/")
    if not location.startswith(("http://", "https://")) or not location.endswith("/sparql"):
        return None
    import httpx  # only for a remote store: ~0.1 s of start-up for every local ingest

    base = location.removesuffix("/sparql")
    try:
        health = httpx.get(base + "/healthz", timeout=timeout).json()
    except (httpx.HTTPError, ValueError):
        return None
    if not isinstance(health, dict) or "triples" not in health:
        return None
    return RunningServer(base, 0, settings.store)


def _read(path: Path) -> RunningServer | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return RunningServer(str(record["url"]), int(record["pid"]), str(record["store"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True
