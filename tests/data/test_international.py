"""The EU and Council of Europe layers (issue 14): facts a drafter can sign.

The issue-14 review found EU facts marked Verified on EU Monitor, a commercial aggregator that
lays out EUR-Lex data in its own pages, and EU figures read through a web proxy of Eurostat's
page; and an EU absence ("no official EU-level figures before 15 April 2013") contradicted by an
official speech of October 2012. These tests catch those kinds of error: a source on a host the
policy excludes, a Verified fact without an official (or parliamentary) source, and the dated
values the review corrected.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from urllib.parse import urlparse

import pytest
from pyoxigraph import RdfFormat, parse
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS

from kg.build.source_policy import ranks
from tests.data.sources import excluded
from tests.paths import PROJECT

PKG = Namespace("https://w3id.org/policykg/ontology#")
ID = "https://w3id.org/policykg/id/"
RANK = "https://w3id.org/policykg/concept/source-rank/"
FILES = [
    PROJECT / "data" / "international" / "EU.ttl",
    PROJECT / "data" / "international" / "CoE.ttl",
    PROJECT / "data" / "statistics" / "EU.ttl",
    PROJECT / "data" / "statistics" / "CoE.ttl",
]


@cache
def layer() -> Graph:
    graph = Graph()
    for path in FILES:
        graph.parse(path, format="turtle")
    return graph


@cache
def host_ranks() -> dict[str, str]:
    triples = parse(path=str(PROJECT / "ontology" / "source-policy.ttl"), format=RdfFormat.TURTLE)
    return {host: rank.removeprefix(RANK) for host, rank in ranks(triples).items()}


def rank_of(url: object) -> str:
    """The rank of the most specific policy host that the address is on (or 'unranked')."""
    name = (urlparse(str(url)).hostname or "").lower()
    matches = [h for h in host_ranks() if name == h or name.endswith("." + h)]
    return host_ranks()[max(matches, key=len)] if matches else "unranked"


@pytest.mark.parametrize(
    ("url", "rank"),
    [
        ("https://eumonitor.eu/9353000/1/j9vvik7m1c3gyxp/vitgbgj2z7xy", "excluded"),
        ("https://parlementairemonitor.nl/9353000/1/x/vitgbgib41zl", "excluded"),
        ("https://i6563o6575726f7061o6575z.oszar.com/eurostat/statistics-explained/", "excluded"),
        ("https://ec.europa.eu/eurostat/web/products-eurostat-news/w/ddn-20240124-1", "official"),
        ("https://oeil.secure.europarl.europa.eu/oeil/popups/summary.do", "parliamentary"),
    ],
)
def test_the_policy_ranks_the_hosts_the_review_met(url, rank):
    """EU Monitor and web proxies are not exact copies of EUR-Lex or Eurostat."""
    assert rank_of(url) == rank


def test_no_source_of_the_european_layers_is_on_an_excluded_host():
    cited = [
        (str(node).removeprefix(ID), str(url))
        for prop in (DCTERMS.source, PKG.officialUrl)
        for node, url in layer().subject_objects(prop)
        if excluded(url)
    ]
    assert cited == []


def test_every_verified_fact_cites_an_official_or_parliamentary_source():
    """Verified means read in the official text: at least one source is on such a host."""
    lacking = []
    for node in layer().subjects(PKG.verification, PKG.Verified):
        found = {rank_of(url) for url in layer().objects(node, DCTERMS.source)}
        if not found & {"official", "parliamentary"}:
            lacking.append((str(node).removeprefix(ID), sorted(found)))
    assert lacking == []


def status(iri: str) -> URIRef:
    return layer().value(URIRef(ID + iri), PKG.verification)


def test_facts_that_rested_on_eu_monitor_or_a_proxy_are_unverified():
    for iri in (
        "act/eu/dir/2011/36",  # entry into force (Art. 24) read only in EU Monitor
        "act/eu/fd/2002/629",  # its dates read only in EU Monitor
        "statistic/eu/suspected-traffickers/2023",  # read only through a proxy
        "statistic/eu/convicted-traffickers/2023",
    ):
        assert status(iri) == PKG.Unverified, iri


def test_the_2022_eurostat_figures_are_dated_by_eurostat_s_own_release():
    for iri, value in (
        ("statistic/eu/registered-thb-victims/2022", 10093),
        ("statistic/eu/suspected-traffickers/2022", 8064),
        ("statistic/eu/convicted-traffickers/2022", 2097),
    ):
        node = URIRef(ID + iri)
        assert int(layer().value(node, PKG.value).toPython()) == value, iri
        assert layer().value(node, PKG.validFrom).toPython() == date(2024, 1, 24), iri
        assert status(iri) == PKG.Verified, iri


def test_the_eu_absence_of_official_figures_ends_when_they_were_first_quoted():
    """The Commissioner quoted EU-wide shares from Eurostat's data on 18 October 2012."""
    node = URIRef(ID + "absence/eu/victim-statistics/2000-01-01")
    assert layer().value(node, PKG.validUntil).toPython() <= date(2012, 10, 18)


def test_the_2024_amendment_states_its_transposition_deadline():
    note = str(layer().value(URIRef(ID + "act/eu/dir/2024/1712"), PKG.note))
    assert "15 July 2026" in note


@pytest.mark.parametrize(
    ("iri", "start", "end"),
    [
        # Article 34: in force 20 days after publication (28.7.2023), applies from 18 August 2026
        ("act/eu/reg/2023/1543", date(2026, 8, 18), None),
        # Article 10: in force the third day after publication (30.7.2021), applied until 3 April 2026
        ("act/eu/reg/2021/1232", date(2021, 8, 2), date(2026, 4, 4)),
    ],
)
def test_regulations_read_in_the_eur_lex_mirror_carry_their_final_provisions(iri, start, end):
    node = URIRef(ID + iri)
    assert layer().value(node, PKG.validFrom).toPython() == start
    until = layer().value(node, PKG.validUntil)
    assert (until.toPython() if until is not None else None) == end
    assert status(iri) == PKG.Verified
    assert any("legalize-eu" in str(u) for u in layer().objects(node, DCTERMS.source))


#: Every file the statistics and international curation owns (figures, and the EU and Council of
#: Europe layers): an Unverified fact in any of them must say what is missing.
CURATED_BY_THE_STATISTICS_PASS = sorted(
    [
        *(PROJECT / "data" / "international").glob("*.ttl"),
        *(PROJECT / "data" / "statistics").glob("*.ttl"),
    ]
)


@pytest.mark.parametrize(
    "path", CURATED_BY_THE_STATISTICS_PASS, ids=lambda p: p.relative_to(PROJECT).as_posix()
)
def test_every_unverified_fact_has_an_english_note(path):
    """GUIDE.md rule 3: an Unverified fact carries a note saying what is missing.

    Two Council of Europe absences had none (found 2026-12-03)."""
    graph = Graph().parse(path, format="turtle")
    silent = [
        str(node).removeprefix(ID)
        for node in graph.subjects(PKG.verification, PKG.Unverified)
        if not any(
            getattr(note, "language", None) == "en" and len(str(note).strip()) >= 40
            for note in graph.objects(node, PKG.note)
        )
    ]
    assert silent == []


def _first_of_month_after(day: date, months: int) -> date:
    """The first day of the month following `day` plus `months` months."""
    month = day.month - 1 + months + 1
    return date(day.year + month // 12, month % 12 + 1, 1)


def test_the_final_clause_rule_helper():
    assert _first_of_month_after(date(2008, 12, 17), 3) == date(2009, 4, 1)
    assert _first_of_month_after(date(2010, 9, 30), 3) == date(2011, 1, 1)
    assert _first_of_month_after(date(2018, 6, 20), 3) == date(2018, 10, 1)


def treaty_actions() -> dict[tuple[str, str], dict[str, date]]:
    found: dict[tuple[str, str], dict[str, date]] = {}
    for node in layer().subjects(PKG.actionKind, None):
        treaty = str(layer().value(node, PKG.treaty)).removeprefix(ID)
        party = str(layer().value(node, PKG.party)).rsplit("/", 1)[-1]
        kind = str(layer().value(node, PKG.actionKind)).rsplit("#", 1)[-1]
        found.setdefault((treaty, party), {})[kind] = layer().value(node, PKG.actionDate).toPython()
    return found


def test_treaty_actions_come_in_their_order():
    """Signature, then ratification, then entry into force, then ceasing to apply."""
    order = ["Signature", "Ratification", "EntryIntoForce", "CeasedToApply"]
    wrong = []
    for key, dates in treaty_actions().items():
        days = [dates[kind] for kind in order if kind in dates]
        if days != sorted(days):
            wrong.append((key, dates))
    assert wrong == []


def test_entry_into_force_follows_ratification_by_the_final_clauses():
    """CETS 197 (Art. 42(4)) and CETS 201 (Art. 45(4)): for a state that ratifies after the
    treaty's own entry into force, it enters into force on the first day of the month after
    three months have passed since the deposit. A ratification and an entry into force recorded
    for the same party must agree with that rule."""
    checked = 0
    for (treaty, party), dates in treaty_actions().items():
        if (
            treaty in {"act/coe/cets/197", "act/coe/cets/201"}
            and {
                "Ratification",
                "EntryIntoForce",
            }
            <= dates.keys()
        ):
            assert dates["EntryIntoForce"] == _first_of_month_after(dates["Ratification"], 3), (
                treaty,
                party,
            )
            checked += 1
    assert checked >= 3
