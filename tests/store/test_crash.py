"""Crash safety (issue 11): `policykg ingest` of a folder SIGKILLed at random moments, 8
times (two of them just after a first commit); after each kill the store opens and every document is complete or absent."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.config import Settings
from kg.errors import PolicyKGError
from kg.store import count, named_graphs, open_store

POLICYKG = str(Path(sys.executable).parent / "policykg")
KILLS = 8
DOCUMENTS = 150


def documents(folder: Path) -> None:
    folder.mkdir()
    for n in range(DOCUMENTS):
        (folder / f"note-{n:03d}.txt").write_text(
            f"Note {n} du {1 + n % 28} mars 2021. Le Royaume-Uni et la Suède comptent plus de "
            f"{1000 + n} mineurs ; l'article 225-12-1 du code pénal punit de sept ans "
            "d'emprisonnement et de 100 000 euros d'amende le recours à la prostitution.\n",
            encoding="utf-8",
        )


def ingest(folder: Path, store: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [POLICYKG, "ingest", str(folder)],
        env=os.environ | {"POLICYKG_STORE": str(store)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill reaches the readers too
    )


def graph_sizes(location: Path) -> dict[str, int]:
    store = open_store(Settings(store=str(location)))
    try:
        return {
            g.value: count(store, g) for g in named_graphs(store) if "/graph/document/" in g.value
        }
    finally:
        store.close()


def wait_for_first_commit(location: Path, process: subprocess.Popen[bytes], limit: float) -> None:
    """Poll a read-only view of the store until some documents are in (or the limit)."""
    deadline = time.monotonic() + 2 * limit
    while time.monotonic() < deadline and process.poll() is None:
        try:
            view = open_store(Settings(store=str(location)), read_only=True)
        except PolicyKGError:
            time.sleep(0.05)
            continue
        try:
            if any("/graph/document/" in g.value for g in named_graphs(view)):
                return
        finally:
            view.close()
        time.sleep(0.02)


@pytest.mark.slow
def test_sigkill_during_ingest_leaves_each_document_complete_or_absent(tmp_path):
    folder = tmp_path / "docs"
    documents(folder)
    reference = tmp_path / "reference"
    started = time.monotonic()
    done = ingest(folder, reference).wait(timeout=600)
    duration = time.monotonic() - started  # kills land across a run this long
    assert done == 0
    expected = graph_sizes(reference)
    assert len(expected) == DOCUMENTS

    crashed = tmp_path / "crashed"
    rng = random.Random(11)
    partial = 0
    for round_number in range(KILLS):
        # Even rounds start from an empty store (first writes: one atomic insert per batch),
        # odd ones over the documents left by the previous kill (replacements).
        fresh = round_number % 2 == 0
        if fresh:
            store = open_store(Settings(store=str(crashed)))
            store.update("DROP SILENT ALL")
            store.close()
        process = ingest(folder, crashed)
        if fresh and round_number % 4 == 0:
            wait_for_first_commit(crashed, process, duration)  # a kill between two commits
        else:
            time.sleep(rng.uniform(0.3, 1.0) * duration)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        found = graph_sizes(crashed)  # the store opens after every kill
        for graph, size in found.items():
            assert size == expected[graph], (
                f"{graph}: {size} triples, complete has {expected[graph]}"
            )
        if fresh and 0 < len(found) < DOCUMENTS:
            partial += 1  # killed between two commits of a run that started empty
    assert partial >= 2, "too few kills landed in the middle of an ingest to show anything"
