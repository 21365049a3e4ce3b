"""Sub-questions of parliamentary questions: the seed written question and short cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.extract.questions import find_questions
from tests.paths import SHARED


def _read(relative: str) -> str:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is not there (shared data are outside the repository)")
    return path.read_text(encoding="utf-8")


def _check_spans(text: str, items: list) -> None:
    for item in items:
        assert text[item.start : item.end] == item.text


def test_seed_003_has_four_direct_and_one_indirect_question() -> None:
    text = _read("seeds/003_6b7262543303aeef.txt")
    questions = find_questions(text, "fr")
    _check_spans(text, questions)
    assert [q.direct for q in questions] == [True, True, True, True, False]
    assert questions[0].text.startswith("Dans ce contexte quels sont les chiffres actualisés")
    assert questions[0].text.endswith("traite à des fins sexuelles ?")
    assert questions[1].text.startswith("Le Gouvernement entend-il mettre en place")
    assert questions[2].text.startswith("Quels moyens supplémentaires")
    assert questions[3].text.startswith("Quelles mesures concrètes")
    assert questions[4].text.startswith("Enfin, elle souhaiterait savoir si le Gouvernement")
    assert questions[4].text.endswith("obligations de signalement.")


def test_seed_000_answer_asks_nothing() -> None:
    text = _read("seeds/000_6714d1c91c4d82ff.txt")
    assert find_questions(text, "fr") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Avser ministern att vidta åtgärder? Om inte, varför?",
            [("Avser ministern att vidta åtgärder?", True), ("Om inte, varför?", True)],
        ),
        (
            "To ask the Secretary of State for the Home Department, what steps she is taking "
            "to tackle child sexual exploitation.",
            [
                (
                    "To ask the Secretary of State for the Home Department, what steps she is "
                    "taking to tackle child sexual exploitation.",
                    False,
                )
            ],
        ),
        (
            "M. Dupont interroge M. le ministre. Il lui demande de bien vouloir préciser les moyens.",
            [("Il lui demande de bien vouloir préciser les moyens.", False)],
        ),
        (
            "Mme X souhaite connaître le nombre de signalements.",
            [("Mme X souhaite connaître le nombre de signalements.", False)],
        ),
        (
            "- Quels moyens ?\n- Quel calendrier ?",
            [("Quels moyens ?", True), ("Quel calendrier ?", True)],
        ),
        ("Plain statement. Nothing asked here.", []),
    ],
)
def test_short_cases(text: str, expected: list[tuple[str, bool]]) -> None:
    questions = find_questions(text)
    _check_spans(text, questions)
    assert [(q.text, q.direct) for q in questions] == expected


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab ?.!\n-#*Mlui demande?souhaite savoir")), max_size=120)
)
def test_arbitrary_text_never_raises_and_spans_hold(text: str) -> None:
    questions = find_questions(text)
    _check_spans(text, questions)
    assert all(q.text == q.text.strip() and q.text for q in questions)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text(text: str) -> None:
    _check_spans(text, find_questions(text))
