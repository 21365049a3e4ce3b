"""The one in-force rule, in Python (kg.facts) and in SPARQL (#include in-force), agree
on the boundary days: a fact's first day counts, its end day does not, open ends are open."""

from __future__ import annotations

from datetime import date

import pytest
from pyoxigraph import NamedNode, Quad, Store

from kg import queries
from kg.errors import PolicyKGError
from kg.facts import as_day, in_force
from kg.ns import PKG
from kg.terms import date_literal

START, END = date(2002, 3, 4), date(2010, 1, 1)
CASES = [
    (date(2002, 3, 3), False),  # the day before the first day
    (START, True),  # the first day
    (date(2009, 12, 31), True),  # the last day
    (END, False),  # the end day: already out of force
    (date(2010, 1, 2), False),
]


@pytest.mark.parametrize(("day", "expected"), CASES)
def test_start_inclusive_end_exclusive(day, expected):
    assert in_force(START, END, day) is expected
    assert in_force(START.isoformat(), END.isoformat(), day.isoformat()) is expected


def test_open_ends():
    assert in_force(START, None, date(2999, 1, 1))
    assert not in_force(START, None, date(2002, 3, 3))
    assert in_force(None, END, date(1900, 1, 1))
    assert not in_force(None, END, END)
    assert in_force(None, None, START)


def test_a_successor_takes_over_on_the_end_day():
    """On the day one version ends and the next starts, exactly one is in force."""
    day = END
    assert [in_force(START, END, day), in_force(END, None, day)] == [False, True]


def test_days_are_read_from_text_and_timestamps():
    assert as_day("2002-03-04T10:00:00") == START
    assert as_day("") is None
    with pytest.raises(ValueError):
        in_force(START, END, "")


def _store_with(facts: dict[str, tuple[date, date | None]]) -> Store:
    store = Store()
    graph = NamedNode("https://example.org/g")
    for name, (start, end) in facts.items():
        iri = NamedNode("https://example.org/" + name)
        store.add(Quad(iri, NamedNode(PKG + "validFrom"), date_literal(start), graph))
        if end is not None:
            store.add(Quad(iri, NamedNode(PKG + "validUntil"), date_literal(end), graph))
    return store


IN_FORCE_QUERY = """PREFIX pkg: <https://w3id.org/policykg/ontology#>
SELECT ?fact WHERE {
  ?fact pkg:validFrom ?validFrom .
  #include in-force fact=?fact from=?validFrom at=?at
}"""


@pytest.mark.parametrize(("day", "expected"), CASES)
def test_the_sparql_fragment_applies_the_same_rule(day, expected):
    facts = {"bounded": (START, END), "open": (START, None)}
    store = _store_with(facts)
    text = queries.bind(queries.expand(IN_FORCE_QUERY), {"at": date_literal(day)})
    found = {
        r["fact"].value.rsplit("/", 1)[-1]
        for r in store.query(text, use_default_graph_as_union=True)
    }
    want = {name for name, (s, e) in facts.items() if in_force(s, e, day)}
    assert found == want
    assert ("bounded" in found) is expected


def test_the_fragment_renames_its_own_variables_per_use():
    """Two uses in one query must not share the fragment's inner variable (?end)."""
    text = queries.expand(
        "SELECT * WHERE {\n  #include in-force fact=?a from=?f at=?at\n"
        "  #include in-force fact=?b from=?g at=?at\n}"
    )
    assert "#include" not in text
    assert "?_in_force1_end" in text and "?_in_force2_end" in text
    assert "?end " not in text and "?fact" not in text and "?from" not in text


@pytest.mark.parametrize(
    "line",
    [
        "#include in-force fact=?a at=?at",  # a parameter missing
        "#include in-force fact=?a from=?f at=?at extra=?x",  # one too many
        "#include in-force fact=a from=?f at=?at",  # not a variable
        "#include no-such-fragment x=?y",
    ],
)
def test_a_wrong_include_is_refused(line):
    with pytest.raises(PolicyKGError):
        queries.expand("SELECT * WHERE {\n  " + line + "\n}")


def test_every_query_that_compares_with_at_uses_the_shared_rule():
    """No named query writes its own `<= ?at` comparison: the fragment holds the rule."""
    from importlib import resources

    folder = resources.files("kg.queries")
    texts = {
        p.name: p.read_text(encoding="utf-8")
        for sub in (folder, folder.joinpath("catalogue"))
        for p in sub.iterdir()
        if p.name.endswith(".rq")
    }
    own_rules = [name for name, text in texts.items() if "<= ?at" in text or "> ?at" in text]
    assert own_rules == []
    assert sum("#include in-force" in t for t in texts.values()) >= 7


def test_fact_class_fragments_follow_the_kinds_list():
    from kg.facts import ABSENCE, KINDS, regime_kinds

    every = queries.expand("#include fact-classes class=?c")
    regime = queries.expand("#include regime-classes class=?c")
    for iri in KINDS:
        assert f"<{iri}>" in every
    assert f"<{ABSENCE}>" in every and f"<{ABSENCE}>" not in regime
    assert f"<{PKG}LegalInstrument>" not in regime
    assert set(regime_kinds()) == {i for i in KINDS if i != PKG + "LegalInstrument"}
