"""The API documentation in the reader's language: /openapi.json and /docs follow `?lang=`,
the language switch's cookie or `Accept-Language`, with every text from the `openapi`
catalogue (or, for the named queries, from their own headers) and nothing else changed.

The application runs over an empty store: the document does not depend on the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from api import openapi, openapi_texts
from api.app import create_app
from kg import locale
from kg.config import Settings
from kg.store import EmbeddedStore

LANGUAGES = ("fr", "sv")


@pytest.fixture(scope="module")
def docs() -> Iterator[TestClient]:
    app = create_app(Settings(store="memory"), store=EmbeddedStore(), query_workers=1)
    with TestClient(app) as client:
        yield client


@pytest.fixture(autouse=True)
def _no_remembered_language(docs: TestClient) -> None:
    docs.cookies.clear()


@pytest.fixture(scope="module")
def english(docs: TestClient) -> dict[str, Any]:
    return docs.get("/openapi.json", params={"lang": "en"}).json()


def _catalogue(lang: str) -> dict[str, str]:
    with locale.catalogue_path(lang, openapi.DOMAIN).open("rb") as po:
        catalogue = read_po(po, locale=lang)
    return {m.id: m.string for m in catalogue if m.id and isinstance(m.id, str) and not m.fuzzy}


def _without_texts(node: Any) -> Any:
    """The document with every translatable text blanked: what must not change."""
    if isinstance(node, dict):
        return {
            key: "…"
            if key in openapi.TEXT_KEYS and isinstance(value, str)
            else _without_texts(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_without_texts(item) for item in node]
    return node


def test_the_english_document_is_the_default_and_unchanged(docs, english):
    assert docs.get("/openapi.json").json() == english
    operation = english["paths"]["/api/compare"]["get"]
    assert operation["summary"] == "Compare a topic across jurisdictions as of a date"
    assert english["info"]["description"].startswith("Compare how France, Sweden")
    assert len(openapi.texts(english)) > 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_document_in_another_language_has_translated_texts(docs, english, lang):
    response = docs.get("/openapi.json", params={"lang": lang})
    assert response.status_code == 200
    assert {"Accept-Language", "Cookie"} <= {
        part.strip() for part in response.headers["vary"].split(",")
    }
    catalogue = _catalogue(lang)
    there = response.json()["paths"]["/api/compare"]["get"]
    here = english["paths"]["/api/compare"]["get"]
    wanted = catalogue[here["summary"]]
    assert wanted and wanted != here["summary"]
    assert there["summary"] == wanted
    parameter = here["parameters"][0]["description"]
    assert there["parameters"][0]["description"] == catalogue[parameter] != parameter
    error = here["responses"]["404"]["description"]
    assert there["responses"]["404"]["description"] == catalogue[error] != error
    info = english["info"]["description"]
    assert response.json()["info"]["description"] == catalogue[info] != info


@pytest.mark.parametrize("lang", LANGUAGES)
def test_only_the_texts_change(english, docs, lang):
    """Same OpenAPI version, paths, operations, parameters, schemas, examples and media types."""
    translated = docs.get("/openapi.json", params={"lang": lang}).json()
    assert _without_texts(translated) == _without_texts(english)
    assert translated["openapi"] == english["openapi"]
    assert set(translated["paths"]) == set(english["paths"])
    for path, operations in english["paths"].items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", [])]
            assert [p["name"] for p in translated["paths"][path][method].get("parameters", [])] == (
                names
            )
    changed = set(openapi.texts(english)) - set(openapi.texts(translated))
    assert len(changed) > 0.9 * len(openapi.texts(english))


def test_the_language_comes_from_the_cookie_or_accept_language_and_lang_wins(docs, english):
    fr = docs.get("/openapi.json", params={"lang": "fr"}).json()
    sv = docs.get("/openapi.json", params={"lang": "sv"}).json()
    docs.cookies.clear()
    by_header = docs.get("/openapi.json", headers={"Accept-Language": "sv-SE,sv;q=0.9"})
    assert by_header.json() == sv and by_header.headers["content-language"] == "sv"
    docs.cookies.set("lang", "fr")
    assert docs.get("/openapi.json").json() == fr
    assert docs.get("/openapi.json", params={"lang": "en"}).json() == english


def test_a_named_query_is_documented_from_its_own_header(docs, english):
    from kg.publish import named_queries

    query = named_queries.catalogue()["absences"]
    title, description = query.translations["fr"]
    operation = docs.get("/openapi.json", params={"lang": "fr"}).json()["paths"][
        "/api/queries/absences"
    ]["get"]
    assert operation["summary"] == title
    assert operation["description"].startswith(description + "\n\n```sparql\n")
    assert operation["description"].endswith(f"{query.sparql}\n```")
    en = english["paths"]["/api/queries/absences"]["get"]
    assert en["summary"] == query.title and en["description"].startswith(query.description)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_of_the_document_is_translated(english, lang):
    """A new route or parameter without a translation fails here, with its texts listed:
    run `make i18n`, then translate them in kg/locale/<lang>/LC_MESSAGES/openapi.po."""
    catalogue = _catalogue(lang)
    from_queries = openapi.query_texts(lang)
    missing = [
        text
        for text in openapi.texts(english)
        if not (from_queries.get(text) or catalogue.get(text))
    ]
    assert missing == [], f"untranslated in {lang}:\n" + "\n---\n".join(missing)


def test_the_template_lists_every_catalogue_text_once(english, tmp_path, capsys):
    """`python -m api.openapi_texts` writes what is committed (up to its date): every text of
    the document but the named queries', once each, sorted."""
    openapi_texts.main([str(tmp_path / "openapi.pot")])
    assert capsys.readouterr().out.startswith(f"{len(openapi.catalogue_texts(english))} texts")
    with (tmp_path / "openapi.pot").open("rb") as pot:
        written = [m.id for m in read_po(pot) if m.id]
    with (locale.FOLDER / f"{openapi.DOMAIN}.pot").open("rb") as pot:
        committed = [m.id for m in read_po(pot) if m.id]
    assert written == committed == openapi.catalogue_texts(english), "run `make i18n`"
    assert len(written) == len(set(written)) and written == sorted(written)
    assert not set(written) & set(openapi.query_texts("en"))


CODE = re.compile(r"`[^`]*`|POLICYKG_\w+|/api/[\w/{}-]+|\b(?:UK-(?:EW|SCT|NI)|xsd:\w+|skos:\w+)\b")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_code_paths_and_identifiers(lang):
    for msgid, msgstr in _catalogue(lang).items():
        assert sorted(CODE.findall(msgstr)) == sorted(CODE.findall(msgid)), (msgid, msgstr)


def test_french_puts_a_no_break_space_before_high_punctuation():
    loose = re.compile(r" [:;!?](?= |$|\n)|« | »")
    assert [s for s in _catalogue("fr").values() if loose.search(s)] == []


def test_each_translated_document_is_made_once(docs):
    app = docs.app
    with locale.using("sv"):
        first = app.openapi()  # type: ignore[attr-defined]
        assert app.openapi() is first  # type: ignore[attr-defined]
    with locale.using("en"):
        assert app.openapi() is not first  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["sv", "fr", "en"])
def test_docs_page_in_the_reader_language(docs, lang):
    page = docs.get("/docs", params={"lang": lang})
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text
    assert f"/openapi.json?lang={lang}" in page.text
    with locale.using(lang):
        title = locale.gettext("policykg API")
    assert f"<title>{title}</title>" in page.text
    if lang != "en":
        assert title != "policykg API"


def test_docs_page_follows_accept_language(docs):
    page = docs.get("/docs", headers={"Accept-Language": "fr"})
    assert '<html lang="fr">' in page.text and "/openapi.json?lang=fr" in page.text


def test_only_texts_are_replaced_never_values_or_names():
    spec = {
        "info": {"title": "policykg", "description": "the app"},
        "paths": {
            "/x": {
                "get": {
                    "summary": "an operation",
                    "description": "",
                    "parameters": [
                        {
                            "name": "description",
                            "description": "a parameter",
                            "schema": {"enum": ["summary"], "default": "summary"},
                            "examples": {"one": {"summary": "an example", "value": "v"}},
                        }
                    ],
                }
            }
        },
        "components": {
            "schemas": {
                "examples": {
                    "type": "object",
                    "description": "a schema",
                    "properties": {
                        "description": {"type": "string", "description": "a field"},
                        "default": {"type": "string", "const": "x", "description": "a flag"},
                    },
                }
            }
        },
    }
    assert openapi.texts(spec) == [
        "a field",
        "a flag",
        "a parameter",
        "a schema",
        "an operation",
        "the app",
    ]
    upper = openapi._replace(spec, str.upper)
    assert openapi.texts(upper) == [t.upper() for t in openapi.texts(spec)]
    assert _without_texts(upper) == _without_texts(spec)
    parameter = upper["paths"]["/x"]["get"]["parameters"][0]
    assert parameter["examples"] == {"one": {"summary": "an example", "value": "v"}}
    assert parameter["name"] == "description" and upper["paths"]["/x"]["get"]["description"] == ""
    assert upper["info"]["title"] == "policykg"
