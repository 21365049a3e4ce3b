"""Ingesting files and folders: parse in worker processes, write from this one.

Parsing and text extraction are CPU-bound and need no store, so they run in a process pool;
resolution and writing need the store and run here, one document (one transaction) at a time.
A file that fails is reported with its reason and skipped; the others go in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kg.errors import PolicyKGError
from kg.ingest.extract.gazetteer import load_gazetteer
from kg.ingest.model import Document
from kg.ingest.pipeline import IngestResult, read_document, store_document
from kg.store import Store


@dataclass
class FileOutcome:
    path: Path
    result: IngestResult | None = None
    error: str | None = None


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders walked (hidden files skipped), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return found


def _read(path: str, fmt: str | None, max_bytes: int) -> tuple[Document | None, bytes, str | None]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, b"", f"{path}: cannot be read: {exc.strerror or exc}"
    try:
        return read_document(data, path, fmt, None, max_bytes), data, None
    except PolicyKGError as exc:
        return None, data, exc.message
    except Exception as exc:  # a parser bug must not stop the batch: report it with the file
        return None, data, f"{path}: unexpected {type(exc).__name__}: {exc}"


def ingest_files(
    store: Store,
    paths: list[Path],
    fmt: str | None = None,
    max_bytes: int = 20 * 1024 * 1024,
    workers: int = 2,
    on_done: Callable[[FileOutcome], None] | None = None,
    timestamp: bool = True,
) -> list[FileOutcome]:
    outcomes: list[FileOutcome] = []
    if not paths:
        return outcomes
    gazetteer = load_gazetteer(store)
    if workers > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parsed = list(
                pool.map(
                    _read, [str(p) for p in paths], [fmt] * len(paths), [max_bytes] * len(paths)
                )
            )
    else:
        parsed = [_read(str(p), fmt, max_bytes) for p in paths]
    for path, (doc, data, error) in zip(paths, parsed, strict=True):
        outcome = FileOutcome(path, error=error)
        if doc is not None:
            try:
                outcome.result = store_document(
                    store, doc, data, str(path), None, gazetteer, timestamp
                )
            except PolicyKGError as exc:
                outcome.error = exc.message
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)
    return outcomes
