"""Rich renderings for the terminal: build summary, validation report, comparison, results."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions

from kg.formats.export import item_summary, word
from kg.locale import (
    _,
    format_money,
    format_number,
    format_percent,
    format_years,
    mark,
    ngettext,
)
from kg.ns import PREFIXES

# Annotations only: importing the build (pySHACL, rdflib) costs a second, and rich is
# imported by the functions that print (the server uses `short` alone).
if TYPE_CHECKING:
    from rich.console import Console

    from kg.build.pipeline import BuildReport
    from kg.build.validate import ValidationReport, Violation


def short(term: Any) -> str:
    """An IRI as prefix:name where a known prefix fits, a literal as its text."""
    if isinstance(term, NamedNode):
        for prefix, namespace in _longest_first():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return f"<{term.value}>"
    if isinstance(term, Literal):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return "" if term is None else str(term)


@cache
def _longest_first() -> tuple[tuple[str, str], ...]:
    """The known prefixes, longest namespace first (sorted once: `short` runs per node)."""
    return tuple(sorted(PREFIXES.items(), key=lambda p: -len(p[1])))


def shorten(iri: str) -> str:
    """A compact name for an IRI (`^` marks an inverse property path)."""
    if iri.startswith("^"):
        return "^" + shorten(iri[1:])
    try:
        return short(NamedNode(iri))
    except ValueError:
        return iri


def print_validation(console: Console, report: ValidationReport, title: str | None = None) -> None:
    from rich.table import Table

    table = Table(
        title=title
        or ngettext(
            "SHACL validation: {n} problem",
            "SHACL validation: {n} problems",
            len(report.violations),
        ),
        show_lines=True,
    )
    for column in (_("severity"), _("file"), _("resource"), _("property"), _("problem")):
        table.add_column(column, overflow="fold")
    for v in report.violations:
        table.add_row(
            v.severity,
            v.source or "?",
            shorten(v.focus),
            shorten(v.path) if v.path else "",
            v.message,
        )
    console.print(table)


def print_warning_summary(console: Console, warnings: list[Violation]) -> None:
    """Warnings grouped by file and message: the build stays readable with many of them."""
    from rich.table import Table

    groups: dict[tuple[str, str], list[str]] = {}
    for warning in warnings:
        groups.setdefault((warning.source or "?", warning.message), []).append(warning.focus)
    table = Table(
        title=_(
            "SHACL warnings: {n} (details: policykg check FILE)", n=format_number(len(warnings))
        )
    )
    for column in (_("file"), _("warning"), _("count"), _("for example")):
        table.add_column(column, overflow="fold")
    for (source, message), focuses in sorted(groups.items()):
        table.add_row(source, message, str(len(focuses)), shorten(sorted(focuses)[0]))
    console.print(table)


def print_build(
    console: Console, report: BuildReport, coverage: Mapping[str, Any] | None = None
) -> None:
    from rich.table import Table

    graphs = Table(title=_("Named graphs"))
    graphs.add_column(_("graph"))
    graphs.add_column(_("triples"), justify="right")
    for name, size in sorted(report.graph_sizes.items()):
        graphs.add_row(name, str(size))
    graphs.add_row("[bold]" + _("all graphs") + "[/]", f"[bold]{report.total}[/]")
    console.print(graphs)

    topics = sorted({t for _, t, _ in report.facts})
    codes = sorted({j for j, _, _ in report.facts} | set(report.sanctions))
    facts = Table(title=_("Facts per topic and jurisdiction"))
    facts.add_column(_("topic"), no_wrap=True)
    for code in codes:
        facts.add_column(code, justify="right", no_wrap=True)
    counts = {(j, t): n for j, t, n in report.facts}
    for topic in topics:
        facts.add_row(topic, *[str(counts.get((code, topic), "")) for code in codes])
    facts.add_row(
        "[dim]" + _("sanctions") + "[/]", *[str(report.sanctions.get(code, 0)) for code in codes]
    )
    console.print(facts)
    if coverage is not None:
        print_coverage(console, coverage)
    if report.labels_missing:
        console.print(
            _("Names missing, by language:")
            + " "
            + ", ".join(f"{lang} {n}" for lang, n in sorted(report.labels_missing.items()))
            + "; "
            + _("official names missing: {n}", n=report.official_names_missing)
            + "; "
            + _(
                "translations not marked as such (rdfs:label instead of :labelTranslation): {n}",
                n=report.unmarked_translations,
            )
        )
    if report.validation is not None:
        console.print("[green]" + _("SHACL: all data conforms to ontology/shapes.ttl") + "[/]")
        warnings = [v for v in report.validation.violations if v.severity != "Violation"]
        if warnings:
            print_warning_summary(console, warnings)
    if report.documents:
        console.print(_("Bundled sources ingested: {ids}", ids=", ".join(report.documents)))
    for problem in report.document_errors:
        console.print(
            "[red]" + _("Bundled source not ingested: {problem}", problem=problem) + "[/]"
        )
    if report.consistency is not None:
        print_consistency(console, report.consistency)
    if report.reasoning is not None:
        if report.reasoning.ran:
            inferred = len(report.reasoning.inferred)
            console.print(
                "[green]"
                + _(
                    "HermiT: consistent; {n} inferred triples stored in graph/inferred",
                    n=format_number(inferred),
                )
                + "[/]"
            )
        else:
            reason = report.reasoning.reason_skipped
            console.print(
                "[yellow]"
                + _("Reasoning skipped: {reason}", reason=_(reason) if reason else "")
                + "[/]"
            )


STATUS_STYLE = {"present": "green", "absent": "yellow", "unknown": "red"}
STATUS_SYMBOL = {"present": "●", "absent": "○", "unknown": "?"}
STATUSES = tuple(STATUS_STYLE)


def print_coverage(console: Console, doc: Mapping[str, Any], history: bool = False) -> None:
    """The coverage matrix (kg.analysis.coverage), one column per topic, coloured by status."""
    from rich.table import Table

    # a narrow terminal gets one symbol per cell, with a legend, rather than cut words
    compact = console.width < 40 + 10 * len(doc["jurisdictions"])
    table = Table(title=_("Coverage on {date}: present / absent / unknown", date=doc["at"]))
    table.add_column(_("topic"), no_wrap=True)
    for code in doc["jurisdictions"]:
        table.add_column(code, justify="center", no_wrap=True)
    for topic in doc["topics"]:
        cells = []
        for code in doc["jurisdictions"]:
            status = doc["matrix"][code][topic]
            text = STATUS_SYMBOL[status] if compact else word(status)
            cells.append(f"[{STATUS_STYLE[status]}]{text}[/]")
        table.add_row(topic, *cells)
    console.print(table)
    if compact:
        console.print("  ".join(f"{STATUS_SYMBOL[s]} {word(s)}" for s in STATUSES))
    totals = doc["totals"]
    counts = doc["verification"]
    console.print(
        _(
            "{present} present, {absent} absent, {unknown} unknown.",
            present=totals["present"],
            absent=totals["absent"],
            unknown=totals["unknown"],
        )
        + " "
        + _(
            "Curated facts: {verified} verified, {unverified} unverified.",
            verified=counts["verified"],
            unverified=counts["unverified"],
        )
    )
    shares = counts.get("by_jurisdiction") or {}
    if shares:
        console.print(
            _("Verified share:")
            + " "
            + ", ".join(
                f"{code} {format_percent(entry['share'])}" for code, entry in shares.items()
            )
        )
    if history:
        gaps = Table(title=_("Periods since 2000 with nothing recorded"))
        for column in (_("jurisdiction"), _("topic"), _("unknown from"), _("until")):
            gaps.add_column(column)
        for code, by_topic in doc["unknown_since_2000"].items():
            for topic, periods in by_topic.items():
                for period in periods:
                    gaps.add_row(code, topic, period["from"], period["until"] or _("today"))
        console.print(gaps)


def print_comparison(console: Console, doc: Mapping[str, Any]) -> None:
    from rich.table import Table

    table = Table(
        title=_(
            "{topic} ({notation}) — in force on {date}",
            topic=doc["topic"]["label"],
            notation=doc["topic"]["notation"],
            date=doc["at"],
        ),
        show_lines=True,
    )
    for column in (
        _("jurisdiction"),
        _("fact"),
        _("condition / details"),
        _("prison"),
        _("fine"),
        _("in force"),
    ):
        table.add_column(column, overflow="fold")
    for row in doc["rows"]:
        if not row["items"]:
            table.add_row(row["jurisdiction"], f"[dim]{word(row['status'])}[/]", "", "", "", "")
        for item in row["items"]:
            name = f"{item['label']}\n[dim]{item['citation'] or ''}[/]"
            for i, sanction in enumerate(item["sanctions"] or [None]):
                cells = (
                    _sanction_cells(sanction) if sanction else (item_summary(item) or "", "", "")
                )
                table.add_row(
                    row["jurisdiction"] if i == 0 else "",
                    name if i == 0 else "",
                    *cells,
                    _period(sanction or item),
                )
    console.print(table)


def _sanction_cells(s: dict[str, Any]) -> tuple[str, str, str]:
    condition = s["condition"] or ""
    if s["procedure"]:
        condition += f" [dim]({s['procedure']})[/]"
    if s["life_imprisonment"]:
        prison = _("life")
    elif s["max_prison_years"] is not None:
        prison = _years(s["max_prison_years"])
        if s["min_prison_years"] is not None:
            prison = f"{_years(s['min_prison_years'])} – {prison}"
    else:
        prison = "—"
    fine = s["max_fine"] or {}
    if fine.get("unlimited"):
        fine_text = _("unlimited")
    elif fine.get("amount") is not None:
        fine_text = format_money(fine["amount"], fine.get("currency"))
    else:
        fine_text = _(FINE_KINDS.get(fine.get("kind") or "", "—"))
    if s["verification"] == "unverified":
        condition += " [yellow](" + _("unverified") + ")[/]"
    return condition, prison, fine_text


#: Kinds of fine without an amount, in words to translate.
FINE_KINDS = {
    "day-fines": mark("day-fines"),
    "statutory-maximum": mark("fine up to the statutory maximum"),
    "level-5": mark("fine up to level 5 on the standard scale"),
    "fixed": mark("fine"),
}


def _years(value: float) -> str:
    if value == 0:
        return _("no prison")
    return format_years(value)


def _period(thing: dict[str, Any]) -> str:
    return f"{thing['valid_from']} → {thing['valid_until'] or '…'}"


def print_solutions(console: Console, result: Any) -> None:
    from rich.table import Table

    if isinstance(result, QueryBoolean):
        console.print("true" if bool(result) else "false")
        return
    assert isinstance(result, QuerySolutions)
    variables = [v.value for v in result.variables]
    table = Table()
    for v in variables:
        table.add_column(v, overflow="fold")
    rows = 0
    for row in result:
        table.add_row(*[short(row[v]) for v in variables])
        rows += 1
    console.print(table)
    console.print("[dim]" + ngettext("{n} row", "{n} rows", rows) + "[/]")


def print_ingested(console: Console, results: list[Any]) -> None:
    from rich.table import Table

    table = Table(title=ngettext("Ingested {n} document", "Ingested {n} documents", len(results)))
    for column in (
        "id",
        _("type"),
        _("lang"),
        _("questions"),
        _("citations"),
        _("penalties"),
        _("figures"),
        _("mentions"),
        _("provisions"),
    ):
        table.add_column(column, overflow="fold")
    for r in results:
        e = r.extraction
        table.add_row(
            r.id,
            e["type"],
            e["language"] or "",
            *[
                str(len(e[k]))
                for k in (
                    "questions",
                    "citations",
                    "penalties",
                    "figures",
                    "mentions",
                    "provisions",
                )
            ],
        )
    console.print(table)


def print_consistency(console: Console, result: Any) -> None:
    """Statute penalties against curated sanctions (kg.build.consistency)."""
    from rich.table import Table

    if not result.disagreements:
        console.print(
            ngettext(
                "Statutes vs curated facts: {n} penalty compared, no disagreement",
                "Statutes vs curated facts: {n} penalties compared, no disagreement",
                result.compared,
            )
            + (
                "; "
                + ngettext(
                    "{n} on a provision or date with no curated sanction",
                    "{n} on provisions or dates with no curated sanction",
                    result.uncurated,
                )
                if result.uncurated
                else ""
            )
        )
        return
    table = Table(
        title=_(
            "Statutes disagree with curated facts: {n}",
            n=format_number(len(result.disagreements)),
        ),
        show_lines=True,
    )
    for column in (_("provision"), _("version of"), _("statute says"), _("curated"), _("text")):
        table.add_column(column, overflow="fold")
    for d in result.disagreements:
        table.add_row(shorten(d.provision), d.at, d.statute_says, "; ".join(d.curated), d.quote)
    console.print(table)
