"""Extraction quality on a hand-annotated corpus of real documents: `make eval`.

Builds the curated graph in memory (as `policykg build` does), reads every document of
bench/eval/corpus/ with the same parse → extract → link steps as `policykg ingest` (nothing
is written), compares the result with its annotation in bench/eval/annotations/ (same path,
`.yaml`) and prints precision and recall per kind. Exits 1 when a kind is below its target
(the targets of issue 13), 2 when an annotation does not fit its document.

    .venv/bin/python bench/eval/run.py [--verbose] [--json]

See bench/eval/SOURCES.md for where each document comes from, and bench/eval/score.py for
what counts as a match.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import NamedNode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from score import AnnotationError, Tally, score_document  # noqa: E402

from kg import queries  # noqa: E402
from kg.build.pipeline import build  # noqa: E402
from kg.config import Settings  # noqa: E402
from kg.ingest.extract.gazetteer import load_gazetteer  # noqa: E402
from kg.ingest.pipeline import enrich, read_document  # noqa: E402
from kg.store import Store, open_store  # noqa: E402

# Two sets: "dev", the corpus the extractors were developed against, and "fresh", documents
# annotated after the work was done and run once, to measure what the rules do on text they
# were not shaped on (see SOURCES.md). `make eval` gates on both together.
SETS = {"dev": HERE, "fresh": HERE / "fresh"}
CORPUS = HERE / "corpus"
ANNOTATIONS = HERE / "annotations"
# (kind, measure, target): the acceptance figures of issue 13.
TARGETS: tuple[tuple[str, str, float], ...] = (
    ("citations", "recall", 0.90),
    ("resolution", "recall", 0.90),
    ("penalties", "precision", 0.90),
    ("penalties", "recall", 0.90),
    ("figures", "precision", 0.85),
    ("figures", "recall", 0.85),
    ("bodies", "recall", 0.90),
)
KINDS = (
    "citations", "resolution", "penalties", "penalty provisions", "figures", "bodies", "plans",
    "dates",
)  # fmt: skip


def documents(sets: tuple[str, ...] = ("dev", "fresh")) -> list[tuple[Path, Path, Path]]:
    """(corpus file, annotation file, corpus root) triples, by set and path."""
    found = []
    for name in sets:
        corpus, annotations = SETS[name] / "corpus", SETS[name] / "annotations"
        for annotation in sorted(annotations.rglob("*.yaml")):
            relative = annotation.relative_to(annotations).with_suffix("")
            folder = corpus / relative.parent
            matches = [p for p in folder.glob(relative.name + ".*") if p.is_file()]
            if len(matches) != 1:
                raise AnnotationError(f"{annotation}: {len(matches)} corpus files match")
            found.append((matches[0], annotation, corpus))
    return found


def held_by(store: Store) -> Any:
    def held(iris: list[str]) -> set[str]:
        if not iris:
            return set()
        rows = queries.run(store, "existing", iri=[NamedNode(i) for i in sorted(set(iris))])
        return {row["iri"].value for row in rows}  # type: ignore[union-attr]

    return held


def evaluate(sets: tuple[str, ...] = ("dev", "fresh")) -> tuple[dict[str, Tally], dict[str, Any]]:
    settings = Settings(store="memory")
    store = open_store(settings)
    started = time.perf_counter()
    report = build(store, settings)
    if not report.written:
        raise SystemExit("the curated graph did not build: run `policykg build` to see why")
    gazetteer = load_gazetteer(store)
    built = time.perf_counter() - started
    totals = {kind: Tally() for kind in KINDS}
    extraction_seconds = 0.0
    pairs = documents(sets)
    for path, annotation_path, corpus in pairs:
        annotation = yaml.safe_load(annotation_path.read_text(encoding="utf-8")) or {}
        name = path.relative_to(corpus).as_posix()
        began = time.perf_counter()
        doc = read_document(path.read_bytes(), name)
        if annotation.get("date") and not doc.metadata.get("date"):
            doc.metadata["date"] = str(annotation["date"])
        enrich(store, doc, gazetteer)
        extraction_seconds += time.perf_counter() - began
        doc.check_spans()
        try:
            tallies = score_document(doc, annotation, held_by(store), name)
        except AnnotationError as error:
            raise AnnotationError(f"{annotation_path.name}: {error}") from error
        for kind, tally in tallies.items():
            totals[kind].add(tally)
    info = {
        "documents": len(pairs),
        "sets": list(sets),
        "build_seconds": built,
        "extraction_seconds": extraction_seconds,
    }
    return totals, info


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def failures(totals: dict[str, Tally]) -> list[str]:
    failed = []
    for kind, measure, target in TARGETS:
        value = getattr(totals[kind], measure)
        if value is None or value < target:
            failed.append(f"{kind} {measure} {_percent(value)} < {target:.2f}")
    return failed


def print_table(totals: dict[str, Tally], info: dict[str, Any]) -> None:
    targets: dict[tuple[str, str], float] = {(k, m): t for k, m, t in TARGETS}
    print(
        f"{info['documents']} documents ({', '.join(info['sets'])}); graph built in {info['build_seconds']:.1f} s; "
        f"extraction {info['extraction_seconds']:.2f} s"
    )
    header = (
        f"{'kind':<20}{'gold':>6}{'found':>7}{'right':>7}{'precision':>11}{'recall':>8}  target"
    )
    print(header)
    print("-" * len(header))
    for kind in KINDS:
        t = totals[kind]
        aims = [
            f"{m[0]}≥{targets[(kind, m)]:.2f}"
            for m in ("precision", "recall")
            if (kind, m) in targets
        ]
        print(
            f"{kind:<20}{t.gold:>6}{t.predicted:>7}{t.matched_gold:>7}"
            f"{_percent(t.precision):>11}{_percent(t.recall):>8}  {' '.join(aims)}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss and extra item")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--set", choices=[*SETS, "all"], default="all", help="which annotated set (default: all)"
    )
    args = parser.parse_args(argv)
    sets = tuple(SETS) if args.set == "all" else (args.set,)
    try:
        totals, info = evaluate(sets)
    except AnnotationError as error:
        print(f"annotation error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({
            "info": info,
            "kinds": {k: {"gold": t.gold, "predicted": t.predicted, "matched": t.matched_gold,
                          "precision": t.precision, "recall": t.recall} for k, t in totals.items()},
        }, indent=2))  # fmt: skip
    else:
        print_table(totals, info)
    if args.verbose:
        for kind, tally in totals.items():
            for line in [*tally.misses, *tally.false_positives]:
                print(f"  [{kind}] {line}")
    failed = failures(totals)
    for line in failed:
        print(f"below target: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
