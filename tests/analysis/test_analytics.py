"""Analytics: the similarity matrix and graph paths, through the library and HTTP."""

from __future__ import annotations

import pytest

from kg.analysis import analytics
from kg.errors import BadRequest, NotFound

FR_OFFENCE = "https://w3id.org/policykg/id/offence/fr/recours-prostitution-mineur"
SE_OFFENCE = (
    "https://w3id.org/policykg/id/offence/se/utnyttjande-av-barn-genom-kop-av-sexuell-handling"
)
TOPIC = "https://w3id.org/policykg/concept/topic/purchase-sex-minor"


def test_similarity_matrix_is_symmetric_with_unit_diagonal(store):
    doc = analytics.similarity(store, ["FR", "SE", "UK"], "2026-11-22")
    codes = doc["jurisdictions"]
    assert codes == ["FR", "SE", "UK-EW", "UK-NI", "UK-SCT"]
    matrix = doc["matrix"]
    for i in range(len(codes)):
        assert matrix[i][i] == 1.0
        for j in range(len(codes)):
            assert matrix[i][j] == matrix[j][i]
            assert matrix[i][j] is None or 0.0 <= matrix[i][j] <= 1.0
    pairs = {(p["a"], p["b"]): p for p in doc["pairs"]}
    # England and Wales and Northern Ireland share the child sex-purchase offence
    assert "purchase-sex-minor/offence" in pairs[("UK-EW", "UK-NI")]["shared"]
    fr_se = pairs[("FR", "SE")]
    assert "purchase-sex-minor/offence" in fr_se["shared"]
    assert "purchase-sex-adult/offence" in fr_se["shared"]  # both penalise the demand today
    # purchase-sex-minor: 4 years (SE) against 10 (FR); purchase-sex-adult: 1 year against none
    assert 0.0 <= fr_se["penalty_closeness"] < 4 / 10
    assert "purchase-sex-minor/life-imprisonment" in doc["features"]["UK-EW"]


def test_path_between_fr_and_se_offences_via_topic(store):
    doc = analytics.paths(store, FR_OFFENCE, SE_OFFENCE, 3)
    assert doc["found"] and doc["length"] == 2
    path = doc["paths"][0]
    assert [n["iri"] for n in path["nodes"]] == [FR_OFFENCE, TOPIC, SE_OFFENCE]
    # linked through the topic: filed under it (pkg:topic) or mapped to it (SKOS mapping)
    assert {e["predicate"] for e in path["edges"]} <= {
        "https://w3id.org/policykg/ontology#topic",
        "http://www.w3.org/2004/02/skos/core#exactMatch",
        "http://www.w3.org/2004/02/skos/core#closeMatch",
    }
    assert path["nodes"][1]["label"] == "Purchase of sex from a minor"


def test_path_limits(store):
    with pytest.raises(BadRequest):
        analytics.paths(store, FR_OFFENCE, SE_OFFENCE, 0)
    with pytest.raises(NotFound):
        analytics.paths(store, FR_OFFENCE, "https://example.org/nothing", 3)
    short = analytics.paths(store, FR_OFFENCE, SE_OFFENCE, 1)
    assert short["found"] is False and short["note"]


def test_http(client, store):
    response = client.get(
        "/api/similarity", params={"at": "2026-11-22", "jurisdiction": ["FR", "SE"]}
    )
    assert response.status_code == 200
    expected = analytics.similarity(store, ["FR", "SE"], "2026-11-22")["matrix"]
    assert response.json()["matrix"] == expected
    assert expected[0][0] == expected[1][1] == 1.0 and 0 < expected[0][1] < 1
    response = client.get("/api/paths", params={"from": FR_OFFENCE, "to": SE_OFFENCE, "max": 3})
    assert response.status_code == 200 and response.json()["length"] == 2
    assert (
        client.get(
            "/api/paths", params={"from": FR_OFFENCE, "to": SE_OFFENCE, "max": 9}
        ).status_code
        == 400
    )
    assert client.get("/api/similarity", params={"jurisdiction": "XX"}).status_code == 404
    assert client.get("/api/similarity", params={"at": "2026-13-01"}).status_code == 400
