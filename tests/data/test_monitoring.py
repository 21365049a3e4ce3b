"""The monitoring data's acceptance: every recommendation is cited, dated, graded and backed.

Read straight from data/monitoring/*.ttl (no build), so a curator gets the answer in a second.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from functools import cache
from urllib.parse import urlparse

import pytest
from pyoxigraph import RdfFormat, Triple, parse
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS, XSD

from kg.build.source_policy import excluded_pattern
from kg.config import PROJECT_ROOT

PKG = Namespace("https://w3id.org/policykg/ontology#")
STATUS = Namespace("https://w3id.org/policykg/concept/recommendation-status/")
J = Namespace("https://w3id.org/policykg/id/jurisdiction/")
MONITORING = PROJECT_ROOT / "data" / "monitoring"


@cache
def graph() -> Graph:
    g = Graph()
    for path in sorted(MONITORING.glob("*.ttl")):
        g.parse(path, format="turtle")
    g.parse(PROJECT_ROOT / "ontology" / "monitoring.ttl", format="turtle")
    g.parse(PROJECT_ROOT / "data" / "international" / "CoE.ttl", format="turtle")
    return g


@cache
def data_graph() -> Graph:
    """Every curated file, so that evidence can be dated wherever it is recorded."""
    g = Graph()
    for path in sorted((PROJECT_ROOT / "data").rglob("*.ttl")):
        if "sources" not in path.relative_to(PROJECT_ROOT / "data").parts[:1]:
            g.parse(path, format="turtle")
    return g


def dates_of(node) -> list[date]:
    """When a piece of evidence dates from: its start, its report's date, or an action's day."""
    g = data_graph()
    found = [
        d.toPython()
        for prop in (PKG.validFrom, PKG.actionDate, PKG.periodStart, DCTERMS.issued, PKG.adoptedOn)
        for d in g.objects(node, prop)
    ]
    for report in g.objects(node, PKG.assessedIn):
        found += [d.toPython() for d in g.objects(report, DCTERMS.issued)]
    return found


def recommendations() -> list[URIRef]:
    return sorted(graph().subjects(RDF.type, PKG.Recommendation))


def one(subject, prop):
    values = list(graph().objects(subject, prop))
    assert len(values) == 1, (subject, prop, values)
    return values[0]


def test_recommendations_cover_the_three_states_and_are_counted():
    by_state = {one(r, PKG.jurisdiction) for r in recommendations()}
    assert {J.FR, J.SE, J.UK} <= by_state
    assert len(recommendations()) >= 20


@pytest.mark.parametrize("rec", recommendations(), ids=lambda r: r.split("/id/")[-1])
def test_each_recommendation_is_cited_dated_graded_and_backed(rec):
    g = graph()
    report = one(rec, PKG.inReport)
    assert (report, RDF.type, PKG.MonitoringReport) in g
    body = one(report, PKG.issuedBy)
    assert (body, RDF.type, PKG.MonitoringBody) in g
    assert one(report, PKG.officialUrl).startswith("http")
    assert list(g.objects(report, DCTERMS.title))
    date = one(rec, PKG.validFrom)
    assert date.datatype == XSD.date
    # The recommendation's date is its report's: published, else adopted.
    report_dates = set(g.objects(report, DCTERMS.issued)) | set(g.objects(report, PKG.adoptedOn))
    assert date in report_dates, (rec, date, report_dates)
    assert one(rec, PKG.jurisdiction) in {J.FR, J.SE, J.UK}
    assert (one(rec, PKG.strength), RDF.type, PKG.RecommendationStrength) in g
    assert list(g.objects(rec, PKG.topic))
    assert any(c.language == "en" for c in g.objects(rec, RDFS.comment))
    labels = {label.language for label in g.objects(rec, RDFS.label)}
    labels |= {label.language for label in g.objects(rec, PKG.labelTranslation)}
    assert {"en", "fr", "sv"} <= labels
    status = one(rec, PKG.status)
    if status in (STATUS.addressed, STATUS.partly):
        assert list(g.objects(rec, PKG.answeredBy)), "addressed/partly needs the answering fact"
    else:
        assert status in (STATUS["not-yet"], STATUS["not-checkable"])
        assert list(g.objects(rec, PKG.statusNote)), "say why it is open or not checkable"
    # A paragraph, or it is unverified with a note saying the paragraph was not read.
    paragraphs = list(g.objects(rec, PKG.paragraph))
    verification = one(rec, PKG.verification)
    if not paragraphs:
        assert verification == PKG.Unverified
        assert "paragraph" in " ".join(g.objects(rec, PKG.note))
    else:
        # As the report numbers it: "28", "28 (a)", or the Lanzarote Committee's "R7".
        assert re.fullmatch(r"R?\d+( \([a-z]\))?", str(paragraphs[0]))
    assert one(rec, PKG.checkedOn).datatype == XSD.date
    assert list(g.objects(rec, DCTERMS.source))


def test_an_answer_comes_after_the_recommendation():
    g = graph()
    facts = Graph()
    for folder in ("jurisdictions", "international"):
        for path in sorted((PROJECT_ROOT / "data" / folder).glob("*.ttl")):
            facts.parse(path, format="turtle")
    for rec in recommendations():
        made = one(rec, PKG.validFrom).toPython()
        for fact in g.objects(rec, PKG.answeredBy):
            starts = [d.toPython() for d in facts.objects(fact, PKG.validFrom)]
            starts += [d.toPython() for d in facts.objects(fact, PKG.actionDate)]
            assert starts, f"{fact} is not a dated fact of the graph"
            assert min(starts) >= made, (rec, fact, starts)


def test_evidence_points_at_resources_of_the_graph():
    g = graph()
    known = Graph()
    for path in sorted((PROJECT_ROOT / "data").rglob("*.ttl")):
        if "sources" not in path.relative_to(PROJECT_ROOT / "data").parts[:1]:
            known.parse(path, format="turtle")
    for rec in recommendations():
        for prop in (PKG.answeredBy, PKG.evidence, PKG.concerns, PKG.recalls):
            for target in g.objects(rec, prop):
                assert (target, RDF.type, None) in known, (rec, prop, target)


def test_no_source_is_on_an_excluded_host():
    policy = [
        Triple(q.subject, q.predicate, q.object)
        for q in parse(
            path=str(PROJECT_ROOT / "ontology" / "source-policy.ttl"), format=RdfFormat.TURTLE
        )
    ]
    pattern = re.compile(excluded_pattern(policy) or "$^")
    g = graph()
    for prop in (DCTERMS.source, PKG.officialUrl):
        for subject, url in g.subject_objects(prop):
            if (
                str(subject).startswith("https://w3id.org/policykg/id/report")
                or (
                    subject,
                    RDF.type,
                    PKG.StateResponse,
                )
                in g
            ):
                assert not pattern.match(str(url)), (subject, url)


def test_monitoring_hosts_are_ranked_official():
    text = (PROJECT_ROOT / "ontology" / "source-policy.ttl").read_text(encoding="utf-8")
    for host in ("coe.int", "ohchr.org", "un.org"):
        assert f'"{host}"' in text


def test_state_responses_are_dated_and_linked():
    g = graph()
    responses = list(g.subjects(RDF.type, PKG.StateResponse))
    assert {one(r, PKG.respondingState) for r in responses} >= {J.FR, J.SE, J.UK}
    for response in responses:
        target = one(response, PKG.respondsTo)
        assert (target, RDF.type, None) in g
        assert isinstance(one(response, RDFS.label), Literal)


def test_schemes_name_every_concept_in_three_languages():
    g = graph()
    for cls in (PKG.RecommendationStrength, PKG.RecommendationStatus):
        concepts = list(g.subjects(RDF.type, cls))
        assert concepts
        for concept in concepts:
            langs = {label.language for label in g.objects(concept, SKOS.prefLabel)}
            assert {"en", "fr", "sv"} <= langs, concept


def test_follow_up_assessments_come_later_and_agree_with_the_status():
    g = graph()
    assessments = list(g.subjects(RDF.type, PKG.FollowUpAssessment))
    assert assessments
    for assessment in assessments:
        rec = one(assessment, PKG.assesses)
        made = one(rec, PKG.validFrom).toPython()
        later = one(one(assessment, PKG.assessedIn), DCTERMS.issued).toPython()
        assert later > made, (assessment, made, later)
        # The body still finds it not done: the recommendation cannot be marked done.
        if one(assessment, PKG.status) == STATUS["not-yet"]:
            assert one(rec, PKG.status) != STATUS.addressed


def test_a_recommendation_verified_outside_the_bodys_own_hosts_says_mirror():
    """Verified on a copy (a national institution's tracker, say) only when the note says so."""
    g = graph()
    own_hosts = ("coe.int", "ohchr.org", "un.org", "ungeneva.org")
    for rec in recommendations():
        if one(rec, PKG.verification) != PKG.Verified:
            continue
        hosts = {urlparse(str(s)).hostname or "" for s in g.objects(rec, DCTERMS.source)}
        if not any(h == own or h.endswith("." + own) for h in hosts for own in own_hosts):
            assert "mirror" in " ".join(g.objects(rec, PKG.note)).lower(), rec


# Which bodies must have addressed which states (the UK was in none of the Lanzarote
# Committee's rounds that have reported: it ratified in 2018).
EXPECTED_COVERAGE = {
    "GRETA": {J.FR, J.SE, J.UK},
    "CRC": {J.FR, J.SE, J.UK},
    "Lanzarote": {J.FR, J.SE},
}


def test_sixty_recommendations_from_every_body_to_every_state_it_monitors():
    g = graph()
    assert len(recommendations()) >= 60
    seen: dict[str, set] = defaultdict(set)
    for rec in recommendations():
        body = one(one(rec, PKG.inReport), PKG.issuedBy)
        seen[str(one(body, SKOS.notation))].add(one(rec, PKG.jurisdiction))
    for notation, states in EXPECTED_COVERAGE.items():
        assert states <= seen[notation], (notation, seen[notation])
    # At least the two latest reports of GRETA and of the CRC are recorded for each state.
    reports: dict[tuple[str, object], set] = defaultdict(set)
    for report in g.subjects(RDF.type, PKG.MonitoringReport):
        for state in g.objects(report, PKG.jurisdiction):
            reports[(str(one(one(report, PKG.issuedBy), SKOS.notation)), state)].add(report)
    for notation in ("GRETA", "CRC"):
        for state in EXPECTED_COVERAGE[notation]:
            assert len(reports[(notation, state)]) >= 2, (notation, state)


def test_a_request_still_open_rests_on_later_dated_evidence():
    """'Not yet' is a finding: a later repeat, follow-up or fact shows the request still open."""
    g = graph()
    for rec in recommendations():
        if one(rec, PKG.status) != STATUS["not-yet"]:
            continue
        made = one(rec, PKG.validFrom).toPython()
        evidence = list(g.objects(rec, PKG.evidence)) + list(g.subjects(PKG.assesses, rec))
        assert evidence, f"{rec} is 'not yet' without evidence"
        dated = {item: dates_of(item) for item in evidence}
        assert all(dated.values()), (rec, [i for i, d in dated.items() if not d])
        assert any(max(d) > made for d in dated.values()), (rec, made, dated)


def test_a_verified_recommendation_has_the_paragraph_it_was_read_in():
    g = graph()
    for rec in recommendations():
        if one(rec, PKG.verification) == PKG.Verified:
            assert list(g.objects(rec, PKG.paragraph)), rec


def test_a_missing_paragraph_is_said_with_the_day_it_was_last_looked_for():
    """Without a paragraph, the note says what is missing and when it was last sought."""
    g = graph()
    for rec in recommendations():
        if list(g.objects(rec, PKG.paragraph)):
            continue
        note = " ".join(g.objects(rec, PKG.note))
        assert re.search(r"Missing \(checked \d{4}-\d{2}-\d{2}\): the paragraph number", note), rec


def test_every_report_belongs_to_a_round_of_its_own_body():
    g = graph()
    for report in g.subjects(RDF.type, PKG.MonitoringReport):
        round_ = one(report, PKG.inRound)
        assert (round_, RDF.type, PKG.MonitoringRound) in g, report
        assert one(round_, PKG.roundOf) == one(report, PKG.issuedBy), report
