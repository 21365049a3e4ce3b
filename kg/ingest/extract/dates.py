"""Dates written in French, Swedish or English, at the precision written.

- day: "14 avril 2026", "1er janvier 2002", "1 juli 2018", "21 April 2021", "April 21, 2021",
  "2026-04-14", "14/04/2026" → 2026-04-14;
- month: "janvier 2022", "juni 2019", "March 2024" → 2022-01;
- year: a year introduced as a time ("en 2015 et 2016", "under 2022", "in 2023", "since 2009",
  "depuis 2013", "2014 års", "de 2020") → 2015, 2016…; a span "2021-2023" → 2021/2023.

A year alone is a date only when the words around it say it is a time: "n° 2016-444",
"(1962:700)", "2 000 euros" or "the 2003 Act" are not. Month names are a small table: a date
parser library would also guess at relative phrases ("jeudi dernier") that a drafter cannot
check. `precision` says which of day, month or year the text gave.
"""

from __future__ import annotations

import bisect
import re
from datetime import date

from kg.ingest.extract import windows
from kg.ingest.model import Mention

MONTHS = {
    # fr
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    # sv
    "januari": 1, "februari": 2, "april": 4, "juni": 6, "juli": 7, "augusti": 8,
    "oktober": 10,
    # en
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# Every written date ends with a year: month-name patterns run only near one.
_YEAR_DIGITS = re.compile(r"(?:1[89]|20)\d\d")
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WORDY = re.compile(rf"(?<!\d)(\d{{1,2}})(?:er|st|nd|rd|th)?\s+({_MONTH})\s+(\d{{4}})(?!\d)", re.I)
_ENGLISH = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),\s+(\d{{4}})(?!\d)", re.I)
_ISO = re.compile(r"(?<![\d/-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_MONTH_YEAR = re.compile(rf"(?<!\d\s)(?<!er\s)\b({_MONTH})\s+({_YEAR})(?![\d:/-])", re.I)
_SPAN = re.compile(rf"(?<![\w/:.-])({_YEAR})\s?[-–]\s?({_YEAR})(?![\w/:-])")
# A year is a time after these words (or before "års"), or when coordinated with one.
_TIME_WORDS = (
    r"en|in|i|under|during|depuis|since|sedan|från|from|till|until|to|jusqu['’]en|avant|après|"
    r"before|after|année|l['’]année|year|the\s+year|début|fin|de|för|år|året|"
    r"between|entre|mellan|through|et|and|och|ou|or|eller|à"
)
_YEAR_CANDIDATE = re.compile(
    rf"(?<![\w:/.-])(?P<year>{_YEAR})(?![\w:/-]|[.,]\d)"
    r"(?!\s*(?:€|£|\$|%|euros?\b|francs?\b|F\b|FF\b|kr\b|kronor\b|SEK\b|pounds?\b))"
    r"(?P<genitive>\s+års\b)?"
)
_TIME_WORD_BEFORE = re.compile(rf"(?:^|(?<=\s))(?P<word>{_TIME_WORDS})\s+$", re.I)
_COORDINATION = ("et", "and", "och", "ou", "or", "eller", "to", "till", "à")


def find_dates(text: str) -> list[Mention]:
    """Every date in `text`, by position, at the precision written."""
    days: list[Mention] = []
    for match in windows.finditer(_WORDY, text, _YEAR_DIGITS, 30, 4):
        _day(days, match, int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    for match in windows.finditer(_ENGLISH, text, _YEAR_DIGITS, 30, 4):
        _day(days, match, int(match[3]), MONTHS[match[1].lower()], int(match[2]))
    for match in _ISO.finditer(text):
        _day(days, match, int(match[1]), int(match[2]), int(match[3]))
    for match in _SLASHED.finditer(text):
        _day(days, match, int(match[3]), int(match[2]), int(match[1]))
    found: list[Mention] = []
    for mention in sorted(days, key=lambda m: (m.start, -m.end)):
        if not found or mention.start >= found[-1].end:
            found.append(mention)
    occupied = [(m.start, m.end) for m in found]
    for match in windows.finditer(_MONTH_YEAR, text, _YEAR_DIGITS, 20, 4):
        if not _inside(occupied, match.start(), match.end()):
            value = f"{match[2]}-{MONTHS[match[1].lower()]:02d}"
            found.append(_mention(text, match.start(), match.end(), value, "month"))
    found.sort(key=lambda m: m.start)
    occupied = [(m.start, m.end) for m in found]
    for match in _SPAN.finditer(text):
        if int(match[1]) < int(match[2]) and not _inside(occupied, match.start(), match.end()):
            value = f"{match[1]}/{match[2]}"
            found.append(_mention(text, match.start(), match.end(), value, "year"))
    found.sort(key=lambda m: m.start)
    occupied = [(m.start, m.end) for m in found]
    for match in _YEAR_CANDIDATE.finditer(text):
        start, end = match.start("year"), match.end("year")
        if _inside(occupied, start, end):
            continue
        if match["genitive"]:  # "2014 års utredning"
            found.append(_mention(text, start, end, match["year"], "year"))
            continue
        before = _TIME_WORD_BEFORE.search(text, max(0, start - 24), start)
        if before is None:
            continue
        word = before["word"].lower()
        if word in _COORDINATION and not _after_year(text, before.start()):
            continue
        if word == "de" and _counts_something(text, before.start(), end):
            continue  # "plus de 2000 victimes" is a figure
        found.append(_mention(text, start, end, match["year"], "year"))
    found.sort(key=lambda m: m.start)
    return found


_QUANTITY_BEFORE = re.compile(r"(?:plus|moins|près|autour|environ|quelque|au-delà)\s+$", re.I)
_WORD_AFTER = re.compile(r"\s+([a-zàâçéèêëîïôûùœ]+)")
_JOINING = {"à", "au", "et", "ou", "jusqu", "puis"}


def _counts_something(text: str, start: int, end: int) -> bool:
    """After "de", a number is a count when a quantity word precedes it or a noun follows."""
    if _QUANTITY_BEFORE.search(text, max(0, start - 20), start):
        return True
    after = _WORD_AFTER.match(text, end)
    return after is not None and after[1] not in _JOINING


def _after_year(text: str, position: int) -> bool:
    """ "… 2015 et 2016": a coordinated year counts when a year comes just before."""
    return re.search(rf"{_YEAR}\s*$", text[max(0, position - 12) : position]) is not None


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, disjoint `spans` (binary search)."""
    i = bisect.bisect_right(spans, (start, float("inf")))
    if i and spans[i - 1][1] > start:
        return True
    return i < len(spans) and spans[i][0] < end


def _mention(text: str, start: int, end: int, value: str, precision: str) -> Mention:
    return Mention(text[start:end], start, end, "date", None, value, precision=precision)


def _day(found: list[Mention], match: re.Match[str], year: int, month: int, day: int) -> None:
    try:
        value = date(year, month, day).isoformat()
    except ValueError:
        return
    found.append(
        Mention(match[0], match.start(), match.end(), "date", None, value, precision="day")
    )
