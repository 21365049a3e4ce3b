"""/api/brief on the seed question n° 14232: the summary, statuses true to their content,
the question's figures checked, French and Swedish, and the documents to hand in (Markdown
with footnotes; DOCX that LibreOffice opens)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.analysis.test_brief import docx_as_text, soffice  # noqa: F401 (fixture)

QUESTION = {"document": "an-17-14232", "at": "2026-11-22"}


@pytest.fixture(scope="module")
def seed(client: TestClient) -> dict:
    response = client.get("/api/brief", params=QUESTION)
    assert response.status_code == 200
    return response.json()


def test_summary_one_line_per_ask(seed):
    summary = seed["summary"]
    assert [s["index"] for s in summary] == [1, 2, 3, 4, 5]
    assert [s["kinds"][0] for s in summary] == [
        "figures", "coordination", "resources", "enforcement", "foreign models"
    ]  # fmt: skip
    assert all(s["status"] in ("answered", "partly", "no-data") for s in summary)
    for entry in summary:
        assert (entry["missing"] is None) == (entry["status"] == "answered")


def test_ask_one_is_answered_with_figures_on_minors_first(seed):
    ask = seed["asks"][0]
    assert [p["kind"] for p in ask["parts"]] == ["figures"]
    key = ask["key_fact"]
    assert key["kind"] == "figures" and key["source"].startswith("http")
    assert key["checked_on"]
    first = ask["parts"][0]["facts"][0]
    assert first["population"] == "minors" and first["verification"] == "verified"
    assert first["kind"] == "statistic" and first["period"] and first["territory"] == "FR"
    verified = [f for f in ask["parts"][0]["facts"] if f["verification"] == "verified"
                and f["on_point"]]  # fmt: skip
    assert first["year"] == max(f["year"] for f in verified)  # the latest official first
    # national and territorial figures were asked for; only national ones are recorded
    assert ask["status"] == "partly" and "territorial" in ask["status_note"]


def test_every_status_is_true_to_its_content(seed):
    for ask in seed["asks"]:
        statuses = {p["status"] for p in ask["parts"]}
        expected = (
            "answered" if statuses == {"answered"}
            else "no-data" if statuses <= {"no-data"}
            else "partly"
        )  # fmt: skip
        assert ask["status"] == expected, ask["index"]
        for part in ask["parts"]:
            if part["status"] == "answered":
                verified = [f for f in part["facts"] if f["on_point"]
                            and f["verification"] == "verified"]  # fmt: skip
                assessed = [f for f in part.get("findings") or [] if f["verdict"] != "unknown"]
                assert verified or assessed or part.get("claims"), (ask["index"], part["kind"])
            else:
                assert part["note"], (ask["index"], part["kind"])
    resources = seed["asks"][2]["parts"][0]
    assert resources["kind"] == "resources" and resources["status"] == "no-data"
    assert "budget" in resources["note"]


def test_the_questions_more_than_11000_is_matched(seed):
    [eleven] = [c for c in seed["claims"] if c["text"] == "plus de 11 000 mineurs"]
    assert eleven["verdict"] == "consistent"
    assert any(e["agrees"] and e["value"] == 11000 for e in eleven["evidence"])


def test_brief_in_french_and_swedish(client: TestClient, seed):
    fr = client.get("/api/brief", params=QUESTION | {"lang": "fr"}).json()
    assert fr["summary"][0]["kinds"] == ["chiffres"]
    assert fr["summary"][0]["status_label"] == "réponse partielle"
    assert "aucun chiffre infranational" in fr["asks"][0]["status_note"]
    assert [s["status"] for s in fr["summary"]] == [s["status"] for s in seed["summary"]]
    sv = client.get("/api/brief", params=QUESTION | {"lang": "sv"}).json()
    assert sv["summary"][0]["kinds"] == ["siffror"]


def test_markdown_document(client: TestClient, seed):
    response = client.get("/api/brief", params=QUESTION | {"format": "md"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    assert "attachment" in response.headers["content-disposition"]
    text = response.text
    assert "| Ask | Kind | Status | Key fact |" in text
    assert text.count("## Ask ") == 5
    assert "[^1]" in text and "\n[^1]: http" in text
    assert "facts as of 22 November 2026" in text


def test_docx_document_opens_in_libreoffice(client: TestClient, soffice, tmp_path):  # noqa: F811
    response = client.get("/api/brief", params=QUESTION | {"format": "docx", "lang": "fr"})
    assert response.status_code == 200
    assert "wordprocessingml" in response.headers["content-type"]
    text = docx_as_text(soffice, response.content, tmp_path)
    assert "Fiche" in text and "Synthèse" in text
    assert "Demande 1" in text
    assert "quels sont les chiffres actualisés et consolidés" in text
    assert "faits au 22 novembre 2026" in text
    assert "Sources" in text and "https://" in text


def test_unknown_format_is_refused(client: TestClient):
    response = client.get("/api/brief", params=QUESTION | {"format": "pdf"})
    assert response.status_code == 400


def test_comparison_as_docx(client: TestClient, soffice, tmp_path):  # noqa: F811
    params = {"topic": "purchase-sex-minor", "jurisdiction": ["FR", "SE"], "at": "2015-01-01",
              "format": "docx", "lang": "fr"}  # fmt: skip
    response = client.get("/api/compare", params=params)
    assert response.status_code == 200
    assert "compare-purchase-sex-minor-2015-01-01.docx" in response.headers["content-disposition"]
    text = docx_as_text(soffice, response.content, tmp_path)
    assert "1 janvier 2015" in text  # the as-of date
    assert "Code pénal, art. 225-12-1" in text and "Brottsbalken 6 kap. 9 §" in text
    assert "Sources" in text and "\n1. https://" in text  # numbered source notes
