"""The demand side (purchase of sex from adults): curated facts, comparison and gaps.

Values are the law as recorded in data/ (see docs/curation/): Sweden penalises the buyer since
1999 (imprisonment up to one year since 2011), France since 2016 with a fine-only
contravention; before that the graph states France had no such offence.
"""

from __future__ import annotations

from kg.analysis.compare import compare
from kg.analysis.gaps import gaps
from tests.conftest import needs_java

TOPIC = "purchase-sex-adult"


def sanctions(doc, code):
    row = next(r for r in doc["rows"] if r["jurisdiction"] == code)
    return row["status"], [s for i in row["items"] for s in i["sanctions"]]


def test_demand_side_comparison_over_time(store):
    status, se_2000 = sanctions(compare(store, TOPIC, ["SE"], "2000-06-01"), "SE")
    assert status == "present" and [s["max_prison_years"] for s in se_2000] == [0.5]
    assert sanctions(compare(store, TOPIC, ["FR"], "2015-01-01"), "FR")[0] == "absent"
    status, fr_today = sanctions(compare(store, TOPIC, ["FR"], "2026-11-22"), "FR")
    assert status == "present"
    assert sorted(s["max_fine"]["amount"] for s in fr_today) == [1500, 3750]
    assert all(s["max_prison_years"] == 0 for s in fr_today)  # stated: no imprisonment
    _, se_today = sanctions(compare(store, TOPIC, ["SE"], "2026-11-22"), "SE")
    assert [s["max_prison_years"] for s in se_today] == [1]


def test_gaps_sweden_over_france_name_the_demand_side_with_evidence(store):
    before = gaps(store, "SE", "FR", "2015-01-01")
    [missing] = [g for c in before["comparisons"] for g in c["gaps"] if g["topic"] == TOPIC]
    assert missing["feature"] == "demand-penalised"
    assert missing["evidence"]["reference"] and missing["evidence"]["target"]
    today = gaps(store, "SE", "FR", "2026-11-22")
    [weaker] = [g for c in today["comparisons"] for g in c["gaps"] if g["topic"] == TOPIC]
    assert (weaker["feature"], weaker["kind"]) == ("max-custody", "weaker")
    assert weaker["reference_value"]["data"]["max_prison_years"] == 1
    assert weaker["target_value"]["data"]["max_prison_years"] == 0


@needs_java()
def test_the_reasoner_classifies_both_as_penalising_the_demand(store):
    rows = list(store.query(
        "SELECT ?code WHERE { GRAPH <https://w3id.org/policykg/graph/inferred> { "
        "?j a pkg:JurisdictionPenalisingAdultSexPurchase } ?j skos:notation ?code } ORDER BY ?code"
    ))  # fmt: skip
    # Northern Ireland too (art. 64A, 2015). England and Wales is not: its s. 53A offence is
    # narrower than the topic (broadMatch), so it does not penalise the demand as such.
    assert [r["code"].value for r in rows] == ["FR", "SE", "UK-NI"]


def test_gaps_over_http(client):
    response = client.get("/api/gaps?reference=SE&target=FR&at=2015-01-01")
    assert response.status_code == 200
    assert response.json()["summary"]["gaps"] >= 1
