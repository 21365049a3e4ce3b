"""Citations linked to the graph: each one resolved to the provision (or instrument) the
graph holds, with the provision's version in force on the document's date, or left
unresolved with its reason.

- An instrument cited by its words only (an Act the tables do not know, "loi du 4 mars
  2002", an abbreviation) is identified among the graph's names for instruments: titles and
  labels of every kind, compared word for word whatever the case; a French "loi du 4 mars
  2002" is the one law of that kind and date in the graph.
- The IRI is the provision's (`…/act/fr/code-penal/article/225-5`) or, for a whole
  instrument, the instrument's. It is `resolved` when the graph holds it or the document
  itself does (a Code pénal article citing another article of the same file).
- `version` is the provision version in force on the document's date (validFrom ≤ date <
  validUntil), when the graph has versions and the document a date.
- `reason` says why a citation stays unresolved: no instrument named, an instrument the
  graph does not know, or a provision the graph does not hold (while it holds the
  instrument).
"""

from __future__ import annotations

import re
from collections import defaultdict

from pyoxigraph import NamedNode

from kg import queries
from kg.facts import in_force as in_force_on
from kg.ingest.extract.dates import MONTHS
from kg.ingest.extract.gazetteer import Gazetteer
from kg.ingest.model import Citation, Document
from kg.ns import ID
from kg.queries import Queryable

ACT = ID + "act/"
_DATED = re.compile(
    r"^(?P<kind>loi|ordonnance|décret)(?:\s+organique)?(?:\s+n\S*\s*[\d-]+)?\s+du\s+"
    r"(?P<day>\d{1,2}|1er)\s+(?P<month>\w+)\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
_CHAPTER = re.compile(r"\s*\((?:asp|c\.|anaw|nia|mwa|S\.I\.|SI)\s*[\d ./]+\)\s*$")


def _normal(name: str) -> str:
    name = _CHAPTER.sub("", name.replace("’", "'"))
    name = re.sub(r"^(?:the|la|le|les|l')\s*", "", name.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", name).strip().casefold()


def _dated_key(name: str) -> tuple[str, str] | None:
    m = _DATED.match(name.strip())
    month = MONTHS.get(m["month"].lower()) if m else None
    if not m or month is None:
        return None
    day = 1 if m["day"] == "1er" else int(m["day"])
    return m["kind"].lower(), f"{m['year']}-{month:02d}-{day:02d}"


class InstrumentNames:
    """The graph's names for instruments → their path below id/act/ (unique names only)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        by_name: dict[str, set[str]] = defaultdict(set)
        by_date: dict[tuple[str, str], set[str]] = defaultdict(set)
        for entry in gazetteer.entries("instrument"):
            if not entry.iri.startswith(ACT):
                continue
            path = entry.iri.removeprefix(ACT)
            by_name[_normal(entry.label)].add(path)
            key = _dated_key(entry.label)
            if key:
                by_date[key].add(path)
        self._by_name = {k: next(iter(v)) for k, v in by_name.items() if len(v) == 1}
        self._by_date = {k: next(iter(v)) for k, v in by_date.items() if len(v) == 1}

    def lookup(self, title: str) -> str | None:
        key = _dated_key(title)
        if key is not None:
            return self._by_date.get(key)
        return self._by_name.get(_normal(title))


def citation_iri(citation: Citation) -> str | None:
    if not citation.instrument:
        return None
    return ACT + citation.instrument + (f"/{citation.provision}" if citation.provision else "")


def resolve_citations(
    store: Queryable, doc: Document, names: InstrumentNames, date: str | None
) -> None:
    for citation in doc.citations:
        if citation.instrument is None and citation.law_title:
            found = names.lookup(citation.law_title)
            if found:
                citation.instrument = found
                citation.jurisdiction = citation.jurisdiction or _jurisdiction(found)
    wanted = {iri for c in doc.citations if (iri := citation_iri(c)) is not None}
    instruments = {ACT + c.instrument for c in doc.citations if c.instrument}
    own = {p.iri for p in doc.provisions if p.iri}
    if doc.instrument:
        own.add(ACT + doc.instrument)
    held = existing(store, sorted(wanted | instruments)) | own
    for citation in doc.citations:
        iri = citation_iri(citation)
        if iri is not None and iri in held:
            citation.resolved, citation.reason = iri, None
        else:
            citation.resolved, citation.reason = None, _reason(citation, held)
    _versions(store, doc.citations, date)


def _reason(citation: Citation, held: set[str]) -> str:
    if not citation.instrument:
        if citation.law_title:
            return f"instrument not in the graph: {citation.law_title}"
        return "no instrument named"
    instrument = ACT + citation.instrument
    if citation.provision and instrument in held:
        return f"the graph holds the instrument ({instrument}) but not this provision"
    return "not in the graph"


def _jurisdiction(path: str) -> str | None:
    head, _, rest = path.partition("/")
    if head == "uk":
        kind = rest.split("/")[0]
        return {"asp": "UK-SCT", "ssi": "UK-SCT", "nia": "UK-NI", "nisi": "UK-NI"}.get(kind)
    return {"fr": "FR", "se": "SE", "eu": "EU", "coe": "CoE"}.get(head)


def existing(store: Queryable, iris: list[str]) -> set[str]:
    """Which of `iris` the graph says anything about."""
    if not iris:
        return set()
    rows = queries.run(store, "existing", iri=[NamedNode(i) for i in iris])
    return {row.text("iri") for row in rows}


def _versions(store: Queryable, citations: list[Citation], date: str | None) -> None:
    provisions = sorted({c.resolved for c in citations if c.resolved and c.provision})
    if not date or not provisions:
        return
    rows = queries.run(store, "provision-versions", provision=[NamedNode(p) for p in provisions])
    in_force: dict[str, str] = {}
    for row in rows:
        if in_force_on(row.text("from"), row.optional_text("until"), date):
            in_force[row.text("provision")] = row.text("version")
    for citation in citations:
        if citation.resolved in in_force:
            citation.version = in_force[citation.resolved]
