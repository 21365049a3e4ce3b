"""Legal citations in French, Swedish and English text → `Citation` items.

As a drafter reads: every mention of an instrument ("code pénal", "brottsbalken (1962:700)",
"Sexual Offences Act 2003", "Directive 2011/36/UE", "Convention de Lanzarote", "Lag
(2025:410)", "that Act", "the 2003 Act"), every provision reference ("article 225-12-1",
"6 kap. 9 §", "section 47", "Part 1"), then, in the order of the text, each reference with the
instrument it belongs to:

- the instrument written right after it ("… du code pénal", "… of the Act", "… brottsbalken",
  "6 kap. BrB"), past a pinpoint ("andra stycket", "(1°)");
- "this Act", "above", "below" or nothing at all, in a statute: the statute itself (a bare
  "article 225-5" inside a Code pénal article is Code pénal, a bare "3 §" in LVU is LVU);
- "that Act": the instrument named last; "the 2003 Act": the one of that year named last.

Lists and ranges share their instrument and chapter: "articles 222-23 à 222-31, 225-4-1 à
225-4-4, 225-7 (1°) … du code pénal", "28 kap. 3 a och 6 §§, 7 § och 9 och 10 §§
rättegångsbalken", "sections 1, 2 or 7 to 10 of the … Act". Each provision gets its own
citation: a single one spans the whole reference; in a list each spans its number as written,
and a provision only implied by a range spans the range. Ranges are expanded only when both
ends differ in their last number alone (at most 50 provisions).

An instrument known by name only (an Act the tables do not know, "loi du 4 mars 2002",
"föräldrabalken") keeps the words in `law_title`: the pipeline looks them up among the graph's
names (kg.ingest.extract.resolve). A reference with no instrument at all is kept only when
its form is unambiguous (a hyphenated French article number, a Swedish chapter and §), so
that "section 3" in a report is not a citation. Name tables are data:
kg/ingest/extract/instruments.yaml.

Everything is linear in the text: each pattern is one pass, overlaps are settled by one sort
and one sweep.
"""

from __future__ import annotations

import re

from kg.ingest.extract import patterns as p
from kg.ingest.extract.instrument_mentions import (
    Instrument,
    dereference,
    instrument_mentions,
    jurisdiction_of,
    names_table,
    unknown_instrument,
)
from kg.ingest.extract.references import (
    Reference,
    after_pinpoint,
    compact,
    find_references,
    provision_path,
    reference_numbers,
)
from kg.ingest.model import Citation


def find_citations(
    text: str,
    language: str | None = None,
    context: str | None = None,
    date: str | None = None,
) -> list[Citation]:
    """Every legal citation in `text`, ordered by position; `resolved` is left to the
    pipeline. `context` is the instrument the text belongs to, when it is a statute;
    `date` (ISO) picks among acts that bore the same name over time. `language` is accepted
    for a uniform signature: French questions cite Swedish law, English reports EU law."""
    del language
    names = names_table()
    instruments = instrument_mentions(text, names, date)
    by_start = {m.start: m for m in instruments}
    references = find_references(text)
    context_jurisdiction = jurisdiction_of(context)
    citations: list[Citation] = []
    used: set[int] = set()
    claimed_until = -1
    last: Instrument | None = None
    events = sorted(
        [(r.start, 0, r) for r in references] + [(m.start, 1, m) for m in instruments],
        key=lambda e: (e[0], e[1]),
    )
    for _, _, item in events:
        if isinstance(item, Instrument):
            if item.start in used or item.start < claimed_until:
                continue
            resolved = dereference(item, last, context)
            if resolved is None or not item.standalone or item.anaphor:
                continue
            citations.append(_citation(text, item.start, item.end, resolved, None))
            last = resolved
            continue
        reference = item
        if reference.start < claimed_until:
            continue
        after = after_pinpoint(text, reference)
        joined = _joined_instrument(text, after, by_start)
        instrument: Instrument | None = None
        end = reference.end
        other = None if joined else unknown_instrument(text, after)
        if joined is not None:
            instrument = dereference(joined, last, context)
            used.add(joined.start)
            end = joined.end
        elif other is not None:
            instrument, end = other, other.end
        elif context and _refers_to_context(text, after, reference.kind, context):
            instrument = Instrument(0, 0, context_jurisdiction, context)
        elif not _may_stand_alone(text, reference):
            continue
        claimed_until = end
        citations.extend(_provision_citations(text, reference, instrument, end, context))
        if instrument is not None and instrument.instrument != context:
            last = instrument
    return sorted(citations, key=lambda c: (c.start, c.end))


def _joined_instrument(text: str, end: int, by_start: dict[int, Instrument]) -> Instrument | None:
    """The instrument mention that follows a provision through a connector, if any."""
    connector = p.CONNECTOR.match(text, end)
    if connector is None:
        return None
    return by_start.get(connector.end())


def _refers_to_context(text: str, after: int, kind: str, context: str) -> bool:
    """A bare reference inside a statute is to the statute, when its form fits the statute
    (articles in French codes, § in Swedish laws, sections and Parts in UK Acts)."""
    family = context.split("/")[0]
    if family == "fr":
        return kind == "article"
    if family == "se":
        return kind.startswith("se-")
    if family == "uk":
        return kind in ("section", "part", "schedule", "paragraph", "article")
    return False


_SENTENCE_START = re.compile(r"(?:^|[.!?)]\s+|\n\s*)$")
_CAPITAL_AFTER = re.compile(r"\s+[A-ZÅÄÖ][a-zåäö]")


def _may_stand_alone(text: str, reference: Reference) -> bool:
    """Without an instrument, only unambiguous forms are kept (see the module docstring)."""
    if reference.kind in ("se-par-in-kap", "se-kap-par"):
        return True
    if reference.kind == "article":
        return "-" in reference.match["list"]
    return False


def _is_glued_heading(text: str, reference: Reference) -> bool:
    """ "… Lag (2019:472). 9 § Ett omedelbart …": a § heading run into the text, not a
    reference (it starts a sentence and a capitalised sentence follows it)."""
    before = text[max(0, reference.start - 3) : reference.start]
    return bool(_SENTENCE_START.search(before) and _CAPITAL_AFTER.match(text, reference.end))


def _provision_citations(
    text: str,
    reference: Reference,
    joined: Instrument | None,
    end: int,
    context: str | None,
) -> list[Citation]:
    """One citation per provision of the reference (see the module docstring for spans)."""
    if (
        reference.kind == "se-par"
        and joined is not None
        and joined.instrument == context
        and _is_glued_heading(text, reference)
    ):
        return []
    jurisdiction = joined.jurisdiction if joined else _bare_jurisdiction(reference.kind)
    instrument = joined.instrument if joined else None
    title = joined.title if joined and not joined.instrument else None
    match = reference.match
    if reference.kind == "se-kap":
        path = f"kap/{compact(match['kap'])}"
        return [
            Citation(text[reference.start : end], reference.start, end, jurisdiction,
                     instrument, path, law_title=title)
        ]  # fmt: skip
    numbers = reference_numbers(text, reference)
    if len(numbers) == 1:
        path = provision_path(reference, numbers[0].value)
        start = reference.start
        return [
            Citation(text[start:end], start, end, jurisdiction, instrument, path, law_title=title)
        ]
    return [
        Citation(
            text[n.start : n.end], n.start, n.end, jurisdiction, instrument,
            provision_path(reference, n.value), law_title=title,
        )
        for n in numbers
    ]  # fmt: skip


def _bare_jurisdiction(kind: str) -> str | None:
    return "SE" if kind.startswith("se-") else "FR" if kind == "article" else None


def _citation(
    text: str, start: int, end: int, mention: Instrument, provision: str | None
) -> Citation:
    title = mention.title if not mention.instrument else None
    return Citation(
        text[start:end], start, end, mention.jurisdiction, mention.instrument, provision,
        law_title=title,
    )  # fmt: skip
