"""Brief: each ask classified and answered with facts of its kind, an honest status per ask,
the summary, and the claims of a text checked by rule."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
import yaml

from kg.analysis import ask_answers
from kg.analysis.ask_answers import AskContext
from kg.analysis.asks import ask_kinds, ask_topics, figure_dimensions, wants_territory
from kg.analysis.brief import (
    ask_status,
    brief,
    check_claims,
    check_figure,
    recorded_figures,
    topic_answer,
)
from kg.errors import NotFound
from kg.formats.brief_document import brief_document
from kg.formats.document import to_docx, to_markdown
from kg.ingest.pipeline import read_extraction
from tests.paths import FIXTURES

QUESTION = "an-17-14232"
ART_225_12_1 = "https://w3id.org/policykg/id/act/fr/code-penal/article/225-12-1"
FR = "https://w3id.org/policykg/id/jurisdiction/FR"
DAY = date(2026, 11, 22)


def answer(citations=(), penalties=(), figures=(), published=None):
    return {
        "type": "ministerial-answer",
        "language": "fr",
        "jurisdiction": None,
        "metadata": {"published": published, "answered": None},
        "citations": list(citations),
        "penalties": list(penalties),
        "figures": list(figures),
        "mentions": [],
    }


def citation(resolved):
    return {"text": "article 225-12-1 du code pénal", "start": 0, "end": 30, "resolved": resolved}


def test_citation_rules(store):
    today = date(2026, 11, 22)
    [old] = check_claims(store, answer([citation(ART_225_12_1)], published="2015-06-01"), today)
    assert (old["verdict"], old["rule"]) == ("outdated", "changed-after-document")
    assert "2021-04-23" in old["explanation"]
    [recent] = check_claims(store, answer([citation(ART_225_12_1)], published="2022-01-10"), today)
    assert (recent["verdict"], recent["rule"]) == ("consistent", "in-force")
    assert recent["evidence"]
    [early] = check_claims(store, answer([citation(ART_225_12_1)]), date(2001, 1, 1))
    assert (early["verdict"], early["rule"]) == ("outdated", "not-in-force")
    [loose] = check_claims(store, answer([citation(None)]), today)
    assert (loose["verdict"], loose["rule"]) == ("unchecked", "citation-unresolved")


def test_penalty_rules(store):
    def penalty(years):
        return {"text": f"{years} ans", "start": 0, "end": 5, "max_prison_years": years,
                "life_imprisonment": False, "provision": ART_225_12_1}  # fmt: skip

    claims = check_claims(
        store, answer(penalties=[penalty(5), penalty(3), penalty(6)]), date(2026, 11, 22)
    )
    assert [c["verdict"] for c in claims] == ["consistent", "outdated", "contradicted"]


def test_seed_answer_gets_a_claims_list(client):
    documents = client.get("/api/documents").json()["documents"]
    [answer_id] = [d["id"] for d in documents if d["type"] == "MinisterialAnswer"]
    response = client.get("/api/brief", params={"document": answer_id})
    assert response.status_code == 200
    doc = response.json()
    assert doc["document"]["type"] == "ministerial-answer"
    for claim in doc["claims"]:
        assert {
            "kind",
            "text",
            "start",
            "end",
            "verdict",
            "rule",
            "explanation",
            "evidence",
        } <= set(claim)
    assert (doc["note"] is None) == bool(doc["claims"])  # no claim: the note says so
    context = {c["topic"]: c for c in doc["context"]}
    assert context["purchase-sex-minor"]["rows"][0]["jurisdiction"] == "FR"
    assert context["purchase-sex-minor"]["status"] == "answered"


def test_http_errors(client, store):
    assert client.get("/api/brief", params={"document": "nope"}).status_code == 404
    assert client.get("/api/brief", params={"document": QUESTION, "at": "x"}).status_code == 400
    with pytest.raises(NotFound):
        brief(store, "nope")


def test_a_brief_without_a_day_is_as_of_today_even_after_midnight(client, monkeypatch):
    """Without `at` a brief is as of today: the answer remembered yesterday is not today's
    (a server, or a test run, that goes past midnight served yesterday's brief)."""
    import kg.analysis.compare as compare_module

    class Today(date):
        fixed = date(2026, 3, 1)

        @classmethod
        def today(cls) -> date:
            return cls.fixed

    monkeypatch.setattr(compare_module, "date", Today)
    url = "/api/brief?document=" + QUESTION
    assert client.get(url).json()["at"] == "2026-03-01"
    Today.fixed = date(2026, 3, 2)
    assert client.get(url).json()["at"] == "2026-03-02"


def test_penalty_in_force_rule_is_end_exclusive(store):
    """The 3-year version of art. 225-12-1 ends on 2021-04-23, the day the 5-year one starts:
    on that day only the new one is in force ([start, end), end exclusive)."""

    def penalty(years):
        return {"text": f"{years} ans", "start": 0, "end": 5, "max_prison_years": years,
                "life_imprisonment": False, "provision": ART_225_12_1}  # fmt: skip

    on_the_day = check_claims(store, answer(penalties=[penalty(3), penalty(5)]), date(2021, 4, 23))
    assert [c["verdict"] for c in on_the_day] == ["outdated", "consistent"]
    day_before = check_claims(store, answer(penalties=[penalty(3), penalty(5)]), date(2021, 4, 22))
    assert [c["verdict"] for c in day_before] == ["consistent", "outdated"]


# ------------------------------------------------------------------ ask kinds

SEED_ASKS = [
    ("figures",),
    ("coordination", "intention"),
    ("resources", "intention"),
    ("enforcement", "intention"),
    ("foreign-models", "intention"),
]


@pytest.fixture(scope="module")
def seed_extraction(store):
    return read_extraction(store, QUESTION)


def test_the_five_asks_of_14232_are_classified_by_what_they_ask(seed_extraction):
    kinds = [
        tuple(k["kind"] for k in ask_kinds(q["text"], "fr")) for q in seed_extraction["questions"]
    ]
    assert kinds == SEED_ASKS
    first = ask_kinds(seed_extraction["questions"][0]["text"], "fr")[0]
    assert "chiffres" in first["cues"]  # the words that gave the kind are kept
    assert wants_territory(seed_extraction["questions"][0]["text"], "fr") == "territorial"
    assert wants_territory(seed_extraction["questions"][1]["text"], "fr") is None


def test_a_foreign_models_ask_absorbs_the_aspects_it_names():
    text = "s'inspirer des dispositifs étrangers en matière de coordination nationale et de loi"
    assert [k["kind"] for k in ask_kinds(text, "fr")] == ["foreign-models"]
    assert [k["kind"] for k in ask_kinds("la coordination nationale et la loi", "fr")] == [
        "legislation",
        "coordination",
    ]


@pytest.mark.parametrize(
    "case",
    yaml.safe_load((FIXTURES / "asks" / "asks.yaml").read_text(encoding="utf-8")),
    ids=lambda c: c["text"][:40],
)
def test_other_questions_in_french_english_and_swedish(case):
    assert [k["kind"] for k in ask_kinds(case["text"], case["lang"])] == case["kinds"]


def test_an_ask_with_no_cue_has_no_kind_and_no_data():
    assert ask_kinds("Bonjour.", "fr") == []
    status, note = ask_status([])
    assert status == "no-data" and note


def test_figure_words_map_to_the_measures_scheme():
    assert figure_dimensions("mineurs") == {"population": "minors", "unit": "persons"}
    assert figure_dimensions("barn") == {"population": "minors", "unit": "persons"}
    assert figure_dimensions("jeunes") == {"population": "young-people", "unit": "persons"}
    assert figure_dimensions("%") == {"population": None, "unit": "percent"}
    assert figure_dimensions("kilomètres") == {"population": None, "unit": None}


# ------------------------------------------------------------------ statuses


def _part(status):
    return {"kind": "figures", "status": status, "note": f"why {status}", "facts": []}


def test_ask_status_follows_its_parts():
    answered, partly, none = _part("answered"), _part("partly"), _part("no-data")
    assert ask_status([answered, answered | {"kind": "resources"}]) == ("answered", None)
    status, note = ask_status([answered, none | {"kind": "resources"}])
    assert status == "partly" and "resources" in note and "figures" in note
    assert ask_status([none, none | {"kind": "intention"}])[0] == "no-data"
    assert ask_status([partly])[0] == "partly"


def test_topic_answer_is_unknown_only_when_every_row_is():
    unknown = {"jurisdiction": "FR", "status": "unknown", "items": []}
    absent = {"jurisdiction": "SE", "status": "absent", "items": []}
    assert topic_answer({"rows": [unknown, unknown | {"jurisdiction": "SE"}]})["status"] == (
        "unknown"
    )
    assert topic_answer({"rows": [unknown, absent]})["status"] == "answered"


def ctx(store, topics, **more):
    return AskContext(store, DAY, "en", "FR", ["SE", "UK"], topics, **more)


ASK_ONE_TOPICS = ["victim-statistics", "purchase-sex-minor", "procuring-minor", "trafficking-minor"]


def test_figures_on_minors_latest_official_first(store):
    figures = ask_answers.figures(ctx(store, ASK_ONE_TOPICS, population="minors"))
    assert figures["status"] == "answered"
    on_point = [f for f in figures["facts"] if f["on_point"]]
    assert on_point and all(f["population"] == "minors" for f in on_point)
    first = on_point[0]
    assert first["verification"] == "verified"
    assert first["sources"] and first["checked_on"] and first["period"] and first["territory"]
    assert first["year"] == max(f["year"] for f in on_point if f["verification"] == "verified")
    years = [f["year"] for f in on_point if f["verification"] == "verified"]
    assert years == sorted(years, reverse=True)
    # other populations are kept, after, as related facts
    assert any(not f["on_point"] for f in figures["facts"])
    assert figures["facts"].index(on_point[-1]) < min(
        i for i, f in enumerate(figures["facts"]) if not f["on_point"]
    )


def test_figures_by_territory_are_partly_answered_when_only_national(store):
    figures = ask_answers.figures(
        ctx(store, ASK_ONE_TOPICS, population="minors", territorial="territorial")
    )
    assert figures["status"] == "partly"
    assert "territorial" in figures["note"]


def test_status_changes_when_the_facts_are_removed(store_copy):
    before = ask_answers.figures(ctx(store_copy, ASK_ONE_TOPICS, population="minors"))
    assert before["status"] == "answered"
    store_copy.update(
        """PREFIX pkg: <https://w3id.org/policykg/ontology#>
        DELETE { GRAPH ?g { ?o pkg:verification pkg:Verified } }
        WHERE { GRAPH ?g { ?o a pkg:StatisticalObservation ; pkg:verification pkg:Verified } }"""
    )
    unverified = ask_answers.figures(ctx(store_copy, ASK_ONE_TOPICS, population="minors"))
    assert unverified["status"] == "partly" and "unverified" in unverified["note"]
    store_copy.update(
        """PREFIX pkg: <https://w3id.org/policykg/ontology#>
        DELETE { GRAPH ?g { ?o ?p ?v } }
        WHERE { GRAPH ?g { ?o a pkg:StatisticalObservation ; pkg:jurisdiction ?j ; ?p ?v .
                           FILTER (?j = <https://w3id.org/policykg/id/jurisdiction/FR>) } }"""
    )
    gone = ask_answers.figures(ctx(store_copy, ASK_ONE_TOPICS, population="minors"))
    assert gone["status"] == "no-data" and gone["facts"] == []


def test_resources_say_no_budget_when_none_is_in_force(store):
    resources = ask_answers.resources(ctx(store, ["action-plan"]))
    assert resources["status"] == "no-data"
    assert "budget" in resources["note"]
    # the 2021 plan (14 M EUR) ended on 2023-01-01 (end exclusive): in force the day before
    earlier = ask_answers.resources(
        AskContext(store, date(2022, 12, 31), "en", "FR", [], ["action-plan"])
    )
    assert earlier["status"] == "partly" and "staffing" in earlier["note"]
    [funded] = [f for f in earlier["facts"] if f["on_point"]]
    assert funded["budget"] == {"amount": 14000000, "currency": "EUR"}
    on_the_end_day = ask_answers.resources(
        AskContext(store, date(2023, 1, 1), "en", "FR", [], ["action-plan"])
    )
    assert on_the_end_day["status"] == "no-data"


def test_enforcement_on_clients_of_minors(store):
    enforcement = ask_answers.enforcement(
        ctx(store, ["purchase-sex-minor", "purchase-sex-adult"], population="minors")
    )
    on_point = [f for f in enforcement["facts"] if f["on_point"]]
    assert on_point and all(f["population"] == "minors" for f in on_point)
    assert all(f["measure"] for f in enforcement["facts"])
    verified = any(f["verification"] == "verified" for f in on_point)
    assert enforcement["status"] == ("answered" if verified else "partly")


def test_foreign_models_status_follows_the_findings(store):
    def fake_gaps(store_, reference, target, day, lang, topics):
        findings = {
            "gaps": [{"topic": "purchase-sex-adult", "feature": "demand-penalised",
                      "verdict": "gap", "explanation": "SE penalises demand",
                      "evidence": {"reference": [{"sources": ["https://example.org/se"]}]}}],
            "no_gap": [], "unknown": [{"topic": "reporting-duty", "feature": "topic",
                                       "verdict": "unknown", "explanation": "?"}],
        }  # fmt: skip
        return {"comparisons": [{"reference": reference, "target": target} | findings]}

    both = ask_answers.foreign_models(
        ctx(store, ["purchase-sex-adult", "reporting-duty"]), fake_gaps
    )
    assert both["status"] == "partly" and "reporting-duty" in both["note"]
    assert both["findings"][0]["verdict"] == "gap"
    assert both["findings"][0]["sources"] == ["https://example.org/se"]
    one = ask_answers.foreign_models(ctx(store, ["purchase-sex-adult"]), fake_gaps)
    assert one["status"] == "answered"
    none = ask_answers.foreign_models(ctx(store, ["reporting-duty"]), fake_gaps)
    assert none["status"] == "no-data"


def test_intention_from_answers_on_record(store):
    c = ctx(store, [])
    assert ask_answers.intention(c, [])["status"] == "no-data"
    claim = {"text": "x", "verdict": "outdated", "explanation": "changed"}
    earlier = [{"id": "a", "answers_this": False, "claims": [claim]}]
    assert ask_answers.intention(c, earlier)["status"] == "partly"
    direct = [{"id": "a", "answers_this": True, "claims": [claim]}]
    assert ask_answers.intention(c, direct)["status"] == "answered"
    silent = [{"id": "a", "answers_this": True, "claims": []}]
    assert ask_answers.intention(c, silent)["status"] == "no-data"


def test_foreign_models_and_intention_carry_the_monitors_requests(store):
    """The brief shows what GRETA, the Lanzarote Committee and the CRC asked of home and
    what a later foreign measure answered (kg.analysis.recommendations.for_ask)."""
    from kg.analysis.recommendations import recommendations

    def no_gaps(store_, reference, target, day, lang, topics):
        return {"comparisons": []}

    c = ctx(store, ["trafficking-minor"])
    expected = {
        r["iri"]
        for r in recommendations(store, jurisdiction=c.home)["recommendations"]
        if "trafficking-minor" in r["topics"] and r["status"]["notation"] not in ("addressed",)
    }
    models = ask_answers.foreign_models(c, no_gaps)["monitors"]
    assert models["open"] and {r["iri"] for r in models["open"]} <= expected
    assert all(
        "trafficking-minor" in r["topics"] for r in models["open"] + models["answered_abroad"]
    )
    assert all(r["jurisdiction"] != c.home for r in models["answered_abroad"])
    said = ask_answers.intention(c, [])["monitors"]
    assert set(said) == {"open", "answered_abroad", "responses"}


# ------------------------------------------------------------------ the question's own figures


def test_more_than_figure_is_matched_with_units_from_the_measures_scheme(store):
    figures = recorded_figures(store, "FR", DAY)
    figure = {"text": "plus de 11 000 mineurs", "start": 0, "end": 5, "value": 11000,
              "unit": "mineurs", "qualifier": "more-than"}  # fmt: skip
    claim = check_figure(figure, figures, "FR")
    assert claim["verdict"] == "consistent"
    agreeing = [e for e in claim["evidence"] if e["agrees"]]
    assert {e["value"] for e in agreeing} >= {11000}
    assert all(e["value"] >= 11000 for e in agreeing)
    assert all(e["population"] == "minors" and e["unit_measure"] == "persons" for e in agreeing)
    young = check_figure(figure | {"unit": "jeunes", "value": 20000}, figures, "FR")
    assert (young["verdict"], young["rule"]) == ("unchecked", "no-recorded-observation")
    rise = check_figure(figure | {"qualifier": "increase", "unit": "%"}, figures, "FR")
    assert rise["verdict"] == "unchecked"


def test_figure_qualifiers_at_their_boundaries():
    def observation(value):
        return {"iri": f"https://example.org/{value}", "value": value, "unit": "u",
                "population": "minors", "unit_measure": "persons", "measure": "m",
                "method": "recorded", "verification": "verified", "period": "2024",
                "territory": "FR", "sources": [], "checked_on": None, "year": 2024,
                "summary": str(value), "attributed_to": None}  # fmt: skip

    def verdict(qualifier, value, recorded):
        figure = {"text": "t", "start": 0, "end": 1, "value": value, "unit": "mineurs",
                  "qualifier": qualifier}  # fmt: skip
        return check_figure(figure, [observation(recorded)], "FR")["verdict"]

    assert verdict("more-than", 11000, 11000) == "consistent"
    assert verdict("more-than", 11000, 10999) == "contradicted"
    assert verdict("less-than", 500, 500) == "contradicted"
    assert verdict("less-than", 500, 499) == "consistent"
    assert verdict("up-to", 500, 500) == "consistent"
    assert verdict("exactly", 500, 501) == "contradicted"
    assert verdict("about", 1000, 1100) == "consistent"
    assert verdict("about", 1000, 1101) == "contradicted"


def test_ask_topics_by_mention_span():
    extraction = {
        "mentions": [
            {"kind": "topic", "start": 5, "end": 10, "text": "x",
             "iri": "https://w3id.org/policykg/concept/topic/reporting-duty"},
            {"kind": "topic", "start": 50, "end": 60, "text": "y",
             "iri": "https://w3id.org/policykg/concept/topic/action-plan"},
        ]
    }  # fmt: skip
    question = {"text": "Quoi ?", "start": 0, "end": 20}
    found = ask_topics(extraction, question, {"reporting-duty", "action-plan"})
    assert [t["topic"] for t in found] == ["reporting-duty"]
    clients = {"text": "la répression des clients", "start": 0, "end": 25}
    by_cue = ask_topics({"mentions": []}, clients, {"purchase-sex-minor", "enforcement"})
    assert {t["topic"] for t in by_cue} == {"purchase-sex-minor", "enforcement"}
    assert all(m["rule"] == "keyword" for t in by_cue for m in t["matched_by"])


# ------------------------------------------------------------------ documents to hand in

SMALL_BRIEF = {
    "document": {"id": "q-1", "iri": "https://w3id.org/policykg/id/document/q-1",
                 "type": "parliamentary-question", "title": "Prostitution des mineurs",
                 "date": "2026-04-14", "language": "fr"},
    "at": "2026-11-22",
    "note": "1 of 1 asks answered from verified facts, 0 partly, 0 with no data in the graph",
    "summary": [{"index": 1, "kinds": ["figures"], "status": "answered",
                 "status_label": "answered from verified facts", "missing": None,
                 "key_fact": {"kind": "figures", "text": "7,000 — Estimated minors (2021)",
                              "source": "https://solidarites.gouv.fr/x", "checked_on": "2026-11-23",
                              "verification": "verified", "iri": "https://w3id.org/policykg/id/s"}}],
    "asks": [{"index": 1, "text": "Quels sont les chiffres <b>*consolidés*</b> ?", "start": 0,
              "end": 10, "direct": True, "status": "answered", "status_note": None,
              "kinds": [{"kind": "figures", "cues": ["chiffres"], "label": "figures"}],
              "topics": [], "key_fact": None,
              "parts": [{"kind": "figures", "status": "answered", "note": None, "facts": [
                  {"iri": "https://w3id.org/policykg/id/s", "kind": "statistic",
                   "summary": "7,000 — Estimated minors (2021)", "label_lang": "en",
                   "verification": "verified", "checked_on": "2026-11-23",
                   "sources": ["https://solidarites.gouv.fr/x"], "url": None, "on_point": True,
                   "attributed_to": "Gouvernement"},
                  {"iri": "https://w3id.org/policykg/id/t", "kind": "statistic",
                   "summary": "2,027 — Victims of trafficking (2022)", "label_lang": "en",
                   "verification": "unverified", "checked_on": None,
                   "sources": ["https://www.interieur.gouv.fr/y"], "url": None,
                   "on_point": False, "attributed_to": None}]}]}],
    "claims": [{"kind": "figure", "text": "plus de 11 000 mineurs", "start": 0, "end": 5,
                "verdict": "consistent", "rule": "recorded-observation",
                "explanation": "1 recorded figure agrees", "evidence": []}],
}  # fmt: skip


def test_markdown_has_the_summary_the_asks_and_footnoted_sources():
    text = to_markdown(brief_document(SMALL_BRIEF, "en"))
    assert text.startswith("# Brief: Prostitution des mineurs\n")
    assert "facts as of 22 November 2026" in text
    assert "| Ask | Kind | Status | Key fact |" in text
    assert "7,000 — Estimated minors (2021)[^1]" in text
    assert "[^1]: https://solidarites.gouv.fr/x — checked 23 November 2026" in text
    assert "[^2]: https://www.interieur.gouv.fr/y" in text  # the related fact's source
    assert "## Ask 1 — answered from verified facts" in text
    # the ask's own markup is text, not Markdown or HTML
    assert "\\<b\\>\\*consolidés\\*\\</b\\>" in text
    assert text.count("[^1]:") == 1  # one note per source, however often it is cited


def test_markdown_in_french():
    text = to_markdown(brief_document(SMALL_BRIEF, "fr"))
    assert "# Fiche\u00a0: Prostitution des mineurs" in text
    assert "faits au 22 novembre 2026" in text
    assert "| Demande |" in text and "Synthèse" in text


@pytest.fixture(scope="module")
def soffice():
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    return binary


def docx_as_text(soffice, body: bytes, tmp_path) -> str:
    """The DOCX converted to plain text by LibreOffice, headless, as a reader would open it."""
    source = tmp_path / "brief.docx"
    source.write_bytes(body)
    profile = tmp_path / "profile"  # a private profile: parallel runs do not share a lock
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return (tmp_path / "brief.txt").read_text(encoding="utf-8-sig")


def test_docx_opens_in_libreoffice_with_headings_ask_source_and_date(soffice, tmp_path):
    body = to_docx(brief_document(SMALL_BRIEF, "fr"))
    assert body[:2] == b"PK"
    text = docx_as_text(soffice, body, tmp_path)
    assert "Fiche\u00a0: Prostitution des mineurs" in text
    assert "faits au 22 novembre 2026" in text
    assert "Synthèse" in text and "Demande 1" in text
    assert "Quels sont les chiffres <b>*consolidés*</b> ?" in text
    assert "https://solidarites.gouv.fr/x — vérifié le 23 novembre 2026" in text
    assert "Sources" in text
