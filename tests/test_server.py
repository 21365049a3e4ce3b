"""What `make run` does, for real: `policykg build` then `policykg serve` in subprocesses,
queried over a socket on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

POLICYKG = str(Path(sys.executable).parent / "policykg")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    port = free_port()
    env = os.environ | {
        "POLICYKG_STORE": str(tmp_path_factory.mktemp("served") / "store"),
        "POLICYKG_PORT": str(port),
    }
    built = subprocess.run(
        [POLICYKG, "build"], env=env, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr
    process = subprocess.Popen(
        [POLICYKG, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            process.terminate()
            pytest.fail("policykg serve did not answer: " + process.stdout.read().decode())
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_served_compare_matches_the_acceptance_request(server):
    url = (
        server
        + "/api/compare?topic=purchase-sex-minor&jurisdiction=FR&jurisdiction=SE&jurisdiction=UK"
    )
    today = httpx.get(url).json()
    assert [r["jurisdiction"] for r in today["rows"]] == ["FR", "SE", "UK-EW", "UK-NI", "UK-SCT"]
    fr_today = {s["max_prison_years"] for s in today["rows"][0]["items"][0]["sanctions"]}
    then = httpx.get(url + "&at=2015-01-01").json()
    fr_then = {s["max_prison_years"] for s in then["rows"][0]["items"][0]["sanctions"]}
    assert 5 in fr_today and 3 in fr_then and fr_today != fr_then


def test_served_sparql_and_health(server):
    health = httpx.get(server + "/healthz").json()
    assert health["status"] == "ok" and health["triples"] > 1000
    answer = httpx.post(server + "/sparql", data={"query": "ASK { ?s a pkg:Sanction }"})
    assert answer.json()["boolean"] is True
