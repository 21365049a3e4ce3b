"""England and Wales and UK-wide curated data: the kinds of error the 2026-12 verification pass
corrected, each checked over the whole of the files so that a new fact of the same kind is caught.

- a summary (magistrates') penalty above what a magistrates' court could impose on that day;
- an either-way offence left without one of its two modes of trial for a period;
- a current penalty not verified, or not cited to legislation.gov.uk;
- a source from a document-sharing, commercial or adult-industry site;
- notes that contradict the verification flag;
- offences with the same mistaken-age rule mapped to a topic with different SKOS relations;
- typed elements outside the validity of their offence, or missing for an offence in force;
- resources without a label (or a text without its wording) in English, French and Swedish.

The tests read the Turtle files with rdflib (no build), and pass explicit dates: none depends on
the day it runs.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import pairwise
from urllib.parse import urlparse

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from tests.data.sources import excluded
from tests.paths import PROJECT

PKG = Namespace("https://w3id.org/policykg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
DIM = Namespace("https://w3id.org/policykg/concept/element/")
FILES = {
    "UK-EW": PROJECT / "data" / "jurisdictions" / "UK-EW.ttl",
    "UK": PROJECT / "data" / "jurisdictions" / "UK.ttl",
}
# The day the magistrates' court's power for an either-way offence rose from 6 to 12 months
# (CJA 2003 s. 282, S.I. 2022/500), fell back to 6 (S.I. 2023/298) and rose again (S.I. 2024/1067).
GENERAL_LIMIT = [
    (date(2000, 1, 1), 0.5),
    (date(2022, 5, 2), 1.0),
    (date(2023, 3, 30), 0.5),
    (date(2024, 11, 18), 1.0),
]
CHECK_DAY = date(2026, 12, 2)
LABELLED = [
    PKG.Offence,
    PKG.Provision,
    PKG.LegalInstrument,
    PKG.ReportingDuty,
    PKG.ActionPlan,
    PKG.Body,
    PKG.DataSystem,
    PKG.ProtectionMeasure,
    PKG.Absence,
]
LANGUAGES = {"en", "fr", "sv"}


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {code: Graph().parse(path) for code, path in FILES.items()}


@pytest.fixture(scope="module")
def ew(graphs: dict[str, Graph]) -> Graph:
    return graphs["UK-EW"]


def as_date(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def in_force(graph: Graph, node: URIRef, day: date) -> bool:
    start = as_date(graph.value(node, PKG.validFrom))
    end = as_date(graph.value(node, PKG.validUntil))
    return start is not None and start <= day and (end is None or day < end)


def general_limit(day: date) -> float:
    return [years for start, years in GENERAL_LIMIT if start <= day][-1]


def sanctions(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, PKG.Sanction))


# ---------------------------------------------------------------- penalties


def test_no_summary_penalty_exceeds_the_magistrates_limit_of_its_day(ew: Graph) -> None:
    """Caught the s. 15A summary limb recorded at 12 months from 2017, when SCA 2015 s. 86(14)
    read it as 6 months until 2 May 2022: a magistrates' court never had more than the general
    limit of the day for one offence."""
    wrong = []
    for sanction in sanctions(ew):
        if str(ew.value(sanction, PKG.procedure)) != "summary":
            continue
        years = ew.value(sanction, PKG.maxImprisonmentYears)
        start = as_date(ew.value(sanction, PKG.validFrom))
        end = as_date(ew.value(sanction, PKG.validUntil)) or date(9999, 1, 1)
        days = [start] + [d for d, _ in GENERAL_LIMIT if start < d < end]
        if years is not None and any(float(years) > general_limit(d) for d in days):
            wrong.append(str(sanction))
    assert wrong == []


def either_way_offences(graph: Graph) -> list[URIRef]:
    result = []
    for offence in graph.subjects(RDF.type, PKG.Offence):
        modes = {
            str(graph.value(s, PKG.procedure)) for s in graph.objects(offence, PKG.hasSanction)
        }
        if {"summary", "indictment"} <= modes:
            result.append(offence)
    return sorted(result)


@pytest.mark.parametrize(
    "day",
    [
        "2004-05-01",
        "2010-06-01",
        "2015-03-12",
        "2015-05-03",
        "2017-04-03",
        "2022-05-02",
        "2023-03-30",
        "2024-11-18",
        "2026-12-02",
    ],
)
def test_an_either_way_offence_keeps_both_modes_of_trial_on_every_day(ew: Graph, day: str) -> None:
    """Caught the second pass's removal of every summary period after 2 May 2022 (and of all of
    s. 48's summary limb): an offence triable either way is punishable summarily and on
    indictment on every day it is in force."""
    when = date.fromisoformat(day)
    gaps = []
    for offence in either_way_offences(ew):
        if not in_force(ew, offence, when):
            continue
        modes = {
            str(ew.value(s, PKG.procedure))
            for s in ew.objects(offence, PKG.hasSanction)
            if in_force(ew, s, when)
        }
        if modes != {"summary", "indictment"}:
            gaps.append((str(offence), sorted(modes)))
    assert gaps == []


def test_the_either_way_offences_include_the_child_exploitation_offences(ew: Graph) -> None:
    names = {str(o).rsplit("/", 1)[-1] for o in either_way_offences(ew)}
    assert {
        "paying-for-sexual-services-of-a-child",
        "causing-or-inciting-sexual-exploitation-of-a-child",
        "controlling-a-child-in-relation-to-sexual-exploitation",
        "arranging-or-facilitating-sexual-exploitation-of-a-child",
        "meeting-a-child-following-sexual-grooming",
        "sexual-communication-with-a-child",
        "human-trafficking",
    } <= names


def test_every_offence_in_force_on_the_check_day_has_a_verified_penalty_read_in_legislation(
    ew: Graph,
) -> None:
    """DATA.md: 100 % of current-law penalties verified, each cited to legislation.gov.uk."""
    problems = []
    for offence in sorted(ew.subjects(RDF.type, PKG.Offence)):
        if not in_force(ew, offence, CHECK_DAY):
            continue
        current = [s for s in ew.objects(offence, PKG.hasSanction) if in_force(ew, s, CHECK_DAY)]
        if not current:
            problems.append((str(offence), "no sanction"))
        for sanction in current:
            if ew.value(sanction, PKG.verification) != PKG.Verified:
                problems.append((str(sanction), "unverified"))
            hosts = {urlparse(str(u)).hostname for u in ew.objects(sanction, DCTERMS.source)}
            if not hosts & {"www.legislation.gov.uk", "legislation.gov.uk"}:
                problems.append((str(sanction), "no legislation.gov.uk source"))
    assert problems == []


def test_a_sanction_does_not_start_before_the_provisions_it_rests_on(ew: Graph) -> None:
    late = []
    for sanction in sanctions(ew):
        start = as_date(ew.value(sanction, PKG.validFrom))
        for provision in ew.objects(sanction, PKG.legalBasis):
            first = as_date(ew.value(provision, ELI.first_date_entry_in_force))
            if first is not None and start < first:
                late.append((str(sanction), str(provision)))
    assert late == []


# ---------------------------------------------------------------- sources and notes


@pytest.mark.parametrize("code", sorted(FILES))
def test_no_fact_cites_a_site_that_is_not_a_source(graphs: dict[str, Graph], code: str) -> None:
    """Statistics (owned by the statistics curation) are left out."""
    graph = graphs[code]
    bad = [
        (str(node), str(url))
        for node, url in graph.subject_objects(DCTERMS.source)
        if (graph.value(node, RDF.type) != PKG.StatisticalObservation) and excluded(url)
    ]
    assert bad == []


@pytest.mark.parametrize("code", sorted(FILES))
def test_notes_agree_with_the_verification_flag(graphs: dict[str, Graph], code: str) -> None:
    """A verified node's note does not call its value an assumption; an unverified one does not
    call itself verified."""
    graph = graphs[code]
    wrong = []
    for node, flag in graph.subject_objects(PKG.verification):
        note = " ".join(str(n) for n in graph.objects(node, PKG.note)).lower()
        if flag == PKG.Verified and ("assumed" in note or "an assumption" in note):
            wrong.append((str(node), "verified but assumed"))
        if (
            flag == PKG.Unverified
            and note.replace("unverified", "").count("verified")
            and ("is verified" in note or "now verified" in note or "(verified)" in note)
        ):
            wrong.append((str(node), "unverified but says verified"))
    assert wrong == []


# ---------------------------------------------------------------- mappings


def _values(graph: Graph, offence: URIRef, dimension: str) -> frozenset[str]:
    """The values of one element dimension of an offence, over all its periods."""
    return frozenset(
        str(v)
        for element in graph.objects(offence, PKG.hasElement)
        if graph.value(element, PKG.dimension) == DIM[dimension]
        for v in graph.objects(element, PKG.elementValue)
    )


def mistaken_age_key(graph: Graph, offence: URIRef) -> tuple[frozenset[str], str] | None:
    """The mistaken-age values (of all its periods) and the protected age of an offence, or
    None without an element."""
    values = _values(graph, offence, "mistaken-age")
    return (values, str(graph.value(offence, PKG.victimAgeBelow))) if values else None


def structure_key(graph: Graph, offence: URIRef) -> tuple[object, ...] | None:
    """What makes two offences the same legal structure: the mistaken-age rule, the protected
    age and the conduct (a meeting offence and a communication offence differ)."""
    key = mistaken_age_key(graph, offence)
    return None if key is None else (*key, _values(graph, offence, "conduct"))


def inconsistent_mappings(graph: Graph) -> list[tuple[str, str, list[str]]]:
    """Groups of offences of the same legal structure (mistaken-age rule, age threshold,
    conduct) mapped to the same topic with more than one SKOS relation (DATA.md section 4)."""
    groups: dict[tuple[object, ...], dict[str, str]] = defaultdict(dict)
    for mapping in graph.subjects(RDF.type, PKG.ConceptMapping):
        offence = graph.value(mapping, PKG.mappingSubject)
        key = structure_key(graph, offence)
        if key is None:
            continue
        topic = str(graph.value(mapping, PKG.mappingObject))
        groups[(topic, *key)][str(offence)] = str(graph.value(mapping, PKG.mappingPredicate))
    return [
        (key[0], str(sorted(key[1])), sorted(set(members.values())))
        for key, members in groups.items()
        if len(set(members.values())) > 1
    ]


def test_the_mapping_check_finds_a_relation_that_differs_for_the_same_rule() -> None:
    """The check itself: two offences with a reasonable-belief rule, one exact, one close."""
    turtle = """
    @prefix : <https://w3id.org/policykg/ontology#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    @prefix dim: <https://w3id.org/policykg/concept/element/> .
    @prefix ev: <https://w3id.org/policykg/concept/element-value/> .
    @prefix topic: <https://w3id.org/policykg/concept/topic/> .
    <urn:a> :victimAgeBelow 18 ; :hasElement <urn:a/e> .
    <urn:a/e> :dimension dim:mistaken-age ; :elementValue ev:age-reasonable-belief-defence .
    <urn:b> :victimAgeBelow 18 ; :hasElement <urn:b/e> .
    <urn:b/e> :dimension dim:mistaken-age ; :elementValue ev:age-reasonable-belief-defence .
    <urn:ma> a :ConceptMapping ; :mappingSubject <urn:a> ; :mappingPredicate skos:closeMatch ;
        :mappingObject topic:purchase-sex-minor .
    <urn:mb> a :ConceptMapping ; :mappingSubject <urn:b> ; :mappingPredicate skos:exactMatch ;
        :mappingObject topic:purchase-sex-minor .
    """
    graph = Graph().parse(data=turtle, format="turtle")
    assert len(inconsistent_mappings(graph)) == 1
    graph.set((URIRef("urn:mb"), PKG.mappingPredicate, SKOS.closeMatch))
    assert inconsistent_mappings(graph) == []


def test_offences_with_the_same_mistaken_age_rule_map_alike_across_the_data() -> None:
    """England and Wales s. 47 and Northern Ireland art. 37 share the reasonable-belief rule for
    children aged 13 to 17: both must be closeMatch of purchase-sex-minor (and so on for every
    offence and topic in every file)."""
    graph = Graph()
    for path in sorted((PROJECT / "data").rglob("*.ttl")):
        if "sources" not in path.parts:
            graph.parse(path)
    assert inconsistent_mappings(graph) == []


def test_paying_for_sexual_services_of_a_child_is_a_close_match_naming_the_defence(
    ew: Graph,
) -> None:
    offence = URIRef(
        "https://w3id.org/policykg/id/offence/uk-ew/paying-for-sexual-services-of-a-child"
    )
    [mapping] = list(ew.subjects(PKG.mappingSubject, offence))
    assert ew.value(mapping, PKG.mappingPredicate) == SKOS.closeMatch
    english = [j for j in ew.objects(mapping, PKG.justification) if j.language == "en"]
    assert len(english) == 1
    assert "reasonably believed" in str(english[0])
    values, _ = mistaken_age_key(ew, offence)
    assert values == {
        "https://w3id.org/policykg/concept/element-value/age-reasonable-belief-defence",
        "https://w3id.org/policykg/concept/element-value/age-strict-liability",
    }


# ---------------------------------------------------------------- typed elements


def test_elements_lie_within_the_validity_of_their_offence_or_duty(ew: Graph) -> None:
    outside = []
    for owner, element in ew.subject_objects(PKG.hasElement):
        owner_start = as_date(ew.value(owner, PKG.validFrom))
        owner_end = as_date(ew.value(owner, PKG.validUntil)) or date(9999, 1, 1)
        start = as_date(ew.value(element, PKG.validFrom)) or owner_start
        end = as_date(ew.value(element, PKG.validUntil)) or owner_end
        if start < owner_start or end > owner_end or start >= end:
            outside.append(str(element))
    assert outside == []


def test_one_element_per_dimension_on_any_day(ew: Graph) -> None:
    """Periods of one dimension do not overlap (an element with several periods is split by date)."""
    overlaps = []
    for owner in set(ew.subjects(PKG.hasElement, None)):
        by_dimension: dict[object, list[tuple[date, date]]] = defaultdict(list)
        for element in ew.objects(owner, PKG.hasElement):
            start = as_date(ew.value(element, PKG.validFrom)) or date(1900, 1, 1)
            end = as_date(ew.value(element, PKG.validUntil)) or date(9999, 1, 1)
            by_dimension[ew.value(element, PKG.dimension)].append((start, end))
        for dimension, periods in by_dimension.items():
            periods.sort()
            if any(b[0] < a[1] for a, b in pairwise(periods)):
                overlaps.append((str(owner), str(dimension)))
    assert overlaps == []


@pytest.mark.parametrize("day", ["2004-05-01", "2015-05-03", "2026-12-02"])
def test_offences_in_force_carry_their_typed_elements(ew: Graph, day: str) -> None:
    """Every offence on a child (victimAgeBelow) in force on the day has its age threshold,
    conduct, mistaken-age rule and attempt rule; every offence in force has its conduct."""
    when = date.fromisoformat(day)
    missing = []
    for offence in sorted(ew.subjects(RDF.type, PKG.Offence)):
        if not in_force(ew, offence, when):
            continue
        dimensions = {
            ew.value(e, PKG.dimension)
            for e in ew.objects(offence, PKG.hasElement)
            if in_force(ew, e, when) or ew.value(e, PKG.validFrom) is None
        }
        needed = {DIM.conduct}
        if ew.value(offence, PKG.victimAgeBelow) is not None:
            needed |= {DIM["victim-age"], DIM["mistaken-age"], DIM.attempt}
        if needed - dimensions:
            missing.append((str(offence), sorted(str(d) for d in needed - dimensions)))
    assert missing == []


def test_victim_age_elements_agree_with_the_offence(ew: Graph) -> None:
    for offence, element in ew.subject_objects(PKG.hasElement):
        if ew.value(element, PKG.dimension) == DIM["victim-age"]:
            assert float(ew.value(element, PKG.elementNumber)) == float(
                ew.value(offence, PKG.victimAgeBelow)
            ), element


# ---------------------------------------------------------------- languages


def languages(graph: Graph, node: URIRef, *predicates: URIRef) -> set[str]:
    return {
        o.language
        for p in predicates
        for o in graph.objects(node, p)
        if isinstance(o, Literal) and o.language
    }


@pytest.mark.parametrize("code", sorted(FILES))
def test_every_resource_has_a_label_in_english_french_and_swedish(
    graphs: dict[str, Graph], code: str
) -> None:
    graph = graphs[code]
    missing = []
    for cls in LABELLED:
        for node in graph.subjects(RDF.type, cls):
            found = languages(graph, node, RDFS.label, PKG.labelTranslation, ELI.title)
            if LANGUAGES - found:
                missing.append((str(node), sorted(LANGUAGES - found)))
    assert missing == []


@pytest.mark.parametrize("code", sorted(FILES))
def test_official_labels_of_uk_resources_are_english(graphs: dict[str, Graph], code: str) -> None:
    """rdfs:label is the official name, English for the UK; translations are :labelTranslation."""
    graph = graphs[code]
    wrong = [
        (str(s), o.language)
        for s, o in graph.subject_objects(RDFS.label)
        if isinstance(o, Literal)
        and o.language != "en"
        and graph.value(s, RDF.type) != PKG.StatisticalObservation
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("cls", "predicate"),
    [
        (PKG.Sanction, PKG.condition),
        (PKG.Absence, RDFS.comment),
        (PKG.ReportingDuty, PKG.dutyBearer),
        (PKG.ReportingDuty, PKG.trigger),
        (PKG.Element, RDFS.comment),
        (PKG.ConceptMapping, PKG.justification),
    ],
)
def test_texts_for_drafters_are_in_the_three_languages(
    graphs: dict[str, Graph], cls: URIRef, predicate: URIRef
) -> None:
    missing = [
        (str(node), sorted(LANGUAGES - languages(graph, node, predicate)))
        for graph in graphs.values()
        for node in graph.subjects(RDF.type, cls)
        if (graph.value(node, predicate) is not None)
        and LANGUAGES - languages(graph, node, predicate)
    ]
    assert missing == []
