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
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from kg.ingest.extract import patterns as p
from kg.ingest.extract import tables, windows
from kg.ingest.model import Citation


@dataclass(frozen=True)
class _Instrument:
    """An instrument mention: where it is, what it is, and whether it may stand alone."""

    start: int
    end: int
    jurisdiction: str | None
    instrument: str | None
    title: str | None = None  # the words, when the tables give no id
    standalone: bool = True
    anaphor: str | None = None  # "that", "this", or a year ("2003") for "the 2003 Act"


@dataclass(frozen=True)
class _Number:
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class _Reference:
    kind: str
    start: int
    end: int
    match: re.Match[str]


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
    names = _names()
    instruments = _instrument_mentions(text, names, date)
    by_start = {m.start: m for m in instruments}
    references = _references(text)
    context_jurisdiction = _jurisdiction_of(context)
    citations: list[Citation] = []
    used: set[int] = set()
    claimed_until = -1
    last: _Instrument | None = None
    events = sorted(
        [(r.start, 0, r) for r in references] + [(m.start, 1, m) for m in instruments],
        key=lambda e: (e[0], e[1]),
    )
    for _, _, item in events:
        if isinstance(item, _Instrument):
            if item.start in used or item.start < claimed_until:
                continue
            resolved = _dereference(item, last, context)
            if resolved is None or not item.standalone or item.anaphor:
                continue
            citations.append(_citation(text, item.start, item.end, resolved, None))
            last = resolved
            continue
        reference = item
        if reference.start < claimed_until:
            continue
        after = _after_pinpoint(text, reference)
        joined = _joined_instrument(text, after, by_start)
        instrument: _Instrument | None = None
        end = reference.end
        other = None if joined else _unknown_instrument(text, after)
        if joined is not None:
            instrument = _dereference(joined, last, context)
            used.add(joined.start)
            end = joined.end
        elif other is not None:
            instrument, end = other, other.end
        elif context and _refers_to_context(text, after, reference.kind, context):
            instrument = _Instrument(0, 0, context_jurisdiction, context)
        elif not _may_stand_alone(text, reference):
            continue
        claimed_until = end
        citations.extend(_provision_citations(text, reference, instrument, end, context))
        if instrument is not None and instrument.instrument != context:
            last = instrument
    return sorted(citations, key=lambda c: (c.start, c.end))


# --- name tables ---------------------------------------------------------------------------


@cache
def _names() -> dict[str, Any]:
    data = tables.instruments()
    return {
        "fr_codes": {_normalise(k): v for k, v in data["fr"]["codes"].items()},
        "fr_abbreviations": data["fr"]["abbreviations"],
        "se_laws": {_normalise(k): v for k, v in data["se"]["laws"].items()},
        "se_abbreviations": data["se"]["abbreviations"],
        "se_tails": data["se"]["title_tails"],
        "uk_acts": {_normalise(k): tuple(v) for k, v in data["uk"]["acts"].items()},
        "coe": {_normalise(n): path for path, ns in data["coe"]["conventions"].items() for n in ns},
        "raw": data,
    }


@cache
def _compiled() -> dict[str, re.Pattern[str]]:
    data = _names()["raw"]
    abbreviations = sorted(data["fr"]["abbreviations"], key=len, reverse=True)
    se_abbr = sorted(data["se"]["abbreviations"], key=len, reverse=True)
    coe = [n for names in data["coe"]["conventions"].values() for n in names]
    return {
        "fr_code": re.compile(rf"\b(?:{p.words_pattern(list(data['fr']['codes']))})\b", re.I),
        "fr_abbr": re.compile(
            rf"(?<![\w.])(?:{'|'.join(re.escape(a) for a in abbreviations)})(?!\w)"
        ),
        "se_name": re.compile(
            rf"\b(?P<name>{p.words_pattern(list(data['se']['laws']))})"
            r"(?:\s*\((?P<y>\d{4}):(?P<n>\d+)\))?",
            re.I,
        ),
        "se_abbr": re.compile(rf"\b(?:{'|'.join(map(re.escape, se_abbr))})\b"),
        "uk_known": re.compile(rf"\b(?:{p.words_pattern(list(data['uk']['acts']))})\b"),
        "coe": re.compile(rf"\b(?:{p.words_pattern(coe)})\b", re.I),
    }


def _normalise(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'")).strip().lower()


# --- instrument mentions ---------------------------------------------------------------------


def _instrument_mentions(text: str, names: dict[str, Any], date: str | None) -> list[_Instrument]:
    """All instrument mentions, overlaps settled for the earliest, then the longest."""
    found = sorted(_all_mentions(text, names, date), key=lambda m: (m.start, m.start - m.end))
    kept: list[_Instrument] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _all_mentions(text: str, names: dict[str, Any], date: str | None) -> Iterator[_Instrument]:
    yield from _fr_mentions(text, names)
    yield from _se_mentions(text, names, date)
    yield from _uk_mentions(text, names)
    yield from _eu_mentions(text)
    yield from _coe_mentions(text, names)


_FR_TEXT_RE = re.compile(
    r"\b(?P<kind>loi|ordonnance|décret)(?:\s+organique)?\s+n(?:°|º|o\.?)\s*"
    r"(?P<year>\d{2}|\d{4})-(?P<num>\d+)"
    rf"(?:\s+du\s+(?:\d{{1,2}}|1er)\s+(?:{p.MONTHS})\s+(?P<fullyear>\d{{4}}))?",
    re.IGNORECASE,
)
_FR_DATED_RE = re.compile(
    rf"\b(?P<kind>loi|ordonnance|décret)(?:\s+organique)?\s+du\s+(?:\d{{1,2}}|1er)\s+"
    rf"(?:{p.MONTHS})\s+\d{{4}}\b",
    re.IGNORECASE,
)


_CODE_WORD = re.compile(r"[Cc]ode")
_ABBREVIATION_START = re.compile(r"C[A-Z.]")
_TEXT_KIND_WORD = re.compile(r"[Ll]oi|[Oo]rdonnance|[Dd]écret")


def _fr_mentions(text: str, names: dict[str, Any]) -> Iterator[_Instrument]:
    compiled = _compiled()
    for m in windows.finditer(compiled["fr_code"], text, _CODE_WORD, 2, 90):
        yield _Instrument(m.start(), m.end(), "FR", names["fr_codes"].get(_normalise(m[0])))
    for m in windows.finditer(compiled["fr_abbr"], text, _ABBREVIATION_START, 2, 14):
        path = names["fr_abbreviations"][m[0]]
        yield _Instrument(m.start(), m.end(), "FR", path, standalone=False)
    for m in windows.finditer(_FR_TEXT_RE, text, _TEXT_KIND_WORD, 2, 60):
        year = m["fullyear"] or _four_digit_year(m["year"])
        kind = p.FR_TEXT_KINDS[m["kind"].lower()]
        yield _Instrument(m.start(), m.end(), "FR", f"fr/{kind}/{year}/{int(m['num'])}")
    for m in windows.finditer(_FR_DATED_RE, text, _TEXT_KIND_WORD, 2, 60):
        yield _Instrument(m.start(), m.end(), "FR", None, title=m[0])


def _four_digit_year(year: str) -> str:
    """Laws before 2000 are numbered "98-468": two digits stand for 19xx (or 20xx below 50)."""
    if len(year) == 4:
        return year
    return ("19" if int(year) >= 50 else "20") + year


_SE_GENERIC_RE = re.compile(
    r"\b(?P<name>[\wåäöÅÄÖ-]*(?i:lagen|lag|balken|balk|förordningen|förordning|kungörelsen|"
    r"kungörelse))\s*\((?P<y>\d{4}):(?P<n>\d+)\)",
)
_SFS_NUMBER = re.compile(r"\(\d{4}:\d+\)")
_SE_WORD_RE = re.compile(r"\b[a-zåäö][\wåäö-]{2,}(?:balken|lagen)\b")
_SE_SFS_RE = re.compile(r"\bSFS\s+(?P<y>\d{4}):(?P<n>\d+)\b")
_LAW_WORD = re.compile(r"lag|balk", re.IGNORECASE)
_LAW_SUFFIX = re.compile(r"balken|lagen")
_SFS_WORD = re.compile(r"SFS")


def _se_mentions(text: str, names: dict[str, Any], date: str | None) -> Iterator[_Instrument]:
    compiled = _compiled()
    for m in windows.finditer(compiled["se_name"], text, _LAW_WORD, 60, 80):
        sfs = f"{m['y']}:{m['n']}" if m["y"] else _named_sfs(names, m["name"], date)
        end = _with_tail(text, m.end(), sfs, names)
        yield _Instrument(m.start(), end, "SE", _sfs_path(sfs), title=m["name"])
    for m in windows.finditer(_SE_GENERIC_RE, text, _SFS_NUMBER, 80, 2):
        sfs = f"{m['y']}:{m['n']}"
        yield _Instrument(m.start(), _with_tail(text, m.end(), sfs, names), "SE", _sfs_path(sfs))
    for m in windows.finditer(_SE_WORD_RE, text, _LAW_SUFFIX, 40, 8):
        yield _Instrument(m.start(), m.end(), "SE", None, title=m[0], standalone=False)
    for m in windows.finditer(_SE_SFS_RE, text, _SFS_WORD, 2, 20):
        yield _Instrument(m.start(), m.end(), "SE", _sfs_path(f"{m['y']}:{m['n']}"))
    for m in compiled["se_abbr"].finditer(text):
        path = _sfs_path(names["se_abbreviations"][m[0]])
        yield _Instrument(m.start(), m.end(), "SE", path, standalone=False)


def _named_sfs(names: dict[str, Any], name: str, date: str | None) -> str | None:
    """The act a bare name meant on `date` (the latest when undated)."""
    acts = names["se_laws"].get(_normalise(name)) or []
    chosen = None
    for act in acts:
        since = str(act.get("since", ""))
        if not date or not since or since[: len(date)] <= date:
            chosen = act["sfs"]
    return chosen


def _with_tail(text: str, end: int, sfs: str | None, names: dict[str, Any]) -> int:
    """Extend a "lagen (1990:52)" mention over the rest of its known title, when present."""
    tail = names["se_tails"].get(sfs or "")
    if tail is None:
        return end
    m = re.compile(r"\s+" + p.words_pattern([tail]), re.IGNORECASE).match(text, end)
    return m.end() if m else end


def _sfs_path(sfs: str | None) -> str | None:
    if not sfs:
        return None
    year, number = sfs.split(":")
    return f"se/sfs/{year}/{number}"


_UK_GENERIC_RE = re.compile(p.UK_GENERIC_TITLE)
_UK_CHAPTER_TAIL = re.compile(r"\s*\((?:asp|c\.|anaw|nia|mwa|S\.I\.|SI)\s*[\d ./]+\)")
_UK_ANAPHOR_RE = re.compile(
    r"\b(?:(?P<that>that|the\s+said)\s+(?:Act|Order)|(?P<this>this)\s+(?:Act|Order)"
    r"|(?<=\bthe\s)(?P<year>(?:1[89]|20)\d\d)\s+(?:Act|Order))\b"
)


# Anchors start with a literal so that the scan skips ahead quickly; a false anchor only
# costs a window.
_ACT_WORD = re.compile(r"Act|Order|Measure")
_ACT_YEAR = re.compile(
    r"(?:Act|Order|Measure)(?:\s+\([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\))?\s+(?:1[89]|20)\d\d"
)


def _uk_mentions(text: str, names: dict[str, Any]) -> Iterator[_Instrument]:
    compiled = _compiled()
    for m in windows.finditer(compiled["uk_known"], text, _ACT_WORD, 180, 20):
        path, jurisdiction = names["uk_acts"][_normalise(m[0])]
        yield _Instrument(m.start(), _uk_tail(text, m.end()), jurisdiction, path)
    for m in windows.finditer(_UK_GENERIC_RE, text, _ACT_YEAR, 220, 12):
        noise = p.UK_TITLE_LEADING_NOISE.match(m[0])
        start = m.start() + (noise.end() if noise else 0)
        title = text[start : m.end()]
        if not title[:1].isupper() or " " not in title:
            continue
        known = names["uk_acts"].get(_normalise(title))
        path, jurisdiction = known if known else (None, _uk_extent(title))
        yield _Instrument(start, _uk_tail(text, m.end()), jurisdiction, path, title=title)
    for m in windows.finditer(_UK_ANAPHOR_RE, text, _ACT_WORD, 12, 10):
        anaphor = "that" if m["that"] else "this" if m["this"] else m["year"]
        yield _Instrument(m.start(), m.end(), None, None, title=m[0], anaphor=anaphor)


def _uk_tail(text: str, end: int) -> int:
    """Take in the chapter reference that follows a short title: "… Act 2009 (asp 9)"."""
    m = _UK_CHAPTER_TAIL.match(text, end)
    return m.end() if m else end


def _uk_extent(title: str) -> str | None:
    """An unknown act's jurisdiction, when its title says it (otherwise we do not guess)."""
    if "(Scotland)" in title:
        return "UK-SCT"
    if "(Northern Ireland)" in title:
        return "UK-NI"
    return None


_EU_DIR_RE = re.compile(p.EU_DIRECTIVE)
_EU_NUMBER = re.compile(r"/\d")  # "2011/36", "604/2013": every EU number has a slash
_EU_REG_RE = re.compile(p.EU_REGULATION)
_EU_FD_RE = re.compile(p.EU_FRAMEWORK_DECISION)


def _eu_mentions(text: str) -> Iterator[_Instrument]:
    for m in windows.finditer(_EU_DIR_RE, text, _EU_NUMBER, 60, 20):
        yield _Instrument(m.start(), m.end(), "EU", f"eu/dir/{m['year']}/{int(m['num'])}")
    for m in windows.finditer(_EU_REG_RE, text, _EU_NUMBER, 60, 20):
        year, num = (m["year"], m["num"]) if m["year"] else (m["oyear"], m["onum"])
        yield _Instrument(m.start(), m.end(), "EU", f"eu/reg/{year}/{int(num)}")
    for m in windows.finditer(_EU_FD_RE, text, _EU_NUMBER, 80, 20):
        yield _Instrument(m.start(), m.end(), "EU", f"eu/fd/{m['year']}/{int(m['num'])}")


_COE_NUMBER_RE = re.compile(p.COE_TREATY_NUMBER)


_CONVENTION_WORD = re.compile(r"onvention", re.IGNORECASE)


def _coe_mentions(text: str, names: dict[str, Any]) -> Iterator[_Instrument]:
    for m in windows.finditer(_compiled()["coe"], text, _CONVENTION_WORD, 160, 160):
        yield _Instrument(m.start(), m.end(), "CoE", names["coe"].get(_normalise(m[0])))
    for m in _COE_NUMBER_RE.finditer(text):
        yield _Instrument(m.start(), m.end(), "CoE", f"coe/cets/{int(m['num'])}")


def _dereference(
    mention: _Instrument, last: _Instrument | None, context: str | None
) -> _Instrument | None:
    """The instrument an anaphor stands for ("that Act", "the 2003 Act", "this Act")."""
    if mention.anaphor is None:
        return mention
    if mention.anaphor == "this":
        return replace(mention, instrument=context, jurisdiction=_jurisdiction_of(context))
    if mention.anaphor == "that":
        return None if last is None else replace(last, start=mention.start, end=mention.end)
    if last is not None and mention.anaphor in (last.title or last.instrument or ""):
        return replace(last, start=mention.start, end=mention.end)
    return replace(mention, anaphor=None, title=mention.title)


def _jurisdiction_of(instrument: str | None) -> str | None:
    if not instrument:
        return None
    head = instrument.split("/")[0]
    if head == "uk":
        kind = instrument.split("/")[1] if "/" in instrument else ""
        return {"asp": "UK-SCT", "ssi": "UK-SCT", "nia": "UK-NI", "nisi": "UK-NI"}.get(kind)
    return {"fr": "FR", "se": "SE", "eu": "EU", "coe": "CoE"}.get(head)


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


def _references(text: str) -> list[_Reference]:
    """Every provision reference, overlaps settled for the earliest, longest, then the
    pattern listed first."""
    found = [
        _Reference(kind, m.start(), m.end(), m)
        for kind, regex in _PROVISION_RES
        for m in (
            windows.finditer(regex, text, _SE_MARK, 160, 160)
            if kind.startswith("se-")
            else regex.finditer(text)
        )
        if kind not in _NEEDS_START or _LABEL_BEFORE.search(text, max(0, m.start() - 8), m.start())
    ]
    found.sort(key=lambda r: (r.start, r.start - r.end, _PRIORITY[r.kind]))
    kept: list[_Reference] = []
    for reference in found:
        if kept and reference.start < kept[-1].end:
            continue
        kept.append(reference)
    return kept


_FR_PINPOINT = re.compile(r"\s*,?\s*(?:alinéa|al\.)\s+\d+|\s*,\s*\d+°")
_EN_CONTEXT = re.compile(r"\s*(?:above|below|of\s+this\s+(?:Act|Order|Part|Schedule))\b")


def _after_pinpoint(text: str, reference: _Reference) -> int:
    """Where the instrument may start: past ", alinéa 2" after a French article."""
    if reference.kind == "article":
        m = _FR_PINPOINT.match(text, reference.end)
        if m:
            return m.end()
    return reference.end


def _joined_instrument(text: str, end: int, by_start: dict[int, _Instrument]) -> _Instrument | None:
    """The instrument mention that follows a provision through a connector, if any."""
    connector = p.CONNECTOR.match(text, end)
    if connector is None:
        return None
    return by_start.get(connector.end())


_UNKNOWN_TITLE = re.compile(
    r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’()-]*|of|the|and|for|on|in|to|against|des|de|du|la|et))"
    r"{0,12}(?<![\s,])"
)


def _unknown_instrument(text: str, after: int) -> _Instrument | None:
    """ "Article 4 of the Human Rights Convention": a capitalised name after "of the" /
    "de la" is an instrument, even when no table knows it (kept by its words)."""
    connector = p.NAMING_CONNECTOR.match(text, after)
    if connector is None:
        return None
    title = _UNKNOWN_TITLE.match(text, connector.end())
    if title is None:
        return None
    words = title[0]
    while words.split()[-1] in ("of", "the", "and", "for", "on", "in", "to", "against", "des",
                                "de", "du", "la", "et"):  # fmt: skip
        words = words.rsplit(None, 1)[0]
    start = connector.end()
    return _Instrument(start, start + len(words), None, None, title=words)


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


def _may_stand_alone(text: str, reference: _Reference) -> bool:
    """Without an instrument, only unambiguous forms are kept (see the module docstring)."""
    if reference.kind in ("se-par-in-kap", "se-kap-par"):
        return True
    if reference.kind == "article":
        return "-" in reference.match["list"]
    return False


def _is_glued_heading(text: str, reference: _Reference) -> bool:
    """ "… Lag (2019:472). 9 § Ett omedelbart …": a § heading run into the text, not a
    reference (it starts a sentence and a capitalised sentence follows it)."""
    before = text[max(0, reference.start - 3) : reference.start]
    return bool(_SENTENCE_START.search(before) and _CAPITAL_AFTER.match(text, reference.end))


def _provision_citations(
    text: str,
    reference: _Reference,
    joined: _Instrument | None,
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
        path = f"kap/{_compact(match['kap'])}"
        return [
            Citation(text[reference.start : end], reference.start, end, jurisdiction,
                     instrument, path, law_title=title)
        ]  # fmt: skip
    numbers = _numbers(text, reference)
    if len(numbers) == 1:
        path = _provision_path(reference, numbers[0].value)
        start = reference.start
        return [
            Citation(text[start:end], start, end, jurisdiction, instrument, path, law_title=title)
        ]
    return [
        Citation(
            text[n.start : n.end], n.start, n.end, jurisdiction, instrument,
            _provision_path(reference, n.value), law_title=title,
        )
        for n in numbers
    ]  # fmt: skip


def _bare_jurisdiction(kind: str) -> str | None:
    return "SE" if kind.startswith("se-") else "FR" if kind == "article" else None


_SE_SEPARATOR_RE = re.compile(
    r"\s*,\s*|\s*[–-]\s*(?=\d)|\s+(?:och|eller|samt)\s+|\s+(?P<range>till)\s+"
)
_SE_GROUP_RE = re.compile(rf"(?P<list>{p.SE_PAR_LIST})\s*§§?(?:\s+{p.SE_STYCKE})?(?:\s+\d+\s*p\.)?")
# French article numbers contain hyphens, so only words make ranges and lists there.
_FR_EN_SEPARATOR_RE = re.compile(r"\s*,\s*|\s+(?:et|ou|and|or)\s+|\s+(?P<range>à|to)\s+")
_PINPOINT_RE = re.compile(r"\s*\(\s*\d+°\s*\)|\s*\((?:\w{1,4})\)(?:\(\w{1,4}\))*")


def _numbers(text: str, reference: _Reference) -> list[_Number]:
    """The provision numbers of a reference, ranges expanded where safe."""
    match = reference.match
    if reference.kind in ("se-kap-par", "se-par", "se-par-in-kap"):
        chain, offset = match["list"], match.start("list")
        items: list[_Number] = []
        for group in _SE_GROUP_RE.finditer(chain):
            items.extend(
                _split(text, group["list"], offset + group.start("list"), _SE_SEPARATOR_RE)
            )
        return items
    return _split(text, match["list"], match.start("list"), _FR_EN_SEPARATOR_RE)


def _split(text: str, listing: str, start: int, separator: re.Pattern[str]) -> list[_Number]:
    items: list[_Number] = []
    pending_range = False
    position = 0
    for sep in [*separator.finditer(listing), None]:
        token_end = sep.start() if sep else len(listing)
        token = listing[position:token_end]
        pinpoint = _PINPOINT_RE.search(token)
        value = token[: pinpoint.start()] if pinpoint else token
        if value.strip():
            number = _Number(value.strip(), start + position, start + token_end)
            if pending_range and items:
                items.extend(_expand(text, items[-1], number))
            items.append(number)
        pending_range = sep is not None and (
            sep.group("range") is not None or sep.group(0).strip() in ("–", "-")
        )
        position = sep.end() if sep else position
    return items


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


def _provision_path(reference: _Reference, number: str) -> str:
    """The path below the instrument: article/225-12-1, section/47, kap/6/par/9, par/3…"""
    kind, match = reference.kind, reference.match
    if kind.startswith("se-"):
        par = _compact(number)
        if kind == "se-par":
            return f"par/{par}"
        return f"kap/{_compact(match['kap'])}/par/{par}"
    if kind == "section":
        return "section/" + number.split("(")[0]
    if kind == "part":
        return f"part/{number}"
    if kind == "schedule":
        return f"schedule/{number}"
    if kind == "paragraph":
        return f"schedule/{match['sch']}/paragraph/{number.split('(')[0]}"
    return f"article/{_article_number(number)}"


def _compact(number: str) -> str:
    """ "6 kap." → "6", "1 a" → "1a"."""
    return re.sub(r"\s+|kap\.", "", number)


def _article_number(number: str) -> str:
    """ "L. 226-3" → "L226-3", "1er" → "1", "10 bis" → "10-bis", "*225-5" → "225-5"."""
    number = number.replace("*", "").strip()
    if number in ("1er", "premier"):
        return "1"
    number = re.sub(r"^(LO|L|R|D|A)\.?\s?", r"\1", number)
    return re.sub(r"\s+", "-", number)


def _citation(
    text: str, start: int, end: int, mention: _Instrument, provision: str | None
) -> Citation:
    title = mention.title if not mention.instrument else None
    return Citation(
        text[start:end], start, end, mention.jurisdiction, mention.instrument, provision,
        law_title=title,
    )  # fmt: skip
