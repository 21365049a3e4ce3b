"""The brief (`kg.analysis.brief.brief`) as a document to hand in: the one-screen summary
table first, then one section per ask with its parts and their facts, every fact's source a
numbered note with the day it was checked, and the "as of" date under the title."""

from __future__ import annotations

from typing import Any

from kg.formats.document import Document, Run, Table
from kg.locale import _, format_date, mark, using

#: Verdicts of checked claims, for people (the same words as the page).
VERDICTS = {
    "consistent": mark("consistent"),
    "outdated": mark("outdated"),
    "contradicted": mark("contradicted"),
    "unchecked": mark("not checkable"),
    "not-checkable": mark("not checkable"),
    "fulfilled": mark("fulfilled"),
}


def brief_document(brief: dict[str, Any], lang: str) -> Document:
    """The brief of a question (or an answer's checked claims) in `lang`."""
    with using(lang):
        return _brief_document(brief, lang)


def _source_note(
    document: Document, sources: list[str] | None, checked_on: str | None
) -> int | None:
    if not sources:
        return None
    text = sources[0]
    if checked_on:
        text += " — " + _("checked {date}", date=format_date(checked_on))
    return document.note(text)


def _verification(value: str | None) -> str:
    return {"verified": _("verified"), "unverified": _("unverified")}.get(
        value or "", _("not stated")
    )


def _brief_document(brief: dict[str, Any], lang: str) -> Document:
    head = brief["document"]
    source_lang = head.get("language")
    document = Document(
        title=_("Brief: {title}", title=head["title"] or head["id"]),
        lang=lang,
        notes_heading=_("Sources"),
    )
    kind = {
        "parliamentary-question": _("parliamentary question"),
        "ministerial-answer": _("ministerial answer"),
    }.get(head["type"], head["type"])
    dated = f" · {format_date(head['date'])}" if head.get("date") else ""
    document.paragraph(Run(f"{kind}{dated}", italic=True))
    document.paragraph(Run(_("facts as of {date}", date=format_date(brief["at"])), bold=True))
    if brief.get("note"):
        document.paragraph(brief["note"])
    if brief.get("summary"):
        _summary(document, brief["summary"])
    for ask in brief.get("asks") or []:
        _ask(document, ask, source_lang)
    _claims(document, brief.get("claims") or [], source_lang)
    return document


def _summary(document: Document, summary: list[dict[str, Any]]) -> None:
    document.heading(_("Summary"), 1)
    rows = []
    for entry in summary:
        fact = entry["key_fact"]
        if fact:
            note = _source_note(
                document, [fact["source"]] if fact["source"] else None, fact["checked_on"]
            )
            key = [Run(fact["text"], note=note)]
        else:
            key = [Run(_("nothing recorded"), italic=True)]
        status = [Run(entry["status_label"], bold=True)]
        if entry["missing"]:
            status.append(Run(" — " + entry["missing"]))
        rows.append(
            [[Run(str(entry["index"]))], [Run(", ".join(entry["kinds"]) or "—")], status, key]
        )
    document.blocks.append(Table([_("Ask"), _("Kind"), _("Status"), _("Key fact")], rows))


def _ask(document: Document, ask: dict[str, Any], source_lang: str | None) -> None:
    status = {
        "answered": _("answered from verified facts"),
        "partly": _("partly answered"),
        "no-data": _("no data in the graph"),
    }[ask["status"]]
    document.heading(_("Ask {n}", n=ask["index"]) + f" — {status}", 1)
    document.paragraph(Run(ask["text"], italic=True, lang=source_lang), quote=True)
    if ask.get("status_note"):
        document.paragraph(Run(_("What is missing"), bold=True), Run(": " + ask["status_note"]))
    for kind, part in zip(ask["kinds"], ask["parts"], strict=True):
        _part(document, kind["label"], part)


def _part(document: Document, label: str, part: dict[str, Any]) -> None:
    status = {
        "answered": _("answered from verified facts"),
        "partly": _("partly answered"),
        "no-data": _("no data in the graph"),
    }[part["status"]]
    document.heading(f"{label[:1].upper()}{label[1:]} — {status}", 2)
    if part.get("note"):
        document.paragraph(Run(part["note"], italic=True))
    related = [f for f in part["facts"] if not f["on_point"]]
    for fact in [f for f in part["facts"] if f["on_point"]]:
        _fact(document, fact)
    if related:
        document.paragraph(Run(_("Related facts ({n})", n=len(related)), bold=True))
        for fact in related:
            _fact(document, fact)
    for finding in part.get("findings") or []:
        note = _source_note(document, finding["sources"], None)
        document.paragraph(
            Run(f"{finding['reference']} → {finding['target']}", bold=True),
            Run(f" · {finding.get('topic_label') or finding['topic']}: "),
            Run(finding["explanation"], note=note),
            bullet=True,
        )
    for claim in part.get("claims") or []:
        document.paragraph(
            Run(f"“{claim['text']}”", italic=True),
            Run(" — "),
            Run(_(VERDICTS.get(claim["verdict"], claim["verdict"])), bold=True),
            Run(": " + claim["explanation"]),
            bullet=True,
        )


def _fact(document: Document, fact: dict[str, Any]) -> None:
    note = _source_note(
        document,
        fact["sources"] or ([fact["url"]] if fact.get("url") else None),
        fact["checked_on"],
    )
    runs = [Run(fact["summary"], lang=fact.get("label_lang"), note=note)]
    runs.append(Run(f" [{_verification(fact['verification'])}]"))
    if fact.get("attributed_to"):
        runs += [Run(" — "), Run(fact["attributed_to"], italic=True)]
    document.paragraph(*runs, bullet=True)


def _claims(document: Document, claims: list[dict[str, Any]], source_lang: str | None) -> None:
    if not claims:
        return
    document.heading(_("Checked claims ({n})", n=len(claims)), 1)
    rows = [
        [
            [Run(c["text"], lang=source_lang)],
            [Run(_(VERDICTS.get(c["verdict"], c["verdict"])), bold=True)],
            [Run(c["explanation"])],
        ]
        for c in claims
    ]
    document.blocks.append(Table([_("Claim"), _("Verdict"), _("Why")], rows))
