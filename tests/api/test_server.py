"""What `make run` does, for real: `policykg build` then `policykg serve` in subprocesses,
queried over a socket on loopback."""

from __future__ import annotations

import httpx


def test_served_compare_matches_the_acceptance_request(live_server):
    url = (
        live_server
        + "/api/compare?topic=purchase-sex-minor&jurisdiction=FR&jurisdiction=SE&jurisdiction=UK"
    )
    # A fixed day, not the clock's: the default (today) is tested with a frozen clock in
    # tests/api/test_api.py.
    today = httpx.get(url + "&at=2026-11-22").json()
    assert [r["jurisdiction"] for r in today["rows"]] == ["FR", "SE", "UK-EW", "UK-NI", "UK-SCT"]
    fr_today = {s["max_prison_years"] for s in today["rows"][0]["items"][0]["sanctions"]}
    then = httpx.get(url + "&at=2015-01-01").json()
    fr_then = {s["max_prison_years"] for s in then["rows"][0]["items"][0]["sanctions"]}
    assert 5 in fr_today and 3 in fr_then and fr_today != fr_then


def test_served_sparql_and_health(live_server):
    health = httpx.get(live_server + "/healthz").json()
    assert health["status"] == "ok" and health["triples"] > 1000
    answer = httpx.post(live_server + "/sparql", data={"query": "ASK { ?s a pkg:Sanction }"})
    assert answer.json()["boolean"] is True
