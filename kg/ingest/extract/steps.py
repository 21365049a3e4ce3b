"""The two extraction steps the pipeline runs on a parsed document.

1. `extract_text_items`: what the text alone gives (citations, penalties, figures,
   sub-questions, typed claims). No graph: it runs in worker processes.
2. `link`: what needs the graph (mentions through the gazetteer, dates tied to what they
   date, citations resolved to provisions and their versions, penalties tied to the
   provision that holds them or that they refer to, claims tied to the resources they
   name). It runs where the store is.

The document's date, used to read citations, names and penalties as of that day, is the
first of: the date given with the document (`--date`, `?date=`), its answer or publication
date, the version date of its provisions.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from kg.ingest.extract.citations import find_citations
from kg.ingest.extract.claims import find_claims, link_claims
from kg.ingest.extract.dates import find_dates
from kg.ingest.extract.figures import find_figures
from kg.ingest.extract.gazetteer import Gazetteer
from kg.ingest.extract.mentions import attach_dates, unnamed_instruments
from kg.ingest.extract.penalties import find_penalties
from kg.ingest.extract.penalty_links import tie_penalties
from kg.ingest.extract.questions import find_questions
from kg.ingest.extract.resolve import ACT, InstrumentNames, resolve_citations
from kg.ingest.model import Citation, Document
from kg.queries import Queryable

DATE_KEYS = ("date", "answered", "published", "version_date")


def document_date(doc: Document) -> str | None:
    """The ISO date the document speaks from (see the module docstring), or None."""
    for key in DATE_KEYS:
        value = doc.metadata.get(key)
        if isinstance(value, str) and len(value) >= 10 and value[4] == "-":
            return value[:10]
    dates = {p.valid_from for p in doc.provisions if p.valid_from}
    return dates.pop() if len(dates) == 1 else None


def extract_text_items(doc: Document) -> None:
    """Citations, penalties, figures and sub-questions from the text alone."""
    lang = doc.language
    if doc.type == "parliamentary-question":
        body_start = doc.metadata.get("body_start") or 0
        body_end = doc.metadata.get("body_end") or len(doc.text)
        doc.questions = [
            q for q in find_questions(doc.text, lang) if body_start <= q.start and q.end <= body_end
        ]
    context = doc.instrument if doc.type == "statute" else None
    date = document_date(doc)
    citations = find_citations(doc.text, lang, context=context, date=date)
    if doc.type == "statute":  # "Article 225-5", "Code pénal": headings, not citations
        citations = [c for c in citations if not _heading(doc.text, c)]
        _same_chapter(doc, citations)
    doc.citations = citations
    doc.penalties = find_penalties(doc.text, lang)
    doc.figures = find_figures(doc.text, lang, citations=doc.citations, penalties=doc.penalties)
    doc.claims = find_claims(doc)


def link(store: Queryable, doc: Document, gazetteer: Gazetteer) -> None:
    """Mentions, citation resolution and penalty provisions, against the graph."""
    date = document_date(doc)
    named = gazetteer.find(doc.text, date)
    unnamed = unnamed_instruments(doc.text, named)
    mentions = attach_dates(doc.text, [*named, *unnamed], find_dates(doc.text))
    doc.mentions = sorted(mentions, key=lambda m: (m.start, m.end, m.kind))
    for provision in doc.provisions:
        provision.iri = f"{ACT}{doc.instrument}/{provision.path}" if doc.instrument else None
    resolve_citations(store, doc, _instrument_names(gazetteer), date)
    tie_penalties(store, doc, date)
    link_claims(doc)


@lru_cache(maxsize=4)
def _instrument_names(gazetteer: Gazetteer) -> InstrumentNames:
    """The graph's instrument names, indexed once per gazetteer (a bulk ingest reuses it)."""
    return InstrumentNames(gazetteer)


def _same_chapter(doc: Document, citations: list) -> None:
    """In a law with chapters, a bare "3 §" is a § of the chapter it is written in: the
    reference inside 4 kap. 2 § to "1 §" is 4 kap. 1 §."""
    provisions = sorted(
        (p for p in doc.provisions if p.path.startswith("kap/")), key=lambda p: p.start
    )
    if not provisions:
        return
    starts = [p.start for p in provisions]
    for citation in citations:
        if citation.instrument != doc.instrument or not (citation.provision or "").startswith(
            "par/"
        ):
            continue
        i = bisect.bisect_right(starts, citation.start) - 1
        if i >= 0 and citation.end <= provisions[i].end:
            chapter = provisions[i].path.split("/par/")[0]
            citation.provision = f"{chapter}/{citation.provision}"


def _heading(text: str, citation: Citation) -> bool:
    """A line that is the citation alone ("Article 225-5", "Code pénal"), or a chapter
    number opening its title ("4 kap. Om brott mot frihet och frid"): a heading."""
    if _whole_line(text, citation.start, citation.end):
        return True
    line_start = text.rfind("\n", 0, citation.start) + 1
    chapter_only = re.fullmatch(r"kap/\w+", citation.provision or "") is not None
    after = text[citation.end : citation.end + 3].lstrip()
    return chapter_only and not text[line_start : citation.start].strip() and after[:1].isupper()


def _whole_line(text: str, start: int, end: int) -> bool:
    """Whether [start, end) is a line of its own (blank around it aside)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip() and not text[end:line_end].strip()
