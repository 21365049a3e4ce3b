"""The named query `series`: one measure of one jurisdiction, year by year, over HTTP."""

from __future__ import annotations

import pytest

from kg.ns import PKG


def rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


def test_a_series_is_ordered_by_year_and_holds_only_the_measure_and_territory(client, store):
    found = rows(
        client.get(
            "/api/queries/series", params={"measure": "prosecutions", "jurisdiction": "UK-EW"}
        )
    )
    assert len(found) >= 7
    years = [int(r["year"]) for r in found]
    assert years == sorted(years)
    for r in found:
        observation = f"<{r['observation']}>"
        assert store.query(
            f"ASK {{ {observation} <{PKG}measure> <https://w3id.org/policykg/concept/measure/prosecutions> ; "
            f"<{PKG}refArea> <https://w3id.org/policykg/id/jurisdiction/UK-EW> }}"
        )
        assert r["populationNotation"] and r["unitNotation"] and r["topics"] and r["source"]


def test_the_population_parameter_restricts_the_series(client):
    everyone = rows(
        client.get(
            "/api/queries/series", params={"measure": "victims-recorded", "jurisdiction": "FR"}
        )
    )
    minors = rows(
        client.get(
            "/api/queries/series",
            params={"measure": "victims-recorded", "jurisdiction": "FR", "population": "minors"},
        )
    )
    assert minors and len(minors) < len(everyone)
    assert {r["populationNotation"] for r in minors} == {"minors"}
    assert {"all-ages", "adults"} <= {r["populationNotation"] for r in everyone}


def test_a_jurisdiction_holds_only_its_own_figures(client):
    """UK-wide NRM figures are asked for with UK; England and Wales has none of its own."""
    assert (
        rows(
            client.get(
                "/api/queries/series", params={"measure": "referrals", "jurisdiction": "UK-EW"}
            )
        )
        == []
    )
    assert rows(
        client.get("/api/queries/series", params={"measure": "referrals", "jurisdiction": "UK"})
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"measure": "arrestations", "jurisdiction": "FR"}, "Unknown measure"),
        (
            {"measure": "convictions", "jurisdiction": "FR", "population": "children"},
            "Unknown population",
        ),
        ({"jurisdiction": "FR"}, "measure"),
        ({"measure": 'convictions" } UNION { ?s ?p ?o', "jurisdiction": "FR"}, "Unknown measure"),
    ],
)
def test_bad_values_are_refused(client, params, message):
    response = client.get("/api/queries/series", params=params)
    assert response.status_code == 400
    assert message in response.json()["message"]
