"""Dates written in French, Swedish or English ("14 avril 2026", "1er janvier 2002",
"1 juli 2018", "21 April 2021", "2026-04-14", "14/04/2026"), as date mentions with an
ISO value. Month names are a small table: a date parser library would also guess at
relative phrases ("jeudi dernier") that a drafter cannot check."""

from __future__ import annotations

import re
from datetime import date

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
_WORDY = re.compile(rf"(?<!\d)(\d{{1,2}})(?:er|st|nd|rd|th)?\s+({_MONTH})\s+(\d{{4}})(?!\d)", re.I)
_ENGLISH = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),\s+(\d{{4}})(?!\d)", re.I)
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_SLASHED = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")


def find_dates(text: str) -> list[Mention]:
    found: list[Mention] = []
    for match in _WORDY.finditer(text):
        _add(found, match, int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    for match in _ENGLISH.finditer(text):
        _add(found, match, int(match.group(3)), MONTHS[match.group(1).lower()], int(match.group(2)))
    for match in _ISO.finditer(text):
        _add(found, match, int(match.group(1)), int(match.group(2)), int(match.group(3)))
    for match in _SLASHED.finditer(text):
        _add(found, match, int(match.group(3)), int(match.group(2)), int(match.group(1)))
    found.sort(key=lambda m: m.start)
    return found


def _add(found: list[Mention], match: re.Match[str], year: int, month: int, day: int) -> None:
    try:
        value = date(year, month, day).isoformat()
    except ValueError:
        return
    if any(m.start < match.end() and match.start() < m.end for m in found):
        return
    found.append(Mention(match.group(0), match.start(), match.end(), "date", None, value))
