"""Fuzzing a format's parsers: random bytes and damaged real files must give a `Document`
or a `ParseError` naming the file, never another exception (shared by the parser tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import ParseError
from kg.ingest.model import Document

#: A parser and a real file of its format (damaged by the second test).
Targets = dict[str, tuple[Callable[[bytes, str], Document], Path]]

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))


def read(path: Path) -> bytes:
    if not path.exists():
        pytest.skip(f"{path.name} absent")
    return path.read_bytes()


def outcome(parser: Callable[[bytes, str], Document], data: bytes) -> None:
    """A document whose text, language and body offsets hold together, or a ParseError."""
    try:
        document = parser(data, "fuzz.bin")
    except ParseError as error:
        assert "fuzz.bin" in error.message
        return
    assert isinstance(document, Document)
    assert isinstance(document.text, str)
    assert document.language in (None, "fr", "sv", "en")
    start, end = document.metadata.get("body_start"), document.metadata.get("body_end")
    if start is not None:
        assert 0 <= start <= end <= len(document.text)


def fuzz_tests(targets: Targets) -> tuple[Any, Any]:
    """The two fuzz tests for `targets`, to be bound to `test_…` names in a test module."""

    @pytest.mark.parametrize("kind", sorted(targets))
    @FUZZ
    @given(data=st.binary(max_size=2000))
    def random_bytes(kind: str, data: bytes) -> None:
        outcome(targets[kind][0], data)

    @pytest.mark.parametrize("kind", sorted(targets))
    @FUZZ
    @given(
        cut=st.floats(0, 1),
        flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8),
    )
    def damaged_files(kind: str, cut: float, flips: list[tuple[float, int]]) -> None:
        parser, path = targets[kind]
        data = bytearray(read(path))
        for position, value in flips:
            data[int(position * (len(data) - 1))] = value
        outcome(parser, bytes(data[: int(cut * len(data))]))

    return random_bytes, damaged_files
