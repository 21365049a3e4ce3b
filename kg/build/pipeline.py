"""`policykg build`: ontology + curated data → validated, reasoned, stored graph.

Everything is read, validated and reasoned over before anything is written; the store is
then updated in one transaction (one named graph per source file, plus the inferred graph
and a small build graph saying where each graph came from). An invalid build writes
nothing, and building twice from the same files gives the same graph.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import Literal, NamedNode, Quad, QueryTriples, RdfFormat, Triple, parse
from pyoxigraph import Store as MemoryStore

from kg import queries
from kg.build import source_policy
from kg.build.consistency import Check, check
from kg.build.reason import Reasoning, reason
from kg.build.validate import ValidationReport, validate
from kg.config import Settings
from kg.errors import ValidationError
from kg.locale import error_text, mark
from kg.ns import DCTERMS, GRAPH, PKG, PROV, RDF, XSD, graph_iri
from kg.store import Store, count, insert_data, named_graphs
from kg.store.format import format_statement

#: ontology/ files and the named graph each one is loaded into.
ONTOLOGY_FILES = {
    "policykg.ttl": "ontology",
    "monitoring.ttl": "monitoring",
    "topics.ttl": "topics",
    "jurisdictions.ttl": "jurisdictions",
    "countries.ttl": "countries",
    "elements.ttl": "elements",
    "measures.ttl": "measures",
    "claims.ttl": "claims",
    "source-policy.ttl": "source-policy",
    "shapes.ttl": "shapes",
}
#: graphs read as ontology (classes and properties, reasoned over but not validated as data).
ONTOLOGY_ROLES = {"ontology": "ontology", "monitoring": "ontology", "shapes": "shapes"}
INFERRED_GRAPH = graph_iri("inferred")
BUILD_GRAPH = graph_iri("build")
STEPS = ("read", "validate", "reason", "write", "ingest sources", "check statutes", "summarise")
SOURCES_DIR = "sources"  # data/sources/: bundled texts, ingested as documents
SOURCES_MANIFEST = "documents.yaml"  # data/sources/documents.yaml: what their texts lack


@dataclass(frozen=True)
class Source:
    """One file and the named graph it becomes."""

    path: Path
    graph: NamedNode
    role: str  # ontology | vocabulary | shapes | data

    def label(self, root: Path) -> str:
        try:
            return str(self.path.relative_to(root))
        except ValueError:
            return str(self.path)


@dataclass
class BuildReport:
    sources: list[Source] = field(default_factory=list)
    validation: ValidationReport | None = None
    reasoning: Reasoning | None = None
    written: bool = False
    graph_sizes: dict[str, int] = field(default_factory=dict)
    facts: list[tuple[str, str, int]] = field(default_factory=list)
    sanctions: dict[str, int] = field(default_factory=dict)
    #: language → how many resources a drafter reads have no name in it
    labels_missing: dict[str, int] = field(default_factory=dict)
    #: resources with no name in their jurisdiction's own (official) language
    official_names_missing: int = 0
    #: resources with an rdfs:label in a language not official for them (a translation)
    unmarked_translations: int = 0
    total: int = 0
    documents: list[str] = field(default_factory=list)
    document_errors: list[str] = field(default_factory=list)
    consistency: Check | None = None


def collect_sources(settings: Settings) -> list[Source]:
    """The ontology files and every Turtle file under data/, in a stable order."""
    sources = []
    for name, graph in ONTOLOGY_FILES.items():
        role = ONTOLOGY_ROLES.get(graph, "vocabulary")
        sources.append(Source(settings.ontology_dir / name, graph_iri(graph), role))
    for path in sorted(settings.data_dir.rglob("*.ttl")):
        if SOURCES_DIR in path.relative_to(settings.data_dir).parts[:1]:
            continue
        relative = path.relative_to(settings.data_dir).with_suffix("")
        sources.append(Source(path, graph_iri("data", relative.as_posix()), "data"))
    return sources


def read_source(source: Source) -> list[Triple]:
    try:
        return [
            Triple(q.subject, q.predicate, q.object)
            for q in parse(path=str(source.path), format=RdfFormat.TURTLE)
        ]
    except (SyntaxError, ValueError) as exc:
        raise ValidationError(
            mark("{path}: not valid Turtle: {exc}"), path=source.path, exc=exc
        ) from exc
    except OSError as exc:
        raise ValidationError(
            mark("{path}: cannot be read: {exc}"), path=source.path, exc=exc
        ) from exc


def validate_content(settings: Settings, content: dict[Source, list[Triple]]) -> ValidationReport:
    """SHACL over the data and vocabulary files, with the ontology and the shapes read."""
    by_role: dict[str, list[Triple]] = {}
    for source, triples in content.items():
        by_role.setdefault(source.role, []).extend(triples)
    data = {
        s.label(settings.root): t for s, t in content.items() if s.role in ("data", "vocabulary")
    }
    shapes = by_role.get("shapes", []) + source_policy.shapes(by_role.get("vocabulary", []))
    return validate(data, by_role.get("ontology", []), shapes)


def check_files(settings: Settings, paths: list[Path]) -> tuple[ValidationReport, list[str]]:
    """Validate the curated data as `build` would, reporting only what `paths` state.

    Every data file is read, so references across files resolve; a file that does not
    parse is left out with a warning (another curator may be half-way through it), unless
    it is one of `paths`, which is an error. Nothing is written.
    """
    wanted = {p.resolve() for p in paths}
    sources = collect_sources(settings)
    missing = wanted - {s.path.resolve() for s in sources}
    if missing:
        raise ValidationError(
            mark("Not a curated data file under data/: {files}"),
            files=", ".join(sorted(map(str, missing))),
        )
    warnings: list[str] = []
    content: dict[Source, list[Triple]] = {}
    for source in sources:
        try:
            content[source] = read_source(source)
        except ValidationError as exc:
            if source.path.resolve() in wanted:
                raise
            warnings.append(f"skipped (does not parse): {error_text(exc)}")
    report = validate_content(settings, content)
    names = {s.label(settings.root) for s in content if s.path.resolve() in wanted}
    kept = [v for v in report.violations if v.source in names]
    conforms = not any(v.severity == "Violation" for v in kept)
    return ValidationReport(conforms, kept), warnings


def build(
    store: Store,
    settings: Settings,
    on_step: Callable[[str], None] | None = None,
) -> BuildReport:
    """Rebuild the ontology and curated-data graphs of `store` from the files."""
    step = on_step or (lambda _name: None)
    report = BuildReport(sources=collect_sources(settings))

    step("read")
    content = {source: read_source(source) for source in report.sources}

    # HermiT (a Java process) reasons while pySHACL (Python) validates: neither reads what
    # the other produces, and each mostly waits on its own core. Reasoning over data that
    # turns out invalid is thrown away, as if it had never run.
    data_triples = [t for s, triples in content.items() if s.role == "data" for t in triples]
    mapped = mapping_statements(data_triples)  # the reasoner classifies with them too
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="policykg-reason") as pool:
        reasoning = pool.submit(
            reason,
            [t for s, triples in content.items() if s.role != "shapes" for t in triples] + mapped,
        )
        step("validate")
        try:
            report.validation = validate_content(settings, content)
        except BaseException:
            _discard(reasoning)
            raise
        if not report.validation.conforms:
            _discard(reasoning)
            return report

        step("reason")
        report.reasoning = reasoning.result()

    step("write")
    _write(store, settings, content, report.reasoning, mapped)
    report.written = True

    step("ingest sources")
    _ingest_sources(store, settings, report)

    step("check statutes")
    report.consistency = check(store)

    step("summarise")
    for graph in named_graphs(store):
        report.graph_sizes[graph.value.removeprefix(GRAPH)] = count(store, graph)
    report.total = count(store)
    report.facts = [
        (str(r.text("jurisdictionCode")), str(r.text("topicCode")), int(r.text("facts")))
        for r in queries.run(store, "facts-summary")
    ]
    report.sanctions = {
        str(r.text("jurisdictionCode")): int(r.text("sanctions"))
        for r in queries.run(store, "sanction-count")
    }
    report.labels_missing = {lang: 0 for lang in ("en", "fr", "sv")} | {
        str(r.text("lang")): int(r.text("missing")) for r in queries.run(store, "labels-missing")
    }
    official = queries.run(store, "official-names-missing")
    report.official_names_missing = int(official[0].text("missing")) if official else 0
    unmarked = queries.run(store, "unmarked-translations")
    report.unmarked_translations = int(unmarked[0].text("missing")) if unmarked else 0
    return report


def _discard(reasoning: Future[Reasoning]) -> None:
    """Wait for a reasoner run whose answer is not wanted, and drop its answer or error."""
    # The validation's outcome is what the caller gets; the reasoner's is not wanted.
    with contextlib.suppress(Exception):
        reasoning.result()


def bundled_sources(settings: Settings) -> list[Path]:
    folder = settings.data_dir / SOURCES_DIR
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix != ".ttl" and p.name not in ("README.md", SOURCES_MANIFEST)
        and not p.name.startswith(".")
    )  # fmt: skip


def bundled_metadata(settings: Settings) -> dict[Path, Any]:
    """What data/sources/documents.yaml says of each bundled text that its text does not
    (date, the question it answers, official URL), keyed by path."""
    from kg.ingest.files import GivenMeta

    folder = settings.data_dir / SOURCES_DIR
    manifest = folder / SOURCES_MANIFEST
    if not manifest.is_file():
        return {}
    entries = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    return {
        folder / name: GivenMeta(
            date=str(entry["date"]) if entry.get("date") else None,
            answers=entry.get("answers"),
            source_url=entry.get("source_url"),
        )
        for name, entry in entries.items()
    }


def _ingest_sources(store: Store, settings: Settings, report: BuildReport) -> None:
    from kg.ingest.files import ingest_files

    for outcome in ingest_files(
        store,
        bundled_sources(settings),
        max_bytes=settings.max_document_bytes,
        workers=1,
        timestamp=False,
        timeout=None,  # the project's own files: read in this process
        given=bundled_metadata(settings),
    ):
        if outcome.result is not None:
            report.documents.append(outcome.result.id)
        else:
            report.document_errors.append(outcome.error or str(outcome.path))


def mapping_statements(triples: list[Triple]) -> list[Triple]:
    """The SKOS triples that the concept-mapping records stand for (see mapping-triples.rq).

    Curators write one record per mapping, with its justification; the plain SKOS statement
    is derived, so the two can never disagree.
    """
    scratch = MemoryStore()
    scratch.extend(Quad(t.subject, t.predicate, t.object) for t in triples)
    result = scratch.query(queries.load("mapping-triples"))
    assert isinstance(result, QueryTriples)  # mapping-triples.rq is a CONSTRUCT
    return sorted(set(result), key=str)


def _write(
    store: Store,
    settings: Settings,
    content: dict[Source, list[Triple]],
    reasoning: Reasoning,
    derived: list[Triple],
) -> None:
    """One update: drop stale build-owned graphs, then replace every graph we own."""
    owned = {s.graph for s in content} | {INFERRED_GRAPH, BUILD_GRAPH}
    stale = [
        g for g in named_graphs(store) if g not in owned and g.value.startswith(GRAPH + "data/")
    ]
    parts = [f"DROP SILENT GRAPH {g}" for g in stale]
    for source, triples in content.items():
        parts.append(insert_data(source.graph, triples))
    parts.append(
        insert_data(INFERRED_GRAPH, sorted(set(reasoning.inferred) | set(derived), key=str))
    )
    parts.append(insert_data(BUILD_GRAPH, _build_description(settings, content, reasoning)))
    store.update(" ;\n".join(parts))


def _build_description(
    settings: Settings, content: dict[Source, list[Triple]], reasoning: Reasoning
) -> list[Triple]:
    """Where each graph came from (file and content hash): PROV-O, no timestamps."""
    triples = []
    for source in content:
        digest = hashlib.sha256(source.path.read_bytes()).hexdigest()
        triples += [
            Triple(source.graph, NamedNode(RDF + "type"), NamedNode(PROV + "Entity")),
            Triple(
                source.graph, NamedNode(DCTERMS + "source"), Literal(source.label(settings.root))
            ),
            Triple(source.graph, NamedNode(PKG + "sha256"), Literal(digest)),
            Triple(source.graph, NamedNode(PKG + "role"), Literal(source.role)),
        ]
    triples += [
        format_statement(),  # which layout this store has (kg.store.format)
        Triple(INFERRED_GRAPH, NamedNode(RDF + "type"), NamedNode(PROV + "Entity")),
        Triple(INFERRED_GRAPH, NamedNode(PKG + "role"), Literal("inferred")),
        Triple(
            INFERRED_GRAPH,
            NamedNode(PKG + "reasonerRan"),
            Literal("true" if reasoning.ran else "false", datatype=NamedNode(XSD + "boolean")),
        ),
    ]
    triples += [
        Triple(INFERRED_GRAPH, NamedNode(PROV + "wasDerivedFrom"), s.graph)
        for s in content
        if s.role != "shapes"
    ]
    return triples
