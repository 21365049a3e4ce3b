"""Recommendations: filtering by state, topic and body; status, evidence and timeline."""

from __future__ import annotations

import pytest

from kg.analysis.recommendations import for_ask, for_jurisdiction, recommendations
from kg.errors import NotFound


def test_every_recommendation_has_report_date_status_and_evidence_or_reason(store):
    document = recommendations(store)
    assert document["count"] == len(document["recommendations"]) >= 20
    assert sum(document["counts"].values()) == document["count"]
    for item in document["recommendations"]:
        assert item["report"]["iri"] and item["report"]["url"]
        assert item["date"] and item["body"]["code"] in {"GRETA", "Lanzarote", "CRC"}
        assert item["status"]["notation"] in {"addressed", "partly", "not-yet", "not-checkable"}
        if item["status"]["notation"] in {"addressed", "partly"}:
            assert item["answered_by"], item["iri"]
        else:
            assert item["status"]["note"], item["iri"]


def test_france_first_greta_report_asked_for_a_plan_that_came_in_2014(store):
    document = recommendations(store, jurisdiction="FR", body="greta", topic="action-plan")
    [plan] = [r for r in document["recommendations"] if r["iri"].endswith("/greta/fr/1/rec/pr-1")]
    assert plan["date"] == "2013-01-28"
    assert plan["status"]["notation"] == "addressed"
    assert plan["strength"]["notation"] == "calls-on"
    [answer] = plan["answered_by"]
    assert answer["iri"].endswith("plan/fr/plan-action-national-traite-2014-2016")
    assert answer["date"] == "2014-05-14"
    # The timeline puts the report before the plan that answered it.
    events = document["timeline"]["FR"]
    kinds = [(e["date"], e["kind"]) for e in events]
    assert kinds.index(("2013-01-28", "report")) < kinds.index(("2014-05-14", "answer"))


def test_uk_wide_recommendations_concern_each_uk_jurisdiction(store):
    uk = {r["iri"] for r in recommendations(store, jurisdiction="UK")["recommendations"]}
    scotland = {r["iri"] for r in recommendations(store, jurisdiction="UK-SCT")["recommendations"]}
    assert uk and uk == scotland
    assert not {
        r["jurisdiction"] for r in recommendations(store, jurisdiction="SE")["recommendations"]
    } - {"SE"}


def test_filters_combine(store):
    everything = recommendations(store)["recommendations"]
    crc = recommendations(store, body="CRC")["recommendations"]
    assert crc and all(r["body"]["code"] == "CRC" for r in crc)
    # A paragraph where it was read (the CRC's paragraph 4 names them); else unverified, and
    # the note says the paragraph was not read.
    for r in crc:
        assert r["paragraph"] or (r["verification"] == "Unverified" and "paragraph" in r["note"])
    assert {r["paragraph"] for r in crc if r["jurisdiction"] == "FR"} == {"26", "28"}
    data = recommendations(store, topic="data-system")["recommendations"]
    assert data and all("data-system" in r["topics"] for r in data)
    assert len(data) < len(everything)


def test_labels_follow_the_language(store):
    iri = "https://w3id.org/policykg/id/report/coe/greta/fr/3/rec/pr-2"
    labels = {}
    for lang in ("en", "fr", "sv"):
        [item] = [
            r for r in recommendations(store, lang=lang)["recommendations"] if r["iri"] == iri
        ]
        labels[lang] = (item["label"], item["status"]["label"], item["strength"]["label"])
    assert len({labels[lang][0] for lang in labels}) == 3
    assert labels["fr"][1] == "pas encore satisfaite"
    assert labels["sv"][2] == "uppmanar"


def test_unknown_values_are_clear_errors(store):
    with pytest.raises(NotFound, match="monitoring body"):
        recommendations(store, body="nobody")
    with pytest.raises(NotFound):
        recommendations(store, jurisdiction="XX")
    with pytest.raises(NotFound):
        recommendations(store, topic="no-such-topic")


def test_open_requests_seam(store):
    open_fr = for_jurisdiction(store, "FR")
    assert open_fr and all(r["status"]["notation"] != "addressed" for r in open_fr)
    assert for_jurisdiction(store, "FR", topic="no-such-topic") == []
    every = for_jurisdiction(store, "FR", open_only=False)
    assert len(every) > len(open_fr)


def test_compare_details_carry_the_recommendations(store):
    from kg.analysis.compare import compare

    document = compare(store, "action-plan", ["FR"], at="2015-01-01")
    [row] = document["rows"]
    [plan] = [i for i in row["items"] if i["iri"].endswith("plan-action-national-traite-2014-2016")]
    recs = plan["details"]["recommendations"]
    [answered] = [r for r in recs if r["iri"].endswith("/greta/fr/1/rec/pr-1")]
    assert answered["relations"] == ["answered-by"]
    assert answered["body"] == "GRETA" and answered["status"]["notation"] == "addressed"
    others = [i for i in row["items"] if i["iri"] != plan["iri"]]
    assert all(isinstance(i["details"]["recommendations"], list) for i in others)


def test_network_view_has_recommendation_nodes(store):
    from kg.publish import network

    view = network.recommendations(store, "UK-SCT")
    kinds = {n["kind"] for n in view.as_json()["nodes"]}
    assert {"recommendation", "monitoring report"} <= kinds
    labels = {n["full_label"] for n in view.as_json()["nodes"]}
    assert "Independent child trafficking guardians" in labels


def test_resource_pages_show_the_recommendations(store):
    from kg.locale import using
    from kg.publish.describe import describe

    with using("fr"):
        plan = describe(
            store, "https://w3id.org/policykg/id/plan/fr/plan-action-national-traite-2014-2016"
        )
    assert plan is not None
    [entry] = [r for r in plan.recommendations if r["iri"].endswith("/greta/fr/1/rec/pr-1")]
    assert entry["status"]["label"] == "satisfaite par un changement ultérieur"
    rec = describe(store, "https://w3id.org/policykg/id/report/coe/greta/fr/1/rec/pr-1")
    assert rec is not None and rec.title.startswith("Adopt a co-ordinated national action plan")


def test_follow_up_by_a_later_report(store):
    [nrm] = [
        r
        for r in recommendations(store, jurisdiction="FR")["recommendations"]
        if r["iri"].endswith("/greta/fr/1/rec/pr-2")
    ]
    [later] = nrm["follow_up"]
    assert later["status"] == "not-yet" and later["date"] == "2022-02-18"
    assert later["report"].endswith("/report/coe/greta/fr/3")


def test_summaries_in_the_readers_language(store):
    for lang, word in (("fr", "GRETA"), ("sv", "GRETA")):
        items = recommendations(store, jurisdiction="SE", body="GRETA", lang=lang)[
            "recommendations"
        ]
        assert items and all(i["summary_lang"] == lang and word in i["summary"] for i in items)


def test_the_brief_seam_for_foreign_models_and_intention(store):
    seen = for_ask(store, "FR", ["victim-protection", "data-system"], "en", foreign=["UK-EW"])
    assert seen["open"] and all(r["jurisdiction"] == "FR" for r in seen["open"])
    assert all(r["status"]["notation"] != "addressed" for r in seen["open"])
    abroad = {r["iri"].rsplit("/id/", 1)[1] for r in seen["answered_abroad"]}
    assert "report/un/crc/uk/3-4/rec/sg-2" in abroad  # child victims not offenders: E&W 2015
    assert any(r["jurisdiction"] == "FR" for r in seen["responses"])
