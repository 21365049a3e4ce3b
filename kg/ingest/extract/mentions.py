"""Mentions the gazetteer cannot give, and dates tied to what they date.

- Instruments without a name the graph knows: "des circulaires … adressées aux parquets en
  2015 et 2016", "a circular of 2019". The graph has no node for them, so each is a mention
  of kind `instrument` with `iri` null and a `reason`; when the sentence dates it, there is one
  mention per date, its `value` the date ("2015", "2016"), so the two circulars stay two.
- A date that follows an instrument or a plan in the same sentence, through "en", "du",
  "of", "i", "från"…, or that is written inside its name ("loi du 4 mars 2002"), dates it:
  the date mention's `refers_to` gives the words, offsets, kind and IRI of what it dates.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.ingest.extract import windows
from kg.ingest.model import Mention

NO_NODE = "no node for this instrument in the graph"
_UNNAMED = re.compile(
    r"\b(?:circulaires?|dépêches?|instructions?\s+(?:générales?|ministérielles?)"
    r"|circulars?|cirkulär(?:et|en)?)\b",
    re.IGNORECASE,
)
_UNNAMED_ANCHOR = re.compile(r"[Cc]irc|[Dd]épêch|[Ii]nstruct")
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)|\n\s*\n")
_DATING = re.compile(
    r"(?:\ben|\bdu|\bde|\bdes|\bof|\bin|\bi|\bfrån|\bfrom|\bdated|\bdaté(?:e|es|s)?|\bsigned|"
    r"\bsignée?s?|\bet|\band|\boch)\s*$",
    re.IGNORECASE,
)
_WINDOW = 120
_DATABLE = ("instrument", "plan")


def unnamed_instruments(text: str, taken: list[Mention]) -> list[Mention]:
    """Mentions of instruments the text names only by their kind (circulars…)."""
    spans = sorted((m.start, m.end) for m in taken)
    found = []
    index = 0
    for match in windows.finditer(_UNNAMED, text, _UNNAMED_ANCHOR, 2, 40):
        while index < len(spans) and spans[index][1] <= match.start():
            index += 1
        if index < len(spans) and spans[index][0] < match.end():
            continue
        found.append(
            Mention(match[0], match.start(), match.end(), "instrument", None, reason=NO_NODE)
        )
    return found


def attach_dates(text: str, mentions: list[Mention], dates: list[Mention]) -> list[Mention]:
    """Dates tied to the instrument or plan they date; unnamed instruments split per date.

    Both lists are in text order; one pass over them (each date looks back at the latest
    datable mention of its sentence)."""
    datable = sorted((m for m in mentions if m.kind in _DATABLE), key=lambda m: m.start)
    dated: dict[int, list[str]] = {}
    out_dates = []
    j = 0
    latest: Mention | None = None
    for date in sorted(dates, key=lambda m: m.start):
        while j < len(datable) and datable[j].start < date.start:
            latest = datable[j]
            j += 1
        target = latest if latest is not None and _dates(text, latest, date) else None
        if target is None:
            out_dates.append(date)
            continue
        refers = {"text": target.text, "start": target.start, "end": target.end,
                  "kind": target.kind, "iri": target.iri}  # fmt: skip
        out_dates.append(replace(date, refers_to=refers))
        dated.setdefault(id(target), []).append(date.value or "")
    result: list[Mention] = []
    for mention in mentions:
        values = dated.get(id(mention))
        if mention.kind == "instrument" and mention.iri is None and values:
            result.extend(replace(mention, value=value) for value in values)
        else:
            result.append(mention)
    return result + out_dates


def _dates(text: str, mention: Mention, date: Mention) -> bool:
    """Whether `date` dates `mention`: inside it, or after it in the same sentence through a
    dating word, within a short distance."""
    if mention.start <= date.start and date.end <= mention.end:
        return True
    if date.start - mention.end > _WINDOW or date.start < mention.end:
        return False
    between = text[mention.end : date.start]
    if _SENTENCE_END.search(between):
        return False
    return _DATING.search(between) is not None
