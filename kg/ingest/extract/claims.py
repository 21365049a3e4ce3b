"""Claims: the statements of a ministerial answer or a report that a drafter must check
("a new plan is being finalised", "our legal arsenal is solid", "circulars were sent to
prosecutors in 2015 and 2016") → `Claim` items.

Two steps, like the rest of the extraction (kg/ingest/extract/steps.py):

1. `find_claims` (text only, no graph): the text is cut into sentences; each sentence is
   typed by the cues of `claim_cues.yaml` for the document's language (a sentence may make
   claims of several kinds), its stage read from its wording (done / pending / current), the
   years it names kept. Each figure already extracted becomes a `figure` claim on its own span.
2. `link_claims` (after mentions and citations are resolved against the graph): each claim
   gets the graph resources named inside its span (plans, bodies, instruments, countries,
   resolved citations), the names read but absent from the graph, its topics and the
   jurisdiction it speaks of. A sentence that opens by pointing back ("Ce travail est
   engagé…") inherits the resources of the claim before it.

Nothing here judges a claim: kg/analysis/claims.py does, as of any day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg.ingest.extract.questions import sentences
from kg.ingest.model import Claim, Document, Figure

_HERE = Path(__file__).parent
#: Mention kinds whose IRI a claim can be about (topics and dates are read separately).
RESOURCE_KINDS = ("plan", "body", "instrument", "country", "jurisdiction")
_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/-])")
_LEADING = re.compile(r"[\s*#>•-]*")
_STAGES = ("pending", "done")


@dataclass(frozen=True)
class Cue:
    kind: str
    pattern: re.Pattern[str]
    subject: str | None = None
    stage: str | None = None


@dataclass(frozen=True)
class Cues:
    """The cue file for one language, compiled."""

    kinds: tuple[Cue, ...]
    stages: tuple[tuple[str, re.Pattern[str]], ...]
    carry_over: tuple[re.Pattern[str], ...]
    jurisdiction: str | None


@lru_cache(maxsize=1)
def cue_file() -> dict[str, Any]:
    """The parsed claim_cues.yaml (read once per process)."""
    return yaml.safe_load((_HERE / "claim_cues.yaml").read_text(encoding="utf-8"))


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=8)
def cues_for(language: str | None) -> Cues:
    """The cues of `language`; a text of unknown language is read with the French cues (the
    project's first language) and those of English and Swedish together."""
    data = cue_file()
    langs = (language,) if language in ("fr", "en", "sv") else ("fr", "en", "sv")
    kinds = []
    for kind, by_lang in data["kinds"].items():
        for lang in langs:
            for cue in by_lang.get(lang, []):
                if isinstance(cue, str):
                    kinds.append(Cue(kind, _compile(cue)))
                else:
                    kinds.append(
                        Cue(kind, _compile(cue["pattern"]), cue.get("subject"), cue.get("stage"))
                    )
    stages = tuple(
        (stage, _compile(p))
        for stage in _STAGES
        for lang in langs
        for p in data["stages"].get(stage, {}).get(lang, [])
    )
    carry = tuple(_compile(p) for lang in langs for p in data["carry_over"].get(lang, []))
    jurisdiction = data["jurisdiction_by_language"].get(language) if language else None
    return Cues(tuple(kinds), stages, carry, jurisdiction)


def claim_ranges(doc: Document) -> list[tuple[int, int]]:
    """Where claims are read: a question's own text and its answer (not the page's menus and
    key-data block); the whole text of other documents; nothing in a statute."""
    if doc.type == "statute":
        return []
    meta = doc.metadata
    if doc.type != "parliamentary-question":
        return [(0, len(doc.text))]
    ranges = []
    if meta.get("body_start") is not None:
        ranges.append((meta["body_start"], meta.get("body_end") or len(doc.text)))
    if meta.get("answer_start") is not None:
        ranges.append((meta["answer_start"], meta.get("answer_end") or len(doc.text)))
    return ranges or [(0, len(doc.text))]


def find_claims(doc: Document) -> list[Claim]:
    """Typed claims from the text alone (step 1), sorted by position; figures must already
    be extracted (`doc.figures`)."""
    cues = cues_for(doc.language)
    found: list[Claim] = []
    asks = [(q.start, q.end) for q in doc.questions]
    for low, high in claim_ranges(doc):
        for start, end in sentences(doc.text[low:high]):
            start, end = low + start, low + end
            if doc.text[start:end].rstrip().endswith("?") or any(
                s < end and start < e for s, e in asks
            ):
                continue  # a question asks, it does not claim
            found += _sentence_claims(doc.text, start, end, cues)
    found += [_figure_claim(f) for f in doc.figures if _inside(f.start, claim_ranges(doc))]
    return sorted(found, key=lambda c: (c.start, c.end, c.kind))


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(low <= offset < high for low, high in ranges)


def _sentence_claims(text: str, start: int, end: int, cues: Cues) -> list[Claim]:
    """The claims of one sentence: one per kind whose cues match."""
    lead = _LEADING.match(text, start, end)
    start = lead.end() if lead else start
    while end > start and text[end - 1].isspace():
        end -= 1
    sentence = text[start:end]
    if len(sentence) < 12:  # a heading or a stray fragment
        return []
    stage, stage_cues = _stage(sentence, cues)
    years = sorted({int(y) for y in _YEAR.findall(sentence)})
    by_kind: dict[str, Claim] = {}
    for cue in cues.kinds:
        match = cue.pattern.search(sentence)
        if not match:
            continue
        claim = by_kind.get(cue.kind)
        if claim is None:
            claim = by_kind[cue.kind] = Claim(
                text=sentence, start=start, end=end, kind=cue.kind, stage=stage,
                cues=list(stage_cues), years=years,
            )  # fmt: skip
        claim.cues.append(match.group(0))
        claim.subject = claim.subject or cue.subject
        if cue.stage:
            claim.stage = cue.stage
    return list(by_kind.values())


def _stage(sentence: str, cues: Cues) -> tuple[str, list[str]]:
    """pending when the wording says under way or announced, done when it says done (pending
    wins: "après les circulaires, un nouveau plan est en voie de finalisation"), else current."""
    for stage in _STAGES:
        hits = [m.group(0) for s, p in cues.stages if s == stage for m in [p.search(sentence)] if m]
        if hits:
            return stage, hits
    return "current", []


def _figure_claim(figure: Figure) -> Claim:
    return Claim(
        text=figure.text,
        start=figure.start,
        end=figure.end,
        kind="figure",
        stage="current",
        figure={"value": figure.value, "unit": figure.unit, "qualifier": figure.qualifier,
                "attributed_to": figure.attributed_to},
    )  # fmt: skip


def link_claims(doc: Document) -> None:
    """Step 2: resources, unresolved names, topics and jurisdiction of each claim, from the
    document's resolved mentions and citations."""
    cues = cues_for(doc.language)
    doc_topics = _unique(m.iri for m in doc.mentions if m.kind == "topic" and m.iri)
    default = doc.jurisdiction or cues.jurisdiction
    for n, claim in enumerate(doc.claims):
        inside = [m for m in doc.mentions if claim.start <= m.start and m.end <= claim.end]
        cited = [c for c in doc.citations if claim.start <= c.start and c.end <= claim.end]
        claim.resources = _unique(
            [m.iri for m in inside if m.kind in RESOURCE_KINDS and m.iri]
            + [c.resolved for c in cited if c.resolved]
        )
        claim.unresolved = _unique(
            [m.text for m in inside if m.kind in RESOURCE_KINDS and not m.iri]
            + [c.text for c in cited if not c.resolved]
        )
        own_topics = _unique(m.iri for m in inside if m.kind == "topic" and m.iri)
        claim.topics = own_topics or doc_topics
        claim.jurisdiction = _jurisdiction(inside, cited) or default
        if claim.kind == "figure":
            continue
        before_n = _sentence_before(doc, n) if _refers_back(claim, cues) else None
        before_n = before_n if before_n is not None else _same_kind_before(doc, n)
        if before_n is not None:
            before = doc.claims[before_n]
            if before.start < claim.start and not claim.resources:
                claim.resources = list(before.resources)
                claim.carried_from = before_n
                if claim.jurisdiction == default:
                    claim.jurisdiction = before.jurisdiction


def _refers_back(claim: Claim, cues: Cues) -> bool:
    return any(p.search(claim.text) for p in cues.carry_over)


def _sentence_before(doc: Document, n: int) -> int | None:
    """The claim of the sentence before claim `n` that names something (the last one)."""
    claim = doc.claims[n]
    for m in range(n - 1, -1, -1):
        other = doc.claims[m]
        if other.start < claim.start and other.kind != "figure" and other.resources:
            return m
        if other.start < claim.start and other.end < claim.start and not other.resources:
            if any(o.start == other.start and o.resources for o in doc.claims[:m]):
                continue
            return None
    return None


def _same_kind_before(doc: Document, n: int) -> int | None:
    """A plan claim naming no plan ("Un nouveau plan est en voie de finalisation") continues
    the plan claim just before it in the same paragraph (same series of plans)."""
    claim = doc.claims[n]
    if claim.kind != "plan":
        return None
    for m in range(n - 1, -1, -1):
        other = doc.claims[m]
        if "\n" in doc.text[other.end : claim.start]:
            return None
        if other.kind == claim.kind and other.start < claim.start:
            return m
    return None


def _jurisdiction(mentions: list, citations: list) -> str | None:
    """The jurisdiction a claim names ("au niveau européen" → EU), when it names one."""
    for citation in citations:
        if citation.jurisdiction:
            return citation.jurisdiction
    for mention in mentions:
        if mention.kind == "jurisdiction" and mention.iri:
            return mention.iri.rsplit("/", 1)[-1]
    for mention in mentions:
        if mention.kind == "instrument" and mention.iri and "/act/eu/" in mention.iri:
            return "EU"
    return None


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
