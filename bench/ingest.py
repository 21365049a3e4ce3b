"""Bulk ingestion: documents per second of `policykg ingest` on many small documents.

    .venv/bin/python bench/ingest.py STORE [--documents 200] [--workers 2] [--cli]

STORE is a built store (`policykg build`); it is copied, never written. Without `--cli` the
library path is timed as the command runs it, in a fresh process (readers started before
the store is opened, then `ingest_files`); with `--cli` the whole `policykg ingest`
command (interpreter, imports, the table it prints). Prints one JSON object: documents,
wall seconds, documents/s, CPU seconds of this process and of its children (the readers),
and the load average. bench/suite.py runs it; run it alone to compare two versions of the
code on the same data (alternate the runs: the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def write_documents(folder: Path, count: int) -> list[Path]:
    """`count` short French notes citing an article and a penalty, each a distinct file."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"note-{n:04d}.txt").write_text(
            f"Note {n} du {1 + n % 28} mars 2021. Le Royaume-Uni et la Suède comptent plus de "
            f"{1000 + n} mineurs ; l'article 225-12-1 du code pénal punit de sept ans "
            "d'emprisonnement et de 100 000 euros d'amende.\n",
            encoding="utf-8",
        )
    return sorted(folder.iterdir())


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def library(store_dir: Path, paths: list[Path], workers: int) -> dict[str, Any]:
    import kg.ingest.reader as reader_module
    from kg.config import Settings
    from kg.ingest.files import ingest_files
    from kg.store import open_store

    # The readers first, as `policykg ingest` starts them (forked if it can); an older
    # version of the code has no start_readers, and ingest_files starts them.
    start_readers: Callable[..., Any] | None = getattr(reader_module, "start_readers", None)
    own, children = cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    readers = start_readers(timeout=120, workers=workers) if start_readers else None
    store = open_store(Settings(store=str(store_dir)))
    extra: dict[str, Any] = {"readers": readers} if readers is not None else {}
    outcomes = ingest_files(store, paths, workers=workers, timeout=120, **extra)
    seconds = time.perf_counter() - started
    store.close()
    if readers is not None:
        readers.close()
    failed = [o.error for o in outcomes if o.result is None]
    assert not failed, failed
    return {
        "seconds": seconds,
        "cpu_s": cpu(resource.RUSAGE_SELF) - own,
        "children_cpu_s": cpu(resource.RUSAGE_CHILDREN) - children,
        # how the readers were started (an older version of the code always spawned them)
        "start_method": readers._ctx.get_start_method() if readers is not None else "spawn",
    }


def command(store_dir: Path, paths: list[Path], workers: int) -> dict[str, Any]:
    policykg = Path(sys.executable).with_name("policykg")
    children = cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [str(policykg), "ingest", "--workers", str(workers), str(paths[0].parent)],
        env={**os.environ, "POLICYKG_STORE": str(store_dir)},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"policykg ingest failed: {done.stderr[-2000:]}")
    return {
        "seconds": time.perf_counter() - started,
        "cpu_s": 0.0,
        "children_cpu_s": cpu(resource.RUSAGE_CHILDREN) - children,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a built store (copied, not written)")
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cli", action="store_true", help="time the whole command")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policykg-ingest-bench-") as tmp:
        work = Path(tmp)
        paths = write_documents(work / "docs", args.documents)
        copy = work / "store"
        shutil.copytree(args.store, copy)
        run = command if args.cli else library
        figures = run(copy, paths, args.workers)
    figures.update(
        documents=len(paths),
        docs_per_s=len(paths) / figures["seconds"],
        load=os.getloadavg()[0],
        mode="cli" if args.cli else "library",
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
