"""Small conversions between RDF terms and Python values, shared by the readers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg.ns import XSD


def node_value(term: NamedNode | BlankNode | Literal | Triple) -> str:
    """The IRI, blank node id or literal text of a term. pyoxigraph types a triple's subject
    and object as possibly a quoted triple (RDF-star), which policykg never stores: one is an
    error here rather than a case every reader handles."""
    if isinstance(term, Triple):
        raise TypeError(f"A quoted triple where a term was expected: {term}")
    return term.value


def date_literal(day: date) -> Literal:
    return Literal(day.isoformat(), datatype=NamedNode(XSD + "date"))


def literal_value(term: Any) -> Any:
    """A literal as a JSON value: numbers as numbers, booleans as booleans, else text."""
    if not isinstance(term, Literal):
        return None
    datatype = term.datatype.value.removeprefix(XSD)
    if datatype in ("integer", "int", "nonNegativeInteger", "positiveInteger"):
        return int(term.value)
    if datatype in ("decimal", "double", "float"):
        number = Decimal(term.value)
        return int(number) if number == number.to_integral_value() else float(number)
    if datatype == "boolean":
        return term.value in ("true", "1")
    return term.value
