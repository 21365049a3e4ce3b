"""Extraction that reaches the graph (issue 13): names as people write them, dates tied to
what they date, citations resolved to provisions and versions, penalties by reference, and
the seed minister's answer linked to the graph."""

from __future__ import annotations

import pytest

from kg.ingest.extract.dates import find_dates
from kg.ingest.extract.gazetteer import Entry, Gazetteer, load_gazetteer
from kg.ingest.pipeline import enrich, read_document
from kg.ns import ID
from tests.paths import PROJECT

SEED_ANSWER = PROJECT / "data/sources/fr/reponse-ministre-justice-prostitution-mineurs.txt"


def _ids(mentions, kind: str) -> list[str]:
    return [m.iri.removeprefix(ID) for m in mentions if m.kind == kind and m.iri]


# --- the gazetteer's matching, on hand-made entries -----------------------------------------

ENTRIES = [
    Entry(
        "Mission interministérielle pour la protection des femmes (MIPROF)",
        "body",
        "b/miprof",
        "fr",
    ),
    Entry("Brottsförebyggande rådet (Brå)", "body", "b/bra", "sv"),
    Entry("Jämställdhetsmyndigheten", "body", "b/jam", "sv"),
    Entry(
        "Group of Experts on Action against Trafficking in Human Beings (GRETA)",
        "body",
        "b/greta",
        "en",
    ),
    Entry("Plan national (2014-2016)", "plan", "p/1", "fr", "2014-05-14", "2019-10-18"),
    Entry("plan national contre la traite", "plan", "p/1", "fr", "2014-05-14", "2019-10-18"),
    Entry("plan national contre la traite", "plan", "p/2", "fr", "2019-10-18", "2022-01-01"),
    Entry("Home Office", "body", "b/ho", "en"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("coordonnés par la MIPROF.", ["b/miprof"]),
        ("la mission interministérielle pour la\nprotection des femmes agit", ["b/miprof"]),
        ("enligt Brå har antalet ökat; Brås rapport", ["b/bra", "b/bra"]),
        ("Jämställdhetsmyndighetens uppdrag", ["b/jam"]),
        ("GRETA's report, not Greta Thunberg", ["b/greta"]),
        ("the Home Office's figures", ["b/ho"]),
        ("en brå takt", []),  # a short name keeps its case
        ("Plan 2014-2016 était", []),  # the year in a parenthesis is not a name
    ],
)
def test_names_as_people_write_them(text: str, expected: list[str]) -> None:
    found = Gazetteer(ENTRIES).find(text)
    assert [m.iri for m in found] == expected
    assert all(text[m.start : m.end] == m.text for m in found)


def test_a_shared_name_is_read_on_the_date() -> None:
    gazetteer = Gazetteer(ENTRIES)
    text = "le plan national contre la traite"
    assert [m.iri for m in gazetteer.find(text)] == ["p/1", "p/2"]
    assert [m.iri for m in gazetteer.find(text, "2016-01-01")] == ["p/1"]
    assert [m.iri for m in gazetteer.find(text, "2020-06-01")] == ["p/2"]
    assert [m.iri for m in gazetteer.find(text, "2024-06-01")] == ["p/1", "p/2"]


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "adressées aux parquets en 2015 et 2016, les services",
            [("2015", "year"), ("2016", "year")],
        ),
        ("une étude réalisée en janvier 2022", [("2022-01", "month")]),
        ("gäller för åren 2021-2023", [("2021/2023", "year")]),
        ("2014 års människohandelsutredning", [("2014", "year")]),
        ("between 2022 and 2023", [("2022", "year"), ("2023", "year")]),
        ("plus de 2000 victimes; n° 2016-444; (1962:700); the 2003 Act; 31 février 2020", []),
    ],
)
def test_dates_at_the_precision_written(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.value, m.precision) for m in find_dates(text)] == expected


# --- against the built graph ---------------------------------------------------------------------


def _linked(store, text: bytes, name: str, date: str | None = None):
    doc = read_document(text, name)
    if date:
        doc.metadata["date"] = date
    enrich(store, doc, load_gazetteer(store))
    doc.check_spans()
    return doc


def test_the_seed_answer_reaches_the_graph(store):
    doc = _linked(store, SEED_ANSWER.read_bytes(), SEED_ANSWER.name, "2019-03-28")
    assert "body/fr/miprof" in _ids(doc.mentions, "body")
    assert "act/eu/reg/2023/1543" in _ids(doc.mentions, "instrument")
    assert _ids(doc.mentions, "plan") == ["plan/fr/plan-action-national-traite-2014-2016"]
    circulars = [m for m in doc.mentions if m.kind == "instrument" and m.iri is None]
    assert [(m.text, m.value) for m in circulars] == [
        ("circulaires", "2015"),
        ("circulaires", "2016"),
    ]
    assert all(m.reason for m in circulars)
    dates = [m for m in doc.mentions if m.kind == "date"]
    assert [(d.value, d.refers_to["text"]) for d in dates] == [
        ("2015", "circulaires"),
        ("2016", "circulaires"),
    ]


def test_undated_answer_links_every_national_trafficking_plan(store):
    doc = _linked(store, SEED_ANSWER.read_bytes(), SEED_ANSWER.name)
    assert set(_ids(doc.mentions, "plan")) >= {
        "plan/fr/plan-action-national-traite-2014-2016",
        "plan/fr/plan-action-national-traite-2019-2021",
    }


CODE = """---
title: "Code pénal"
identifier: "LEGITEXT000006070719"
country: "fr"
last_updated: "2002-01-01"
---
# Code pénal

##### Article 225-5

Le proxénétisme est puni de sept ans d'emprisonnement et de 150 000 euros d'amende.

##### Article 225-6

Est puni des peines prévues par l'article 225-5 le fait de servir d'intermédiaire, au sens de
l'article 999-1 et de l'article 225-12-1 du code pénal.

##### Article 225-4-2

I.-L'infraction est punie de dix ans d'emprisonnement et de 1 500 000 € d'amende.

II.-L'infraction prévue au II est punie de quinze ans de réclusion criminelle et de 1 500 000 € d'amende.
""".encode()


def test_citations_are_resolved_with_version_or_reason(store):
    doc = _linked(store, CODE, "code-penal.md")
    by_text = {c.text: c for c in doc.citations}
    own = by_text["article 225-5"]
    assert own.resolved == ID + "act/fr/code-penal/article/225-5"
    assert own.version == ID + "act/fr/code-penal/article/225-5/version/2002-01-01"
    missing = by_text["article 999-1"]
    assert missing.resolved is None
    assert "holds the instrument" in missing.reason
    curated = by_text["article 225-12-1 du code pénal"]
    assert curated.resolved == ID + "act/fr/code-penal/article/225-12-1"


def test_penalties_by_reference_and_parts(store):
    doc = _linked(store, CODE, "code-penal.md")
    summary = [
        (p.provision.rsplit("/", 1)[-1], p.condition, p.max_prison_years, p.max_fine.amount)
        for p in doc.penalties
    ]
    assert summary == [
        ("225-5", None, 7, 150_000),
        ("225-6", None, 7, 150_000),  # "les peines prévues par l'article 225-5"
        ("225-4-2", "I", 10, 1_500_000),
        ("225-4-2", "II", 15, 1_500_000),
    ]


def test_penalty_by_reference_from_the_graph(store):
    text = (
        "Article 225-6\n\nEst puni des peines prévues par l'article 225-5 le fait d'aider.".encode()
    )
    doc = _linked(store, b"# " + text, "code-penal/article-225-6.v2010-01-01.md")
    (penalty,) = doc.penalties
    assert (penalty.max_prison_years, penalty.max_fine.amount) == (7, 150_000)


def test_instrument_named_by_its_title_or_date(store):
    text = (
        "sections 1 and 2 of the Criminal Law (Consolidation) (Scotland) Act 1995, and la loi "
        "du 4 mars 2002 relative à l'autorité parentale."
    ).encode()
    doc = _linked(store, text, "note.txt")
    laws = {c.instrument for c in doc.citations}
    assert {"uk/ukpga/1995/39", "fr/loi/2002/305"} <= laws


BRB = """---
title: "Brottsbalk (1962:700)"
identifier: "SFS-1962-700"
country: "se"
---
# Brottsbalk

### 4 kap. Om brott mot frihet och frid

##### 1 §

Den som för bort någon döms för människorov.

##### 2 §

Om brott som avses i 1 § är mindre grovt döms till fängelse i högst sex år.
""".encode()


def test_a_bare_paragraph_is_in_its_chapter_and_chapter_titles_are_not_citations():
    from kg.ingest.pipeline import read_document as read

    doc = read(BRB, "sfs-1962-700.md")
    assert [(c.text, c.provision) for c in doc.citations] == [("1 §", "kap/4/par/1")]
