"""Timeline: dated events with sources, versions of one penalty paired into changes."""

from __future__ import annotations

import pytest

from kg.analysis.timeline import timeline
from kg.build import reason as reason_module
from kg.build.pipeline import build
from kg.config import Settings
from kg.errors import NotFound
from kg.store import open_store


def test_france_creation_and_2021_raise(store):
    events = timeline(store, "FR", "purchase-sex-minor")["events"]
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    created = [e for e in events if e["kind"] == "offence-created"]
    assert [(e["date"], e["subject"]["label"]) for e in created] == [
        ("2002-03-05", "Buying sex from a minor")
    ]
    assert created[0]["citation"] == "Code pénal, art. 225-12-1"
    [ends] = [e for e in events if e["kind"] == "absence-ends"]
    assert ends["date"] == "2002-03-05" and ends["sources"]
    raised = [
        e
        for e in events
        if e["kind"] == "penalty-raised" and e["subject"]["iri"].endswith("/base/2021-04-23")
    ]
    [base] = raised
    assert base["date"] == "2021-04-23"
    assert (base["before"]["max_prison_years"], base["after"]["max_prison_years"]) == (3, 5)
    assert (base["before"]["max_fine_amount"], base["after"]["max_fine_amount"]) == (45000, 75000)
    assert "from 3 to 5 years" in base["description"]
    assert base["sources"] and base["url"].startswith("https://www.legifrance.gouv.fr/")
    assert all(e["sources"] for e in events)


def test_sweden_renamed_offence_and_raise_across_nodes(store):
    events = timeline(store, "SE", "purchase-sex-minor")["events"]
    on_2020 = [e for e in events if e["date"] == "2020-01-01"]
    kinds = [e["kind"] for e in on_2020]
    assert kinds == ["offence-ended", "offence-created", "penalty-raised"]
    assert "replaced by" in on_2020[0]["description"]
    assert (on_2020[2]["before"]["max_prison_years"], on_2020[2]["after"]["max_prison_years"]) == (
        2,
        4,
    )


def test_uk_expands_and_nothing_recorded_says_so(store):
    doc = timeline(store, "UK", "purchase-sex-minor")
    assert doc["jurisdictions"] == ["UK-EW", "UK-NI", "UK-SCT"]
    assert {e["jurisdiction"] for e in doc["events"]} == {"UK-EW", "UK-NI", "UK-SCT"}
    assert doc["note"] is None


def test_nothing_recorded_says_the_history_is_unknown(project_copy, monkeypatch):
    for path in (project_copy / "data").rglob("*.ttl"):
        path.unlink()
    monkeypatch.setattr(reason_module, "java_available", lambda: False)
    settings = Settings(store="memory", root=project_copy)
    store = open_store(settings)
    build(store, settings)
    empty = timeline(store, "FR", "reporting-duty")
    assert empty["events"] == [] and "unknown" in empty["note"]


def test_uk_wide_facts_appear_in_each_part(store):
    nrm = "https://w3id.org/policykg/id/data-system/uk/national-referral-mechanism"
    for part in ("UK-EW", "UK-SCT", "UK-NI"):
        events = timeline(store, part, "data-system")["events"]
        assert nrm in {e["subject"]["iri"] for e in events}, part


def test_errors(store):
    with pytest.raises(NotFound):
        timeline(store, "FR", "no-such-topic")
    with pytest.raises(NotFound):
        timeline(store, "XX", "purchase-sex-minor")


def test_http(client):
    response = client.get(
        "/api/timeline", params={"jurisdiction": "FR", "topic": "purchase-sex-minor"}
    )
    assert response.status_code == 200
    kinds = {(e["date"], e["kind"]) for e in response.json()["events"]}
    assert ("2021-04-23", "penalty-raised") in kinds
    assert ("2002-03-05", "offence-created") in kinds
    assert (
        client.get("/api/timeline", params={"jurisdiction": "FR", "topic": "x"}).status_code == 404
    )
    assert client.get("/api/timeline", params={"jurisdiction": "QQ"}).status_code == 404
