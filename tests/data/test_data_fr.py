"""French curated data (data/jurisdictions/FR.ttl, data/statistics/FR.ttl) and the points of the
international layer it relies on: the kinds of error the 2026-12 verification pass corrected,
each checked over whole files so that a new fact of the same kind is caught.

- a national measure said to transpose (eli:transposes) a directive adopted after it;
- a topic given an alternative label that names a broader concept;
- a convention article that only protects or encourages reporting read as requiring a duty;
- an offence article without a penalty in force (the trafficking tiers were missing);
- a penalty starting before its article, or two penalties of one condition overlapping;
- a current penalty left unverified without saying what is missing;
- any unverified French fact whose note does not name the text that would settle it;
- notes that contradict the verification flag;
- a source on a host the source policy excludes.

The tests read the Turtle files with rdflib (no build) and pass explicit dates: none depends on
the day it runs.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import pairwise
from urllib.parse import urlparse

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from tests.data.sources import excluded
from tests.paths import PROJECT

PKG = Namespace("https://w3id.org/policykg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
DIM = Namespace("https://w3id.org/policykg/concept/element/")
EV = Namespace("https://w3id.org/policykg/concept/element-value/")
TOPIC = Namespace("https://w3id.org/policykg/concept/topic/")
ID = Namespace("https://w3id.org/policykg/id/")
FR = PROJECT / "data" / "jurisdictions" / "FR.ttl"
CHECK_DAY = date(2026, 12, 2)
#: Hosts of official French texts, or of exact Git mirrors of the LEGI consolidations.
OFFICIAL_TEXT_HOSTS = {"www.legifrance.gouv.fr", "legifrance.gouv.fr", "github.com"}


@pytest.fixture(scope="module")
def fr() -> Graph:
    return Graph().parse(FR)


@pytest.fixture(scope="module")
def everything() -> Graph:
    graph = Graph()
    for path in sorted((PROJECT / "data").rglob("*.ttl")):
        if "sources" not in path.parts:
            graph.parse(path)
    for name in ("topics.ttl", "elements.ttl"):
        graph.parse(PROJECT / "ontology" / name)
    return graph


def as_date(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def in_force(graph: Graph, node: URIRef, day: date) -> bool:
    start = as_date(graph.value(node, PKG.validFrom))
    end = as_date(graph.value(node, PKG.validUntil))
    return start is not None and start <= day and (end is None or day < end)


def current_sanctions(graph: Graph, offence: URIRef, day: date) -> list[URIRef]:
    return [s for s in graph.objects(offence, PKG.hasSanction) if in_force(graph, s, day)]


# ---------------------------------------------------------------- the international layer


def first_date(graph: Graph, node: URIRef) -> date | None:
    """When a national measure was made or first applied."""
    for prop in (ELI.date_document, ELI.first_date_entry_in_force, PKG.validFrom):
        value = graph.value(node, prop)
        if value is not None:
            return as_date(value)
    return None


def adopted(graph: Graph, node: URIRef) -> date | None:
    """The adoption date of a directive or of the directive an article belongs to."""
    while graph.value(node, ELI.date_document) is None and graph.value(node, ELI.is_part_of):
        node = graph.value(node, ELI.is_part_of)
    return as_date(graph.value(node, ELI.date_document))


def late_transpositions(graph: Graph) -> list[tuple[str, str]]:
    """National measures said to transpose a directive that did not exist when they were made."""
    wrong = []
    for measure, directive in graph.subject_objects(ELI.transposes):
        made, passed = first_date(graph, measure), adopted(graph, directive)
        if made is None or passed is None or made < passed:
            wrong.append((str(measure), str(directive)))
    return wrong


def test_the_transposition_check_finds_an_older_article() -> None:
    turtle = """
    @prefix eli: <http://data.europa.eu/eli/ontology#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <urn:dir> eli:date_document "2011-12-13"^^xsd:date .
    <urn:dir/article/4> eli:is_part_of <urn:dir> .
    <urn:art> eli:first_date_entry_in_force "2002-03-05"^^xsd:date ;
        eli:transposes <urn:dir/article/4> .
    """
    graph = Graph().parse(data=turtle, format="turtle")
    assert late_transpositions(graph) == [("urn:art", "urn:dir/article/4")]
    graph.set((URIRef("urn:art"), ELI.first_date_entry_in_force, as_literal("2013-08-07")))
    assert late_transpositions(graph) == []


def as_literal(day: str) -> object:
    from rdflib import Literal
    from rdflib.namespace import XSD

    return Literal(day, datatype=XSD.date)


def test_no_measure_transposes_a_directive_adopted_after_it(everything: Graph) -> None:
    """Caught art. 225-12-1 (2002) recorded as transposing directive 2011/93 (13 December 2011):
    an older article can give effect to a later directive (:implements), never transpose it."""
    assert late_transpositions(everything) == []


def test_the_older_french_articles_implement_the_directives_instead(fr: Graph) -> None:
    article = ID["act/fr/code-penal/article/225-12-1"]
    assert (article, ELI.transposes, None) not in fr
    assert (article, PKG.implements, ID["act/eu/dir/2011/93/article/4"]) in fr


#: Names of concepts broader than buying sex from a minor, in the three languages.
BROADER_THAN_PURCHASE = (
    "child sexual exploitation",
    "sexual exploitation of children",
    "exploitation sexuelle des mineurs",
    "exploitation sexuelle des enfants",
    "sexuell exploatering av barn",
)


def test_the_purchase_topic_has_no_label_naming_a_broader_concept(everything: Graph) -> None:
    """Caught 'child sexual exploitation' as an altLabel of purchase-sex-minor: exploitation
    covers procuring, trafficking and abuse images too, so the label made text about any of
    them look like text about buyers."""
    labels = {
        str(label).lower()
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
        for label in everything.objects(TOPIC["purchase-sex-minor"], prop)
    }
    assert labels, "the topic has labels"
    assert labels.isdisjoint(BROADER_THAN_PURCHASE)


def test_lanzarote_article_12_is_permissive_not_a_mandatory_duty(everything: Graph) -> None:
    """Caught Art. 12 read as requiring a reporting duty: it requires that confidentiality rules
    do not stop professionals from reporting and that states encourage reporting."""
    article = ID["act/coe/cets/201/article/12"]
    modalities = {
        value
        for element in everything.objects(article, PKG.hasElement)
        if everything.value(element, PKG.dimension) == DIM["duty-modality"]
        for value in everything.objects(element, PKG.elementValue)
    }
    assert modalities == {EV.permissive}
    sources = {urlparse(str(u)).hostname for u in everything.objects(article, DCTERMS.source)}
    assert sources and all(host.endswith("coe.int") for host in sources)


def test_council_of_europe_reporting_articles_state_their_modality(everything: Graph) -> None:
    """Every Council of Europe article filed under reporting-duty says whether it requires a duty
    or only permits or encourages reporting, so no comparison has to guess. (Directive 2011/93
    art. 16, worded like Lanzarote Art. 12, belongs to the EU curation and is not checked here.)"""
    missing = []
    for article in everything.subjects(PKG.topic, TOPIC["reporting-duty"]):
        if (article, RDF.type, PKG.Provision) not in everything:
            continue
        if everything.value(article, PKG.jurisdiction) != ID["jurisdiction/CoE"]:
            continue
        dims = {
            everything.value(e, PKG.dimension) for e in everything.objects(article, PKG.hasElement)
        }
        if DIM["duty-modality"] not in dims:
            missing.append(str(article))
    assert missing == []


# ---------------------------------------------------------------- penalties


def offences(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, PKG.Offence))


@pytest.mark.parametrize("day", ["2002-06-01", "2004-01-01", "2014-01-01", "2026-12-02"])
def test_every_article_of_an_offence_carries_a_penalty_on_every_day(fr: Graph, day: str) -> None:
    """Caught trafficking stopping at fifteen years: the organised-gang and torture articles
    (225-4-3, 225-4-4) defined the offence but carried no sanction. Every article an offence is
    defined by, in force that day, is the legal basis of a sanction in force that day."""
    when = date.fromisoformat(day)
    bare = []
    for offence in offences(fr):
        if not in_force(fr, offence, when):
            continue
        bases = {fr.value(s, PKG.legalBasis) for s in current_sanctions(fr, offence, when)}
        for article in fr.objects(offence, PKG.definedBy):
            first = as_date(fr.value(article, ELI.first_date_entry_in_force))
            if first is not None and first <= when and article not in bases:
                bare.append((str(offence), str(article)))
    assert bare == []


def test_the_trafficking_tiers_reach_life_imprisonment(fr: Graph) -> None:
    offence = ID["offence/fr/traite-mineur"]
    current = current_sanctions(fr, offence, CHECK_DAY)
    years = {float(fr.value(s, PKG.maxImprisonmentYears) or 0) for s in current}
    assert max(years) >= 20.0
    assert any(fr.value(s, PKG.lifeImprisonment) is not None for s in current)


def test_a_sanction_does_not_start_before_the_article_it_rests_on(fr: Graph) -> None:
    early = []
    for sanction in fr.subjects(RDF.type, PKG.Sanction):
        start = as_date(fr.value(sanction, PKG.validFrom))
        for article in fr.objects(sanction, PKG.legalBasis):
            first = as_date(fr.value(article, ELI.first_date_entry_in_force))
            if first is not None and start < first:
                early.append((str(sanction), str(article)))
    assert early == []


def test_the_versions_of_one_penalty_follow_each_other_without_overlap(fr: Graph) -> None:
    """Sanction IRIs are sanction/fr/{offence}/{condition}/{valid-from}: the versions of one
    condition must not overlap (two penalties for the same facts on one day)."""
    periods: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for sanction in fr.subjects(RDF.type, PKG.Sanction):
        family = str(sanction).rsplit("/", 1)[0]
        start = as_date(fr.value(sanction, PKG.validFrom))
        end = as_date(fr.value(sanction, PKG.validUntil)) or date.max
        periods[family].append((start, end))
    overlaps = [
        (family, str(a), str(b))
        for family, spans in periods.items()
        for a, b in pairwise(sorted(spans))
        if b[0] < a[1]
    ]
    assert overlaps == []


def test_every_current_penalty_is_read_in_an_official_text_or_says_what_is_missing(
    fr: Graph,
) -> None:
    """Current law: each sanction in force on the check day cites Légifrance or an exact mirror of
    the LEGI consolidations, and is verified, or its note says what is missing."""
    problems = []
    for offence in offences(fr):
        if not in_force(fr, offence, CHECK_DAY):
            continue
        current = current_sanctions(fr, offence, CHECK_DAY)
        if not current:
            problems.append((str(offence), "no sanction"))
        for sanction in current:
            hosts = {urlparse(str(u)).hostname for u in fr.objects(sanction, DCTERMS.source)}
            if not hosts & OFFICIAL_TEXT_HOSTS:
                problems.append((str(sanction), "no official text"))
            note = " ".join(str(n) for n in fr.objects(sanction, PKG.note))
            if fr.value(sanction, PKG.verification) != PKG.Verified and "Missing:" not in note:
                problems.append((str(sanction), "unverified without saying what is missing"))
    assert problems == []


def test_every_unverified_fact_says_what_is_missing(fr: Graph) -> None:
    """Caught eight unverified French facts (the art. 40 CPP duty, OFMIN, two absences, three
    plans, the associations survey) whose notes said why they were doubtful but not which text
    would settle them: every unverified fact of FR.ttl names it after "Missing:"."""
    silent = [
        str(node)
        for node in fr.subjects(PKG.verification, PKG.Unverified)
        if "Missing:" not in " ".join(str(n) for n in fr.objects(node, PKG.note))
    ]
    assert silent == []


# ---------------------------------------------------------------- notes and sources


def test_notes_agree_with_the_verification_flag(fr: Graph) -> None:
    """Caught a verified French sanction whose note said its 2003-2021 amounts were assumed."""
    wrong = []
    for node, flag in fr.subject_objects(PKG.verification):
        note = " ".join(str(n) for n in fr.objects(node, PKG.note)).lower()
        if flag == PKG.Verified and ("assumed" in note or "an assumption" in note):
            wrong.append((str(node), "verified but assumed"))
        if flag == PKG.Unverified and ("now verified" in note or "(verified)" in note):
            wrong.append((str(node), "unverified but says verified"))
    assert wrong == []


def test_no_french_fact_cites_a_site_that_is_not_a_source(fr: Graph) -> None:
    """Caught commercial and document-sharing copies (code-penal.fr, juriblio.fr, doctrine.fr,
    Lexbase, Scribd, Issuu…) cited for French law: the official text or its exact mirror is
    cited instead, and the lead is named in the note."""
    bad = [
        (str(node), str(url)) for node, url in fr.subject_objects(DCTERMS.source) if excluded(url)
    ]
    assert bad == []


def test_the_mirror_sources_are_pinned_to_a_commit(fr: Graph) -> None:
    """A Git mirror is an official source only as an exact copy of one consolidation: every
    GitHub address names a commit, so a reader can open the very version that was read."""
    loose = [
        str(url)
        for url in fr.objects(None, DCTERMS.source)
        if urlparse(str(url)).hostname == "github.com" and "/blob/" not in str(url)
    ]
    assert loose == []


# ---------------------------------------------------------------- what a drafter reads

LANGUAGES = {"en", "fr", "sv"}


def test_curator_texts_a_drafter_reads_are_in_three_languages(fr: Graph) -> None:
    """Caught the three French reporting duties, whose bearers ("who must report") and triggers
    were in English only, and six mapping justifications likewise: every such text of FR.ttl is
    in English, French and Swedish."""
    props = (PKG.dutyBearer, PKG.trigger, PKG.condition, PKG.justification)
    missing = []
    for prop in props:
        for node in set(fr.subjects(prop, None)):
            languages = {getattr(value, "language", None) for value in fr.objects(node, prop)}
            if not languages >= LANGUAGES:
                missing.append((str(node), str(prop), sorted(str(x) for x in languages)))
    duties = set(fr.subjects(RDF.type, PKG.ReportingDuty))
    assert len(duties) >= 3
    assert all(fr.value(d, PKG.dutyBearer) is not None for d in duties)
    assert missing == []


def test_french_typography_in_the_french_texts_of_the_duties(fr: Graph) -> None:
    """French puts a no-break space (U+00A0), not a plain space, before : ; ! ? in the French
    texts added for the reporting duties and mappings."""
    wrong = []
    for prop in (PKG.dutyBearer, PKG.trigger, PKG.justification):
        for node, value in fr.subject_objects(prop):
            if getattr(value, "language", None) == "fr" and any(
                f" {mark}" in str(value) for mark in ":;!?"
            ):
                wrong.append((str(node), str(value)[:60]))
    assert wrong == []
