"""The catalogues and the formatting of kg.locale: every interface string is translated into
French and Swedish, with the same placeholders, and values are written the local way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from kg import locale
from tests.paths import PROJECT

KEYWORDS = {"_": None, "gettext": None, "mark": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w+)(?:![rs])?\}")


def _extracted() -> set[str | tuple[str, ...]]:
    """Every message the code and templates use, read as `make i18n` reads them."""
    config = (PROJECT / "kg" / "locale" / "babel.cfg").read_text(encoding="utf-8")
    import io

    method_map, options_map = parse_mapping_cfg(io.StringIO(config))
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        PROJECT, method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return {m for m in found if m}


EXTRACTED = _extracted()


def _catalogue(lang: str) -> dict[str | tuple[str, ...], str | tuple[str, ...]]:
    with locale.catalogue_path(lang).open("rb") as po:
        catalogue = read_po(po, locale=lang)
    return {
        (m.id if isinstance(m.id, str) else tuple(m.id)): m.string
        for m in catalogue
        if m.id and not m.fuzzy
    }


def test_the_code_has_interface_strings_to_translate():
    assert len(EXTRACTED) > 200
    assert "Compare, as of {date}" in EXTRACTED  # a template's
    assert "Unknown topic {name!r}. Known topics: {known}" in EXTRACTED  # an API error's


@pytest.mark.parametrize("lang", ["fr", "sv"])
def test_every_interface_string_is_translated(lang):
    catalogue = _catalogue(lang)
    untranslated = sorted(
        str(m)
        for m in EXTRACTED
        if not catalogue.get(m) or (isinstance(catalogue[m], tuple) and not all(catalogue[m]))
    )
    assert untranslated == [], f"run `make i18n` and translate in kg/locale/{lang}"


@pytest.mark.parametrize("lang", ["fr", "sv"])
def test_translations_keep_the_placeholders(lang):
    for msgid, msgstr in _catalogue(lang).items():
        wanted = set(PLACEHOLDER.findall(msgid if isinstance(msgid, str) else msgid[-1]))
        for form in [msgstr] if isinstance(msgstr, str) else list(msgstr):
            assert set(PLACEHOLDER.findall(form)) == wanted, (msgid, form)


#: French typography: a space that may break before : ; ! ? or inside « » (a colon alone on
#: the next line, a quote mark cut from its word). Questions in SPARQL code (?s) are not meant.
LOOSE_FRENCH_SPACE = re.compile(r" [:;!?](?= |$|\n)|« | »")


def test_french_puts_a_no_break_space_before_high_punctuation():
    loose = {
        str(msgid): form
        for msgid, msgstr in _catalogue("fr").items()
        for form in ([msgstr] if isinstance(msgstr, str) else list(msgstr))
        if LOOSE_FRENCH_SPACE.search(form)
    }
    assert loose == {}, "write U+00A0 before : ; ! ? and inside « » in kg/locale/fr"


def test_a_message_in_each_language():
    with locale.using("fr"):
        assert locale.gettext("Compare, as of {date}", date="x") == "Comparaison au x"
    with locale.using("sv"):
        assert locale.gettext("Compare, as of {date}", date="x") == "Jämförelse per x"
    assert locale.gettext("Compare, as of {date}", date="x") == "Compare, as of x"


@pytest.mark.parametrize(
    ("lang", "years", "words"),
    [
        ("en", 1, "1 year"),
        ("en", 5, "5 years"),
        ("fr", 1, "1 an"),
        ("fr", 5, "5 ans"),
        ("sv", 5, "5 år"),
        ("en", 0.5, "6 months"),
        ("fr", 0.5, "6 mois"),
        ("sv", 0.5, "6 månader"),
    ],
)
def test_terms_of_imprisonment(lang, years, words):
    with locale.using(lang):
        assert locale.format_years(years) == words


def test_amounts_dates_and_numbers_the_local_way():
    nbsp = {"\u00a0", "\u202f"}
    fr = locale.format_money(75000, "EUR", "fr")
    assert fr.replace("\u202f", " ").replace("\u00a0", " ") == "75 000 €"
    assert locale.format_money(75000, "EUR", "en") == "€75,000"
    assert locale.format_money(1500.5, "GBP", "en") == "£1,500.50"
    sv = locale.format_money(10000, "SEK", "sv")
    assert sv.startswith("10") and sv.endswith("kr") and set(sv[2:3]) & nbsp
    assert locale.format_date("2021-04-23", "fr") == "23 avril 2021"
    assert locale.format_date("2021-04-23", "sv") == "23 april 2021"
    assert locale.format_date("2021-04-23", "en") == "23 April 2021"
    assert locale.format_number(11000, "en") == "11,000"


def test_an_unknown_language_falls_back_to_english():
    with locale.using("de"):
        assert locale.current() == "en"
        assert locale.gettext("Compare") == "Compare"


def test_catalogues_live_beside_the_code():
    assert Path(locale.catalogue_path("fr")).is_file()
    assert Path(locale.catalogue_path("sv")).is_file()
    assert locale.catalogue_path("sv", "openapi").name == "openapi.po"
    assert Path(locale.catalogue_path("sv", "openapi")).is_file()


def test_each_domain_translates_its_own_texts():
    """The API documentation's texts (domain openapi) are not the interface's (policykg)."""
    documented = "Successful Response"
    assert locale.translations("fr", "openapi").gettext(documented) == "Réponse réussie"
    assert locale.translations("fr").gettext(documented) == documented
    assert locale.translations("fr", "policykg").gettext("Compare") == "Comparer"
    assert locale.translations("en", "openapi").gettext(documented) == documented


def test_an_error_is_translated_where_it_is_shown():
    """Errors keep their English template and values apart (so they cross processes); any
    placeholder name may be used, even one of the error's own parameters."""
    from kg.errors import ParseError, QueryTimeout

    error = ParseError(locale.mark("{name}: the document is empty"), name="q.xml")
    assert error.message == str(error) == "q.xml: the document is empty"
    with locale.using("fr"):
        assert locale.error_text(error) == "q.xml\u00a0: le document est vide"
    with locale.using("sv"):
        assert locale.error_text(error) == "q.xml: dokumentet är tomt"
    slow = QueryTimeout(
        locale.mark("The SPARQL server at {url} did not answer within {elapsed:.1f} s."),
        2.25,
        url="http://x",
        elapsed=2.25,
    )
    assert slow.elapsed == 2.25 and slow.message.endswith("within 2.2 s.")
    assert ParseError("{name}: {message}", name="a", message="b").message == "a: b"
    assert ParseError("literal {braces} kept").message == "literal {braces} kept"
