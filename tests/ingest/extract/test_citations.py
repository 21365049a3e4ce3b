"""Legal citations in French, Swedish and English sentences, and in real statute texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.extract.citations import find_citations
from kg.ingest.model import Citation
from tests.paths import SHARED

# sentence, then (text, jurisdiction, instrument, provision) for each citation in order
CASES: list[tuple[str, list[tuple[str, str | None, str | None, str | None]]]] = [
    (
        "Le fait est réprimé par l'article 225-12-1 du code pénal.",
        [("article 225-12-1 du code pénal", "FR", "fr/code-penal", "article/225-12-1")],
    ),
    (
        "Voir art. 225-12-1 CP et l'article L. 226-3 du code de l'action sociale et des familles.",
        [
            ("art. 225-12-1 CP", "FR", "fr/code-penal", "article/225-12-1"),
            (
                "article L. 226-3 du code de l'action sociale et des familles",
                "FR",
                "fr/code-action-sociale-familles",
                "article/L226-3",
            ),
        ],
    ),
    (
        "Les articles 225-5 à 225-7 du code pénal répriment le proxénétisme.",
        [
            ("225-5", "FR", "fr/code-penal", "article/225-5"),
            ("225-5 à 225-7", "FR", "fr/code-penal", "article/225-6"),
            ("225-7", "FR", "fr/code-penal", "article/225-7"),
        ],
    ),
    (
        "les articles 225-5, 225-6 et 225-10 du code pénal",
        [
            ("225-5", "FR", "fr/code-penal", "article/225-5"),
            ("225-6", "FR", "fr/code-penal", "article/225-6"),
            ("225-10", "FR", "fr/code-penal", "article/225-10"),
        ],
    ),
    (
        "La loi n° 2016-444 du 13 avril 2016 transpose la Directive 2011/36/UE.",
        [
            ("loi n° 2016-444 du 13 avril 2016", "FR", "fr/loi/2016/444", None),
            ("Directive 2011/36/UE", "EU", "eu/dir/2011/36", None),
        ],
    ),
    (
        "l'article 1er de la loi n° 98-468 du 17 juin 1998",
        [("article 1er de la loi n° 98-468 du 17 juin 1998", "FR", "fr/loi/1998/468", "article/1")],
    ),
    (
        "La France a ratifié la Convention de Lanzarote.",
        [("Convention de Lanzarote", "CoE", "coe/cets/201", None)],
    ),
    (
        "Brottet regleras i 6 kap. 9 § brottsbalken och i 9 § i 6 kap. brottsbalken.",
        [
            ("6 kap. 9 § brottsbalken", "SE", "se/sfs/1962/700", "kap/6/par/9"),
            ("9 § i 6 kap. brottsbalken", "SE", "se/sfs/1962/700", "kap/6/par/9"),
        ],
    ),
    (
        "Se 4 kap. 1 a § BrB och brottsbalken (1962:700).",
        [
            ("4 kap. 1 a § BrB", "SE", "se/sfs/1962/700", "kap/4/par/1a"),
            ("brottsbalken (1962:700)", "SE", "se/sfs/1962/700", None),
        ],
    ),
    (
        "Enligt lagen (1990:52) med särskilda bestämmelser om vård av unga och socialtjänstlagen.",
        [
            (
                "lagen (1990:52) med särskilda bestämmelser om vård av unga",
                "SE",
                "se/sfs/1990/52",
                None,
            ),
            ("socialtjänstlagen", "SE", "se/sfs/2025/400", None),  # undated: the latest
        ],
    ),
    (
        "6 kap. 9 och 10 §§ brottsbalken",
        [
            ("9", "SE", "se/sfs/1962/700", "kap/6/par/9"),
            ("10", "SE", "se/sfs/1962/700", "kap/6/par/10"),
        ],
    ),
    (
        "Direktiv 2011/93/EU och förordning (EU) 2023/1543.",
        [
            ("Direktiv 2011/93/EU", "EU", "eu/dir/2011/93", None),
            ("förordning (EU) 2023/1543", "EU", "eu/reg/2023/1543", None),
        ],
    ),
    (
        "An offence under section 47 of the Sexual Offences Act 2003, or s. 48 of the Sexual Offences Act 2003.",
        [
            (
                "section 47 of the Sexual Offences Act 2003",
                "UK-EW",
                "uk/ukpga/2003/42",
                "section/47",
            ),
            ("s. 48 of the Sexual Offences Act 2003", "UK-EW", "uk/ukpga/2003/42", "section/48"),
        ],
    ),
    (
        "See article 37 of the Sexual Offences (Northern Ireland) Order 2008.",
        [
            (
                "article 37 of the Sexual Offences (Northern Ireland) Order 2008",
                "UK-NI",
                "uk/nisi/2008/1769",
                "article/37",
            )
        ],
    ),
    (
        "The Modern Slavery Act 2015, the Sexual Offences (Scotland) Act 2009 and the "
        "Protection of Children and Prevention of Sexual Offences (Scotland) Act 2005 apply, "
        "as does the Human Trafficking and Exploitation (Scotland) Act 2015.",
        [
            ("Modern Slavery Act 2015", "UK-EW", "uk/ukpga/2015/30", None),
            ("Sexual Offences (Scotland) Act 2009", "UK-SCT", "uk/asp/2009/9", None),
            (
                "Protection of Children and Prevention of Sexual Offences (Scotland) Act 2005",
                "UK-SCT",
                "uk/asp/2005/9",
                None,
            ),
            (
                "Human Trafficking and Exploitation (Scotland) Act 2015",
                "UK-SCT",
                "uk/asp/2015/12",
                None,
            ),
        ],
    ),
    (
        "Directive 2011/36/EU and Regulation (EU) 2023/1543, and Article 3 of Directive 2011/93/EU.",
        [
            ("Directive 2011/36/EU", "EU", "eu/dir/2011/36", None),
            ("Regulation (EU) 2023/1543", "EU", "eu/reg/2023/1543", None),
            ("Article 3 of Directive 2011/93/EU", "EU", "eu/dir/2011/93", "article/3"),
        ],
    ),
    (
        "section 17(1) of the Further and Higher Education Act 1992",
        [("section 17(1) of the Further and Higher Education Act 1992", None, None, "section/17")],
    ),
    ("Sans référence : 2015, 14 avril 2026, la classe de CP, section 3.", []),
]


def _check_spans(text: str, items: list[Citation]) -> None:
    for item in items:
        assert text[item.start : item.end] == item.text


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_sentences(
    text: str, expected: list[tuple[str, str | None, str | None, str | None]]
) -> None:
    found = find_citations(text)
    _check_spans(text, found)
    assert [(c.text, c.jurisdiction, c.instrument, c.provision) for c in found] == expected
    assert all(c.resolved is None for c in found)


def test_bare_code_article_keeps_its_number() -> None:
    text = "les personnes astreintes au secret dans les conditions prévues par l'article 226-13."
    (citation,) = find_citations(text, "fr")
    assert (citation.text, citation.jurisdiction, citation.instrument, citation.provision) == (
        "article 226-13",
        "FR",
        None,
        "article/226-13",
    )


def test_brb_extract_cross_references() -> None:
    path = SHARED / "realdata/se_sfs_md/sfs-1962-700.extract-4kap-6kap.md"
    if not path.exists():
        pytest.skip(f"{path} is not there (shared data are outside the repository)")
    from kg.ingest.pipeline import read_document

    doc = read_document(path.read_bytes(), path.name)
    found = doc.citations
    _check_spans(doc.text, found)
    assert all(c.jurisdiction in ("SE", None) for c in found)
    cited = {(c.instrument, c.provision) for c in found}
    # A bare "1 a §" in chapter 4 is 4 kap. 1 a §, a "4 §" in chapter 6 is 6 kap. 4 §, and
    # "Lag (2018:618)" after a section is the amending act.
    assert ("se/sfs/1962/700", "kap/4/par/1a") in cited
    assert ("se/sfs/1962/700", "kap/6/par/4") in cited
    assert ("se/sfs/2018/618", None) in cited
    assert not any(c.provision and c.provision.startswith("kap/5/") for c in found)


def test_seed_question_cites_no_law() -> None:
    path = SHARED / "seeds/003_6b7262543303aeef.txt"
    if not path.exists():
        pytest.skip(f"{path} is not there (shared data are outside the repository)")
    text = path.read_text(encoding="utf-8")
    assert find_citations(text, "fr") == []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "article",
                "articles",
                "art.",
                "225-12-1",
                " du ",
                " code pénal",
                " à ",
                " et ",
                "6 kap.",
                "9 §",
                " i ",
                "brottsbalken",
                "(1962:700)",
                "section",
                " of the ",
                "Sexual Offences Act 2003",
                "Directive 2011/36/UE",
                "L.",
                " ",
                ",",
                "CP",
                "§§",
                "Order 2008",
                "(Scotland)",
                "Act",
                "1",
                "2",
                "-",
                "loi n° ",
                "Lanzarote",
            ]
        ),
        max_size=25,
    ).map("".join)
)
def test_arbitrary_citation_soup_never_raises(text: str) -> None:
    _check_spans(text, find_citations(text))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text(text: str) -> None:
    _check_spans(text, find_citations(text))


# --- context, lists and ranges (issue 13) ---------------------------------------------------

CONTEXT_CASES: list[tuple[str, str | None, list[tuple[str, str | None, str | None]]]] = [
    (  # a bare article inside a Code pénal article is Code pénal
        "Est puni des peines prévues par l'article 225-5 le fait d'aider.",
        "fr/code-penal",
        [("article 225-5", "fr/code-penal", "article/225-5")],
    ),
    (  # the same sentence outside a statute names no code
        "Est puni des peines prévues par l'article 225-5 le fait d'aider.",
        None,
        [("article 225-5", None, "article/225-5")],
    ),
    (  # a Swedish list keeps its chapter and law
        "enligt 28 kap. 3 a och 6 §§, 7 § och 9 och 10 §§ rättegångsbalken",
        None,
        [
            ("3 a", "se/sfs/1942/740", "kap/28/par/3a"),
            ("6", "se/sfs/1942/740", "kap/28/par/6"),
            ("7", "se/sfs/1942/740", "kap/28/par/7"),
            ("9", "se/sfs/1942/740", "kap/28/par/9"),
            ("10", "se/sfs/1942/740", "kap/28/par/10"),
        ],
    ),
    (  # a law whose name holds "och" is one law
        "Se 10 kap. 3 § offentlighets- och sekretesslagen.",
        None,
        [("10 kap. 3 § offentlighets- och sekretesslagen", "se/sfs/2009/400", "kap/10/par/3")],
    ),
    ("brott enligt 6 kap. BrB", None, [("6 kap. BrB", "se/sfs/1962/700", "kap/6")]),
    (  # bare § in a Swedish law; a pinpoint does not break the reference
        "Vård ges om någon av situationerna i 2 eller 3 § föreligger, se 6 § andra stycket.",
        "se/sfs/1990/52",
        [
            ("2", "se/sfs/1990/52", "par/2"),
            ("3", "se/sfs/1990/52", "par/3"),
            ("6 § andra stycket", "se/sfs/1990/52", "par/6"),
        ],
    ),
    (  # a heading run into the text ("… Lag (2019:472). 9 § Ett …") is not a reference
        "tiden. Lag (2019:472). 9 § Ett omedelbart omhändertagande upphör.",
        "se/sfs/1990/52",
        [("Lag (2019:472)", "se/sfs/2019/472", None)],
    ),
    (  # a list with pinpoints and ranges shares the code named at its end
        "prévues par les articles 222-23 à 222-25,225-7 (1°) et 227-22 du code pénal",
        "fr/code-procedure-penale",
        [
            ("222-23", "fr/code-penal", "article/222-23"),
            ("222-23 à 222-25", "fr/code-penal", "article/222-24"),
            ("222-25", "fr/code-penal", "article/222-25"),
            ("225-7 (1°)", "fr/code-penal", "article/225-7"),
            ("227-22", "fr/code-penal", "article/227-22"),
        ],
    ),
    (  # "that Act" is the Act named last; "this Act" and "above" the statute itself
        "section 52(1)(a) of the Civic Government (Scotland) Act 1982 and section 51A of "
        "that Act, and sections 2 and 5 above.",
        "uk/asp/2005/9",
        [
            ("section 52(1)(a) of the Civic Government (Scotland) Act 1982", None, "section/52"),
            ("section 51A of that Act", None, "section/51A"),
            ("2", "uk/asp/2005/9", "section/2"),
            ("5", "uk/asp/2005/9", "section/5"),
        ],
    ),
    (  # an instrument named after "of the" that no table knows is not the statute
        "in accordance with Article 4 of the Human Rights Convention (which prohibits)",
        "uk/asp/2015/12",
        [("Article 4 of the Human Rights Convention", None, "article/4")],
    ),
    (  # Parts of Acts, and Framework Decisions
        "Part 1 of the Sexual Offences (Scotland) Act 2009 and Council Framework Decision 2004/68/JHA",
        None,
        [
            ("Part 1 of the Sexual Offences (Scotland) Act 2009", "uk/asp/2009/9", "part/1"),
            ("Council Framework Decision 2004/68/JHA", "eu/fd/2004/68", None),
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "context", "expected"), CONTEXT_CASES, ids=[c[0][:40] for c in CONTEXT_CASES]
)
def test_context_lists_and_ranges(
    text: str, context: str | None, expected: list[tuple[str, str | None, str | None]]
) -> None:
    found = find_citations(text, context=context)
    _check_spans(text, found)
    assert [(c.text, c.instrument, c.provision) for c in found] == expected


def test_unknown_acts_keep_their_title() -> None:
    text = "section 52 of the Civic Government (Scotland) Act 1982 and the loi du 4 mars 2002"
    found = find_citations(text)
    assert [(c.instrument, c.law_title) for c in found] == [
        (None, "Civic Government (Scotland) Act 1982"),
        (None, "loi du 4 mars 2002"),
    ]


def test_a_name_that_changed_act_is_read_on_the_date() -> None:
    text = "enligt socialtjänstlagen"
    assert find_citations(text, date="2010-05-01")[0].instrument == "se/sfs/2001/453"
    assert find_citations(text, date="1995-05-01")[0].instrument == "se/sfs/1980/620"
    assert find_citations(text)[0].instrument == "se/sfs/2025/400"
