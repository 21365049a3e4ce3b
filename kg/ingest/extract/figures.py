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

`attributed_to` is the speaker the sentence names: the subject of a reporting verb before the
figure ("Les services de l'État eux-mêmes évoquent …" → "Les services de l'État"), or what
follows "selon", "d'après", "enligt", "according to".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.extract import numbers
from kg.ingest.extract import patterns as p
from kg.ingest.extract.citations import find_citations
from kg.ingest.extract.penalties import find_penalties
from kg.ingest.model import Figure

_NUMBER_RE = re.compile(rf"(?<![\w\-./:,§°])(?:{p.DIGITS})(?![\w\-/:§°]|[.,]\d)")
_MULTIPLIER_RE = re.compile(rf"\s+(?P<mult>{p.words_pattern(list(p.MULTIPLIERS))})\b", re.I)
_PERCENT_RE = re.compile(rf"\s*(?:{p.words_pattern(list(p.PERCENT_WORDS))})(?!\w)", re.I)
_UNIT_RE = re.compile(rf"\s+(?:(?:de|d{p.APOS}|of)\s*)?(?P<unit>[^\W\d_][\w'’-]*)", re.IGNORECASE)
_QUALIFIER_RES = {
    q: re.compile(rf"(?<!\w)(?:{p.words_pattern(words)})\s*$", re.IGNORECASE)
    for q, words in p.QUALIFIERS.items()
}
_CHANGE_RE = re.compile(
    rf"(?<!\w)(?P<word>{p.words_pattern(list(p.INCREASE_WORDS + p.DECREASE_WORDS))})"
    rf"\s+(?:de|d{p.APOS}|of|by|med|på)\s+(?:[\w'’]+\s+){{0,3}}$",
    re.IGNORECASE,
)
_CURRENCY_BEFORE_RE = re.compile(r"[£€$]\s?$")
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


def find_figures(text: str, language: str | None = None) -> list[Figure]:
    """Every figure in `text` with its unit, qualifier and attribution, by position."""
    excluded = [(c.start, c.end) for c in find_citations(text, language)]
    excluded += [(q.start, q.end) for q in find_penalties(text, language)]
    figures: list[Figure] = []
    for candidate in _candidates(text, language):
        if any(candidate.start < b and a < candidate.end for a, b in excluded):
            continue
        figure = _figure(text, candidate)
        if figure is not None:
            figures.append(figure)
    return figures


def _candidates(text: str, language: str | None) -> list[_Candidate]:
    """Numbers with their multiplier ("1,5 million"), not yet judged."""
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
    return found


def _figure(text: str, c: _Candidate) -> Figure | None:
    """A figure for a candidate number, or None when the number is not a figure."""
    before = text[max(0, c.start - 60) : c.start]
    if _is_reference(text, c, before):
        return None
    unit, end = _unit(text, c.end)
    qualifier, start = _qualifier(before, c.start)
    change = _CHANGE_RE.search(before)
    if change:
        start = c.start - len(before) + change.start()
        qualifier = "increase"
    symbol = _CURRENCY_BEFORE_RE.search(before)
    if symbol and unit is None:
        unit = symbol.group(0).strip()  # "£2 million": what is counted is pounds
    if qualifier == "exactly" and unit is None:
        return None  # a bare number counts nothing we can name
    if _is_year(text, c) and (
        unit is None or (qualifier == "exactly" and unit != "%") or _YEAR_BEFORE_RE.search(before)
    ):
        return None  # "en 2015 et 2016", "under 2024 satsar regeringen"
    value = -c.value if change and _is_decrease(change["word"]) else c.value
    if symbol and qualifier == "exactly":  # "£2 million": the symbol belongs to the span
        start = c.start - len(symbol.group(0))
    return Figure(text[start:end], start, end, value, unit, qualifier, _attribution(text, start))


def _is_reference(text: str, c: _Candidate, before: str) -> bool:
    """Dates, numbers after "n°", "article", "page", "§" and the like."""
    after = text[c.end : c.end + 20]
    if _REFERENCE_RE.search(before) or _DATE_RE.search(after) or _DATE_RE.search(before):
        return True
    if re.search(r"=\s*[\"']?$", before):
        return True  # markup attribute values: width="100%"
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
    currency = re.match(r"\s?[€£]", text[end:])
    if currency:
        return currency.group(0).strip(), end + currency.end()
    return None, end


def _qualifier(before: str, number_start: int) -> tuple[str, int]:
    """The qualifier written just before the number, and where it starts."""
    best: tuple[str, int] = ("exactly", number_start)
    for qualifier, regex in _QUALIFIER_RES.items():
        m = regex.search(before)
        if m and number_start - len(before) + m.start() < best[1]:
            best = (qualifier, number_start - len(before) + m.start())
    return best


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
