"""Timeline: dated events with sources, versions of one penalty paired into changes."""

from __future__ import annotations

import pytest

from kg.analysis.timeline import _direction, timeline
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


def _penalty(years=None, life=False, amount=None, currency=None, kind=None):
    return {
        "max_prison_years": years,
        "min_prison_years": None,
        "life_imprisonment": life,
        "max_fine_amount": amount,
        "fine_currency": currency,
        "fine_kind": kind,
        "fine_unlimited": False,
    }


def test_where_the_data_begins_is_not_a_creation(store):
    """Procuring of a minor is in the 1994 Code pénal; the data starts on 2000-01-01."""
    events = timeline(store, "FR", "procuring-minor")["events"]
    first = [e for e in events if e["date"] == "2000-01-01"]
    assert "offence-created" not in {e["kind"] for e in first}
    [begins] = [e for e in first if e["kind"] == "data-begins"]
    assert "not recorded" in begins["description"]
    penalties = [e for e in first if e["kind"] == "penalty-set"]
    assert penalties and all(e.get("data_begins") for e in penalties)
    # a creation the data records (first entry into force, or a creating act) says so
    created = [e for e in timeline(store, "FR", "trafficking-minor")["events"]]
    [made] = [e for e in created if e["kind"] == "offence-created"]
    assert made["date"] == "2003-03-19"
    assert made["created_by"]["iri"].endswith("/act/fr/loi/2003/239")


def test_the_euro_changeover_is_a_conversion_not_a_cut(store):
    events = timeline(store, "FR", "procuring-minor", lang="fr")["events"]
    on_changeover = [e for e in events if e["date"] == "2002-01-01"]
    assert "penalty-lowered" not in {e["kind"] for e in on_changeover}
    converted = [e for e in on_changeover if e["kind"] == "penalty-converted"]
    assert converted
    for event in converted:
        change = event["currency_change"]
        assert (change["from"], change["to"], change["units_per_euro"]) == ("FRF", "EUR", 6.55957)
        assert "2866/98" in change["instrument"]
        assert change["old_amount_converted"] == pytest.approx(
            change["old_amount"] / 6.55957, abs=0.01
        )
        assert "6,55957" in event["description"]  # the rate, stated in the reader's language


def test_direction_ranks_life_and_currencies():
    lowered = _direction(_penalty(life=True), _penalty(30))
    assert lowered[0] == "penalty-lowered"
    assert "life imprisonment" in lowered[1] and "30" in lowered[1]
    assert _direction(_penalty(30), _penalty(life=True))[0] == "penalty-raised"
    francs = _penalty(7, amount=1_000_000, currency="FRF", kind="fixed")
    euros = _penalty(7, amount=150_000, currency="EUR", kind="fixed")
    kind, words, rate = _direction(francs, euros, "2002-01-01")
    assert kind == "penalty-converted" and rate is not None and "6.55957" in words
    # a real cut across the changeover is still a cut, measured in euros
    assert _direction(
        francs, _penalty(7, amount=75_000, currency="EUR", kind="fixed"), "2002-01-01"
    )[0] == ("penalty-lowered")
    assert (
        _direction(euros, _penalty(7, amount=75_000, currency="EUR", kind="fixed"))[0]
        == "penalty-lowered"
    )
    # no prison is "no prison", not "0 years"
    assert (
        "0 years"
        not in _direction(_penalty(0, amount=1500, currency="EUR", kind="fixed"), _penalty(1))[1]
    )


def test_life_is_written_as_life(store):
    events = timeline(store, "UK-EW", "purchase-sex-minor")["events"]
    life = [e for e in events if (e.get("after") or {}).get("life_imprisonment")]
    assert life
    for event in life:
        assert "life imprisonment" in event["description"]
        assert "30 years" not in event["description"]
