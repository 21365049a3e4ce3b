"""The named-query catalogue: the drafters' questions as `.rq` files in kg/queries/catalogue/.

Each file starts with a header of comment lines the catalogue reads:

    # title: Maximum penalty for a topic in a jurisdiction on a date
    # description: one or more lines, joined with spaces
    # param: topic notation (a topic notation such as purchase-sex-minor)
    # param: jurisdiction code optional (…)
    # example: topic=purchase-sex-minor jurisdiction=FR at=2015-01-01

A parameter is `NAME TYPE [optional] [(description)]`; NAME is the query variable it fixes.
Values arrive as text (an URL's query string) and are turned into typed terms before they
touch the query — a topic notation or a jurisdiction code is looked up in the graph and bound
as its IRI, a date is checked and bound as xsd:date, an IRI is validated by pyoxigraph — then
bound with `kg.queries.bind` (a VALUES block), never pasted into the text. An optional
parameter that is not given is simply left unbound.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from pyoxigraph import Literal, NamedNode

from kg import queries, vocabulary
from kg.errors import BadRequest, NotFound
from kg.locale import mark
from kg.ns import BASE, XSD
from kg.store import QueryResult, Store

FOLDER = "catalogue"
MAX_VALUE_LENGTH = 2000
#: Names a parameter may not take: the API uses them itself.
RESERVED = frozenset({"format", "request", "store"})
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)(?P<optional>\s+optional)?\s*(?:\((?P<text>.*)\))?\s*$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ParamType:
    """How a parameter's text becomes a term; `example` fills the editor and the docs."""

    meaning: str
    example: str | None
    to_term: Callable[[Store, str], NamedNode | Literal]


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str
    required: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "description": self.description,
            "required": self.required,
        }


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    sparql: str
    examples: dict[str, str] = field(default_factory=dict)
    #: the header's `title@fr:`, `description@sv:`… lines: {lang: (title, description)}
    translations: dict[str, tuple[str, str]] = field(default_factory=dict)

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        title, description = self.translations.get(lang, (self.title, self.description))
        return {
            "name": self.name,
            "title": title or self.title,
            "description": description or self.description,
            "parameters": [p.as_dict() for p in self.parameters],
            "examples": self.examples,
            "sparql": self.sparql,
            "url": f"/api/queries/{self.name}",
        }

    def example_values(self) -> dict[str, str]:
        """The header's example values, else each required parameter's type example."""
        values = dict(self.examples)
        for p in self.parameters:
            example = PARAM_TYPES[p.type].example
            if p.name not in values and p.required and example:
                values[p.name] = example
        return values


def _topic(store: Store, text: str) -> NamedNode:
    known = vocabulary.topics(store)
    if text not in known:
        raise BadRequest(
            mark("Unknown topic notation {text!r}; known: {value}"),
            text=text,
            value=", ".join(sorted(known)),
        )
    return NamedNode(known[text].iri)


def _jurisdiction(store: Store, text: str) -> NamedNode:
    known = vocabulary.jurisdictions(store)
    match = known.get(text) or next(
        (j for c, j in known.items() if c.lower() == text.lower()), None
    )
    if match is None:
        raise BadRequest(
            mark("Unknown jurisdiction code {text!r}; known: {value}"),
            text=text,
            value=", ".join(sorted(known)),
        )
    return NamedNode(match.iri)


def _date(store: Store, text: str) -> Literal:
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise BadRequest(mark("Not a date: {text!r}; use YYYY-MM-DD"), text=text) from None
    return Literal(day.isoformat(), datatype=NamedNode(XSD + "date"))


def _iri(store: Store, text: str) -> NamedNode:
    try:
        node = NamedNode(text)
    except ValueError:
        raise BadRequest(mark("Not an absolute IRI: {text!r}"), text=text) from None
    if not re.match(r"^[a-z][a-z0-9+.-]*:", node.value, re.I):
        raise BadRequest(mark("Not an absolute IRI: {text!r}"), text=text)
    return node


def _text(store: Store, text: str) -> Literal:
    return Literal(text)


def _concept_of(scheme: str, what: str) -> Callable[[Store, str], NamedNode]:
    """A resolver for the notations of one scheme of ontology/measures.ttl."""

    def resolve(store: Store, text: str) -> NamedNode:
        rows = queries.run(store, "scheme-concepts", scheme=NamedNode(scheme))
        known = {r.text("notation"): r.text("concept") for r in rows}
        if text not in known:
            raise BadRequest(
                mark("Unknown {what} {text!r}; known: {value}"),
                what=what,
                text=text,
                value=", ".join(sorted(known)),
            )
        return NamedNode(known[text])

    return resolve


PARAM_TYPES: dict[str, ParamType] = {
    "notation": ParamType(
        "a topic notation, resolved to its skos:Concept", "purchase-sex-minor", _topic
    ),
    "code": ParamType("a jurisdiction code, resolved to its IRI", "FR", _jurisdiction),
    "date": ParamType("a date YYYY-MM-DD, bound as xsd:date", "2015-01-01", _date),
    "iri": ParamType("an absolute IRI", None, _iri),
    "text": ParamType("any text, bound as a plain literal", None, _text),
    "measure": ParamType(
        "a measure notation of ontology/measures.ttl, resolved to its concept",
        "convictions",
        _concept_of(BASE + "concept/measure", "measure"),
    ),
    "population": ParamType(
        "a population notation of ontology/measures.ttl, resolved to its concept",
        "minors",
        _concept_of(BASE + "concept/population", "population"),
    ),
}


def parse(name: str, text: str) -> NamedQuery:
    """A catalogue entry from its file; ValueError when the header is incomplete or wrong."""
    if not _NAME.match(name):
        raise ValueError(f"Catalogue query names are lower-case words with dashes: {name!r}")
    title = ""
    description: list[str] = []
    params: list[Parameter] = []
    examples: dict[str, str] = {}
    titles: dict[str, str] = {}
    descriptions: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        key, _, value = line.lstrip("# ").partition(":")
        value = value.strip()
        key, _, lang = key.partition("@")  # `title@fr:` is the French title
        if key == "title" and lang:
            titles[lang] = value
        elif key == "description" and lang:
            descriptions.setdefault(lang, []).append(value)
        elif key == "title":
            title = value
        elif key == "description":
            description.append(value)
        elif key == "param":
            params.append(_parameter(name, value))
        elif key == "example":
            for pair in value.split():
                param, equals, example = pair.partition("=")
                if equals:
                    examples[param] = example
    if not title:
        raise ValueError(f"Catalogue query {name!r} has no '# title:' line")
    unknown = set(examples) - {p.name for p in params}
    if unknown:
        raise ValueError(f"Catalogue query {name!r}: examples for unknown parameters {unknown}")
    translations = {
        lang: (titles.get(lang, ""), " ".join(descriptions.get(lang, [])))
        for lang in set(titles) | set(descriptions)
    }
    return NamedQuery(
        name, title, " ".join(description), tuple(params), text, examples, translations
    )


def _parameter(query: str, spec: str) -> Parameter:
    match = _PARAM.match(spec)
    if match is None:
        raise ValueError(f"{query}: cannot read '# param: {spec}' (NAME TYPE [optional] (text))")
    name, kind = match["name"], match["type"]
    if kind not in PARAM_TYPES:
        raise ValueError(f"{query}: parameter type {kind!r} is not one of {', '.join(PARAM_TYPES)}")
    if name in RESERVED:
        raise ValueError(f"{query}: {name!r} is reserved and cannot name a parameter")
    text = match["text"] or PARAM_TYPES[kind].meaning
    return Parameter(name, kind, text, required=not match["optional"])


@cache
def catalogue() -> dict[str, NamedQuery]:
    """Every catalogue query by name, read once from the package."""
    folder = resources.files(queries.__package__).joinpath(FOLDER)
    found = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".rq"):
            name = item.name.removesuffix(".rq")
            found[name] = parse(name, queries.expand(item.read_text(encoding="utf-8")))
    return found


def get(name: str) -> NamedQuery:
    known = catalogue()
    if name not in known:
        raise NotFound(
            mark("No catalogue query {name!r}; known: {value}"), name=name, value=", ".join(known)
        )
    return known[name]


def bound_values(
    store: Store, query: NamedQuery, given: Mapping[str, str | None]
) -> dict[str, NamedNode | Literal]:
    """The typed term of each given parameter; BadRequest for a missing or bad value."""
    values: dict[str, NamedNode | Literal] = {}
    for p in query.parameters:
        text = given.get(p.name)
        if text is None or text == "":
            if p.required:
                raise BadRequest(
                    mark("Missing parameter {name!r}: {description}"),
                    name=p.name,
                    description=p.description,
                )
            continue
        if len(text) > MAX_VALUE_LENGTH:
            raise BadRequest(
                mark("Parameter {name!r} is longer than {MAX_VALUE_LENGTH} characters"),
                name=p.name,
                MAX_VALUE_LENGTH=MAX_VALUE_LENGTH,
            )
        values[p.name] = PARAM_TYPES[p.type].to_term(store, text)
    return values


def bound_sparql(store: Store, query: NamedQuery, given: Mapping[str, str | None]) -> str:
    """The query's text with its parameters fixed (`queries.bind_for`: by a VALUES block, or
    written in for a remote store)."""
    return queries.bind_for(store, query.sparql, bound_values(store, query, given))


def run(store: Store, name: str, given: Mapping[str, str | None]) -> QueryResult:
    """Run one catalogue query with its parameters bound as typed terms."""
    query = get(name)
    return store.query(bound_sparql(store, query, given))
