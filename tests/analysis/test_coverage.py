"""Coverage: the periods left unknown are exactly the days no fact or absence covers."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kg.analysis.coverage import Period, uncovered

START, END = date(2000, 1, 1), date(2003, 12, 31)
days = st.dates(min_value=date(1999, 6, 1), max_value=date(2004, 6, 1))


@st.composite
def periods(draw) -> Period:
    start = draw(days)
    end = draw(st.one_of(st.none(), days.filter(lambda d: d > start)))
    return Period(start, end)


@given(st.lists(periods(), max_size=6), st.data())
def test_a_day_is_in_a_gap_exactly_when_no_period_holds_on_it(facts, data):
    gaps = uncovered(facts, START, END)
    for _ in range(20):
        day = data.draw(st.dates(min_value=START, max_value=END))
        covered = any(p.holds_on(day) for p in facts)
        in_gap = any(g.start <= day and (g.end is None or day < g.end) for g in gaps)
        assert covered != in_gap, (day, facts, gaps)


def test_an_open_gap_runs_to_the_date_asked():
    gaps = uncovered([Period(date(2000, 1, 1), date(2001, 1, 1))], START, END)
    assert gaps == [Period(date(2001, 1, 1), None)]
    assert uncovered([Period(date(1999, 1, 1), None)], START, END) == []
    assert uncovered([], START, END) == [Period(START, None)]
    later = Period(START + timedelta(days=10), None)
    assert uncovered([later], START, END) == [Period(START, later.start)]


def test_topics_are_listed_in_the_schemes_own_order(store):
    """The matrix lists topics as the scheme's ordered collection does (ontology/topics.ttl,
    read here with rdflib), not alphabetically: a reordered list reorders the tables."""
    from rdflib import Graph, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import SKOS

    from kg.analysis.coverage import coverage
    from tests.paths import PROJECT

    scheme = Graph().parse(PROJECT / "ontology" / "topics.ttl")
    members = scheme.value(URIRef("https://w3id.org/policykg/concept/topic/order"), SKOS.memberList)
    expected = [str(scheme.value(t, SKOS.notation)) for t in Collection(scheme, members)]
    assert expected != sorted(expected)
    assert coverage(store).topics[: len(expected)] == expected
