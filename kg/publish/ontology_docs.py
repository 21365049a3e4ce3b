"""Render the ontology's classes and properties as Markdown tables (docs/ontology-reference.md).

Regenerate with `python -m kg.publish.ontology_docs > docs/ontology-reference.md`; a test fails when
the page and ontology/policykg.ttl disagree, so the reference never drifts.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.config import PROJECT_ROOT
from kg.ns import PKG, PREFIXES

KINDS = [
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Annotation properties", OWL.AnnotationProperty),
]


def curie(node: Node) -> str:
    text = str(node)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"


def class_expression(graph: Graph, node: Node) -> str:
    """A named class as its CURIE; an anonymous union as "A or B" (owl:unionOf)."""
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            return " or ".join(curie(m) for m in Collection(graph, members))
    return curie(node)


def _label(graph: Graph, node: Node, lang: str) -> str:
    for value in graph.objects(node, RDFS.label):
        if getattr(value, "language", None) == lang:
            return str(value)
    return ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


#: the ontology modules the reference covers: the core and the monitoring module.
MODULES = (PROJECT_ROOT / "ontology" / "policykg.ttl", PROJECT_ROOT / "ontology" / "monitoring.ttl")


def render(paths: tuple[Path, ...] = MODULES) -> str:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    lines = [
        "# Ontology reference",
        "",
        "Generated from `ontology/policykg.ttl` and `ontology/monitoring.ttl` by `python -m kg.publish.ontology_docs`; do not edit by hand.",
        "Only terms minted by policykg (`pkg:` = `https://w3id.org/policykg/ontology#`) are listed;",
        "reused terms (ELI, SKOS, ORG, PROV-O, Data Cube, Web Annotation) keep their own definitions.",
    ]
    for title, kind in KINDS:
        terms = sorted(
            (
                s
                for s in graph.subjects(RDF.type, kind)
                if isinstance(s, URIRef) and str(s).startswith(PKG)
            ),
            key=str,
        )
        lines += ["", f"## {title}", ""]
        if kind == OWL.Class:
            lines += [
                "| class | subclass of | en | fr | sv | meaning |",
                "|---|---|---|---|---|---|",
            ]
        else:
            lines += [
                "| property | domain | range | en | fr | sv | meaning |",
                "|---|---|---|---|---|---|---|",
            ]
        for term in terms:
            comment = _cell(" ".join(str(c) for c in graph.objects(term, RDFS.comment)))
            labels = [_cell(_label(graph, term, lang)) for lang in ("en", "fr", "sv")]
            if kind == OWL.Class:
                parents = ", ".join(
                    sorted(
                        curie(p)
                        for p in graph.objects(term, RDFS.subClassOf)
                        if isinstance(p, URIRef)
                    )
                )
                lines.append(
                    f"| `{curie(term)}` | {parents} | " + " | ".join(labels) + f" | {comment} |"
                )
            else:
                domain = ", ".join(
                    sorted(class_expression(graph, d) for d in graph.objects(term, RDFS.domain))
                )
                range_ = ", ".join(sorted(curie(r) for r in graph.objects(term, RDFS.range)))
                lines.append(
                    f"| `{curie(term)}` | {domain} | {range_} | "
                    + " | ".join(labels)
                    + f" | {comment} |"
                )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
