"""Provision references in text: "article 225-12-1", "articles 222-23 à 222-31, 225-7
(1°)", "6 kap. 9 och 10 §§", "9 § i 6 kap.", "section 52(1)(a)", "sections 1, 2 or 7 to 10",
"Part 1", "paragraph 24 of Schedule 22", with the numbers each holds and the path below the
instrument each number gives (article/225-12-1, kap/6/par/9, section/52, part/1,
schedule/22/paragraph/24). Which instrument a reference belongs to is decided in
kg.ingest.extract.citations.

Overlapping references are settled by one sort and one sweep; Swedish patterns run only
around "§" and "kap." (kg.ingest.extract.windows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.extract import patterns as p
from kg.ingest.extract import windows


@dataclass(frozen=True)
class Number:
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Reference:
    kind: str
    start: int
    end: int
    match: re.Match[str]


# --- provision references --------------------------------------------------------------------

_SE_GROUP = rf"{p.SE_PAR_LIST}\s*§§?(?:\s+{p.SE_STYCKE})?(?:\s+\d+\s*p\.)?"
_SE_CHAIN = (
    rf"{_SE_GROUP}(?:(?:\s*,\s*|\s+(?:och|eller|samt)\s+)(?!\d+\s?[a-z]?\s*kap\.){_SE_GROUP})*"
)
# An English reference starts after a non-word character, or after a list label run into it
# by the source ("—isections 1, 2", "iiiPart 1", "oriiPart 1": legalize-uk flattens (i), (ii)…
# and the "or" before them).
_LABEL_BEFORE = re.compile(r"(?:^|[^\w.])(?:(?:or|and)?[ivx]{1,4}|[a-h])?$")
_NEEDS_START = frozenset({"section", "part", "paragraph", "schedule"})
_SE_MARK = re.compile(r"§|kap\.")
_PROVISION_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "9 § i 6 kap. brottsbalken"
    ("se-par-in-kap", re.compile(rf"\b(?P<list>{_SE_GROUP})\s+i\s+(?P<kap>{p.SE_CHAPTER})")),
    # "6 kap. 9 §", "28 kap. 3 a och 6 §§, 7 § och 9 och 10 §§"
    ("se-kap-par", re.compile(rf"\b(?P<kap>{p.SE_CHAPTER})\s*(?P<list>{_SE_CHAIN})")),
    # "6 kap. brottsbalken"
    ("se-kap", re.compile(rf"\b(?P<kap>{p.SE_CHAPTER})(?!\s*\d)")),
    # "3 § lagen (1990:52)…", "22, 24, 31 a och 32 b §§"
    ("se-par", re.compile(rf"(?<![\w.§])(?P<list>{_SE_CHAIN})")),
    # "article 225-12-1", "art. L. 226-3", "articles 222-23 à 222-31, 225-7 (1°)", "Article 4"
    ("article", re.compile(rf"\b(?:[Aa]rticles?|[Aa]rts?\.)\s+(?P<list>{p.ARTICLE_LIST})")),
    # "paragraph 3 of Schedule 2"
    (
        "paragraph",
        re.compile(
            rf"[Pp]aragraphs?\s+(?P<list>{p.SECTION_LIST})\s+of\s+[Ss]chedule\s+(?P<sch>\d+[A-Z]?)"
        ),
    ),
    # "section 47", "s. 47", "sections 1, 2 or 7 to 10"
    ("section", re.compile(rf"(?:[Ss]ections?|ss?\.)\s+(?P<list>{p.SECTION_LIST})")),
    # "Part 1 of the … Act", "Schedule 2 to the … Act"
    ("part", re.compile(r"[Pp]arts?\s+(?P<list>\d+[A-Z]?)\b")),
    ("schedule", re.compile(r"[Ss]chedules?\s+(?P<list>\d+[A-Z]?)\b")),
)
_PRIORITY = {kind: n for n, (kind, _) in enumerate(_PROVISION_RES)}


def find_references(text: str) -> list[Reference]:
    """Every provision reference, overlaps settled for the earliest, longest, then the
    pattern listed first."""
    found = [
        Reference(kind, m.start(), m.end(), m)
        for kind, regex in _PROVISION_RES
        for m in (
            windows.finditer(regex, text, _SE_MARK, 160, 160)
            if kind.startswith("se-")
            else regex.finditer(text)
        )
        if kind not in _NEEDS_START or _LABEL_BEFORE.search(text, max(0, m.start() - 8), m.start())
    ]
    found.sort(key=lambda r: (r.start, r.start - r.end, _PRIORITY[r.kind]))
    kept: list[Reference] = []
    for reference in found:
        if kept and reference.start < kept[-1].end:
            continue
        kept.append(reference)
    return kept


_FR_PINPOINT = re.compile(r"\s*,?\s*(?:alinéa|al\.)\s+\d+|\s*,\s*\d+°")
_EN_CONTEXT = re.compile(r"\s*(?:above|below|of\s+this\s+(?:Act|Order|Part|Schedule))\b")


def after_pinpoint(text: str, reference: Reference) -> int:
    """Where the instrument may start: past ", alinéa 2" after a French article."""
    if reference.kind == "article":
        m = _FR_PINPOINT.match(text, reference.end)
        if m:
            return m.end()
    return reference.end


_SE_SEPARATOR_RE = re.compile(
    r"\s*,\s*|\s*[–-]\s*(?=\d)|\s+(?:och|eller|samt)\s+|\s+(?P<range>till)\s+"
)
_SE_GROUP_RE = re.compile(rf"(?P<list>{p.SE_PAR_LIST})\s*§§?(?:\s+{p.SE_STYCKE})?(?:\s+\d+\s*p\.)?")
# French article numbers contain hyphens, so only words make ranges and lists there.
_FR_EN_SEPARATOR_RE = re.compile(r"\s*,\s*|\s+(?:et|ou|and|or)\s+|\s+(?P<range>à|to)\s+")
_PINPOINT_RE = re.compile(r"\s*\(\s*\d+°\s*\)|\s*\((?:\w{1,4})\)(?:\(\w{1,4}\))*")


def reference_numbers(text: str, reference: Reference) -> list[Number]:
    """The provision numbers of a reference, ranges expanded where safe."""
    match = reference.match
    if reference.kind in ("se-kap-par", "se-par", "se-par-in-kap"):
        chain, offset = match["list"], match.start("list")
        items: list[Number] = []
        for group in _SE_GROUP_RE.finditer(chain):
            items.extend(
                _split(text, group["list"], offset + group.start("list"), _SE_SEPARATOR_RE)
            )
        return items
    return _split(text, match["list"], match.start("list"), _FR_EN_SEPARATOR_RE)


def _split(text: str, listing: str, start: int, separator: re.Pattern[str]) -> list[Number]:
    items: list[Number] = []
    pending_range = False
    position = 0
    for sep in [*separator.finditer(listing), None]:
        token_end = sep.start() if sep else len(listing)
        token = listing[position:token_end]
        pinpoint = _PINPOINT_RE.search(token)
        value = token[: pinpoint.start()] if pinpoint else token
        if value.strip():
            number = Number(value.strip(), start + position, start + token_end)
            if pending_range and items:
                items.extend(_expand(text, items[-1], number))
            items.append(number)
        pending_range = sep is not None and (
            sep.group("range") is not None or sep.group(0).strip() in ("–", "-")
        )
        position = sep.end() if sep else position
    return items


def _expand(text: str, first: Number, last: Number) -> list[Number]:
    """The provisions strictly between two range ends, each spanning the whole range."""
    a = re.fullmatch(r"(.*?)(\d+)", first.value)
    b = re.fullmatch(r"(.*?)(\d+)", last.value)
    if not a or not b or a.group(1) != b.group(1):
        return []
    low, high = int(a.group(2)), int(b.group(2))
    if not 0 < high - low <= 50:
        return []
    span = text[first.start : last.end]
    return [
        Number(f"{a.group(1)}{n}", first.start, first.start + len(span))
        for n in range(low + 1, high)
    ]


def provision_path(reference: Reference, number: str) -> str:
    """The path below the instrument: article/225-12-1, section/47, kap/6/par/9, par/3…"""
    kind, match = reference.kind, reference.match
    if kind.startswith("se-"):
        par = compact(number)
        if kind == "se-par":
            return f"par/{par}"
        return f"kap/{compact(match['kap'])}/par/{par}"
    if kind == "section":
        return "section/" + number.split("(")[0]
    if kind == "part":
        return f"part/{number}"
    if kind == "schedule":
        return f"schedule/{number}"
    if kind == "paragraph":
        return f"schedule/{match['sch']}/paragraph/{number.split('(')[0]}"
    return f"article/{_article_number(number)}"


def compact(number: str) -> str:
    """ "6 kap." → "6", "1 a" → "1a"."""
    return re.sub(r"\s+|kap\.", "", number)


def _article_number(number: str) -> str:
    """ "L. 226-3" → "L226-3", "1er" → "1", "10 bis" → "10-bis", "*225-5" → "225-5"."""
    number = number.replace("*", "").strip()
    if number in ("1er", "premier"):
        return "1"
    number = re.sub(r"^(LO|L|R|D|A)\.?\s?", r"\1", number)
    return re.sub(r"\s+", "-", number)
