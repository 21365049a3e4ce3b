"""Small conversions between RDF terms and Python values, shared by the readers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pyoxigraph import Literal, NamedNode

from kg.ns import XSD


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
