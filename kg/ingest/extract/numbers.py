"""Number words and digit strings → numbers, for French, Swedish and English.

A small table rather than the `text2num` package: statutes and questions only spell out small
numbers ("sept ans", "högst två år", "six months"), Swedish is needed too and `text2num` has no
Swedish, and a table keeps the extractor free of a dependency whose tokenisation would have to be
mapped back to character offsets anyway. Larger numbers are always written in digits, whose
thousands separators vary by language and era ("11 000" with a (narrow) no-break space,
"1.500.000", "150000", "11,000"); `parse_digits` reads them all.
"""

from __future__ import annotations

import re

_FR_UNITS = ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf")
_SV_UNITS = ("ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio")
_EN_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _fr_table() -> dict[str, int]:
    """French 1–30, cent, mille; both "vingt et un" and the 1990 spelling "vingt-et-un"."""
    table = {word: n for n, word in enumerate(_FR_UNITS, start=1)}
    table |= {"une": 1, "premier": 1, "dix": 10, "onze": 11, "douze": 12, "treize": 13}
    table |= {"quatorze": 14, "quinze": 15, "seize": 16, "dix-sept": 17, "dix-huit": 18}
    table |= {"dix-neuf": 19, "vingt": 20, "trente": 30, "cent": 100, "mille": 1000}
    table |= {"vingt et un": 21, "vingt-et-un": 21, "vingt et une": 21}
    table |= {f"vingt-{word}": 20 + n for n, word in enumerate(_FR_UNITS[1:], start=2)}
    return table


def _sv_table() -> dict[str, int]:
    """Swedish 1–30, hundra, tusen; "en"/"ett" and "arton"/"aderton" both occur in statutes."""
    table = {word: n for n, word in enumerate(_SV_UNITS, start=1)}
    table |= {"en": 1, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14}
    table |= {"femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "aderton": 18}
    table |= {"nitton": 19, "tjugo": 20, "trettio": 30, "hundra": 100, "tusen": 1000}
    table |= {"tjugoen": 21} | {f"tjugo{word}": 20 + n for n, word in enumerate(_SV_UNITS, 1)}
    return table


def _en_table() -> dict[str, int]:
    """English 1–30, hundred, thousand; "twenty-one" and "twenty one"."""
    table = {word: n for n, word in enumerate(_EN_UNITS, start=1)}
    table |= {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14}
    table |= {"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
    table |= {"twenty": 20, "thirty": 30, "hundred": 100, "thousand": 1000}
    for n, word in enumerate(_EN_UNITS, start=1):
        table[f"twenty-{word}"] = table[f"twenty {word}"] = 20 + n
    return table


NUMBER_WORDS: dict[str, dict[str, int]] = {"fr": _fr_table(), "sv": _sv_table(), "en": _en_table()}

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def word_value(word: str, language: str | None = None) -> int | None:
    """The value of a spelled-out number, or None; without a language every table is tried."""
    key = _SPACES.sub(" ", word.strip().lower())
    languages = [language] if language in NUMBER_WORDS else list(NUMBER_WORDS)
    for lang in languages:
        if key in NUMBER_WORDS[lang]:
            return NUMBER_WORDS[lang][key]
    return None


def parse_digits(text: str, language: str | None = None) -> float | None:
    """A digit string with thousands separators and/or a decimal mark → its value.

    Spaces of any width always group thousands. A dot or comma followed by exactly three digits
    groups thousands when it repeats ("1.500.000") or when the language's decimal mark is the
    other one (a comma in English, a dot in French and Swedish); otherwise it is the decimal
    mark ("2,5" in French, "2.5" in English).
    """
    s = _SPACES.sub("", text.strip())
    if not s or not re.fullmatch(r"\d+(?:[.,]\d+)*", s):
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:  # the later one is the decimal mark: "1,500.25" / "1.500,25"
        decimal = "." if s.rfind(".") > s.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        return float(s.replace(thousands, "").replace(decimal, "."))
    for mark, count in ((".", dots), (",", commas)):
        if count > 1:
            return float(s.replace(mark, ""))
        if count == 1:
            head, tail = s.split(mark)
            if len(tail) == 3 and _groups_thousands(mark, language):
                return float(head + tail)
            return float(f"{head}.{tail}")
    return float(s)


def _groups_thousands(mark: str, language: str | None) -> bool:
    """Whether a single `mark` before three digits groups thousands in `language`."""
    if language == "en":
        return mark == ","
    if language in ("fr", "sv"):
        return mark == "."
    return mark == ","  # unknown language: "11,000" is far more common than "11,000 = 11.0"


def parse_number(text: str, language: str | None = None) -> float | None:
    """Digits or a number word → value; None when `text` is neither."""
    value = parse_digits(text, language)
    if value is not None:
        return value
    word = word_value(text, language)
    return None if word is None else float(word)


def word_alternation(languages: tuple[str, ...] = ("fr", "sv", "en")) -> str:
    """A regex alternation of the number words of `languages`, longest first, spaces flexible."""
    words = {w for lang in languages for w in NUMBER_WORDS[lang]}
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
