"""Named queries load, and bind() keeps hostile values inside their literal or IRI."""

from __future__ import annotations

from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, QuerySolutions, Store

from kg import queries

HOSTILE = [">", '"', "\n", "}", '" } ; DROP ALL ; #', "\\", "'''", "?x", "<script>"]


def all_named_queries() -> list[str]:
    folder = resources.files("kg.queries")
    return sorted(p.name.removesuffix(".rq") for p in folder.iterdir() if p.name.endswith(".rq"))


@pytest.mark.parametrize("name", all_named_queries())
def test_every_named_query_parses(name):
    Store().query(queries.load(name))


@pytest.mark.parametrize("value", HOSTILE)
def test_bound_literal_means_only_itself(value):
    store = Store()
    text = queries.bind("SELECT ?v WHERE { }", {"v": Literal(value)})
    rows = list(store.query(text))
    assert [r["v"].value for r in rows] == [value]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_binds_safely(value):
    text = queries.bind("SELECT ?v ?w WHERE { BIND(1 AS ?w) }", {"v": Literal(value)})
    result = Store().query(text)
    assert isinstance(result, QuerySolutions)
    assert [r["v"].value for r in result] == [value]


def test_bad_iris_are_refused_before_any_query():
    with pytest.raises(ValueError):
        NamedNode("https://x> } DROP ALL {<y")


def test_bind_several_values_and_refuses_bad_names():
    text = queries.bind("SELECT ?v WHERE { }", {"v": [Literal("a"), Literal("b")]})
    assert sorted(r["v"].value for r in Store().query(text)) == ["a", "b"]
    with pytest.raises(ValueError):
        queries.bind("SELECT ?v WHERE { }", {"v) } DROP ALL {": Literal("a")})
