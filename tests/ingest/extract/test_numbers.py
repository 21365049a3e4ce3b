"""Number words and digit strings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.ingest.extract.numbers import parse_digits, parse_number, word_value


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("11 000", "fr", 11000),
        ("11\u202f000", "fr", 11000),
        ("11\u00a0000", None, 11000),
        ("1.500.000", "fr", 1500000),
        ("1 500 000", "sv", 1500000),
        ("150000", None, 150000),
        ("11,000", "en", 11000),
        ("11,000", None, 11000),
        ("2,5", "fr", 2.5),
        ("2.5", "en", 2.5),
        ("1.500", "fr", 1500),
        ("1,500.25", "en", 1500.25),
        ("1.500,25", "fr", 1500.25),
    ],
)
def test_parse_digits(text: str, language: str | None, value: float) -> None:
    assert parse_digits(text, language) == value


@pytest.mark.parametrize(
    ("word", "language", "value"),
    [
        ("sept", "fr", 7),
        ("quinze", "fr", 15),
        ("dix-huit", "fr", 18),
        ("vingt et un", "fr", 21),
        ("mille", "fr", 1000),
        ("två", "sv", 2),
        ("arton", "sv", 18),
        ("ett", "sv", 1),
        ("fourteen", "en", 14),
        ("twenty-one", "en", 21),
        ("Six", None, 6),
    ],
)
def test_word_value(word: str, language: str | None, value: int) -> None:
    assert word_value(word, language) == value


def test_parse_number_rejects_other_text() -> None:
    assert parse_number("abc") is None
    assert parse_number("") is None
    assert parse_number("7") == 7
    assert parse_number("sept", "fr") == 7


@given(st.text(max_size=30))
def test_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or value >= 0
