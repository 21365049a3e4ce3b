"""Whatever bytes arrive, ingestion either stores a whole document or raises a policykg error
and writes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.config import PROJECT_ROOT
from kg.errors import PolicyKGError
from kg.ingest.pipeline import ingest
from kg.store import count
from tests.conftest import copy_of

SEED = (PROJECT_ROOT / "data" / "sources" / "fr" / "an-question-17-14232.txt").read_bytes()
NAMES = ["fuzz.bin", "fuzz.xml", "fuzz.json", "fuzz.md", "article-1.v2002-01-01.md", "fuzz.html"]


@pytest.fixture(scope="module")
def fuzz_store(store):
    copy = copy_of(store)
    yield copy
    copy.close()


def mutations() -> st.SearchStrategy[bytes]:
    truncated = st.integers(0, len(SEED)).map(lambda n: SEED[:n])
    flipped = st.tuples(st.integers(0, len(SEED) - 1), st.integers(0, 255)).map(
        lambda p: SEED[: p[0]] + bytes([p[1]]) + SEED[p[0] + 1 :]
    )
    xml = st.binary(max_size=300).map(lambda b: b"<?xml version='1.0'?><QUESTION TYPE='QE'>" + b)
    return st.one_of(st.binary(max_size=2000), truncated, flipped, xml)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=mutations(), name=st.sampled_from(NAMES))
def test_ingest_is_all_or_nothing(fuzz_store, data, name):
    before = count(fuzz_store)
    try:
        result = ingest(fuzz_store, data, name, max_bytes=100_000)
    except PolicyKGError as exc:
        assert exc.message and exc.status < 500
        assert count(fuzz_store) == before
    else:
        assert result.extraction["id"] and result.extraction["text_length"] >= 0
