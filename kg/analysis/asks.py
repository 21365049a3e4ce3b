"""What each ask of a parliamentary question asks: its kinds and its topics.

A drafter answers "quels sont les chiffres…" with figures and "quels moyens…" with budgets,
so the brief must know the kind of an ask before it picks facts: figures, resources,
enforcement, legislation, coordination, foreign models, intention (an ask may have several).
The cues are data (`ask_cues.yaml`, per language), not code, so a misread question is fixed
by adding a cue; each kind found keeps the words that gave it, so the reader can judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kg.locale import mark
from kg.ns import TOPIC

#: Every kind, in the order a brief presents them.
KINDS = (
    "figures",
    "resources",
    "enforcement",
    "legislation",
    "coordination",
    "foreign-models",
    "intention",
)

#: Names of the kinds for people (translated in the catalogues).
KIND_LABELS = {
    "figures": mark("figures"),
    "resources": mark("resources"),
    "enforcement": mark("enforcement"),
    "legislation": mark("legislation"),
    "coordination": mark("coordination"),
    "foreign-models": mark("foreign models"),
    "intention": mark("intention"),
}

#: The `why` of the topic cues, marked so the catalogues carry them.
TOPIC_WHY = (
    mark("asks for figures or statistics"),
    mark("asks about collecting or sharing data"),
    mark("asks about resources against exploitation networks"),
    mark("asks about the online dimension"),
    mark("asks about punishing the clients"),
    mark("asks about penalising demand"),
    mark("asks about national coordination"),
    mark("asks about reporting duties"),
    mark("asks about a national plan"),
    mark("asks how the law is enforced"),
)


@dataclass(frozen=True)
class Cues:
    """The compiled cue file."""

    kinds: dict[str, dict[str, tuple[re.Pattern[str], ...]]]
    absorbs: dict[str, tuple[str, ...]]
    territorial: dict[str, tuple[re.Pattern[str], ...]]
    topics: tuple[tuple[re.Pattern[str], tuple[str, ...], str], ...]
    figure_units: tuple[tuple[re.Pattern[str], str | None, str | None], ...]


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@cache
def cues() -> Cues:
    """The cue file, read once (PyYAML is imported then: a brief needs it, a page does not)."""
    import yaml

    text = resources.files(__package__).joinpath("ask_cues.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    unknown = set(raw["kinds"]) - set(KINDS)
    if unknown:
        raise ValueError(f"ask_cues.yaml: unknown kinds {sorted(unknown)}")
    return Cues(
        kinds={
            kind: {lang: _compile(p) for lang, p in by_lang.items()}
            for kind, by_lang in raw["kinds"].items()
        },
        absorbs={k: tuple(v) for k, v in raw.get("absorbs", {}).items()},
        territorial={lang: _compile(p) for lang, p in raw["territorial"].items()},
        topics=tuple(
            (re.compile(row["cue"], re.IGNORECASE), tuple(row["topics"]), row["why"])
            for row in raw["topics"]
        ),
        figure_units=tuple(
            (re.compile(row["cue"], re.IGNORECASE), row.get("population"), row.get("unit"))
            for row in raw["figure_units"]
        ),
    )


def _languages(by_lang: dict[str, Any], lang: str | None) -> list[str]:
    """The cue languages to use: the document's, or all when it is unknown or has none."""
    return [lang] if lang in by_lang else list(by_lang)


def _first_match(patterns: tuple[re.Pattern[str], ...], text: str) -> str | None:
    for pattern in patterns:
        found = pattern.search(text)
        if found:
            return found.group(0)
    return None


def ask_kinds(text: str, lang: str | None) -> list[dict[str, Any]]:
    """The kinds of one ask, each with the words that gave it, in `KINDS` order; a kind that
    another found kind absorbs is dropped (see `absorbs` in the cue file)."""
    table = cues()
    found: dict[str, list[str]] = {}
    for kind in KINDS:
        by_lang = table.kinds.get(kind, {})
        for code in _languages(by_lang, lang):
            for pattern in by_lang[code]:
                match = pattern.search(text)
                if match and match.group(0) not in found.get(kind, []):
                    found.setdefault(kind, []).append(match.group(0))
    for kind in list(found):
        for absorbed in table.absorbs.get(kind, ()):
            found.pop(absorbed, None)
    return [{"kind": k, "cues": found[k]} for k in KINDS if k in found]


def wants_territory(text: str, lang: str | None) -> str | None:
    """The words by which an ask wants figures below the national level, if it does."""
    by_lang = cues().territorial
    for code in _languages(by_lang, lang):
        words = _first_match(by_lang[code], text)
        if words:
            return words
    return None


def figure_dimensions(words: str | None) -> dict[str, str | None]:
    """The population and unit (notations of ontology/measures.ttl) of a figure's words:
    "mineurs" → minors, persons; "%" → percent. Both None when nothing matches."""
    for pattern, population, unit in cues().figure_units:
        if words and pattern.search(words):
            return {"population": population, "unit": unit}
    return {"population": None, "unit": None}


def ask_topics(
    extraction: dict[str, Any], question: dict[str, Any], known: set[str]
) -> list[dict[str, Any]]:
    """The topics of one ask, each with how it was found: a topic mention inside the ask's
    span, or a topic cue of the cue file."""
    found: dict[str, list[dict[str, Any]]] = {}
    for mention in extraction["mentions"]:
        inside = question["start"] <= mention["start"] and mention["end"] <= question["end"]
        iri = mention.get("iri") or ""
        if mention["kind"] == "topic" and inside and iri.startswith(TOPIC):
            notation = iri.removeprefix(TOPIC)
            if notation in known:
                found.setdefault(notation, []).append(
                    {"rule": "mention", "text": mention["text"], "start": mention["start"],
                     "end": mention["end"]}
                )  # fmt: skip
    for pattern, notations, why in cues().topics:
        match = pattern.search(question["text"])
        if match is None:
            continue
        for notation in notations:
            if notation in known:
                found.setdefault(notation, []).append(
                    {"rule": "keyword", "text": _short(match.group(0)),
                     "pattern": pattern.pattern, "why": why}
                )  # fmt: skip
    return [{"topic": n, "matched_by": how} for n, how in found.items()]


def _short(text: str) -> str:
    """A long keyword match ("moyens … réseaux") as its first and last words."""
    words = text.split()
    return text if len(words) <= 4 else f"{words[0]} … {words[-1]}"
