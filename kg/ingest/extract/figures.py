"""Figures in prose → `Figure` items with what they count, a qualifier and who says so.

"plus de 11 000 mineurs victimes" is 11000 "mineurs", more-than; "jusqu'à 20 000 jeunes" is
20000 "jeunes", up-to; "environ"/"près de"/"omkring"/"around" give about; "moins de"/"färre
än"/"fewer than" give less-than.

A relative change ("une augmentation de plus de 100 %", "an increase of 30 %") takes the
qualifier `increase`, which wins over more-than/up-to/about: the model has one qualifier, and
that the number is a change matters more than its bound. The bound stays visible, because the
span runs from the change word through the number ("augmentation de plus de 100 %"). A decrease
("une baisse de 20 %") is an `increase` with a negative value.

A number is a figure only when it counts something (a noun or % follows) or a qualifier precedes
it. Years, dates, article and law numbers ("n° 14232", "2016-444", "225-12-1", "1962:700"),
page numbers, ordinals and anything inside a citation or a penalty are not figures. Numbers are
read from digits only: spelled-out numbers in prose ("deux fois plus") are too often not counts.

Noise is not counted: a number alone on its line or opening it before a capitalised title
("12 Interpretation", "1. Key results"), a list marker ("1. det är…"), an age or a
duration ("under 18 år", "entre 14 et 17 ans", "3 months", "13 heures 45"), a number whose
next word is on the next line (a table cell: "194 588\nBUFFALO"). A unit is a whole word
("£50 deposit" counts a deposit, not "posit"). A range shares its unit and multiplier
("entre 7 000 et 10 000 enfants", "från 16 till 20 miljoner kronor"); a number in
parentheses restating a figure ("81% (13,704)", "(24%; 1,105)") is a figure with the unit of
the one before it. Round amounts may be written in words ("fyra miljoner kronor", "deux
millions d'euros"), and approximate counts too ("une soixantaine de personnes": about 60).
A verb of change types a figure as a change ("öka med 5 miljoner", "increased by 10%").

`attributed_to` is the speaker the sentence names: the subject of a reporting verb before the
figure ("Les services de l'État eux-mêmes évoquent …" → "Les services de l'État"), or what
follows "selon", "d'après", "enligt", "according to".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kg.ingest.extract import numbers, windows
from kg.ingest.extract import patterns as p
from kg.ingest.extract.citations import find_citations
from kg.ingest.extract.penalties import find_penalties
from kg.ingest.model import Citation, Figure, Penalty

_NUMBER_RE = re.compile(rf"(?<![\w\-./:,§°])(?:{p.DIGITS})(?![\w\-/:§°]|[.,]\d)")
_MULTIPLIER_RE = re.compile(rf"\s+(?P<mult>{p.words_pattern(list(p.MULTIPLIERS))})\b", re.I)
_WORDS_WITH_MULTIPLIER_RE = re.compile(
    rf"\b(?P<word>{p.ALL_NUMBER_WORDS})\s+(?P<mult>{p.words_pattern(list(p.MULTIPLIERS))})\b",
    re.I,
)
# Plain-word anchors (no IGNORECASE, which slows the scan) for the rarer word forms.
_MULTIPLIER_WORD_RE = re.compile(r"[Mm]illi|[Mm]iljon|[Mm]iljard|[Bb]illion|[Tt]housand")
_APPROXIMATE_WORD_RE = re.compile(r"aine|tal")
_APPROXIMATE_RE = re.compile(
    rf"\b(?:une|ett|some)\s+(?P<word>{p.words_pattern(list(p.APPROXIMATE_COUNTS))})\b", re.I
)
_PERCENT_RE = re.compile(rf"\s*(?:{p.words_pattern(list(p.PERCENT_WORDS))})(?!\w)", re.I)
_GAP = r"[ \t\u00a0\u202f]+"  # the unit is on the same line as its number
_UNIT_RE = re.compile(
    rf"{_GAP}(?:(?:de|of){_GAP}|d{p.APOS})?(?P<unit>[^\W\d_][\w'’-]*)", re.IGNORECASE
)
_RANGE_RE = re.compile(
    rf"{_GAP}(?:et|and|och|à|to|till|-|–){_GAP}(?P<second>{p.DIGITS})(?![\w\-/:§°]|[.,]\d)"
    rf"(?P<mult>\s+(?:{p.words_pattern(list(p.MULTIPLIERS))})\b)?",
    re.IGNORECASE,
)
_TIME_UNITS = frozenset(p.TIME_UNITS)
_AGE_BEFORE = re.compile(
    r"(?:fyllt|fyller|fylla|aged|age\s+of|ages\s+of|âgée?s?\s+(?:de\s+)?|mineurs?\s+de)\s*$",
    re.IGNORECASE,
)
_LINE_START_BEFORE = re.compile(r"(?:^|\n)[ \t#>*-]*\(?$")
_LIST_MARKER_AFTER = re.compile(r"\.[ \t]+[a-zåäöàâçéèêëîïôûù]")
_HEADING_AFTER = re.compile(r"\.?[ \t]+[A-ZÅÄÖÉ][^\n.;:!?]{0,80}(?:\n|$)")
_MINUTES_BEFORE = re.compile(r"\b(?:heures?|h|timmar|tim)\s*$", re.IGNORECASE)
_PARENTHESISED = re.compile(r"(?:\(\s*|%\s*;\s*)$")
_OF_UNIT_RE = re.compile(r"[ \t]+(?:of|de|d['’]|av)[ \t]*(?P<unit>[^\W\d_][\w'’-]*)", re.I)
_QUALIFIER_NAMES = list(p.QUALIFIERS)
# One pattern for the four qualifiers (the leftmost wins, then the one listed first).
_QUALIFIER_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        rf"(?P<q{n}>{p.words_pattern(words)})" for n, words in enumerate(p.QUALIFIERS.values())
    )
    + r")\s*$",
    re.IGNORECASE,
)
_CHANGE_RE = re.compile(
    rf"(?<!\w)(?P<word>{p.words_pattern(list(p.INCREASE_WORDS + p.DECREASE_WORDS))})"
    rf"\s+(?:de|d{p.APOS}|of|by|med|på)\s+(?:[\w'’]+\s+){{0,3}}$",
    re.IGNORECASE,
)
_CURRENCY_BEFORE_RE = re.compile(r"[£€$]\s?$")
_CURRENCY_AFTER_RE = re.compile(r"[ \t\u00a0]?[€£]")
_DATE_RE = re.compile(
    rf"^\s*(?:er\s+)?(?:{p.MONTHS})\b|(?:{p.MONTHS})\s*$|\d{{1,2}}(?:er)?\s+(?:{p.MONTHS})\s+$",
    re.IGNORECASE,
)
_REFERENCE_RE = re.compile(
    rf"(?<!\w)(?:{p.words_pattern(list(p.REFERENCE_WORDS))})\s*(?:\*\*)?\s*:?\s*(?:\*\*)?\s*$",
    re.IGNORECASE,
)
# Before a year-like number these make it a year, even when a word follows ("under 2024 …").
_YEAR_BEFORE_RE = re.compile(
    r"(?<!\w)(?:en|in|i|under|during|depuis|since|sedan|från|from|till|until|jusqu['’]en|"
    r"avant|après|before|after|år|année|year|fin|début|end|of)\s+$",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.!?;]\s+|\n\s*\n")


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int  # end of the number (and multiplier)
    value: float
    approximate: bool = False  # "une soixantaine": about 60


def find_figures(
    text: str,
    language: str | None = None,
    citations: list[Citation] | None = None,
    penalties: list[Penalty] | None = None,
) -> list[Figure]:
    """Every figure in `text` with its unit, qualifier and attribution, by position.
    Numbers inside `citations` and `penalties` (found again when not given) are not
    figures."""
    if citations is None:
        citations = find_citations(text, language)
    if penalties is None:
        penalties = find_penalties(text, language)
    excluded = _Spans([(c.start, c.end) for c in citations] + [(q.start, q.end) for q in penalties])
    figures: list[Figure] = []
    previous_unit: tuple[int, str | None, str | None] = (-1, None, None)
    for candidate in _candidates(text, language):
        if excluded.overlaps(candidate.start, candidate.end):
            continue
        figure = _figure(text, candidate, previous_unit, language)
        if figure is not None:
            figures.append(figure)
            counted = figure.unit if figure.unit != "%" else previous_unit[2]
            previous_unit = (figure.end, figure.unit, counted)
    return figures


class _Spans:
    """Sorted, merged spans with an overlap test by binary search."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [m[0] for m in merged]
        self._ends = [m[1] for m in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and self._ends[i] > start:
            return True
        return i + 1 < len(self._starts) and self._starts[i + 1] < end


def _candidates(text: str, language: str | None) -> list[_Candidate]:
    """Numbers with their multiplier ("1,5 million", "fyra miljoner"), not yet judged."""
    found = []
    for m in _NUMBER_RE.finditer(text):
        value = numbers.parse_digits(m.group(0), language)
        if value is None:
            continue
        end = m.end()
        mult = _MULTIPLIER_RE.match(text, end)
        if mult:
            value *= p.MULTIPLIERS[mult["mult"].lower()]
            end = mult.end()
        found.append(_Candidate(m.start(), end, value))
    for m in windows.finditer(_WORDS_WITH_MULTIPLIER_RE, text, _MULTIPLIER_WORD_RE, 40, 20):
        value = numbers.parse_number(m["word"], language)
        if value is not None:
            found.append(_Candidate(m.start(), m.end(), value * p.MULTIPLIERS[m["mult"].lower()]))
    for m in windows.finditer(_APPROXIMATE_RE, text, _APPROXIMATE_WORD_RE, 20, 20):
        value = p.APPROXIMATE_COUNTS[m["word"].lower()]
        found.append(_Candidate(m.start("word"), m.end(), float(value), approximate=True))
    found.sort(key=lambda c: c.start)
    return found


def _figure(
    text: str,
    c: _Candidate,
    previous_unit: tuple[int, str | None, str | None],
    language: str | None = None,
) -> Figure | None:
    """A figure for a candidate number, or None when the number is not a figure."""
    before = text[max(0, c.start - 60) : c.start]
    if _is_reference(text, c, before) or _is_layout(text, c, before):
        return None
    value, end_of_number = c.value, c.end
    unit, end = _unit(text, end_of_number)
    if unit is None:
        shared = _RANGE_RE.match(text, end_of_number)
        if shared:
            unit, _ = _unit(text, shared.end())
            if shared["mult"] and not _MULTIPLIER_RE.match(text, c.end):
                value *= p.MULTIPLIERS[shared["mult"].strip().lower()]
    if unit is not None and _is_time_or_age(unit, before):
        return None
    if unit is not None and unit[:1].isupper() and language in ("fr", "sv") and unit != "%":
        return (
            None  # "utgiftsområde 13 Jämställdhet": French and Swedish count nouns are lower case
        )
    qualifier, start = _qualifier(before, c.start)
    if c.approximate:
        qualifier = "about"
    change = _CHANGE_RE.search(before)
    if change:
        start = c.start - len(before) + change.start()
        qualifier = "increase"
    symbol = _CURRENCY_BEFORE_RE.search(before)
    if symbol and unit is None:
        unit = symbol.group(0).strip()  # "£2 million": what is counted is pounds
    restating = (
        unit is None
        and value >= 10
        and _PARENTHESISED.search(before) is not None
        and text[end : end + 1] == ")"
        and previous_unit[0] >= c.start - 120
    )
    if restating:  # "81% (13,704) of referrals", "(16,921)": a count restating a figure
        after = _OF_UNIT_RE.match(text, end + 1)
        unit = after["unit"] if after else previous_unit[2]
    if _AGE_BEFORE.search(text, max(0, start - 30), start):
        return None  # "aged under 16"
    if qualifier == "exactly" and unit is None and not restating:
        return None  # a bare number counts nothing we can name
    if _is_year(text, c) and (
        unit is None or (qualifier == "exactly" and unit != "%") or _YEAR_BEFORE_RE.search(before)
    ):
        return None  # "en 2015 et 2016", "under 2024 satsar regeringen"
    value = -value if change and _is_decrease(change["word"]) else value
    if symbol and qualifier == "exactly":  # "£2 million": the symbol belongs to the span
        start = c.start - len(symbol.group(0))
    return Figure(text[start:end], start, end, value, unit, qualifier, _attribution(text, start))


def _is_layout(text: str, c: _Candidate, before: str) -> bool:
    """Section numbers before headings, list markers, numbers alone on their line."""
    after = text[c.end : c.end + 90]
    at_line_start = _LINE_START_BEFORE.search(before) is not None
    if _LIST_MARKER_AFTER.match(after):
        return True  # "om 1. det är sannolikt…"
    if at_line_start and (_HEADING_AFTER.match(after) or after[:1] in ("\n", "")):
        return True  # "12 Interpretation", "1. Key results", a number alone on its line
    return at_line_start and before.endswith("(") and after.startswith(")")  # "(1) A person…"


def _is_time_or_age(unit: str, before: str) -> bool:
    return unit.lower() in _TIME_UNITS or _AGE_BEFORE.search(before) is not None


def _is_reference(text: str, c: _Candidate, before: str) -> bool:
    """Dates, numbers after "n°", "article", "page", "§" and the like."""
    after = text[c.end : c.end + 20]
    if _REFERENCE_RE.search(before) or _DATE_RE.search(after) or _DATE_RE.search(before):
        return True
    if re.search(r"=\s*[\"']?$", before):
        return True  # markup attribute values: width="100%"
    if _MINUTES_BEFORE.search(before):
        return True  # "à 9 heures 30": minutes
    if re.match(r"\s*(?:§|kap\.|°|<sup>|er\b|ère\b|e\b|ème\b|st\b|nd\b|rd\b|th\b)", after):
        return True
    return bool(re.match(r"[-/:]\d", after))


def _is_year(text: str, c: _Candidate) -> bool:
    digits = text[c.start : c.end]
    return bool(re.fullmatch(r"1[89]\d\d|20\d\d", digits))


def _unit(text: str, end: int) -> tuple[str | None, int]:
    """What the number counts: "%" or the next noun, and where the figure's span ends."""
    percent = _PERCENT_RE.match(text, end)
    if percent:
        return "%", percent.end()
    noun = _UNIT_RE.match(text, end)
    if noun and len(noun["unit"]) > 1 and noun["unit"].lower() not in p.NOT_A_UNIT:
        if re.fullmatch(p.MONTHS, noun["unit"], re.IGNORECASE):
            return None, end
        return noun["unit"], noun.end()
    currency = _CURRENCY_AFTER_RE.match(text, end)
    if currency:
        return currency.group(0).strip(), currency.end()
    return None, end


def _qualifier(before: str, number_start: int) -> tuple[str, int]:
    """The qualifier written just before the number, and where it starts."""
    m = _QUALIFIER_RE.search(before)
    if m is None:
        return "exactly", number_start
    assert m.lastgroup is not None  # every alternative of the pattern is a named group
    qualifier = _QUALIFIER_NAMES[int(m.lastgroup[1:])]
    return qualifier, number_start - len(before) + m.start()


def _is_decrease(word: str) -> bool:
    return word.lower() in p.DECREASE_WORDS


# --- attribution ------------------------------------------------------------------------------

_VERB_RE = re.compile(rf"(?<!\w)(?:{p.words_pattern(list(p.ATTRIBUTION_VERBS))})(?!\w)", re.I)
_PREPOSITION_RE = re.compile(
    rf"(?<!\w)(?:{p.words_pattern(list(p.ATTRIBUTION_PREPOSITIONS))})\s+(?P<who>[^,.;:\n]+)",
    re.IGNORECASE,
)
_BOUNDARY_RE = re.compile(
    rf"[,;:()\n]|(?<!\w)(?:{p.words_pattern(list(p.CLAUSE_OPENERS))})(?!\w)", re.I
)
_EMPHASIS_RE = re.compile(
    r"\s+(?:eux-mêmes|elles-mêmes|lui-même|elle-même|themselves|itself|själva|själv)\s*$", re.I
)
_STOP_RE = re.compile(rf"\s+(?:{'|'.join(p.ATTRIBUTION_STOP)})(?!\w).*$", re.I | re.S)


def _attribution(text: str, figure_start: int) -> str | None:
    """Who the sentence says the figure comes from, as written, or None."""
    sentence_start = _sentence_start(text, figure_start)
    sentence = text[sentence_start:figure_start]
    for m in _PREPOSITION_RE.finditer(text, sentence_start, _sentence_end(text, figure_start)):
        by = _STOP_RE.sub("", m["who"]).strip()
        if by:
            return by
    verbs = list(_VERB_RE.finditer(sentence))
    if not verbs:
        return None
    head = sentence[: verbs[-1].start()]
    boundaries = list(_BOUNDARY_RE.finditer(head))
    subject = head[boundaries[-1].end() :] if boundaries else head
    subject = _EMPHASIS_RE.sub("", subject.rstrip()).strip()
    if not subject or len(subject.split()) > 12:
        return None
    return subject


def _sentence_end(text: str, position: int) -> int:
    """Where the sentence holding `position` ends (before its ". ", "? ", blank line…)."""
    m = _SENTENCE_END_RE.search(text, position, position + 600)
    return m.start() if m else min(len(text), position + 600)


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding `position` starts (after ". ", "? ", a blank line…)."""
    window_start = max(0, position - 600)
    ends = list(_SENTENCE_END_RE.finditer(text, window_start, position))
    return ends[-1].end() if ends else window_start
