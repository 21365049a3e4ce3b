"""The curated figures (issue "statistics as comparable series"): each one can be lined up with
the others and checked.

These tests read the Turtle files under data/ directly (fast, and independent of the build),
so that a figure added by hand is held to the same rules as the ones curated so far: it lives
in data/statistics/<CODE>.ttl, says what it counts, of whom, in what unit, for which year and
about which offences, reads in three languages, cites no document-sharing, commercial or party
site, and does not silently contradict another figure.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from functools import cache
from itertools import combinations
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDFS, SKOS

from tests.data.sources import excluded
from tests.paths import PROJECT

PKG = Namespace("https://w3id.org/policykg/ontology#")
DCT = Namespace("http://purl.org/dc/terms/")
BASE = "https://w3id.org/policykg/id/"
CONCEPT = "https://w3id.org/policykg/concept/"
STATISTICS = PROJECT / "data" / "statistics"
#: The resource's own language (DATA.md §2): the others are curators' translations.
OWN_LANGUAGE = {"FR": "fr", "SE": "sv"}


@cache
def graph(path: Path) -> Graph:
    return Graph().parse(path, publicID=BASE)


def curated_files() -> list[Path]:
    return sorted(
        p
        for p in (PROJECT / "data").rglob("*.ttl")
        if "sources" not in p.relative_to(PROJECT).parts
    )


def figures() -> list[tuple[Path, URIRef]]:
    return [
        (path, s)
        for path in sorted(STATISTICS.glob("*.ttl"))
        for s in graph(path).subjects(RDF.type, PKG.StatisticalObservation)
    ]


@cache
def scheme_members(scheme: str) -> frozenset[URIRef]:
    g = graph(PROJECT / "ontology" / "measures.ttl") + graph(PROJECT / "ontology" / "topics.ttl")
    return frozenset(g.subjects(SKOS.inScheme, URIRef(CONCEPT + scheme)))


def code_of(term: URIRef) -> str:
    return str(term).rsplit("/", 1)[-1]


def short(term: URIRef) -> str:
    return str(term).removeprefix(BASE)


def test_the_figures_are_many_and_in_every_file():
    counts = {p.stem: sum(1 for q, _ in figures() if q == p) for p in STATISTICS.glob("*.ttl")}
    assert set(counts) == {"FR", "SE", "UK", "UK-EW", "UK-SCT", "UK-NI", "EU", "CoE"}
    assert sum(counts.values()) >= 100


def test_every_figure_lives_in_the_statistics_file_of_its_territory():
    misplaced = []
    for path in curated_files():
        g = graph(path)
        for s in g.subjects(RDF.type, PKG.StatisticalObservation):
            where = path.relative_to(PROJECT / "data")
            area = {code_of(o) for o in g.objects(s, PKG.refArea)}
            owner = {code_of(o) for o in g.objects(s, PKG.jurisdiction)}
            if where.parent.name != "statistics" or area != {path.stem} or owner != {path.stem}:
                misplaced.append((str(where), short(s), area, owner))
    assert misplaced == []


@pytest.mark.parametrize(
    ("prop", "scheme"),
    [("measure", "measure"), ("population", "population"), ("unitMeasure", "unit")],
)
def test_every_figure_names_one_concept_of_each_scheme(prop, scheme):
    wrong = []
    for path, s in figures():
        values = list(graph(path).objects(s, PKG[prop]))
        if len(values) != 1 or values[0] not in scheme_members(scheme):
            wrong.append((short(s), values))
    assert wrong == []


def test_every_figure_has_its_year_and_offence_family():
    """refYear is an integer, the first year of refPeriod (a year or an interval)."""
    wrong = []
    for path, s in figures():
        g = graph(path)
        years = list(g.objects(s, PKG.refYear))
        period = str(g.value(s, PKG.refPeriod))
        topics = set(g.objects(s, PKG.measuredTopic))
        first = re.match(r"(\d{4})", period)
        if (
            len(years) != 1
            or not isinstance(years[0].toPython(), int)
            or first is None
            or years[0].toPython() != int(first.group(1))
            or not topics
            or not topics <= scheme_members("topic")
        ):
            wrong.append((short(s), years, period, topics))
    assert wrong == []


def test_every_figure_reads_in_french_swedish_and_english():
    """Label in the jurisdiction's own language, translations for the two others; the
    publisher's wording of the unit and who published the figure in all three."""
    missing = []
    for path, s in figures():
        g = graph(path)
        own = OWN_LANGUAGE.get(path.stem, "en")
        official = {o.language for o in g.objects(s, RDFS.label) if isinstance(o, Literal)}
        translated = {o.language for o in g.objects(s, PKG.labelTranslation)}
        for prop in (PKG.unit, PKG.attributedTo):
            if {o.language for o in g.objects(s, prop)} != {"fr", "sv", "en"}:
                missing.append((short(s), prop))
        if own not in official or official | translated != {"fr", "sv", "en"}:
            missing.append((short(s), official, translated))
    assert missing == []


def test_figures_by_offence_count_an_offence_in_force_during_their_period():
    """A figure tied to an offence that was repealed before, or created after, the years it
    counts is tied to the wrong offence (or the wrong version of it)."""
    offences: dict[URIRef, tuple[date, date]] = {}
    for path in curated_files():
        g = graph(path)
        for o in g.subjects(RDF.type, PKG.Offence):
            until = g.value(o, PKG.validUntil)
            offences[o] = (
                g.value(o, PKG.validFrom).toPython(),
                until.toPython() if until is not None else date.max,
            )
    wrong = []
    for path, s in figures():
        g = graph(path)
        years = [int(y) for y in re.findall(r"\d{4}", str(g.value(s, PKG.refPeriod)))]
        start, end = date(min(years), 1, 1), date(max(years) + 1, 1, 1)
        for offence in g.objects(s, PKG.measuredOffence):
            valid = offences.get(offence)
            if valid is None or not (valid[0] < end and start < valid[1]):
                wrong.append((short(s), short(offence), valid))
    assert wrong == []


def test_figures_that_disagree_name_each_other():
    """Two figures of the same measure, population, unit, territory, period, offence family and
    offence with different values are a conflict: one of them must name the other in its note
    (GUIDE: disagreeing sources are both kept, with a note that points to the other)."""
    groups: dict[tuple, list[tuple[URIRef, float, str]]] = defaultdict(list)
    for path, s in figures():
        g = graph(path)
        key = (
            *(str(g.value(s, PKG[p])) for p in ("measure", "population", "unitMeasure", "refArea")),
            str(g.value(s, PKG.refPeriod)),
            frozenset(g.objects(s, PKG.measuredTopic)),
            frozenset(g.objects(s, PKG.measuredOffence)),
        )
        notes = " ".join(str(n) for n in g.objects(s, PKG.note))
        groups[key].append((s, float(g.value(s, PKG.value)), notes))
    silent = [
        (short(a), short(b))
        for members in groups.values()
        for (a, va, na), (b, vb, nb) in combinations(members, 2)
        if va != vb and short(b) not in na and short(a) not in nb
    ]
    assert silent == []


def test_the_comparison_keys_find_conflicts():
    """The rule above is not vacuous: the curated data holds known disagreements (the 2021
    estimates of minors in prostitution, two counts of minors supported by associations in 2023)."""
    found = defaultdict(set)
    for path, s in figures():
        g = graph(path)
        found[(str(g.value(s, PKG.measure)), str(g.value(s, PKG.refPeriod)), path.stem)].add(
            float(g.value(s, PKG.value))
        )
    measure = CONCEPT + "measure/"
    assert len(found[(measure + "estimated-victims", "2021", "FR")]) >= 3
    assert len(found[(measure + "victims-identified", "2023", "FR")]) >= 3


#: The statistics curator's files (the figures and the EU layer).
NOTED_FILES = [*sorted(STATISTICS.glob("*.ttl")), PROJECT / "data" / "international" / "EU.ttl"]


@pytest.mark.parametrize("path", NOTED_FILES, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_notes_agree_with_the_verification_flag(path):
    """Never "verified" in the note of an Unverified fact, never "assumed" in a Verified one."""
    g = graph(path)
    wrong = []
    for s, flag in g.subject_objects(PKG.verification):
        notes = " ".join(str(n) for n in g.objects(s, PKG.note))
        if flag == PKG.Unverified and re.search(r"(?<!un)\bverified\b", notes, re.IGNORECASE):
            wrong.append((short(s), "says verified"))
        if flag == PKG.Verified and re.search(r"\bassum", notes, re.IGNORECASE):
            wrong.append((short(s), "says assumed"))
    assert wrong == []


@pytest.mark.parametrize("path", NOTED_FILES, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_no_document_sharing_commercial_or_party_site_is_cited(path):
    g = graph(path)
    cited = [(short(s), str(o)) for s, o in g.subject_objects(DCT.source) if excluded(o)]
    assert cited == []


def evidence_rows() -> dict[str, tuple[str, str]]:
    """The rows of the evidence tables in docs/curation/statistics.md: IRI -> (section, status)."""
    rows: dict[str, tuple[str, str]] = {}
    section = ""
    text = (PROJECT / "docs" / "curation" / "statistics.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        heading = re.match(r"## (\S+) \(\d+ figures, \d+ verified\)", line)
        if heading:
            section = heading.group(1)
        row = re.match(r"\| `(statistic/[^`]+)` \|(?:[^|]*\|){4} (Verified|Unverified) \|", line)
        if row and section:
            rows[row.group(1)] = (section, row.group(2))
    return rows


def test_the_evidence_table_has_one_row_per_figure_with_its_status():
    """docs/curation/statistics.md lists every figure under its file's section, with the flag the
    data carries (a figure added or re-flagged without its evidence row fails here)."""
    rows = evidence_rows()
    wrong = []
    for path, s in figures():
        flag = str(graph(path).value(s, PKG.verification)).rsplit("#", 1)[-1]
        if rows.get(short(s)) != (path.stem, flag):
            wrong.append((short(s), path.stem, flag, rows.get(short(s))))
    assert wrong == []


def test_the_evidence_table_headings_count_the_figures():
    text = (PROJECT / "docs" / "curation" / "statistics.md").read_text(encoding="utf-8")
    stated = {
        m.group(1): (int(m.group(2)), int(m.group(3)))
        for m in re.finditer(r"^## (\S+) \((\d+) figures, (\d+) verified\)", text, re.MULTILINE)
    }
    counted: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path, s in figures():
        counted[path.stem][0] += 1
        counted[path.stem][1] += graph(path).value(s, PKG.verification) == PKG.Verified
    assert stated == {code: tuple(n) for code, n in counted.items()}
