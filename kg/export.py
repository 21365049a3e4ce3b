"""Comparison documents as flat tables (CSV, Markdown, XLSX) for pasting into a note.

One row per sanction (or per item without sanctions, or per jurisdiction without items), so
a drafter can sort and filter; every row keeps its citation and source.
"""

from __future__ import annotations

import csv
import io
from typing import Any

COLUMNS = [
    "jurisdiction",
    "status",
    "item",
    "citation",
    "valid_from",
    "valid_until",
    "condition",
    "procedure",
    "victim_age_below",
    "max_prison_years",
    "min_prison_years",
    "life_imprisonment",
    "max_fine",
    "fine_currency",
    "fine_unlimited",
    "legal_basis",
    "verification",
    "source",
]


def flat_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The compare document as one dict per line of a table."""
    lines: list[dict[str, Any]] = []
    for row in doc["rows"]:
        base = {"jurisdiction": row["jurisdiction"], "status": row["status"]}
        if not row["items"]:
            absence = (row.get("absence") or [{}])[0]
            lines.append(
                base | {"item": absence.get("comment"), "source": _first(absence.get("sources"))}
            )
            continue
        for item in row["items"]:
            about = base | {
                "item": item["label"],
                "citation": item["citation"],
                "valid_from": item["valid_from"],
                "valid_until": item["valid_until"],
                "verification": item["details"].get("verification"),
                "source": _first(item["sources"]),
            }
            if not item["sanctions"]:
                lines.append(about)
            for sanction in item["sanctions"]:
                fine = sanction.get("max_fine") or {}
                lines.append(
                    about
                    | {
                        "condition": sanction["condition"],
                        "procedure": sanction["procedure"],
                        "victim_age_below": sanction["victim_age_below"],
                        "max_prison_years": sanction["max_prison_years"],
                        "min_prison_years": sanction["min_prison_years"],
                        "life_imprisonment": sanction["life_imprisonment"],
                        "max_fine": fine.get("amount"),
                        "fine_currency": fine.get("currency"),
                        "fine_unlimited": fine.get("unlimited"),
                        "legal_basis": sanction["legal_basis"],
                        "verification": sanction["verification"],
                        "valid_from": sanction["valid_from"],
                        "valid_until": sanction["valid_until"],
                    }
                )
    return [{c: line.get(c) for c in COLUMNS} for line in lines]


def to_csv(doc: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat_rows(doc))
    return out.getvalue()


def to_markdown(doc: dict[str, Any]) -> str:
    """A Markdown table with a heading naming the topic and the date."""
    columns = [c for c in COLUMNS if c not in ("fine_currency", "fine_unlimited", "status")]
    lines = [
        f"## {doc['topic']['label']} — as of {doc['at']}",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for row in flat_rows(doc):
        if row["max_fine"] is not None and row["fine_currency"]:
            row["max_fine"] = f"{row['max_fine']} {row['fine_currency']}"
        elif row["fine_unlimited"]:
            row["max_fine"] = "unlimited"
        if row["item"] is None:
            row["item"] = row["status"]
        lines.append("| " + " | ".join(_cell(row[c]) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def to_xlsx(doc: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = doc["topic"]["notation"][:31]
    sheet.append(COLUMNS)
    for row in flat_rows(doc):
        sheet.append([row[c] for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("|", "\\|").replace("\n", " ")
