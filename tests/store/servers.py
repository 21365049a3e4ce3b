"""Real SPARQL servers on loopback for the remote-store tests: `oxigraph serve` (the
`oxigraph` PyPI package, a dev extra) and Virtuoso (Debian's `virtuoso-opensource`,
installed by .ci/run). Each starts in its own temporary folder on free ports and stops
with the test module; a missing server skips its tests with a message."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def oxigraph_binary() -> str | None:
    candidate = Path(sys.executable).parent / "oxigraph"
    return str(candidate) if candidate.exists() else shutil.which("oxigraph")


def _wait(url: str, process: subprocess.Popen[bytes], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{what} did not answer within {seconds:g} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def oxigraph(folder: Path) -> Iterator[str]:
    """`oxigraph serve` with the union default graph policykg needs; yields its /query URL."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server (PyPI package `oxigraph`, a dev extra) is not installed")
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait(f"http://127.0.0.1:{port}/query", process, "oxigraph serve")
        yield f"http://127.0.0.1:{port}/query"
    finally:
        _stop(process)


@contextmanager
def virtuoso(folder: Path, max_rows: int = 10_000_000) -> Iterator[str]:
    """Virtuoso Open Source 7 on loopback, its database in `folder`; SPARQL updates granted
    to the anonymous SPARQL user (the test server only). Yields its /sparql URL, which
    takes queries and updates alike; no FROM means the union of all graphs. It answers at
    most `max_rows` solutions (ResultSetMaxRows: the README asks for no cut answers)."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None or not VIRTUOSO_INI.is_file():
        pytest.skip("Virtuoso is not installed (Debian package virtuoso-opensource)")
    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text(encoding="utf-8", errors="replace")
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    ini = ini.replace("/var/lib/virtuoso-opensource-7/vsp", str(folder))
    ini = ini.replace("ServerPort               = 1111", f"ServerPort = 127.0.0.1:{sql_port}")
    ini = ini.replace("ServerPort                  = 8890", f"ServerPort = 127.0.0.1:{http_port}")
    assert f"127.0.0.1:{sql_port}" in ini and f"127.0.0.1:{http_port}" in ini
    ini, cut = re.subn(r"(?m)^ResultSetMaxRows\s*=.*$", f"ResultSetMaxRows = {max_rows}", ini)
    assert cut == 1
    (folder / "virtuoso.ini").write_text(ini, encoding="utf-8")
    process = subprocess.Popen(
        [binary, "-f", "-c", str(folder / "virtuoso.ini")],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait(url, process, "Virtuoso", seconds=120)
        subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba",
             'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        yield url
    finally:
        _stop(process)
