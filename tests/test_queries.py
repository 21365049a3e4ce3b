"""Named queries load, and bind() keeps hostile values inside their literal or IRI."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, QueryBoolean, QuerySolutions, QueryTriples, Store

from kg import queries
from kg.queries.lexer import tokens

HOSTILE = [">", '"', "\n", "}", '" } ; DROP ALL ; #', "\\", "'''", "?x", "<script>"]

TOPIC = "https://w3id.org/policykg/concept/topic/"


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


# --- one-valued parameters written into the query (what a remote store asks for) ---------

DAY = Literal("2015-01-01", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date"))


def test_inline_writes_the_term_where_the_variable_was():
    text = queries.bind(
        "SELECT ?x WHERE { ?x <urn:p> ?d . FILTER NOT EXISTS { ?x <urn:end> ?e . "
        "FILTER (?e <= ?at) } }",
        {"at": DAY},
        inline=True,
    )
    assert "?at" not in text and "VALUES" not in text
    assert text.count(str(DAY)) == 1


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?at WHERE { ?x <urn:p> ?at }",  # projected: a term cannot stand there
        "SELECT ?x WHERE { { ?x <urn:p> ?d BIND (?d AS ?at) } }",  # assigned
        "SELECT ?x WHERE { { SELECT ?x WHERE { ?x <urn:p> ?at } } }",  # nested SELECT
        "SELECT ?x WHERE { ?x <urn:p> ?at } ORDER BY ?at",  # after the WHERE clause
        "CONSTRUCT { ?x <urn:q> ?at } WHERE { ?x <urn:p> ?at }",  # in the template
        "SELECT ?x WHERE { { VALUES ?at { 1 } ?x <urn:p> ?at } }",  # a VALUES clause's head
    ],
)
def test_inline_keeps_values_where_a_term_cannot_stand(query):
    text = queries.bind(query, {"at": DAY}, inline=True)
    assert "VALUES (?at)" in text
    Store().query(text)  # and it parses


def test_inline_keeps_values_for_several_terms():
    text = queries.bind(
        "SELECT ?x WHERE { ?x <urn:p> ?v }", {"v": [Literal("a"), Literal("b")]}, inline=True
    )
    assert "VALUES (?v)" in text


@pytest.mark.parametrize("value", HOSTILE)
def test_an_inlined_literal_means_only_itself(value):
    store = Store()
    text = queries.bind(
        "SELECT ?w WHERE { BIND (1 AS ?w) FILTER (STR(?v) = ?v) FILTER (?v = ?v) }",
        {"v": Literal(value)},
        inline=True,
    )
    assert "VALUES" not in text
    assert [r["w"].value for r in store.query(text)] == ["1"]


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("compare-items", {"itemTopic": TOPIC + "purchase-sex-minor", "scope": "jurisdiction/SE"}),
        ("compare-items", {"itemTopic": TOPIC + "trafficking-minor", "scope": "jurisdiction/UK"}),
        ("sanctions-at", {"item": "offence/fr/recours-prostitution-mineur"}),
        ("sanctions-at", {"item": "offence/se/kop-av-sexuell-handling"}),
        ("curated-sanctions-at", {"provision": "act/fr/code-penal/article/225-12-2"}),
    ],
)
@pytest.mark.parametrize("day", ["2004-01-01", "2015-01-01", "2026-11-22"])
def test_the_catalogue_answers_the_same_with_terms_inlined(store, name, values, day):
    """The analyses' queries over the built graph: the same rows with VALUES (the embedded
    store) and with the terms written in (a remote one)."""
    given: dict[str, object] = {
        k: NamedNode(v if v.startswith("https:") else "https://w3id.org/policykg/id/" + v)
        for k, v in values.items()
    }
    text = queries.load(name)
    if re.search(r"[?$]at\b", text):
        given["at"] = Literal(day, datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    bound = queries.bind(text, given, inline=False)  # type: ignore[arg-type]
    written = queries.bind(text, given, inline=True)  # type: ignore[arg-type]
    assert written != bound

    def rows(query: str) -> list[tuple[str, ...]]:
        result = store.query(query)
        return sorted(tuple(str(s[v]) for v in result.variables) for s in result)

    assert rows(written) == rows(bound)


def test_inline_writes_a_column_with_one_term_and_keeps_values_for_the_others(store):
    """analytics-features binds one row per jurisdiction, each with the same day: the day is
    written in, the jurisdictions stay a VALUES block, and the rows are the same."""
    codes = ["FR", "SE", "UK-EW"]
    given = {
        "jurisdiction": [
            NamedNode("https://w3id.org/policykg/id/jurisdiction/" + c) for c in codes
        ],
        "at": [DAY] * len(codes),
    }
    text = queries.load("analytics-features")
    written = queries.bind(text, given, inline=True)  # type: ignore[arg-type]
    assert "VALUES (?jurisdiction)" in written and str(DAY) in written
    assert not [t for t in tokens(written) if t.text == "?at"]
    bound = queries.bind(text, given)  # type: ignore[arg-type]

    def rows(query: str) -> list[tuple[str, ...]]:
        result = store.query(query)
        return sorted(tuple(str(s[v]) for v in result.variables) for s in result)

    assert rows(written) == rows(bound) != []


@pytest.mark.parametrize("name", all_named_queries())
def test_every_named_query_parses_with_its_parameters_written_in(name):
    """What a remote store is sent: each documented parameter given one term of its kind
    (an IRI, or a date for a date), written into the text where it can be: it still parses."""
    text = queries.load(name)
    declared = re.search(r"^#.*\bParameters?: (.*)$", text, re.MULTILINE)
    assert declared is not None
    given: dict[str, object] = {}
    for variable, kind in re.findall(r"\?(\w+) \(([^)]*)\)", declared[1]):
        given[variable] = DAY if "date" in kind else NamedNode("urn:policykg:test")
    Store().query(queries.bind(text, given, inline=True))  # type: ignore[arg-type]


class _Ordering:
    """A store that keeps a join order by saying so in a first line of its own."""

    inline_parameters = True

    def keep_join_order(self, query: str) -> str:
        return "#kept\n" + query


def test_only_a_query_marked_written_order_asks_the_store_to_keep_its_order():
    marked = "SELECT ?x WHERE {\n  #written-order\n  ?x <urn:p> ?at .\n}"
    sent = queries.bind_for(_Ordering(), marked, {"at": DAY})
    assert sent.startswith("#kept\n") and str(DAY) in sent  # marked, and the day written in
    for unmarked in (
        marked.replace("  #written-order\n", ""),
        marked.replace("#written-order", "# see #written-order"),  # in a comment: no line
    ):
        assert not queries.bind_for(_Ordering(), unmarked, {"at": DAY}).startswith("#kept")
    assert queries.bind_for(object(), marked, {}) == marked  # the embedded store: as written


@pytest.mark.parametrize("name", ["catalogue/offences-in-force", "catalogue/max-penalties"])
def test_the_queries_virtuoso_needs_in_order_write_their_path_first(name):
    """The catalogue queries that join a fixed-end `pkg:partOf*` path and OPTIONALs: marked,
    and the path is their first pattern (what Virtuoso is then told to join first)."""
    text = queries.load(name)
    assert queries.WRITTEN_ORDER.search(text)
    body = text[text.index("WHERE {") + len("WHERE {") :]
    first = next(line for line in body.splitlines() if line.strip() and "#" not in line)
    assert first.strip() == "?own pkg:partOf* ?jurisdiction ."


def test_bind_repeats_a_single_term_beside_a_list_and_inlines_what_it_can(store):
    """compare-items gets every (scope, topic) pair as lists and the day as one term: the
    day is the same in every row, written in for a remote store (the in-force rule's
    FILTER NOT EXISTS must not depend on VALUES), while ?scope, projected, stays a VALUES
    column; the rows are those of the VALUES-only text."""
    places = [NamedNode("https://w3id.org/policykg/id/jurisdiction/" + c) for c in ("UK-EW", "UK")]
    topic = NamedNode(TOPIC + "purchase-sex-minor")
    given = {"scope": places, "itemTopic": [topic] * 2, "at": DAY}
    text = queries.load("compare-items")
    bound = queries.bind(text, given)  # type: ignore[arg-type]
    written = queries.bind(text, given, inline=True)  # type: ignore[arg-type]
    where = written.split("WHERE", 1)[1]
    assert str(DAY) in where and "?at" not in where
    assert str(topic) in where and "?itemTopic" not in where  # the same in both rows
    assert "VALUES (?scope)" in where

    def rows(query: str) -> list[tuple[str, ...]]:
        result = store.query(query)
        return sorted(tuple(str(s[v]) for v in result.variables) for s in result)

    assert rows(written) == rows(bound) != []
