"""Named SPARQL queries (the `.rq` files beside this module) and safe parameter binding.

A query's parameters are variables; `bind` fixes them by inserting a VALUES block at the
top of the outermost WHERE group. Values are pyoxigraph terms, whose text form is escaped
N-Triples, so a value can never change the query's structure. The same text works against
the embedded store and any SPARQL 1.1 server.

Rules that many queries share are written once, as fragments: a line
`#include in-force fact=?item from=?validFrom at=?at` is replaced, when the query is loaded,
by `include/in-force.rq` with its variables renamed to the query's (its own inner variables
get names no query uses). `fact-classes` and `regime-classes` are generated from the one
list of fact kinds (`kg.facts`). The expanded text is plain SPARQL: what a server receives
and what the catalogue shows.

A line `#written-order` says that the query's patterns are written in the order they must
be joined: a remote store whose engine needs telling is told so (`bind_for`). Virtuoso 7
loses solutions when it runs a `*` or `+` property path with a fixed end once per row and
an OPTIONAL after it (the catalogue's offences-in-force and max-penalties answered no row):
such a query writes the path first and the line, and Virtuoso receives it with
`define sql:select-option "order"` (kg.store.remote.RemoteStore.keep_join_order). Every
other engine reads the line as a comment; the order of a group's patterns does not change
its answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, Protocol

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg.errors import PolicyKGError
from kg.facts import ABSENCE, kinds, regime_kinds
from kg.locale import mark
from kg.queries.lexer import decode_codepoints, located, tokens

Term = NamedNode | Literal
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INCLUDE = re.compile(
    r"^(?P<indent>[ \t]*)#include[ \t]+(?P<name>[a-z][a-z0-9-]*)(?P<args>[^\n]*)$", re.MULTILINE
)
_ARGUMENT = re.compile(r"^(?P<param>[A-Za-z_]\w*)=\?(?P<variable>[A-Za-z_]\w*)$")
_FRAGMENT_VARIABLE = re.compile(r"[?$](?P<name>[A-Za-z_]\w*)")
_PARAMETERS = re.compile(r"^#\s*Parameters:\s*(?P<names>[^\n]*?)\.?\s*$", re.MULTILINE)
#: The line that asks for the query's join order as written (see the module's docstring).
WRITTEN_ORDER = re.compile(r"^[ \t]*#written-order[ \t]*$", re.MULTILINE)


@cache
def load(name: str) -> str:
    """The text of `kg/queries/<name>.rq`, its `#include` lines expanded."""
    try:
        text = resources.files(__package__).joinpath(f"{name}.rq").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PolicyKGError(mark("No named query {name!r}"), name=name) from exc
    return expand(text)


def expand(text: str) -> str:
    """`text` with each `#include NAME param=?variable …` line replaced by the fragment."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        params, body = _fragment(match["name"])
        mapping: dict[str, str] = {}
        for argument in match["args"].split():
            found = _ARGUMENT.match(argument)
            if found is None:
                raise PolicyKGError(
                    mark("#include {fragment}: cannot read {argument!r}"),
                    fragment=match["name"],
                    argument=argument,
                )
            mapping[found["param"]] = found["variable"]
        if set(mapping) != set(params):
            raise PolicyKGError(
                mark("#include {fragment} takes {expected}, not {given}"),
                fragment=match["name"],
                expected=", ".join(params),
                given=", ".join(mapping),
            )
        local = "_" + match["name"].replace("-", "_") + str(count) + "_"

        def rename(var: re.Match[str]) -> str:
            return "?" + mapping.get(var["name"], local + var["name"])

        lines = _FRAGMENT_VARIABLE.sub(rename, body).splitlines()
        return "\n".join(match["indent"] + line for line in lines)

    return _INCLUDE.sub(replace, text)


@cache
def _fragment(name: str) -> tuple[tuple[str, ...], str]:
    """A fragment's parameters and its body (comments dropped)."""
    if name in ("fact-classes", "regime-classes"):
        classes = [*kinds(), ABSENCE] if name == "fact-classes" else list(regime_kinds())
        listed = ", ".join(f"<{iri}>" for iri in classes)
        return ("class",), f"FILTER (?class IN ({listed}))"
    try:
        text = resources.files(__package__).joinpath("include", f"{name}.rq").read_text("utf-8")
    except FileNotFoundError as exc:
        raise PolicyKGError(mark("No query fragment {name!r}"), name=name) from exc
    declared = _PARAMETERS.search(text)
    params = tuple(p.strip() for p in declared["names"].split(",")) if declared else ()
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return params, body.strip()


def bind(query: str, values: Mapping[str, Term | Sequence[Term]], inline: bool = False) -> str:
    """`query` with each variable of `values` fixed to a term (or one of several terms), by
    a VALUES block at the start of its WHERE clause. `inline`: a variable with one term
    (the same in every row) has it written in its place instead, where the query allows it
    (`inlined`); the others keep the VALUES block."""
    if not values:
        return query
    names = list(values)
    for name in names:
        if not _VARIABLE.match(name):
            raise ValueError(f"Not a SPARQL variable name: {name!r}")
    lists = {n: list(v) for n, v in values.items() if isinstance(v, (list, tuple))}
    if len({len(c) for c in lists.values()}) > 1:
        raise ValueError("Several variables bound to lists of different lengths")
    length = len(next(iter(lists.values()))) if lists else 1
    # a single term is the same in every row
    columns: list[list[object]] = [lists.get(n) or [values[n]] * length for n in names]
    rows = [list(r) for r in zip(*columns, strict=True)]
    for row in rows:
        for term in row:
            # Checked at run time too: a caller without types could pass raw text, which
            # must never reach the query.
            if not isinstance(term, (NamedNode, Literal)):
                raise TypeError(f"Bind IRIs or literals, not {type(term).__name__}")
    header = " ".join("?" + n for n in names)
    body = " ".join("(" + " ".join(str(t) for t in row) + ")" for row in rows)
    block = f"VALUES ({header}) {{ {body} }}"
    match = _WHERE.search(query)
    if match is None:
        raise PolicyKGError(mark("A named query needs an explicit WHERE { … } to bind parameters"))
    if inline:  # the parameters with one value in every row, written in where they can be
        same = {n: c[0] for n, c in zip(names, columns, strict=True) if c and len(set(c)) == 1}
        written, done = query, set[str]()
        for name, term in same.items():  # one at a time: a projected one stays in VALUES
            where = _WHERE.search(written)
            attempt = inlined(written, where, {name: term}) if where else None
            if attempt is not None:
                written, done = attempt, done | {name}
        if done:
            rest = {n: values[n] for n in names if n not in done}
            return bind(written, rest) if rest else written
    return query[: match.end()] + "\n  " + block + "\n" + query[match.end() :]


def inlined(query: str, where: re.Match[str], terms: Mapping[str, object]) -> str | None:
    """`query` with each variable of `terms` replaced by its term inside the WHERE clause,
    or None where a term cannot stand for the variable: outside the WHERE clause (the
    projection, a CONSTRUCT template, ORDER BY), after `AS`, in a VALUES clause's head, or
    in a nested SELECT.

    What it is for: Virtuoso 7 loses a variable bound by VALUES (or BIND) inside FILTER NOT
    EXISTS in some query plans, so the in-force rule kept an offence that had ended (the
    remote-store tests saw it every time); a constant in the query text cannot be lost. A
    remote store asks for it (`inline_parameters`); the embedded one keeps VALUES.
    """
    if decode_codepoints(query) != query:  # offsets would not hold: not one of ours
        return None
    wanted = {"?" + n for n in terms} | {"$" + n for n in terms}
    edits: list[tuple[int, int, str]] = []
    depth, previous, values_head = 1, "", False
    end = None
    for token, start, stop in located(query[where.end() :]):
        start, stop = start + where.end(), stop + where.end()
        if token.kind == "punct" and token.text in "{}":
            depth += 1 if token.text == "{" else -1
            values_head = False
            if depth == 0:
                end = stop
                break
        elif token.kind == "word" and token.text.upper() in ("SELECT", "VALUES"):
            if token.text.upper() == "SELECT":
                return None
            values_head = True
        elif token.kind == "var" and token.text in wanted:
            if previous.upper() == "AS" or values_head:
                return None
            edits.append((start, stop, str(terms[token.text[1:]])))
        previous = token.text
    outside = query[: where.start()] + " " + (query[end:] if end is not None else "")
    if end is None or any(t.kind == "var" and t.text in wanted for t in tokens(outside)):
        return None
    for start, stop, text in reversed(edits):
        query = query[:start] + text + query[stop:]
    return query


def bind_for(store: object, query: str, values: Mapping[str, Term | Sequence[Term]]) -> str:
    """`bind` as `store` needs it: with one-valued parameters written in for a store that
    asks for it (`inline_parameters`: a remote SPARQL server, see `inlined`), and a query
    marked `#written-order` as the store keeps its join order (`keep_join_order`: a remote
    store, for the engines that need telling; the embedded store has no such method)."""
    text = bind(query, values, inline=getattr(store, "inline_parameters", False))
    keep = getattr(store, "keep_join_order", None)
    if keep is not None and WRITTEN_ORDER.search(query):
        text = str(keep(text))
    return text


class Queryable(Protocol):
    """What `run` needs of a store (kg.store.Store has it; core modules cannot import it)."""

    def query(self, query: str) -> Any: ...


#: A value in a solution. pyoxigraph may also answer a quoted triple (RDF-star), which no
#: policykg query asks for: `run` refuses one rather than let every reader handle it.
Value = NamedNode | BlankNode | Literal


class Row(dict[str, Value | None]):
    """One solution: {variable: term, or None when unbound}, with typed readers so callers
    need no `type: ignore` to read a value they know is there."""

    query: str = ""

    def term(self, name: str) -> Value:
        """The term bound to `name`; an error naming the query when it is unbound."""
        found = self.get(name)
        if found is None:
            raise PolicyKGError(
                mark("Named query {query!r}: ?{name} is unbound"), query=self.query, name=name
            )
        return found

    def text(self, name: str) -> str:
        """The value (IRI, literal text, blank node id) bound to `name`, which must be bound."""
        return self.term(name).value

    def optional_text(self, name: str) -> str | None:
        """The value bound to `name`, or None when it is unbound."""
        return None if self.get(name) is None else self.text(name)


def run(store: Queryable, name: str, **values: Term | Sequence[Term]) -> list[Row]:
    """Run the named SELECT query with `values` bound; rows as {variable: term or None}."""
    from pyoxigraph import QuerySolutions

    result = store.query(bind_for(store, load(name), values))
    if not isinstance(result, QuerySolutions):
        raise PolicyKGError(mark("Named query {name!r} is not a SELECT query"), name=name)
    variables = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row = Row()
        row.query = name
        for v in variables:
            value = solution[v]
            if isinstance(value, Triple):
                raise PolicyKGError(
                    mark("Named query {name!r} answered a quoted triple for ?{v}"), name=name, v=v
                )
            row[v] = value
        rows.append(row)
    return rows
