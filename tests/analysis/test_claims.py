"""Claims checked (kg/analysis/claims.py): the seed minister's answer of 2019, ingested with
its date, judged as of that date and as of later days; unknown resources, undated documents,
circulars when the graph has them; the API and the page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, Quad

from api.app import create_app
from kg.analysis.claims import CheckedClaim, claims_for
from kg.config import Settings
from kg.ingest.pipeline import ingest
from kg.ns import ID, JURISDICTION, PKG
from kg.store import Store
from tests.conftest import copy_of
from tests.paths import PROJECT

SEED_ANSWER = PROJECT / "data/sources/fr/reponse-ministre-justice-prostitution-mineurs.txt"
ANSWER_DATE = "2019-03-28"
LATER = "2026-12-01"
TOKEN = "claims-token"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
ELI = "http://data.europa.eu/eli/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def answer_store(store: Store) -> Iterator[tuple[Store, str]]:
    """A copy of the built graph with the seed answer ingested as of its date."""
    copy = copy_of(store)
    result = ingest(
        copy, SEED_ANSWER.read_bytes(), SEED_ANSWER.name, date=ANSWER_DATE, answers="an-15-1820"
    )
    yield copy, result.id
    copy.close()


def check(answer_store, at=LATER, lang="en") -> list[CheckedClaim]:
    store, doc_id = answer_store
    return claims_for(store, doc_id, at=at, lang=lang)


def one(claims: list[CheckedClaim], kind: str, starts: str = "") -> CheckedClaim:
    found = [c for c in claims if c.kind == kind and c.text.startswith(starts)]
    assert found, (kind, starts, [(c.kind, c.text[:40]) for c in claims])
    return found[0]


def test_the_seed_answer_yields_at_least_five_claims_with_verdicts_and_evidence(answer_store):
    claims = check(answer_store)
    assert len(claims) >= 5
    for claim in claims:
        assert claim.document_date == ANSWER_DATE
        assert claim.at_document_date.as_of == ANSWER_DATE and claim.at_date.as_of == LATER
        for verdict in (claim.at_document_date, claim.at_date):
            assert verdict.verdict in ("consistent", "fulfilled", "outdated", "contradicted",
                                       "not-checkable")  # fmt: skip
            assert verdict.rule and verdict.explanation
            if verdict.verdict == "not-checkable":
                assert verdict.reason
    judged = [c for c in claims if c.at_date.verdict != "not-checkable"]
    assert len(judged) >= 4 and all(c.at_date.evidence for c in judged)


def test_legal_sufficiency_holds_on_its_date_and_is_outdated_by_the_2021_law(answer_store):
    claim = one(check(answer_store), "legal-sufficiency")
    assert claim.at_document_date.verdict == "consistent"
    assert claim.at_document_date.rule == "law-unchanged-since"
    later = claim.at_date
    assert later.verdict == "outdated"
    changed = {e["iri"] for e in later.changes}
    assert ID + "act/fr/code-penal/article/225-12-1/version/2021-04-23" in changed
    assert any("2021-478" in (e["label"] or "") for e in later.changes)
    assert {e["date"] for e in later.changes} == {"2021-04-23"}
    scope = {e["iri"] for e in later.evidence}
    assert ID + "act/fr/code-penal/article/225-12-2" in scope


def test_the_plan_being_finalised_was_fulfilled_by_the_plan_of_october_2019(answer_store):
    claim = one(check(answer_store), "plan", "Un nouveau plan")
    assert claim.at_document_date.verdict == "consistent"
    assert claim.at_date.verdict == "fulfilled" and claim.at_date.rule == "later-plan"
    first = claim.at_date.evidence[0] if claim.at_date.evidence else None
    plans = [e for e in claim.at_date.evidence if e["role"] == "later-plan"]
    assert first and plans[0]["iri"] == ID + "plan/fr/plan-action-national-traite-2019-2021"
    assert plans[0]["date"] == "2019-10-18"
    # it continues the plans coordinated by MIPROF, so plans of other bodies are left out
    assert ID + "plan/fr/plan-violences-enfants-2020-2022" not in {e["iri"] for e in plans}


def test_the_existing_plans_claim_is_outdated_naming_the_plans_that_followed(answer_store):
    claim = one(check(answer_store), "cooperation", "Par ailleurs")
    assert ID + "plan/fr/plan-action-national-traite-2014-2016" in {
        r["iri"] for r in claim.resources
    }
    assert claim.at_document_date.verdict == "consistent"
    assert claim.at_date.verdict == "outdated"
    assert ID + "plan/fr/plan-action-national-traite-2019-2021" in {
        e["iri"] for e in claim.at_date.changes
    }


def test_the_circulars_are_not_checkable_and_say_which_are_missing(answer_store):
    claim = one(check(answer_store), "measure-taken")
    for verdict in (claim.at_document_date, claim.at_date):
        assert verdict.verdict == "not-checkable" and verdict.rule == "measure-recorded"
        assert "2015" in verdict.reason and "2016" in verdict.reason


def test_the_e_evidence_file_is_linked_to_regulation_2023_1543(answer_store):
    claim = one(check(answer_store), "eu-international-file")
    regulation = ID + "act/eu/reg/2023/1543"
    assert regulation in {r["iri"] for r in claim.resources}
    assert claim.jurisdiction == "EU"
    assert claim.at_document_date.verdict == "consistent"  # still to come in March 2019
    assert claim.at_date.verdict == "fulfilled" and claim.at_date.rule == "adopted-since"
    assert claim.at_date.evidence[0]["iri"] == regulation
    assert claim.at_date.evidence[0]["date"] == "2023-07-12"
    hope = one(check(answer_store), "intention", "Ce travail est engagé")
    assert regulation in {r["iri"] for r in hope.resources}  # "ce travail" points back


@pytest.mark.parametrize(
    ("at", "sufficiency", "plan", "eu"),
    [
        ("2019-06-01", "consistent", "not-checkable", "consistent"),
        ("2019-11-01", "consistent", "fulfilled", "consistent"),
        ("2021-05-01", "outdated", "fulfilled", "consistent"),
        ("2023-08-01", "outdated", "fulfilled", "fulfilled"),
    ],
)
def test_verdicts_change_with_the_day_asked(answer_store, at, sufficiency, plan, eu):
    claims = check(answer_store, at=at)
    assert one(claims, "legal-sufficiency").at_date.verdict == sufficiency
    assert one(claims, "plan", "Un nouveau plan").at_date.verdict == plan
    assert one(claims, "eu-international-file").at_date.verdict == eu
    # the verdict as of the document's date does not depend on the day asked
    assert one(claims, "legal-sufficiency").at_document_date.verdict == "consistent"


def test_labels_and_explanations_follow_the_language(answer_store):
    claim = one(check(answer_store, lang="fr"), "legal-sufficiency")
    assert claim.kind_label == "suffisance du droit"
    assert claim.at_date.label == "dépassé"
    assert claim.at_date.rule_label == "droit modifié depuis ?"
    sv = one(check(answer_store, lang="sv"), "legal-sufficiency")
    assert sv.at_date.label == "inaktuellt" and sv.kind_label == "lagstiftningens tillräcklighet"


def test_an_unknown_resource_is_not_checkable_with_a_reason(store_copy):
    text = (
        "Les services travaillent en étroite collaboration avec l'Office Zorglub des Marches.\n"
        "Un nouveau plan Zorglub est en voie de finalisation."
    )
    result = ingest(store_copy, text.encode(), "zorglub.txt", date="2099-01-01")
    claims = claims_for(store_copy, result.id, at="2099-06-01")
    cooperation = one(claims, "cooperation")
    assert cooperation.at_date.verdict == "not-checkable"
    assert "names no plan, body, text or measure" in cooperation.at_date.reason
    plan = one(claims, "plan")
    assert plan.at_date.verdict == "not-checkable" and "2099" in plan.at_date.reason


def test_an_undated_document_is_not_judged_as_of_its_date(store_copy):
    result = ingest(store_copy, SEED_ANSWER.read_bytes(), "undated.txt")
    claims = claims_for(store_copy, result.id, at=LATER)
    assert claims
    for claim in claims:
        assert claim.document_date is None
        assert claim.at_document_date.verdict == "not-checkable"
        assert claim.at_document_date.rule == "no-date"


def test_a_circular_recorded_in_the_graph_makes_the_claim_consistent(store_copy):
    """The rule works on data: a circular of the years named, dated before the answer."""
    graph = NamedNode("https://w3id.org/policykg/graph/test-circulars")
    for year, day in (("2015", "2015-01-22"), ("2016", "2016-04-18")):
        circular = NamedNode(f"{ID}act/fr/circulaire/test-{year}")
        store_copy.add_quads([
            Quad(circular, NamedNode(RDF_TYPE), NamedNode(PKG + "Circular"), graph),
            Quad(circular, NamedNode(PKG + "jurisdiction"), NamedNode(JURISDICTION + "FR"), graph),
            Quad(circular, NamedNode(ELI + "date_document"),
                 Literal(day, datatype=NamedNode(XSD + "date")), graph),
        ])  # fmt: skip
    result = ingest(store_copy, SEED_ANSWER.read_bytes(), SEED_ANSWER.name, date=ANSWER_DATE)
    claim = one(claims_for(store_copy, result.id, at=LATER), "measure-taken")
    assert claim.at_date.verdict == "consistent"
    assert [e["date"] for e in claim.at_date.evidence] == ["2015-01-22", "2016-04-18"]


# ------------------------------------------------------------------------ API and page


@pytest.fixture(scope="module")
def writer(store: Store) -> Iterator[TestClient]:
    copy = copy_of(store)
    with TestClient(create_app(Settings(store="memory", token=TOKEN), store=copy)) as client:
        yield client
    copy.close()


def test_post_with_a_date_and_read_the_claims(writer):
    response = writer.post(
        "/api/documents",
        params={"date": ANSWER_DATE, "answers": "an-15-1820", "name": "answer.txt"},
        content=SEED_ANSWER.read_bytes(),
        headers=AUTH,
    )
    assert response.status_code in (200, 201), response.text
    body = response.json()
    assert body["metadata"]["date"] == ANSWER_DATE
    assert body["metadata"]["date_source"] == "given"
    assert body["metadata"]["answers"] == "an-15-1820" and body["type"] == "ministerial-answer"
    assert len(body["claims"]) >= 5
    claims = writer.get(f"/api/documents/{body['id']}/claims", params={"at": LATER}).json()
    assert claims["document_date"] == ANSWER_DATE and claims["at"] == LATER
    sufficiency = next(c for c in claims["claims"] if c["kind"] == "legal-sufficiency")
    assert sufficiency["verdict"] == "outdated" and sufficiency["rule"] == "law-unchanged-since"
    assert sufficiency["at_document_date"]["verdict"] == "consistent"
    assert sufficiency["evidence"]


@pytest.mark.parametrize("bad", ["28-03-2019", "2019-02-30", "<script>"])
def test_post_with_a_malformed_date_is_a_400_and_writes_nothing(writer, bad):
    before = writer.get("/api/documents").json()["documents"]
    response = writer.post(
        "/api/documents", params={"date": bad}, content=b"Un texte.", headers=AUTH
    )
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.text
    assert writer.get("/api/documents").json()["documents"] == before


def test_post_with_a_bad_question_id_is_a_400(writer):
    response = writer.post(
        "/api/documents", params={"answers": "x> <y"}, content=b"Un texte.", headers=AUTH
    )
    assert response.status_code == 400


def test_the_document_page_lists_claims_and_keeps_hostile_text_inert(writer):
    hostile = (
        "Contre la prostitution des mineurs, notre arsenal juridique est solide "
        "<script>alert('x')</script> et je ne suis pas certain qu'il soit nécessaire de "
        "modifier nos textes.\n"
        "Un nouveau plan <img src=x onerror=alert(1)> est en voie de finalisation."
    )
    response = writer.post(
        "/api/documents",
        params={"date": ANSWER_DATE, "name": "hostile.txt"},
        content=hostile.encode(),
        headers=AUTH,
    )
    assert response.status_code in (200, 201), response.text
    doc_id = response.json()["id"]
    page = writer.get(f"/documents/{doc_id}", params={"at": LATER, "lang": "fr"})
    assert page.status_code == 200
    html = page.text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "Affirmations vérifiées" in html
    assert "dépassé" in html  # the legal-sufficiency claim, judged against the 2021 law


def test_the_claims_route_is_404_for_an_unknown_document(writer):
    assert writer.get("/api/documents/no-such-document/claims").status_code == 404


def test_the_questions_figures_are_checked_against_recorded_observations(store):
    claims = claims_for(store, "an-17-14232", at=LATER)
    more_than = one(claims, "figure", "plus de 11 000")
    assert more_than.at_date.verdict == "consistent" and more_than.at_date.rule == "official-figure"
    recorded = {e["iri"] for e in more_than.at_date.evidence}
    assert (
        ID + "statistic/fr/mineurs-exploitation-sexuelle-estimation-droit-enfance/2025" in recorded
    )
    # a count far above ("15 000" minors, ACPE) is another figure, not "more than 11 000"
    assert ID + "statistic/fr/mineurs-prostitution-estimation-acpe/2021" not in recorded
    increase = one(claims, "figure", "augmentation")
    assert increase.at_date.verdict == "not-checkable"
