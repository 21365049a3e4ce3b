"""The comparison (`kg.analysis.compare.compare`) as a document to hand in: one table of the
facts in force per jurisdiction, each fact's source a numbered note, the "as of" date under
the title; written as DOCX or Markdown by `kg.formats.document`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.formats.document import Document, Run, Table
from kg.locale import _, format_date, format_money, format_years, using


def compare_document(doc: Mapping[str, Any], lang: str) -> Document:
    """The comparison document in `lang` (the language it was computed in)."""
    with using(lang):
        document = Document(
            title=_(
                "{topic} — as of {date}", topic=doc["topic"]["label"], date=format_date(doc["at"])
            ),
            lang=lang,
            notes_heading=_("Sources"),
        )
        document.paragraph(Run(_("facts as of {date}", date=format_date(doc["at"])), bold=True))
        rows = []
        for row in doc["rows"]:
            code = [Run(row["jurisdiction"], bold=True)]
            if not row["items"]:
                words = _("absent") if row["status"] == "absent" else _("unknown")
                notes = [a.get("comment") for a in row.get("absence", []) if a.get("comment")]
                sources = [s for a in row.get("absence", []) for s in a.get("sources", [])]
                text = words + (f": {notes[0]}" if notes else "")
                rows.append([code, [Run(text, note=document.note(sources[0] if sources else None))],
                             [Run("")], [Run("")], [Run("")]])  # fmt: skip
                continue
            for item in row["items"]:
                details = item["details"]
                source = (item["sources"] or [item["url"]])[0]
                if source and details.get("checked_on"):
                    source += " — " + _("checked {date}", date=format_date(details["checked_on"]))
                rows.append([
                    code,
                    [Run(item["label"], lang=item.get("label_lang"), note=document.note(source))],
                    [Run(item["citation"] or "")],
                    [Run("; ".join(_penalty(s) for s in item["sanctions"]))],
                    [Run({"verified": _("verified"), "unverified": _("unverified")}.get(
                        details.get("verification") or "", _("not stated")))],
                ])  # fmt: skip
        document.blocks.append(
            Table(
                [_("jurisdiction"), _("Fact"), _("citation"), _("Penalty"), _("verification")], rows
            )
        )
        return document


def _penalty(sanction: dict[str, Any]) -> str:
    """'10 years, 150,000 €' in the reader's language; 'life imprisonment' as such."""
    parts = []
    if sanction.get("life_imprisonment"):
        parts.append(_("life imprisonment"))
    elif sanction.get("max_prison_years") is not None:
        parts.append(format_years(sanction["max_prison_years"]))
    fine = sanction.get("max_fine") or {}
    if fine.get("unlimited"):
        parts.append(_("unlimited fine"))
    elif fine.get("amount") is not None:
        parts.append(format_money(fine["amount"], fine.get("currency")))
    return ", ".join(parts) or _("penalty not recorded")
