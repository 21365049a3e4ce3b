"""Comparison documents as flat tables (CSV, Markdown, XLSX) for pasting into a note.

One row per sanction (or per item without sanctions, or per jurisdiction without items), so
a drafter can sort and filter; every row keeps its citation and source. Headers and words
are in the document's language (its `lang`); the values from the graph are as the
document has them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kg.locale import _, format_number, mark, using

COLUMNS = [
    "jurisdiction",
    "status",
    "item",
    "citation",
    "url",
    "kind",
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
    "fine_kind",
    "victim_age_from",
    "legal_basis",
    "details",
    "verification",
    "checked_on",
    "source",
]


#: Column headers as a reader sees them (the keys stay the stable names of the columns).
HEADERS = {
    "jurisdiction": mark("jurisdiction"),
    "status": mark("status"),
    "item": mark("item"),
    "citation": mark("citation"),
    "url": mark("official text"),
    "kind": mark("kind of fact"),
    "valid_from": mark("in force from"),
    "valid_until": mark("in force until"),
    "condition": mark("condition"),
    "procedure": mark("procedure"),
    "victim_age_below": mark("victim under (age)"),
    "max_prison_years": mark("maximum prison (years)"),
    "min_prison_years": mark("minimum prison (years)"),
    "life_imprisonment": mark("life imprisonment"),
    "max_fine": mark("maximum fine"),
    "fine_currency": mark("currency"),
    "fine_unlimited": mark("unlimited fine"),
    "fine_kind": mark("kind of fine"),
    "victim_age_from": mark("victim from (age)"),
    "legal_basis": mark("legal basis"),
    "details": mark("details"),
    "verification": mark("verification"),
    "checked_on": mark("checked on"),
    "source": mark("source"),
}
#: Words the tables write for coded values.
WORDS = {
    "present": mark("present"),
    "absent": mark("absent"),
    "unknown": mark("unknown"),
    "verified": mark("verified"),
    "unverified": mark("unverified"),
    "recorded": mark("recorded"),
    "estimate": mark("estimate"),
    "summary": mark("summary"),
    "indictment": mark("indictment"),
    "day-fines": mark("day-fines"),
    "offence": mark("offence"),
    "reporting-duty": mark("reporting duty"),
    "action-plan": mark("action plan"),
    "body": mark("body"),
    "data-system": mark("data system"),
    "statistic": mark("statistic"),
    "protection-measure": mark("protection measure"),
    "instrument": mark("instrument"),
    "fixed": mark("fixed amount"),
    "statutory-maximum": mark("statutory maximum"),
}
#: Columns whose coded values are written as words.
WORDED = ("status", "kind", "verification", "procedure", "fine_kind")


def headers(columns: list[str]) -> list[str]:
    """The columns' headers in the current language."""
    return [_(HEADERS.get(c, c)) for c in columns]


def word(value: Any) -> Any:
    """A coded value (present, verified…) in words of the current language."""
    return _(WORDS[value]) if isinstance(value, str) and value in WORDS else value


def item_summary(item: dict[str, Any]) -> str | None:
    """What a fact without sanctions says, in one line: a figure, a duty, a plan…"""
    d = item.get("details") or {}
    kind = item["kind"]
    if kind == "statistic" and d.get("value") is not None:
        where = "; ".join(
            str(word(x)) for x in (d.get("period"), d.get("territory"), d.get("method")) if x
        )
        by = f" — {d['attributed_to']}" if d.get("attributed_to") else ""
        return f"{_number(d['value'])} {d.get('unit') or ''} ({where}){by}"
    if kind == "reporting-duty" and "duty_bearers" in d:
        recipients = ", ".join(r["label"] or r["iri"] for r in d.get("recipients", []))
        parts = [_("who: {bearers}", bearers="; ".join(d["duty_bearers"]))]
        if recipients:
            parts.append(_("to: {recipients}", recipients=recipients))
        parts.append(_("breach punished") if d.get("breach_punished") else _("breach not punished"))
        return "; ".join(parts)
    if kind == "action-plan" and "period" in d:
        parts = [f"{d['period']['start'] or '?'} – {d['period']['end'] or ''}".strip()]
        parts += [
            _("coordinator: {name}", name=c["label"] or c["iri"]) for c in d.get("coordinators", [])
        ]
        if d.get("budget"):
            amount = f"{_number(d['budget']['amount'])} {d['budget']['currency']}"
            parts.append(_("budget: {amount}", amount=amount))
        return "; ".join(parts)
    if kind == "data-system" and d.get("operated_by"):
        names = ", ".join(o["label"] or o["iri"] for o in d["operated_by"])
        return _("operated by {names}", names=names)
    if kind == "instrument" and d.get("parties"):
        actions = {
            "signature": _("signed"),
            "ratification": _("ratified"),
            "entry_into_force": _("in force"),
            "ceased_to_apply": _("ceased"),
        }
        return "; ".join(
            f"{code}: " + ", ".join(f"{actions.get(k, k)} {v}" for k, v in party.items() if v)
            for code, party in d["parties"].items()
        )
    return None


def _number(value: Any) -> str:
    return format_number(value) if isinstance(value, (int, float)) else str(value)


def flat_rows(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The compare document as one dict per line of a table, every value in one canonical
    form (`canonical`) so that the same graph gives the same table whatever the store."""
    lines: list[dict[str, Any]] = []
    for row in doc["rows"]:
        base = {"jurisdiction": row["jurisdiction"], "status": row["status"]}
        if not row["items"]:
            absence = (row.get("absence") or [{}])[0]
            lines.append(
                base
                | {
                    "item": absence.get("comment"),
                    "valid_from": absence.get("valid_from"),
                    "valid_until": absence.get("valid_until"),
                    "source": sources_text(absence.get("sources")),
                }
            )
            continue
        for item in row["items"]:
            about = base | {
                "item": item["label"],
                "citation": item["citation"],
                "url": item["url"],
                "kind": item["kind"],
                "valid_from": item["valid_from"],
                "valid_until": item["valid_until"],
                "verification": item["details"].get("verification"),
                "checked_on": item["details"].get("checked_on"),
                "details": item_summary(item),
                "source": sources_text(item["sources"]),
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
                        "victim_age_from": sanction.get("victim_age_from"),
                        "max_prison_years": sanction["max_prison_years"],
                        "min_prison_years": sanction["min_prison_years"],
                        "life_imprisonment": sanction["life_imprisonment"],
                        "max_fine": fine.get("amount"),
                        "fine_currency": fine.get("currency"),
                        "fine_unlimited": fine.get("unlimited"),
                        "fine_kind": fine.get("kind"),
                        "legal_basis": sanction["legal_basis"],
                        "verification": sanction["verification"],
                        "checked_on": sanction.get("checked_on") or about.get("checked_on"),
                        "valid_from": sanction["valid_from"],
                        "valid_until": sanction["valid_until"],
                    }
                )
    return [{c: canonical(line.get(c)) for c in COLUMNS} for line in lines]


def canonical(value: Any) -> Any:
    """One form per value whatever the store returned: a whole number as an int (4, not
    4.0 or Decimal('4.0')), other numbers as float, dates as ISO text."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() else float(number)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def sources_text(sources: list[str] | None) -> str | None:
    """Every source of a row, sorted and separated by spaces (URLs hold no spaces): the
    order a store returns them in is not part of the data."""
    found = sorted(set(sources or []))
    return " ".join(found) if found else None


def to_csv(doc: Mapping[str, Any]) -> str:
    """CSV with the headers in the document's language; numbers stay machine-readable."""
    with using(doc.get("lang", "en")):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers(COLUMNS))
        for row in flat_rows(doc):
            writer.writerow([word(row[c]) if c in WORDED else row[c] for c in COLUMNS])
        return out.getvalue()


def to_markdown(doc: Mapping[str, Any]) -> str:
    """A Markdown table with a heading naming the topic and the date, in the document's language."""
    with using(doc.get("lang", "en")):
        columns = [c for c in COLUMNS if c not in ("fine_currency", "fine_unlimited", "status")]
        lines = [
            "## " + _("{topic} — as of {date}", topic=doc["topic"]["label"], date=doc["at"]),
            "",
            "| " + " | ".join(headers(columns)) + " |",
            "|" + "---|" * len(columns),
        ]
        for row in flat_rows(doc):
            if row["max_fine"] is not None and row["fine_currency"]:
                row["max_fine"] = f"{_number(row['max_fine'])} {row['fine_currency']}"
            elif row["fine_unlimited"]:
                row["max_fine"] = _("unlimited")
            elif row["fine_kind"]:
                row["max_fine"] = word(row["fine_kind"])
            if row["item"] is None:
                row["item"] = word(row["status"])
            elif row["status"] == "absent":
                row["item"] = _("absent: {text}", text=row["item"])
            for column in WORDED:
                row[column] = word(row[column])
            lines.append("| " + " | ".join(_cell(row[c]) for c in columns) + " |")
        return "\n".join(lines) + "\n"


def to_xlsx(doc: Mapping[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook opens on a worksheet
    sheet.title = doc["topic"]["notation"][:31]
    with using(doc.get("lang", "en")):
        sheet.append(headers(COLUMNS))
        for row in flat_rows(doc):
            sheet.append([word(row[c]) if c in WORDED else row[c] for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value).replace("|", "\\|").replace("\n", " ")


def coverage_to_csv(doc: Mapping[str, Any]) -> str:
    """The coverage matrix (the `as_dict` of kg.analysis.coverage.Coverage), one row per jurisdiction."""
    with using(doc.get("lang", "en")):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([_("jurisdiction"), *doc["topics"]])
        for code, row in doc["matrix"].items():
            writer.writerow([code, *(word(row[t]) for t in doc["topics"])])
        return out.getvalue()


def coverage_to_markdown(doc: Mapping[str, Any]) -> str:
    """The coverage matrix as a Markdown table, with the unverified count below it."""
    with using(doc.get("lang", "en")):
        lines = [
            f"| {_('jurisdiction')} | " + " | ".join(doc["topics"]) + " |",
            "| --- |" + " --- |" * len(doc["topics"]),
        ]
        for code, row in doc["matrix"].items():
            lines.append(f"| {code} | " + " | ".join(word(row[t]) for t in doc["topics"]) + " |")
        counts = doc["verification"]
        lines += [
            "",
            _("On {date}.", date=doc["at"])
            + " "
            + _(
                "Curated facts: {verified} verified, {unverified} unverified.",
                verified=counts["verified"],
                unverified=counts["unverified"],
            ),
        ]
        return "\n".join(lines) + "\n"
