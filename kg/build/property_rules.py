"""Property values the ontology's property axioms entail, by forward rules (OWL 2 RL).

HermiT classifies the classes and the individuals (`reason.py`); asked for every object
property's instances as well (its `-Y`), it tests each property for each individual, which
on the real data took ~4.5 of its ~6.5 seconds, the build's longest step, to find what these
rules of the OWL 2 RL profile (W3C OWL 2 Profiles, section 4.3, table 5) find in about twenty
milliseconds here:

- prp-spo1: a value of a sub-property is a value of its super-property;
- prp-spo2: a property chain (`pkg:jurisdiction` then `pkg:partOf` gives `pkg:appliesWithin`);
- prp-inv1/2: a value of a property is, reversed, a value of its inverse;
- prp-trp and prp-symp: transitive and symmetric properties;
- prp-eqp1/2: equivalent properties.

What the rules do not derive: values that only class axioms entail (an individual asserted
in a class that has an `owl:hasValue` restriction as a super-class) and values carried over
by equalities (`owl:sameAs`, or a functional property with two values). The ontology uses
`owl:hasValue` only to define classes (HermiT still derives memberships of those), and the
shapes keep the functional properties to one value; a test compares what these rules find
with HermiT's own answer on the real data.

What is kept is what HermiT's answer gave the build (through owlready2): values that relate
two resources no asserted triple relates already, under the same property, a sub-property
or an inverse (`pkg:appliesWithin` the larger jurisdiction, not the fact's own, which
`pkg:jurisdiction` states). When a new value and its inverse are both found, one statement
is kept, through the property that declares the `owl:inverseOf` (`pkg:partOf`, not
`pkg:hasPart`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import NamedNode, Triple

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"

RDF_TYPE = NamedNode(RDF + "type")
RDF_FIRST = NamedNode(RDF + "first")
RDF_REST = NamedNode(RDF + "rest")
RDF_NIL = NamedNode(RDF + "nil")
SUB_PROPERTY = NamedNode(RDFS + "subPropertyOf")
INVERSE = NamedNode(OWL + "inverseOf")
EQUIVALENT = NamedNode(OWL + "equivalentProperty")
CHAIN = NamedNode(OWL + "propertyChainAxiom")
OBJECT_PROPERTY_TYPES = frozenset(
    NamedNode(OWL + name)
    for name in (
        "ObjectProperty", "TransitiveProperty", "SymmetricProperty", "AsymmetricProperty",
        "ReflexiveProperty", "IrreflexiveProperty", "InverseFunctionalProperty",
    )
)  # fmt: skip
TRANSITIVE = NamedNode(OWL + "TransitiveProperty")
SYMMETRIC = NamedNode(OWL + "SymmetricProperty")

Pair = tuple[NamedNode, NamedNode]


class PropertyAxioms:
    """The property axioms of a set of triples, read once."""

    def __init__(self, triples: list[Triple]) -> None:
        self.object_properties: set[NamedNode] = set()
        self.super_properties: dict[NamedNode, set[NamedNode]] = defaultdict(set)
        self.inverses: dict[NamedNode, set[NamedNode]] = defaultdict(set)
        #: inverse pairs as declared: (p, q) for `p owl:inverseOf q`
        self.declared_inverses: set[Pair] = set()
        self.transitive: set[NamedNode] = set()
        self.symmetric: set[NamedNode] = set()
        self.chains: list[tuple[NamedNode, list[NamedNode]]] = []
        heads: list[tuple[NamedNode, object]] = []
        firsts: dict[object, object] = {}
        rests: dict[object, object] = {}
        for s, p, o in ((t.subject, t.predicate, t.object) for t in triples):
            if p == RDF_TYPE and o in OBJECT_PROPERTY_TYPES and isinstance(s, NamedNode):
                self.object_properties.add(s)
                if o == TRANSITIVE:
                    self.transitive.add(s)
                elif o == SYMMETRIC:
                    self.symmetric.add(s)
            elif not (isinstance(s, NamedNode) and isinstance(o, NamedNode)):
                if p == CHAIN and isinstance(s, NamedNode):
                    heads.append((s, o))
                elif p == RDF_FIRST:
                    firsts[s] = o
                elif p == RDF_REST:
                    rests[s] = o
            elif p == SUB_PROPERTY:
                self.super_properties[s].add(o)
            elif p == EQUIVALENT:
                self.super_properties[s].add(o)
                self.super_properties[o].add(s)
            elif p == INVERSE:
                self.inverses[s].add(o)
                self.inverses[o].add(s)
                self.declared_inverses.add((s, o))
        for prop, node in heads:
            items = _list_items(node, firsts, rests)
            steps = [step for step in items if isinstance(step, NamedNode)]
            if steps and len(steps) == len(items):
                self.chains.append((prop, steps))

    def kept_direction(self, p: NamedNode, q: NamedNode) -> NamedNode:
        """Of two inverse properties, the one whose values are kept when both are new: the
        one that declares the other its inverse; when each declares the other, the first
        by IRI (either way, one and the same for both)."""
        forward, backward = (p, q) in self.declared_inverses, (q, p) in self.declared_inverses
        if forward != backward:
            return p if forward else q
        return min(p, q, key=lambda n: n.value)


def _list_items(
    node: object, firsts: dict[object, object], rests: dict[object, object]
) -> list[object]:
    items = []
    seen = set()
    while node != RDF_NIL:
        if node in seen or node not in firsts:
            return []  # a malformed or cyclic list: no chain
        seen.add(node)
        items.append(firsts[node])
        node = rests.get(node, RDF_NIL)
    return items


def entailed_property_values(triples: Iterable[Triple]) -> list[Triple]:
    """The object-property values that chains and transitivity add to `triples`, with what
    sub-properties, inverses and symmetry say of them.

    A value that only restates one asserted triple (its super-property, its inverse) is
    left out: `pkg:topic` already says what `dcterms:subject` would, and a page listing
    both says it twice.
    """
    asserted = list(triples)
    axioms = PropertyAxioms(asserted)
    stated: dict[NamedNode, set[Pair]] = defaultdict(set)
    for t in asserted:
        if (
            t.predicate in axioms.object_properties
            and isinstance(t.subject, NamedNode)
            and isinstance(t.object, NamedNode)
        ):
            stated[t.predicate].add((t.subject, t.object))
    restated = _copy(stated)
    _close(restated, axioms, compose=False)
    values = _copy(restated)
    _close(values, axioms, compose=True)

    kept: list[Triple] = []
    for p, pairs in values.items():
        for x, y in pairs - restated[p]:
            inverses = axioms.inverses.get(p, ())
            if any((y, x) in values[q] and axioms.kept_direction(p, q) != p for q in inverses):
                continue  # a new value and its inverse: one statement is kept
            kept.append(Triple(x, p, y))
    return sorted(kept, key=str)


def _copy(values: dict[NamedNode, set[Pair]]) -> dict[NamedNode, set[Pair]]:
    copied: dict[NamedNode, set[Pair]] = defaultdict(set)
    copied.update((p, set(pairs)) for p, pairs in values.items())
    return copied


def _close(values: dict[NamedNode, set[Pair]], axioms: PropertyAxioms, compose: bool) -> None:
    """Apply the rules to `values` until nothing new comes (semi-naive: only the new pairs
    feed the next round). Without `compose`, only the rules that restate one triple
    (sub-property, equivalence, inverse, symmetry), not chains and transitivity."""
    delta = {p: set(pairs) for p, pairs in values.items() if pairs}
    while delta:
        found: dict[NamedNode, set[Pair]] = defaultdict(set)
        for p, pairs in delta.items():
            for q in axioms.super_properties.get(p, ()):
                found[q] |= pairs
            for q in axioms.inverses.get(p, ()):
                found[q] |= {(y, x) for x, y in pairs}
            if p in axioms.symmetric:
                found[p] |= {(y, x) for x, y in pairs}
            if compose and p in axioms.transitive:
                found[p] |= _join(pairs, values[p]) | _join(values[p], pairs)
        if compose:
            for prop, steps in axioms.chains:
                if any(step in delta for step in steps):
                    found[prop] |= _chain(steps, values, delta)
        delta = {}
        for p, pairs in found.items():
            new = pairs - values[p]
            if new:
                values[p] |= new
                delta[p] = new


def _join(left: set[Pair], right: set[Pair]) -> set[Pair]:
    by_start: dict[NamedNode, list[NamedNode]] = defaultdict(list)
    for y, z in right:
        by_start[y].append(z)
    return {(x, z) for x, y in left for z in by_start.get(y, ())}


def _chain(
    steps: list[NamedNode], values: dict[NamedNode, set[Pair]], delta: dict[NamedNode, set[Pair]]
) -> set[Pair]:
    """The pairs a chain gives with at least one step taken from the new pairs."""
    found: set[Pair] = set()
    for i, step in enumerate(steps):
        if step not in delta:
            continue
        pairs = set(delta[step])
        for before in reversed(steps[:i]):
            pairs = _join(values[before], pairs)
        for after in steps[i + 1 :]:
            pairs = _join(pairs, values[after])
        found |= pairs
    return found
