"""Penalty clauses: real French articles across eras, the Swedish Penal Code, English wording."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.extract.penalties import find_penalties
from kg.ingest.model import Fine, Penalty
from tests.paths import SHARED

FR = SHARED / "realdata/fr_code_penal_md"
BRB = SHARED / "realdata/se_sfs_md/sfs-1962-700.extract-4kap-6kap.md"


def _read(path: Path) -> str:
    if not path.exists():
        pytest.skip(f"{path} is not there (shared data are outside the repository)")
    return path.read_text(encoding="utf-8")


def _check_spans(text: str, items: list[Penalty]) -> None:
    for item in items:
        assert text[item.start : item.end] == item.text


def _summary(penalty: Penalty) -> tuple:
    fine = penalty.max_fine
    return (
        penalty.min_prison_years,
        penalty.max_prison_years,
        penalty.life_imprisonment,
        None if fine is None else (fine.amount, fine.currency, fine.unlimited, fine.kind),
    )


# --- French: real Code pénal articles -------------------------------------------------------

FRENCH_ARTICLES = [
    ("article-225-5.v1994-03-01.md", [(None, 5, False, (1_000_000, "FRF", False, "fixed"))]),
    ("article-225-5.v2001-11-16.md", [(None, 7, False, (1_000_000, "FRF", False, "fixed"))]),
    ("article-225-5.v2002-01-01.md", [(None, 7, False, (150_000, "EUR", False, "fixed"))]),
    ("article-225-12-1.v2002-03-05.md", [(None, 3, False, (45_000, "EUR", False, "fixed"))]),
    ("article-225-4-1.v2003-03-19.md", [(None, 7, False, (150_000, "EUR", False, "fixed"))]),
    ("article-225-4-1.v2007-11-21.md", [(None, 7, False, (150_000, "EUR", False, "fixed"))]),
    (
        "article-225-4-1.v2013-08-07.md",
        [
            (None, 7, False, (150_000, "EUR", False, "fixed")),
            (None, 10, False, (1_500_000, "EUR", False, "fixed")),
        ],
    ),
    ("article-434-3.v2002-01-01.md", [(None, 3, False, (45_000, "EUR", False, "fixed"))]),
    ("chapitre-v.README.v2013-08-07.md", []),
]


@pytest.mark.parametrize(("name", "expected"), FRENCH_ARTICLES, ids=[a[0] for a in FRENCH_ARTICLES])
def test_french_articles(name: str, expected: list[tuple]) -> None:
    text = _read(FR / name)
    found = find_penalties(text, "fr")
    _check_spans(text, found)
    assert [_summary(q) for q in found] == expected
    assert all(q.procedure is None and q.provision is None for q in found)


def test_french_span_of_225_5_in_2002() -> None:
    text = _read(FR / "article-225-5.v2002-01-01.md")
    (penalty,) = find_penalties(text)
    assert penalty.text == "puni de sept ans d'emprisonnement et de 150000 euros d'amende"


def test_taux_marker_is_tolerated() -> None:
    text = _read(FR / "article-225-5.v2001-11-16.md")
    (penalty,) = find_penalties(text, "fr")
    assert "[*taux*] 1 000 000 F" in penalty.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Les peines sont portées à dix ans d'emprisonnement et 1 500 000 euros d'amende lorsque",
            (None, 10, False, (1_500_000, "EUR", False, "fixed")),
        ),
        ("est puni de quinze ans de réclusion criminelle.", (None, 15, False, None)),
        ("est puni de la réclusion criminelle à perpétuité.", (None, None, True, None)),
        ("est puni de 75 000 € d'amende.", (None, None, False, (75_000, "EUR", False, "fixed"))),
        ("puni de six mois d'emprisonnement", (None, 0.5, False, None)),
        ("puni d'une amende de 3 750 euros", (None, None, False, (3_750, "EUR", False, "fixed"))),
    ],
)
def test_french_wording(text: str, expected: tuple) -> None:
    (penalty,) = find_penalties(text, "fr")
    _check_spans(text, [penalty])
    assert _summary(penalty) == expected


def test_french_prose_without_a_term_is_no_penalty() -> None:
    text = (
        "pouvant aller jusqu'à des peines significatives d'emprisonnement ; 150 000 euros de budget"
    )
    assert find_penalties(text) == []


# --- Swedish: the Penal Code extract --------------------------------------------------------


def _brb_section(text: str, chapter: str, section: str) -> tuple[int, int]:
    """Offsets of one § of the extract: from its heading to the next heading."""
    chapter_at = text.index(f"### {chapter} kap.")
    heading = re.compile(rf"^##### {re.escape(section)} §$", re.M).search(text, chapter_at)
    assert heading is not None
    following = re.compile(r"^#{3,5} ", re.M).search(text, heading.end())
    return heading.end(), following.start() if following else len(text)


def _brb_penalties(chapter: str, section: str) -> list[tuple]:
    text = _read(BRB)
    start, end = _brb_section(text, chapter, section)
    found = [q for q in find_penalties(text, "sv") if start <= q.start < end]
    _check_spans(text, found)
    return [_summary(q) for q in found]


DAY_FINES = (None, "SEK", False, "day-fines")


@pytest.mark.parametrize(
    ("chapter", "section", "expected"),
    [
        ("4", "1", [(4, 18, True, None), (None, 6, False, None)]),
        ("4", "1 a", [(2, 10, False, None), (0.5, 4, False, None)]),
        ("4", "2", [(1, 10, False, None), (None, 2, False, DAY_FINES)]),
        ("6", "6", [(0.5, 2, False, None), (None, 1, False, None), (1.5, 6, False, None)]),
        ("6", "9", [(0.5, 4, False, None), (None, 1, False, None)]),
        ("6", "10 a", [(None, 2, False, DAY_FINES)]),
        ("6", "11", [(None, 1, False, None)]),
        ("6", "12", [(None, 4, False, None), (2, 10, False, None)]),
        ("6", "13", []),
    ],
)
def test_brottsbalken(chapter: str, section: str, expected: list[tuple]) -> None:
    assert _brb_penalties(chapter, section) == expected


def test_brottsbalken_life_and_range_span() -> None:
    text = _read(BRB)
    first = find_penalties(text, "sv")[0]
    assert first.text == "fängelse på viss tid, lägst fyra och högst arton år, eller på livstid"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("döms till böter eller fängelse i högst sex månader", (None, 0.5, False, DAY_FINES)),
        ("döms till livstids fängelse", (None, None, True, None)),
        ("döms för ringa stöld till böter.", (None, None, False, DAY_FINES)),
    ],
)
def test_swedish_wording(text: str, expected: tuple) -> None:
    (penalty,) = find_penalties(text, "sv")
    _check_spans(text, [penalty])
    assert _summary(penalty) == expected


# --- English --------------------------------------------------------------------------------

TWO_PART = (
    "A person guilty of an offence under this section is liable—\n"
    "(a) on summary conviction, to imprisonment for a term not exceeding 6 months or to a fine "
    "not exceeding the statutory maximum or both;\n"
    "(b) on conviction on indictment, to imprisonment for a term not exceeding 14 years."
)


def test_english_summary_and_indictment_are_two_penalties() -> None:
    summary, indictment = find_penalties(TWO_PART, "en")
    _check_spans(TWO_PART, [summary, indictment])
    assert summary.procedure == "summary"
    assert summary.text.startswith("on summary conviction")
    assert summary.text.endswith("or both")
    assert _summary(summary) == (None, 0.5, False, (None, "GBP", False, "statutory-maximum"))
    assert indictment.procedure == "indictment"
    assert indictment.text.endswith("14 years")
    assert _summary(indictment) == (None, 14, False, None)


@pytest.mark.parametrize(
    ("text", "procedure", "expected"),
    [
        (
            "liable on conviction on indictment to imprisonment for life",
            "indictment",
            (None, None, True, None),
        ),
        (
            "on conviction on indictment, to imprisonment for a term not exceeding 7 years or a fine, or both",
            "indictment",
            (None, 7, False, (None, "GBP", True, "unlimited")),
        ),
        (
            "is liable on summary conviction to a fine not exceeding level 5 on the standard scale.",
            "summary",
            (None, None, False, (None, "GBP", False, "standard-scale-level-5")),
        ),
        ("is liable to imprisonment for life.", None, (None, None, True, None)),
    ],
)
def test_english_wording(text: str, procedure: str | None, expected: tuple) -> None:
    (penalty,) = find_penalties(text, "en")
    _check_spans(text, [penalty])
    assert penalty.procedure == procedure
    assert _summary(penalty) == expected


def test_english_fine_in_ordinary_prose_is_no_penalty() -> None:
    assert find_penalties("It was a fine day; the court was glad to see a fine example.") == []


@pytest.mark.parametrize(
    "name",
    [
        "mwa-2011-7-section-1-2012-11-16.xml",
        "ukpga-2000-8-section-91.xml",
        "ukpga-2026-2-section-22.xml",
    ],
)
def test_clml_files_have_no_criminal_penalty(name: str) -> None:
    """These sections set no prison term or fine: s. 91 FSMA's civil "penalty of such amount"
    is not a criminal penalty and must not be read as one."""
    text = _read(SHARED / "realdata/uk_clml" / name)
    found = find_penalties(text, "en")
    _check_spans(text, found)
    assert found == []


def test_no_penalty_in_the_ministers_answer() -> None:
    text = _read(SHARED / "seeds/000_6714d1c91c4d82ff.txt")
    assert find_penalties(text, "fr") == []
    assert find_penalties(text) == []


def test_seed_question_mentions_prison_without_a_penalty() -> None:
    text = _read(SHARED / "seeds/003_6b7262543303aeef.txt")
    assert find_penalties(text) == []


def test_fine_default_is_not_a_guess() -> None:
    assert Fine().amount is None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "puni de ",
                "sept",
                "7",
                " ans d'emprisonnement",
                " et de ",
                "150 000",
                " euros",
                " d'amende",
                " F",
                "[*taux*] ",
                "fängelse",
                " i ",
                "lägst ",
                "högst ",
                "två",
                " och ",
                " år",
                " månader",
                "böter eller ",
                ", eller på livstid",
                "on summary conviction, ",
                "to imprisonment for a term not exceeding ",
                "6 months",
                " or ",
                "a fine",
                " or both",
                "liable ",
                "imprisonment for life",
                " ",
                ",",
            ]
        ),
        max_size=25,
    ).map("".join)
)
def test_arbitrary_penalty_soup_never_raises(text: str) -> None:
    found = find_penalties(text)
    _check_spans(text, found)
    for q in found:
        assert q.max_prison_years is None or q.max_prison_years >= 0


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text(text: str) -> None:
    _check_spans(text, find_penalties(text))


# --- as a lawyer reads them (issue 13) ------------------------------------------------------


def test_a_conjunction_is_one_penalty_and_an_increase() -> None:
    text = (
        "Les peines prévues au second alinéa de l'article 225-12-1 sont portées à sept ans "
        "d'emprisonnement et à 100 000 euros d'amende :"
    )
    (penalty,) = find_penalties(text, "fr")
    assert _summary(penalty) == (None, 7, False, (100_000, "EUR", False, "fixed"))
    assert penalty.change == "increase"
    assert penalty.text.endswith("100 000 euros d'amende")


def test_a_reduction_is_the_reduced_term_only() -> None:
    text = (
        "Lorsque la peine encourue est la réclusion criminelle à perpétuité, celle-ci est "
        "ramenée à vingt ans de réclusion criminelle."
    )
    (penalty,) = find_penalties(text, "fr")
    assert _summary(penalty) == (None, 20, False, None)
    assert penalty.change == "reduction"


def test_penalties_by_reference_say_where_their_values_are() -> None:
    text = "Est assimilé au proxénétisme et puni des peines prévues par l'article 225-5 le fait"
    (penalty,) = find_penalties(text, "fr")
    assert (penalty.reference, penalty.max_prison_years) == ("article/225-5", None)
    (same,) = find_penalties("Le fait de diffuser est puni des mêmes peines.", "fr")
    assert same.reference == "same"


def test_swedish_term_without_hogst_is_a_maximum_or_a_minimum() -> None:
    text = (
        "Ministraffet höjs från böter till fängelse och maximistraffet höjs från fängelse i "
        "två år till fängelse i fyra år. Riksdagen anser att straffminimum ska höjas till "
        "fängelse i sex månader."
    )
    assert [_summary(q)[:2] for q in find_penalties(text, "sv")] == [
        (None, 2),
        (None, 4),
        (0.5, None),
    ]
