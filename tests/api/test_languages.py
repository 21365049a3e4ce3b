"""French, Swedish and English: the language chosen by `lang`, a cookie or Accept-Language,
labels from the data in the reader's language with every fallback flagged."""

from __future__ import annotations

import re

import pytest

TOPICS = ["purchase-sex-minor", "procuring-minor", "trafficking-minor", "reporting-duty"]


@pytest.mark.parametrize("lang", ["en", "fr", "sv"])
@pytest.mark.parametrize("topic", TOPICS)
def test_every_label_in_another_language_is_flagged(client, topic, lang):
    doc = client.get(
        "/api/compare",
        params={
            "topic": topic,
            "jurisdiction": ["FR", "SE", "UK"],
            "at": "2020-06-01",
            "lang": lang,
        },
    ).json()
    assert doc["lang"] == lang
    flagged = {(f["iri"], f["field"]) for f in doc["fallbacks"]}
    for row in doc["rows"]:
        for item in row["items"]:
            assert item["label"], item["iri"]
            if item["label_lang"] != lang:
                assert (item["iri"], "label") in flagged
            for sanction in item["sanctions"]:
                if sanction["condition"] and sanction["condition_lang"] != lang:
                    assert (sanction["iri"], "condition") in flagged
    for fallback in doc["fallbacks"]:
        assert fallback["lang"] != lang


def test_the_official_name_stays_in_its_own_language(client):
    doc = client.get(
        "/api/compare",
        params={
            "topic": "purchase-sex-minor",
            "jurisdiction": "FR",
            "at": "2020-06-01",
            "lang": "sv",
        },
    ).json()
    (item,) = [i for i in doc["rows"][0]["items"] if i["kind"] == "offence"]
    assert item["official_label"] == {"text": "Recours à la prostitution d'un mineur", "lang": "fr"}


def test_a_page_takes_the_language_from_the_switch_then_remembers_it(client):
    page = client.get("/coverage", params={"lang": "fr"})
    assert '<html lang="fr">' in page.text and page.headers["content-language"] == "fr"
    assert "lang=fr" in page.headers["set-cookie"]
    assert "Couverture" in page.text
    again = client.get("/coverage")
    assert '<html lang="fr">' in again.text
    client.cookies.clear()
    assert '<html lang="en">' in client.get("/coverage").text


def test_a_page_follows_the_browser_language(client):
    page = client.get("/compare", headers={"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"})
    assert '<html lang="sv">' in page.text and "Jämförelse per" in page.text
    page = client.get("/compare", headers={"Accept-Language": "de-DE,fr;q=0.4"})
    assert '<html lang="fr">' in page.text
    assert "set-cookie" not in page.headers  # only an explicit choice is remembered


def test_the_json_api_answers_in_the_language_asked_for_only(client):
    doc = client.get(
        "/api/compare",
        params={"topic": "purchase-sex-minor", "jurisdiction": "SE"},
        headers={"Accept-Language": "fr"},
    ).json()
    assert doc["lang"] == "en"


def test_api_errors_in_the_language_asked_for(client):
    response = client.get(
        "/api/compare", params={"topic": "nope", "jurisdiction": "FR", "lang": "fr"}
    )
    assert response.status_code == 404
    assert response.json()["message"].startswith("Thème inconnu 'nope'")
    assert response.json()["error"] == "NotFound"  # stable keys


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "Federated queries (SERVICE) are disabled"),
        ("fr", "Les requêtes fédérées (SERVICE) sont désactivées"),
        ("sv", "Federerade frågor (SERVICE) är avstängda"),
    ],
)
def test_sparql_refusals_in_the_language_asked_for(client, lang, words):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query, "lang": lang})
    assert response.status_code == 400
    assert response.json()["message"].startswith(words)


@pytest.mark.parametrize(
    ("lang", "header"), [("en", "jurisdiction"), ("fr", "juridiction"), ("sv", "jurisdiktion")]
)
def test_downloads_have_headers_in_the_language(client, lang, header):
    csv = client.get(
        "/api/compare",
        params={"topic": "purchase-sex-minor", "jurisdiction": "SE", "format": "csv", "lang": lang},
    ).text
    assert csv.splitlines()[0].split(",")[0] == header
    md = client.get(
        "/api/compare",
        params={"topic": "purchase-sex-minor", "jurisdiction": "SE", "format": "md", "lang": lang},
    ).text
    assert f"| {header} |" in md


def test_coverage_names_topics_in_the_language(client):
    doc = client.get("/api/coverage", params={"lang": "sv"}).json()
    assert doc["topic_labels"]["purchase-sex-minor"] == {
        "text": "Köp av sexuell handling av barn",
        "lang": "sv",
    }
    assert set(doc["verification"]["by_jurisdiction"]) >= {"FR", "SE", "UK-EW"}
    for entry in doc["verification"]["by_jurisdiction"].values():
        assert 0 <= entry["share"] <= 1


def test_the_catalogue_of_questions_in_the_language(client):
    queries = client.get("/api/queries", params={"lang": "fr"}).json()["queries"]
    titles = {q["name"]: q["title"] for q in queries}
    assert titles["unverified"] == "Tout ce qui n'est pas vérifié"


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [
        ("/", "fr", "Accueil"),
        ("/coverage", "fr", "Couverture"),
        ("/compare", "sv", "Jämför"),
        ("/sparql", "fr", "Requête SPARQL"),
    ],
)
def test_the_window_title_is_in_the_language(client, path, lang, title):
    """The browser tab's title is interface text too (it is outside the page's body, where
    the browser tests look)."""
    page = client.get(path, params={"lang": lang}, headers={"Accept": "text/html"}).text
    assert f"<title>{title} · policykg</title>" in page


@pytest.mark.parametrize(("lang", "colon"), [("fr", "\u00a0:"), ("en", ":"), ("sv", ":")])
def test_a_label_colon_follows_the_languages_typography(client, lang, colon):
    """French sets a no-break space before a colon ("Chronologie : FR"); English and Swedish
    do not. The colon comes from the catalogue, never typed in a template."""
    page = client.get("/timeline", params={"jurisdiction": "FR", "lang": lang}).text
    heading = page.split("<h1>", 1)[1].split("<span", 1)[0]
    assert heading.rstrip().endswith(colon)
    if lang != "fr":
        assert "\u00a0:" not in heading


def test_penalty_changes_on_the_timeline_use_french_punctuation(client):
    """A penalty change reads "Peine aggravée : emprisonnement relevé … ; amende …": the colon
    and the separator come from the catalogue, not from the code."""
    page = client.get("/timeline", params={"jurisdiction": "FR", "lang": "fr"}).text
    assert "Peine aggravée\u00a0: emprisonnement relevé de" in page
    assert "Peine aggravée:" not in page and " ans; amende" not in page


@pytest.mark.parametrize(("lang", "kind"), [("fr", "Chiffres"), ("sv", "Siffror")])
def test_a_highlighted_span_is_named_in_the_language(client, lang, kind):
    """The tooltip of a highlighted span names its kind in the reader's language."""
    page = client.get("/documents/an-17-14232", params={"lang": lang}).text
    titles = re.findall(r'<mark class="[^"]*" title="([^"]*)"', page)
    assert titles and any(t.startswith(kind) for t in titles)
    assert not any(re.match(r"(question|citation|penaltie|figure|mention)\b", t) for t in titles)
