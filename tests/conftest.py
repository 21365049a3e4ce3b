"""Shared fixtures: one in-memory graph built once per session, an app client, helpers."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pyoxigraph import RdfFormat

from api.app import create_app
from kg.build.pipeline import BuildReport, build
from kg.config import PROJECT_ROOT, Settings
from kg.store import Store, dump, open_store, replace_graph
from kg.store.load import load
from tests import paths

# The command line follows the POSIX locale (LANG…) unless told otherwise: tests that read
# its English output must not depend on the machine's locale. Tests of the other languages
# pass --lang or set POLICYKG_LANG themselves.
os.environ["POLICYKG_LANG"] = "en"

REALDATA = paths.REALDATA


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(store="memory")


@pytest.fixture(scope="session")
def built(settings: Settings) -> tuple[Store, BuildReport]:
    store = open_store(settings)
    return store, build(store, settings)


@pytest.fixture(scope="session")
def store(built: tuple[Store, BuildReport]) -> Store:
    return built[0]


def copy_of(store: Store) -> Store:
    """A private in-memory copy of `store` (graph by graph): a test that writes gets the
    built graph without paying for another build."""
    copy = open_store(Settings(store="memory"))
    graphs: dict[object, list[object]] = defaultdict(list)
    for quad in store.quads():
        graphs[quad.graph_name].append(quad.triple)
    for graph, triples in graphs.items():
        replace_graph(copy, graph, triples)  # type: ignore[arg-type]
    return copy


def built_on_disk(store: Store, folder: Path) -> Path:
    """An on-disk store at `folder` holding `store`'s graph quad for quad (the build's
    record and the store format included): what `policykg build` leaves there, without
    paying for another build. The store is closed, ready for a command or a server."""
    export = folder.with_name(folder.name + ".nq")
    export.write_bytes(dump(store, RdfFormat.N_QUADS))
    disk = open_store(Settings(store=str(folder)))
    load(disk, [export])
    disk.close()
    export.unlink()
    return folder


@pytest.fixture
def store_copy(store: Store) -> Iterator[Store]:
    copy = copy_of(store)
    yield copy
    copy.close()


@pytest.fixture(scope="session")
def client(store: Store, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=store)) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def _forget_the_language_cookie(request: pytest.FixtureRequest) -> Iterator[None]:
    """The shared client keeps cookies like a browser: a test that follows a language
    switch (?lang=sv) must not make the next test's pages Swedish."""
    yield
    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies.clear()


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of ontology/ and data/ that a test may break without harming the project."""
    shutil.copytree(PROJECT_ROOT / "ontology", tmp_path / "ontology")
    shutil.copytree(PROJECT_ROOT / "data", tmp_path / "data")
    return tmp_path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def needs_java() -> pytest.MarkDecorator:
    from kg.build.reason import java_available

    return pytest.mark.skipif(
        not java_available(), reason="no Java runtime: install a JDK to run the HermiT tests"
    )


@contextmanager
def serve(env: dict[str, str]) -> Iterator[str]:
    """`policykg serve` as a real process with `env` added, until it answers /healthz.

    Its output goes to a file, not an unread pipe: a pipe fills after a few hundred access
    log lines and then blocks the server."""
    import tempfile

    policykg = str(Path(sys.executable).parent / "policykg")
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [policykg, "serve"],
            env=os.environ | env | {"POLICYKG_PORT": str(port)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            else:
                process.terminate()
                log.seek(0)
                pytest.fail("policykg serve did not answer: " + log.read().decode(errors="replace"))
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(store: Store, tmp_path_factory) -> Iterator[str]:
    """What `make run` serves: `policykg serve`, a real process, on an on-disk store holding
    the built graph. (The graph is the session's build, copied: `policykg build` as a
    process is run by the README tour test, tests/test_docs.py.)"""
    folder = built_on_disk(store, tmp_path_factory.mktemp("served") / "store")
    env = {
        "POLICYKG_STORE": str(folder),
        "POLICYKG_PSEUDO_LANGUAGE": "1",  # lang=qps for the language tests
    }
    with serve(env) as base:
        yield base
