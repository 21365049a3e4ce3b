"""The drafter pages (api/routes/) rendered in-process: real values, no external URL,
escaped document text."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routes.assets import plotly_file
from kg.config import Settings
from kg.ingest.pipeline import ingest
from kg.publish.charts import max_prison_series

PAGES = [
    "/compare?at=2015-01-01",
    "/compare?topic=purchase-sex-minor&topic=purchase-sex-adult&jurisdiction=UK",
    "/gaps?reference=SE&target=FR&at=2015-01-01",
    "/timeline?jurisdiction=FR",
    "/timeline?jurisdiction=UK&jurisdiction=SE&topic=",
    "/documents",
    "/documents/an-17-14232",
    "/documents/sha256-a7e5bdb2d98ecee4947d",
    "/brief?document=an-17-14232",
    "/brief?document=sha256-a7e5bdb2d98ecee4947d",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_renders_without_external_urls(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert re.findall(r"""(?:src|href)\s*=\s*["']?https?://""", response.text) == []
    assert '<nav class="pagenav"' in response.text


def test_compare_matrix_in_2015(client: TestClient) -> None:
    html = client.get("/compare?at=2015-01-01").text
    fr = _cell(html, "FR")
    assert "3 years" in fr and "€45,000" in fr
    assert 'href="/id/' in fr and "legifrance.gouv.fr" in fr  # local link, official URL as text
    assert re.search(r'class="badge (un)?verified"', fr)  # each fact says whether it was verified
    assert "2 years" in _cell(html, "SE")
    assert "/api/compare?topic=purchase-sex-minor&amp;jurisdiction=FR" in html
    assert "format=csv" in html and "format=xlsx" in html and "format=md" in html
    assert 'value="2015-01-01"' in html


def test_compare_today_differs(client: TestClient) -> None:
    assert "5 years" in _cell(client.get("/compare").text, "FR")


def _cell(html: str, code: str) -> str:
    match = re.search(rf'<td class="cell \w+" data-jurisdiction="{code}">(.*?)</td>', html, re.S)
    assert match, f"no {code} cell"
    return match.group(1)


def test_gaps_page_shows_demand_penalised(client: TestClient) -> None:
    html = client.get("/gaps?reference=SE&target=FR&at=2015-01-01").text
    assert "SE → FR" in html
    gap_section = html.split('class="verdict-gaps"')[1].split('class="verdict-no_gap"')[0]
    assert "buying sex is an offence" in gap_section and "Brottsbalken 6 kap. 11 §" in gap_section
    assert "Unknown (" in html and "No gap (" in html


def test_timeline_table_and_chart_data(client: TestClient) -> None:
    html = client.get("/timeline?jurisdiction=FR").text
    assert '<td><time datetime="2021-04-23">23 April 2021</time></td>' in html
    assert '<script type="application/json" id="timeline-data">' in html
    assert plotly_file()[0] in html
    assert '"y": [7.0, 10.0]' in html


def test_plotly_is_served_from_the_package(client: TestClient) -> None:
    url, path = plotly_file()
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == path.read_bytes()
    assert client.get("/vendor/plotly-0.0.0/plotly.min.js").status_code == 404


def test_document_page_highlights_spans(client: TestClient) -> None:
    html = client.get("/documents/an-17-14232").text
    assert '<a href="#figures-1" lang="fr">plus de 11 000 mineurs</a>' in html
    assert re.search(r'id="figures-1"></span><mark class="hl hl-figures"', html)
    assert len(re.findall(r'href="#questions-\d"', html)) == 5
    assert 'href="/concept/topic/purchase-sex-minor"' in html  # a mention, linked locally


def test_brief_opens_with_a_summary_and_collapses_the_evidence(client: TestClient) -> None:
    html = client.get("/brief?document=an-17-14232&at=2026-11-22").text
    assert "Asks (5)" in html
    assert len(re.findall(r"<h3>Ask \d", html)) == 5
    summary = html[html.index("<h2>Summary</h2>") : html.index("<h2>Asks (5)</h2>")]
    assert len(re.findall(r'<tr class="(answered|partly|no-data)">', summary)) == 5
    assert "no figure below the national level" in summary  # ask 1, partly: no territory
    assert "checked " in summary  # a key fact with the day it was checked
    # every part's evidence is collapsed: no <details open>
    assert html.count('<details class="part') >= 5 and "<details open" not in html
    assert "format=docx" in html and "format=md" in html


def test_unknown_document_is_a_json_404(client: TestClient) -> None:
    response = client.get("/documents/no-such-doc")
    assert response.status_code == 404 and response.json()["error"] == "NotFound"


def test_document_text_is_escaped(store_copy) -> None:
    settings = Settings(store="memory")
    store = store_copy
    text = b"La prostitution des mineurs en France <img src=x onerror=alert(1)> progresse."
    doc_id = ingest(store, text, "xss.txt").id
    with TestClient(create_app(settings, store=store)) as client:
        html = client.get(f"/documents/{doc_id}").text
    assert "&lt;img" in html
    assert "<img src=x" not in html


def test_chart_retires_a_silent_version() -> None:
    """A change whose `previous` never had an event still replaces the old level."""

    def event(kind: str, day: str, iri: str, years: int, **extra: object) -> dict[str, object]:
        after = {"max_prison_years": years, "life_imprisonment": False}
        head = {"kind": kind, "jurisdiction": "X", "date": day, "subject": {"iri": iri}}
        return head | {"offence": "o", "after": after} | extra

    before = {"max_prison_years": 3, "life_imprisonment": False}
    series = max_prison_series(
        [
            event("penalty-set", "2000-01-01", "a", 3),
            event("penalty-lowered", "2005-01-01", "c", 1, previous="b", before=before),
        ]
    )
    assert series == [
        {
            "name": "X",
            "x": ["2000-01-01", "2005-01-01"],
            "y": [3.0, 1.0],
            "text": ["3 years", "1 year"],
            "life": [False, False],
        }
    ]


def test_chart_draws_life_apart_from_the_years_axis() -> None:
    """Life imprisonment is not 30 (or any) years: no y value, flagged and named as life."""
    life = {"max_prison_years": None, "life_imprisonment": True}
    event = {"kind": "penalty-set", "jurisdiction": "UK-EW", "date": "2004-05-01"}
    event |= {"subject": {"iri": "s"}, "offence": "o", "after": life}
    [line] = max_prison_series([event])
    assert (line["y"], line["life"], line["text"]) == ([None], [True], ["life imprisonment"])


def test_a_browser_asking_for_the_icon_gets_one(client) -> None:
    """Pages link /favicon.ico; anything else a browser opens (JSON, Swagger UI) makes it ask
    for it too, which would otherwise be a 404 in the console."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.text.startswith("<svg")
