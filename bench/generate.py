"""Synthetic policy graphs for the benchmarks: realistic regimes at any size, as N-Quads.

Run: .venv/bin/python bench/generate.py TRIPLES OUT.nq [--seed N]

What a regime looks like is taken from the real ontology and curated data (docs/example-fact.ttl):
hundreds of jurisdictions (codes Z000, Z001…), each with its instruments and numbered
provisions, offences on the shared topics with dated sanctions (prison, fines, legal
basis, source, verification), reporting duties, plans, bodies and statistics, and ingested
documents whose mentions cite provisions of their own and of other jurisdictions. Each
jurisdiction is one named graph (graph/bench/<code>) and each document one more
(graph/bench-document/<n>), as curated files and ingested documents are. The IRIs never
meet the real data's, so the graph is "unrelated" triples for the drafter endpoints while
exercising the same indexes. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

BASE = "https://w3id.org/policykg/"
ID = BASE + "id/"
PKG = BASE + "ontology#"
TOPIC = BASE + "concept/topic/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ELI = "http://data.europa.eu/eli/ontology#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
TOPICS = (
    "purchase-sex-minor",
    "purchase-sex-adult",
    "procuring-minor",
    "trafficking-minor",
    "online-solicitation-minor",
    "reporting-duty",
    "action-plan",
    "coordination-body",
    "data-system",
    "victim-statistics",
    "victim-protection",
)
#: Triples one jurisdiction contributes (measured on the generator's output, not a guess:
#: `jurisdiction_size()` counts them), so the number of jurisdictions follows the target.
OFFENCES_PER_TOPIC = 2
PROVISIONS = 60
DOCUMENTS_PER_JURISDICTION = 3


def iri(path: str) -> str:
    return f"<{ID}{path}>"


def lit(value: str, lang: str | None = None) -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"@{lang}' if lang else f'"{text}"'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def jurisdiction(n: int, rng: random.Random, total: int) -> Iterator[tuple[str, str, str, str]]:
    """The quads (s, p, o, graph) of synthetic jurisdiction number `n`."""
    code = f"Z{n:03d}"
    cc = code.lower()
    graph = f"<{BASE}graph/bench/{code}>"
    j = iri(f"jurisdiction/{code}")
    yield j, f"<{RDF_TYPE}>", f"<{PKG}Jurisdiction>", graph
    yield j, f"<{SKOS}notation>", lit(code), graph
    yield j, f"<{SKOS}prefLabel>", lit(f"Jurisdiction {code}", "en"), graph
    acts = [iri(f"act/{cc}/code-{k}") for k in range(3)]
    for k, act in enumerate(acts):
        yield act, f"<{RDF_TYPE}>", f"<{PKG}LegalInstrument>", graph
        yield act, f"<{PKG}jurisdiction>", j, graph
        yield act, f"<{ELI}title>", lit(f"Code {k} of {code}", "en"), graph
    provisions = []
    for k in range(PROVISIONS):
        act = acts[k % len(acts)]
        provision = iri(f"act/{cc}/code-{k % len(acts)}/article/{k}")
        provisions.append(provision)
        yield provision, f"<{RDF_TYPE}>", f"<{PKG}Provision>", graph
        yield provision, f"<{ELI}is_part_of>", act, graph
        yield provision, f"<{PKG}jurisdiction>", j, graph
        yield provision, f"<{ELI}number>", lit(str(k)), graph
        yield provision, f"<{PKG}citation>", lit(f"Code {k % len(acts)}, art. {k}", "en"), graph
        yield (
            provision,
            f"<{ELI}first_date_entry_in_force>",
            typed(f"{2000 + k % 20}-01-01", "date"),
            graph,
        )
    for topic in TOPICS:
        for m in range(OFFENCES_PER_TOPIC):
            offence = iri(f"offence/{cc}/{topic}-{m}")
            since = 1995 + rng.randrange(30)
            yield offence, f"<{RDF_TYPE}>", f"<{PKG}Offence>", graph
            yield offence, f"<{RDFS_LABEL}>", lit(f"{topic} offence {m} ({code})", "en"), graph
            yield offence, f"<{PKG}jurisdiction>", j, graph
            yield offence, f"<{PKG}topic>", f"<{TOPIC}{topic}>", graph
            yield offence, f"<{PKG}definedBy>", rng.choice(provisions), graph
            yield offence, f"<{PKG}validFrom>", typed(f"{since}-01-01", "date"), graph
            yield offence, f"<{PKG}verification>", f"<{PKG}Unverified>", graph
            yield offence, f"<{DCTERMS}source>", f"<https://example.org/{cc}/{topic}/{m}>", graph
            for s in range(2):
                sanction = iri(f"sanction/{cc}/{topic}-{m}/{s}")
                yield offence, f"<{PKG}hasSanction>", sanction, graph
                yield sanction, f"<{RDF_TYPE}>", f"<{PKG}Sanction>", graph
                yield sanction, f"<{PKG}legalBasis>", rng.choice(provisions), graph
                yield sanction, f"<{PKG}condition>", lit(f"condition {s}", "en"), graph
                yield (
                    sanction,
                    f"<{PKG}maxImprisonmentYears>",
                    typed(float(1 + rng.randrange(20)), "decimal"),
                    graph,
                )
                yield (
                    sanction,
                    f"<{PKG}maxFineAmount>",
                    typed(float(1000 * rng.randrange(1, 500)), "decimal"),
                    graph,
                )
                yield sanction, f"<{PKG}fineCurrency>", lit("EUR"), graph
                yield sanction, f"<{PKG}validFrom>", typed(f"{since + s}-01-01", "date"), graph
                yield sanction, f"<{PKG}checkedOn>", typed("2026-11-22", "date"), graph
    for kind in ("ReportingDuty", "ActionPlan", "Body", "StatisticalObservation"):
        for m in range(3):
            fact = iri(f"{kind.lower()}/{cc}/{m}")
            yield fact, f"<{RDF_TYPE}>", f"<{PKG}{kind}>", graph
            yield fact, f"<{RDFS_LABEL}>", lit(f"{kind} {m} of {code}", "en"), graph
            yield fact, f"<{PKG}jurisdiction>", j, graph
            yield fact, f"<{PKG}topic>", f"<{TOPIC}{rng.choice(TOPICS)}>", graph
            yield fact, f"<{PKG}validFrom>", typed(f"{2005 + m}-06-01", "date"), graph
    for d in range(DOCUMENTS_PER_JURISDICTION):
        doc_graph = f"<{BASE}graph/bench-document/{cc}-{d}>"
        doc = iri(f"document/bench-{cc}-{d}")
        yield doc, f"<{RDF_TYPE}>", f"<{PKG}Document>", doc_graph
        yield doc, f"<{DCTERMS}title>", lit(f"Question {d} on the law of {code}", "en"), doc_graph
        for k in range(8):
            mention = iri(f"document/bench-{cc}-{d}/citation/{k}")
            other = rng.randrange(total)
            target = iri(f"act/z{other:03d}/code-{k % 3}/article/{rng.randrange(PROVISIONS)}")
            yield mention, f"<{RDF_TYPE}>", f"<{PKG}Citation>", doc_graph
            yield mention, f"<{PKG}inDocument>", doc, doc_graph
            yield mention, f"<{PKG}resolvedTo>", target, doc_graph
            yield mention, f"<{PKG}start>", typed(k * 40, "integer"), doc_graph


def jurisdiction_size() -> int:
    return sum(1 for _ in jurisdiction(0, random.Random(0), 1))


def generate(triples: int, out: Path, seed: int = 1) -> int:
    """Write about `triples` quads to `out` (N-Quads); return how many were written."""
    count = max(1, round(triples / jurisdiction_size()))
    rng = random.Random(seed)
    written = 0
    with out.open("w", encoding="utf-8") as stream:
        for n in range(count):
            lines = [f"{s} {p} {o} {g} .\n" for s, p, o, g in jurisdiction(n, rng, count)]
            stream.writelines(lines)
            written += len(lines)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "triples", type=lambda v: int(float(v.lower().replace("k", "e3").replace("m", "e6")))
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    written = generate(args.triples, args.out, args.seed)
    print(f"{written:,} quads in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
