"""Exports keep what the pages show (day-fines, checked_on, every source, the official URL),
in one canonical form whatever the store returned."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from kg.analysis.compare import compare
from kg.formats import export

SE_CHILD = "purchase-sex-minor"


def _rows(text: str) -> list[dict[str, str]]:
    """The CSV's lines keyed by the stable column names (headers are in the reader's language)."""
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == export.headers(export.COLUMNS)
    return [dict(zip(export.COLUMNS, line, strict=True)) for line in lines[1:]]


def test_csv_keeps_day_fines_checked_on_and_every_source(store):
    doc = compare(store, SE_CHILD, ["SE", "FR"], "2015-01-01")
    rows = _rows(export.to_csv(doc))
    swedish = [r for r in rows if r["jurisdiction"] == "SE"]
    assert any(r["fine_kind"] == "day-fines" for r in swedish), swedish
    assert all(r["checked_on"] for r in rows if r["status"] == "present")
    assert "checked on" in export.headers(export.COLUMNS)
    # the source column holds every source of the item and its sanction, sorted
    for row, line in zip(rows, export.flat_rows(doc), strict=True):
        sources = row["source"].split(" ")
        assert sources == sorted(sources)
        assert line["source"] == row["source"]
    item = next(i for r in doc["rows"] if r["jurisdiction"] == "FR" for i in r["items"])
    french = next(r for r in rows if r["jurisdiction"] == "FR" and r["item"] == item["label"])
    assert set(french["source"].split(" ")) == set(item["sources"])
    assert french["url"] == item["url"] and french["kind"] == "offence"


def test_xlsx_and_markdown_keep_the_same_fields(store):
    doc = compare(store, SE_CHILD, ["SE"], "2015-01-01", lang="fr")
    sheet = load_workbook(io.BytesIO(export.to_xlsx(doc))).active
    header = [c.value for c in sheet[1]]
    assert "vérifié le" in header and "nature de l'amende" in header
    column = header.index("nature de l'amende") + 1
    assert "jours-amende" in {sheet.cell(r, column).value for r in range(2, sheet.max_row + 1)}
    markdown = export.to_markdown(doc)
    assert "jours-amende" in markdown and "vérifié le" in markdown


def test_values_have_one_form_whatever_the_store():
    assert export.canonical(Decimal("4.0")) == 4 and isinstance(export.canonical(4.0), int)
    assert export.canonical(Decimal("0.5")) == 0.5
    assert export.canonical(True) is True and export.canonical(None) is None
    assert export.sources_text(["https://b", "https://a", "https://b"]) == "https://a https://b"
    assert export.sources_text([]) is None
