"""Mentions of legal instruments in text, for the citation grammar (kg.ingest.extract.citations).

Codes, laws, Acts, EU instruments and Council of Europe conventions, found by their names
(kg/ingest/extract/instruments.yaml) and by the forms their titles take ("… lagen
(1990:52)", "Lag (2025:410)", "… Act 2009 (asp 9)", "loi n° 2016-444", "Directive
2011/36/UE", "CETS No. 201"), and the anaphors that stand for one ("that Act", "this Act",
"the 2003 Act"). A mention carries the instrument's id when the tables give it, else its
words (`title`). Abbreviations and bare law words ("BrB", "föräldrabalken") are trusted only
right after a provision. Expensive patterns run only around cheap anchors
(kg.ingest.extract.windows), so that the cost grows with the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from kg.ingest.extract import patterns as p
from kg.ingest.extract import tables, windows


@dataclass(frozen=True)
class Instrument:
    """An instrument mention: where it is, what it is, and whether it may stand alone."""

    start: int
    end: int
    jurisdiction: str | None
    instrument: str | None
    title: str | None = None  # the words, when the tables give no id
    standalone: bool = True
    anaphor: str | None = None  # "that", "this", or a year ("2003") for "the 2003 Act"


# --- name tables ---------------------------------------------------------------------------


@cache
def names_table() -> dict[str, Any]:
    data = tables.instruments()
    return {
        "fr_codes": {normalise(k): v for k, v in data["fr"]["codes"].items()},
        "fr_abbreviations": data["fr"]["abbreviations"],
        "se_laws": {normalise(k): v for k, v in data["se"]["laws"].items()},
        "se_abbreviations": data["se"]["abbreviations"],
        "se_tails": data["se"]["title_tails"],
        "uk_acts": {normalise(k): tuple(v) for k, v in data["uk"]["acts"].items()},
        "coe": {normalise(n): path for path, ns in data["coe"]["conventions"].items() for n in ns},
        "raw": data,
    }


@cache
def _compiled() -> dict[str, re.Pattern[str]]:
    data = names_table()["raw"]
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


def normalise(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'")).strip().lower()


# --- instrument mentions ---------------------------------------------------------------------


def instrument_mentions(text: str, names: dict[str, Any], date: str | None) -> list[Instrument]:
    """All instrument mentions, overlaps settled for the earliest, then the longest."""
    found = sorted(_all_mentions(text, names, date), key=lambda m: (m.start, m.start - m.end))
    kept: list[Instrument] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _all_mentions(text: str, names: dict[str, Any], date: str | None) -> Iterator[Instrument]:
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


def _fr_mentions(text: str, names: dict[str, Any]) -> Iterator[Instrument]:
    compiled = _compiled()
    for m in windows.finditer(compiled["fr_code"], text, _CODE_WORD, 2, 90):
        yield Instrument(m.start(), m.end(), "FR", names["fr_codes"].get(normalise(m[0])))
    for m in windows.finditer(compiled["fr_abbr"], text, _ABBREVIATION_START, 2, 14):
        path = names["fr_abbreviations"][m[0]]
        yield Instrument(m.start(), m.end(), "FR", path, standalone=False)
    for m in windows.finditer(_FR_TEXT_RE, text, _TEXT_KIND_WORD, 2, 60):
        year = m["fullyear"] or _four_digit_year(m["year"])
        kind = p.FR_TEXT_KINDS[m["kind"].lower()]
        yield Instrument(m.start(), m.end(), "FR", f"fr/{kind}/{year}/{int(m['num'])}")
    for m in windows.finditer(_FR_DATED_RE, text, _TEXT_KIND_WORD, 2, 60):
        yield Instrument(m.start(), m.end(), "FR", None, title=m[0])


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


def _se_mentions(text: str, names: dict[str, Any], date: str | None) -> Iterator[Instrument]:
    compiled = _compiled()
    for m in windows.finditer(compiled["se_name"], text, _LAW_WORD, 60, 80):
        sfs = f"{m['y']}:{m['n']}" if m["y"] else _named_sfs(names, m["name"], date)
        end = _with_tail(text, m.end(), sfs, names)
        yield Instrument(m.start(), end, "SE", _sfs_path(sfs), title=m["name"])
    for m in windows.finditer(_SE_GENERIC_RE, text, _SFS_NUMBER, 80, 2):
        sfs = f"{m['y']}:{m['n']}"
        yield Instrument(m.start(), _with_tail(text, m.end(), sfs, names), "SE", _sfs_path(sfs))
    for m in windows.finditer(_SE_WORD_RE, text, _LAW_SUFFIX, 40, 8):
        yield Instrument(m.start(), m.end(), "SE", None, title=m[0], standalone=False)
    for m in windows.finditer(_SE_SFS_RE, text, _SFS_WORD, 2, 20):
        yield Instrument(m.start(), m.end(), "SE", _sfs_path(f"{m['y']}:{m['n']}"))
    for m in compiled["se_abbr"].finditer(text):
        path = _sfs_path(names["se_abbreviations"][m[0]])
        yield Instrument(m.start(), m.end(), "SE", path, standalone=False)


def _named_sfs(names: dict[str, Any], name: str, date: str | None) -> str | None:
    """The act a bare name meant on `date` (the latest when undated)."""
    acts = names["se_laws"].get(normalise(name)) or []
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


def _uk_mentions(text: str, names: dict[str, Any]) -> Iterator[Instrument]:
    compiled = _compiled()
    for m in windows.finditer(compiled["uk_known"], text, _ACT_WORD, 180, 20):
        path, jurisdiction = names["uk_acts"][normalise(m[0])]
        yield Instrument(m.start(), _uk_tail(text, m.end()), jurisdiction, path)
    for m in windows.finditer(_UK_GENERIC_RE, text, _ACT_YEAR, 220, 12):
        noise = p.UK_TITLE_LEADING_NOISE.match(m[0])
        start = m.start() + (noise.end() if noise else 0)
        title = text[start : m.end()]
        if not title[:1].isupper() or " " not in title:
            continue
        known = names["uk_acts"].get(normalise(title))
        path, jurisdiction = known if known else (None, _uk_extent(title))
        yield Instrument(start, _uk_tail(text, m.end()), jurisdiction, path, title=title)
    for m in windows.finditer(_UK_ANAPHOR_RE, text, _ACT_WORD, 12, 10):
        anaphor = "that" if m["that"] else "this" if m["this"] else m["year"]
        yield Instrument(m.start(), m.end(), None, None, title=m[0], anaphor=anaphor)


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


def _eu_mentions(text: str) -> Iterator[Instrument]:
    for m in windows.finditer(_EU_DIR_RE, text, _EU_NUMBER, 60, 20):
        yield Instrument(m.start(), m.end(), "EU", f"eu/dir/{m['year']}/{int(m['num'])}")
    for m in windows.finditer(_EU_REG_RE, text, _EU_NUMBER, 60, 20):
        year, num = (m["year"], m["num"]) if m["year"] else (m["oyear"], m["onum"])
        yield Instrument(m.start(), m.end(), "EU", f"eu/reg/{year}/{int(num)}")
    for m in windows.finditer(_EU_FD_RE, text, _EU_NUMBER, 80, 20):
        yield Instrument(m.start(), m.end(), "EU", f"eu/fd/{m['year']}/{int(m['num'])}")


_COE_NUMBER_RE = re.compile(p.COE_TREATY_NUMBER)


_CONVENTION_WORD = re.compile(r"onvention", re.IGNORECASE)


def _coe_mentions(text: str, names: dict[str, Any]) -> Iterator[Instrument]:
    for m in windows.finditer(_compiled()["coe"], text, _CONVENTION_WORD, 160, 160):
        yield Instrument(m.start(), m.end(), "CoE", names["coe"].get(normalise(m[0])))
    for m in _COE_NUMBER_RE.finditer(text):
        yield Instrument(m.start(), m.end(), "CoE", f"coe/cets/{int(m['num'])}")


def dereference(
    mention: Instrument, last: Instrument | None, context: str | None
) -> Instrument | None:
    """The instrument an anaphor stands for ("that Act", "the 2003 Act", "this Act")."""
    if mention.anaphor is None:
        return mention
    if mention.anaphor == "this":
        return replace(mention, instrument=context, jurisdiction=jurisdiction_of(context))
    if mention.anaphor == "that":
        return None if last is None else replace(last, start=mention.start, end=mention.end)
    if last is not None and mention.anaphor in (last.title or last.instrument or ""):
        return replace(last, start=mention.start, end=mention.end)
    return replace(mention, anaphor=None, title=mention.title)


def jurisdiction_of(instrument: str | None) -> str | None:
    if not instrument:
        return None
    head = instrument.split("/")[0]
    if head == "uk":
        kind = instrument.split("/")[1] if "/" in instrument else ""
        return {"asp": "UK-SCT", "ssi": "UK-SCT", "nia": "UK-NI", "nisi": "UK-NI"}.get(kind)
    return {"fr": "FR", "se": "SE", "eu": "EU", "coe": "CoE"}.get(head)


_UNKNOWN_TITLE = re.compile(
    r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’()-]*|of|the|and|for|on|in|to|against|des|de|du|la|et))"
    r"{0,12}(?<![\s,])"
)


def unknown_instrument(text: str, after: int) -> Instrument | None:
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
    return Instrument(start, start + len(words), None, None, title=words)
