"""`python -m api.openapi_texts [OUTPUT]`: the template of the API documentation's texts.

pybabel's code extraction sees `_()` calls, not docstrings nor `Query(description=…)`, so the
texts of /openapi.json (operation summaries and descriptions, parameter, response, request
body, tag and schema descriptions, the application's own description) are taken from the
English document itself: this builds it from the application and writes every text the
`openapi` catalogue translates once, sorted, to kg/locale/openapi.pot. `make i18n` runs it,
then updates kg/locale/fr|sv/LC_MESSAGES/openapi.po. How the texts are found and replaced:
api/openapi.py.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from api.app import create_app
from api.openapi import DOMAIN, catalogue_texts
from kg import locale
from kg.config import Settings
from kg.store import EmbeddedStore


def english_document() -> dict[str, Any]:
    """The application's English OpenAPI document, built over an empty store."""
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
