"""Named SPARQL queries (the `.rq` files beside this module) and safe parameter binding.

A query's parameters are variables; `bind` fixes them by inserting a VALUES block at the
top of the outermost WHERE group. Values are pyoxigraph terms, whose text form is escaped
N-Triples, so a value can never change the query's structure. The same text works against
the embedded store and any SPARQL 1.1 server.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources

from pyoxigraph import BlankNode, Literal, NamedNode

from kg.errors import PolicyKGError
from kg.locale import mark

Term = NamedNode | Literal
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@cache
def load(name: str) -> str:
    """The text of `kg/queries/<name>.rq`."""
    try:
        return resources.files(__package__).joinpath(f"{name}.rq").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PolicyKGError(mark("No named query {name!r}"), name=name) from exc


def bind(query: str, values: Mapping[str, Term | Sequence[Term]]) -> str:
    """`query` with each variable of `values` fixed to a term (or one of several terms)."""
    if not values:
        return query
    names = list(values)
    for name in names:
        if not _VARIABLE.match(name):
            raise ValueError(f"Not a SPARQL variable name: {name!r}")
    columns = [values[n] if isinstance(values[n], (list, tuple)) else [values[n]] for n in names]
    rows: list[list[Term]] = (
        [list(r) for r in zip(*columns, strict=False)]
        if len(names) > 1
        else [[v] for v in columns[0]]
    )
    if len(names) > 1 and len({len(c) for c in columns}) != 1:
        raise ValueError("Several variables bound to lists of different lengths")
    for row in rows:
        for term in row:
            if not isinstance(term, (NamedNode, Literal)) or isinstance(term, BlankNode):
                raise TypeError(f"Bind IRIs or literals, not {type(term).__name__}")
    header = " ".join("?" + n for n in names)
    body = " ".join("(" + " ".join(str(t) for t in row) + ")" for row in rows)
    block = f"VALUES ({header}) {{ {body} }}"
    match = _WHERE.search(query)
    if match is None:
        raise PolicyKGError(mark("A named query needs an explicit WHERE { … } to bind parameters"))
    return query[: match.end()] + "\n  " + block + "\n" + query[match.end() :]


def run(store: object, name: str, **values: Term | Sequence[Term]) -> list[dict[str, object]]:
    """Run the named SELECT query with `values` bound; rows as {variable: term or None}."""
    from pyoxigraph import QuerySolutions

    result = store.query(bind(load(name), values))  # type: ignore[attr-defined]
    if not isinstance(result, QuerySolutions):
        raise PolicyKGError(mark("Named query {name!r} is not a SELECT query"), name=name)
    variables = [v.value for v in result.variables]
    return [{v: row[v] for v in variables} for row in result]
