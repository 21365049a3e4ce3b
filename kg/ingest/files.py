"""Ingesting files and folders: read in worker processes, write from this one.

Parsing and text extraction are CPU-bound and need no store, so they run in reader
processes (kg.ingest.reader, each document stopped at the ingest time limit); resolution and
writing need the store and run here, one document (one transaction) at a time.
A file that fails is reported with its reason and skipped; the others go in.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import astuple, dataclass
from pathlib import Path

from kg.errors import PolicyKGError
from kg.ingest.extract.gazetteer import load_gazetteer
from kg.ingest.model import Document
from kg.ingest.pipeline import (
    IngestResult,
    Prepared,
    check_answers,
    prepare_document,
    read_document,
    set_answers,
    write_documents,
)
from kg.ingest.reader import ReaderPool, ReadRequest
from kg.locale import error_text
from kg.store import Store


@dataclass(frozen=True)
class GivenMeta:
    """What the caller knows of a file that its text may not say: its date (`--date`, or
    data/sources/documents.yaml for bundled texts), the question it answers, its origin."""

    date: str | None = None
    answers: str | None = None
    source_url: str | None = None


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


def _read(
    readers: ReaderPool | None, path: Path, fmt: str | None, max_bytes: int, given: GivenMeta
) -> tuple[Document | None, bytes, str | None]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, b"", f"{path}: cannot be read: {exc.strerror or exc}"
    request = ReadRequest(data, str(path), fmt, None, max_bytes, given.date)
    try:
        if readers is None:
            return read_document(*astuple(request)), data, None
        return readers.read(request), data, None
    except PolicyKGError as exc:
        return None, data, error_text(exc)
    except Exception as exc:  # a parser bug must not stop the batch: report it with the file
        return None, data, f"{path}: unexpected {type(exc).__name__}: {exc}"


def _start_method() -> str:
    """How the reader processes start: forked (ready in milliseconds) when this process runs
    no other Python thread, as `policykg ingest` does, on Linux; else spawned (a fresh
    interpreter importing the readers, about a second), as in a threaded server. A forked
    reader only reads documents: it never touches the store its parent has open, and it
    ends with `os._exit`, running none of the parent's clean-up."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def ingest_files(
    store: Store,
    paths: list[Path],
    fmt: str | None = None,
    max_bytes: int = 20 * 1024 * 1024,
    workers: int = 2,
    on_done: Callable[[FileOutcome], None] | None = None,
    timestamp: bool = True,
    timeout: float | None = 120.0,
    batch: int = 50,
    given: Mapping[Path, GivenMeta] | None = None,
) -> list[FileOutcome]:
    """Ingest `paths`: `workers` processes read (parse + extract, each document stopped at
    `timeout` seconds) while this one resolves and writes the documents in order, one
    transaction each, so an interrupted run leaves every document complete or absent.
    `timeout=None` reads in this process, without a time limit: for trusted files only
    (the bundled sources of a build). Documents are written `batch` at a time, each batch
    one transaction (a commit per document cost more than reading it). `given` adds, per
    file, what its text may lack (date, question answered, source URL)."""
    outcomes: list[FileOutcome] = []
    given = given or {}
    if not paths:
        return outcomes
    with (
        ReaderPool(timeout=timeout, workers=min(workers, len(paths)), start_method=_start_method())
        if timeout is not None
        else nullcontext() as readers,
        ThreadPoolExecutor(max(1, workers)) as threads,
    ):
        if readers is not None:
            readers.start()  # the readers start up while the gazetteer is read
        gazetteer = load_gazetteer(store)
        parsed = threads.map(
            lambda p: _read(readers, p, fmt, max_bytes, given.get(p, GivenMeta())), paths
        )
        pending: list[tuple[FileOutcome, Prepared]] = []
        for path, (doc, data, error) in zip(paths, parsed, strict=True):
            outcome = FileOutcome(path, error=error)
            meta = given.get(path, GivenMeta())
            if doc is not None:
                try:
                    check_answers(meta.answers)
                    set_answers(doc, meta.answers)
                    prepared = prepare_document(
                        store, doc, data, str(path), meta.source_url, gazetteer, timestamp
                    )
                    pending.append((outcome, prepared))
                except PolicyKGError as exc:
                    outcome.error = error_text(exc)
            if outcome.error is not None:
                outcomes.append(outcome)
                if on_done:
                    on_done(outcome)
            if len(pending) >= batch:
                _write(store, pending, outcomes, on_done)
        _write(store, pending, outcomes, on_done)
    return outcomes


def _write(
    store: Store,
    pending: list[tuple[FileOutcome, Prepared]],
    outcomes: list[FileOutcome],
    on_done: Callable[[FileOutcome], None] | None,
) -> None:
    """Write the pending documents in one transaction; if it fails, one by one, so that only
    the document at fault is reported."""
    if not pending:
        return
    try:
        results: list[IngestResult | None] = list(
            write_documents(store, [prepared for _, prepared in pending])
        )
    except PolicyKGError:
        results = []
        for outcome, prepared in pending:
            try:
                results.append(write_documents(store, [prepared])[0])
            except PolicyKGError as exc:
                outcome.error = error_text(exc)
                results.append(None)
    for (outcome, _), result in zip(pending, results, strict=True):
        outcome.result = result
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)
    pending.clear()
