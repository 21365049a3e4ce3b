"""Figures with qualifier, unit and attribution: the seed question, the seed answer, prose."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.extract.figures import find_figures
from kg.ingest.model import QUALIFIERS, Figure
from tests.paths import SHARED


def _read(relative: str) -> str:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is not there (shared data are outside the repository)")
    return path.read_text(encoding="utf-8")


def _check_spans(text: str, items: list[Figure]) -> None:
    for item in items:
        assert text[item.start : item.end] == item.text


def test_seed_003_figures_exactly() -> None:
    text = _read("seeds/003_6b7262543303aeef.txt")
    found = find_figures(text, "fr")
    _check_spans(text, found)
    assert [(f.text, f.value, f.unit, f.qualifier, f.attributed_to) for f in found] == [
        ("plus de 11 000 mineurs", 11000, "mineurs", "more-than", "Les services de l'État"),
        (
            "jusqu'à 20 000 jeunes",
            20000,
            "jeunes",
            "up-to",
            "plusieurs estimations issues du terrain associatif",
        ),
        ("augmentation de plus de 100 %", 100, "%", "increase", "les données officielles"),
    ]


def test_seed_003_numbers_that_are_not_figures() -> None:
    """n° 14232, the page 3035, 14 avril 2026, "17ème législature", "1re circonscription"."""
    text = _read("seeds/003_6b7262543303aeef.txt")
    values = {f.value for f in find_figures(text)}
    assert values == {11000, 20000, 100}


def test_seed_000_circulars_of_2015_and_2016_are_not_figures() -> None:
    text = _read("seeds/000_6714d1c91c4d82ff.txt")
    assert "circulaires très fermes adressées aux parquets en 2015 et 2016" in text
    assert find_figures(text, "fr") == []
    assert find_figures(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("environ 7 000 jeunes", ("environ 7 000 jeunes", 7000, "jeunes", "about", None)),
        ("près de 400 victimes", ("près de 400 victimes", 400, "victimes", "about", None)),
        (
            "moins de 10 signalements",
            ("moins de 10 signalements", 10, "signalements", "less-than", None),
        ),
        ("une baisse de 20 % des plaintes", ("baisse de 20 %", -20, "%", "increase", None)),
        (
            "Selon l'ONPE, 5 000 mineurs sont concernés.",
            ("5 000 mineurs", 5000, "mineurs", "exactly", "l'ONPE"),
        ),
        (
            "Enligt Brå har fler än 200 barn utnyttjats.",
            ("fler än 200 barn", 200, "barn", "more-than", "Brå"),
        ),
        ("omkring 1 500 fall", ("omkring 1 500 fall", 1500, "fall", "about", None)),
        ("upp till 300 personer", ("upp till 300 personer", 300, "personer", "up-to", None)),
        (
            "There were more than 3,000 victims, according to the Home Office.",
            ("more than 3,000 victims", 3000, "victims", "more-than", "the Home Office"),
        ),
        (
            "The NCA estimates that up to 20,000 children are at risk.",
            ("up to 20,000 children", 20000, "children", "up-to", "The NCA"),
        ),
        (
            "fewer than 50 convictions",
            ("fewer than 50 convictions", 50, "convictions", "less-than", None),
        ),
        ("around 2,500 referrals", ("around 2,500 referrals", 2500, "referrals", "about", None)),
        ("an increase of 30% in reports", ("increase of 30%", 30, "%", "increase", None)),
        (
            "un budget de 1,5 million d'euros",
            ("1,5 million d'euros", 1_500_000, "euros", "exactly", None),
        ),
    ],
)
def test_prose(text: str, expected: tuple) -> None:
    (figure,) = find_figures(text)
    _check_spans(text, [figure])
    assert (
        figure.text,
        figure.value,
        figure.unit,
        figure.qualifier,
        figure.attributed_to,
    ) == expected


@pytest.mark.parametrize(
    "text",
    [
        "En 2015 et 2016, des circulaires ont été adressées.",
        "la loi n° 2016-444 du 13 avril 2016",
        "l'article 225-12-1 du code pénal",
        "Question écrite n° 14232, publiée au JO le 14 avril 2026, page 3035.",
        "6 kap. 9 § brottsbalken (1962:700)",
        "section 47 of the Sexual Offences Act 2003",
        "Directive 2011/36/UE",
        "17ème législature, 1re circonscription",
        "puni de sept ans d'emprisonnement et de 150 000 euros d'amende",
        "under 2024 satsar regeringen",
        '<table width="90%">',
    ],
)
def test_references_dates_and_years_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "plus de ",
                "11 000",
                " mineurs",
                "jusqu'à ",
                "20 000",
                " jeunes",
                " %",
                "100",
                "augmentation de ",
                "selon ",
                "Les services ",
                "évoquent ",
                "2015",
                " et ",
                ", ",
                ". ",
                "n° ",
                "article ",
                "225-12-1",
                "more than ",
                "3,000",
                " victims",
                "enligt ",
                "Brå",
                " har ",
                "fler än ",
                "1,5",
                " million",
                "avril",
                " ",
                "£",
                "baisse de ",
            ]
        ),
        max_size=25,
    ).map("".join)
)
def test_arbitrary_figure_soup_never_raises(text: str) -> None:
    found = find_figures(text)
    _check_spans(text, found)
    assert all(f.qualifier in QUALIFIERS for f in found)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text(text: str) -> None:
    _check_spans(text, find_figures(text))


# --- noise and forms of issue 13 --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "12 Interpretation\n(1) In this Act—",  # a section number before its heading
        "1. Key results\n",  # a numbered heading
        "om 1. det är sannolikt att den unge behöver vård",  # a list marker
        "den som är under 18 år; när den unge har fyllt 15 år",  # ages
        "des jeunes filles âgées entre 14 et 17 ans",  # an age range
        "a person aged under 16",
        "for a term not exceeding 6 months; within the period of 3 months",  # durations
        "la réunion s'est tenue à 13 heures 45",  # a clock time
        "194 588\nBUFFALO",  # table cells of the legacy AN XML
        "within subsection (5) of that section",
        "(1) A person commits an offence if—",
    ],
)
def test_layout_ages_durations_and_cells_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a £50 deposit", [("£50 deposit", 50, "deposit", "exactly")]),
        (
            "Anslaget ska öka med 5 miljoner kronor.",
            [("öka med 5 miljoner kronor", 5_000_000, "kronor", "increase")],
        ),
        (
            "entre 7 000 et 10 000 enfants",
            [
                ("7 000", 7000, "enfants", "exactly"),
                ("10 000 enfants", 10000, "enfants", "exactly"),
            ],
        ),
        (
            "Resurserna ökar från 16 till 20 miljoner kronor.",
            [
                ("16", 16_000_000, "kronor", "exactly"),
                ("20 miljoner kronor", 20_000_000, "kronor", "exactly"),
            ],
        ),
        (
            "Myndigheten får fyra miljoner kronor extra.",
            [("fyra miljoner kronor", 4_000_000, "kronor", "exactly")],
        ),
        ("une soixantaine de personnes", [("soixantaine de personnes", 60, "personnes", "about")]),
        (
            "73% (3,291) of potential victims were male",
            [("73%", 73, "%", "exactly"), ("3,291", 3291, "potential", "exactly")],
        ),
    ],
)
def test_units_ranges_changes_and_words(text: str, expected: list[tuple]) -> None:
    found = find_figures(text)
    _check_spans(text, found)
    assert [(f.text, f.value, f.unit, f.qualifier) for f in found] == expected


def test_minutes_and_titles_after_numbers_are_not_figures() -> None:
    text = "réunion du 19 novembre 2013 à 9 heures 30 Amendements (Art. 88)"
    assert find_figures(text, "fr") == []
    text = "från utgiftsområde 13 Jämställdhet och nyanlända, anslagspost 12 Jämställdhetsinsatser"
    assert find_figures(text, "sv") == []
