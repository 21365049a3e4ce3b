"""The topic scheme and the jurisdictions as read from the graph (the graph is its own index).

Codes and notations are validated here, so every caller gets the same clear error for an
unknown topic or jurisdiction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.errors import NotFound
from kg.locale import LANGUAGES, _
from kg.ns import SKOS
from kg.store import Memo, Store

__all__ = ["LANGUAGES", "Label", "choose_label", "pick_label", "pick_label_and_language"]


def pick_label(labels: dict[str, str], lang: str = "en") -> str | None:
    """The label in `lang`, else English, else any."""
    return labels.get(lang) or labels.get("en") or next(iter(labels.values()), None)


def pick_label_and_language(labels: dict[str, str], lang: str = "en") -> tuple[str, str] | None:
    """(label, its language): in `lang`, else English, else any."""
    for code in (lang, "en", *labels):
        if labels.get(code):
            return labels[code], code
    return None


@dataclass(frozen=True)
class Label:
    """A label chosen for a reader: its text, its language, and what kind of name it is."""

    text: str
    lang: str
    translation: bool  # written by a curator (pkg:labelTranslation), not an official name
    fallback: bool  # not in the language the reader asked for

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "lang": self.lang, "translation": self.translation}


def choose_label(
    official: list[Literal],
    translated: list[Literal],
    lang: str,
    fallback_order: tuple[str, ...] = ("en", "fr", "sv"),
) -> Label | None:
    """The best label for a reader of `lang`: an official name in `lang`, else a translation
    into `lang`, else (flagged as a fallback) the same search in English, French, Swedish."""
    for wanted in (lang, *[code for code in fallback_order if code != lang]):
        for values, is_translation in ((official, False), (translated, True)):
            for value in values:
                if (value.language or "") == wanted:
                    return Label(value.value, wanted, is_translation, wanted != lang)
    for values, is_translation in ((official, False), (translated, True)):
        for value in values:
            if isinstance(value, Literal):
                return Label(value.value, value.language or "", is_translation, True)
    return None


@dataclass
class Jurisdiction:
    code: str
    iri: str
    labels: dict[str, str] = field(default_factory=dict)
    part_of: str | None = None  # code of the larger jurisdiction
    parts: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)  # official languages, e.g. ["fr"]

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "iri": self.iri,
            "labels": self.labels,
            "part_of": self.part_of,
            "parts": self.parts,
            "languages": self.languages,
        }


@dataclass
class Topic:
    notation: str
    iri: str
    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: dict[str, list[str]] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    broader: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "notation": self.notation,
            "iri": self.iri,
            "labels": self.labels,
            "alt_labels": self.alt_labels,
            "definitions": self.definitions,
            "broader": self.broader,
        }


T = TypeVar("T")
_KNOWN: Memo[dict[str, Any]] = Memo(kept=16)


def _remembered(store: Store, name: str, read: Callable[[Store], dict[str, Any]]) -> dict[str, Any]:
    """`read(store)` until the store's next write: the analyses ask for the vocabulary
    dozens of times per answer, and a store with hundreds of jurisdictions made that the
    largest cost of a brief."""
    found: dict[str, Any] = _kept(_KNOWN, store, (name,), lambda: read(store))
    return dict(found)  # a copy: callers may add


def _kept(memo: Memo[T], store: Store, key: tuple[str, ...], read: Callable[[], T]) -> T:
    """`read()` kept in `memo` until the store's next write. Only for a store that counts
    its writes (the embedded store, and a remote one, which also notices other clients'
    writes: kg/store/remote.py): elsewhere the fingerprint itself costs a scan."""
    if not isinstance(getattr(store, "writes", None), int):
        return read()
    return memo.get(store, key, read)


def jurisdictions(store: Store) -> dict[str, Jurisdiction]:
    """Every jurisdiction by code."""
    return _remembered(store, "jurisdictions", _read_jurisdictions)


def _read_jurisdictions(store: Store) -> dict[str, Jurisdiction]:
    found: dict[str, Jurisdiction] = {}
    parents: dict[str, str] = {}
    for row in queries.run(store, "jurisdictions"):
        iri, code, label = row["jurisdiction"], row["code"], row["label"]
        assert isinstance(iri, NamedNode) and isinstance(code, Literal)
        entry = found.setdefault(code.value, Jurisdiction(code.value, iri.value))
        if isinstance(label, Literal) and label.language:
            entry.labels[label.language] = label.value
        if isinstance(row["parent"], NamedNode):
            parents[code.value] = row["parent"].value
        language = row["language"]
        if isinstance(language, Literal) and language.value not in entry.languages:
            entry.languages.append(language.value)
    by_iri = {j.iri: j for j in found.values()}
    for child, parent_iri in parents.items():
        parent = by_iri.get(parent_iri)
        if parent is not None:
            found[child].part_of = parent.code
            parent.parts.append(child)
    for entry in found.values():
        entry.parts.sort()
    return found


def topics(store: Store) -> dict[str, Topic]:
    """Every topic of the scheme by notation."""
    return _remembered(store, "topics", _read_topics)


def _read_topics(store: Store) -> dict[str, Topic]:
    found: dict[str, Topic] = {}
    for row in queries.run(store, "topics"):
        iri, notation, prop, value = row["topic"], row["notation"], row["property"], row["value"]
        assert isinstance(iri, NamedNode) and isinstance(notation, Literal)
        assert isinstance(prop, NamedNode)
        entry = found.setdefault(notation.value, Topic(notation.value, iri.value))
        name = prop.value.removeprefix(SKOS)
        if name == "broader" and isinstance(value, NamedNode):
            entry.broader.append(value.value)
        elif isinstance(value, Literal) and value.language:
            if name == "prefLabel":
                entry.labels[value.language] = value.value
            elif name == "definition":
                entry.definitions[value.language] = value.value
            elif name == "altLabel":
                entry.alt_labels.setdefault(value.language, []).append(value.value)
    return found


#: The places and topics of the fact queries, per jurisdiction and topic, until the store's
#: next write: a brief compares a dozen topics across the jurisdictions (46 look-ups).
_WITHIN: Memo[tuple[NamedNode, ...]] = Memo(kept=512)


def scopes(store: Store, jurisdiction: str) -> list[NamedNode]:
    """The jurisdiction `jurisdiction` (an IRI) and every one it is part of: the places whose
    facts hold there (a UK-wide fact holds in England and Wales)."""
    return list(_remembered_within(store, "larger-jurisdictions", "jurisdiction", jurisdiction))


def topics_within(store: Store, topics: list[str]) -> list[NamedNode]:
    """The topics `topics` (IRIs) and every concept narrower than one of them."""
    found = [t for topic in dict.fromkeys(topics) for t in _within(store, topic)]
    return list(dict.fromkeys(found))


def _within(store: Store, topic: str) -> tuple[NamedNode, ...]:
    # one topic at a time: Virtuoso wants a path's fixed end given as such, not by VALUES
    return _remembered_within(store, "narrower-topics", "topic", topic)


def _remembered_within(store: Store, query: str, parameter: str, iri: str) -> tuple[NamedNode, ...]:
    """`iri` and what the path query `query` reaches from it (the column it selects)."""

    def read() -> tuple[NamedNode, ...]:
        rows = queries.run(store, query, **{parameter: NamedNode(iri)})
        reached = {v for row in rows for v in row.values() if isinstance(v, NamedNode)}
        return (NamedNode(iri), *sorted(reached - {NamedNode(iri)}, key=str))

    return _kept(_WITHIN, store, (query, iri), read)


def places_and_topics(
    places: list[NamedNode], topics: list[NamedNode]
) -> dict[str, list[NamedNode]]:
    """Every pair of a place and a topic, as the columns `?scope` and `?itemTopic` of the
    fact queries (compare-items.rq, timeline-facts.rq) bind them."""
    pairs = [(place, topic) for place in places for topic in topics]
    return {"scope": [p for p, _t in pairs], "itemTopic": [t for _p, t in pairs]}


def resolve_topic(store: Store, notation: str) -> Topic:
    known = topics(store)
    if notation not in known:
        raise NotFound(
            _(
                "Unknown topic {name!r}. Known topics: {known}",
                name=notation,
                known=", ".join(sorted(known)) or _("none (build the graph first)"),
            )
        )
    return known[notation]


def expand_jurisdictions(store: Store, codes: list[str]) -> list[Jurisdiction]:
    """The jurisdictions asked for, a composite one (UK) replaced by its parts, no repeats."""
    known = jurisdictions(store)
    result: list[Jurisdiction] = []
    for code in codes:
        entry = known.get(code) or next(
            (j for j in known.values() if j.code.lower() == code.lower()), None
        )
        if entry is None:
            raise NotFound(
                _(
                    "Unknown jurisdiction {code!r}. Known codes: {known}",
                    code=code,
                    known=", ".join(sorted(known)) or _("none (build the graph first)"),
                )
            )
        for member in [known[p] for p in entry.parts] or [entry]:
            if member not in result:
                result.append(member)
    return result
