"""Penalty clauses in statute language → `Penalty` items (French, Swedish, English).

Each language has its own grammar, because the statutes do:
- French: "puni de sept ans d'emprisonnement et de 150 000 euros d'amende", "réclusion
  criminelle à perpétuité", "Les peines sont portées à dix ans d'emprisonnement et 1 500 000 €";
  francs ("1 000 000 F") are FRF and the "[*taux*]" markers of consolidated texts are skipped.
- Swedish: "fängelse i lägst två och högst tio år", "böter eller fängelse i högst sex månader"
  (böter are day-fines), "fängelse på viss tid, lägst fyra och högst arton år, eller på livstid".
- English: "on summary conviction, to imprisonment for a term not exceeding 6 months or to a fine
  not exceeding the statutory maximum or both" and "on conviction on indictment, to imprisonment
  for a term not exceeding 14 years" are two penalties, each with its procedure and own span.

Only what the words say is recorded: months become fractional years, a fine without a stated
maximum is `unlimited`, "level 5 on the standard scale" keeps its level in `kind`
("standard-scale-level-5") with no amount, since the level's value depends on date and place.
`provision` is left for the pipeline, which knows which provision the text belongs to.

As a lawyer reads them:
- a conjunction is one penalty: "portées à sept ans d'emprisonnement et à 100 000 euros
  d'amende";
- an increase or a reduction is the new penalty, `change` saying which: "portées à…"
  (increase), "ramenée à vingt ans de réclusion criminelle" (reduction). The penalty it
  starts from, named as a condition ("lorsque la peine encourue est la réclusion criminelle à
  perpétuité, celle-ci est ramenée…"), is not a penalty of its own;
- a penalty given by reference has no values yet and says where they are: `reference` is the
  provision cited ("puni des peines prévues par l'article 225-5" → "article/225-5") or
  "same" for "puni des mêmes peines" (the penalty just before, in the same provision); the
  pipeline fills it from the same document or the graph (kg.ingest.extract.penalty_links);
- Swedish "fängelse i två år" names a term without "högst": a maximum, or a minimum when the
  sentence speaks of the minimum ("straffminimum", "ministraffet").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from kg.ingest.extract import numbers, windows
from kg.ingest.extract import patterns as p
from kg.ingest.model import Fine, Penalty

_NUM = {lang: rf"(?:\d+(?:[.,]\d+)?|\b(?:{p.NUMBER_WORD[lang]})\b)" for lang in ("fr", "sv", "en")}
_AMOUNT = rf"(?:{p.DIGITS})"
_TAUX = r"(?:\[\*[^\]\n]{0,20}\*\]\s*)?"
_A = p.APOS


def find_penalties(text: str, language: str | None = None) -> list[Penalty]:
    """Every penalty clause in `text`; all three grammars run unless `language` picks one."""
    grammars = [_GRAMMARS[language]] if language in _GRAMMARS else list(_GRAMMARS.values())
    candidates = [
        (penalty.start, rank, penalty)
        for rank, grammar in enumerate(grammars)
        for penalty in grammar(text)
    ]
    candidates.sort(key=lambda c: (c[0], c[1]))
    found: list[Penalty] = []
    for _, _, penalty in candidates:  # overlaps: the earliest, then the first grammar, wins
        if not found or penalty.start >= found[-1].end:
            found.append(penalty)
    return found


# --- French -------------------------------------------------------------------------------------

_FR_PRISON = (
    rf"(?P<years>{_NUM['fr']})\s+(?P<unit>ans?|mois)\s+"
    rf"(?:d{_A}emprisonnement|de\s+réclusion\s+criminelle|de\s+détention\s+criminelle)"
    r"|(?P<life>(?:la\s+)?(?:réclusion|détention)\s+criminelle\s+à\s+perpétuité)"
)
_FR_FINE = (
    rf"{_TAUX}(?P<amount>{_AMOUNT})\s*(?P<currency>{p.FR_CURRENCY})(?P<amende>\s+d{_A}amende)?"
)
_FR_FINE_ALONE = (
    rf"{_TAUX}(?P<amount2>{_AMOUNT})\s*(?P<currency2>{p.FR_CURRENCY})\s+d{_A}amende"
    rf"|(?:d{_A})?une\s+amende\s+de\s+{_TAUX}(?P<amount3>{_AMOUNT})\s*(?P<currency3>{p.FR_CURRENCY})"
)
# The words that introduce a penalty, read backwards from where the penalty starts (the
# pattern itself starts at the term or the fine, so that it is tried at few positions).
_FR_LEAD_BEFORE = re.compile(
    rf"(?:(?:puni|punie|punis|punies|passibles?)\s+(?:de\s+|d{_A})"
    r"|(?:(?:peines?\s+)?(?:sont|est)\s+)?(?P<up>portées?|élevées?)\s+à\s+"
    r"|(?:(?:peines?\s+)?(?:sont|est)\s+)?(?P<down>ramenées?|réduites?|abaissées?)\s+à\s+)$",
    re.IGNORECASE,
)
_FR_RE = re.compile(
    rf"(?:(?:{_FR_PRISON})(?:\s*(?:,|et)\s+(?:de\s+|d{_A}|à\s+)?(?:{_FR_FINE}))?"
    rf"|(?:{_FR_FINE_ALONE}))",
    re.IGNORECASE,
)
_FR_REFERENCE_RE = re.compile(
    r"(?:puni|punie|punis|punies|passibles?)\s+des\s+(?:(?P<same>mêmes\s+peines)"
    r"|peines\s+(?:prévues|mentionnées|édictées|encourues)\s+(?:par|à|au|aux)\s+"
    rf"(?:l{_A}|les\s+)?articles?\s+(?P<article>{p.FR_ARTICLE_NUMBER}))",
    re.IGNORECASE,
)
# "Lorsque la peine encourue est la réclusion criminelle à perpétuité, celle-ci est ramenée…":
# the life term there is the condition of a reduction, not a penalty.
_FR_CONDITION_BEFORE = re.compile(r"peines?\s+encourues?\s+(?:est|sont)\s+(?:de\s+)?$", re.I)


# Anchors are plain words (no IGNORECASE, which slows the scan): a penalty names one of them.
_FR_PEINES = re.compile(r"[Pp]eines")
_FR_ANCHOR = re.compile(r"[Ee]mprisonnement|[Rr]éclusion|[Dd]étention|[Aa]mende")
_SV_ANCHOR = re.compile(r"[Ff]ängelse|[Bb]öter")
_EN_ANCHOR = re.compile(r"[Ii]mprisonment|[Ff]ine\b|[Cc]ustody")
# A penalty clause reaches at most this far from the word it is anchored on.
_REACH = 320


def _french(text: str) -> Iterator[Penalty]:
    for m in windows.anchored(_FR_RE, text, _FR_ANCHOR, 60, _REACH):
        lead = _FR_LEAD_BEFORE.search(text, max(0, m.start() - 60), m.start())
        start = lead.start() if lead else m.start()
        if _FR_CONDITION_BEFORE.search(text, max(0, start - 40), start):
            continue
        penalty = _penalty(text, m, start)
        if m["life"]:
            penalty.life_imprisonment = True
        elif m["years"]:
            penalty.max_prison_years = _years(m["years"], m["unit"], "fr")
        amount = m["amount"] or m["amount2"] or m["amount3"]
        currency = m["currency"] or m["currency2"] or m["currency3"]
        if amount:
            penalty.max_fine = _fixed_fine(amount, currency, "fr")
        if lead is not None:
            penalty.change = "increase" if lead["up"] else "reduction" if lead["down"] else None
        yield penalty
    for m in windows.finditer(_FR_REFERENCE_RE, text, _FR_PEINES, 120, 160):
        penalty = _penalty(text, m)
        if m["same"]:
            penalty.reference = "same"
        else:
            penalty.reference = "article/" + _article_path(m["article"])
        yield penalty


def _article_path(number: str) -> str:
    """ "L. 226-3" → "L226-3", "1er" → "1" (as citations name provisions)."""
    number = number.replace("*", "").strip()
    if number.lower() in ("1er", "premier"):
        return "1"
    number = re.sub(r"^(LO|L|R|D|A)\.?\s?", r"\1", number)
    return re.sub(r"\s+", "-", number)


# --- Swedish ------------------------------------------------------------------------------------

_SV_DURATION = rf"{_NUM['sv']}(?:\s+(?:år|månader|månad))?(?:\s+och\s+{_NUM['sv']}\s+månader)?"
_SV_TERM = (
    rf"(?:på\s+viss\s+tid\s*,?\s*)?(?:i\s+)?"
    rf"(?:lägst\s+(?P<min>{_SV_DURATION})\s+och\s+)?högst\s+(?P<max>{_SV_DURATION})"
    r"(?P<orlife>\s*,?\s*eller\s+på\s+livstid)?"
)
_SV_UNIT_DURATION = rf"{_NUM['sv']}\s+(?:år|månader|månad)(?:\s+och\s+{_NUM['sv']}\s+månader)?"
_SV_RE = re.compile(
    rf"(?P<fines>böter\s+eller\s+)?fängelse\s*,?\s*(?:{_SV_TERM}|(?P<life>på\s+livstid)"
    rf"|(?:i\s+)?(?P<plain>{_SV_UNIT_DURATION})\b)"
    r"|(?P<life2>livstids\s+fängelse)"
    r"|(?<=till\s)(?P<finesonly>böter)\b(?!\s+eller)",
    re.IGNORECASE,
)
# A term named without "högst" is a minimum when the sentence is about the minimum (the
# nearest of the two words before it decides).
_SV_BOUND = re.compile(
    r"(?P<min>minimi|minimum|ministraff|lägsta|straffminimum)|(?P<max>maximi|maximum|maxstraff|högsta|straffmaximum)",
    re.IGNORECASE,
)
_SV_SENTENCE = re.compile(r"[.!?]\s")


def _swedish(text: str) -> Iterator[Penalty]:
    for m in windows.anchored(_SV_RE, text, _SV_ANCHOR, 20, _REACH):
        penalty = _penalty(text, m)
        penalty.life_imprisonment = bool(m["life"] or m["life2"] or m["orlife"])
        if m["plain"]:
            years = _sv_years(m["plain"])
            bounds = list(_SV_BOUND.finditer(_sentence_before(text, m.start())))
            if bounds and bounds[-1]["min"]:
                penalty.min_prison_years = years
            else:
                penalty.max_prison_years = years
        if m["max"]:
            penalty.max_prison_years = _sv_years(m["max"])
            unit = _sv_unit(m["max"])
            penalty.min_prison_years = _sv_years(m["min"], unit) if m["min"] else None
        if m["fines"] or m["finesonly"]:
            penalty.max_fine = Fine(currency="SEK", kind="day-fines")
        yield penalty


def _sentence_before(text: str, position: int) -> str:
    """The words of the sentence before `position` (at most 300 characters back)."""
    window = text[max(0, position - 300) : position]
    ends = list(_SV_SENTENCE.finditer(window))
    return window[ends[-1].end() :] if ends else window


def _sv_unit(duration: str) -> str:
    """The unit a Swedish duration ends with: "lägst två och högst tio år" shares "år"."""
    return "månader" if re.search(r"månad(?:er)?\s*$", duration) else "år"


def _sv_years(duration: str, default_unit: str = "år") -> float | None:
    """ "ett år och sex månader" → 1.5; "två" (unit shared with the maximum) → 2."""
    parts = re.findall(rf"({_NUM['sv']})(?:\s+(år|månader|månad))?", duration, re.IGNORECASE)
    total = 0.0
    for value, unit in parts:
        years = _years(value, unit or default_unit, "sv")
        if years is None:
            return None
        total += years
    return total if parts else None


# --- English ------------------------------------------------------------------------------------

_EN_DURATION = rf"(?P<{{name}}>{_NUM['en']})\s+(?P<{{name}}u>years?|months?|weeks?)"
_EN_PRISON = (
    r"imprisonment\s+for\s+(?:(?P<life>life)|a\s+term\s+not\s+exceeding\s+(?:"
    + _EN_DURATION.format(name="max")
    + r"|the\s+general\s+limit\s+in\s+a\s+magistrates['’]?\s+court))"
    r"|(?P<life2>life\s+imprisonment|custody\s+for\s+life)"
)
_EN_FINE = (
    r"(?:a\s+)?fine(?:\s+not\s+exceeding\s+(?:(?P<statmax>the\s+statutory\s+maximum)"
    r"|level\s+(?P<level>\d)\s+on\s+the\s+standard\s+scale"
    r"|(?P<prescribed>the\s+prescribed\s+sum)"
    rf"|£\s?(?P<gbp>{_AMOUNT})))?"
)
_EN_RE = re.compile(
    r"(?:(?P<proc>on\s+summary\s+conviction|on\s+conviction\s+on\s+indictment)\s*(?:,|—|-)?\s*"
    r"(?:to\s+)?|(?P<liable>liable\s+(?:to\s+)?)|(?<=\bto\s))"
    rf"(?P<body>(?:{_EN_PRISON}|{_EN_FINE.replace('?P<', '?P<a_')})"
    r"(?:\s*,?\s*(?:or|and)\s+(?:to\s+)?(?:"
    + _EN_PRISON.replace("?P<", "?P<b_")
    + "|"
    + _EN_FINE.replace("?P<", "?P<c_")
    + r"))*(?:\s*,?\s*or\s+(?:to\s+)?both)?)",
    re.IGNORECASE,
)


def _english(text: str) -> Iterator[Penalty]:
    for m in windows.anchored(_EN_RE, text, _EN_ANCHOR, 80, _REACH):
        body = m["body"]
        if not (m["proc"] or m["liable"]) and not re.match(r"imprisonment|life", body, re.I):
            continue  # "to a fine" alone, with no "liable" or procedure, is not a penalty
        penalty = _penalty(text, m)
        proc = (m["proc"] or "").lower()
        penalty.procedure = "summary" if "summary" in proc else "indictment" if proc else None
        _read_english_body(body, penalty)
        yield penalty


_EN_PRISON_RE = re.compile(_EN_PRISON, re.IGNORECASE)
_EN_FINE_RE = re.compile(r"\bfine\b" + _EN_FINE.split("fine", 1)[1], re.IGNORECASE)


def _read_english_body(body: str, penalty: Penalty) -> None:
    """Fill a penalty from the listed punishments: each prison term and fine once."""
    prison = _EN_PRISON_RE.search(body)
    if prison:
        penalty.life_imprisonment = bool(prison["life"] or prison["life2"])
        if prison["max"]:
            penalty.max_prison_years = _years(prison["max"], prison["maxu"], "en")
    fine = _EN_FINE_RE.search(body)
    if fine:
        penalty.max_fine = _english_fine(fine)


def _english_fine(m: re.Match[str]) -> Fine:
    if m["statmax"]:
        return Fine(currency="GBP", kind="statutory-maximum")
    if m["level"]:
        return Fine(currency="GBP", kind=f"standard-scale-level-{m['level']}")
    if m["prescribed"]:
        return Fine(currency="GBP", kind="prescribed-sum")
    if m["gbp"]:
        return _fixed_fine(m["gbp"], "£", "en")
    return Fine(currency="GBP", unlimited=True, kind="unlimited")


# --- shared -------------------------------------------------------------------------------------

_GRAMMARS: dict[str, Callable[[str], Iterator[Penalty]]] = {
    "fr": _french,
    "sv": _swedish,
    "en": _english,
}


def _penalty(text: str, m: re.Match[str], start: int | None = None) -> Penalty:
    """A penalty spanning the match (from `start` when words before it belong to it), its
    trailing spaces trimmed."""
    start, end = (m.start() if start is None else start), m.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return Penalty(text[start:end], start, end)


def _years(value: str, unit: str | None, language: str) -> float | None:
    """A duration in years: "sept" ans → 7, "6" months → 0.5, "2" weeks → 2/52."""
    n = numbers.parse_number(value, language)
    if n is None:
        return None
    unit = (unit or "").lower()
    if unit.startswith(("mois", "mån", "month")):
        return round(n / 12, 4)
    if unit.startswith("week"):
        return round(n / 52, 4)
    return n


def _fixed_fine(amount: str, currency: str | None, language: str) -> Fine:
    value = numbers.parse_digits(amount, language)
    code = p.CURRENCIES.get((currency or "").strip().lower())
    return Fine(amount=value, currency=code, kind="fixed")
