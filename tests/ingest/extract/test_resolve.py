"""Citation resolution on a small graph: resolved when the graph (or the document) holds
the provision, otherwise a reason; the version in force on the document's date, from its
first day up to (not including) its end day; instruments found by their names.

Fast on purpose: `make mutate` runs these once per mutant of resolve.py."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg.ingest.extract.gazetteer import Entry, Gazetteer
from kg.ingest.extract.resolve import ACT, InstrumentNames, citation_iri, resolve_citations
from kg.ingest.model import Citation, Document, ProvisionText
from kg.store import EmbeddedStore

ARTICLE = ACT + "fr/code-penal/article/225-12-1"
ENDED = ACT + "fr/code-penal/article/225-12-3"  # one version, ended, none after it
TURTLE = f"""
@prefix : <https://w3id.org/policykg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{ACT}fr/code-penal> a :LegalInstrument .
<{ARTICLE}> a :Provision .
<{ARTICLE}/v1> :versionOf <{ARTICLE}> ; :validFrom "2002-03-05"^^xsd:date ;
    :validUntil "2013-04-07"^^xsd:date .
<{ARTICLE}/v2> :versionOf <{ARTICLE}> ; :validFrom "2013-04-07"^^xsd:date .
<{ACT}uk/ukpga/2003/42> a :LegalInstrument .
<{ENDED}> a :Provision .
<{ENDED}/v1> :versionOf <{ENDED}> ; :validFrom "2002-03-05"^^xsd:date ;
    :validUntil "2013-04-07"^^xsd:date .
"""


@pytest.fixture(scope="module")
def store():
    built = EmbeddedStore()
    graph = NamedNode("https://w3id.org/policykg/graph/test/resolve")
    built.add_quads(
        Quad(t.subject, t.predicate, t.object, graph)
        for t in parse(TURTLE.encode(), format=RdfFormat.TURTLE)
    )
    yield built
    built.close()


def names() -> InstrumentNames:
    """Built per test, not at import: a mutation test must see its mutant run."""
    return InstrumentNames(
        Gazetteer(
            [
                Entry("Sexual Offences Act 2003", "instrument", ACT + "uk/ukpga/2003/42", "en"),
                Entry("Code pénal", "instrument", ACT + "fr/code-penal", "fr"),
                Entry(
                    "loi du 4 mars 2002 relative à l'autorité parentale",
                    "instrument",
                    ACT + "fr/loi/2002-305",
                    "fr",
                ),
                Entry(
                    "loi du 1er juillet 2010 relative à X",
                    "instrument",
                    ACT + "fr/loi/2010-769",
                    "fr",
                ),
                Entry("ordonnance du 4 mars 2002", "instrument", ACT + "fr/ord/2002-1", "fr"),
                Entry("Twin Act", "instrument", ACT + "x/1", "en"),
                Entry("Twin Act", "instrument", ACT + "x/2", "en"),
                Entry("Outside", "instrument", "https://example.org/other", "en"),
                Entry("Penal Board", "body", ACT + "fr/board", "fr"),  # not an instrument
            ]
        )
    )


def cite(instrument=None, provision=None, title=None) -> Citation:
    return Citation("c", 0, 1, instrument=instrument, provision=provision, law_title=title)


def resolve(store, citations, date=None, **doc) -> list[Citation]:
    document = Document(text="c", citations=citations, **doc)
    resolve_citations(store, document, names(), date)
    return document.citations


@pytest.mark.parametrize(
    ("date", "version"),
    [
        ("2002-03-04", None),  # before the first version
        ("2002-03-05", "v1"),  # its first day
        ("2013-04-06", "v1"),  # its last day
        ("2013-04-07", "v2"),  # the end day of v1 is the first of v2
        (None, None),  # no date: no version
    ],
)
def test_the_version_in_force_on_the_documents_date(store, date, version):
    [c] = resolve(store, [cite("fr/code-penal", "article/225-12-1")], date)
    assert c.resolved == ARTICLE and c.reason is None
    assert c.version == (f"{ARTICLE}/{version}" if version else None)


def test_unresolved_citations_say_why(store):
    found = resolve(
        store,
        [
            cite("fr/code-penal", "article/999"),
            cite("fr/code-civil", "article/1"),
            cite(),
            cite(title="Unknown Act 1999"),
        ],
        "2020-01-01",
    )
    assert [c.resolved for c in found] == [None, None, None, None]
    assert [c.version for c in found] == [None, None, None, None]
    assert found[0].reason == (
        f"the graph holds the instrument ({ACT}fr/code-penal) but not this provision"
    )
    assert found[1].reason == "not in the graph"
    assert found[2].reason == "no instrument named"
    assert found[3].reason == "instrument not in the graph: Unknown Act 1999"


def test_a_whole_instrument_and_one_named_by_its_title(store):
    whole, titled, dated = resolve(
        store,
        [
            cite("fr/code-penal"),
            cite(title="the Sexual Offences Act 2003"),
            cite(title="Loi du 4 mars 2002"),
        ],
    )
    assert whole.resolved == ACT + "fr/code-penal" and whole.version is None
    assert (titled.instrument, titled.resolved, titled.jurisdiction) == (
        "uk/ukpga/2003/42",
        ACT + "uk/ukpga/2003/42",
        None,  # UK public general acts cover several jurisdictions
    )
    assert dated.instrument == "fr/loi/2002-305" and dated.jurisdiction == "FR"
    assert dated.resolved is None and dated.reason == "not in the graph"


def test_a_name_two_instruments_share_is_not_guessed():
    known = names()
    assert known.lookup("Twin Act") is None
    assert known.lookup("Outside") is None  # not an id/act/ instrument
    assert known.lookup("Penal Board") is None  # not an instrument at all
    assert known.lookup("code pénal") == "fr/code-penal"  # any case
    assert known.lookup("loi du 1er mars 2002") is None


def test_the_document_itself_holds_what_it_cites(store):
    own = ACT + "fr/code-penal/article/225-12-2"
    [c] = resolve(
        store,
        [cite("fr/code-penal", "article/225-12-2")],
        provisions=[
            ProvisionText(number="225-12-2", path="article/225-12-2", start=0, end=1, iri=own)
        ],
    )
    assert c.resolved == own and c.reason is None


def test_citation_iri():
    assert citation_iri(cite("fr/code-penal", "article/1")) == ACT + "fr/code-penal/article/1"
    assert citation_iri(cite("fr/code-penal")) == ACT + "fr/code-penal"
    assert citation_iri(cite(provision="article/1")) is None


def test_instruments_named_by_kind_and_date_whatever_else_is_written():
    known = names()
    assert known.lookup("loi n° 2002-305 du 4 mars 2002") == "fr/loi/2002-305"
    assert known.lookup("la loi du 1er juillet 2010") is None  # "la" is not a kind
    assert known.lookup("loi du 1er juillet 2010") == "fr/loi/2010-769"
    assert known.lookup("loi du 2 juillet 2010") is None
    assert known.lookup("ordonnance du 4 mars 2002") == "fr/ord/2002-1"
    assert known.lookup("loi du 4 smarch 2002") is None  # not a month


def test_no_version_after_the_only_one_ended(store):
    [c] = resolve(store, [cite("fr/code-penal", "article/225-12-3")], "2015-01-01")
    assert c.resolved == ENDED and c.version is None
    [c] = resolve(store, [cite("fr/code-penal", "article/225-12-3")], "2013-04-06")
    assert c.version == ENDED + "/v1"


def test_a_statute_resolves_citations_of_itself(store):
    [c] = resolve(store, [cite("fr/code-x")], instrument="fr/code-x")
    assert c.resolved == ACT + "fr/code-x" and c.reason is None
    [other] = resolve(store, [cite("fr/code-x")], instrument="fr/code-y")
    assert other.resolved is None
