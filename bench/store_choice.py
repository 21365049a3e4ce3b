"""Store choice benchmark: pyoxigraph (memory, disk) vs rdflib (Memory, oxrdflib).

Run by hand:  .venv/bin/pip install oxrdflib && .venv/bin/python bench/store_choice.py
Results go in docs/store.md. The graph is the curated data replicated N times under fresh
IRIs, so the shapes of the queries are the real ones (compare-items, a label search and a
GROUP BY), only bigger.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse, serialize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import queries  # noqa: E402
from kg.terms import date_literal  # noqa: E402

ID = "https://w3id.org/policykg/id/"
COMPARE = queries.bind(
    queries.load("compare-items"),
    {
        "itemTopic": NamedNode("https://w3id.org/policykg/concept/topic/purchase-sex-minor"),
        "scope": NamedNode("https://w3id.org/policykg/id/jurisdiction/FR"),
        "at": date_literal(__import__("datetime").date(2015, 1, 1)),
    },
)
LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "child")) }"""
GROUP = queries.load("sanction-count")


def synthetic(copies: int) -> list[Quad]:
    """Ontology + vocabularies once, curated data `copies` times under renamed IRIs."""
    quads: list[Quad] = []
    for name in ("policykg", "topics", "jurisdictions"):
        graph = NamedNode(f"https://w3id.org/policykg/graph/{name}")
        quads += [
            Quad(q.subject, q.predicate, q.object, graph)
            for q in parse(path=str(ROOT / "ontology" / f"{name}.ttl"), format=RdfFormat.TURTLE)
        ]
    data = [
        q
        for p in sorted((ROOT / "data").rglob("*.ttl"))
        for q in parse(path=str(p), format=RdfFormat.TURTLE)
    ]
    for i in range(copies):
        graph = NamedNode(f"https://w3id.org/policykg/graph/bench/{i}")

        def rename(term, i=i):
            if (
                isinstance(term, NamedNode)
                and term.value.startswith(ID)
                and "/jurisdiction/" not in term.value
            ):
                return NamedNode(f"{term.value}/copy{i}" if i else term.value)
            return term

        quads += [Quad(rename(q.subject), q.predicate, rename(q.object), graph) for q in data]
    return quads


def timed(fn, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bench_pyoxigraph(quads: list[Quad], path: str | None) -> dict[str, float]:
    store = Store(path) if path else Store()
    load = timed(lambda: (store.clear(), store.extend(quads)), repeat=1)

    def q(text: str) -> None:
        list(store.query(text, use_default_graph_as_union=True))

    return {
        "load": load,
        "compare": timed(lambda: q(COMPARE)),
        "labels": timed(lambda: q(LABELS)),
        "group": timed(lambda: q(GROUP)),
    }


def bench_rdflib(quads: list[Quad], store_name: str) -> dict[str, float]:
    from rdflib import Dataset

    nquads = serialize(quads, format=RdfFormat.N_QUADS)
    dataset = Dataset(store=store_name, default_union=True)
    load = timed(lambda: dataset.parse(data=nquads, format="nquads"), repeat=1)

    def q(text: str) -> None:
        list(dataset.query(text))

    return {
        "load": load,
        "compare": timed(lambda: q(COMPARE), 3),
        "labels": timed(lambda: q(LABELS), 3),
        "group": timed(lambda: q(GROUP), 3),
    }


def main() -> None:
    backends = {"pyoxigraph memory": lambda qs: bench_pyoxigraph(qs, None)}
    tmp = tempfile.mkdtemp()
    backends["pyoxigraph disk"] = lambda qs: bench_pyoxigraph(qs, tmp + f"/{len(qs)}")
    backends["rdflib Memory"] = lambda qs: bench_rdflib(qs, "default")
    try:
        import oxrdflib  # noqa: F401

        backends["rdflib + oxrdflib"] = lambda qs: bench_rdflib(qs, "Oxigraph")
    except ImportError:
        print("(oxrdflib not installed: skipped)")
    print("| triples | backend | load s | compare-items ms | label search ms | GROUP BY ms |")
    print("|---:|---|---:|---:|---:|---:|")
    for copies in (1, 50, 500):
        quads = synthetic(copies)
        for name, run in backends.items():
            r = run(quads)
            print(
                f"| {len(quads):,} | {name} | {r['load']:.2f} | {r['compare'] * 1000:.1f} | {r['labels'] * 1000:.1f} | {r['group'] * 1000:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
