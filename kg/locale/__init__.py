"""The reader's language: interface text from gettext catalogues, and locale formatting.

Interface strings are written in English in the code and templates (`_("As of")`) and
translated by the catalogues beside this module (`fr/LC_MESSAGES/policykg.po`, `sv/…`),
read with Babel and compiled in memory on first use, so no build step can be forgotten.
The language of the current request or command is a context variable: the HTTP layer sets
it from `?lang=`, the language switch's cookie or `Accept-Language`; the CLI from `--lang`.
Dates, numbers and amounts are formatted for that language by Babel (CLDR data).

May import: nothing of kg but errors (it sits with the core).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as format_percent_babel
from babel.support import NullTranslations, Translations

from kg.errors import PolicyKGError

#: The languages policykg speaks; English is the source language of the catalogues.
LANGUAGES = ("en", "fr", "sv")
DEFAULT = "en"
#: A pseudo-language for translators and tests: every catalogue string wrapped in ⟦…⟧, so
#: any text on a page that does not come from the catalogues stands out. Off unless enabled.
PSEUDO = "qps"
DOMAIN = "policykg"
FOLDER = Path(__file__).parent

#: The locale whose conventions format dates and numbers: British English for English.
FORMATS = {"en": "en_GB", "fr": "fr_FR", "sv": "sv_SE"}

_current: ContextVar[str] = ContextVar("policykg_language", default=DEFAULT)


def current() -> str:
    """The language of the request or command being served."""
    return _current.get()


def set_language(lang: str) -> None:
    """Make `lang` the language of the current context (a request, a command)."""
    _current.set(lang if lang in (*LANGUAGES, PSEUDO) else DEFAULT)


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Run a block in `lang`, then restore the previous language."""
    token = _current.set(lang if lang in (*LANGUAGES, PSEUDO) else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def catalogue_path(lang: str, domain: str = DOMAIN) -> Path:
    """The `.po` file of `lang` in a domain: `policykg` (interface text) or `openapi` (the API
    documentation's texts, see api/openapi_texts.py)."""
    return FOLDER / lang / "LC_MESSAGES" / f"{domain}.po"


class PseudoTranslations(NullTranslations):
    """Every message as ⟦msgid⟧: the pseudo-language of `PSEUDO`."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"⟦{msgid1 if n == 1 else msgid2}⟧"


@cache
def translations(lang: str, domain: str = DOMAIN) -> NullTranslations:
    """The compiled catalogue of `lang` in `domain` (English and unknown languages: the msgids
    as they are; an empty msgstr falls back to its msgid)."""
    if lang == PSEUDO:
        return PseudoTranslations()
    path = catalogue_path(lang, domain)
    if lang == DEFAULT or not path.is_file():
        return NullTranslations()
    with path.open("rb") as po:
        catalogue = read_po(po, locale=lang, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=domain)


def gettext(message: str, **values: Any) -> str:
    """`message` in the current language; `{name}` placeholders are filled from `values`."""
    text = translations(current()).gettext(message)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int | float, **values: Any) -> str:
    """The singular or plural form for `n` in the current language; `{n}` is filled in."""
    whole = int(n) if float(n).is_integer() else 2  # fractions read as plural
    text = translations(current()).ngettext(singular, plural, whole)
    return text.format(n=format_number(n), **values)


_ = gettext


def error_text(error: PolicyKGError) -> str:
    """An error's message in the current language (its template translated, then filled)."""
    return gettext(error.template, **error.values)


def mark(message: str) -> str:
    """Mark a string for the catalogue where it is defined; translate it where it is shown."""
    return message


# ------------------------------------------------------------------ formatting


def _formats(lang: str | None) -> str:
    return FORMATS.get(lang or current(), FORMATS[DEFAULT])  # the pseudo-language: English


def format_date(value: str | date | None, lang: str | None = None, style: str = "long") -> str:
    """'2 décembre 2026', '2 december 2026', '2 December 2026'; '' for nothing."""
    if value in (None, ""):
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return babel_format_date(day, format=style, locale=_formats(lang))


def format_number(value: float | int | Decimal | None, lang: str | None = None) -> str:
    """'11 000', '11 000', '11,000' (non-breaking spaces where the locale wants them)."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return format_decimal(number, locale=_formats(lang))


def format_percent(share: float, lang: str | None = None) -> str:
    """'32 %', '32 %', '32%': a share of 1 as the locale writes a percentage."""
    return format_percent_babel(share, locale=_formats(lang))


def format_money(amount: float | int | None, currency: str | None, lang: str | None = None) -> str:
    """'75 000 €', '€75,000', '75 000 €': the locale's currency pattern, without cents when
    the amount is whole (fines are set in whole units)."""
    if amount is None:
        return ""
    if not currency:
        return format_number(amount, lang)
    locale = Locale.parse(_formats(lang))
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    if float(amount).is_integer():
        pattern = pattern.replace(".00", "")
    return format_currency(amount, currency, format=pattern, locale=locale, currency_digits=False)


def format_years(value: float | int | Decimal) -> str:
    """'3 years', '3 ans', '3 år'; a term under a year in months ('6 months', '6 mois')."""
    number = float(value)
    months = number * 12
    if 0 < number < 1 and months.is_integer():
        return ngettext("{n} month", "{n} months", int(months))
    return ngettext("{n} year", "{n} years", number)


def language_name(code: str, lang: str | None = None) -> str:
    """The name of language `code` in `lang` ('français', 'French', 'franska')."""
    return Locale.parse(code).get_display_name(lang or current()) or code
