"""Legal citations in French, Swedish and English text → `Citation` items.

Two passes, as a drafter reads: first every mention of an instrument ("code pénal",
"brottsbalken (1962:700)", "Sexual Offences Act 2003", "Directive 2011/36/UE", "Convention de
Lanzarote"), then every provision reference ("article 225-12-1", "6 kap. 9 §", "section 47") and
whether an instrument mention follows it directly ("… du code pénal", "… of the Act"). A
provision takes the instrument it is joined to; instrument mentions left over become citations
of the whole instrument.

Several provisions in one reference ("articles 225-5, 225-6 et 225-7 du code pénal",
"articles 225-5 à 225-7", "6 kap. 9 och 10 §§ brottsbalken") give one citation per provision,
so each resolves to its own node. A single provision's citation spans the whole reference; in a
list, each citation spans its own number as written, and a provision only implied by a range
("225-6" in "225-5 à 225-7") spans the range. Ranges are expanded only when both ends differ in
their last number alone (at most 50 provisions); otherwise only the two ends are cited.

`language` is accepted for a uniform signature: citations are looked for in every language,
because French questions cite Swedish law and English reports cite EU directives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.ingest.extract import patterns as p
from kg.ingest.model import Citation


@dataclass(frozen=True)
class _Instrument:
    """An instrument mention: where it is, what it is, and whether it may stand alone."""

    start: int
    end: int
    jurisdiction: str | None
    instrument: str | None
    standalone: bool = True


@dataclass(frozen=True)
class _Number:
    """One provision number in a reference, with the span that will carry its citation."""

    value: str
    start: int
    end: int


def find_citations(text: str, language: str | None = None) -> list[Citation]:
    """Every legal citation in `text`, ordered by position; `resolved` is left to the pipeline."""
    del language  # see the module docstring
    instruments = _instrument_mentions(text)
    by_start = {m.start: m for m in instruments}
    used: set[int] = set()
    claimed: list[tuple[int, int]] = []
    citations: list[Citation] = []
    for kind, match in _provision_matches(text):
        if _overlaps(match.start(), match.end(), claimed):
            continue
        joined = _joined_instrument(text, match.end(), by_start)
        if joined is None and not _may_stand_alone(kind, match):
            continue
        end = joined.end if joined else match.end()
        if joined:
            used.add(joined.start)
        claimed.append((match.start(), end))
        citations.extend(_provision_citations(text, kind, match, joined, end))
    for mention in instruments:
        if mention.start in used or not mention.standalone:
            continue
        if _overlaps(mention.start, mention.end, claimed):
            continue
        citations.append(_citation(text, mention.start, mention.end, mention, None))
    return sorted(citations, key=lambda c: (c.start, c.end))


# --- instrument mentions ---------------------------------------------------------------------


def _instrument_mentions(text: str) -> list[_Instrument]:
    """All instrument mentions, overlaps resolved in favour of the earliest, then the longest."""
    found = sorted(_all_mentions(text), key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_Instrument] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _all_mentions(text: str) -> Iterator[_Instrument]:
    yield from _fr_mentions(text)
    yield from _se_mentions(text)
    yield from _uk_mentions(text)
    yield from _eu_mentions(text)
    yield from _coe_mentions(text)


_FR_CODE_RE = re.compile(rf"\b(?:{p.words_pattern(list(p.FR_CODES))})\b", re.IGNORECASE)
_FR_ABBR_RE = re.compile(
    rf"(?<![\w.])(?:{'|'.join(re.escape(a) for a in sorted(p.FR_CODE_ABBREVIATIONS, key=len, reverse=True))})(?![\w])"
)
_FR_TEXT_RE = re.compile(
    r"\b(?P<kind>loi|ordonnance|décret)(?:\s+organique)?\s+n(?:°|º|o\.?)\s*"
    r"(?P<year>\d{2}|\d{4})-(?P<num>\d+)"
    rf"(?:\s+du\s+(?:\d{{1,2}}|1er)\s+(?:{p.MONTHS})\s+(?P<fullyear>\d{{4}}))?",
    re.IGNORECASE,
)


def _fr_mentions(text: str) -> Iterator[_Instrument]:
    for m in _FR_CODE_RE.finditer(text):
        key = _normalise(m.group(0))
        yield _Instrument(m.start(), m.end(), "FR", _lookup(p.FR_CODES, key))
    for m in _FR_ABBR_RE.finditer(text):
        path = p.FR_CODE_ABBREVIATIONS[m.group(0)]
        yield _Instrument(m.start(), m.end(), "FR", path, standalone=False)
    for m in _FR_TEXT_RE.finditer(text):
        year = m.group("fullyear") or _four_digit_year(m.group("year"))
        kind = p.FR_TEXT_KINDS[m.group("kind").lower()]
        yield _Instrument(m.start(), m.end(), "FR", f"fr/{kind}/{year}/{int(m.group('num'))}")


def _four_digit_year(year: str) -> str:
    """Laws before 2000 are numbered "98-468": two digits stand for 19xx (or 20xx below 50)."""
    if len(year) == 4:
        return year
    return ("19" if int(year) >= 50 else "20") + year


_SE_NAME_RE = re.compile(
    rf"\b(?P<name>{p.words_pattern(list(p.SE_LAWS))})(?:\s*\((?P<y>\d{{4}}):(?P<n>\d+)\))?",
    re.IGNORECASE,
)
_SE_GENERIC_RE = re.compile(
    r"\b(?P<name>[\wåäöÅÄÖ-]*(?:lagen|lag|balken|balk|förordningen|förordning|kungörelsen))"
    r"\s*\((?P<y>\d{4}):(?P<n>\d+)\)",
)
_SE_SFS_RE = re.compile(r"\bSFS\s+(?P<y>\d{4}):(?P<n>\d+)\b")
_SE_ABBR_RE = re.compile(rf"\b(?:{'|'.join(p.SE_ABBREVIATIONS)})\b")


def _se_mentions(text: str) -> Iterator[_Instrument]:
    for m in _SE_NAME_RE.finditer(text):
        sfs = f"{m.group('y')}:{m.group('n')}" if m.group("y") else None
        sfs = sfs or _lookup(p.SE_LAWS, _normalise(m.group("name")))
        yield _Instrument(m.start(), _with_tail(text, m.end(), sfs), "SE", _sfs_path(sfs))
    for m in _SE_GENERIC_RE.finditer(text):
        sfs = f"{m.group('y')}:{m.group('n')}"
        yield _Instrument(m.start(), _with_tail(text, m.end(), sfs), "SE", _sfs_path(sfs))
    for m in _SE_SFS_RE.finditer(text):
        yield _Instrument(m.start(), m.end(), "SE", _sfs_path(f"{m.group('y')}:{m.group('n')}"))
    for m in _SE_ABBR_RE.finditer(text):
        path = _sfs_path(p.SE_ABBREVIATIONS[m.group(0)])
        yield _Instrument(m.start(), m.end(), "SE", path, standalone=False)


def _with_tail(text: str, end: int, sfs: str | None) -> int:
    """Extend a "lagen (1990:52)" mention over the rest of its known title, when present."""
    tail = p.SE_TITLE_TAILS.get(sfs or "")
    if tail is None:
        return end
    m = re.compile(r"\s+" + p.words_pattern([tail]), re.IGNORECASE).match(text, end)
    return m.end() if m else end


def _sfs_path(sfs: str | None) -> str | None:
    if not sfs:
        return None
    year, number = sfs.split(":")
    return f"se/sfs/{year}/{number}"


_UK_KNOWN_RE = re.compile(rf"\b(?:{p.words_pattern(list(p.UK_ACTS))})\b")
_UK_GENERIC_RE = re.compile(p.UK_GENERIC_TITLE)


def _uk_mentions(text: str) -> Iterator[_Instrument]:
    for m in _UK_KNOWN_RE.finditer(text):
        path, jurisdiction = p.UK_ACTS[_lookup_key(p.UK_ACTS, m.group(0))]
        yield _Instrument(m.start(), m.end(), jurisdiction, path)
    for m in _UK_GENERIC_RE.finditer(text):
        noise = p.UK_TITLE_LEADING_NOISE.match(m.group(0))
        start = m.start() + (noise.end() if noise else 0)
        title = text[start : m.end()]
        if not title[:1].isupper() or " " not in title:
            continue
        yield _Instrument(start, m.end(), _uk_extent(title), None)


def _uk_extent(title: str) -> str | None:
    """An unknown act's jurisdiction, when its title says it (otherwise we do not guess)."""
    if "(Scotland)" in title:
        return "UK-SCT"
    if "(Northern Ireland)" in title:
        return "UK-NI"
    return None


_EU_DIR_RE = re.compile(p.EU_DIRECTIVE)
_EU_REG_RE = re.compile(p.EU_REGULATION)


def _eu_mentions(text: str) -> Iterator[_Instrument]:
    for m in _EU_DIR_RE.finditer(text):
        yield _Instrument(m.start(), m.end(), "EU", f"eu/dir/{m['year']}/{int(m['num'])}")
    for m in _EU_REG_RE.finditer(text):
        year, num = (m["year"], m["num"]) if m["year"] else (m["oyear"], m["onum"])
        yield _Instrument(m.start(), m.end(), "EU", f"eu/reg/{year}/{int(num)}")


_COE_NAMES = {name: path for path, names in p.COE_CONVENTIONS.items() for name in names}
_COE_RE = re.compile(rf"\b(?:{p.words_pattern(list(_COE_NAMES))})\b", re.IGNORECASE)
_COE_NUMBER_RE = re.compile(p.COE_TREATY_NUMBER)


def _coe_mentions(text: str) -> Iterator[_Instrument]:
    for m in _COE_RE.finditer(text):
        yield _Instrument(m.start(), m.end(), "CoE", _lookup(_COE_NAMES, _normalise(m.group(0))))
    for m in _COE_NUMBER_RE.finditer(text):
        yield _Instrument(m.start(), m.end(), "CoE", f"coe/cets/{int(m['num'])}")


def _normalise(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'")).strip().lower()


def _lookup(table: dict[str, str], key: str) -> str | None:
    """Case- and spacing-insensitive lookup in a name table."""
    for name, value in table.items():
        if _normalise(name) == key:
            return value
    return None


def _lookup_key(table: dict[str, tuple[str, str]], found: str) -> str:
    key = _normalise(found)
    return next(name for name in table if _normalise(name) == key)


# --- provision references --------------------------------------------------------------------

_PROVISION_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "9 § i 6 kap. brottsbalken"
    (
        "se-par-in-kap",
        re.compile(rf"\b(?P<list>{p.SE_PAR_LIST})\s*§§?\s+i\s+(?P<kap>{p.SE_CHAPTER})"),
    ),
    # "6 kap. 9 §", "4 kap. 1 a §", "6 kap. 9 och 10 §§"
    ("se-kap-par", re.compile(rf"\b(?P<kap>{p.SE_CHAPTER})\s*(?P<list>{p.SE_PAR_LIST})\s*§§?")),
    # "6 kap. brottsbalken"
    ("se-kap", re.compile(rf"\b(?P<kap>{p.SE_CHAPTER})")),
    # "3 § lagen (1990:52)…"
    ("se-par", re.compile(rf"(?<![\w.])(?P<list>{p.SE_PAR_LIST})\s*§§?")),
    # "article 225-12-1", "art. L. 226-3", "articles 225-5 à 225-7", "article 37"
    ("article", re.compile(rf"\b(?:[Aa]rticles?|[Aa]rts?\.)\s+(?P<list>{p.ARTICLE_LIST})")),
    # "section 47", "s. 47", "sections 47 to 50"
    ("section", re.compile(rf"(?<![\w.])(?:[Ss]ections?|ss?\.)\s+(?P<list>{p.SECTION_LIST})")),
)


def _provision_matches(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    for kind, regex in _PROVISION_RES:
        for match in regex.finditer(text):
            yield kind, match


def _joined_instrument(text: str, end: int, by_start: dict[int, _Instrument]) -> _Instrument | None:
    """The instrument mention that follows a provision through a connector, if any."""
    connector = p.CONNECTOR.match(text, end)
    if connector is None:
        return None
    return by_start.get(connector.end())


def _may_stand_alone(kind: str, match: re.Match[str]) -> bool:
    """Provisions without an instrument are kept only when their form is unambiguous."""
    if kind in ("se-par-in-kap", "se-kap-par"):
        return True
    return kind == "article" and "-" in match.group("list")


def _provision_citations(
    text: str, kind: str, match: re.Match[str], joined: _Instrument | None, end: int
) -> list[Citation]:
    """One citation per provision of the reference (see the module docstring for spans)."""
    jurisdiction = joined.jurisdiction if joined else _bare_jurisdiction(kind)
    instrument = joined.instrument if joined else None
    if kind == "se-kap":
        path = f"kap/{_compact(match.group('kap'))}"
        return [
            Citation(text[match.start() : end], match.start(), end, jurisdiction, instrument, path)
        ]
    numbers = _numbers(text, match, kind)
    if len(numbers) == 1:
        path = _provision_path(kind, match, numbers[0].value)
        start = match.start()
        return [Citation(text[start:end], start, end, jurisdiction, instrument, path)]
    return [
        Citation(
            text[n.start : n.end],
            n.start,
            n.end,
            jurisdiction,
            instrument,
            _provision_path(kind, match, n.value),
        )
        for n in numbers
    ]


def _bare_jurisdiction(kind: str) -> str | None:
    return "SE" if kind.startswith("se-") else "FR" if kind == "article" else None


_SEPARATOR_RE = re.compile(
    r"\s*,\s*|\s*[–-]\s*(?=\d)|\s+(?:et|ou|and|or|och|eller)\s+|\s+(?P<range>à|to|till)\s+"
)


def _numbers(text: str, match: re.Match[str], kind: str) -> list[_Number]:
    """The provision numbers of a reference's list, ranges expanded where safe."""
    start, listing = match.start("list"), match.group("list")
    separator = _SEPARATOR_RE if kind.startswith("se-") else _FR_EN_SEPARATOR_RE
    items: list[_Number] = []
    pending_range = False
    position = 0
    for sep in [*separator.finditer(listing), None]:
        token_end = sep.start() if sep else len(listing)
        token = listing[position:token_end]
        number = _Number(token, start + position, start + token_end)
        if pending_range and items:
            items.extend(_expand(text, items[-1], number))
        items.append(number)
        pending_range = sep is not None and (
            sep.group("range") is not None or sep.group(0).strip() in ("–", "-")
        )
        position = sep.end() if sep else position
    return items


# French article numbers contain hyphens, so only words make ranges and lists there.
_FR_EN_SEPARATOR_RE = re.compile(r"\s*,\s*|\s+(?:et|ou|and|or)\s+|\s+(?P<range>à|to)\s+")


def _expand(text: str, first: _Number, last: _Number) -> list[_Number]:
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
        _Number(f"{a.group(1)}{n}", first.start, first.start + len(span))
        for n in range(low + 1, high)
    ]


def _provision_path(kind: str, match: re.Match[str], number: str) -> str:
    """The path below the instrument: article/225-12-1, section/47, kap/6/par/9, par/3."""
    if kind.startswith("se-"):
        par = _compact(number)
        if kind == "se-par":
            return f"par/{par}"
        return f"kap/{_compact(match.group('kap'))}/par/{par}"
    if kind == "section":
        return "section/" + number.split("(")[0]
    return f"article/{_article_number(number)}"


def _compact(number: str) -> str:
    """ "6 kap." → "6", "1 a" → "1a"."""
    return re.sub(r"\s+|kap\.", "", number)


def _article_number(number: str) -> str:
    """ "L. 226-3" → "L226-3", "1er" → "1", "10 bis" → "10-bis", "*225-5" → "225-5"."""
    number = number.replace("*", "")
    if number in ("1er", "premier"):
        return "1"
    number = re.sub(r"^(LO|L|R|D|A)\.?\s?", r"\1", number)
    return re.sub(r"\s+", "-", number)


def _citation(
    text: str, start: int, end: int, mention: _Instrument, provision: str | None
) -> Citation:
    return Citation(
        text[start:end], start, end, mention.jurisdiction, mention.instrument, provision
    )


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)
