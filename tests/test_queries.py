"""Named queries load, and bind() keeps hostile values inside their literal or IRI."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, QueryBoolean, QuerySolutions, QueryTriples, Store

from kg import queries

HOSTILE = [">", '"', "\n", "}", '" } ; DROP ALL ; #', "\\", "'''", "?x", "<script>"]


def all_named_queries() -> list[str]:
    folder = resources.files("kg.queries")
    return sorted(p.name.removesuffix(".rq") for p in folder.iterdir() if p.name.endswith(".rq"))


@pytest.mark.parametrize("name", all_named_queries())
def test_every_named_query_parses(name):
    """Each named query parses, its result is of the form it declares, and every parameter
    its header documents is a variable it uses (a renamed variable would bind nothing)."""
    text = queries.load(name)
    result = Store().query(text)
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    form = re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", body, re.IGNORECASE)
    assert form is not None
    expected = {"SELECT": QuerySolutions, "ASK": QueryBoolean}.get(form[1].upper(), QueryTriples)
    assert isinstance(result, expected)
    declared = re.search(r"^#.*\bParameters?: (.*)$", text, re.MULTILINE)
    assert declared is not None, f"{name}.rq documents no parameters (write 'none')"
    for variable in re.findall(r"\?(\w+)", declared[1]):
        assert re.search(rf"[?$]{variable}\b", body), f"{name}.rq does not use ?{variable}"


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


class _Recording:
    """A store that only records what it was asked (nothing may reach it here)."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def query(self, text: str) -> object:
        self.asked.append(text)
        raise AssertionError("no query may run")


@pytest.mark.parametrize("bad", ["https://x> } DROP ALL {<y", "not an iri", "x:a b", ""])
def test_bad_iris_are_refused_before_any_query(bad):
    """The catalogue's IRI parameter refuses a bad IRI with a 400 before the store is asked,
    and `bind` takes only typed terms, never raw text that could carry SPARQL."""
    from kg.errors import BadRequest
    from kg.publish import named_queries

    parameter = named_queries.Parameter("x", "iri", "an IRI", required=True)
    query = named_queries.NamedQuery("t", "t", "d", (parameter,), "SELECT ?x WHERE { ?x ?p ?o }")
    store = _Recording()
    with pytest.raises(BadRequest):
        named_queries.bound_values(store, query, {"x": bad})  # type: ignore[arg-type]
    assert store.asked == []
    with pytest.raises(TypeError):
        queries.bind("SELECT ?v WHERE { }", {"v": bad})  # type: ignore[dict-item]


def test_bind_several_values_and_refuses_bad_names():
    text = queries.bind("SELECT ?v WHERE { }", {"v": [Literal("a"), Literal("b")]})
    assert sorted(r["v"].value for r in Store().query(text)) == ["a", "b"]
    with pytest.raises(ValueError):
        queries.bind("SELECT ?v WHERE { }", {"v) } DROP ALL {": Literal("a")})
