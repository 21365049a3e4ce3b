"""The OpenAPI document's texts in the reader's language, from the gettext domain `openapi`.

pybabel's code extraction sees `_()` calls, not docstrings nor `Query(description=…)`, so the
texts of the API documentation (operation summaries and descriptions, parameter, response,
request body, tag and schema descriptions, the application's own description) are taken from
the English document itself: `python -m api.openapi_texts` builds it from the application and
writes every text once, sorted, to kg/locale/openapi.pot (`make i18n` runs it, then updates
kg/locale/fr|sv/LC_MESSAGES/openapi.po). A translated document is a copy of the English one
with those texts, and only those, replaced: identifiers, paths, parameter names, enum values,
examples and media types stay as they are. A text without a translation stays in English.

The named queries' operations are the exception: their summary and description (with the
SPARQL text) come from each query's own header, which carries `title@fr:`, `description@sv:`…
(kg/queries/catalogue/*.rq, api/routes/queries.py `documentation`), so they are left out of
the template and a change to a query's SPARQL asks for no new translation.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from kg import locale

DOMAIN = "openapi"
#: The keys whose string values a person reads (OpenAPI 3.1: operations, parameters,
#: responses, request bodies, tags, info, security schemes and schema objects).
TEXT_KEYS = frozenset({"summary", "description"})
#: Subtrees that hold values, not documentation: never translated, never walked.
VALUE_KEYS = frozenset({"examples", "example", "enum", "default", "const"})


#: Maps whose keys are names chosen by the API (a schema's properties, the components, the
#: paths, media types…): a property called `description` or `examples` is a schema like any.
NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "schemas",
        "securitySchemes",
        "requestBodies",
        "headers",
        "links",
        "callbacks",
        "paths",
        "webhooks",
        "content",
        "encoding",
    }
)


def texts(spec: Any) -> list[str]:
    """Every human-readable text of an OpenAPI document, once each, sorted."""
    found: set[str] = set()

    def collect(text: str) -> str:
        found.add(text)
        return text

    _replace(spec, collect)
    return sorted(found)


def catalogue_texts(spec: Any) -> list[str]:
    """The texts of `spec` that the `openapi` catalogue translates (not the named queries')."""
    from_queries = set(query_texts(locale.DEFAULT))
    return [text for text in texts(spec) if text not in from_queries]


def query_texts(lang: str) -> dict[str, str]:
    """{English text: its translation} for the named queries' summaries and descriptions that
    their headers give in `lang` (for English: every such text, as it is)."""
    from api.routes.queries import documentation
    from kg.publish import named_queries

    pairs: dict[str, str] = {}
    for query in named_queries.catalogue().values():
        if lang == locale.DEFAULT or lang in query.translations:
            pairs.update(zip(documentation(query), documentation(query, lang), strict=True))
    return pairs


def translate(spec: dict[str, Any], lang: str) -> dict[str, Any]:
    """A copy of the English document `spec` with its texts in `lang` (English where the
    `openapi` catalogue of `lang` has no translation)."""
    catalogue = locale.translations(lang, DOMAIN)
    from_queries = query_texts(lang)

    def text(english: str) -> str:
        return from_queries.get(english) or catalogue.gettext(english)

    translated = _replace(spec, text)
    assert isinstance(translated, dict)
    return translated


def _replace(node: Any, text: Callable[[str], str], names: bool = False) -> Any:
    """A copy of `node` with each non-empty text replaced by `text(it)`; values and
    identifiers are kept (`names`: the keys of `node` are names, its values all objects)."""
    if isinstance(node, dict):
        copy: dict[str, Any] = {}
        for key, value in node.items():
            if names:
                copy[key] = _replace(value, text)
            elif key in TEXT_KEYS and isinstance(value, str):
                copy[key] = text(value) if value else value
            elif key in VALUE_KEYS:
                copy[key] = value  # shared with the English document: neither is changed
            else:
                copy[key] = _replace(value, text, key in NAME_MAPS and isinstance(value, dict))
        return copy
    if isinstance(node, list):
        return [_replace(item, text) for item in node]
    return node


def english_document() -> dict[str, Any]:
    """The application's English OpenAPI document, built over an empty store."""
    from api.app import create_app
    from kg.config import Settings
    from kg.store import EmbeddedStore

    app = create_app(Settings(store="memory"), store=EmbeddedStore(), query_workers=1)
    with locale.using(locale.DEFAULT):
        return app.openapi()


def template(spec: dict[str, Any]) -> Catalog:
    """The `openapi` domain's template: every text of `spec` the catalogue translates."""
    catalogue = Catalog(
        domain=DOMAIN,
        project="policykg",
        copyright_holder="policykg contributors",
        creation_date=datetime.now(UTC),
        fuzzy=False,
    )
    for text in catalogue_texts(spec):
        catalogue.add(text)
    return catalogue


def write_template(path: Path) -> int:
    """Write the template to `path`; the number of texts."""
    catalogue = template(english_document())
    with path.open("wb") as pot:
        write_po(pot, catalogue, sort_output=True, no_location=True, ignore_obsolete=True)
    return len(catalogue)


def main(argv: list[str] | None = None) -> None:
    """`python -m api.openapi_texts [OUTPUT]`: write the template (default kg/locale/openapi.pot)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else locale.FOLDER / f"{DOMAIN}.pot"
    count = write_template(path)
    print(f"{count} texts -> {path}")


if __name__ == "__main__":
    main()
