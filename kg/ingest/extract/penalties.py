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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from kg.ingest.extract import numbers
from kg.ingest.extract import patterns as p
from kg.ingest.model import Fine, Penalty

_NUM = {lang: rf"(?:\d+(?:[.,]\d+)?|\b(?:{p.NUMBER_WORD[lang]})\b)" for lang in ("fr", "sv", "en")}
_AMOUNT = rf"(?:{p.DIGITS})"
_TAUX = r"(?:\[\*[^\]\n]{0,20}\*\]\s*)?"
_A = p.APOS


def find_penalties(text: str, language: str | None = None) -> list[Penalty]:
    """Every penalty clause in `text`; all three grammars run unless `language` picks one."""
    grammars = [_GRAMMARS[language]] if language in _GRAMMARS else list(_GRAMMARS.values())
    found: list[Penalty] = []
    for grammar in grammars:
        for penalty in grammar(text):
            if not any(penalty.start < q.end and q.start < penalty.end for q in found):
                found.append(penalty)
    return sorted(found, key=lambda q: q.start)


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
_FR_LEAD = (
    rf"(?:(?:puni|punie|punis|punies|passibles?)\s+(?:de\s+|d{_A})"
    r"|(?:peines?\s+(?:sont|est)\s+)?portées?\s+à\s+)?"
)
_FR_RE = re.compile(
    rf"{_FR_LEAD}(?:(?:{_FR_PRISON})(?:\s*(?:,|et)\s+(?:de\s+|d{_A})?(?:{_FR_FINE}))?"
    rf"|(?:{_FR_FINE_ALONE}))",
    re.IGNORECASE,
)


def _french(text: str) -> Iterator[Penalty]:
    for m in _FR_RE.finditer(text):
        penalty = _penalty(text, m)
        if m["life"]:
            penalty.life_imprisonment = True
        elif m["years"]:
            penalty.max_prison_years = _years(m["years"], m["unit"], "fr")
        amount = m["amount"] or m["amount2"] or m["amount3"]
        currency = m["currency"] or m["currency2"] or m["currency3"]
        if amount:
            penalty.max_fine = _fixed_fine(amount, currency, "fr")
        yield penalty


# --- Swedish ------------------------------------------------------------------------------------

_SV_DURATION = rf"{_NUM['sv']}(?:\s+(?:år|månader|månad))?(?:\s+och\s+{_NUM['sv']}\s+månader)?"
_SV_TERM = (
    rf"(?:på\s+viss\s+tid\s*,?\s*)?(?:i\s+)?"
    rf"(?:lägst\s+(?P<min>{_SV_DURATION})\s+och\s+)?högst\s+(?P<max>{_SV_DURATION})"
    r"(?P<orlife>\s*,?\s*eller\s+på\s+livstid)?"
)
_SV_RE = re.compile(
    rf"(?P<fines>böter\s+eller\s+)?fängelse\s*,?\s*(?:{_SV_TERM}|(?P<life>på\s+livstid))"
    r"|(?P<life2>livstids\s+fängelse)"
    r"|(?<=till\s)(?P<finesonly>böter)\b(?!\s+eller)",
    re.IGNORECASE,
)


def _swedish(text: str) -> Iterator[Penalty]:
    for m in _SV_RE.finditer(text):
        penalty = _penalty(text, m)
        penalty.life_imprisonment = bool(m["life"] or m["life2"] or m["orlife"])
        if m["max"]:
            penalty.max_prison_years = _sv_years(m["max"])
            unit = _sv_unit(m["max"])
            penalty.min_prison_years = _sv_years(m["min"], unit) if m["min"] else None
        if m["fines"] or m["finesonly"]:
            penalty.max_fine = Fine(currency="SEK", kind="day-fines")
        yield penalty


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
    for m in _EN_RE.finditer(text):
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


def _penalty(text: str, m: re.Match[str]) -> Penalty:
    """A penalty spanning the match, its trailing spaces trimmed."""
    start, end = m.start(), m.end()
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
