"""OWL reasoning with owlready2 and HermiT: consistency check and materialised inferences.

HermiT runs over the ontology and the curated facts only (not ingested documents: its cost
grows fast with individuals, see docs/store.md). What it infers beyond the asserted triples
(class memberships such as `pkg:JurisdictionPenalisingChildSexPurchase`), with the property
values the property axioms entail (inverse and chained properties such as
`pkg:appliesWithin`, from `property_rules`), goes into its own named graph.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse, serialize

from kg.build.property_rules import entailed_property_values
from kg.errors import ReasonerError
from kg.locale import mark

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_ANNOTATION_PROPERTY = NamedNode("http://www.w3.org/2002/07/owl#AnnotationProperty")
INFERENCES_ONTOLOGY = "http://inferrences/"  # owlready2's own name for the graph it fills


@dataclass(frozen=True)
class Reasoning:
    """What a reasoner run found: consistency and the new triples (IRIs only)."""

    ran: bool
    inferred: list[Triple]
    reason_skipped: str | None = None


def java_available() -> bool:
    import owlready2

    return shutil.which(owlready2.JAVA_EXE) is not None


def reason(
    triples: Iterable[Triple],
    classify_properties: bool = False,
    hermit_property_values: bool = False,
) -> Reasoning:
    """Run HermiT over `triples`; raise ReasonerError if they are inconsistent.

    HermiT checks consistency and classifies classes and individuals; the property values
    that the property axioms entail come from `property_rules`. Without a Java runtime, say
    so and keep only the rules' values (no consistency check, no classes): the rest of the
    build still works.

    Both options run HermiT as owlready2 does, for comparison, more slowly:
    `classify_properties` classifies the property hierarchy too (`_PROPERTY_CLASSIFICATION`),
    `hermit_property_values` asks HermiT for every property's values instead of the rules.
    """
    asserted = _without_annotations(list(triples))
    if not java_available():  # the rules need no reasoner: their values are kept
        return Reasoning(
            False,
            entailed_property_values(asserted),
            mark("no Java runtime found (install a JDK to enable HermiT)"),
        )
    import owlready2

    asserted_set = set(asserted)
    with tempfile.TemporaryDirectory(prefix="policykg-reason-") as tmp:
        source = Path(tmp) / "input.nt"
        source.write_bytes(serialize(asserted, format=RdfFormat.N_TRIPLES) or b"")
        world = owlready2.World()
        try:
            onto = world.get_ontology("https://w3id.org/policykg/build-input")
            onto.load(fileobj=source.open("rb"), format="ntriples")
            with _quick_java(), _hermit_flags(classify_properties):
                owlready2.sync_reasoner_hermit(
                    world,
                    infer_property_values=hermit_property_values,
                    debug=0,
                    ignore_unsupported_datatypes=True,
                )
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise ReasonerError(
                mark(
                    "HermiT found the ontology and curated data inconsistent; check disjoint classes and functional properties in the last data change"
                )
            ) from exc
        except owlready2.OwlReadyJavaError as exc:
            raise ReasonerError(mark("HermiT failed: {exc}"), exc=exc) from exc
        inferred_path = Path(tmp) / "inferred.nt"
        with inferred_path.open("wb") as out:
            world.get_ontology(INFERENCES_ONTOLOGY).save(out, format="ntriples")
        found = (
            Triple(q.subject, q.predicate, q.object)
            for q in parse(path=str(inferred_path), format=RdfFormat.N_TRIPLES)
        )
        inferred = [t for t in found if _is_fact(t) and t not in asserted_set]
        world.close()
    if not hermit_property_values:
        inferred += entailed_property_values(asserted)
    return Reasoning(True, sorted(set(inferred), key=str))


#: The JVM's options for HermiT's few seconds of work: the quick compiler only and one
#: collector thread. Its optimising compiler and parallel collector used both cores for
#: twice the CPU (11–13 s against 6–8 s, same inferences), starving pySHACL, which the
#: build runs meanwhile. A JDK_JAVA_OPTIONS set by the user is left as it is.
JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


@contextmanager
def _quick_java() -> Iterator[None]:
    if "JDK_JAVA_OPTIONS" in os.environ:
        yield
        return
    os.environ["JDK_JAVA_OPTIONS"] = JAVA_OPTIONS
    try:
        yield
    finally:
        os.environ.pop("JDK_JAVA_OPTIONS", None)


#: HermiT's options that classify the object and the data properties, which owlready2
#: always passes: the property hierarchy is asserted in the ontology, and what it adds was
#: never kept (`_is_fact` and the asserted triples leave none of it in graph/inferred).
#: On the real data HermiT, the build's longest step, took 6.1 s without them against 7.4 s
#: with them (medians of five alternating runs, 2026-12-03), and printed the same class,
#: type and property-value lines (tests/build/test_ontology.py compares the inferences).
_PROPERTY_CLASSIFICATION = ("-O", "-D")


class _WithoutPropertyClassification:
    """Stands for the `subprocess` module inside owlready2.reasoning while HermiT runs: the
    same module, but the Java command it runs loses `_PROPERTY_CLASSIFICATION`."""

    def __getattr__(self, name: str) -> object:
        return getattr(subprocess, name)

    @staticmethod
    def check_output(command: list[str], *args: object, **kwargs: object) -> bytes:
        kept = [part for part in command if part not in _PROPERTY_CLASSIFICATION]
        return subprocess.check_output(kept, *args, **kwargs)  # type: ignore[call-overload]


@contextmanager
def _hermit_flags(classify_properties: bool) -> Iterator[None]:
    import owlready2.reasoning

    if classify_properties:
        yield
        return
    owlready2.reasoning.subprocess = _WithoutPropertyClassification()
    try:
        yield
    finally:
        owlready2.reasoning.subprocess = subprocess


def _is_fact(triple: Triple) -> bool:
    """Keep plain facts about named resources; drop owlready2's bookkeeping."""
    if not isinstance(triple.subject, NamedNode):
        return False
    if isinstance(triple.object, Literal):
        return True
    if not isinstance(triple.object, NamedNode):
        return False
    return not str(triple.subject.value).startswith(INFERENCES_ONTOLOGY) and (
        triple.object.value != "http://www.w3.org/2002/07/owl#Ontology"
    )


def _without_annotations(triples: list[Triple]) -> list[Triple]:
    """The triples minus annotation assertions (labels, notes, sources, dates…).

    Annotations carry no OWL semantics, so HermiT entails the same facts without them; the
    curated data is mostly annotations, and leaving them out halves the reasoner's load. The
    declarations of the annotation properties themselves are kept.
    """
    annotation_properties = {
        t.subject
        for t in triples
        if t.predicate.value == RDF_TYPE and t.object == OWL_ANNOTATION_PROPERTY
    }
    return [t for t in triples if t.predicate not in annotation_properties]
